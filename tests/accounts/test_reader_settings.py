"""The reader's own settings: language and reading aids, saved on the account or in a cookie."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


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
