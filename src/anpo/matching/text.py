"""Normalisation and script-aware transliteration of names.

``analyse_name`` turns one raw name into one or more *forms*: token sequences in a
comparable script. A Latin name has one form (``latin``); a Cyrillic, Greek, Arabic or
Hangul name is transliterated by the rule tables (``translit:<script>``); a CJK name keeps
its ORIGINAL script (``original:cjk``: Han variants folded to one character, katakana and
hiragana folded, long-vowel marks and small kana folded) and gets romanised forms as
extra keys (``pinyin``, ``hepburn``, ``kanji-reading``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from anyascii import anyascii

from anpo.matching import tables

if TYPE_CHECKING:
    from collections.abc import Iterator


class Role(StrEnum):
    """What a token contributes to a name; drives its weight."""

    NAME = "name"
    LEGAL = "legal"  # legal form (Ltd, GmbH, 株式会社...): low weight, never deleted
    STOP = "stop"  # function word (of, the, de...): low weight
    NUMBER = "number"  # digits: must match exactly


class TokenScript(StrEnum):
    LATIN = "latin"  # ASCII letters (native Latin or transliterated)
    ABJAD = "abjad"  # ASCII transliterated from Arabic script: vowels unreliable
    KANA = "kana"  # ASCII romanised from katakana: vowels and l/r, b/v lossy
    CJK = "cjk"  # Han / kana in original script (folded)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    role: Role
    script: TokenScript


@dataclass(frozen=True, slots=True)
class Form:
    """One comparable rendering of a name: ``label`` says how it was obtained."""

    label: str
    tokens: tuple[Token, ...]

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)


# --- character classes -----------------------------------------------------------------


def char_script(ch: str) -> str:
    """A coarse script class for one character: latin, greek, cyrillic, arabic, hangul,
    kana, han, digit, other."""
    o = ord(ch)
    if o < 0x80:
        if ch.isdigit():
            return "digit"
        return "latin" if ch.isalpha() else "other"
    if o < 0x250 or 0x1E00 <= o <= 0x1EFF:
        return "latin" if ch.isalpha() else "other"
    if 0x370 <= o <= 0x3FF or 0x1F00 <= o <= 0x1FFF:
        return "greek"
    if 0x400 <= o <= 0x52F:
        return "cyrillic"
    if 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        return "arabic"
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF:
        return "kana"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000:
        return "han"
    if o == 0x3005:  # 々 iteration mark
        return "han"
    if ch.isdigit():
        return "digit"
    return "other"


def _is_cjk(script: str) -> bool:
    return script in ("han", "kana")


_HAN_FOLD: Final[dict[int, str]] = {}
for _group in tables.HAN_VARIANT_GROUPS:
    for _ch in _group[1:]:
        _HAN_FOLD.setdefault(ord(_ch), _group[0])
_KANA_FOLD: Final[dict[int, str]] = {ord(k): v for k, v in tables.KANA_FOLD.items()}

_APOSTROPHES: Final[str] = "'’‘`ʼʻ´"
# Characters that separate tokens even though they are letters-adjacent punctuation.
_SEPARATOR_CATEGORIES: Final[frozenset[str]] = frozenset(
    {"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf"}
)


def clean(text: str) -> str:
    """NFKC (full/half-width folding), casefold, drop in-word dots and apostrophes.

    ``U.S.A.`` -> ``usa``; ``O'Brien`` -> ``obrien``; ``ＡＢＣ`` -> ``abc``; ｶﾀｶﾅ -> カタカナ.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    # hiragana -> katakana (U+3041..U+3096 map 1:1 to U+30A1..U+30F6)
    text = "".join(chr(ord(c) + 0x60) if 0x3041 <= ord(c) <= 0x3096 else c for c in text)
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch in _APOSTROPHES:
            continue
        if ch == "." and 0 < i < n - 1 and text[i - 1].isalnum() and text[i + 1].isalnum():
            # "u.s.a" -> "usa", but "co.,ltd" keeps a separator through the comma.
            continue
        out.append(ch)
    return "".join(out)


