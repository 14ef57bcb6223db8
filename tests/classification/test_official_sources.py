"""Importing from the official APIs (e-Gov law API v2, eCFR), served by a local HTTP server."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from anpo.classification import services
from anpo.classification.models import CatalogueEntry, CatalogueVersion
from anpo.records.models import AuditEvent

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "egov"


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}

    def do_GET(self) -> None:
        status, content_type, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.routes = {
        "/api/2/law_data/403M50000400049?law_full_text_format=xml": (
            200,
            "application/json",
            (FIXTURES / "law_data-403M50000400049.json").read_bytes(),
        ),
        "/versioner/2026-07-23/part774.xml": (
            200,
            "application/xml",
            (FIXTURES / "ecfr-part774.xml").read_bytes(),
        ),
        "/broken": (200, "application/json", b'{"law_full_text": "<Law><unclosed>"}'),
        "/gone": (500, "text/plain", b"server error"),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_ordinance_is_imported_from_the_egov_api(db: None, server: str, settings: Any) -> None:
    settings.ANPO_EGOV_API_BASE = f"{server}/api/2"
    url = services.official_source_url("goods-ordinance")
    assert url == f"{server}/api/2/law_data/403M50000400049?law_full_text_format=xml"
    outcomes = services.catalogue_import_source(
        instrument="goods-ordinance", location=url, acting_user=None
    )
    version = outcomes[0].version
    assert version.revision_label == "令和七年経済産業省令第七十二号"
    assert str(version.effective_from) == "2026-02-14"
    assert version.source == url
    entry = CatalogueEntry.objects.get(version=version, key="6-1-21")
    assert entry.text.startswith("燐、砒素")


def test_the_ccl_is_imported_from_an_ecfr_url(db: None, server: str) -> None:
    url = f"{server}/versioner/2026-07-23/part774.xml"
    services.catalogue_import_source(
        instrument="ccl", location=url, acting_user=None, legal_text_date="2026-07-23"
    )
    version = CatalogueVersion.objects.get(instrument__code="us-ccl")
    assert str(version.legal_text_date) == "2026-07-23"
    assert CatalogueEntry.objects.filter(version=version, key="3A002.c.3").exists()


@pytest.mark.parametrize(
    ("path", "message"),
    [("/broken", "XML"), ("/gone", "download failed"), ("/missing", "download failed")],
)
def test_a_failed_download_is_refused_and_audited(
    db: None, server: str, path: str, message: str
) -> None:
    with pytest.raises(services.CatalogueImportError, match=message):
        services.catalogue_import_source(
            instrument="goods-ordinance", location=server + path, acting_user=None
        )
    assert not CatalogueVersion.objects.exists()
    assert AuditEvent.objects.filter(action="classification.catalogue.import_rejected").count() == 1


def test_only_http_urls_are_fetched(db: None) -> None:
    with pytest.raises(services.CatalogueImportError):
        services.catalogue_import_source(
            instrument="ccl", location="file:///etc/passwd", acting_user=None
        )


def test_an_officer_asks_for_the_current_text_and_it_is_imported(
    db: None, server: str, settings: Any, officer: Any
) -> None:
    from django.test import Client
    from django.urls import reverse

    settings.ANPO_EGOV_API_BASE = f"{server}/api/2"
    client = Client()
    client.force_login(officer)
    url = reverse("classification:update", args=["jp-goods-ordinance"])
    with _capture_on_commit():
        response = client.post(url)
    assert response.status_code == 302
    version = CatalogueVersion.objects.get(instrument__code="jp-goods-ordinance")
    assert version.imported_by == officer
    assert (
        AuditEvent.objects.filter(action="classification.catalogue.update_requested").count() == 1
    )
    with _capture_on_commit():
        client.post(url)  # the same law again: no second version
    assert CatalogueVersion.objects.filter(instrument__code="jp-goods-ordinance").count() == 1


def test_only_the_office_may_ask_for_an_update(db: None, researcher: Any, auditor: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    url = reverse("classification:update", args=["jp-goods-ordinance"])
    for user in (researcher, auditor):
        client = Client()
        client.force_login(user)
        assert client.post(url).status_code == 403
    assert not AuditEvent.objects.filter(
        action="classification.catalogue.update_requested"
    ).exists()


def _capture_on_commit() -> Any:
    """Run on_commit callbacks (the task) at the end of the block, as a real commit would."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)
