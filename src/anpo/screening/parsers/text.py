"""Text helpers shared by the list parsers: cell cleaning, script detection, dates.

Cleaning is deliberately light: list names are kept as published (no case folding,
no transliteration); only things that are never meaningful in a name are changed
(control characters, invisible formatting characters, full-width ASCII forms and
the ideographic space, runs of blanks).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Longest text we keep from one cell. A longer value is not a name or a remark an
# officer would read; it is truncated (and the parser records a warning).
MAX_CELL_CHARS = 20_000
MAX_NAME_CHARS = 500

# C0/C1 controls except TAB and LF, plus invisible characters that have no place in a
# name and can hide a match (zero-width space, BOM, bidi embedding/override/isolate).
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
# Full-width ASCII forms (Ａ, （, ，, ０...) -> ASCII; ideographic space -> space.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_BLANKS_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f]+")


def clean_text(value: object, *, max_chars: int = MAX_CELL_CHARS) -> str:
    """Return ``value`` as tidy text: controls removed, blanks collapsed, lines kept.

    ``None`` becomes ``""``. Newlines are kept (several list formats use them as
    separators); each line is stripped and empty lines are dropped. The result is
    cut at ``max_chars``. Values that look like spreadsheet formulas (``=...``) are
    kept literally: parsers never evaluate anything.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if len(text) > max_chars * 2:
        text = text[: max_chars * 2]
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub("", text).translate(_FULLWIDTH)
    lines = (_BLANKS_RE.sub(" ", line).strip() for line in text.split("\n"))
    text = "\n".join(line for line in lines if line)
    return text[:max_chars].rstrip()


def clean_line(value: object, *, max_chars: int = MAX_CELL_CHARS) -> str:
    """Like :func:`clean_text` but joins all lines with a space (one-line values)."""
    return clean_text(value, max_chars=max_chars).replace("\n", " ")


def is_empty_marker(value: str) -> bool:
    """True for the placeholders lists use for 'no value' (``-0-``, ``不明``, ``n/a``...)."""
    return value.strip().casefold() in {
        "",
        "-0-",
        "-",
        "--",
        "n/a",
        "na",
        "none",
        "不明",
        "なし",
        "null",
    }


# --- scripts ---------------------------------------------------------------------------

_KANA_RE = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_HANGUL_RE = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_NON_LATIN_LETTER_RE = re.compile(
    r"[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0700-\u08ff"
    r"\u0900-\u0dff\u0e00-\u0eff\u10a0-\u10ff\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufb50-\ufdff\ufe70-\ufeff\U00020000-\U0002fa1f]"
)


def has_kana(text: str) -> bool:
    return _KANA_RE.search(text) is not None


def has_han(text: str) -> bool:
    return _HAN_RE.search(text) is not None


def has_hangul(text: str) -> bool:
    return _HANGUL_RE.search(text) is not None


def is_latin(text: str) -> bool:
    """True when ``text`` contains no letter from a non-Latin script."""
    return _NON_LATIN_LETTER_RE.search(text) is None


def guess_cjk_lang(text: str, country: str = "") -> str:
    """Language of a name written in CJK characters: ``ja``, ``ko`` or ``zh``.

    Kana means Japanese; hangul means Korean. For names in Chinese characters only,
    the country decides (KP/KR -> ko, CN/HK/MO/TW -> zh); otherwise ``ja`` (METI and
    MOF write them in Japanese kanji).
    """
    if has_kana(text):
        return "ja"
    if has_hangul(text):
        return "ko"
    if country in {"KP", "KR"}:
        return "ko"
    if country in {"CN", "HK", "MO", "TW"}:
        return "zh"
    return "ja"


# --- dates ---------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1850 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def excel_serial_to_date(serial: float) -> dt.date | None:
    """Excel's 1900 date system (serial 1 = 1900-01-01, with the 1900 leap-year bug)."""
    if not 1 <= serial <= 80_000:
        return None
    return dt.date(1899, 12, 30) + dt.timedelta(days=int(serial))


def date_value_to_iso(value: object) -> list[str]:
    """ISO dates from a spreadsheet cell: datetime, Excel serial number, or text."""
    if value is None:
        return []
    if isinstance(value, dt.datetime):
        return [value.date().isoformat()]
    if isinstance(value, dt.date):
        return [value.isoformat()]
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        day = excel_serial_to_date(float(value))
        return [day.isoformat()] if day else []
    return dates_in_text(clean_line(value))


