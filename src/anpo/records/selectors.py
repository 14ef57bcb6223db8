"""Reading and verifying the audit chain."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from anpo.records.checkpoints import Checkpoint, checkpoints_read
from anpo.records.keys import audit_keys
from anpo.records.models import GENESIS_HASH, AuditChainHead, AuditEvent

# What each kind of break means, in English for the command line; the verify page translates
# the codes (records.views.BREAK_MESSAGES).
BREAK_REASONS = {
    "missing": "event #{expected} is missing (next stored is #{found})",
    "link": "previous-hash link does not match the event before it",
    "content": "content does not match its hash (the row was altered, or its hash recomputed without the audit key)",
    "unkeyed": "the event names no audit key (written outside anpo)",
    "unknown_key": "the event names audit key {key_id!r}, which is not configured",
    "head": "chain head expects #{head} but the last stored event is #{last}",
    "checkpoint_signature": "the checkpoint {source} is not signed by a configured audit key",
    "checkpoint_truncated": "the checkpoint of {created_at} saw event #{seq}, but the chain ends at #{last} (events were deleted)",
    "checkpoint_mismatch": "event #{seq} differs from the one the checkpoint of {created_at} recorded (the chain was rewritten)",
}


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    event_id: int | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return BREAK_REASONS[self.code].format(**self.params)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_break: ChainBreak | None
    checkpoints: tuple[Checkpoint, ...] = ()
    checkpoint_problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.first_break is None

    @property
    def latest_checkpoint(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None


def audit_chain_verify(
    *, batch_size: int = 2000, checkpoint_paths: list[Path] | None = None
) -> ChainReport:
    """Walk every event in sequence order and report the first broken link.

    A link is broken when an event's stored HMAC does not match its content under the key it
    names, when its ``prev_hash`` is not the previous event's hash, when a sequence number is
    missing, or when the chain head disagrees with the last event (a deleted tail). Then every
    checkpoint (default: the files in ``ANPO_AUDIT_CHECKPOINT_DIR``) must carry a valid signature
    and match the stored event it names: this catches a tail deleted together with the chain
    head, and a chain rewritten by someone holding an old key.
    """
    paths = (
        checkpoint_paths
        if checkpoint_paths is not None
        else [Path(settings.ANPO_AUDIT_CHECKPOINT_DIR)]
    )
    checkpoints, problems = checkpoints_read(
        [p for p in paths if p.exists() or checkpoint_paths is not None]
    )
    wanted = {c.seq for c in checkpoints}
    seen: dict[int, str] = {}
    report = _walk(batch_size, wanted, seen)
    if report.first_break is None:
        report = _against_checkpoints(report.checked, checkpoints, seen)
    return ChainReport(
        checked=report.checked,
        first_break=report.first_break,
        checkpoints=tuple(checkpoints),
        checkpoint_problems=tuple(problems),
    )


def _walk(batch_size: int, wanted: set[int], seen: dict[int, str]) -> ChainReport:
    keys = audit_keys()
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in _iterate_in_order(batch_size):
        if event.seq != expected_seq:
            return ChainReport(
                checked,
                ChainBreak(
                    expected_seq, None, "missing", {"expected": expected_seq, "found": event.seq}
                ),
            )
        if event.prev_hash != expected_prev:
            return ChainReport(checked, ChainBreak(event.seq, event.pk, "link"))
        if not event.key_id:
            return ChainReport(checked, ChainBreak(event.seq, event.pk, "unkeyed"))
        key = keys.get(event.key_id)
        if key is None:
            return ChainReport(
                checked, ChainBreak(event.seq, event.pk, "unknown_key", {"key_id": event.key_id})
            )
        if not hmac.compare_digest(event.compute_hash(key), event.hash):
            return ChainReport(checked, ChainBreak(event.seq, event.pk, "content"))
        if event.seq in wanted:
            seen[event.seq] = event.hash
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
        return ChainReport(
            checked,
            ChainBreak(head.last_seq, None, "head", {"head": head.last_seq, "last": checked}),
        )
    return ChainReport(checked, None)


def _against_checkpoints(
    checked: int, checkpoints: list[Checkpoint], seen: dict[int, str]
) -> ChainReport:
    for checkpoint in checkpoints:
        params = {
            "seq": checkpoint.seq,
            "created_at": checkpoint.created_at,
            "source": checkpoint.source,
            "last": checked,
        }
        if not checkpoint.signature_ok():
            return ChainReport(
                checked, ChainBreak(checkpoint.seq, None, "checkpoint_signature", params)
            )
        if checkpoint.seq == 0:
            continue
        if checkpoint.seq > checked:
            return ChainReport(
                checked, ChainBreak(checkpoint.seq, None, "checkpoint_truncated", params)
            )
        if not hmac.compare_digest(seen.get(checkpoint.seq, ""), checkpoint.head_hash):
            return ChainReport(
                checked, ChainBreak(checkpoint.seq, None, "checkpoint_mismatch", params)
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