def _raw_tokens(text: str) -> Iterator[tuple[str, str]]:
    """Split cleaned text into (token, script) runs: separators split, a change between
    CJK and non-CJK splits; digits stay with letters of the same run ("a320")."""
    buf: list[str] = []
    buf_cjk = False
    buf_script = ""

    def flush() -> Iterator[tuple[str, str]]:
        if buf:
            yield "".join(buf), buf_script
            buf.clear()

    for ch in text:
        if ch == "ー" or ch == "々":
            cat_sep = False
        else:
            cat = unicodedata.category(ch)
            cat_sep = cat in _SEPARATOR_CATEGORIES
        if cat_sep:
            yield from flush()
            buf_script = ""
            continue
        if unicodedata.category(ch).startswith("M") and buf:
            buf.append(ch)  # combining mark stays with its base
            continue
        script = char_script(ch)
        cjk = _is_cjk(script)
        if buf and cjk != buf_cjk:
            yield from flush()
            buf_script = ""
        if not buf:
            buf_cjk = cjk
            buf_script = "cjk" if cjk else ""
        if not cjk and script not in ("digit", "other", "latin") and buf_script in ("", "latin"):
            buf_script = script
        elif not cjk and script == "latin" and buf_script == "":
            buf_script = "latin"
        buf.append(ch)
    yield from flush()


# --- per-script transliteration ---------------------------------------------------------------


def translit_cyrillic(word: str) -> str:
    return "".join(tables.CYRILLIC.get(c, c) for c in word)


def translit_greek(word: str) -> str:
    word = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    for src, dst in tables.GREEK_DIGRAPHS:
        word = word.replace(src, dst)
    return "".join(tables.GREEK.get(c, c) for c in word)


def translit_arabic(word: str) -> str:
    out: list[str] = []
    for i, c in enumerate(word):
        if c == "\u0651" and out:  # shadda doubles the consonant
            out.append(out[-1][-1:])
            continue
        if i == 0 and c in tables.ARABIC_WORD_INITIAL:
            out.append(tables.ARABIC_WORD_INITIAL[c])
            continue
        mapped = tables.ARABIC.get(c)
        if mapped is not None:
            out.append(mapped)
        elif unicodedata.combining(c):
            continue
        else:
            out.append(c)
    return "".join(out)


def translit_hangul(word: str) -> str:
    out: list[str] = []
    for c in word:
        o = ord(c)
        if 0xAC00 <= o <= 0xD7A3:
            s = o - 0xAC00
            ini, med, fin = s // 588, (s % 588) // 28, s % 28
            out.append(
                tables.HANGUL_INITIALS[ini] + tables.HANGUL_MEDIALS[med] + tables.HANGUL_FINALS[fin]
            )
        else:
            out.append(anyascii(c))
    return "".join(out)


def kana_to_hepburn(word: str) -> str:
    """Katakana -> Hepburn romaji; sokuon doubles the next consonant, long marks dropped."""
    out: list[str] = []
    i = 0
    n = len(word)
    double_next = False
    while i < n:
        pair = word[i : i + 2]
        if pair in tables.KANA_DIGRAPHS:
            roma = tables.KANA_DIGRAPHS[pair]
            i += 2
        else:
            c = word[i]
            i += 1
            if c == "ッ":
                double_next = True
                continue
            if c == "ー":
                continue
            roma = tables.KANA.get(c, anyascii(c))
        if double_next and roma and roma[0] not in "aeiou":
            roma = ("t" if roma.startswith("ch") else roma[0]) + roma
        double_next = False
        out.append(roma)
    return "".join(out)


_VU_FOLD: Final[tuple[tuple[str, str], ...]] = (
    ("ヴァ", "バ"),
    ("ヴィ", "ビ"),
    ("ヴェ", "ベ"),
    ("ヴォ", "ボ"),
    ("ヴュ", "ビュ"),
)


def fold_cjk(word: str) -> str:
    """Fold Han variants (traditional/shinjitai -> simplified) and kana spelling variants
    (ヴィ/ビ, small/large kana, long-vowel marks)."""
    for src, dst in _VU_FOLD:
        word = word.replace(src, dst)
    return word.translate(_HAN_FOLD).translate(_KANA_FOLD)


def _ascii_word(word: str, script: str) -> str:
    if script == "cyrillic":
        word = translit_cyrillic(word)
    elif script == "greek":
        word = translit_greek(word)
    elif script == "arabic":
        word = translit_arabic(word)
    elif script == "hangul":
        word = translit_hangul(word)
    return "".join(c for c in anyascii(word).lower() if c.isalnum())


# --- token roles -------------------------------------------------------------------------------

_MAX_LEGAL_PHRASE: Final[int] = max(len(k) for k in tables.LEGAL_PHRASES)


