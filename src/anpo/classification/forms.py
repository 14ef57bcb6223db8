"""Forms of the catalogue pages (validation only)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from anpo.classification.models import Instrument

MAX_QUERY = 500
MAX_DESCRIPTION = 5000
MAX_PARAMETERS = 30


def _instrument_choices() -> list[tuple[str, str]]:
    return [("", _("All lists"))] + [
        (i.code, i.name) for i in Instrument.objects.order_by("position")
    ]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the lists"),
        max_length=MAX_QUERY,
        required=False,
        help_text=_(
            "A 項番 (7の項(1), 2の項（41）3), an ECCN (3A001), an article (第六条第一号), words in Japanese or English, or parameters (40 GHz, 5軸, 0.8 µm)."
        ),
    )
    instrument = forms.ChoiceField(label=_("List"), required=False, choices=())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["instrument"].choices = _instrument_choices()  # type: ignore[attr-defined]


_PARAMETER_LINE = re.compile(r"^\s*(?P<name>[^:：=]+?)\s*[:：=]\s*(?P<value>.+?)\s*$")


class SuggestForm(forms.Form):
    KIND_CHOICES = (
        ("goods", _("Goods (貨物)")),
        ("technology", _("Technology (技術)")),
        ("", _("Both")),
    )
    description = forms.CharField(
        label=_("Describe the item"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What it is and what it does, in Japanese or English, as you would tell a colleague."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False, initial="goods")
    parameters = forms.CharField(
        label=_("Parameters (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line as name: value, e.g. 最大周波数: 40 GHz or positioning accuracy: 0.8 µm."
        ),
    )

    def clean_parameters(self) -> dict[str, str]:
        text = self.cleaned_data.get("parameters") or ""
        values: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            match = _PARAMETER_LINE.match(line)
            if match is None:
                raise forms.ValidationError(
                    _("Line %(n)s is not 'name: value'.") % {"n": number}, code="parameter_line"
                )
            values[match.group("name")[:200]] = match.group("value")[:200]
            if len(values) > MAX_PARAMETERS:
                raise forms.ValidationError(
                    _("At most %(n)s parameters.") % {"n": MAX_PARAMETERS}, code="too_many"
                )
        return values


class DiffForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Older version"), coerce=int, choices=())
    new = forms.TypedChoiceField(label=_("Newer version"), coerce=int, choices=())

    def __init__(self, *args: object, versions: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["old"].choices = versions  # type: ignore[attr-defined]
        self.fields["new"].choices = versions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("old") is not None and data.get("old") == data.get("new"):
            raise forms.ValidationError(_("Choose two different versions."), code="same")
        return data
