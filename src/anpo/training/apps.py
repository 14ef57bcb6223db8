from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "anpo.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from anpo.core.dashboard import register_panel
        from anpo.core.scheduler import register_periodic
        from anpo.training.dashboard import training_panel
        from anpo.training.tasks import reminders_task

        register_panel(training_panel)
        register_periodic("training.reminders", timedelta(hours=6), reminders_task)

    def demo_load(self) -> None:
        """Bundled courses and an assignment of the first course to the demo researcher (idempotent)."""
        from django.utils import timezone

        from anpo.accounts.models import User
        from anpo.training.models import Assignment, Course
        from anpo.training.services import assignment_create, load_bundled_content

        load_bundled_content()
        researcher = User.objects.filter(username="researcher", is_demo=True).first()
        officer: Any = User.objects.filter(username="officer", is_demo=True).first()
        course = Course.objects.filter(slug="why-export-control").first()
        if researcher is None or course is None:
            return
        if not Assignment.objects.filter(
            course=course, target=Assignment.Target.USER, user=researcher
        ).exists():
            assignment_create(
                acting_user=officer,
                course=course,
                target=Assignment.Target.USER,
                user=researcher,
                due_date=timezone.localdate() + timedelta(days=30),
                validity_days=365,
            )
