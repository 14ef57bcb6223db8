"""Content-Security-Policy on every response, and /healthz over plain HTTP behind the proxy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

SRC = Path(__file__).resolve().parents[2] / "src" / "anpo"


def _parameterless_paths() -> list[str]:
    """Every routed URL that takes no argument ('' + 'accounts/' + 'login/' ...)."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if "<" in route or route.startswith("^"):
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            else:
                found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def _script_src(header: str) -> str:
    directives = dict(
        part.strip().split(" ", 1) for part in header.split(";") if " " in part.strip()
    )
    return directives["script-src"]


def test_every_page_sends_a_content_security_policy(client, sysadmin, officer) -> None:  # type: ignore[no-untyped-def]
    paths = _parameterless_paths()
    assert "/training/" in paths
    assert "/records/audit/" in paths
    responses = []
    for user in (None, sysadmin, officer):
        if user is not None:
            client.force_login(user)
        for path in [*paths, "/no-such-page/", "/static/anpo/anpo.css"]:
            responses.append((path, client.get(path)))
    statuses = {response.status_code for _, response in responses}
    assert 200 in statuses
    assert 404 in statuses
    assert 302 in statuses  # anonymous requests sent to the login page
    for path, response in responses:
        header = response.get("Content-Security-Policy", "")
        assert header, f"{path} ({response.status_code}) has no Content-Security-Policy"
        assert "default-src 'self'" in header
        assert "'unsafe-inline'" not in _script_src(header), path
        assert "'unsafe-eval'" not in _script_src(header), path
        assert "frame-ancestors 'none'" in header
        assert "object-src 'none'" in header


def test_api_answers_send_the_policy_too(client, officer) -> None:  # type: ignore[no-untyped-def]
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=officer)
    response = client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_a_nonce_reaches_the_header_only_when_a_template_uses_it(client, officer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    header = client.get("/").get("Content-Security-Policy")
    assert "'nonce-" not in header


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def test_no_template_relies_on_inline_scripts_handlers_or_style_attributes() -> None:
    """The policy refuses them; a <script>/<style> element that must be inline carries the nonce."""
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE):
            for match in pattern.finditer(text):
                if "csp_nonce" in match.group(0):
                    continue
                offenders.append(f"{template.relative_to(SRC)}: {match.group(0)[:80]}")
    assert offenders == []


def test_scorm_package_files_get_their_own_policy(client, officer, researcher) -> None:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    from anpo.training import services
    from anpo.training.models import Course
    from tests.training.test_scorm_and_ops import MANIFEST_12

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", MANIFEST_12)
        archive.writestr("index.html", "<html><script>parent.API.LMSInitialize('')</script></html>")
    buffer.seek(0)
    course = Course.objects.create(slug="sco", title_ja="SCO", title_en="SCO")
    package = services.scorm_package_import(acting_user=officer, upload=buffer, course=course)
    client.force_login(researcher)
    response = client.get(f"/training/scorm/{package.pk}/index.html")
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in _script_src(header)
    assert "frame-ancestors 'self'" in header


# ---------------------------------------------------------------------------------------------
# /healthz behind the proxy
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def production_like(settings):  # type: ignore[no-untyped-def]
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["anpo.example.ac.jp"]
    return settings


def test_healthz_answers_plain_http_without_a_redirect(client, production_like, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz", HTTP_HOST="anpo.example.ac.jp")
    assert response.status_code in (200, 503)
    assert response.json()["database"]["ok"] is True
    assert "Content-Security-Policy" in response


def test_healthz_answers_a_probe_on_the_app_servers_own_address(
    client, production_like, db
) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8001")
    assert response.status_code in (200, 503)
    assert "database" in response.json()


def test_other_pages_still_redirect_to_https(client, production_like, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/accounts/login/", HTTP_HOST="anpo.example.ac.jp")
    assert response.status_code == 301
    assert response["Location"] == "https://anpo.example.ac.jp/accounts/login/"
    assert client.get("/healthz/", HTTP_HOST="anpo.example.ac.jp").status_code == 301
