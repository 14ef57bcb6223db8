"""Forms of the training app (validation only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anpo.accounts.models import OrgUnit, User
from anpo.accounts.roles import Role
from anpo.training.models import Assignment, Course, Lesson, Module, Question


class DateInput(forms.DateInput):
    input_type = "date"


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.filter(is_published=True)
    )
    target = forms.ChoiceField(
        label=_("Assign to"), choices=Assignment.Target.choices, widget=forms.RadioSelect
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", "---------"), *Role.choices], required=False
    )
    org_unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=OrgUnit.objects.filter(is_active=True), required=False
    )
    include_subtree = forms.BooleanField(label=_("Include sub-units"), required=False, initial=True)
    user = forms.ModelChoiceField(
        label=_("Person"), queryset=User.objects.filter(is_active=True), required=False
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput)
    validity_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=3650,
        initial=365,
        help_text=_("After this many days the course is due again (annual refresh: 365)."),
    )

    def clean_due_date(self) -> Any:
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        target = data.get("target")
        if target == Assignment.Target.ROLE and not data.get("role"):
            self.add_error("role", _("Choose a role."))
        if target == Assignment.Target.UNIT and not data.get("org_unit"):
            self.add_error("org_unit", _("Choose a unit."))
        if target == Assignment.Target.USER and not data.get("user"):
            self.add_error("user", _("Choose a person."))
        return data


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "slug",
            "title_ja",
            "title_en",
            "summary_ja",
            "summary_en",
            "order",
            "estimated_minutes",
            "pass_mark",
            "questions_per_attempt",
            "validity_days",
            "is_published",
        ]
        widgets = {
            "summary_ja": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_pass_mark(self) -> int:
        value = self.cleaned_data["pass_mark"]
        if not 1 <= value <= 100:
            raise forms.ValidationError(_("Enter a percentage between 1 and 100."))
        return value


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["slug", "title_ja", "title_en", "order"]


def _pair_ok(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(value.get(k), str) and value[k].strip() for k in ("ja", "en")
    )


def _scenario_is_valid(scenario: Any) -> bool:
    if (
        not isinstance(scenario, dict)
        or not _pair_ok(scenario.get("prompt"))
        or not _pair_ok(scenario.get("explanation"))
    ):
        return False
    options = scenario.get("options")
    if not isinstance(options, list) or not 2 <= len(options) <= 4:
        return False
    keys = [o.get("key") for o in options if isinstance(o, dict)]
    return (
        len(keys) == len(options) == len(set(keys))
        and all(isinstance(k, str) and k for k in keys)
        and all(_pair_ok(o.get("text")) and _pair_ok(o.get("feedback")) for o in options)
        and sum(1 for o in options if o.get("correct") is True) == 1
    )


class LessonForm(forms.ModelForm):
    module = forms.ModelChoiceField(label=_("Module"), queryset=Module.objects.none())
    captions_ja = forms.FileField(label=_("Captions, Japanese (.vtt)"), required=False)
    captions_en = forms.FileField(label=_("Captions, English (.vtt)"), required=False)

    class Meta:
        model = Lesson
        fields = [
            "module",
            "slug",
            "order",
            "kind",
            "title_ja",
            "title_en",
            "body_ja",
            "body_en",
            "scenario",
            "video_file",
            "video_url",
        ]
        widgets = {
            "body_ja": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
            "scenario": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "scenario": _(
                'Case scenarios only, as JSON: {"prompt": {"ja": "…", "en": "…"}, "options": [{"key": "a", '
                '"text": {"ja": "…", "en": "…"}, "correct": true, "feedback": {"ja": "…", "en": "…"}}, …], '
                '"explanation": {"ja": "…", "en": "…"}}'
            )
        }

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = course.active_modules()
        self.fields["kind"].choices = [c for c in Lesson.Kind.choices if c[0] != Lesson.Kind.SCORM]

    def clean_video_file(self) -> Any:
        upload = self.cleaned_data.get("video_file")
        if (
            upload
            and hasattr(upload, "name")
            and not upload.name.lower().endswith((".mp4", ".webm"))
        ):
            raise forms.ValidationError(_("Upload an MP4 or WebM file."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == Lesson.Kind.SCENARIO and not _scenario_is_valid(
            data.get("scenario")
        ):
            self.add_error(
                "scenario",
                _(
                    "A scenario needs a bilingual prompt and explanation and 2-4 bilingual options with feedback, exactly one of them correct."
                ),
            )
        for name in ("captions_ja", "captions_en"):
            upload = data.get(name)
            if upload and not upload.name.lower().endswith(".vtt"):
                self.add_error(name, _("Upload a WebVTT (.vtt) file."))
        return data


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Choices"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One choice per line: Japanese | English. Start a correct choice with *. Example: *該当する | Controlled"
        ),
    )

    class Meta:
        model = Question
        fields = [
            "key",
            "kind",
            "text_ja",
            "text_en",
            "explanation_ja",
            "explanation_en",
            "is_active",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ["text_ja", "text_en", "explanation_ja", "explanation_en"]
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["choices_text"] = "\n".join(
                ("*" if c.get("correct") else "")
                + f"{c['text'].get('ja', '')} | {c['text'].get('en', '')}"
                for c in self.instance.choices
            )

    def clean_choices_text(self) -> list[dict[str, Any]]:
        choices = []
        for index, line in enumerate(
            row for row in self.cleaned_data["choices_text"].splitlines() if row.strip()
        ):
            correct = line.lstrip().startswith("*")
            text = line.strip().lstrip("*").strip()
            ja, _sep, en = text.partition("|")
            if not ja.strip() or not en.strip():
                raise forms.ValidationError(
                    _("Every choice needs a Japanese and an English text separated by |.")
                )
            choices.append(
                {
                    "key": "abcdefghijklmnopqrstuvwxyz"[index],
                    "text": {"ja": ja.strip(), "en": en.strip()},
                    "correct": correct,
                }
            )
        if len(choices) < 2:
            raise forms.ValidationError(_("Give at least two choices."))
        return choices


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Zip file"))
