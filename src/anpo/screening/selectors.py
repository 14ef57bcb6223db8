"""Reads of screening data, always through the visibility rules of ``accounts.selectors``.

Researchers see their own parties and screenings, department managers those of their
unit's subtree, office staff, the chief officer, committee members and auditors all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from anpo.accounts.selectors import scope_queryset
from anpo.matching import DEFAULT_REVIEW_THRESHOLD, Query
from anpo.screening import engine
from anpo.screening.entries import entry_from_dict
from anpo.screening.models import (
    BatchJob,
    Hit,
    ListImportJob,
    ListSnapshot,
    ListSource,
    Party,
    PartyImportJob,
    Screening,
    SnapshotEntry,
)


def party_list(*, user: Any, search: str = "") -> QuerySet[Party]:
    qs = scope_queryset(
        Party.objects.select_related("owner", "org_unit"),
        user=user,
        owner_field="owner",
        unit_field="org_unit",
    )
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(other_names__icontains=search)
            | Q(name_original__icontains=search)
        )
    last = Screening.objects.filter(party=OuterRef("pk")).order_by("-started_at", "-pk")
    return qs.annotate(
        open_hits=Count(
            "screenings__hits",
            filter=Q(screenings__hits__status__in=Hit.OPEN_STATUSES),
            distinct=True,
        ),
        last_screened_at=Subquery(last.values("started_at")[:1]),
        last_hit_count=Subquery(last.values("hit_count")[:1]),
        last_alert_count=Subquery(last.values("alert_count")[:1]),
    ).order_by("name", "pk")


def party_get(*, user: Any, pk: int) -> Party:
    party = party_list(user=user).filter(pk=pk).first()
    if party is None:
        raise Http404
    return party


def screening_list(*, user: Any) -> QuerySet[Screening]:
    return scope_queryset(
        Screening.objects.select_related("party", "owner"),
        user=user,
        owner_field="owner",
        unit_field="org_unit",
    )


def screening_get(*, user: Any, pk: int) -> Screening:
    screening = screening_list(user=user).filter(pk=pk).first()
    if screening is None:
        raise Http404
    return screening


def hit_list(*, user: Any) -> QuerySet[Hit]:
    return scope_queryset(
        Hit.objects.select_related("screening", "screening__party", "snapshot_entry__snapshot"),
        user=user,
        owner_field="screening__owner",
        unit_field="screening__org_unit",
    )


def hit_get(*, user: Any, pk: int) -> Hit:
    hit = hit_list(user=user).filter(pk=pk).first()
    if hit is None:
        raise Http404
    return hit


def review_queue(
    *,
    user: Any,
    source: str = "",
    min_score: float | None = None,
    party: str = "",
    alerts_only: bool = False,
) -> QuerySet[Hit]:
    """Open and escalated hits, newest alerts first."""
    qs = hit_list(user=user).filter(status__in=Hit.OPEN_STATUSES)
    if source:
        qs = qs.filter(source=source)
    if min_score is not None:
        qs = qs.filter(score__gte=min_score)
    if party:
        qs = qs.filter(
            Q(screening__party__name__icontains=party) | Q(screening__query_name__icontains=party)
        )
    if alerts_only:
        qs = qs.filter(is_alert=True)
    return qs.order_by("-is_alert", "-screening__started_at", "-score")


def batch_list(*, user: Any) -> QuerySet[BatchJob]:
    return scope_queryset(
        BatchJob.objects.all(), user=user, owner_field="owner", unit_field="org_unit"
    )


def batch_get(*, user: Any, pk: int) -> BatchJob:
    batch = batch_list(user=user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


@dataclass
class SourceStatus:
    source: ListSource
    active: ListSnapshot | None
    history: list[ListSnapshot]


def list_status() -> list[SourceStatus]:
    out = []
    for source in ListSource.objects.all():
        history = list(source.snapshots.select_related("imported_by")[:5])
        active = (
            next((s for s in history if s.is_active), None)
            or source.snapshots.filter(is_active=True).first()
        )
        out.append(SourceStatus(source=source, active=active, history=history))
    return out


def snapshot_entries(*, snapshot: ListSnapshot, entry_ids: list[str]) -> QuerySet[SnapshotEntry]:
    return snapshot.entries.filter(entry_id__in=entry_ids).order_by("primary_name")


@dataclass
class ImpactRow:
    entry: SnapshotEntry
    parties: list[tuple[Party, float]]
    screenings: list[tuple[Screening, float]]


IMPACT_PAGE_SIZE = 25
IMPACT_CANDIDATE_MARGIN = 0.3  # reverse search threshold below the review threshold (scores are not symmetric: measured gaps up to 0.21)


@dataclass(frozen=True)
class _Subject:
    """One distinct name that was screened or saved: (name, kind, country, birth date)."""

    name: str
    kind: str
    country: str
    birth_date: str


@dataclass
class SubjectIndex:
    """Every distinct name of saved parties and past screenings, indexed with the matching engine.

    The reverse of a screening: the entries added or changed in a list version are searched
    against the names people screened, so the cost grows with the changed entries and the
    candidates they find, not with the number of stored screenings times the entries.
    """

    key: tuple[Any, ...]
    subjects: list[_Subject]
    parties: dict[int, list[int]]  # subject number -> party ids
    screenings: dict[int, list[int]]  # subject number -> screening ids
    index: Any
    build_seconds: float


_subject_cache: dict[str, SubjectIndex] = {}


def _subject_key() -> tuple[Any, ...]:
    from django.db.models import Max

    parties = Party.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    screenings = Screening.objects.exclude(kind=Screening.Kind.RESCREEN).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    return (parties["n"], parties["last"], screenings["n"], screenings["last"])


def subject_index() -> SubjectIndex:
    """The index over all screened/saved names (cached per process until a party or screening is added)."""
    import time

    from anpo.matching import EntityKind, ListEntry, ListName, build_index

    key = _subject_key()
    cached = _subject_cache.get("all")
    if cached is not None and cached.key == key:
        return cached
    started = time.monotonic()
    numbers: dict[_Subject, int] = {}
    parties: dict[int, list[int]] = {}
    screenings: dict[int, list[int]] = {}

    def number(subject: _Subject) -> int:
        return numbers.setdefault(subject, len(numbers))

    rows = Party.objects.values_list(
        "pk", "name", "name_original", "other_names", "kind", "country", "birth_date"
    )
    for pk, name, original, others, kind, country, birth_date in rows.iterator(chunk_size=2000):
        for n in dict.fromkeys(
            x.strip() for x in [name, original, *others.splitlines()] if x and x.strip()
        ):
            parties.setdefault(number(_Subject(n, kind, country, birth_date)), []).append(pk)
    query_rows = Screening.objects.exclude(kind=Screening.Kind.RESCREEN).values_list(
        "pk", "query_name", "query"
    )
    for pk, query_name, query in query_rows.iterator(chunk_size=2000):
        query = query or {}
        kind, country, birth_date = (
            query.get("type", "unknown"),
            query.get("country", ""),
            query.get("birth_date", ""),
        )
        for n in dict.fromkeys([query_name, *query.get("other_names", [])]):
            if n:
                screenings.setdefault(number(_Subject(n, kind, country, birth_date)), []).append(pk)
    subjects = list(numbers)
    kinds = {k.value for k in EntityKind}
    index = build_index(
        ListEntry(
            source="subjects",
            entry_id=str(i),
            kind=EntityKind(s.kind) if s.kind in kinds else EntityKind.UNKNOWN,
            names=(ListName(s.name),),
        )
        for i, s in enumerate(subjects)
    )
    built = SubjectIndex(
        key=key,
        subjects=subjects,
        parties=parties,
        screenings=screenings,
        index=index,
        build_seconds=time.monotonic() - started,
    )
    _subject_cache["all"] = built
    return built


def impact_entries(*, snapshot: ListSnapshot) -> list[tuple[int, str]]:
    """(pk, primary name) of every added or changed entry of a version, sorted by name (no cap)."""
    wanted = {*snapshot.diff_added, *snapshot.diff_changed}
    if not wanted:
        return []
    rows = [
        (pk, entry_id, name)
        for pk, entry_id, name in snapshot.entries.values_list("pk", "entry_id", "primary_name")
        if entry_id in wanted
    ]
    return [
        (pk, name) for pk, _entry_id, name in sorted(rows, key=lambda r: (r[2].casefold(), r[1]))
    ]


def change_impact(
    *,
    user: Any,
    snapshot: ListSnapshot,
    entry_pks: list[int] | None = None,
    threshold: float = DEFAULT_REVIEW_THRESHOLD,
) -> list[ImpactRow]:
    """For added/changed entries (``entry_pks``, default all): the visible saved parties and past screenings matching them.

    1. candidates: every name of each entry is searched in the index of all screened and saved
       names (``subject_index``), with a margin below the threshold and without the
       country/date adjustments (the score is not symmetric);
    2. verification: the candidates are screened, as they were, against an index of these
       entries; only scores at or above ``threshold`` count (the same scores a screening gives).
    Re-screenings are not listed as past screenings: the saved parties stand for them.
    """
    from anpo.matching import EntityKind, build_index
    from anpo.screening.workarounds import augment_entry

    qs = snapshot.entries.all() if entry_pks is None else snapshot.entries.filter(pk__in=entry_pks)
    if entry_pks is None:
        qs = qs.filter(pk__in=[pk for pk, _n in impact_entries(snapshot=snapshot)])
    entries = list(qs)
    if not entries:
        return []
    parsed = {e.entry_id: augment_entry(entry_from_dict(e.data)) for e in entries}
    subjects = subject_index()
    reverse_queries = [Query(name=n.value) for entry in parsed.values() for n in entry.names]
    candidates: set[int] = set()
    for hits in subjects.index.search_many(
        reverse_queries, top=1000, threshold=max(0.0, threshold - IMPACT_CANDIDATE_MARGIN)
    ):
        candidates.update(int(hit.entry.entry_id) for hit in hits)
    index = build_index(parsed.values())
    kinds = {k.value for k in EntityKind}
    rows = {e.entry_id: ImpactRow(entry=e, parties=[], screenings=[]) for e in entries}
    matched_parties: dict[str, dict[int, float]] = {e.entry_id: {} for e in entries}
    matched_screenings: dict[str, dict[int, float]] = {e.entry_id: {} for e in entries}
    ordered = sorted(candidates)
    queries = [
        Query(
            name=subjects.subjects[i].name,
            kind=EntityKind(subjects.subjects[i].kind)
            if subjects.subjects[i].kind in kinds
            else EntityKind.UNKNOWN,
            country=subjects.subjects[i].country,
            birth_date=subjects.subjects[i].birth_date,
        )
        for i in ordered
    ]
    for number, hits in zip(
        ordered, index.search_many(queries, top=len(entries), threshold=threshold), strict=True
    ):
        for hit in hits:
            for pk in subjects.parties.get(number, []):
                best = matched_parties[hit.entry.entry_id]
                best[pk] = max(best.get(pk, 0.0), hit.score)
            for pk in subjects.screenings.get(number, []):
                best = matched_screenings[hit.entry.entry_id]
                best[pk] = max(best.get(pk, 0.0), hit.score)
    party_ids = {pk for found in matched_parties.values() for pk in found}
    screening_ids = {pk for found in matched_screenings.values() for pk in found}
    visible_parties = (
        {p.pk: p for p in party_list(user=user).filter(pk__in=party_ids)} if party_ids else {}
    )
    visible_screenings = (
        {s.pk: s for s in screening_list(user=user).filter(pk__in=screening_ids)}
        if screening_ids
        else {}
    )
    for entry_id, row in rows.items():
        row.parties = sorted(
            (
                (visible_parties[pk], score)
                for pk, score in matched_parties[entry_id].items()
                if pk in visible_parties
            ),
            key=lambda ps: (-ps[1], ps[0].name),
        )
        row.screenings = sorted(
            (
                (visible_screenings[pk], score)
                for pk, score in matched_screenings[entry_id].items()
                if pk in visible_screenings
            ),
            key=lambda ss: (-ss[1], -ss[0].started_at.timestamp()),
        )
    return [
        rows[e.entry_id]
        for e in sorted(entries, key=lambda e: (e.primary_name.casefold(), e.entry_id))
    ]


def party_import_jobs(*, user: Any) -> QuerySet[PartyImportJob]:
    return scope_queryset(
        PartyImportJob.objects.select_related("owner"),
        user=user,
        owner_field="owner",
        unit_field="org_unit",
    )


def party_import_job_get(*, user: Any, pk: int) -> PartyImportJob:
    job = party_import_jobs(user=user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def list_import_jobs(*, user: Any) -> QuerySet[ListImportJob]:
    """Background list imports: institution-wide roles see all (lists are institution-wide)."""
    qs = ListImportJob.objects.select_related("source", "created_by", "snapshot")
    if user.is_superuser or user.sees_institution:
        return qs
    return qs.none()


def list_import_job_get(*, user: Any, pk: int) -> ListImportJob:
    job = list_import_jobs(user=user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def index_ready() -> bool:
    """Whether the index of the newest list versions is built (else searches use the previous one)."""
    return engine.is_ready(engine.active_snapshot_ids())


def versions_in_use_while_updating() -> list[ListSnapshot]:
    """The list versions a search uses while the newest index is being built (empty: none available yet)."""
    ids = engine.previous_snapshot_ids(engine.active_snapshot_ids())
    return (
        list(
            ListSnapshot.objects.filter(pk__in=ids).select_related("source").order_by("source__key")
        )
        if ids
        else []
    )


def active_versions() -> list[ListSnapshot]:
    return list(
        ListSnapshot.objects.filter(pk__in=engine.active_snapshot_ids()).select_related("source")
    )


@dataclass
class ReplayRow:
    source: str
    entry_id: str
    primary_name: str
    stored_score: float | None
    replayed_score: float | None

    @property
    def same(self) -> bool:
        if self.stored_score is None or self.replayed_score is None:
            return False
        return abs(self.stored_score - self.replayed_score) < 0.0005


def screening_replay(*, screening: Screening) -> list[ReplayRow]:
    """Screen the same query again against the snapshots *that screening used* (the lists as they were)."""
    from anpo.screening.services import DEFAULT_TOP, _best_hits, _queries

    eng = engine.index_for(screening.snapshot_ids)
    query = screening.query
    names = [query.get("name", screening.query_name), *query.get("other_names", [])]
    hits = (
        _best_hits(
            eng,
            _queries(
                names,
                query.get("type", "unknown"),
                query.get("country", ""),
                query.get("birth_date", ""),
            ),
            threshold=screening.threshold,
            top=max(DEFAULT_TOP, screening.hit_count),
        )
        if eng.snapshot_ids
        else []
    )
    rows: dict[tuple[str, str], ReplayRow] = {}
    for stored in screening.hits.all():
        rows[(stored.source, stored.entry_id)] = ReplayRow(
            stored.source, stored.entry_id, stored.primary_name, stored.score, None
        )
    for hit in hits:
        key = (hit.entry.source, hit.entry.entry_id)
        row = rows.setdefault(key, ReplayRow(key[0], key[1], hit.entry.primary_name, None, None))
        row.replayed_score = round(hit.score, 4)
    return sorted(rows.values(), key=lambda r: -(r.stored_score or r.replayed_score or 0))
