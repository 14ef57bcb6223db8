"""Migration 0003 keys an existing unkeyed chain, and refuses to key one that is already broken."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from anpo.records.models import canonical_payload
from anpo.records.selectors import audit_chain_verify

BEFORE = [("records", "0002_append_only_triggers")]
AFTER = [("records", "0003_keyed_chain")]


def _unkeyed_chain(count: int, *, break_at: int | None = None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Event = apps.get_model("records", "AuditEvent")
    Head = apps.get_model("records", "AuditChainHead")
    prev = "0" * 64
    for seq in range(1, count + 1):
        event = Event(
            seq=seq,
            occurred_at=dt.datetime(2026, 11, 1, 9, seq, tzinfo=dt.UTC),
            actor=None,
            actor_label="system",
            action="test.thing.do",
            object_type="test.thing",
            object_id=str(seq),
            object_repr=f"thing {seq}",
            before=None,
            after={"n": seq},
            request_id="",
            remote_addr="",
            prev_hash=prev,
        )
        event.hash = hashlib.sha256(canonical_payload(event).encode("utf-8")).hexdigest()
        if seq == break_at:
            event.object_repr = "edited after hashing"
        event.save(force_insert=True)
        prev = event.hash
    Head.objects.update_or_create(id=1, defaults={"last_seq": count, "last_hash": prev})


@pytest.mark.django_db(transaction=True)
def test_the_migration_keys_an_unkeyed_chain_and_records_its_old_head() -> None:
    from anpo.records.models import AuditEvent

    try:
        _unkeyed_chain(4)
        MigrationExecutor(connection).migrate(AFTER)
        events = list(AuditEvent.objects.order_by("seq"))
        assert [e.key_id for e in events] == ["test-1"] * 5
        marker = events[-1]
        assert marker.action == "records.chain.rekey"
        assert marker.before["head_seq"] == 4
        assert marker.after["events"] == 4
        assert audit_chain_verify().ok
    finally:
        MigrationExecutor(connection).migrate(AFTER)


@pytest.mark.django_db(transaction=True)
def test_the_migration_refuses_to_key_a_chain_that_is_already_broken() -> None:
    try:
        _unkeyed_chain(3, break_at=2)
        with pytest.raises(RuntimeError, match="already broken"):
            MigrationExecutor(connection).migrate(AFTER)
    finally:
        from anpo.records.models import AuditChainHead

        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("DROP TRIGGER IF EXISTS records_auditevent_no_update")
                cursor.execute("DELETE FROM records_auditevent")
            else:
                cursor.execute("TRUNCATE records_auditevent")
        AuditChainHead.objects.all().delete()
        MigrationExecutor(connection).migrate(AFTER)


@pytest.mark.django_db
def test_the_append_only_trigger_survives_the_migration_on_sqlite() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite rebuilds the table when a column is added")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'records_auditevent'"
        )
        assert [row[0] for row in cursor.fetchall()] == ["records_auditevent_no_update"]
