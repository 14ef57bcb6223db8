from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from django.core import mail
from django.utils import timezone

from anpo.core.furigana import add_ruby_to_main, ruby_text
from anpo.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_a_missing_worker(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"]["ok"] is True and body["worker"]["ok"] is False


def test_healthz_is_ok_with_a_fresh_worker_heartbeat(client) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w1", started_at=now, last_seen=now)
    assert client.get("/healthz").json()["ok"] is True
    WorkerHeartbeat.objects.filter(worker_id="w1").update(last_seen=now - dt.timedelta(minutes=10))
    assert client.get("/healthz").status_code == 503


def test_language_switch_is_remembered_on_the_account(client, researcher) -> None:  # type: ignore[no-untyped-def]
    client.force_login(researcher)
    assert "ようこそ" in client.get("/").content.decode()
    client.post("/language/", {"language": "en", "next": "/"})
    researcher.refresh_from_db()
    assert researcher.language == "en"
    client.cookies.clear()
    client.force_login(researcher)
    assert "Welcome" in client.get("/").content.decode()


def test_language_switch_refuses_foreign_redirects(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_reader_preferences_persist_for_anonymous_and_signed_in_users(client, researcher) -> None:  # type: ignore[no-untyped-def]
    client.post("/preferences/", {"font_size": "x-large", "contrast": "high"})
    page = client.get("/accounts/login/").content.decode()
    assert 'class="font-x-large contrast-high"' in page
    client.force_login(researcher)
    client.post("/preferences/", {"font_size": "large", "contrast": "standard", "furigana": "1"})
    researcher.refresh_from_db()
    assert (researcher.font_size, researcher.contrast, researcher.furigana) == (
        "large",
        "standard",
        True,
    )
    bad = client.post("/preferences/", {"font_size": "<script>", "contrast": "neon"})
    assert bad.status_code == 302
    researcher.refresh_from_db()
    assert researcher.font_size == "standard"


def test_furigana_annotates_kanji_inside_main_only() -> None:
    html = (
        '<html><head><title>輸出</title></head><body><nav>安全保障</nav><main><h1 class="t">外為法の該非判定</h1>'
        '<p>研究者が&amp;技術を取り扱う。</p><code>輸出</code><span lang="en">Export 管理</span>'
        '<input value="管理"><ruby>漢<rt>かん</rt></ruby></main></body></html>'
    )
    out = add_ruby_to_main(html)
    assert "<title>輸出</title>" in out and "<nav>安全保障</nav>" in out
    assert "<ruby>外為法<rp>(</rp><rt>がいためほう</rt><rp>)</rp></ruby>" in out
    assert "<rt>がいひはんてい</rt>" in out
    assert "<rt>けんきゅう</rt>" in out or "<rt>けんきゅうしゃ</rt>" in out
    assert "<code>輸出</code>" in out and "Export 管理" in out and 'value="管理"' in out
    assert "&amp;" in out
    assert out.count("<ruby>漢") == 1


def test_okurigana_stays_outside_the_ruby() -> None:
    out = ruby_text("取り扱う")
    assert out.endswith("う") or "</ruby>う" in out
    assert "<rt>と" in out


def test_furigana_is_served_when_asked(client, researcher) -> None:  # type: ignore[no-untyped-def]
    client.force_login(researcher)
    assert "<ruby>" not in client.get("/accessibility/").content.decode()
    client.post("/preferences/", {"furigana": "1"})
    assert "<rt>" in client.get("/accessibility/").content.decode()
    client.post("/language/", {"language": "en"})
    assert "<rt>" not in client.get("/accessibility/").content.decode().split("<main")[1]


def test_mail_goes_through_the_database_worker(db_task_backend) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command
    from django.db import transaction

    from anpo.core.tasks import send_email_task

    with transaction.atomic():
        result = send_email_task.enqueue(subject="件名", body="本文", to=["a@test.invalid"])
    assert len(mail.outbox) == 0
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert mail.outbox[0].subject == "件名"


@pytest.mark.parametrize("persona", ["researcher", "auditor"])
def test_error_pages_are_translated(client, request, persona) -> None:  # type: ignore[no-untyped-def]
    client.force_login(request.getfixturevalue(persona))
    assert "ページが見つかりません" in client.get("/no-such-page/").content.decode()
    client.post("/language/", {"language": "en"})
    assert "Page not found" in client.get("/no-such-page/").content.decode()


def test_production_refuses_the_default_secret_key() -> None:
    code = "import anpo.settings"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"DEBUG": "false", "PYTHONPATH": "src", "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_demo_passwords(settings, db) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ImproperlyConfigured

    from anpo.accounts.demo import demo_load
    from anpo.core.checks import demo_accounts_check, refuse_unsafe_production

    demo_load()
    settings.DEBUG = False
    settings.ANPO_DEMO = False
    assert [error.id for error in demo_accounts_check()] == ["anpo.E001"]
    with pytest.raises(ImproperlyConfigured, match="demo"):
        refuse_unsafe_production()


def test_demo_load_is_idempotent(db) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    from anpo.accounts.models import OrgUnit, User

    call_command("demo", "load", verbosity=0)
    counts = (User.objects.count(), OrgUnit.objects.count())
    call_command("demo", "load", verbosity=0)
    assert (User.objects.count(), OrgUnit.objects.count()) == counts
    assert {u.role_assignments.get().role for u in User.objects.filter(is_demo=True)} >= {
        "researcher",
        "dept_manager",
        "officer",
        "chief_officer",
        "committee",
        "auditor",
        "sysadmin",
    }


def test_request_ids_reach_audit_events(client, sysadmin, org) -> None:  # type: ignore[no-untyped-def]
    from anpo.records.models import AuditEvent

    client.force_login(sysadmin)
    response = client.post(
        "/accounts/units/new/",
        {
            "code": "new",
            "name_ja": "新設",
            "name_en": "New",
            "kind": "lab",
            "parent": org["chem"].pk,
            "is_active": "on",
        },
        HTTP_X_REQUEST_ID="req-123",
    )
    assert response["X-Request-ID"] == "req-123"
    assert (
        AuditEvent.objects.get(
            action="accounts.org_unit.create", object_repr__in=["新設", "New"]
        ).request_id
        == "req-123"
    )


def test_list_urls_come_from_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ImproperlyConfigured

    from anpo.settings import env_url_map

    monkeypatch.setenv(
        "X_URLS",
        "meti-eul=https://a.example/eul.xlsx; ofac-sdn=https://b.example/sdn.csv|https://b.example/alt.csv",
    )
    assert env_url_map("X_URLS") == {
        "meti-eul": ["https://a.example/eul.xlsx"],
        "ofac-sdn": ["https://b.example/sdn.csv", "https://b.example/alt.csv"],
    }
    monkeypatch.setenv("X_URLS", "nonsense")
    with pytest.raises(ImproperlyConfigured):
        env_url_map("X_URLS")


def test_the_openapi_schema_generates_without_warnings(db) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
