"""Interactive transcripts built from WebVTT caption cues (webvtt-py)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    start_label: str  # mm:ss
    text: str


def _seconds(stamp: str) -> float:
    parts = [float(p) for p in stamp.replace(",", ".").split(":")]
    while len(parts) < 3:
        parts.insert(0, 0.0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def cues_from_vtt(text: str) -> list[Cue]:
    import webvtt  # imported on first use: it costs ~0.1 s at start-up and only captions need it

    cues = []
    for caption in webvtt.from_buffer(io.StringIO(text)):
        seconds = _seconds(caption.start)
        plain = _TAG.sub("", caption.text).replace("\n", " ").strip()
        if plain:
            cues.append(Cue(seconds, f"{int(seconds // 60):02d}:{int(seconds % 60):02d}", plain))
    return cues


def transcript_cues(caption: Any) -> list[Cue]:
    """Cues of a ``Caption`` (empty when there is none or the file is unreadable)."""
    if caption is None or not caption.file:
        return []
    try:
        with caption.file.open("rb") as handle:
            return cues_from_vtt(handle.read().decode("utf-8-sig"))
    except Exception:  # a broken upload must not break the lesson page; the video still plays
        return []
