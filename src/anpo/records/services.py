"""Writing audit events. Call ``audit_event_create`` inside the service transaction that makes the change."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from anpo.core import context
from anpo.records.models import GENESIS_HASH, AuditChainHead, AuditEvent


def _jsonable(value: Any) -> Any:
    """Round-trip through JSON so that what is hashed equals what the database returns."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    return f"{actor.get_username()} ({actor.display_name})"[:200] if hasattr(actor, "display_name") else str(actor)[:200]


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
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1, defaults={"last_hash": GENESIS_HASH})
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
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    AuditChainHead.objects.filter(id=1).update(last_seq=event.seq, last_hash=event.hash)
    return event
