from __future__ import annotations

import pytest
from django.core import mail

from tests.conftest import _persona

pytestmark = pytest.mark.django_db


def test_login_by_username_or_email(client, researcher) -> None:  # type: ignore[no-untyped-def]
    ok = client.post(
        "/accounts/login/", {"username": "researcher", "password": "correct horse battery"}
    )
    assert ok.status_code == 302
    client.logout()
    ok = client.post(
        "/accounts/login/",
        {"username": "researcher@test.invalid", "password": "correct horse battery"},
    )
    assert ok.status_code == 302


def test_passwords_are_hashed_with_argon2(argon2_hasher, org) -> None:  # type: ignore[no-untyped-def]
    user = _persona(org, "argon-user", "researcher", "lab")
    assert user.password.startswith("argon2")


def test_repeated_failures_lock_the_account(client, researcher, settings) -> None:  # type: ignore[no-untyped-def]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "researcher", "password": "wrong"})
    locked = client.post(
        "/accounts/login/", {"username": "researcher", "password": "correct horse battery"}
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_mail_through_a_task(client, researcher) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/accounts/password/reset/", {"email": "researcher@test.invalid"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@test.invalid"})
    assert unknown.status_code == 302 and len(mail.outbox) == 1  # no account enumeration


def test_each_role_gets_its_home_page(client, personas) -> None:  # type: ignore[no-untyped-def]
    for persona, user in personas.items():
        if persona == "outsider":
            continue
        client.force_login(user)
        page = client.get("/")
        assert page.status_code == 200
        assert user.role_assignments.get().get_role_display() in page.content.decode()


def test_auditors_cannot_post_anywhere_but_their_own_settings(client, auditor) -> None:  # type: ignore[no-untyped-def]
    client.force_login(auditor)
    assert client.post("/accounts/users/new/", {}).status_code == 403
    assert client.post("/preferences/", {"font_size": "large"}).status_code == 302
