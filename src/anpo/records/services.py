"""Writing audit events. Call ``audit_event_create`` inside the service transaction that makes the change."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from anpo.accounts.roles import Role
from anpo.accounts.selectors import users_with_role
from anpo.core import context
from anpo.core.tasks import send_email_task
from anpo.records.checkpoints import Checkpoint, checkpoint_sign, checkpoint_write_file
from anpo.records.keys import audit_keys
from anpo.records.models import GENESIS_HASH, AuditChainHead, AuditEvent


def _jsonable(value: Any) -> Any:
    """Round-trip through JSON so that what is hashed equals what the database returns."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    return (
        f"{actor.get_username()} ({actor.display_name})"[:200]
        if hasattr(actor, "display_name")
        else str(actor)[:200]
    )


@transaction.atomic
def audit_event_create(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    ``action`` is a dotted verb such as ``screening.hit.dispose``. Pass ``obj`` (or the
    ``object_*`` fields) for what changed and ``before``/``after`` snapshots of the
    fields that changed. Must run inside the caller's transaction so that the
    event and the change commit or roll back together.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS_HASH}
    )
    now = timezone.now()
    event = AuditEvent(
        seq=head.last_seq + 1,
        occurred_at=now.astimezone(dt.UTC),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        action=action,
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_repr=object_repr[:300],
        before=_jsonable(before),
        after=_jsonable(after),
        request_id=context.current_request_id(),
        remote_addr=context.current_remote_addr(),
        prev_hash=head.last_hash,
    )
    event.key_id, key = audit_keys().current()
    event.hash = event.compute_hash(key)
    event.save(force_insert=True)
    AuditChainHead.objects.filter(id=1).update(last_seq=event.seq, last_hash=event.hash)
    return event


@dataclass(frozen=True)
class AuditEntry:
    """One event for ``audit_events_bulk_create``."""

    action: str
    object_type: str = ""
    object_id: str = ""
    object_repr: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


@transaction.atomic
def audit_events_bulk_create(
    *, actor: Any, entries: Sequence[AuditEntry], batch_size: int = 500
) -> int:
    """Append many events in one go (bulk imports): one lock, hashes chained in memory, batched inserts.

    Produces exactly the events ``audit_event_create`` would, in the order given.
    """
    if not entries:
        return 0
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS_HASH}
    )
    occurred_at = timezone.now().astimezone(dt.UTC)
    actor_obj = actor if getattr(actor, "pk", None) else None
    label = _actor_label(actor)
    request_id, remote_addr = context.current_request_id(), context.current_remote_addr()
    prev_hash, seq = head.last_hash, head.last_seq
    key_id, key = audit_keys().current()
    events = []
    for entry in entries:
        seq += 1
        event = AuditEvent(
            seq=seq,
            occurred_at=occurred_at,
            actor=actor_obj,
            actor_label=label,
            action=entry.action,
            object_type=entry.object_type[:100],
            object_id=str(entry.object_id)[:64],
            object_repr=entry.object_repr[:300],
            before=_jsonable(entry.before),
            after=_jsonable(entry.after),
            request_id=request_id,
            remote_addr=remote_addr,
            prev_hash=prev_hash,
            key_id=key_id,
        )
        event.hash = event.compute_hash(key)
        prev_hash = event.hash
        events.append(event)
    for start in range(0, len(events), batch_size):
        # bulk_create bypasses AuditEvent.save(), which only refuses updates; these are inserts.
        AuditEvent.objects.bulk_create(events[start : start + batch_size])
    AuditChainHead.objects.filter(id=1).update(last_seq=seq, last_hash=prev_hash)
    return len(events)


def _checkpoint_recipients() -> list[str]:
    if settings.ANPO_AUDIT_CHECKPOINT_EMAILS:
        return list(settings.ANPO_AUDIT_CHECKPOINT_EMAILS)
    emails = {
        user.email
        for role in (Role.OFFICER, Role.CHIEF_OFFICER)
        for user in users_with_role(role=role)
        if user.email
    }
    return sorted(emails)


@transaction.atomic
def audit_checkpoint_create(*, acting_user: Any = None) -> Checkpoint:
    """Sign the chain head, write the checkpoint file and e-mail it to the office.

    The file is written inside the transaction that records ``records.checkpoint.create``: its
    content describes events already committed, so it stays true even if this transaction rolls
    back; the e-mail leaves only once the event is committed.
    """
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS_HASH}
    )
    checkpoint = checkpoint_sign(
        seq=head.last_seq,
        head_hash=head.last_hash,
        created_at=timezone.now().astimezone(dt.UTC).isoformat(timespec="microseconds"),
        installation=settings.SITE_URL,
    )
    path = checkpoint_write_file(checkpoint, Path(settings.ANPO_AUDIT_CHECKPOINT_DIR))
    audit_event_create(
        actor=acting_user,
        action="records.checkpoint.create",
        object_type="records.checkpoint",
        object_id=str(checkpoint.seq),
        object_repr=path.name,
        after={
            "seq": checkpoint.seq,
            "hash": checkpoint.head_hash,
            "key_id": checkpoint.key_id,
            "file": str(path),
        },
    )
    recipients = _checkpoint_recipients()
    if recipients:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("[anpo] Audit log checkpoint: event #%(seq)s") % {"seq": checkpoint.seq}
            body = _(
                "This is the signed checkpoint of the anpo audit log of %(site)s.\n"
                "Keep this e-mail (or its attachment text below) outside anpo: an auditor compares "
                "it with the audit log ('anpo audit verify --checkpoint FILE') to show that no "
                "event up to #%(seq)s was changed or deleted afterwards.\n\n%(checkpoint)s"
            ) % {
                "site": settings.SITE_URL,
                "seq": checkpoint.seq,
                "checkpoint": checkpoint.to_json(),
            }
        transaction.on_commit(
            lambda: send_email_task.enqueue(subject=str(subject), body=str(body), to=recipients)
        )
    return checkpoint
