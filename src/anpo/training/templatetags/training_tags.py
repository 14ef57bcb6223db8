from __future__ import annotations

import re
from html import escape
from typing import Any

from django import template
from django.utils.safestring import mark_safe

from anpo.training.models import pick as pick_text

register = template.Library()


@register.simple_tag
def pick(pair: dict[str, str] | None, lang: str = "") -> Any:
    """The text of a {"ja", "en"} pair in ``lang`` (default: the active language)."""
    return pick_text(pair, lang or None)


_KANJI = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
_KANJI_RUN = re.compile(f"[{_KANJI}]+")
_RUNS = re.compile(f"[{_KANJI}]+|[^{_KANJI}]+")


def _ruby(base: str, reading: str) -> str:
    return f"<ruby>{escape(base)}<rp>(</rp><rt>{escape(reading)}</rt><rp>)</rp></ruby>"


def glossary_ruby_html(term: str, reading: str) -> str:
    """A glossary term with ruby over its kanji only.

    The bundled glossary writes a reading as hiragana for the kanji and keeps the term's own
    kana as written (「インフォーム要件」 → 「インフォームようけん」), so katakana never gets a
    hiragana reading. A term without kanji has an empty reading and no ruby. A reading that does
    not line up with the term (an authored course may hold any text) goes over the whole term.
    """
    if not reading or not _KANJI_RUN.search(term):
        return escape(term)
    runs = _RUNS.findall(term)
    pattern = "".join(
        f"([ぁ-ゖー]{{{len(run)},}}?)" if _KANJI_RUN.fullmatch(run) else re.escape(run)
        for run in runs
    )
    match = re.fullmatch(pattern, reading)
    if match is None:
        return _ruby(term, reading)
    readings = iter(match.groups())
    return "".join(
        _ruby(run, next(readings)) if _KANJI_RUN.fullmatch(run) else escape(run) for run in runs
    )


@register.simple_tag
def glossary_ruby(term: str, reading: str) -> str:
    return mark_safe(glossary_ruby_html(term or "", reading or ""))
