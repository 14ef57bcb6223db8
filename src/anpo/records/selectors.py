"""Reading and verifying the audit chain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from anpo.records.models import GENESIS_HASH, AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def audit_chain_verify(*, batch_size: int = 2000) -> ChainReport:
    """Walk every event in sequence order and report the first broken link.

    A link is broken when an event's stored hash does not match its content, when
    its ``prev_hash`` is not the previous event's hash, when a sequence number is
    missing, or when the chain head disagrees with the last event (a deleted tail).
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in _iterate_in_order(batch_size):
        if event.seq != expected_seq:
            return ChainReport(
                checked,
                ChainBreak(
                    expected_seq,
                    None,
                    f"event #{expected_seq} is missing (next stored is #{event.seq})",
                ),
            )
        if event.prev_hash != expected_prev:
            return ChainReport(
                checked,
                ChainBreak(
                    event.seq, event.pk, "previous-hash link does not match the event before it"
                ),
            )
        if event.compute_hash() != event.hash:
            return ChainReport(
                checked,
                ChainBreak(
                    event.seq, event.pk, "content does not match its hash (the row was altered)"
                ),
            )
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
        return ChainReport(
            checked,
            ChainBreak(
                head.last_seq,
                None,
                f"chain head expects #{head.last_seq} but the last stored event is #{checked}",
            ),
        )
    return ChainReport(checked, None)


def _iterate_in_order(batch_size: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def audit_event_list(
    *,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str = "",
) -> QuerySet[AuditEvent]:
    """Events filtered for the auditor's browser and CSV export (newest first)."""
    events = AuditEvent.objects.select_related("actor").order_by("-seq")
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(Q(actor_label__icontains=actor) | Q(actor__email__iexact=actor))
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if date_from is not None:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to is not None:
        events = events.filter(occurred_at__date__lte=date_to)
    if search:
        events = events.filter(Q(object_repr__icontains=search) | Q(action__icontains=search))
    return events


def audit_events_for_object(*, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by(
        "seq"
    )
