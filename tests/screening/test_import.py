"""List snapshot import: activation, diffs, no-op re-import, refusals that keep the previous snapshot."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from anpo.records.models import AuditEvent
from anpo.screening import services
from anpo.screening.models import ListSnapshot, SnapshotEntry

from .conftest import WATCHLIST_V1, watchlist


def test_import_activates_a_snapshot_with_entries_and_audit(imported_watchlist, officer) -> None:  # type: ignore[no-untyped-def]
    snap = imported_watchlist
    assert snap.is_active and snap.entry_count == 4 and snap.name_count >= 8
    assert len(snap.sha256) == 64
    entry = SnapshotEntry.objects.get(snapshot=snap, entry_id="W-3")
    assert entry.kind == "person" and entry.primary_name == "Boris Vetrenko"
    assert entry.data["birth_dates"] == ["1971-04-12"] and len(entry.fingerprint) == 64
    event = AuditEvent.objects.get(action="screening.list.import")
    assert event.after["entries"] == 4 and event.after["active_snapshot"] == snap.pk


def test_same_file_twice_is_a_noop(imported_watchlist, write_file) -> None:  # type: ignore[no-untyped-def]
    again = services.list_snapshot_import(
        source="internal", path=write_file("copy.csv", WATCHLIST_V1), acting_user=None
    )
    assert not again.created and again.snapshot.pk == imported_watchlist.pk
    assert "already imported" in again.message
    assert ListSnapshot.objects.count() == 1


def test_new_version_stores_diff_and_keeps_history(
    imported_watchlist, write_file, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    v2 = watchlist(
        "W-1,Zentrovia Advanced Materials Institute,organization,ZAMI,ゼントロヴィア先端材料研究所,IR,,invented,demo",
        "W-2,Kalvoria Precision Machinery Co. Ltd.,organization,Kalvoria Machinery;KPM,,CN,,invented,demo",  # changed alias
        "W-3,Boris Vetrenko,person,Borys Vetrenko,Борис Ветренко,RU,1971-04-12,invented,demo",
        "W-5,Ostrelian Nuclear Physics Centre,organization,ONPC,,KP,,invented,demo",  # added; W-4 removed
    )
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.list_snapshot_import(
            source="internal", path=write_file("v2.csv", v2), acting_user=None
        )
    snap = outcome.snapshot
    assert outcome.created and outcome.diff == {"added": 1, "removed": 1, "changed": 1}
    assert (
        snap.diff_added == ["W-5"] and snap.diff_removed == ["W-4"] and snap.diff_changed == ["W-2"]
    )
    assert snap.previous_id == imported_watchlist.pk
    imported_watchlist.refresh_from_db()
    assert not imported_watchlist.is_active and snap.is_active
    # the old snapshot keeps its entries (replay)
    assert imported_watchlist.entries.filter(entry_id="W-4").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("wrong.csv", "identifier,fullname\nX,Y\n", "unknown column"),
        ("empty.csv", "", "empty"),
        ("header_only.csv", "id,name\n", "0 entries"),
        ("truncated.xlsx", "PK\x03\x04 truncated", "xlsx"),
    ],
)
def test_broken_files_are_refused_and_previous_stays_active(
    imported_watchlist, write_file, name, content, message
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services.ListImportError, match=message):
        services.list_snapshot_import(
            source="internal", path=write_file(name, content), acting_user=None
        )
    assert ListSnapshot.objects.get(is_active=True).pk == imported_watchlist.pk
    assert ListSnapshot.objects.count() == 1
    assert AuditEvent.objects.filter(action="screening.list.import_rejected").count() == 1


def test_invalid_xml_is_refused(db, write_file) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services.ListImportError):
        services.list_snapshot_import(
            source="un-sc",
            path=write_file("consolidated.xml", "<CONSOLIDATED_LIST><INDIVIDUALS>"),
            acting_user=None,
        )
    assert not ListSnapshot.objects.exists()


def test_much_smaller_list_is_refused(imported_watchlist, write_file) -> None:  # type: ignore[no-untyped-def]
    small = watchlist("W-1,Zentrovia Advanced Materials Institute,organization,,,IR,,,")
    with pytest.raises(services.ListImportError, match="fewer than 50%"):
        services.list_snapshot_import(
            source="internal", path=write_file("small.csv", small), acting_user=None
        )
    assert ListSnapshot.objects.get(is_active=True).pk == imported_watchlist.pk


def test_upload_over_the_limit_is_refused(db, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ANPO_MAX_UPLOAD_BYTES = 100
    with pytest.raises(services.ListImportError, match="larger"):
        services.list_snapshot_import(
            source="internal",
            content=WATCHLIST_V1.encode() * 10,
            filename="big.csv",
            acting_user=None,
        )


def test_upload_content_is_kept_as_evidence(db, settings, officer) -> None:  # type: ignore[no-untyped-def]
    outcome = services.list_snapshot_import(
        source="internal",
        content=WATCHLIST_V1.encode(),
        filename="../../evil name.csv",
        acting_user=officer,
    )
    stored = list((Path(settings.ANPO_LISTS_DIR) / "internal" / "uploads").iterdir())
    assert len(stored) == 1 and stored[0].name.endswith("evil_name.csv")
    assert outcome.snapshot.imported_by == officer


def test_lists_import_all_and_status_commands(db, invented_lists_dir) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command(
        "lists", "import", "--all", str(invented_lists_dir), stdout=out, stderr=io.StringIO()
    )
    keys = set(ListSnapshot.objects.filter(is_active=True).values_list("source__key", flat=True))
    assert keys == {"un-sc", "us-csl", "bis-dpl", "meti-eul", "internal"}
    status = io.StringIO()
    call_command("lists", "status", stdout=status)
    assert "un-sc" in status.getvalue() and "first import" in status.getvalue()
    again = io.StringIO()
    call_command(
        "lists", "import", "--all", str(invented_lists_dir), stdout=again, stderr=io.StringIO()
    )
    assert again.getvalue().count("already imported") == 5


def test_lists_import_one_source_command_reports_errors(db, write_file) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="failed"):
        call_command(
            "lists",
            "import",
            "internal",
            str(write_file("x.csv", "nope\n")),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    call_command(
        "lists", "import", "internal", str(write_file("ok.csv", WATCHLIST_V1)), stdout=io.StringIO()
    )
    assert ListSnapshot.objects.filter(is_active=True, source__key="internal").exists()


def test_lists_update_downloads_file_urls_and_reports_errors_per_source(
    db, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    remote = tmp_path / "remote"
    remote.mkdir()
    (remote / "dpl.txt").write_bytes(
        (Path(__file__).parent / "parsers" / "fixtures" / "dpl.txt").read_bytes()
    )
    settings.ANPO_LIST_URLS = {
        "bis-dpl": [(remote / "dpl.txt").as_uri()],
        "un-sc": [(remote / "missing.xml").as_uri()],
    }
    outcomes, errors = services.lists_update_all(sources=["bis-dpl", "un-sc"])
    assert [o.source for o in outcomes] == ["bis-dpl"] and outcomes[0].created
    assert "un-sc" in errors and "Download failed" in errors["un-sc"]
    assert list((Path(settings.ANPO_LISTS_DIR) / "bis-dpl").glob("*/dpl.txt"))
    assert not ListSnapshot.objects.filter(source__key="un-sc").exists()
    # second run: same bytes -> no-op, staging folder removed
    outcomes, errors = services.lists_update_all(sources=["bis-dpl"])
    assert (
        not outcomes[0].created
        and len(list((Path(settings.ANPO_LISTS_DIR) / "bis-dpl").iterdir())) == 1
    )


def test_truncated_real_zip_is_refused(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>" * 100)
    path = tmp_path / "watch.xlsx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(services.ListImportError):
        services.list_snapshot_import(source="internal", path=path, acting_user=None)


def test_lists_update_over_http_with_a_local_server(db, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import functools
    import http.server
    import threading

    remote = tmp_path / "site"
    remote.mkdir()
    (remote / "watch.csv").write_text(WATCHLIST_V1, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(remote))
    handler.log_message = lambda *args, **kwargs: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        settings.ANPO_LIST_URLS = {
            "internal": f"{base}/watch.csv",
            "bis-dpl": [f"{base}/missing.txt"],
        }
        out, err = io.StringIO(), io.StringIO()
        with pytest.raises(CommandError, match="1 list"):
            call_command("lists", "update", "internal", "bis-dpl", stdout=out, stderr=err)
        assert "internal: imported 4 entries" in out.getvalue()
        assert "bis-dpl" in err.getvalue() and "404" in err.getvalue()
    finally:
        server.shutdown()
        server.server_close()
    assert ListSnapshot.objects.filter(source__key="internal", is_active=True).exists()
    assert not ListSnapshot.objects.filter(source__key="bis-dpl").exists()


def test_lists_rescreen_command(imported_watchlist, researcher) -> None:  # type: ignore[no-untyped-def]
    party = services.party_create(acting_user=researcher, name="Boris Vetrenko", kind="person")
    out = io.StringIO()
    call_command("lists", "rescreen", stdout=out)
    assert "re-screened 1 parties: 1 hits, 1 new alerts" in out.getvalue()
    assert party.screenings.get().kind == "rescreen"