_JP_DATE_RE = re.compile(r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?")
_ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_DMY_SLASH_RE = re.compile(r"\b(\d{1,2}|dd)/(\d{1,2}|mm)/(\d{4})\b", re.IGNORECASE)
_DMONY_RE = re.compile(r"\b(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?\s+(\d{4})\b")
_YEAR_RE = re.compile(r"(?<![\d/.-])(1[89]\d\d|20\d\d)(?![\d/-])")


def dates_in_text(text: str) -> list[str]:
    """Every date found in free text, as ISO 8601 (possibly partial), in order, unique.

    Understands ``1941年8月20日`` / ``1970年``, ``1973-03-25``, ``dd/mm/yyyy`` (the UK
    and EU day-first convention; ``dd``/``mm`` placeholders give the year only),
    ``10 Dec 1948`` / ``Dec 1948``, and bare years (``circa 1955``, ``1960 to 1962``).
    """
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], iso: str | None) -> None:
        if iso:
            found.append((match.start(), iso))
        taken.append(match.span())

    for m in _JP_DATE_RE.finditer(text):
        add(m, _iso(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None))
    for m in _ISO_DATE_RE.finditer(text):
        add(m, _iso(int(m[1]), int(m[2]), int(m[3]) if m[3] else None))
    for m in _DMY_SLASH_RE.finditer(text):
        day = None if m[1].lower() == "dd" else int(m[1])
        month = None if m[2].lower() == "mm" else int(m[2])
        add(m, _iso(int(m[3]), month, day if month else None))
    for m in _DMONY_RE.finditer(text):
        month = _MONTHS.get(m[2].lower())
        if month is None:
            continue
        add(m, _iso(int(m[3]), month, int(m[1]) if m[1] else None))
    for m in _YEAR_RE.finditer(text):
        if any(start <= m.start() < end for start, end in taken):
            continue
        add(m, _iso(int(m[1])))
    seen: set[str] = set()
    out: list[str] = []
    for _, iso in sorted(found):
        if iso not in seen:
            seen.add(iso)
            out.append(iso)
    return out


_FILE_DATE_RE = re.compile(r"(?<!\d)(20\d\d)[-_]?([01]\d)[-_]?([0-3]\d)(?!\d)")


def date_from_filename(name: str) -> dt.date | None:
    """The full date in a file name such as ``20250929_4.xlsx`` or ``eu_2026-05-01.jsonl``."""
    for m in _FILE_DATE_RE.finditer(name):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
    return None


def parse_iso_date(value: str) -> dt.date | None:
    """``YYYY-MM-DD`` (optionally followed by a time) -> date; anything else -> None."""
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value or "")
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


# --- names that bundle notes or spelling variants ------------------------------------------

_NOTE_WORDS = re.compile(
    r"listed as|\bDOB\b|\bPOB\b|\bborn\b|passport|nationality|identity|birth name|"
    r"in arabic|\bson of\b|\bdaughter of\b|息子|娘|旅券|生まれ|生年|出生|発行|国籍|旧姓",
    re.IGNORECASE,
)
_TRAILING_PAREN = re.compile(
    r"\s*[(（](?P<inner>[^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*)[)）]+\s*$"
)
_BORN_TAIL = re.compile(
    r"\s*(?:(?:,\s*|\s+)(?:born\b|DOB\s*:|b\.\s*\d)|[、,]\s*\d{4}年.*(?:出生|生まれ)).*$",
    re.IGNORECASE,
)
_WORD_VARIANTS = re.compile(r"(?P<word>[^\W\d_][\w'’.\-]*)\s?\((?P<alts>[^()]+)\)")


def _similar_word(a: str, b: str, cutoff: float) -> bool:
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a.casefold(), b.casefold()) >= cutoff


def split_name_variants(value: str, *, limit: int = 6) -> list[str]:
    """One published name -> the names it stands for.

    * notes inside the name are dropped: "Mohamed Aouani, born 5 Feb. 1970 in Tunis
      (formerly listed as)" -> "Mohamed Aouani"; "アブドゥル・ハク(M. アンワル・カーンの
      息子、…旅券番号…)" -> "アブドゥル・ハク";
    * spelling variants written after a word in brackets are expanded into separate
      names: "Yevgeniy(Yevhen/ Evgeny) MIKHAYLOV(MYKHAYLOV)" -> "Yevgeniy MIKHAYLOV",
      "Yevhen MYKHAYLOV", "Evgeny MIKHAYLOV" (at most ``limit`` names). A bracket whose
      words do not resemble the word before it (an acronym, a translation) is kept.
    """
    text = value.strip()
    while True:
        match = _TRAILING_PAREN.search(text)
        if match is None or not _NOTE_WORDS.search(match["inner"]) or match.start() == 0:
            break
        text = text[: match.start()].rstrip(" ,;")
    born = _BORN_TAIL.search(text)
    if born is not None and born.start() > 0:
        text = text[: born.start()].rstrip(" ,;")
    slots: list[tuple[int, int, list[str]]] = []
    for match in _WORD_VARIANTS.finditer(text):
        word = match["word"]
        alts = [a.strip() for a in re.split(r"[/,、]", match["alts"]) if a.strip()]
        kana = has_kana(word)
        if alts and all(
            (has_kana(a) if kana else is_latin(a)) and " " not in a and _similar_word(word, a, 0.4)
            for a in alts
        ):
            slots.append((match.start(), match.end(), [word, *alts]))
    if not slots:
        return [text] if text else []

    def render(choice: list[int]) -> str:
        out: list[str] = []
        pos = 0
        for (start, end, options), pick in zip(slots, choice, strict=True):
            out.append(text[pos:start])
            out.append(options[pick])
            pos = end
        out.append(text[pos:])
        return " ".join("".join(out).split())

    names = [render([0] * len(slots))]
    width = max(len(options) for _s, _e, options in slots)
    for k in range(1, width):  # the k-th variant of every word together
        names.append(render([min(k, len(o) - 1) for _s, _e, o in slots]))
    for i, (_s, _e, options) in enumerate(slots):  # one word's variant at a time
        for k in range(1, len(options)):
            names.append(render([k if j == i else 0 for j in range(len(slots))]))
    return list(dict.fromkeys(n for n in names if n))[:limit]
