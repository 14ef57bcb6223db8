from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from anpo.core.preferences import CONTRASTS, FONT_SIZES, preferences_for


def anpo(request: HttpRequest) -> dict[str, Any]:
    return {
        "prefs": preferences_for(request),
        "font_sizes": FONT_SIZES,
        "contrasts": CONTRASTS,
    }
