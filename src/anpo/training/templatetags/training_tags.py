from __future__ import annotations

from typing import Any

from django import template

from anpo.training.models import pick as pick_text

register = template.Library()


@register.simple_tag
def pick(pair: dict[str, str] | None, lang: str = "") -> Any:
    """The text of a {"ja", "en"} pair in ``lang`` (default: the active language)."""
    return pick_text(pair, lang or None)
