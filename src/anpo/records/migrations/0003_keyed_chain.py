"""Key the audit chain: every event's hash becomes an HMAC with a key kept outside the database.

Existing events were hashed with plain SHA-256, which anyone who can write to the database can
recompute. This migration first verifies that unkeyed chain as it stands (and refuses to go on
when it is already broken, unless ANPO_AUDIT_REKEY_BROKEN=1), then re-hashes every event with
the current audit key (lifting the append-only trigger for the duration of the migration only),
and appends one ``records.chain.rekey`` event that records the old head (sequence and SHA-256
hash) and the key id. The audit key must be configured before ``anpo migrate`` (docs/audit.md).
"""

import datetime as dt
import os

from django.db import migrations, models

GENESIS_HASH = "0" * 64
SQLITE_TRIGGER = (
    "CREATE TRIGGER records_auditevent_no_update BEFORE UPDATE ON records_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
)


def _verify_unkeyed(AuditEvent, AuditChainHead):
    from anpo.records.models import legacy_hash

    expected_prev, expected_seq, last = GENESIS_HASH, 1, None
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return f"event #{expected_seq} is missing", last
        if event.prev_hash != expected_prev:
            return f"event #{event.seq} does not link to the event before it", last
        if legacy_hash(event) != event.hash:
            return f"event #{event.seq} does not match its hash", last
        expected_prev, expected_seq, last = event.hash, expected_seq + 1, event
    head = AuditChainHead.objects.filter(id=1).first()
    if last is not None and head is not None and (head.last_seq, head.last_hash) != (last.seq, last.hash):
        return f"the chain head expects #{head.last_seq} but the last event is #{last.seq}", last
    return "", last


def rekey(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    try:
        _rekey(apps, schema_editor, vendor)
    finally:
        if vendor == "sqlite":
            # Adding the column rebuilt the table on SQLite, which dropped its trigger.
            schema_editor.execute("DROP TRIGGER IF EXISTS records_auditevent_no_update;")
            schema_editor.execute(SQLITE_TRIGGER)


def _rekey(apps, schema_editor, vendor):
    AuditEvent = apps.get_model("records", "AuditEvent")
    AuditChainHead = apps.get_model("records", "AuditChainHead")
    if not AuditEvent.objects.exists():
        return
    from anpo.records.keys import audit_keys, mac
    from anpo.records.models import canonical_payload

    problem, last = _verify_unkeyed(AuditEvent, AuditChainHead)
    if problem and os.environ.get("ANPO_AUDIT_REKEY_BROKEN") != "1":
        raise RuntimeError(
            f"The unkeyed audit chain is already broken ({problem}); it was not re-keyed. "
            "Restore the audit table from a backup that verifies, or run the migration with "
            "ANPO_AUDIT_REKEY_BROKEN=1 to key the chain as it stands (the break is recorded)."
        )
    key_id, key = audit_keys().current()
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS records_auditevent_no_update;")
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE records_auditevent DISABLE TRIGGER records_auditevent_no_change;")
    prev_hash, seq, count = GENESIS_HASH, 0, 0
    pks = list(AuditEvent.objects.order_by("seq").values_list("pk", flat=True))
    for start in range(0, len(pks), 1000):
        chunk = AuditEvent.objects.filter(pk__in=pks[start : start + 1000]).order_by("seq")
        for event in list(chunk):
            event.prev_hash, event.key_id = prev_hash, key_id
            event.hash = mac(key, canonical_payload(event))
            AuditEvent.objects.filter(pk=event.pk).update(
                prev_hash=event.prev_hash, key_id=key_id, hash=event.hash
            )
            prev_hash, seq, count = event.hash, event.seq, count + 1
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE records_auditevent ENABLE TRIGGER records_auditevent_no_change;")
    marker = AuditEvent(
        seq=seq + 1,
        occurred_at=dt.datetime.now(dt.UTC),
        actor=None,
        actor_label="system",
        action="records.chain.rekey",
        object_type="records.auditevent",
        object_repr="audit chain",
        before={"algorithm": "sha256", "head_seq": last.seq if last else 0, "head_hash": last.hash if last else ""},
        after={"algorithm": "hmac-sha256", "key_id": key_id, "events": count, "problem": problem},
        request_id="",
        remote_addr="",
        prev_hash=prev_hash,
        key_id=key_id,
    )
    marker.hash = mac(key, canonical_payload(marker))
    marker.save(force_insert=True)
    AuditChainHead.objects.update_or_create(id=1, defaults={"last_seq": marker.seq, "last_hash": marker.hash})


class Migration(migrations.Migration):
    dependencies = [("records", "0002_append_only_triggers")]
    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(default="", editable=False, max_length=32, verbose_name="key"),
            preserve_default=False,
        ),
        migrations.RunPython(rekey, migrations.RunPython.noop),
    ]
