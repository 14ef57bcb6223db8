"""Template filters for screening pages: readable explanation labels."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from anpo.screening.labels import FACTOR_LABELS, METHOD_LABELS, NAME_KIND_LABELS
from anpo.screening.parsers import SOURCES

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


@register.filter
def source_label(key: str) -> str:
    """``meti-eul`` -> 外国ユーザーリスト (Japanese) / METI End User List (外国ユーザーリスト) (English)."""
    spec = SOURCES.get(key)
    if spec is None:
        return key
    return spec.label if (get_language() or "ja").startswith("en") else spec.label_ja
