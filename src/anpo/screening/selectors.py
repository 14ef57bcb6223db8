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
    qs = scope_queryset(Party.objects.select_related("owner", "org_unit"), user=user, owner_field="owner", unit_field="org_unit")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(other_names__icontains=search) | Q(name_original__icontains=search))
    last = Screening.objects.filter(party=OuterRef("pk")).order_by("-started_at", "-pk")
    return qs.annotate(
        open_hits=Count("screenings__hits", filter=Q(screenings__hits__status__in=Hit.OPEN_STATUSES), distinct=True),
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
    return scope_queryset(Screening.objects.select_related("party", "owner"), user=user, owner_field="owner", unit_field="org_unit")


def screening_get(*, user: Any, pk: int) -> Screening:
    screening = screening_list(user=user).filter(pk=pk).first()
    if screening is None:
        raise Http404
    return screening


def hit_list(*, user: Any) -> QuerySet[Hit]:
    return scope_queryset(
        Hit.objects.select_related("screening", "screening__party", "snapshot_entry__snapshot"),
        user=user, owner_field="screening__owner", unit_field="screening__org_unit",
    )


def hit_get(*, user: Any, pk: int) -> Hit:
    hit = hit_list(user=user).filter(pk=pk).first()
    if hit is None:
        raise Http404
    return hit


def review_queue(*, user: Any, source: str = "", min_score: float | None = None, party: str = "", alerts_only: bool = False) -> QuerySet[Hit]:
    """Open and escalated hits, newest alerts first."""
    qs = hit_list(user=user).filter(status__in=Hit.OPEN_STATUSES)
    if source:
        qs = qs.filter(source=source)
    if min_score is not None:
        qs = qs.filter(score__gte=min_score)
    if party:
        qs = qs.filter(Q(screening__party__name__icontains=party) | Q(screening__query_name__icontains=party))
    if alerts_only:
        qs = qs.filter(is_alert=True)
    return qs.order_by("-is_alert", "-screening__started_at", "-score")


def batch_list(*, user: Any) -> QuerySet[BatchJob]:
    return scope_queryset(BatchJob.objects.all(), user=user, owner_field="owner", unit_field="org_unit")


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
        active = next((s for s in history if s.is_active), None) or source.snapshots.filter(is_active=True).first()
        out.append(SourceStatus(source=source, active=active, history=history))
    return out


def snapshot_entries(*, snapshot: ListSnapshot, entry_ids: list[str]) -> QuerySet[SnapshotEntry]:
    return snapshot.entries.filter(entry_id__in=entry_ids).order_by("primary_name")


@dataclass
class ImpactRow:
    entry: SnapshotEntry
    parties: list[tuple[Party, float]]
    screenings: list[tuple[Screening, float]]


def change_impact(*, user: Any, snapshot: ListSnapshot, entry_ids: list[str], threshold: float = DEFAULT_REVIEW_THRESHOLD,
                  limit: int = 50) -> list[ImpactRow]:
    """For newly listed/changed entries: every visible saved party and past screening that matches them.

    Each affected entry is indexed on its own and every saved party and past screened
    name is searched against it (past screenings included, not only current parties).
    """
    entries = list(snapshot_entries(snapshot=snapshot, entry_ids=entry_ids)[:limit])
    if not entries:
        return []
    from anpo.matching import build_index
    from anpo.screening.workarounds import augment_entry

    index = build_index([augment_entry(entry_from_dict(e.data)) for e in entries])
    by_id = {e.entry_id: e for e in entries}
    rows = {e.entry_id: ImpactRow(entry=e, parties=[], screenings=[]) for e in entries}
    for party in party_list(user=user):
        for name in party.all_names():
            q = Query(name=name, country=party.country, birth_date=party.birth_date)
            for hit in index.search(q, top=len(entries), threshold=threshold):
                row = rows[hit.entry.entry_id]
                if all(p.pk != party.pk for p, _s in row.parties):
                    row.parties.append((party, hit.score))
    seen: set[str] = set()
    for screening in screening_list(user=user).exclude(kind=Screening.Kind.RESCREEN).order_by("-started_at")[:5000]:
        key = f"{screening.query_name}|{screening.query.get('country', '')}"
        if key in seen:
            continue
        seen.add(key)
        q = Query(name=screening.query_name, country=screening.query.get("country", ""), birth_date=screening.query.get("birth_date", ""))
        for hit in index.search(q, top=len(entries), threshold=threshold):
            rows[hit.entry.entry_id].screenings.append((screening, hit.score))
    return [rows[e] for e in by_id]


def party_import_jobs(*, user: Any) -> QuerySet[PartyImportJob]:
    return scope_queryset(PartyImportJob.objects.select_related("owner"), user=user, owner_field="owner", unit_field="org_unit")


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


def active_versions() -> list[ListSnapshot]:
    return list(ListSnapshot.objects.filter(pk__in=engine.active_snapshot_ids()).select_related("source"))


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
    hits = _best_hits(eng, _queries(names, query.get("type", "unknown"), query.get("country", ""), query.get("birth_date", "")),
                      threshold=screening.threshold, top=max(DEFAULT_TOP, screening.hit_count)) if eng.snapshot_ids else []
    rows: dict[tuple[str, str], ReplayRow] = {}
    for stored in screening.hits.all():
        rows[(stored.source, stored.entry_id)] = ReplayRow(stored.source, stored.entry_id, stored.primary_name, stored.score, None)
    for hit in hits:
        key = (hit.entry.source, hit.entry.entry_id)
        row = rows.setdefault(key, ReplayRow(key[0], key[1], hit.entry.primary_name, None, None))
        row.replayed_score = round(hit.score, 4)
    return sorted(rows.values(), key=lambda r: -(r.stored_score or r.replayed_score or 0))
