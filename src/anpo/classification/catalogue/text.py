"""Text normalisation and tokenisation for searching the control lists.

``normalise`` turns law text or a researcher's description into one comparable form
while keeping, for every character, the index of the original character it came from
(so that matches can be highlighted in the text as the law writes it):

* NFKC (full-width letters and digits, ＩＳＯ -> ISO, ㎓ -> GHz);
* the law's mixed kana/kanji spellings (ふっ素, ほう素, 充てん, 飛しょう体) -> the usual form;
* kanji numerals -> ASCII numbers (〇・〇〇一一 -> 0.0011, 五、〇〇〇 -> 5000, 五軸 -> 5軸,
  五、〇〇〇分の一 -> 1/5000);
* units -> one canonical symbol (ギガヘルツ, gigahertz, GHz -> GHz; ナノメートル -> nm).

``tokenize`` then splits Japanese with MeCab/UniDic (fugashi) and English with a small
rule-based tokenizer, and returns :class:`Token` records (search term, span in the
original text, kind). Quantities found on the way are returned as :class:`Quantity`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Final

import jaconv

from anpo.classification.catalogue import units as u
from anpo.classification.catalogue.numerals import (
    DIGITS,
    LARGE_UNITS,
    SMALL_UNITS,
    format_decimal,
    kanji_to_decimal,
)

if TYPE_CHECKING:
    import fugashi  # type: ignore[import-untyped]


@dataclass(frozen=True, slots=True)
class Token:
    """One search term with the span of the original text it came from."""

    term: str
    start: int
    end: int
    kind: str  # "ja" | "en" | "unit" | "dim" | "compound" | "code"
    head: bool = (
        True  # False for a modifier inside a compound noun (光 and ファイバ in 光ファイバジャイロ)
    )
    group: int = 0  # tokens of one compound noun share a group number (0: none)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit as written in the text (span in the original text)."""

    value: float
    unit: str  # canonical symbol, "" when the number has no unit
    dimension: str  # "" when unknown
    base_value: float  # value expressed in the dimension's base unit
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    offsets: tuple[int, ...]  # offsets[i] = index in the original text of text[i]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``."""
        if not self.offsets or start >= len(self.offsets):
            return (len(self.original), len(self.original))
        first = self.offsets[start]
        last = self.offsets[max(start, min(end, len(self.offsets)) - 1)]
        return (first, min(len(self.original), last + 1))


# The law writes some words with kana for kanji outside the jōyō list (交ぜ書き);
# researchers write the kanji or katakana. Both sides are folded to one form.
MIXED_WRITING: Final = {
    "ふっ素": "フッ素",
    "ふっ化": "フッ化",
    "弗素": "フッ素",
    "ほう素": "ホウ素",
    "ほう化": "ホウ化",
    "ほう酸": "ホウ酸",
    "硼素": "ホウ素",
    "けい素": "ケイ素",
    "珪素": "ケイ素",
    "けい酸": "ケイ酸",
    "よう素": "ヨウ素",
    "沃素": "ヨウ素",
    "よう化": "ヨウ化",
    "ひ素": "ヒ素",
    "砒素": "ヒ素",
    "砒化": "ヒ化",
    "りん酸": "リン酸",
    "燐": "リン",
    "せん光": "閃光",
    "飛しょう体": "飛翔体",
    "かくはん": "撹拌",
    "攪拌": "撹拌",
    "充てん": "充填",
    "遮へい": "遮蔽",
    "被ばく": "被曝",
    "濾過": "ろ過",
    "間げき": "間隙",
    "ぜい性": "脆性",
    "じん性": "靭性",
    "靱性": "靭性",
    "超伝導": "超電導",
    "勾こう配": "勾配",
    "砒ひ素": "ヒ素",
    "燐りん": "リン",
    "ひずみ": "歪み",
    "ジャイロスコープ": "ジャイロ",
}

_MIXED_RE: Final = re.compile(
    "|".join(re.escape(k) for k in sorted(MIXED_WRITING, key=len, reverse=True))
)

