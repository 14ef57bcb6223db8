"""Suggestions: which list entries an item described in words probably falls under.

A suggestion is never a decision. :class:`Suggester` ranks the 輸出令別表第一 entries
(goods) and the 外為令別表 entries (technology) for a description and its parameters:

1. every provision of the 貨物等省令 is a document made of its own text, the text of the
   provisions above it within its 号 (the noun they qualify), the index's short heading
   and the text of the 輸出令/外為令 entry it specifies; the 輸出令 entries are documents
   too (for items without an ordinance specification, such as 1の項 and 16の項);
2. the query's words, compound words, units and glossary translations are scored with
   BM25 over those documents;
3. parameters (「40 GHz」「5軸」「0.8 µm」) are compared with the thresholds each provision
   states; a met threshold on the same quantity adds most, a quantity of the same kind
   less (:data:`PARAMETER_POINTS`);
4. documents are grouped by the entry they specify; an entry's score is its best
   document's, reported as ``raw / (raw + SCALE)`` in 0..1 with the provision id
   (``ordinance``) and the matched words of that document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from anpo.classification.catalogue.crosswalk import head_text
from anpo.classification.catalogue.model import (
    Entry,
    EntryKind,
    Instrument,
    Link,
    LinkKind,
)
from anpo.classification.catalogue.params import (
    ParameterMatch,
    Threshold,
    extract_thresholds,
    match_parameters,
)
from anpo.classification.catalogue.search import (
    AnalysedQuery,
    BM25Index,
    Document,
    Field,
    analyse_query,
    expand_with_vocabulary,
    head_adjusted,
    matched_words,
    terms_of,
)

TermsOf = Callable[[Entry], tuple[str, ...]]
ThresholdsOf = Callable[[Entry], tuple[Threshold, ...]]


def entry_terms(entry: Entry) -> tuple[str, ...]:
    """The search terms of an entry's text and its search hints (what the database stores)."""
    text = entry.text + (" " + " ".join(entry.search_hints) if entry.search_hints else "")
    return terms_of(text)


def entry_thresholds(entry: Entry) -> tuple[Threshold, ...]:
    return tuple(extract_thresholds(entry.text))


ALGORITHM: Final = "anpo-suggest"
VERSION: Final = "1"
SCALE: Final = 12.0  # raw score at which a suggestion reports 0.5
TECHNOLOGY_FIRST_ARTICLE: Final = 15
FIELD_WEIGHTS: Final = {
    "own": 1.0,
    "context": 0.5,
    "heading": 0.8,
    "target": 0.8,
    "target_parent": 0.4,
    "cited": 0.3,
}
# (meets the threshold, same quantity name) -> points
PARAMETER_POINTS: Final = {
    (True, True): 4.0,
    (True, False): 1.5,
    (False, True): 1.0,
    (False, False): 0.3,
}
MAX_PARAMETER_POINTS: Final = 6.0
# A technology provision "for" goods provisions gets this share of the best score among
# the goods it cites (technology for designing a laser ranks with the laser).
TWO_HOP: Final = 0.7
_EXCLUDED_KEYS: Final = re.compile(r"^appx")


@dataclass(frozen=True, slots=True)
class SuggestInput:
    id: str
    description: str
    kind: str | None = None  # "goods" | "technology" | None (both)
    parameters: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Suggestion:
    instrument: Instrument
    key: str  # entry key in its instrument (7の項(1))
    score: float  # 0..1
    raw: float
    ordinance: str | None  # the 貨物等省令 provision that matched best (tree id)
    matched: tuple[str, ...]  # words of the law text that matched
    parameters: tuple[ParameterMatch, ...] = ()

    @property
    def entry(self) -> str:
        """The label of the suggestion contract: 7の項(1), 外為令別表7の項(1)."""
        return f"外為令別表{self.key}" if self.instrument == Instrument.FOREX_ORDER else self.key

    def as_contract(self) -> dict[str, object]:
        return {
            "entry": self.entry,
            "score": round(self.score, 4),
            "ordinance": self.ordinance,
            "matched": list(self.matched),
        }


