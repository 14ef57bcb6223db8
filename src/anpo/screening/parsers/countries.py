"""Country names (English and Japanese, as the lists spell them) -> ISO 3166-1 alpha-2.

The table lives in ``countries.txt`` next to this module (data, not code).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

_PUNCT_RE = re.compile(r"[^\w]+")


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"^the\s+", "", text.strip())
    return _PUNCT_RE.sub("", text)


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    english: dict[str, str] = {}
    japanese: dict[str, str] = {}
    codes: set[str] = set()
    data = resources.files(__package__).joinpath("countries.txt").read_text(encoding="utf-8")
    for line in data.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, en, ja = line.split("\t")
        codes.add(code)
        for name in en.split("|"):
            english.setdefault(_key(name), code)
        for name in ja.split("|"):
            japanese.setdefault(unicodedata.normalize("NFKC", name), code)
    return english, japanese, frozenset(codes)


def iso_codes() -> frozenset[str]:
    return _tables()[2]


def country_code(name: str) -> str:
    """ISO-2 code for an English/Japanese country name or an ISO-2 code; ``""`` if unknown."""
    if not name:
        return ""
    english, japanese, codes = _tables()
    stripped = name.strip()
    if stripped in codes:
        return stripped
    if len(stripped) == 2 and stripped.islower():
        return ""  # lists write "na" for "not available" (not Namibia); codes are upper case
    code = english.get(_key(stripped))
    if code:
        return code
    return japanese.get(unicodedata.normalize("NFKC", stripped).replace(" ", ""), "")


def country_code_ja_prefix(text: str) -> str:
    """ISO-2 code of the Japanese country name ``text`` starts with (``スーダン人（生まれ）``)."""
    _, japanese, _ = _tables()
    text = unicodedata.normalize("NFKC", text).strip()
    best, found = "", ""
    for name, code in japanese.items():
        if text.startswith(name) and len(name) > len(best):
            best, found = name, code
    return found


@cache
def _english_variants() -> tuple[tuple[str, str], ...]:
    data = resources.files(__package__).joinpath("countries.txt").read_text(encoding="utf-8")
    pairs: list[tuple[str, str]] = []
    for line in data.splitlines():
        if line.strip() and not line.startswith("#"):
            code, en, _ = line.split("\t")
            pairs.extend((variant, code) for variant in en.split("|"))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def split_country_prefix(text: str) -> tuple[str, str]:
    """``"People's Republic of China Abascience Tech"`` -> ``("CN", "Abascience Tech")``.

    Returns ``("", text)`` when ``text`` does not start with a known English country name.
    """
    folded = text.casefold()
    for variant, code in _english_variants():
        if len(variant) > 3 and folded.startswith(variant.casefold() + " "):
            return code, text[len(variant) :].strip()
    return "", text
