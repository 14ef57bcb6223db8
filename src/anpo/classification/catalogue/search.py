"""Ranking over catalogue texts: BM25 with weighted fields, query analysis, highlights.

``analyse_query`` turns what a user typed (Japanese, English or both, with parameter
words) into weighted search terms: the words themselves, compound words, units and their
dimensions, and the Japanese terms of the glossary for English words. ``BM25Index``
scores documents made of weighted fields (an entry's own text, its heading, the text of
the provision above it ...) and reports, per document, which terms matched, so that
callers can highlight them (``highlight_spans``) - explanations are data, not strings.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from anpo.classification.catalogue.glossary import Expansion, Glossary, default_glossary
from anpo.classification.catalogue.params import Parameter, extract_parameters
from anpo.classification.catalogue.text import Token, tokenize

K1: Final = 1.2
B: Final = 0.75
TERM_WEIGHTS: Final = {"ja": 1.0, "en": 1.0, "compound": 0.8, "unit": 0.6, "dim": 0.3, "code": 3.0}
MODIFIER_FACTOR: Final = (
    0.6  # a word that modifies the head noun of a compound (光 in 光ファイバジャイロ)
)
EXPANSION_WEIGHT: Final = 0.9
PARAMETER_NAME_WEIGHT: Final = 0.7
# A description names the thing first and its use after ("FOG。自律移動ロボットの姿勢推定に使う",
# "spectrum analyzer for mmWave device characterisation"): words of the leading clause count
# more than words of the context.
SUBJECT_FACTOR: Final = 1.2
CONTEXT_FACTOR: Final = 0.8
_CONTEXT_START: Final = re.compile(
    r"[。．;；\n]|\.\s|\s(?:for|used|to be used|in our|at our|with our)\s|に使|で使|に用い|で用い|用途|のため|として使"
)


@dataclass(frozen=True, slots=True)
class Field:
    terms: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: int
    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class DocScore:
    score: float
    matched: dict[str, float]  # term -> its contribution


@dataclass(frozen=True, slots=True)
class AnalysedQuery:
    text: str
    tokens: tuple[Token, ...]
    weights: dict[str, float]
    expansions: tuple[Expansion, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)  # term -> the query words it came from
    # compound nouns of the query: (head term, modifier terms); a document that lacks the
    # head gets little for the modifiers (光ファイバジャイロ is a gyro, not an optical fibre)
    compounds: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.weights


def analyse_query(
    text: str,
    parameters: Mapping[str, object] | None = None,
    *,
    glossary: Glossary | None = None,
) -> AnalysedQuery:
    glossary = glossary or default_glossary()
    tokens = tokenize(text)
    weights: dict[str, float] = {}
    sources: dict[str, str] = {}

    def add(term: str, weight: float, source: str) -> None:
        if weight > weights.get(term, 0.0):
            weights[term] = weight
            sources[term] = source

    groups: dict[int, list[Token]] = {}
    boundary = _CONTEXT_START.search(text)
    subject_end = boundary.start() if boundary and boundary.start() >= 2 else len(text)
    for token in tokens:
        factor = 1.0 if token.head else MODIFIER_FACTOR
        if subject_end < len(text):
            factor *= SUBJECT_FACTOR if token.start < subject_end else CONTEXT_FACTOR
        add(token.term, factor * TERM_WEIGHTS.get(token.kind, 1.0), text[token.start : token.end])
        if token.group:
            groups.setdefault(token.group, []).append(token)
    compounds: list[tuple[str, tuple[str, ...]]] = []
    for members in groups.values():
        heads = [t for t in members if t.head and t.kind != "compound"]
        if not heads:
            continue
        head = heads[-1].term
        modifiers = tuple(dict.fromkeys(t.term for t in members if not t.head and t.term != head))
        if modifiers:
            compounds.append((head, modifiers))
    expansions = glossary.expand_english(tokens)
    for name, value in (parameters or {}).items():
        name_tokens = tokenize(str(name))
        for token in name_tokens:
            add(token.term, PARAMETER_NAME_WEIGHT * TERM_WEIGHTS.get(token.kind, 1.0), str(name))
        expansions.extend(glossary.expand_english(name_tokens))
        for token in tokenize(str(value)):
            if token.kind in ("unit", "dim", "ja", "en"):
                add(token.term, 0.5 * TERM_WEIGHTS.get(token.kind, 1.0), str(value))
    for expansion in expansions:
        weight = EXPANSION_WEIGHT / math.sqrt(max(1, len(expansion.terms)) / 2)
        for term in expansion.terms:
            add(term, min(EXPANSION_WEIGHT, weight), expansion.phrase)
    params = extract_parameters(text, parameters, glossary=glossary)
    return AnalysedQuery(
        text, tuple(tokens), weights, tuple(expansions), tuple(params), sources, tuple(compounds)
    )


class BM25Index:
    """BM25 over documents with weighted fields (a simple BM25F)."""

    def __init__(self, documents: Iterable[Document], *, k1: float = K1, b: float = B) -> None:
        self.k1 = k1
        self.b = b
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        lengths: dict[int, float] = {}
        for doc in documents:
            length = 0.0
            for fld in doc.fields:
                length += fld.weight * len(fld.terms)
                for term in fld.terms:
                    bucket = postings[term]
                    bucket[doc.doc_id] = bucket.get(doc.doc_id, 0.0) + fld.weight
            lengths[doc.doc_id] = length
        self.postings: dict[str, dict[int, float]] = dict(postings)
        self.lengths = lengths
        self.size = len(lengths)
        self.average_length = (sum(lengths.values()) / self.size) if self.size else 1.0

    def idf(self, term: str) -> float:
        df = len(self.postings.get(term, ()))
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def search(
        self, weights: Mapping[str, float], *, restrict: set[int] | None = None
    ) -> dict[int, DocScore]:
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, dict[str, float]] = defaultdict(dict)
        for term, query_weight in weights.items():
            bucket = self.postings.get(term)
            if not bucket:
                continue
            idf = self.idf(term)
            for doc_id, tf in bucket.items():
                if restrict is not None and doc_id not in restrict:
                    continue
                norm = self.k1 * (1 - self.b + self.b * self.lengths[doc_id] / self.average_length)
                contribution = query_weight * idf * tf * (self.k1 + 1) / (tf + norm)
                scores[doc_id] += contribution
                matched[doc_id][term] = contribution
        return {doc_id: DocScore(score, matched[doc_id]) for doc_id, score in scores.items()}


_KATAKANA_TERM: Final = re.compile(r"^[ァ-ヶー]{5,}$")


def decompose_katakana(term: str, vocabulary: Mapping[str, object] | set[str]) -> list[str]:
    """Known katakana words inside an unknown long katakana word (ファイバジャイロ -> ファイバ, ジャイロ).

    MeCab keeps an unknown katakana compound as one token; the catalogue knows its parts.
    Returns [] when the word is known or cannot be covered by known words of 2+ characters.
    """
    if term in vocabulary or not _KATAKANA_TERM.match(term):
        return []
    n = len(term)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 12), end - 1):
            prefix = best[start]
            piece = term[start:end]
            candidates = [piece]
            if piece.endswith("ー"):
                candidates.append(piece[:-1])
            for word in candidates:
                if prefix is not None and word in vocabulary:
                    option = [*prefix, word]
                    current = best[end]
                    if current is None or len(option) < len(current):
                        best[end] = option
                    break
    result = best[n]
    return result if result and len(result) > 1 else []


def expand_with_vocabulary(query: AnalysedQuery, vocabulary: Mapping[str, object]) -> AnalysedQuery:
    """The query with the known parts of unknown katakana compounds added."""
    weights = dict(query.weights)
    sources = dict(query.sources)
    for term, weight in query.weights.items():
        for part in decompose_katakana(term, vocabulary):
            if weights.get(part, 0.0) < 0.8 * weight:
                weights[part] = 0.8 * weight
                sources[part] = query.sources.get(term, term)
    if weights == query.weights:
        return query
    return AnalysedQuery(
        query.text,
        query.tokens,
        weights,
        query.expansions,
        query.parameters,
        sources,
        query.compounds,
    )


HEADLESS_FACTOR: Final = 0.3


def head_adjusted(query: AnalysedQuery, score: DocScore) -> float:
    """The document's score with modifiers discounted where the compound's head is missing."""
    total = score.score
    for head, modifiers in query.compounds:
        if head in score.matched:
            continue
        for term in modifiers:
            contribution = score.matched.get(term)
            if contribution:
                total -= (1 - HEADLESS_FACTOR) * contribution
    return total


@lru_cache(maxsize=8192)
def cached_tokens(text: str) -> tuple[Token, ...]:
    return tuple(tokenize(text))


def terms_of(text: str) -> tuple[str, ...]:
    return tuple(t.term for t in cached_tokens(text))


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` whose tokens are among ``terms`` (merged, in order)."""
    wanted = set(terms)
    spans = sorted(
        (t.start, t.end)
        for t in cached_tokens(text)
        if t.term in wanted and t.kind != "dim" and t.end > t.start
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def split_highlight(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_match) for templates."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in spans:
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def matched_words(text: str, terms: Iterable[str]) -> list[str]:
    """The words of ``text`` that matched, as written there (for the suggestion contract).

    Single characters are left out (a lone 数 or 器 is noise, not a reason).
    """
    seen: dict[str, None] = {}
    for start, end in highlight_spans(text, terms):
        word = text[start:end].strip()
        if len(word) > 1:
            seen.setdefault(word, None)
    return list(seen)