def _tag_ascii(words: list[str], script: TokenScript) -> list[Token]:
    """Assign roles; collapse multi-word legal forms; drop honorifics (if a name remains)."""
    tokens: list[Token] = []
    i = 0
    n = len(words)
    while i < n:
        for size in range(min(_MAX_LEGAL_PHRASE, n - i), 1, -1):
            canon = tables.LEGAL_PHRASES.get(tuple(words[i : i + size]))
            if canon is not None:
                tokens.append(Token(canon, Role.LEGAL, TokenScript.LATIN))
                i += size
                break
        else:
            w = words[i]
            i += 1
            if w.isdigit() or any(c.isdigit() for c in w):
                tokens.append(Token(w, Role.NUMBER, TokenScript.LATIN))
            elif w in tables.LEGAL_TOKENS and n > 1:
                tokens.append(Token(tables.LEGAL_TOKENS[w], Role.LEGAL, TokenScript.LATIN))
            elif w in tables.STOPWORDS and n > 1:
                tokens.append(Token(w, Role.STOP, script))
            else:
                tokens.append(Token(w, Role.NAME, script))
    names = [t for t in tokens if t.text not in tables.HONORIFICS or t.role is not Role.NAME]
    if any(t.role is Role.NAME for t in names):
        tokens = names
    return tokens


def _split_cjk(run: str) -> list[Token]:
    """A CJK run -> folded name token + legal-form tokens; honorific suffixes removed."""
    bare, legal = _strip_cjk(run)
    return ([Token(fold_cjk(bare), Role.NAME, TokenScript.CJK)] if bare else []) + legal


def _strip_cjk(run: str) -> tuple[str, list[Token]]:
    """A CJK run -> (the run without honorifics and legal forms, legal-form tokens)."""
    for suffix in tables.CJK_HONORIFIC_SUFFIXES:
        if run.endswith(suffix) and len(run) > len(suffix) + 1:
            run = run[: -len(suffix)]
            break
    legal: list[Token] = []
    for form, canon in tables.CJK_LEGAL:
        if run == form:
            return "", [Token(canon, Role.LEGAL, TokenScript.LATIN)]
    changed = True
    while changed and run:
        changed = False
        for form, canon in tables.CJK_LEGAL:
            if run.endswith(form) and len(run) > len(form):
                legal.insert(0, Token(canon, Role.LEGAL, TokenScript.LATIN))
                run = run[: -len(form)]
                changed = True
                break
            if run.startswith(form) and len(run) > len(form):
                legal.append(Token(canon, Role.LEGAL, TokenScript.LATIN))
                run = run[len(form) :]
                changed = True
                break
    return run, legal


# --- romanisation of CJK ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _tagger() -> object:
    import fugashi  # type: ignore[import-untyped]  # imported lazily: MeCab start-up costs ~0.1 s

    return fugashi.Tagger()


def kanji_reading(text: str) -> list[str]:
    """Japanese reading of a kanji/kana string as Hepburn words (MeCab + UniDic-lite)."""
    tagger = _tagger()
    words: list[str] = []
    for word in tagger(text):  # type: ignore[operator]
        kana = getattr(word.feature, "kana", None) or word.surface
        words.append(kana_to_hepburn(clean(str(kana))).lower())
    return [w for w in words if w]


def pinyin_words(text: str) -> list[str]:
    """Pinyin for a Han string: surname syllable + joined given name for short (person-like)
    runs ("习近平" -> ["xi", "jinping"]), one word per syllable otherwise."""
    from pypinyin import lazy_pinyin

    syllables = [s for s in lazy_pinyin(text, errors="ignore") if s.isalpha()]
    syllables = [anyascii(s).lower() for s in syllables]
    if 2 <= len(syllables) <= 4:
        return [syllables[0], "".join(syllables[1:])]
    return syllables


def _has_han(text: str) -> bool:
    return any(char_script(c) == "han" for c in text)


def _has_kana(text: str) -> bool:
    return any(char_script(c) == "kana" for c in text)


def family_words(raw: str) -> frozenset[str]:
    """Words a list marks as the family name: those before the comma of "LAST, First",
    or the upper-case words of a mixed-case name ("Irina Vasilievna POPOVA")."""
    text = unicodedata.normalize("NFKC", raw)
    if "," in text:
        head = text.split(",", 1)[0]
        words = re.findall(r"\w+", head)
        if 0 < len(words) <= 3:
            return frozenset(_ascii_word(w.casefold(), "latin") for w in words)
        return frozenset()
    words = re.findall(r"\w+", text)
    if any(w.islower() or w.istitle() for w in words):
        upper = [w for w in words if len(w) >= 2 and w.isupper() and w.isalpha()]
        if 0 < len(upper) < len(words):
            return frozenset(_ascii_word(w.casefold(), "latin") for w in upper)
    return frozenset()


