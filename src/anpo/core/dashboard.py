"""The home page is assembled from panels that each app registers.

A panel is a function ``(user) -> Panel | None``; it returns None when it has
nothing for this user. Apps register panels in their ``AppConfig.ready``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.functional import Promise

logger = logging.getLogger(__name__)


@dataclass
class PanelItem:
    text: str | Promise
    url: str = ""
    badge: str | Promise = ""
    urgent: bool = False


@dataclass
class Panel:
    title: str | Promise
    items: list[PanelItem] = field(default_factory=list)
    empty_text: str | Promise = ""
    link_url: str = ""
    link_text: str | Promise = ""
    order: int = 50


PanelFunc = Callable[[Any], Panel | None]
_panels: list[PanelFunc] = []


def register_panel(func: PanelFunc) -> PanelFunc:
    if func not in _panels:
        _panels.append(func)
    return func


def panels_for(user: Any) -> list[Panel]:
    """Every registered panel that has something for ``user``; one broken panel never breaks the home page."""
    built = []
    for func in _panels:
        try:
            panel = func(user)
        except Exception:
            if settings.DEBUG and getattr(settings, "ANPO_STRICT_PANELS", False):
                raise
            logger.exception("dashboard panel %s failed", getattr(func, "__qualname__", func))
            continue
        if panel is not None:
            built.append(panel)
    return sorted(built, key=lambda panel: panel.order)
