"""Read-mostly admin for support; all changes go through the training pages and services."""

from django.contrib import admin

from anpo.training.models import (
    Assignment,
    Certificate,
    Completion,
    Course,
    CourseVersion,
    QuizAttempt,
    ReminderLog,
)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_ja", "title_en", "version", "source", "is_published"]
    readonly_fields = ["version", "content_hash"]


@admin.register(CourseVersion, QuizAttempt, Completion, Certificate, ReminderLog, Assignment)
class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
