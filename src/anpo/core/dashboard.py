"""The home page is assembled from panels that each app registers.

A panel is a function ``(user) -> Panel | None``; it returns None when it has
nothing for this user. Apps register panels in their ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


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
    built = [panel for func in _panels if (panel := func(user)) is not None]
    return sorted(built, key=lambda panel: panel.order)