_NUMERAL_CLASS: Final = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(LARGE_UNITS)
# A kanji numeral with the law's separators between digits (、 thousands, ・ decimal).
_KANJI_NUMBER_RE: Final = re.compile(
    rf"[{_NUMERAL_CLASS}]+(?:[、・][{''.join(DIGITS)}]+)*(?:分の[{_NUMERAL_CLASS}]+(?:[、・][{''.join(DIGITS)}]+)*)?"
)
# After a single kanji digit, only these make it a number (五軸, 二以上, 三相); elsewhere
# it is part of a word (一般, 三次元, 三酸化二ガリウム).
_QUANTITY_FOLLOWERS: Final = tuple(
    sorted(
        {
            *u.KATAKANA_UNITS,
            *u.PER_UNITS,
            "軸",
            "相",
            "層",
            "個",
            "倍",
            "台",
            "枚",
            "本",
            "回",
            "段",
            "桁",
            "以上",
            "以下",
            "未満",
            "を超",
            "超",
            "度",
            "秒",
            "分",
            "時間",
            "年",
            "チャンネル",
            "チャネル",
            "パーセント",
        },
        key=len,
        reverse=True,
    )
)
_ASCII_NUMBER_RE: Final = re.compile(
    r"(?<![0-9A-Za-z.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*[x×]\s*10\s*\^?\s*(-?\d+))?"
)


def _nfkc_mapped(text: str) -> tuple[str, list[int]]:
    whole = unicodedata.normalize("NFKC", text)
    if len(whole) == len(text):  # one character for one (the usual case): identity offsets
        whole = whole.replace("μ", "µ").replace("〜", "~").replace("～", "~")
        return whole, list(range(len(text)))
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in "µμ":  # keep the micro sign (NFKC would turn it into Greek mu)
            norm = "µ"
        elif ch in "〜～":
            norm = "~"
        elif ch == "　":
            norm = " "
        else:
            norm = unicodedata.normalize("NFKC", ch)
        out.append(norm)
        offsets.extend([i] * len(norm))
    return "".join(out), offsets


