"""E-learning: courses -> modules -> lessons, question banks, attempts, completions,
certificates, assignments and reminders.

Course text is stored bilingually in ``*_ja`` / ``*_en`` column pairs; ``localized()``
picks the active language and falls back to the other one. Attempts, completions and
certificates are append-only evidence: they keep snapshots (questions served, titles,
names) so that later edits of a course never change what a past record says.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from anpo.accounts.roles import Role
from anpo.core.models import TimeStampedModel

LANGS = ("ja", "en")


def active_lang() -> str:
    return "en" if (get_language() or "ja").startswith("en") else "ja"


def other_lang(lang: str | None = None) -> str:
    return "ja" if (lang or active_lang()) == "en" else "en"


def pick(pair: dict[str, str] | None, lang: str | None = None) -> str:
    """The text of a ``{"ja": ..., "en": ...}`` pair in ``lang`` (active language by default)."""
    if not pair:
        return ""
    lang = lang or active_lang()
    return pair.get(lang) or pair.get(other_lang(lang)) or ""


class Bilingual(models.Model):
    """Mixin: ``obj.localized("title")`` reads ``title_ja``/``title_en`` in the active language."""

    class Meta:
        abstract = True

    def localized(self, name: str, lang: str | None = None) -> str:
        lang = lang or active_lang()
        return getattr(self, f"{name}_{lang}") or getattr(self, f"{name}_{other_lang(lang)}") or ""

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def title_other(self) -> str:
        return self.localized("title", other_lang())


class Course(Bilingual, TimeStampedModel):
    class Source(models.TextChoices):
        BUNDLED = "bundled", _("Bundled with anpo")
        AUTHORED = "authored", _("Written in anpo")
        IMPORTED = "imported", _("Imported package")
        SCORM = "scorm", _("SCORM package")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveIntegerField(_("order"), default=100)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_ja = models.TextField(_("summary (Japanese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=20)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=80)
    questions_per_attempt = models.PositiveSmallIntegerField(_("questions per attempt"), default=10)
    validity_days = models.PositiveIntegerField(_("validity (days)"), default=365)
    glossary = models.JSONField(_("glossary"), default=list, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.AUTHORED
    )
    is_published = models.BooleanField(_("published"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    @property
    def summary(self) -> str:
        return self.localized("summary")

    def lessons(self) -> models.QuerySet[Lesson]:
        """The course's current lessons in reading order (retired modules and lessons left out)."""
        return Lesson.objects.filter(
            module__course=self, module__is_active=True, is_active=True
        ).order_by("module__order", "order", "pk")

    def active_modules(self) -> models.QuerySet[Module]:
        return self.modules.filter(is_active=True)


class CourseVersion(models.Model):
    """A frozen snapshot of a course's content, one per content change."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["course", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="unique_course_version")
        ]

    def __str__(self) -> str:
        return f"{self.course.slug} v{self.number}"


class Module(Bilingual, models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    slug = models.SlugField(max_length=80)
    order = models.PositiveIntegerField(default=0)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    # Retired instead of deleted when learners' records (lesson progress) point at its lessons.
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["course", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="unique_module_slug")
        ]
        verbose_name = _("module")

    def __str__(self) -> str:
        return self.title


def _video_path(instance: Any, filename: str) -> str:
    return f"training/video/{instance.module.course.slug}/{filename}"


def _caption_path(instance: Any, filename: str) -> str:
    return f"training/captions/{instance.lesson.module.course.slug}/{instance.lesson.slug}-{instance.language}.vtt"


class Lesson(Bilingual, models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        VIDEO = "video", _("Video")
        SCENARIO = "scenario", _("Case scenario")
        SCORM = "scorm", _("SCORM package")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField(max_length=80)
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_ja = models.TextField(
        _("text (Japanese)"), blank=True, help_text=_("HTML; sanitised when saved.")
    )
    body_en = models.TextField(
        _("text (English)"), blank=True, help_text=_("HTML; sanitised when saved.")
    )
    scenario = models.JSONField(_("scenario"), null=True, blank=True)
    video_file = models.FileField(_("video file (MP4/WebM)"), upload_to=_video_path, blank=True)
    video_url = models.URLField(_("video URL"), blank=True)
    scorm_package = models.ForeignKey(
        "ScormPackage", null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    # Retired instead of deleted when learners' records (lesson progress, SCORM data) point at it.
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["module", "order", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title

    @property
    def course(self) -> Course:
        return self.module.course

    @property
    def body(self) -> str:
        return self.localized("body")

    @property
    def video_src(self) -> str:
        return self.video_file.url if self.video_file else self.video_url


class Caption(models.Model):
    """A WebVTT caption track of a video lesson; the interactive transcript is built from its cues."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(
        _("language"), max_length=8, choices=[("ja", "日本語"), ("en", "English")]
    )
    file = models.FileField(_("WebVTT file"), upload_to=_caption_path)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lesson", "language"], name="unique_caption_language")
        ]

    def __str__(self) -> str:
        return f"{self.lesson} ({self.language})"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True / false")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=40)
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SINGLE)
    text_ja = models.TextField(_("question (Japanese)"))
    text_en = models.TextField(_("question (English)"))
    explanation_ja = models.TextField(_("explanation (Japanese)"), blank=True)
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    # [{"key": "a", "text": {"ja": ..., "en": ...}, "correct": bool}, ...]
    choices = models.JSONField(_("choices"), default=list)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["course", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "key"], name="unique_question_key")
        ]
        verbose_name = _("question")

    def __str__(self) -> str:
        return f"{self.course.slug}:{self.key}"

    def as_snapshot(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "text": {"ja": self.text_ja, "en": self.text_en},
            "explanation": {"ja": self.explanation_ja, "en": self.explanation_en},
            "choices": [dict(c) for c in self.choices],
        }


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    first_seen_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    scenario_choice = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="unique_lesson_progress")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson}"


