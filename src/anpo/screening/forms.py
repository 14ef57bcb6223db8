"""Forms of the screening pages (validation only; services do the work)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from anpo.screening.models import Disposition, EntityType, Party
from anpo.screening.parsers import SOURCES
from anpo.screening.queries import clean_name
from anpo.screening.templatetags.screening_tags import source_label

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")


def _source_label(key: str) -> str:
    return source_label(key)


def _check_size(upload: Any, limit: int | None = None) -> Any:
    limit = limit or settings.ANPO_MAX_UPLOAD_BYTES
    if upload is not None and upload.size > limit:
        raise forms.ValidationError(
            _("The file is too large (%(size)s MB; at most %(max)s MB).")
            % {"size": round(upload.size / 1048576, 1), "max": round(limit / 1048576, 1)}
        )
    return upload


class CleanNameMixin:
    def clean_name(self) -> str:
        name = clean_name(self.cleaned_data.get("name", ""))  # type: ignore[attr-defined]
        if not name:
            raise forms.ValidationError(_("Enter a name."))
        return name

    def clean_country(self) -> str:
        value = (self.cleaned_data.get("country") or "").strip()  # type: ignore[attr-defined]
        if value and not _COUNTRY_RE.match(value):
            raise forms.ValidationError(_("Use a two-letter ISO country code, for example CN."))
        return value.upper()

    def clean_birth_date(self) -> str:
        value = (self.cleaned_data.get("birth_date") or "").strip()  # type: ignore[attr-defined]
        if value and not _DATE_RE.match(value):
            raise forms.ValidationError(_("Use YYYY, YYYY-MM or YYYY-MM-DD."))
        return value


class SearchForm(CleanNameMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=500,
        help_text=_("Any script: Latin, kanji, katakana, Cyrillic, Arabic..."),
    )
    kind = forms.ChoiceField(
        label=_("Type"), choices=EntityType.choices, initial=EntityType.UNKNOWN
    )
    country = forms.CharField(
        label=_("Country (ISO code)"),
        max_length=2,
        required=False,
        help_text=_("Optional. Two letters, for example CN."),
    )
    birth_date = forms.CharField(
        label=_("Date of birth"),
        max_length=10,
        required=False,
        help_text=_("Optional. YYYY, YYYY-MM or YYYY-MM-DD."),
    )


class PartyForm(CleanNameMixin, forms.ModelForm):
    class Meta:
        model = Party
        fields = (
            "kind",
            "name",
            "other_names",
            "name_original",
            "country",
            "birth_date",
            "relationship",
            "notes",
            "is_active",
        )
        widgets = {
            "other_names": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class SavePartyForm(forms.Form):
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Party.Relationship.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class DispositionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Disposition.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_(
            "Required for a false positive: why is this not the listed party (different date of birth, country, field...)?"
        ),
    )
    attachment = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("At most 10 MB, e.g. a CV or a web page saved as PDF."),
    )

    def clean_attachment(self) -> Any:
        return _check_size(
            self.cleaned_data.get("attachment"),
            min(10 * 1024 * 1024, settings.ANPO_MAX_UPLOAD_BYTES),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("decision") == Disposition.Decision.FALSE_POSITIVE
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give the reason why this is not the listed party."))
        return data


class BatchUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns: id, name, and optionally type, country, birth_date."),
    )

    def clean_file(self) -> Any:
        upload = _check_size(self.cleaned_data.get("file"))
        if upload is not None and not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class PartyImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: name (required) and optionally id, type, country, birth_date, relationship, notes, other_names "
            "(separated by ;), name_original. The file is checked first; nothing is created until you confirm."
        ),
    )

    def clean_file(self) -> Any:
        upload = _check_size(self.cleaned_data.get("file"))
        if upload is not None and not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files (Django's documented pattern for ``<input type=file multiple>``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class ListImportForm(forms.Form):
    source = forms.ChoiceField(label=_("List"), choices=[])
    files = MultipleFileField(
        label=_("List file(s)"),
        help_text=_(
            "The file as published (XLSX, XML, CSV...). For a list published as several files (OFAC legacy CSV: "
            "sdn, add, alt, comments) select all of them or upload one zip. For the internal watch list a CSV or "
            "XLSX with the columns id,name,type,aliases,native_names,country,birth_date,remarks,programs."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(key, _source_label(key)) for key in SOURCES]
        self.fields["source"].initial = "internal"

    def clean_files(self) -> list[Any]:
        uploads = self.cleaned_data.get("files") or []
        total = sum(u.size for u in uploads)
        limit = settings.ANPO_MAX_UPLOAD_BYTES
        if total > limit:
            raise forms.ValidationError(
                _("The files are too large (%(size)s MB; at most %(max)s MB in all).")
                % {"size": round(total / 1048576, 1), "max": round(limit / 1048576, 1)}
            )
        return uploads


class QueueFilterForm(forms.Form):
    source = forms.ChoiceField(label=_("List"), required=False, choices=[])
    min_score = forms.FloatField(label=_("Minimum score"), required=False, min_value=0, max_value=1)
    party = forms.CharField(label=_("Party or name"), required=False, max_length=200)
    alerts = forms.BooleanField(label=_("Alerts only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            ("", _("All lists")),
            *((key, _source_label(key)) for key in SOURCES),
        ]