def _sub_mapped(
    text: str,
    offsets: list[int],
    pattern: re.Pattern[str],
    repl: Callable[[re.Match[str]], str | None],
) -> tuple[str, list[int]]:
    out: list[str] = []
    new_offsets: list[int] = []
    pos = 0
    for match in pattern.finditer(text):
        replacement = repl(match)
        if replacement is None:
            continue
        out.append(text[pos : match.start()])
        new_offsets.extend(offsets[pos : match.start()])
        out.append(replacement)
        if replacement:
            span = offsets[match.start() : match.end()] or [
                offsets[match.start() - 1] if match.start() else 0
            ]
            # spread the replacement over the matched original characters
            last = len(replacement) - 1
            for k in range(len(replacement)):
                new_offsets.append(span[(k * (len(span) - 1)) // last if last else 0])
        pos = match.end()
    out.append(text[pos:])
    new_offsets.extend(offsets[pos:])
    return "".join(out), new_offsets


def _kanji_number(match: re.Match[str]) -> str | None:
    raw = match.group(0)
    text = match.string
    after = text[match.end() : match.end() + 6]
    fraction_of = None
    if "分の" in raw:
        denominator, numerator = raw.split("分の", 1)
        fraction_of = (kanji_to_decimal(denominator), kanji_to_decimal(numerator))
        if fraction_of[0] is None or fraction_of[1] is None:
            return None
        return f"{format_decimal(fraction_of[1])}/{format_decimal(fraction_of[0])}"
    is_positional = "〇" in raw or "、" in raw or "・" in raw
    is_multi = len(raw) >= 2
    followed_by_quantity = after.startswith(_QUANTITY_FOLLOWERS)
    if not (
        is_positional or followed_by_quantity or (is_multi and not after.startswith(("次", "元")))
    ):
        return None
    if raw in ("十", "千", "万") and not followed_by_quantity:
        return None
    value = kanji_to_decimal(raw)
    if value is None:
        return None
    return format_decimal(value)


def _ascii_number(match: re.Match[str]) -> str | None:
    whole, fraction, exponent = match.group(1), match.group(2) or "", match.group(3)
    if "," not in whole and exponent is None:
        return None
    value = Decimal(whole.replace(",", "") + fraction)
    if exponent is not None:
        value = value.scaleb(int(exponent))
    return format_decimal(value)


_NUMBER: Final = r"\d+(?:\.\d+)?(?:/\d+)?"
_KANA_UNITS: Final = "|".join(re.escape(k) for k in sorted(u.KATAKANA_UNITS, key=len, reverse=True))
_PER: Final = "|".join(re.escape(k) for k in sorted(u.PER_UNITS, key=len, reverse=True))
_SYMBOLS: Final = "|".join(re.escape(k) for k in sorted(u.SYMBOLS, key=len, reverse=True))
_ENGLISH_UNITS: Final = "|".join(
    re.escape(k) for k in sorted(u.ENGLISH_UNITS, key=len, reverse=True)
)
_COUNTERS: Final = "|".join(re.escape(w) for kana, _dim, ens in u.COUNTERS for w in (kana, *ens))
_QUANTITY_RE: Final = re.compile(
    rf"(?P<num>{_NUMBER})\s*(?:-\s*)?"
    rf"(?:(?P<kana>{_KANA_UNITS})(?:毎(?P<per>{_PER}))?"
    rf"|(?P<sym>{_SYMBOLS})(?![A-Za-z])"
    rf"|(?P<en>{_ENGLISH_UNITS})(?![A-Za-z])"
    rf"|(?P<counter>{_COUNTERS})(?![A-Za-z])"
    rf"|(?P<kanji>秒|度|分|時間)(?:毎(?P<kper>{_PER}))?)?",
    re.IGNORECASE,
)
# Katakana unit names that stand alone (ギガヘルツ帯, ナノメートルオーダー).
_STANDALONE_UNIT_RE: Final = re.compile(
    "|".join(re.escape(k) for k in sorted(u.KATAKANA_UNITS, key=len, reverse=True) if len(k) >= 4)
)


def _unit_of(match: re.Match[str]) -> tuple[u.Unit | None, str]:
    """The unit of a quantity match, and the counter dimension for counted things."""
    if match.group("kana"):
        return u.kana_unit(match.group("kana"), match.group("per")), ""
    if match.group("sym"):
        symbol = match.group("sym")
        unit = u.symbol_unit(symbol)
        if unit is None:
            for key in u.SYMBOLS:
                if key.lower() == symbol.lower() and key.lower() not in (
                    "m",
                    "mm",
                    "ms",
                    "mw",
                    "mv",
                    "ma",
                    "t",
                    "s",
                    "pa",
                    "mpa",
                ):
                    unit = u.symbol_unit(key)
                    break
        return unit, ""
    if match.group("en"):
        return u.english_unit(match.group("en")), ""
    if match.group("counter"):
        return None, u.counter(match.group("counter")) or ""
    if match.group("kanji"):
        name = {"秒": "秒", "度": "度", "分": "分", "時間": "時間"}[match.group("kanji")]
        return u.kana_unit(name, match.group("kper")), ""
    return None, ""


@lru_cache(maxsize=4096)
def normalise(text: str) -> Normalised:
    """The comparable form of ``text`` with an offset map back to it (see module doc)."""
    norm, offsets = _nfkc_mapped(text)
    norm, offsets = _sub_mapped(norm, offsets, _MIXED_RE, lambda m: MIXED_WRITING[m.group(0)])
    norm, offsets = _sub_mapped(norm, offsets, _KANJI_NUMBER_RE, _kanji_number)
    norm, offsets = _sub_mapped(norm, offsets, _ASCII_NUMBER_RE, _ascii_number)

    def unit_repl(match: re.Match[str]) -> str | None:
        unit, counted = _unit_of(match)
        if unit is None and not counted:
            return None
        symbol = unit.symbol if unit is not None else counted
        if match.group("counter") and re.fullmatch(
            r"[\u3040-\u30ff\u4e00-\u9fff]+", match.group("counter")
        ):
            symbol = match.group("counter")
        return f"{match.group('num')} {symbol} "

    norm, offsets = _sub_mapped(norm, offsets, _QUANTITY_RE, unit_repl)

    def standalone(match: re.Match[str]) -> str | None:
        unit = u.kana_unit(match.group(0))
        return f" {unit.symbol} " if unit is not None else None

    norm, offsets = _sub_mapped(norm, offsets, _STANDALONE_UNIT_RE, standalone)
    return Normalised(text=norm, offsets=tuple(offsets), original=text)


# --- quantities ------------------------------------------------------------------------

_NORMAL_QUANTITY_RE: Final = re.compile(
    rf"(?<![0-9A-Za-z.])(?P<num>{_NUMBER}) (?P<unit>[^\s\d]+?) "
)


def quantities(norm: Normalised) -> list[Quantity]:
    """Numbers with units in a normalised text (units as the canonical symbols)."""
    found: list[Quantity] = []
    for match in _NORMAL_QUANTITY_RE.finditer(norm.text + " "):
        number = match.group("num")
        if "/" in number:
            num, den = number.split("/", 1)
            value = float(num) / float(den) if float(den) else 0.0
        else:
            value = float(number)
        symbol = match.group("unit")
        unit = u.symbol_unit(symbol)
        counted = u.counter(symbol)
        start, end = norm.span(match.start(), match.end())
        if unit is not None:
            found.append(
                Quantity(value, unit.symbol, unit.dimension, value * unit.factor, start, end)
            )
        elif counted:
            found.append(Quantity(value, counted, counted, value, start, end))
        else:
            compound = _compound_unit(symbol)
            if compound is not None:
                found.append(
                    Quantity(
                        value,
                        compound.symbol,
                        compound.dimension,
                        value * compound.factor,
                        start,
                        end,
                    )
                )
    return found


@lru_cache(maxsize=512)
def _compound_unit(symbol: str) -> u.Unit | None:
    if "/" not in symbol:
        return None
    head, _sep, per = symbol.partition("/")
    unit = u.symbol_unit(head)
    per_unit = u.symbol_unit(per)
    if unit is None or per_unit is None:
        return None
    return u.Unit(symbol, f"{unit.dimension}/{per_unit.dimension}", unit.factor / per_unit.factor)


# --- tokenisation ----------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


JA_STOPWORDS: Final = frozenset(
    jaconv.hira2kata(w)
    for w in _words(
        "もの 物 こと 事 ため 為 次 該当 いずれ 何れ これ 此れ それ 其れ その この 当該 同 号 項 条 前 場合 "
        "以上 以下 未満 超える 超 除く 限る 含む 掲げる 定める 規定 省令 経済産業 貨物 仕様 別表 輸出令 外為令 "
        "第 又 若しくは 若しく 及び 並びに 等 的 為る する ある 有る なる 成る できる 出来る いる 居る おる れる られる "
        "よる 因る 係る 関する 対する 於く おく 同じ 各 う 方 上 中 下 ところ 所 とき 時 もって 以て 又は 且つ かつ "
        "いう 言う 号 つ 一 二 うち 内 他 ほか 外 全て 全 すべて 応じる 及ぶ 該 専ら 特に 設ける 通じる よう 様 "
        "とする 当たり 当る 当たる 毎 当 越える 為す 於る 依る 拠る 成す 有す 有する"
    )
)

EN_STOPWORDS: Final = frozenset(
    _words(
        "a an the of and or for with in on at by to as from into onto than that this these those which "
        "is are be been being was were it its their there other such any all each every not no nor only "
        "also as follows following having has have including include includes specially designed "
        "see note notes n.b technical our we us i my your used using based type types "
        "e.g i.e etc per via within without about above below more less up over under de la"
    )
)

# British and American spellings, and a few common variants, folded to one form.
EN_VARIANTS: Final = {
    "fibre": "fiber",
    "fibres": "fiber",
    "centre": "center",
    "centres": "center",
    "metre": "meter",
    "metres": "meter",
    "litre": "liter",
    "analyser": "analyzer",
    "analysers": "analyzer",
    "sterilisable": "sterilizable",
    "sterilised": "sterilized",
    "sterilise": "sterilize",
    "characterisation": "characterization",
    "optimisation": "optimization",
    "colour": "color",
    "aluminium": "aluminum",
    "sulphur": "sulfur",
    "caesium": "cesium",
    "vapour": "vapor",
    "modelling": "modeling",
    "synthesiser": "synthesizer",
    "synthesizers": "synthesizer",
    "gyroscope": "gyro",
    "gyroscopes": "gyro",
    "programme": "program",
    "programmes": "program",
}

_EN_WORD_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")
_CODE_RE: Final = re.compile(r"\b(\d[A-Ea-e]\d{3})\b")
_KATAKANA_RE: Final = re.compile(r"^[\u30a0-\u30ffー]+$")
_SPLIT_RE: Final = re.compile(
    r"(?P<code>\b\d[A-Ea-e]\d{3}\b)"
    r"|(?P<qty>(?<![0-9A-Za-z.])\d+(?:\.\d+)?(?:/\d+)? [^\s\d]+? )"
    r"|(?P<en>[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*)"
    r"|(?P<num>\d+(?:\.\d+)?)"
)


def stem_en(word: str) -> str:
    """A light English stemmer (plurals and a few suffixes); enough for list headings."""
    word = word.lower().strip("'")
    word = EN_VARIANTS.get(word, word)
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


def fold_ja(term: str) -> str:
    """Katakana for kana, no trailing long-vowel mark on loanwords (センサー -> センサ)."""
    term = jaconv.hira2kata(term)
    if len(term) >= 4 and term.endswith("ー") and _KATAKANA_RE.match(term):
        term = term[:-1]
    return term


@lru_cache(maxsize=1)
def _tagger() -> fugashi.Tagger:
    import fugashi  # heavy (loads the UniDic dictionary): only when Japanese is tokenised

    return fugashi.Tagger()


_CONTENT_POS: Final = frozenset({"名詞", "動詞", "形容詞", "形状詞", "接頭辞", "接尾辞", "代名詞"})
_NOUNISH: Final = frozenset({"名詞", "接頭辞", "接尾辞", "形状詞"})


def _ja_tokens(segment: str, base: int, norm: Normalised) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    run: list[Token] = []

    def flush() -> None:
        # Japanese compounds are head-final: all but the last noun modify it
        if len(run) > 1:
            group = base + run[0].start + 1
            for i in range(len(run) - 1):
                pair = run[i : i + 2]
                tokens.append(
                    Token(
                        pair[0].term + pair[1].term,
                        pair[0].start,
                        pair[1].end,
                        "compound",
                        i == len(run) - 2,
                        group,
                    )
                )
            members = {id(t): t is run[-1] for t in run}
            for index, token in enumerate(tokens):
                if id(token) in members:
                    tokens[index] = Token(
                        token.term, token.start, token.end, token.kind, members[id(token)], group
                    )
        run.clear()

    for word in _tagger()(segment):
        surface = word.surface
        start = segment.find(surface, position)
        if start < 0:
            start = position
        end = start + len(surface)
        position = end
        feature = word.feature
        pos1 = getattr(feature, "pos1", "") or ""
        if pos1 not in _CONTENT_POS:
            flush()
            continue
        if pos1 in ("動詞", "形容詞"):
            lemma = getattr(feature, "lemma", None) or surface
            term = lemma.split("-", 1)[0]
        else:
            term = surface
        term = fold_ja(term)
        if not term or term in JA_STOPWORDS or term.isdigit():
            flush()
            continue
        o_start, o_end = norm.span(base + start, base + end)
        token = Token(term, o_start, o_end, "ja")
        tokens.append(token)
        if pos1 in _NOUNISH:
            run.append(token)
        else:
            flush()
    flush()
    return tokens


def _en_tokens(word: str, start: int, end: int) -> list[Token]:
    out: list[Token] = []
    for part in re.split(r"[-']", word):
        if not part or part.isdigit():
            continue
        term = stem_en(part)
        if term in EN_STOPWORDS or len(term) < 2:
            continue
        out.append(Token(term, start, end, "en"))
    return out


def tokenize(text: str, *, compounds: bool = True) -> list[Token]:
    """Search tokens of ``text`` (any mix of Japanese and English) with original spans."""
    norm = normalise(text)
    return tokenize_normalised(norm, compounds=compounds)


def tokenize_normalised(norm: Normalised, *, compounds: bool = True) -> list[Token]:
    tokens: list[Token] = []
    text = norm.text
    position = 0
    previous_en: Token | None = None
    for match in _SPLIT_RE.finditer(text):
        if match.start() > position:
            segment = text[position : match.start()]
            if segment.strip():
                tokens.extend(_ja_tokens(segment, position, norm))
                previous_en = None
        position = match.end()
        o_start, o_end = norm.span(match.start(), match.end())
        if match.group("code"):
            tokens.append(Token(match.group("code").upper(), o_start, o_end, "code"))
            previous_en = None
        elif match.group("qty"):
            symbol = match.group("qty").split(" ")[1]
            unit = u.symbol_unit(symbol) or _compound_unit(symbol)
            counted = u.counter(symbol)
            if unit is not None:
                tokens.append(Token(unit.symbol.lower(), o_start, o_end, "unit"))
                tokens.append(Token(f"dim:{unit.dimension.lower()}", o_start, o_end, "dim"))
            elif counted:
                tokens.append(Token(f"dim:{counted}", o_start, o_end, "dim"))
                if re.fullmatch(r"[\u4e00-\u9fff]+", symbol):
                    tokens.append(Token(symbol, o_start, o_end, "ja"))
                else:
                    tokens.append(Token(counted, o_start, o_end, "en"))
            else:
                tokens.extend(_en_tokens(symbol, o_start, o_end) if symbol.isascii() else [])
            previous_en = None
        elif match.group("en"):
            word = match.group("en")
            unit = u.symbol_unit(word) if word in u.SYMBOLS and len(word) >= 2 else None
            if unit is not None and word not in ("min", "us", "Pa", "ms"):
                tokens.append(Token(unit.symbol.lower(), o_start, o_end, "unit"))
                tokens.append(Token(f"dim:{unit.dimension.lower()}", o_start, o_end, "dim"))
                previous_en = None
                continue
            new = _en_tokens(word, o_start, o_end)
            for token in new:
                if compounds and previous_en is not None:
                    tokens.append(
                        Token(
                            f"{previous_en.term} {token.term}",
                            previous_en.start,
                            token.end,
                            "compound",
                        )
                    )
                tokens.append(token)
                previous_en = token
            if not new:
                previous_en = None
        else:
            previous_en = None
    if position < len(text) and text[position:].strip():
        tokens.extend(_ja_tokens(text[position:], position, norm))
    if not compounds:
        tokens = [t for t in tokens if t.kind != "compound"]
    return tokens


def terms(text: str) -> list[str]:
    """The search terms of ``text`` (for indexing)."""
    return [t.term for t in tokenize(text)]


def unique_surfaces(text: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    """The distinct substrings of ``text`` at ``spans``, in order of first appearance."""
    seen: dict[str, None] = {}
    for start, end in sorted(spans):
        piece = text[start:end].strip()
        if piece:
            seen.setdefault(piece, None)
    return list(seen)