_TRAILING_ACRONYM: Final[re.Pattern[str]] = re.compile(
    r"^(?P<base>.*\S)\s*[(\[（［]\s*[A-Z0-9][A-Z0-9&.\-/ ]{1,11}\s*[)\]）］]\s*$"
)


def list_name_variants(raw: str) -> tuple[str, ...]:
    """The spellings of one list name to index: the name itself and, when it ends with
    an acronym in brackets ("Sharif University of Technology (SHFT)"), the name without
    it, because queries rarely carry the acronym and it would cost a missing list token."""
    match = _TRAILING_ACRONYM.match(unicodedata.normalize("NFKC", raw))
    if match is None:
        return (raw,)
    base = match.group("base").strip()
    if len(base.split()) < 2:
        return (raw,)
    return (raw, base)


# --- the entry point -----------------------------------------------------------------------------


def analyse_name(raw: str, *, lang: str = "", query: bool = False) -> tuple[Form, ...]:
    """All comparable forms of one raw name (list name or query).

    ``lang`` (ISO 639-1, optional) disambiguates Han text: ``ja`` adds a kanji reading,
    ``zh`` adds pinyin; with no language both are produced for queries and pinyin only for
    list names (list kanji names are overwhelmingly Chinese or Korean entities).
    """
    text = clean(raw)
    ascii_words: list[str] = []
    scripts: dict[str, int] = {}
    cjk_runs: list[str] = []
    for word, script in _raw_tokens(text):
        if script == "cjk":
            cjk_runs.append(word)
            continue
        scripts[script] = scripts.get(script, 0) + 1
        # Arabic article "ال" written together with the noun -> separate "al" token.
        if script == "arabic" and word.startswith("ال") and len(word) > 3:
            ascii_words.append("al")
            word = word[2:]
        if script == "hangul":
            # one token per syllable, as lists write Korean names ("Kim Jong Un")
            ascii_words.extend(_ascii_word(c, script) for c in word if _ascii_word(c, script))
            continue
        converted = _ascii_word(word, script)
        if converted:
            ascii_words.append(converted)
    forms: list[Form] = []
    if ascii_words:
        main = max(scripts, key=lambda s: (scripts[s], s)) if scripts else "latin"
        label = "latin" if main in ("latin", "digit", "") else f"translit:{main}"
        tscript = TokenScript.ABJAD if main == "arabic" else TokenScript.LATIN
        tokens = _tag_ascii(ascii_words, tscript)
        if tokens:
            forms.append(Form(label, tuple(tokens)))
    if cjk_runs:
        cjk_tokens: list[Token] = []
        for run in cjk_runs:
            cjk_tokens.extend(_split_cjk(run))
        if cjk_tokens and all(t.role is Role.LEGAL for t in cjk_tokens) and forms:
            # "ＡＢＣ株式会社": the CJK part is only a legal form of a Latin name
            forms[0] = Form(forms[0].label, forms[0].tokens + tuple(cjk_tokens))
            return tuple(forms)
        if cjk_tokens:
            forms.append(Form("original:cjk", tuple(cjk_tokens)))
        bare_runs = [_strip_cjk(run)[0] for run in cjk_runs]
        forms.extend(_romanised_forms([r for r in bare_runs if r], lang=lang, query=query))
    return tuple(forms)


def _script_runs(text: str) -> list[tuple[str, str]]:
    """Split a CJK run into maximal kana / han sub-runs."""
    out: list[tuple[str, str]] = []
    for ch in text:
        script = "kana" if char_script(ch) == "kana" else "han"
        if out and out[-1][1] == script:
            out[-1] = (out[-1][0] + ch, script)
        else:
            out.append((ch, script))
    return out


def _korean_forms(runs: list[str]) -> list[Form]:
    """Sino-Korean readings of a person-like Han name (金正恩 -> kim jong un, one token
    per syllable as lists write Korean names): only when the name has 2-4 characters,
    starts with a Korean surname and every character has a reading in the table. A
    surname with a South Korean spelling gives a second form (李 -> ri / lee)."""
    if len(runs) > 2:
        return []
    text = fold_cjk("".join(runs))
    if not 2 <= len(text) <= 4:
        return []
    surnames = tables.KOREAN_SURNAMES.get(text[0])
    given = [tables.KOREAN_READINGS.get(c) for c in text[1:]]
    if surnames is None or any(g is None for g in given):
        return []
    out: list[Form] = []
    for surname in surnames:
        words = [surname, *(g for g in given if g)]
        out.append(Form("korean", tuple(Token(w, Role.NAME, TokenScript.LATIN) for w in words)))
    return out