@dataclass(frozen=True, slots=True)
class _Doc:
    doc_id: int
    instrument: Instrument  # of the targets
    targets: tuple[str, ...]
    ordinance: str | None
    text: str  # own text (for matched words)
    context_text: str
    thresholds: tuple[Threshold, ...]
    technology: bool
    lineage: tuple[str, ...] = ()  # own key and the keys above it (goods provisions)
    cited: tuple[str, ...] = ()  # goods provisions a technology provision is for


def _article_number(key: str) -> float:
    try:
        return float(key.split("-", 1)[0].replace("_", "."))
    except ValueError:
        return -1.0


class Suggester:
    """Built once per set of catalogue versions; ``suggest`` is cheap."""

    def __init__(self, docs: Sequence[_Doc], index: BM25Index) -> None:
        self._docs = {d.doc_id: d for d in docs}
        self._index = index
        self._goods = {d.doc_id for d in docs if not d.technology}
        self._technology = {d.doc_id for d in docs if d.technology}

    @property
    def size(self) -> int:
        return len(self._docs)

    @classmethod
    def build(
        cls,
        *,
        export_order: Sequence[Entry],
        ordinance: Sequence[Entry],
        forex: Sequence[Entry] = (),
        links: Iterable[Link] = (),
        terms: TermsOf = entry_terms,
        thresholds_of: ThresholdsOf = entry_thresholds,
    ) -> Suggester:
        """Documents for every provision that specifies a list entry (see module doc).

        ``terms`` and ``thresholds_of`` give an entry's search terms and thresholds; the
        defaults compute them (MeCab, a few seconds for the whole ordinance), the Django
        side passes what it stored at import.
        """
        ordinance_by_key = {e.key: e for e in ordinance}
        order_by_key = {e.key: e for e in export_order}
        forex_by_key = {e.key: e for e in forex}
        specifies: dict[str, list[tuple[Instrument, str]]] = {}
        cites: dict[str, list[str]] = {}
        for link in links:
            if link.kind == LinkKind.SPECIFIES and link.source in ordinance_by_key:
                specifies.setdefault(link.source, []).append((link.target_instrument, link.target))
            elif (
                link.kind == LinkKind.IS_FOR
                and link.target_instrument == Instrument.GOODS_ORDINANCE
            ):
                cites.setdefault(link.source, []).append(link.target)

        children: dict[str, list[Entry]] = {}
        for entry in ordinance:
            if entry.parent is not None:
                children.setdefault(entry.parent, []).append(entry)

        def ancestors(entry: Entry) -> list[Entry]:
            chain: list[Entry] = []
            parent = entry.parent
            while parent is not None and parent in ordinance_by_key:
                node = ordinance_by_key[parent]
                chain.append(node)
                parent = node.parent
            return chain

        def targets_of(entry: Entry, chain: list[Entry]) -> list[tuple[Instrument, str]]:
            for node in [entry, *chain]:
                if node.key in specifies:
                    return specifies[node.key]
            return []

        docs: list[_Doc] = []
        fields: list[Document] = []
        threshold_cache: dict[str, tuple[Threshold, ...]] = {}
        term_cache: dict[tuple[str, str], tuple[str, ...]] = {}

        def thresholds(entry: Entry) -> tuple[Threshold, ...]:
            if entry.key not in threshold_cache:
                threshold_cache[entry.key] = thresholds_of(entry)
            return threshold_cache[entry.key]

        def own_terms(entry: Entry, scope: str) -> tuple[str, ...]:
            cache_key = (scope, entry.key)
            if cache_key not in term_cache:
                term_cache[cache_key] = terms(entry)
            return term_cache[cache_key]

        def joined(entries: Iterable[Entry | None], scope: str) -> tuple[str, ...]:
            out: list[str] = []
            for e in entries:
                if e is not None:
                    out.extend(own_terms(e, scope))
            return tuple(out)

        heading_cache: dict[str, tuple[str, ...]] = {}

        def heading_terms(text: str) -> tuple[str, ...]:
            if text not in heading_cache:
                heading_cache[text] = terms_of(text) if text else ()
            return heading_cache[text]

        for entry in ordinance:
            if entry.kind not in (EntryKind.ITEM, EntryKind.PARAGRAPH) or entry.deleted:
                continue
            if _EXCLUDED_KEYS.match(entry.key) or not entry.text:
                continue
            chain = ancestors(entry)
            targets = targets_of(entry, chain)
            if not targets:
                continue
            instrument = targets[0][0]
            within_gou = [n for n in chain if n.kind == EntryKind.ITEM]
            gou = (
                within_gou[-1]
                if within_gou
                else (entry if entry.kind == EntryKind.ITEM and entry.depth == 2 else None)
            )
            target_entries = [
                (order_by_key if inst == Instrument.EXPORT_ORDER else forex_by_key).get(key)
                for inst, key in targets
            ]
            target_parents = [
                order_by_key.get(t.parent) for t in target_entries if t is not None and t.parent
            ]
            cited_terms: tuple[str, ...] = ()
            cited_keys: list[str] = []
            technology = _article_number(entry.key) >= TECHNOLOGY_FIRST_ARTICLE
            if technology:
                cited_keys = next((cites[n.key] for n in [entry, *chain] if n.key in cites), [])
                cited: list[Entry] = []
                for k in cited_keys:
                    node = ordinance_by_key.get(k)
                    if node is None:
                        continue
                    if node.kind == EntryKind.ITEM:
                        cited.append(node)
                    else:  # a whole paragraph or article: its 号
                        cited.extend(
                            c for c in children.get(node.key, []) if c.kind == EntryKind.ITEM
                        )
                cited_terms = tuple(t for c in cited[:16] for t in heading_terms(head_text(c.text)))
            context_nodes: list[Entry] = list(within_gou)
            if (
                entry.kind == EntryKind.ITEM
                and not within_gou
                and chain
                and chain[0].kind == EntryKind.PARAGRAPH
                and technology
            ):
                context_nodes = [chain[0]]
            context = " ".join(n.text for n in context_nodes)
            doc_fields = (
                Field(own_terms(entry, "ordinance"), FIELD_WEIGHTS["own"]),
                Field(joined(context_nodes, "ordinance"), FIELD_WEIGHTS["context"]),
                Field(
                    heading_terms((gou.heading if gou is not None else entry.heading) or ""),
                    FIELD_WEIGHTS["heading"],
                ),
                Field(joined(target_entries, "target"), FIELD_WEIGHTS["target"]),
                Field(joined(target_parents, "target"), FIELD_WEIGHTS["target_parent"]),
                Field(cited_terms, FIELD_WEIGHTS["cited"]),
            )
            doc_id = len(docs)
            inherited = tuple(t for n in within_gou for t in thresholds(n))
            docs.append(
                _Doc(
                    doc_id=doc_id,
                    instrument=instrument,
                    targets=tuple(key for _inst, key in targets),
                    ordinance=entry.key,
                    text=entry.text,
                    context_text=context,
                    thresholds=thresholds(entry) + inherited,
                    technology=technology,
                    lineage=(entry.key, *(n.key for n in chain)),
                    cited=tuple(cited_keys),
                )
            )
            fields.append(Document(doc_id, doc_fields))
        # the 輸出令 entries themselves (1の項, 16の項 and the words of the order)
        first_spec: dict[str, str] = {}
        for source, targets in specifies.items():
            for inst, key in targets:
                if (
                    inst == Instrument.EXPORT_ORDER
                    and ordinance_by_key[source].kind == EntryKind.ITEM
                ):
                    first_spec.setdefault(key, source)
        for entry in export_order:
            if entry.deleted or not entry.text or entry.kind == EntryKind.KOU:
                continue
            parent = order_by_key.get(entry.parent) if entry.parent else None
            parent_text = parent.text if parent is not None else ""
            doc_id = len(docs)
            docs.append(
                _Doc(
                    doc_id=doc_id,
                    instrument=Instrument.EXPORT_ORDER,
                    targets=(entry.key,),
                    ordinance=first_spec.get(entry.key) or first_spec.get(entry.parent or ""),
                    text=entry.text,
                    context_text=parent_text,
                    thresholds=thresholds_of(entry),
                    technology=False,
                )
            )
            fields.append(
                Document(
                    doc_id,
                    (
                        Field(own_terms(entry, "target"), 1.2),
                        Field(joined([parent], "target"), FIELD_WEIGHTS["context"]),
                    ),
                )
            )
        return cls(docs, BM25Index(fields))

    def suggest(self, item: SuggestInput, *, top: int = 10) -> list[Suggestion]:
        query = analyse_query(item.description, item.parameters)
        return self.suggest_query(query, kind=item.kind, top=top)

    def suggest_query(
        self, query: AnalysedQuery, *, kind: str | None = None, top: int = 10
    ) -> list[Suggestion]:
        if query.is_empty and not query.parameters:
            return []
        query = expand_with_vocabulary(query, self._index.postings)
        scored = self._index.search(query.weights)
        raw_of: dict[int, tuple[float, dict[str, float], tuple[ParameterMatch, ...]]] = {}
        for doc_id, doc_score in scored.items():
            doc = self._docs[doc_id]
            matches = (
                tuple(match_parameters(list(query.parameters), list(doc.thresholds)))
                if query.parameters
                else ()
            )
            points = 0.0
            for match in matches:
                points += PARAMETER_POINTS[(match.meets, match.same_name)]
            raw_of[doc_id] = (
                head_adjusted(query, doc_score) + min(points, MAX_PARAMETER_POINTS),
                doc_score.matched,
                matches,
            )
        if kind != "goods":
            # technology: add a share of the best score among the goods it is for
            best_under: dict[str, float] = {}
            for doc_id in self._goods:
                if doc_id not in raw_of:
                    continue
                value = raw_of[doc_id][0]
                for lineage_key in self._docs[doc_id].lineage:
                    if value > best_under.get(lineage_key, 0.0):
                        best_under[lineage_key] = value
            for doc_id in self._technology:
                doc = self._docs[doc_id]
                hop = max((best_under.get(k, 0.0) for k in doc.cited), default=0.0)
                if hop <= 0:
                    continue
                own, matched, matches = raw_of.get(doc_id, (0.0, {}, ()))
                raw_of[doc_id] = (own + TWO_HOP * hop, matched, matches)
        allowed = (
            self._goods if kind == "goods" else self._technology if kind == "technology" else None
        )
        best: dict[
            tuple[Instrument, str], tuple[float, _Doc, dict[str, float], tuple[ParameterMatch, ...]]
        ] = {}
        for doc_id, (raw, matched_terms, matches) in raw_of.items():
            if allowed is not None and doc_id not in allowed:
                continue
            doc = self._docs[doc_id]
            for target in doc.targets:
                best_key = (doc.instrument, target)
                if best_key not in best or raw > best[best_key][0]:
                    best[best_key] = (raw, doc, matched_terms, matches)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0][1]))[:top]
        suggestions: list[Suggestion] = []
        for (instrument, key), (raw, doc, matched_terms, matches) in ranked:
            words = matched_words(doc.text, matched_terms) or matched_words(
                doc.context_text, matched_terms
            )
            for match in matches:
                limit = match.threshold.surface
                if match.meets and limit and limit not in words:
                    words.append(limit)
            suggestions.append(
                Suggestion(
                    instrument=instrument,
                    key=key,
                    score=raw / (raw + SCALE),
                    raw=raw,
                    ordinance=doc.ordinance,
                    matched=tuple(words),
                    parameters=tuple(m for m in matches if m.meets or m.same_name),
                )
            )
        return suggestions
