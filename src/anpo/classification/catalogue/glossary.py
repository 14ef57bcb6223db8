"""English <-> Japanese search vocabulary (``data/glossary-en-ja.tsv``).

The Japanese control lists exist only in Japanese; a researcher often describes an item
in English. The glossary maps English words and phrases to the Japanese terms the law
uses (and back, for searching the English lists with Japanese words). It is search
vocabulary written for anpo, not a translation of the law.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

from anpo.classification.catalogue.text import Token, fold_ja, stem_en, tokenize

MAX_PHRASE_WORDS: Final = 4


@dataclass(frozen=True, slots=True)
class Expansion:
    """Japanese terms added for an English phrase of the query (span in the query text)."""

    phrase: str
    terms: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Glossary:
    en_to_ja: dict[tuple[str, ...], tuple[str, ...]]  # stemmed English words -> Japanese terms
    ja_to_en: dict[str, tuple[str, ...]]  # folded Japanese term -> English terms

    def expand_english(self, tokens: Sequence[Token]) -> list[Expansion]:
        """Japanese terms for the English words of a token stream (longest phrase first)."""
        words = [t for t in tokens if t.kind == "en"]
        found: list[Expansion] = []
        i = 0
        while i < len(words):
            for size in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
                key = tuple(w.term for w in words[i : i + size])
                ja = self.en_to_ja.get(key)
                if ja is not None:
                    found.append(
                        Expansion(" ".join(key), ja, words[i].start, words[i + size - 1].end)
                    )
                    i += size
                    break
            else:
                i += 1
        return found

    def expand_japanese(self, tokens: Sequence[Token]) -> list[Expansion]:
        """English terms for Japanese words (to search the English lists)."""
        found: list[Expansion] = []
        for token in tokens:
            if token.kind in ("ja", "compound"):
                en = self.ja_to_en.get(token.term)
                if en is not None:
                    found.append(Expansion(token.term, en, token.start, token.end))
        return found


def _stem_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(t.term for t in tokenize(phrase, compounds=False) if t.kind == "en") or tuple(
        stem_en(w) for w in phrase.split()
    )


def load_glossary(text: str) -> Glossary:
    """Parse the TSV format (``english<TAB>ja1|ja2``, ``#`` comments)."""
    en_to_ja: dict[tuple[str, ...], list[str]] = {}
    ja_to_en: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        english, _tab, japanese = line.partition("\t")
        key = _stem_phrase(english.strip())
        if not key:
            continue
        ja_terms: list[str] = []
        for phrase in japanese.split("|"):
            phrase = phrase.strip()
            if not phrase:
                continue
            tokens = tokenize(phrase)
            for token in tokens:
                # single characters split off a compound (器 of 分析器) say little on their own
                if len(token.term) == 1 and len(tokens) > 1:
                    continue
                if token.kind in ("ja", "compound", "unit", "dim") and token.term not in ja_terms:
                    ja_terms.append(token.term)
            whole = fold_ja(phrase)
            ja_to_en.setdefault(whole, [])
            for word in key:
                if word not in ja_to_en[whole]:
                    ja_to_en[whole].append(word)
        bucket = en_to_ja.setdefault(key, [])
        bucket.extend(t for t in ja_terms if t not in bucket)
    return Glossary(
        en_to_ja={k: tuple(v) for k, v in en_to_ja.items()},
        ja_to_en={k: tuple(v) for k, v in ja_to_en.items()},
    )


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    data = resources.files("anpo.classification.catalogue").joinpath("data/glossary-en-ja.tsv")
    return load_glossary(data.read_text(encoding="utf-8"))
