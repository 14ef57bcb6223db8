"""Reader preferences (accessibility toolbar): font size, contrast, furigana.

Signed-in users keep them on their account; anonymous readers in a cookie.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

COOKIE_NAME = "anpo_prefs"
FONT_SIZES = {"standard": _("Standard"), "large": _("Large"), "x-large": _("Extra large")}
CONTRASTS = {"standard": _("Standard"), "high": _("High contrast")}


@dataclass(frozen=True)
class Preferences:
    font_size: str = "standard"
    contrast: str = "standard"
    furigana: bool = False

    def cookie_value(self) -> str:
        return f"{self.font_size}|{self.contrast}|{int(self.furigana)}"


def parse(*, font_size: str | None, contrast: str | None, furigana: object) -> Preferences:
    """Build preferences from untrusted input, falling back to defaults on anything unknown."""
    return Preferences(
        font_size=font_size if font_size in FONT_SIZES else "standard",
        contrast=contrast if contrast in CONTRASTS else "standard",
        furigana=str(furigana) in {"1", "true", "on", "True"},
    )


def preferences_for(request: HttpRequest) -> Preferences:
    cached = getattr(request, "_anpo_prefs", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        prefs = parse(font_size=user.font_size, contrast=user.contrast, furigana=user.furigana)
    else:
        raw = request.COOKIES.get(COOKIE_NAME, "")
        font_size, contrast, furigana = ([*raw.split("|"), "", "", ""])[:3]
        prefs = parse(font_size=font_size, contrast=contrast, furigana=furigana)
    request._anpo_prefs = prefs  # type: ignore[attr-defined]
    return prefs


def remember(response: HttpResponse, prefs: Preferences) -> None:
    response.set_cookie(
        COOKIE_NAME, prefs.cookie_value(), max_age=60 * 60 * 24 * 365, samesite="Lax"
    )
