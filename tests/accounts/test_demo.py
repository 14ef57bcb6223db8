"""``anpo demo load|disable`` and the production check that refuses demo passwords."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from anpo.accounts.checks import demo_accounts_check, refuse_unsafe_production
from anpo.accounts.demo import ACCOUNTS, DEMO_PASSWORD, demo_load
from anpo.accounts.models import OrgUnit, User
from anpo.records.models import AuditEvent
from anpo.records.selectors import audit_chain_verify

pytestmark = pytest.mark.django_db


def test_production_refuses_demo_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    demo_load()
    settings.DEBUG = False
    settings.ANPO_DEMO = False
    assert [error.id for error in demo_accounts_check()] == ["anpo.E001"]
    with pytest.raises(ImproperlyConfigured, match="demo"):
        refuse_unsafe_production()


def test_demo_load_is_idempotent() -> None:
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


def test_demo_disable_locks_every_demo_account_with_an_audit_event(settings) -> None:  # type: ignore[no-untyped-def]
    demo_load()
    out = io.StringIO()
    call_command("demo", "disable", stdout=out)
    assert f"Disabled {len(ACCOUNTS)} demo accounts." in out.getvalue()
    demo_users = User.objects.filter(is_demo=True)
    assert not demo_users.filter(is_active=True).exists()
    assert not any(user.check_password(DEMO_PASSWORD) for user in demo_users)
    locks = AuditEvent.objects.filter(action="accounts.user.lock")
    assert locks.count() == len(ACCOUNTS)
    event = locks.get(object_id=str(User.objects.get(username="officer").pk))
    assert event.before["is_active"] is True
    assert event.after["is_active"] is False
    assert event.after["reason"] == "demo accounts disabled"
    assert audit_chain_verify().ok
    settings.DEBUG = False
    assert demo_accounts_check() == []
    refuse_unsafe_production()
