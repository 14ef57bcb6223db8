"""Reads of the catalogue: versions in force, entries, links, search, diffs, suggestions.

The catalogue is law text, readable by every role (capability ``read_catalogue``, held by every signed-in user); no
row-level visibility applies. The search index and the suggester are built in memory
from the stored search terms of the versions in force and rebuilt when they change.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from anpo.classification.catalogue import analogues as catalogue_analogues
from anpo.classification.catalogue import diff as catalogue_diff
from anpo.classification.catalogue.glossary import default_glossary
from anpo.classification.catalogue.model import (
    Entry,
    EntryKind,
    Link,
    LinkBasis,
    LinkKind,
)
from anpo.classification.catalogue.model import (
    Instrument as InstrumentCode,
)
from anpo.classification.catalogue.numerals import IROHA_ID, kanji_to_int
from anpo.classification.catalogue.params import (
    ParameterMatch,
    Threshold,
    match_parameters,
    threshold_from_dict,
)
from anpo.classification.catalogue.search import (
    AnalysedQuery,
    BM25Index,
    Document,
    Field,
    analyse_query,
    expand_with_vocabulary,
    head_adjusted,
    highlight_spans,
    split_highlight,
)
from anpo.classification.catalogue.suggest import Suggester
from anpo.classification.models import (
    CatalogueEntry,
    CatalogueLink,
    CatalogueVersion,
    Instrument,
)

# --- conversions ---------------------------------------------------------------------------


def entry_from_row(row: CatalogueEntry) -> Entry:
    return Entry(
        key=row.key,
        kind=EntryKind(row.kind),
        label=row.label,
        text=row.text,
        parent=row.parent_key or None,
        number=row.number,
        heading=row.heading,
        position=row.position,
        depth=row.depth,
        deleted=row.deleted,
        flags=tuple(row.flags or ()),
        attributes=tuple((str(k), str(v)) for k, v in (row.attributes or {}).items()),
        search_hints=tuple(row.search_hints or ()),
    )


def link_from_row(row: CatalogueLink) -> Link:
    return Link(
        source=row.source_key,
        target_instrument=InstrumentCode(row.target_instrument),
        target=row.target_key,
        kind=LinkKind(row.kind),
        basis=LinkBasis(row.basis),
        score=row.score,
        note=row.note,
    )


def version_entries(version: CatalogueVersion) -> dict[str, Entry]:
    return {row.key: entry_from_row(row) for row in version.entries.all().order_by("position")}


def version_links(version: CatalogueVersion) -> list[Link]:
    return [link_from_row(row) for row in version.links.filter(target_version__isnull=True)]


# --- versions ------------------------------------------------------------------------------


def instruments() -> QuerySet[Instrument]:
    return Instrument.objects.select_related("regime").order_by("position")


def current_versions() -> dict[str, CatalogueVersion]:
    return {
        v.instrument.code: v
        for v in CatalogueVersion.objects.filter(is_current=True).select_related(
            "instrument", "instrument__regime"
        )
    }


def catalogue_status() -> list[dict[str, Any]]:
    """Every instrument with its version in force and the number of stored versions."""
    current = current_versions()
    counts: dict[int, int] = {}
    for instrument_id in CatalogueVersion.objects.values_list("instrument_id", flat=True):
        counts[instrument_id] = counts.get(instrument_id, 0) + 1
    return [
        {"instrument": inst, "version": current.get(inst.code), "versions": counts.get(inst.pk, 0)}
        for inst in instruments()
    ]


def instrument_get(code: str) -> Instrument:
    return Instrument.objects.select_related("regime").get(code=code)


def version_get(pk: int) -> CatalogueVersion:
    return CatalogueVersion.objects.select_related("instrument", "previous", "imported_by").get(
        pk=pk
    )


def versions_of(instrument: Instrument) -> QuerySet[CatalogueVersion]:
    return instrument.versions.order_by("-effective_from", "-pk")


# --- entries -------------------------------------------------------------------------------


def entry_get(
    *, instrument: Instrument, key: str, version: CatalogueVersion | None = None
) -> CatalogueEntry:
    version = version or instrument.current_version
    if version is None:
        raise CatalogueEntry.DoesNotExist
    return CatalogueEntry.objects.select_related("version", "version__instrument").get(
        version=version, key=key
    )


def entry_children(entry: CatalogueEntry) -> QuerySet[CatalogueEntry]:
    return CatalogueEntry.objects.filter(version=entry.version_id, parent_key=entry.key).order_by(
        "position"
    )


def entry_ancestors(entry: CatalogueEntry) -> list[CatalogueEntry]:
    chain: list[CatalogueEntry] = []
    parent = entry.parent_key
    seen: set[str] = set()
    while parent and parent not in seen:
        seen.add(parent)
        row = CatalogueEntry.objects.filter(version=entry.version_id, key=parent).first()
        if row is None:
            break
        chain.insert(0, row)
        parent = row.parent_key
    return chain


def top_entries(version: CatalogueVersion) -> QuerySet[CatalogueEntry]:
    return version.entries.filter(parent_key="").order_by("position")


def entry_history(*, instrument: Instrument, key: str) -> list[dict[str, Any]]:
    """The entry in every stored version, oldest first, with whether it changed."""
    rows = (
        CatalogueEntry.objects.filter(version__instrument=instrument, key=key)
        .select_related("version")
        .order_by("version__effective_from", "version_id")
    )
    history: list[dict[str, Any]] = []
    previous: CatalogueEntry | None = None
    for row in rows:
        history.append(
            {
                "entry": row,
                "version": row.version,
                "changed": previous is not None and previous.content_hash != row.content_hash,
                "first": previous is None,
            }
        )
        previous = row
    versions_without = CatalogueVersion.objects.filter(instrument=instrument).exclude(
        pk__in=[h["version"].pk for h in history]
    )
    for version in versions_without:
        history.append({"entry": None, "version": version, "changed": False, "first": False})
    history.sort(
        key=lambda h: (
            h["version"].effective_from or h["version"].imported_at.date(),
            h["version"].pk,
        )
    )
    return history


@dataclass
class LinkedEntry:
    """A link resolved to an entry of the version in force of the other instrument."""

    instrument: Instrument
    key: str
    entry: CatalogueEntry | None
    link: CatalogueLink | None = None
    specification: CatalogueEntry | None = None  # for items without own text (外為令)


def _resolve(
    instrument_code: str, keys: Iterable[str], *, links: dict[str, CatalogueLink] | None = None
) -> list[LinkedEntry]:
    keys = list(dict.fromkeys(keys))
    if not keys:
        return []
    instrument = Instrument.objects.filter(code=instrument_code).first()
    if instrument is None:
        return []
    version = instrument.current_version
    rows = (
        {r.key: r for r in CatalogueEntry.objects.filter(version=version, key__in=keys)}
        if version
        else {}
    )
    return [LinkedEntry(instrument, key, rows.get(key), (links or {}).get(key)) for key in keys]


def _jp_versions() -> tuple[
    CatalogueVersion | None, CatalogueVersion | None, CatalogueVersion | None
]:
    current = current_versions()
    return (
        current.get(InstrumentCode.EXPORT_ORDER.value),
        current.get(InstrumentCode.GOODS_ORDINANCE.value),
        current.get(InstrumentCode.FOREX_ORDER.value),
    )


def _ordinance_links(
    ordinance: CatalogueVersion, order: CatalogueVersion | None
) -> QuerySet[CatalogueLink]:
    links = CatalogueLink.objects.filter(version=ordinance)
    if order is not None:
        links = links.filter(Q(target_version__isnull=True) | Q(target_version=order))
    return links


def entry_relations(entry: CatalogueEntry) -> dict[str, Any]:
    """What an entry is linked to: its specification, technology/goods counterpart, analogues.

    Returns lists of :class:`LinkedEntry` under ``specified_by`` (ordinance provisions that
    specify a 輸出令/外為令 entry), ``specifies`` (the list entries an ordinance provision
    specifies), ``technology`` / ``goods`` (外為令 <-> 輸出令 by item number), ``cites`` /
    ``cited_by`` (technology provisions <-> goods provisions) and ``analogues``.
    """
    code = entry.version.instrument.code
    order, ordinance, forex = _jp_versions()
    relations: dict[str, Any] = {
        "specified_by": [],
        "specifies": [],
        "technology": [],
        "goods": [],
        "cites": [],
        "cited_by": [],
        "analogues": [],
        "analogue_rule": None,
    }
    table = catalogue_analogues.default_analogues()
    if code in (InstrumentCode.EXPORT_ORDER.value, InstrumentCode.FOREX_ORDER.value):
        if ordinance is not None:
            prefix_keys = [entry.key]
            # a 号's specification also covers its 枝; a 項's, its 号
            child_keys = list(
                CatalogueEntry.objects.filter(
                    version=entry.version, parent_key=entry.key
                ).values_list("key", flat=True)
            )
            rows = _ordinance_links(ordinance, order).filter(
                target_instrument=code,
                target_key__in=prefix_keys + child_keys,
                kind=LinkKind.SPECIFIES.value,
            )
            by_source = {r.source_key: r for r in rows}
            relations["specified_by"] = _resolve(
                InstrumentCode.GOODS_ORDINANCE.value, by_source.keys(), links=by_source
            )
        kou = catalogue_analogues.kou_of(entry.key)
        if kou is not None:
            kou_key = f"{kou}の項"
            if code == InstrumentCode.EXPORT_ORDER.value:
                tech_keys = (
                    list(
                        CatalogueEntry.objects.filter(
                            version=forex, key__startswith=kou_key
                        ).values_list("key", flat=True)
                    )
                    if forex
                    else []
                )
                relations["technology"] = _with_specification(
                    _resolve(
                        InstrumentCode.FOREX_ORDER.value,
                        [k for k in tech_keys if k.split("(")[0] == kou_key],
                    ),
                    ordinance,
                )
            else:
                relations["goods"] = _resolve(InstrumentCode.EXPORT_ORDER.value, [kou_key])
            rule = table.rule_for_kou(kou)
            relations["analogue_rule"] = rule
            relations["analogues"] = analogue_entries(kou)
    elif code == InstrumentCode.GOODS_ORDINANCE.value:
        chain = [entry.key, *(a.key for a in reversed(entry_ancestors(entry)))]
        links = list(_ordinance_links(entry.version, order).filter(source_key__in=chain))
        nearest: dict[str, list[CatalogueLink]] = {}
        for key in chain:
            for link in links:
                if link.source_key == key:
                    nearest.setdefault(link.kind, []).append(link)
            if LinkKind.SPECIFIES.value in nearest:
                break
        specifies = nearest.get(LinkKind.SPECIFIES.value, [])
        grouped: dict[str, dict[str, CatalogueLink]] = {}
        for link in specifies:
            grouped.setdefault(link.target_instrument, {})[link.target_key] = link
        for instrument_code, by_key in grouped.items():
            relations["specifies"].extend(_resolve(instrument_code, by_key.keys(), links=by_key))
        cites = {
            link.target_key: link
            for link in links
            if link.kind == LinkKind.IS_FOR.value and link.source_key == entry.key
        }
        relations["cites"] = _resolve(
            InstrumentCode.GOODS_ORDINANCE.value, cites.keys(), links=cites
        )
        cited_by = CatalogueLink.objects.filter(
            version=entry.version, kind=LinkKind.IS_FOR.value, target_key=entry.key
        )[:50]
        relations["cited_by"] = _resolve(
            InstrumentCode.GOODS_ORDINANCE.value, [link.source_key for link in cited_by]
        )
    elif code in (InstrumentCode.US_CCL.value, InstrumentCode.EU_STRUCTURE.value):
        kous = table.kou_for_code(InstrumentCode(code), entry.key)
        relations["analogues"] = _resolve(
            InstrumentCode.EXPORT_ORDER.value, [f"{k}の項" for k in kous]
        )
    return relations


def _with_specification(
    items: list[LinkedEntry], ordinance: CatalogueVersion | None
) -> list[LinkedEntry]:
    """Attach the ordinance paragraph that specifies each item (外為令 items have no text here)."""
    if ordinance is None:
        return items
    keys = [i.key for i in items]
    links = CatalogueLink.objects.filter(
        version=ordinance,
        kind=LinkKind.SPECIFIES.value,
        target_instrument=InstrumentCode.FOREX_ORDER.value,
        target_key__in=keys,
    )
    source_for = {link.target_key: link.source_key for link in links}
    rows = {
        r.key: r
        for r in CatalogueEntry.objects.filter(version=ordinance, key__in=source_for.values())
    }
    for item in items:
        item.specification = rows.get(source_for.get(item.key, ""))
    return items


def analogue_entries(kou: str, *, limit: int = 40) -> list[LinkedEntry]:
    """CCL and EU entries of the category / regime block of a 項 (guidance)."""
    table = catalogue_analogues.default_analogues()
    found: list[LinkedEntry] = []
    for code in (InstrumentCode.US_CCL, InstrumentCode.EU_STRUCTURE):
        rule = table.rule_for_kou(kou)
        pattern = rule.pattern(code) if rule else None
        if pattern is None:
            continue
        instrument = Instrument.objects.filter(code=code.value).first()
        version = instrument.current_version if instrument else None
        if version is None:
            continue
        rows = version.entries.filter(kind=EntryKind.ECCN.value).order_by("position")
        matching = [r for r in rows if pattern.match(r.key)]
        if instrument is not None:
            found.extend(LinkedEntry(instrument, r.key, r) for r in matching[:limit])
    return found


# --- diff ------------------------------------------------------------------------------------


def version_diff(old: CatalogueVersion, new: CatalogueVersion) -> list[catalogue_diff.EntryChange]:
    if old.instrument_id != new.instrument_id:
        raise ValueError("versions of different instruments")
    return catalogue_diff.diff_entries(version_entries(old), version_entries(new))


# --- search ----------------------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, Any] = {}


def invalidate_caches() -> None:
    with _lock:
        _cache.clear()


def _state_key() -> tuple[Any, ...]:
    current = sorted(CatalogueVersion.objects.filter(is_current=True).values_list("pk", flat=True))
    return (*current, CatalogueLink.objects.count())


@dataclass
class _SearchCorpus:
    index: BM25Index
    rows: dict[int, tuple[int, str]]  # doc id -> (entry pk, instrument code)
    thresholds: dict[int, tuple[Threshold, ...]]
    versions: dict[str, CatalogueVersion]


def _corpus() -> _SearchCorpus:
    key = ("search", _state_key())
    with _lock:
        cached = _cache.get("search")
        if cached is not None and cached[0] == key:
            return cached[1]  # type: ignore[no-any-return]
    versions = current_versions()
    documents: list[Document] = []
    rows: dict[int, tuple[int, str]] = {}
    thresholds: dict[int, tuple[Threshold, ...]] = {}
    for code, version in versions.items():
        for pk, terms, heading_terms, stored in version.entries.filter(deleted=False).values_list(
            "pk", "search_terms", "heading_terms", "thresholds"
        ):
            doc_id = len(rows)
            rows[doc_id] = (pk, code)
            documents.append(
                Document(
                    doc_id,
                    (Field(tuple(terms.split()), 1.0), Field(tuple(heading_terms.split()), 0.8)),
                )
            )
            if stored:
                thresholds[doc_id] = tuple(threshold_from_dict(t) for t in stored)
    corpus = _SearchCorpus(BM25Index(documents), rows, thresholds, versions)
    with _lock:
        _cache["search"] = (key, corpus)
    return corpus


def suggester() -> Suggester | None:
    """The suggester over the 輸出令, 貨物等省令 and 外為令 versions in force (cached)."""
    key = ("suggest", _state_key())
    with _lock:
        cached = _cache.get("suggest")
        if cached is not None and cached[0] == key:
            return cached[1]  # type: ignore[no-any-return]
    order, ordinance, forex = _jp_versions()
    if order is None or ordinance is None:
        return None
    stored_terms: dict[tuple[int, str], tuple[str, ...]] = {}
    stored_thresholds: dict[tuple[int, str], tuple[Threshold, ...]] = {}
    entries: dict[int, list[Entry]] = {}
    for version in (order, ordinance, forex):
        if version is None:
            continue
        entries[version.pk] = []
        for row in version.entries.all().order_by("position"):
            entry = entry_from_row(row)
            entries[version.pk].append(entry)
            stored_terms[(version.pk, row.key)] = tuple(row.search_terms.split())
            stored_thresholds[(version.pk, row.key)] = tuple(
                threshold_from_dict(t) for t in row.thresholds or []
            )
    by_entry: dict[int, int] = {}
    for version_pk, items in entries.items():
        for entry in items:
            by_entry[id(entry)] = version_pk
    links = [link_from_row(r) for r in _ordinance_links(ordinance, order)]
    if forex is not None:
        links += [link_from_row(r) for r in CatalogueLink.objects.filter(version=forex)]
    built = Suggester.build(
        export_order=entries[order.pk],
        ordinance=entries[ordinance.pk],
        forex=entries.get(forex.pk, []) if forex else [],
        links=links,
        terms=lambda e: stored_terms.get((by_entry[id(e)], e.key), ()),
        thresholds_of=lambda e: stored_thresholds.get((by_entry[id(e)], e.key), ()),
    )
    with _lock:
        _cache["suggest"] = (key, built)
    return built


@dataclass
class SearchHit:
    entry: CatalogueEntry
    instrument: Instrument
    score: float
    spans: list[tuple[int, int]] = field(default_factory=list)
    parameters: list[ParameterMatch] = field(default_factory=list)
    exact: bool = False

    @property
    def pieces(self) -> list[tuple[str, bool]]:

        return split_highlight(self.entry.text, self.spans)


@dataclass
class SearchResult:
    query: str
    analysed: AnalysedQuery | None
    exact: list[SearchHit]
    hits: list[SearchHit]
    total: int

    @property
    def matched_words(self) -> list[str]:
        if self.analysed is None:
            return []
        return list(dict.fromkeys(self.analysed.sources.get(t, t) for t in self.analysed.weights))


_N = r"[0-9〇一二三四五六七八九十百]+"
_KOU_RE = re.compile(
    rf"(?P<forex>外為令(?:別表)?\s*)?(?P<kou>{_N}(?:の{_N})?)\s*の?\s*項\s*"
    rf"(?:[（(]\s*(?P<gou>{_N}(?:の{_N})?)\s*[)）]|第?(?P<gou2>{_N}(?:の{_N})?)\s*号)?(?P<branch>[0-9]+(?:の[0-9]+)?(?![0-9A-Za-z.]))?"
)
_ECCN_RE = re.compile(r"\b(?P<code>\d[A-Ea-e]\d{3})(?P<sub>(?:\.[a-z0-9]+)*)\b")
_ARTICLE_RE = re.compile(
    rf"第\s*(?P<art>{_N})\s*条(?:\s*の\s*(?P<art2>{_N}))?(?:\s*第\s*(?P<para>{_N})\s*項)?"
    rf"(?:\s*第\s*(?P<gou>{_N})\s*号(?:\s*の\s*(?P<gou2>{_N}))?)?(?P<kana>[イロハニホヘトチリヌルヲワカヨタレソツネナラム])?"
)


def _num(text: str | None) -> str:

    value = kanji_to_int(text or "")
    return str(value) if value is not None else ""


def _pair(text: str) -> str:
    head, _sep, tail = text.partition("の")
    return _num(head) + (f"の{_num(tail)}" if tail else "")


def _number_lookup(query: str) -> list[tuple[str, str]]:
    """(instrument code, key) pairs named by 項番, ECCN or article citation in ``query``."""

    text = unicodedata.normalize("NFKC", query)
    found: list[tuple[str, str]] = []
    for match in _ARTICLE_RE.finditer(text):
        article = _num(match.group("art")) + (
            f"_{_num(match.group('art2'))}" if match.group("art2") else ""
        )
        parts = [article]
        if match.group("para") or match.group("gou"):
            parts.append(_num(match.group("para")) if match.group("para") else "1")
        if match.group("gou"):
            parts.append(
                _num(match.group("gou"))
                + (f"_{_num(match.group('gou2'))}" if match.group("gou2") else "")
            )
            if match.group("kana"):
                parts.append(IROHA_ID[match.group("kana")])
        found.append((InstrumentCode.GOODS_ORDINANCE.value, "-".join(parts)))
    text_without_articles = _ARTICLE_RE.sub(" ", text)
    for match in _KOU_RE.finditer(text_without_articles):
        key = f"{_pair(match.group('kou'))}の項"
        gou = match.group("gou") or match.group("gou2")
        if gou:
            key += f"({_pair(gou)})"
            if match.group("branch"):
                key += match.group("branch")
        code = InstrumentCode.FOREX_ORDER if match.group("forex") else InstrumentCode.EXPORT_ORDER
        found.append((code.value, key))
    for match in _ECCN_RE.finditer(text):
        key = match.group("code").upper() + match.group("sub")
        found.append((InstrumentCode.US_CCL.value, key))
        found.append((InstrumentCode.EU_STRUCTURE.value, key))
    return found


def catalogue_search(
    *,
    query: str,
    parameters: dict[str, str] | None = None,
    instrument: str | None = None,
    limit: int = 30,
) -> SearchResult:
    """Entries of the versions in force for ``query``: by number (項番, ECCN, 第…条) and by words.

    Words are matched in both languages (English words also through the glossary, Japanese
    words also against the English lists); parameter words ("40 GHz", "5軸") add weight to
    provisions whose thresholds they meet. Hits carry the spans to highlight.
    """
    query = (query or "").strip()[:500]
    corpus = _corpus()
    exact: list[SearchHit] = []
    seen: set[int] = set()
    for code, key in _number_lookup(query):
        if instrument and code != instrument:
            continue
        version = corpus.versions.get(code)
        if version is None:
            continue
        row = (
            CatalogueEntry.objects.filter(version=version, key=key)
            .select_related("version__instrument")
            .first()
        )
        if row is None and code == InstrumentCode.GOODS_ORDINANCE.value and key.count("-") == 1:
            row = CatalogueEntry.objects.filter(version=version, key=f"{key}-1").first()
        if row is not None and row.pk not in seen:
            seen.add(row.pk)
            exact.append(SearchHit(row, version.instrument, 1.0, exact=True))
    if not query and not parameters:
        return SearchResult(query, None, exact, [], 0)
    analysed = analyse_query(query, parameters)
    analysed = expand_with_vocabulary(analysed, corpus.index.postings)
    weights = dict(analysed.weights)
    glossary = default_glossary()
    for expansion in glossary.expand_japanese(analysed.tokens):
        for term in expansion.terms:
            weights.setdefault(term, 0.7)
    restrict = None
    if instrument:
        restrict = {doc for doc, (_pk, code) in corpus.rows.items() if code == instrument}
    scored = corpus.index.search(weights, restrict=restrict)
    ranked: list[tuple[float, int, dict[str, float], list[ParameterMatch]]] = []
    for doc_id, doc_score in scored.items():
        value = head_adjusted(analysed, doc_score)
        matches: list[ParameterMatch] = []
        if analysed.parameters and doc_id in corpus.thresholds:
            matches = match_parameters(list(analysed.parameters), list(corpus.thresholds[doc_id]))
            value += sum(
                2.0 if m.meets and m.same_name else 1.0 if m.meets else 0.2 for m in matches
            )
        ranked.append((value, doc_id, doc_score.matched, [m for m in matches if m.meets]))
    ranked.sort(key=lambda r: -r[0])
    total = len(ranked)
    top = ranked[: limit * 2]
    pks = [corpus.rows[doc_id][0] for _v, doc_id, _m, _p in top]
    rows = {
        r.pk: r
        for r in CatalogueEntry.objects.filter(pk__in=pks).select_related("version__instrument")
    }
    hits: list[SearchHit] = []
    for value, doc_id, matched, params in top:
        pk = corpus.rows[doc_id][0]
        if pk in seen or pk not in rows:
            continue
        row = rows[pk]
        spans = highlight_spans(row.text, matched)
        for match in params:
            surface = match.threshold.surface
            position = row.text.find(surface) if surface else -1
            if position >= 0:
                spans.append((position, position + len(surface)))
        hits.append(SearchHit(row, row.version.instrument, value, _merge(spans), params))
        if len(hits) >= limit:
            break
    return SearchResult(query, analysed, exact, hits, total)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def version_choice_label(version: CatalogueVersion) -> str:
    date = version.legal_text_date.isoformat() if version.legal_text_date else "—"
    label = f"#{version.pk} {date}"
    if version.revision_label:
        label += f" {version.revision_label}"
    return label


def diff_summary(changes: list[catalogue_diff.EntryChange]) -> dict[str, int]:
    return catalogue_diff.summary(changes)


def entry_change_in_version(entry: CatalogueEntry) -> catalogue_diff.EntryChange | None:
    """How this entry changed from the version before (None when it did not)."""
    previous = entry.version.previous
    if previous is None:
        return None
    before = CatalogueEntry.objects.filter(version=previous, key=entry.key).first()
    if before is None:
        return catalogue_diff.EntryChange(entry.key, "added", None, entry_from_row(entry))
    if before.content_hash == entry.content_hash:
        return None
    changes = catalogue_diff.diff_entries(
        {before.key: entry_from_row(before)}, {entry.key: entry_from_row(entry)}
    )
    return changes[0] if changes else None


@dataclass
class ResolvedSuggestion:
    suggestion: Any
    entry: CatalogueEntry | None
    ordinance: CatalogueEntry | None


def resolve_suggestions(suggestions: list[Any]) -> list[ResolvedSuggestion]:
    """Suggestions with their entries (for links and texts on the page)."""
    current = current_versions()
    resolved: list[ResolvedSuggestion] = []
    ordinance_version = current.get(InstrumentCode.GOODS_ORDINANCE.value)
    for suggestion in suggestions:
        version = current.get(suggestion.instrument.value)
        entry = (
            CatalogueEntry.objects.filter(version=version, key=suggestion.key)
            .select_related("version__instrument")
            .first()
            if version
            else None
        )
        ordinance = (
            CatalogueEntry.objects.filter(version=ordinance_version, key=suggestion.ordinance)
            .select_related("version__instrument")
            .first()
            if ordinance_version and suggestion.ordinance
            else None
        )
        resolved.append(ResolvedSuggestion(suggestion, entry, ordinance))
    return resolved


def has_official_source(instrument: Instrument) -> bool:
    """Whether anpo can fetch this instrument from an official API (e-Gov / eCFR)."""
    return instrument.code in {
        InstrumentCode.EXPORT_ORDER.value,
        InstrumentCode.FOREX_ORDER.value,
        InstrumentCode.GOODS_ORDINANCE.value,
        InstrumentCode.US_CCL.value,
    }
