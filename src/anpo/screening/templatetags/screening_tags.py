"""Template filters for screening pages: readable explanation labels."""

from __future__ import annotations

from django import template

from anpo.screening.labels import FACTOR_LABELS, METHOD_LABELS, NAME_KIND_LABELS

register = template.Library()


@register.filter
def factor_label(code: str) -> str:
    return str(FACTOR_LABELS.get(code, code))


@register.filter
def method_label(code: str) -> str:
    return str(METHOD_LABELS.get(code, code))


@register.filter
def name_kind_label(code: str) -> str:
    return str(NAME_KIND_LABELS.get(code, code))


@register.filter
def signed(value: float) -> str:
    """+0.03 / −0.19 (a real minus sign)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return f"+{number:.2f}" if number >= 0 else f"−{abs(number):.2f}"
