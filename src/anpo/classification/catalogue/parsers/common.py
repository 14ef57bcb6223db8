"""Helpers shared by the catalogue parsers: file hashing, dates and revision labels."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any, Final

from anpo.classification.catalogue.model import CatalogueParseError

MAX_SOURCE_BYTES: Final = 64 * 1024 * 1024
_DATE_RE: Final = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_REVISION_RE: Final = re.compile(
    r"((?:令和|平成|昭和)[〇一二三四五六七八九十元]+年[^\s_.「」()（）]{1,12}?第[〇一二三四五六七八九十百千]+号)"
)

# Known conversion defects (SOURCES.md of jp-law): a kanji written with a ruby reading was
# dropped. Each pair is (what the conversion left, the word it was), used only as extra
# search words of the flagged provisions; the displayed text stays as published.
RUBY_REPAIRS: Final = (
    ("、素", "砒素"),
    ("化インジウム", "砒化インジウム"),
    ("化ガリウム", "砒化ガリウム"),
    ("化アルミニウムガリウム", "砒化アルミニウムガリウム"),
    ("タリウム素", "砒素"),
    ("素酸チタニルカリウム", "砒酸チタニルカリウム"),
    ("青銅", "燐青銅"),
    ("、りん", "燐"),
    ("磁場配計", "磁場勾配計"),
    ("重力配計", "重力勾配計"),
    ("索式", "繋索式"),
    ("可性", "可撓性"),
    ("粉末金", "粉末冶金"),
    ("口疫", "口蹄疫"),
    ("炭菌", "炭疽菌"),
    ("実効射電力", "実効輻射電力"),
)

# The 輸出令別表第一 rows of the appendix JSON keep a ruby reading inline after its kanji
# (its meta says "strip ruby when displaying").
INLINE_RUBY: Final = (("燐りん", "燐"), ("砒ひ素", "砒素"), ("勾こう配", "勾配"))


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CatalogueParseError(
            f"cannot read the file ({exc.strerror})", source=str(path)
        ) from exc
    if size > MAX_SOURCE_BYTES:
        raise CatalogueParseError(
            f"the file is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB", source=str(path)
        )
    return path.read_bytes()


def sha256_of(*chunks: bytes) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(hashlib.sha256(chunk).digest())
    return digest.hexdigest()


def load_json(data: bytes, *, source: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise CatalogueParseError("the file is not UTF-8 text", source=source) from exc
    except json.JSONDecodeError as exc:
        raise CatalogueParseError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", source=source
        ) from exc


def decode_text(data: bytes, *, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueParseError("the file is not UTF-8 text", source=source) from exc


def find_date(text: str) -> dt.date | None:
    """The first ISO-like date in ``text`` (``2026-02-14`` or ``20260214``)."""
    for match in _DATE_RE.finditer(text or ""):
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def find_revision_label(text: str) -> str:
    """A revision label such as 令和七年経済産業省令第七十二号 in ``text`` (or "")."""
    match = _REVISION_RE.search(text or "")
    return match.group(1) if match else ""


def strip_inline_ruby(text: str) -> tuple[str, bool]:
    changed = False
    for written, kanji in INLINE_RUBY:
        if written in text:
            text = text.replace(written, kanji)
            changed = True
    return text, changed


def require(condition: bool, message: str, *, source: str) -> None:
    if not condition:
        raise CatalogueParseError(message, source=source)
