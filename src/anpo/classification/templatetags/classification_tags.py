"""Template helpers of the catalogue pages: highlighted law text and text diffs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from anpo.classification.catalogue.diff import TextOp
from anpo.classification.catalogue.search import split_highlight

register = template.Library()


@register.filter
def highlighted(pieces: Iterable[tuple[str, bool]]) -> SafeString:
    """``[(text, is_match), ...]`` as HTML with ``<mark>`` around the matches."""
    out = []
    for text, is_match in pieces:
        out.append(f"<mark>{escape(text)}</mark>" if is_match else str(escape(text)))
    return mark_safe("".join(out))


@register.filter
def highlight_words(text: str, words: Sequence[str]) -> SafeString:
    """``text`` with every occurrence of ``words`` marked (longest first, no overlaps)."""
    spans: list[tuple[int, int]] = []
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = text.find(word, end)
    return highlighted(split_highlight(text, sorted(spans)))


@register.filter
def text_ops(ops: Iterable[TextOp]) -> SafeString:
    """A text diff as ``<del>``/``<ins>`` markup."""
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(str(escape(op.old)))
            continue
        if op.old:
            out.append(f"<del>{escape(op.old)}</del>")
        if op.new:
            out.append(f"<ins>{escape(op.new)}</ins>")
    return mark_safe("".join(out))


@register.simple_tag
def entry_url(instrument_code: str, key: str, version_id: int | None = None) -> str:
    url = reverse("classification:entry", args=[instrument_code, key])
    return f"{url}?version={version_id}" if version_id else url


@register.filter
def quantity(q: object) -> str:
    """A quantity as ``0.8 µm`` (no trailing zeros)."""
    value = getattr(q, "value", None)
    unit = getattr(q, "unit", "")
    if value is None:
        return ""
    return f"{value:g} {unit}".strip()


@register.filter
def attribute(mapping: dict[str, str], name: str) -> str:
    return (mapping or {}).get(name, "")


@register.simple_tag
def instrument_badge(code: str, name: str) -> SafeString:
    return format_html('<span class="tag">{}</span>', name or code)