class QuizAttempt(models.Model):
    """One sitting of a course quiz. Immutable once submitted: the service refuses changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="attempts")
    course_version = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=8)
    questions = models.JSONField()  # snapshot of the questions served, in the order served
    answers = models.JSONField(default=dict)  # {"question key": ["choice key", ...]}
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # percent
    correct_count = models.PositiveSmallIntegerField(null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField()
    passed = models.BooleanField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("quiz attempt")

    def __str__(self) -> str:
        return f"{self.user} · {self.course.slug} · {self.started_at:%Y-%m-%d}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Completion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_completions"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    course_version = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    attempt = models.OneToOneField(
        QuizAttempt, null=True, blank=True, on_delete=models.PROTECT, related_name="completion"
    )
    completed_at = models.DateTimeField()
    valid_until = models.DateField()
    source = models.CharField(max_length=20, default="quiz")  # quiz / scorm / manual

    class Meta:
        ordering = ["-completed_at"]
        verbose_name = _("completion")
        # "The latest completion of this person for this course": validity checks and the reports.
        indexes = [
            models.Index(
                fields=["user", "course", "completed_at"], name="completion_user_course_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course.slug} · {self.completed_at:%Y-%m-%d}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    code = models.CharField(max_length=40, unique=True)
    completion = models.OneToOneField(
        Completion, on_delete=models.PROTECT, related_name="certificate"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_certificates"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    holder_name_ja = models.CharField(max_length=200)
    holder_name_en = models.CharField(max_length=200)
    course_title_ja = models.CharField(max_length=200)
    course_title_en = models.CharField(max_length=200)
    course_version = models.PositiveIntegerField()
    completed_on = models.DateField()
    valid_until = models.DateField()
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")

    def __str__(self) -> str:
        return self.code

    @property
    def holder_names_differ(self) -> bool:
        return bool(
            self.holder_name_ja
            and self.holder_name_en
            and self.holder_name_ja != self.holder_name_en
        )

    @property
    def holder_name(self) -> str:
        """The holder in both scripts when both exist, Japanese first: "山田 太郎 (Taro Yamada)"."""
        if self.holder_names_differ:
            return f"{self.holder_name_ja} ({self.holder_name_en})"
        return self.holder_name_ja or self.holder_name_en

    def status_on(self, day: dt.date) -> str:
        if self.revoked_at is not None:
            return self.Status.REVOKED
        return self.Status.VALID if day <= self.valid_until else self.Status.EXPIRED


class Assignment(TimeStampedModel):
    """A mandatory course for a role, an org unit (optionally with its subtree) or one person."""

    class Target(models.TextChoices):
        ROLE = "role", _("Everyone holding a role")
        UNIT = "unit", _("An organisational unit")
        USER = "user", _("A named person")

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("course")
    )
    target = models.CharField(_("assign to"), max_length=10, choices=Target.choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    include_subtree = models.BooleanField(_("include sub-units"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    due_date = models.DateField(_("due date"))
    validity_days = models.PositiveIntegerField(
        _("valid for (days)"),
        default=365,
        help_text=_("After this many days the course is due again."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assignment")

    def __str__(self) -> str:
        return f"{self.course.slug} → {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.target == self.Target.ROLE:
            return str(Role(self.role).label) if self.role else ""
        if self.target == self.Target.UNIT and self.org_unit is not None:
            return self.org_unit.name + (" +" if self.include_subtree else "")
        return str(self.user) if self.user else ""


class ReminderLog(models.Model):
    """One reminder e-mail sent; the unique constraint makes every reminder go out once per cycle."""

    class Kind(models.TextChoices):
        DUE_14 = "due_14", _("14 days before the due date")
        DUE_3 = "due_3", _("3 days before the due date")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", _("Escalated to the department manager")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_date = models.DateField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "user", "kind", "due_date"], name="unique_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.user} · {self.due_date}"


def _scorm_path(instance: Any, filename: str) -> str:
    return f"training/scorm/{filename}"


class ScormPackage(TimeStampedModel):
    class Version(models.TextChoices):
        SCORM12 = "1.2", "SCORM 1.2"
        SCORM2004 = "2004", "SCORM 2004"

    title = models.CharField(_("title"), max_length=200)
    version = models.CharField(_("SCORM version"), max_length=10, choices=Version.choices)
    identifier = models.CharField(max_length=200, blank=True)
    directory = models.CharField(max_length=200)  # under MEDIA_ROOT
    launch = models.CharField(max_length=500)  # relative path of the launch file
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.title


class ScormRecord(models.Model):
    """What a SCORM package reported for one learner (latest values; every commit is audited)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_records"
    )
    package = models.ForeignKey(ScormPackage, on_delete=models.CASCADE, related_name="records")
    lesson = models.ForeignKey(
        Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completion_status = models.CharField(max_length=30, blank=True)
    success_status = models.CharField(max_length=30, blank=True)
    score = models.FloatField(null=True, blank=True)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "package"], name="unique_scorm_record")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.package}"

    @property
    def is_complete(self) -> bool:
        return self.completion_status in {"completed", "passed"} or self.success_status == "passed"
