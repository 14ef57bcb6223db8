from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from anpo.records.models import AuditEvent, AuditEventImmutable
from anpo.records.selectors import audit_chain_verify
from anpo.records.services import audit_event_create

pytestmark = pytest.mark.django_db


def _events(n: int) -> list[AuditEvent]:
    return [
        audit_event_create(
            actor=None,
            action="test.thing.do",
            object_type="test.thing",
            object_id=str(i),
            object_repr=f"thing {i}",
            after={"value": i, "name": "日本語 ✓"},
        )
        for i in range(n)
    ]


def test_each_event_links_to_the_previous_one() -> None:
    first, second, third = _events(3)
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert audit_chain_verify().ok


def test_verify_names_the_row_whose_content_was_tampered_with() -> None:
    events = _events(5)
    target = events[2]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER records_auditevent_no_update")
        else:
            cursor.execute(
                "SET LOCAL session_replication_role = replica"
            )  # a DBA bypassing triggers
        cursor.execute(
            "UPDATE records_auditevent SET object_repr = %s WHERE id = %s", ["forged", target.pk]
        )
    report = audit_chain_verify()
    assert not report.ok
    assert report.first_break is not None
    assert report.first_break.seq == target.seq
    assert report.first_break.event_id == target.pk
    assert report.checked == 2
    with pytest.raises(CommandError, match=rf"#{target.seq} \(row id {target.pk}\)"):
        call_command("audit", "verify")


def test_verify_detects_a_deleted_row_and_a_deleted_tail() -> None:
    events = _events(4)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SET LOCAL session_replication_role = replica"
            )  # a DBA bypassing triggers
        cursor.execute("DELETE FROM records_auditevent WHERE id = %s", [events[-1].pk])
    report = audit_chain_verify()
    assert not report.ok and "chain head" in report.first_break.reason
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM records_auditevent WHERE id = %s", [events[1].pk])
    report = audit_chain_verify()
    assert report.first_break.seq == 2 and "missing" in report.first_break.reason


def test_the_application_cannot_change_or_delete_events() -> None:
    (event,) = _events(1)
    event.object_repr = "changed"
    with pytest.raises(AuditEventImmutable):
        event.save()
    with pytest.raises(AuditEventImmutable):
        event.delete()
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="x")
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_updates_even_with_raw_sql() -> None:
    (event,) = _events(1)
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE records_auditevent SET action = 'x' WHERE id = %s", [event.pk])


@pytest.mark.postgres
def test_postgres_refuses_deleting_events_with_raw_sql() -> None:
    (event,) = _events(1)
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM records_auditevent WHERE id = %s", [event.pk])


def test_an_event_rolls_back_with_the_change_it_records() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_event_create(actor=None, action="test.rollback")
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.filter(action="test.rollback").exists()
    _events(1)
    assert audit_chain_verify().ok


def test_verify_command_reports_success() -> None:
    _events(3)
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "3 audit events, chain intact" in out.getvalue()