def _romanised_forms(runs: list[str], *, lang: str, query: bool) -> list[Form]:
    joined = "".join(runs)
    out: list[Form] = []
    if _has_kana(joined):
        # Japanese text: katakana words romanised as written, kanji parts by their reading
        words: list[str] = []
        for run in runs:
            for sub, script in _script_runs(run):
                if script == "kana":
                    words.append(kana_to_hepburn(sub))
                else:
                    words.extend(kanji_reading(sub))
        tokens = _tag_ascii([w for w in words if w], TokenScript.KANA)
        if tokens:
            out.append(Form("hepburn", tuple(tokens)))
        return out
    if query and lang in ("ko", ""):
        out.extend(_korean_forms(runs))
    want_ja = lang == "ja" or (query and lang == "")
    want_zh = lang in ("zh", "ko", "")
    if want_zh:
        words = []
        for run in runs:
            stripped = run
            for form, _canon in tables.CJK_LEGAL:
                stripped = stripped.replace(form, " ")
            for part in stripped.split():
                words.extend(pinyin_words(part))
        tokens = _tag_ascii([w for w in words if w], TokenScript.LATIN)
        if tokens:
            out.append(Form("pinyin", tuple(tokens)))
    if want_ja:
        words = []
        for run in runs:
            words.extend(kanji_reading(run))
        tokens = _tag_ascii([w for w in words if w], TokenScript.KANA)
        if tokens:
            out.append(Form("kanji-reading", tuple(tokens)))
    return out


# --- phonetic keys ---------------------------------------------------------------------------

_LOOSE_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(p), r)
    for p, r in (
        # consonant classes, written as upper-case placeholders so later rules skip them
        (r"ti(?=[aou])", "S"),  # -tion / -tia: katakana writes ション
        (r"v$|ff$", "f"),  # word-final v is written フ (-ov -> オフ)
        (r"dzh|dj|zh|dz|j", "J"),
        (r"tsch|tch|ch|ts|tz|cz", "C"),
        (r"sch|sh|th|z|s", "S"),
        (r"kh|ph|f|h", "H"),
        (r"gh|g", "G"),
        (r"ck|q|k", "K"),
        (r"x", "KS"),
        (r"c(?=[eiy])", "S"),
        (r"c", "K"),
        (r"v|w|b", "B"),
        (r"l|r", "R"),
        # katakana cannot write ti/tu/di: チ ツ ジ
        (r"t(?=[iuy])", "C"),
        (r"d(?=[iy])", "J"),
        # vowel quality: o~u, e~i, y~i
        (r"o", "u"),
        (r"[ey]", "i"),
        (r"(.)\1+", r"\1"),
        (r"^BR", "uR"),  # katakana writes an initial Vl-/Vr- as ウラ (ウラジーミル)
        (r"n(?=[mBp])", "m"),
        (r"(.)\1+", r"\1"),
        # epenthetic vowels: katakana inserts u/o between consonants and after a final one
        (r"(?<=[^aiu])u(?=[^aiu])", ""),
        (r"(?<=[^aiu])[iu]$", ""),
    )
)


@lru_cache(maxsize=200_000)
def loose_key(word: str) -> str:
    """A loanword-friendly phonetic key: folds v/b/w, f/h, l/r, z/s/sh/th, ch/ts, vowel
    quality (o~u, e~i), doubled letters, n before labials, and the epenthetic vowels that
    katakana adds after consonants.

    "muhammad", "mohamed" and ムハンマド's romaji "muhanmado" all end up within one edit;
    "putin" and プーチン's "puuchin" give the same key.
    """
    s = word
    for pattern, repl in _LOOSE_RULES:
        s = pattern.sub(repl, s)
    return s.lower() or word


@lru_cache(maxsize=200_000)
def skeleton_key(word: str) -> str:
    """Consonant skeleton of the loose key (vowels removed, doubles collapsed): the only
    reliable evidence when one side was written in Arabic script without short vowels."""
    s = loose_key(word)
    s = re.sub(r"[aiu]", "", s[:1]) + re.sub(r"[aiu]", "", s[1:])
    return re.sub(r"(.)\1+", r"\1", s)
