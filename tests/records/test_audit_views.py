from __future__ import annotations

import csv
import io

import pytest

from anpo.records.services import audit_event_create

pytestmark = pytest.mark.django_db


def test_auditor_browses_filters_and_exports(client, auditor) -> None:  # type: ignore[no-untyped-def]
    audit_event_create(
        actor=auditor,
        action="screening.hit.dispose",
        object_type="screening.hit",
        object_id="7",
        object_repr="hit 7",
    )
    client.force_login(auditor)
    page = client.get("/records/audit/", {"action": "screening."})
    assert page.status_code == 200
    assert "hit 7" in page.content.decode()
    assert "accounts.user.create" not in page.content.decode()
    export = client.get("/records/audit/export.csv", {"action": "screening."})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["seq", "occurred_at", "actor", "action"]
    assert [row[3] for row in rows[1:]] == ["screening.hit.dispose"]


@pytest.mark.parametrize(
    "persona", ["researcher", "dept_manager", "committee", "sysadmin", "outsider"]
)
def test_others_cannot_read_the_audit_log(client, request, persona) -> None:  # type: ignore[no-untyped-def]
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/records/audit/").status_code == 403
    assert client.get("/records/audit/export.csv").status_code == 403


def test_anonymous_users_are_sent_to_login(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/records/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_no_url_accepts_changes_to_events(client, officer) -> None:  # type: ignore[no-untyped-def]
    event = audit_event_create(actor=None, action="test.x")
    client.force_login(officer)
    assert client.post(f"/records/audit/{event.seq}/", {"action": "forged"}).status_code == 405


def test_auditor_verifies_the_chain_in_the_browser(client, auditor) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    audit_event_create(actor=None, action="test.a")
    client.force_login(auditor)
    assert "連鎖は正常です" in client.get("/records/audit/verify/").content.decode()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER records_auditevent_no_update")
        else:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE records_auditevent SET action = 'forged' WHERE seq = 1")
    page = client.get("/records/audit/verify/").content.decode()
    assert "#1" in page and 'role="alert"' in page


def test_home_page_panels_for_auditors_and_sysadmins(client, auditor, sysadmin, outsider) -> None:  # type: ignore[no-untyped-def]
    client.force_login(auditor)
    assert "/records/audit/verify/" in client.get("/").content.decode()
    client.force_login(sysadmin)
    page = client.get("/").content.decode()
    assert (
        "/accounts/users/import/" in page and "役割のない有効なユーザー" in page
    )  # the outsider has no role
