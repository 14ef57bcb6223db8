"""Append-only, hash-chained audit events.

Each event stores the hash of the previous event and its own hash over its
content, so changing, removing or re-ordering any row breaks the chain at that
row (``anpo audit verify``). The hash is an HMAC with a key kept outside the
database (``records.keys``), so a rewrite with recomputed hashes is detected too,
and signed checkpoints kept outside the database detect a truncated tail
(``records.checkpoints``). The application never updates or deletes events:
the model and its queryset refuse to, and database triggers (see migrations)
refuse UPDATE everywhere and DELETE on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEventImmutable(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditEventImmutable("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditEventImmutable("audit events are append-only")


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("time"), db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    actor_label = models.CharField(_("actor"), max_length=200, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=100, db_index=True, editable=False)
    object_type = models.CharField(
        _("object type"), max_length=100, db_index=True, blank=True, editable=False
    )
    object_id = models.CharField(
        _("object id"), max_length=64, db_index=True, blank=True, editable=False
    )
    object_repr = models.CharField(_("object"), max_length=300, blank=True, editable=False)
    before = models.JSONField(_("before"), null=True, blank=True, editable=False)
    after = models.JSONField(_("after"), null=True, blank=True, editable=False)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, editable=False)
    remote_addr = models.CharField(_("address"), max_length=64, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)
    key_id = models.CharField(_("key"), max_length=32, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not kwargs.get("force_insert"):
            raise AuditEventImmutable(
                "audit events are created only by records.services.audit_event_create"
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditEventImmutable("audit events are append-only")

    def canonical_payload(self) -> str:
        """The exact text the event's hash covers (stable across databases)."""
        return canonical_payload(self)

    def compute_hash(self, key: bytes) -> str:
        """HMAC-SHA256 of the canonical payload with the key named by ``key_id``."""
        return hmac.new(key, self.canonical_payload().encode("utf-8"), hashlib.sha256).hexdigest()


def canonical_payload(event: Any) -> str:
    """The JSON text an event's hash covers; ``event`` is a model instance (also a historical one).

    Events of the unkeyed chain (before HMAC keys, ``key_id`` empty) covered the same fields
    without ``key_id``; the migration that keyed the chain re-read them in that form.
    """
    data = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "request_id": event.request_id,
        "remote_addr": event.remote_addr,
        "prev_hash": event.prev_hash,
    }
    key_id = getattr(event, "key_id", "")  # historical models before migration 0003 have none
    if key_id:
        data["key_id"] = key_id
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def legacy_hash(event: Any) -> str:
    """The unkeyed hash of events written before the chain was keyed (migration 0003 only)."""
    return hashlib.sha256(canonical_payload(event).encode("utf-8")).hexdigest()


class AuditChainHead(models.Model):
    """Single row holding the chain's tip; locking it serialises writers on every database."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit chain head #{self.last_seq}"
