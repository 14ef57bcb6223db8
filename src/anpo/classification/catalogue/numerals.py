"""Japanese numerals as the law writes them, turned into ASCII numbers.

The 貨物等省令 writes quantities digit by digit in kanji with 、 as the thousands separator
and ・ as the decimal point (〇・〇〇一一 = 0.0011, 五、〇〇〇 = 5000); article, paragraph
and item numbers use the traditional form (二十一, 十の二). ``kanji_to_number`` reads both;
``number_label`` turns 号 labels such as 十の二 into the ids the ordinance tree uses
(``10_2``).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Final

DIGITS: Final = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS: Final = {"十": 10, "百": 100, "千": 1000}
LARGE_UNITS: Final = {"万": 10_000, "億": 100_000_000}
NUMERAL_CHARS: Final = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(LARGE_UNITS)

# Iroha order used for イ, ロ, ハ ... sub-items, with the ids the ordinance tree uses.
IROHA: Final = (
    ("イ", "i"),
    ("ロ", "ro"),
    ("ハ", "ha"),
    ("ニ", "ni"),
    ("ホ", "ho"),
    ("ヘ", "he"),
    ("ト", "to"),
    ("チ", "chi"),
    ("リ", "ri"),
    ("ヌ", "nu"),
    ("ル", "ru"),
    ("ヲ", "wo"),
    ("ワ", "wa"),
    ("カ", "ka"),
    ("ヨ", "yo"),
    ("タ", "ta"),
    ("レ", "re"),
    ("ソ", "so"),
    ("ツ", "tsu"),
    ("ネ", "ne"),
    ("ナ", "na"),
    ("ラ", "ra"),
    ("ム", "mu"),
    ("ウ", "u"),
    ("ヰ", "wi"),
    ("ノ", "no"),
    ("オ", "o"),
    ("ク", "ku"),
    ("ヤ", "ya"),
    ("マ", "ma"),
    ("ケ", "ke"),
    ("フ", "fu"),
    ("コ", "ko"),
    ("エ", "e"),
    ("テ", "te"),
    ("ア", "a"),
    ("サ", "sa"),
    ("キ", "ki"),
    ("ユ", "yu"),
    ("メ", "me"),
    ("ミ", "mi"),
    ("シ", "shi"),
    ("ヱ", "we"),
    ("ヒ", "hi"),
    ("モ", "mo"),
    ("セ", "se"),
    ("ス", "su"),
)
IROHA_ID: Final = dict(IROHA)
IROHA_ORDER: Final = {kana: i for i, (kana, _id) in enumerate(IROHA)}


def kanji_to_int(text: str) -> int | None:
    """``二十一`` -> 21, ``一五`` -> 15, ``百`` -> 100, ``一二三`` -> 123; None if not a numeral."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in NUMERAL_CHARS for ch in text):
        return None
    if not any(ch in SMALL_UNITS or ch in LARGE_UNITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    digit: int | None = None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch] if digit is None else digit * 10 + DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * LARGE_UNITS[ch]
            section = 0
            digit = None
    return total + section + (digit or 0)


def kanji_to_decimal(text: str) -> Decimal | None:
    """A numeral with the law's separators: ``五、〇〇〇`` -> 5000, ``〇・〇〇一一`` -> 0.0011."""
    text = text.replace("、", "").replace(",", "").replace("，", "")
    integer, _sep, fraction = text.partition("・")
    if not _sep:
        integer, _sep, fraction = text.partition(".")
    whole = kanji_to_int(integer) if integer else 0
    if whole is None:
        return None
    if not fraction:
        return Decimal(whole)
    digits = "".join(str(DIGITS[ch]) if ch in DIGITS else ch for ch in fraction)
    if not digits.isdigit():
        return None
    try:
        return Decimal(f"{whole}.{digits}")
    except InvalidOperation:
        return None


def format_decimal(value: Decimal) -> str:
    """``Decimal('5000')`` -> ``5000``, ``Decimal('1.50')`` -> ``1.5``, never exponent form."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def number_label(label: str) -> str:
    """The id form of a 号/条 number: ``十の二`` -> ``10_2``, ``（三十五の二）`` -> ``35_2``, ``５の２`` -> ``5_2``.

    Iroha labels give their romanised id (``ロ`` -> ``ro``). Returns the input stripped of
    brackets when it is not a number.
    """
    text = unicodedata.normalize("NFKC", label).strip().strip("()（）").strip()
    if text in IROHA_ID:
        return IROHA_ID[text]
    parts = text.split("の")
    numbers = [kanji_to_int(p) for p in parts]
    if parts and all(n is not None for n in numbers):
        return "_".join(str(n) for n in numbers)
    return text


def id_to_display(number_id: str) -> str:
    """``10_2`` -> ``10の2`` (the way labels such as ``2の項(10の2)`` write it)."""
    return number_id.replace("_", "の")


_KOU_RE: Final = re.compile(r"^([〇一二三四五六七八九十百]+)(?:の([〇一二三四五六七八九十]+))?$")


def kou_id(text: str) -> str | None:
    """``一〇`` / ``十`` / ``三の二`` / ``3の2`` -> ``10`` / ``10`` / ``3の2`` / ``3の2`` (an item number of 別表)."""
    text = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"\d+(?:の\d+)?", text):
        return text
    match = _KOU_RE.match(text)
    if not match:
        return None
    head = kanji_to_int(match.group(1))
    if head is None:
        return None
    if match.group(2):
        tail = kanji_to_int(match.group(2))
        return f"{head}の{tail}"
    return str(head)
