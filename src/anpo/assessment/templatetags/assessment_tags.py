"""``{% determination det %}``: render a rule-engine determination with the shared partial."""

from __future__ import annotations

from django import template

from anpo.assessment.display import present
from anpo.rules.types import Determination

register = template.Library()


@register.inclusion_tag("assessment/_determination.html")
def determination(det: Determination, heading_level: int = 2) -> dict[str, object]:
    """The determination's labelled view; ``heading_level`` fits it into the page's outline."""
    level = min(max(int(heading_level), 1), 5)
    return {"view": present(det), "h": level, "h2": level + 1}
