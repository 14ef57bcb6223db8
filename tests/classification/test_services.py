"""Imports: versions beside versions, the version in force, diffs, repairs, links, audit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from anpo.classification import selectors, services
from anpo.classification.models import CatalogueEntry, CatalogueLink, CatalogueVersion
from anpo.records.models import AuditEvent
from anpo.records.selectors import audit_chain_verify


def test_importing_the_folder_stores_every_instrument(imported: dict[str, object]) -> None:
    codes = sorted(CatalogueVersion.objects.values_list("instrument__code", flat=True))
    assert codes == [
        "eu-annex1-structure",
        "jp-export-order",
        "jp-export-order",
        "jp-forex-order",
        "jp-goods-ordinance",
        "us-ccl",
    ]
    assert CatalogueVersion.objects.filter(is_current=True).count() == 5


def test_the_newer_version_is_in_force_and_the_older_one_ends_the_day_before(
    imported: dict[str, object],
) -> None:
    older = CatalogueVersion.objects.get(
        instrument__code="jp-export-order", legal_text_date="2026-02-14"
    )
    newer = CatalogueVersion.objects.get(
        instrument__code="jp-export-order", legal_text_date="2026-06-05"
    )
    assert newer.is_current is True
    assert older.is_current is False
    assert str(older.effective_to) == "2026-06-04"
    assert newer.previous == older
    assert newer.revision_label == "令和八年政令第百九十四号"


def test_the_new_version_names_exactly_the_entries_that_changed(
    imported: dict[str, object],
) -> None:
    newer = CatalogueVersion.objects.get(instrument__code="jp-export-order", is_current=True)
    assert sorted(newer.changes["added"]) == ["3の2の項(2)1", "7の項(13の2)"]
    assert newer.changes["removed"] == ["2の項(12)2"]
    assert "7の項(13)" in newer.changes["changed"]
    assert "16の項(2)" in newer.changes["changed"]  # the region
    assert "7の項(21)" not in newer.changes["changed"]  # the conversion's lost kanji were restored
    assert "7の項(1)" not in newer.changes["changed"]


def test_kanji_lost_by_the_conversion_are_restored_from_the_previous_version(
    imported: dict[str, object],
) -> None:
    entry = CatalogueEntry.objects.get(
        version__instrument__code="jp-export-order", version__is_current=True, key="7の項(21)"
    )
    assert entry.text == "燐、砒素又はアンチモンの水素化物"
    assert "ruby_restored" in entry.flags


def test_keys_and_hashes_are_stable_across_versions(imported: dict[str, object]) -> None:
    rows = CatalogueEntry.objects.filter(
        version__instrument__code="jp-export-order", key="7の項(1)"
    )
    assert rows.count() == 2
    assert len({r.content_hash for r in rows}) == 1


def test_importing_the_same_file_again_changes_nothing(imported: dict[str, object]) -> None:
    before = CatalogueVersion.objects.count()
    outcomes, errors = services.catalogue_import_directory(
        path=Path(__file__).parent / "fixtures", acting_user=None
    )
    assert errors == {}
    assert not any(o.created for o in outcomes)
    assert CatalogueVersion.objects.count() == before


def test_an_older_version_imported_later_does_not_replace_the_one_in_force(
    db: None, fixtures_dir: Path, tmp_path: Path
) -> None:
    services.catalogue_import_source(
        instrument="export-order",
        location=str(fixtures_dir / "jp-law" / "export-trade-control-order-324CO0000000378.md"),
        acting_user=None,
    )
    services.catalogue_import_source(
        instrument="export-order",
        location=str(fixtures_dir / "jp-law" / "export-order-appendix1.json"),
        acting_user=None,
    )
    current = CatalogueVersion.objects.get(instrument__code="jp-export-order", is_current=True)
    assert str(current.legal_text_date) == "2026-06-05"


def test_each_import_writes_an_audit_event_and_the_chain_stays_valid(
    imported: dict[str, object],
) -> None:
    events = AuditEvent.objects.filter(action="classification.catalogue.import")
    assert events.count() == 6
    event = events.get(object_repr__startswith="jp-export-order@2026-06-05")
    assert event.after["added"] == 2
    assert event.after["removed"] == 1
    assert AuditEvent.objects.filter(action="classification.catalogue.links_refresh").exists()
    assert audit_chain_verify().ok


def test_a_refused_file_is_audited_and_stores_nothing(db: None, tmp_path: Path) -> None:
    bad = tmp_path / "export-order-appendix1.json"
    bad.write_text("{broken", encoding="utf-8")
    with pytest.raises(services.CatalogueImportError, match="not valid JSON"):
        services.catalogue_import_source(
            instrument="export-order", location=str(bad), acting_user=None
        )
    assert CatalogueVersion.objects.count() == 0
    event = AuditEvent.objects.get(action="classification.catalogue.import_rejected")
    assert "not valid JSON" in event.after["reason"]


def test_a_bad_file_in_the_folder_is_reported_and_the_others_are_imported(
    db: None, fixtures_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "lists"
    shutil.copytree(fixtures_dir, folder)
    (folder / "us-ccl" / "ccl-eccns.json").write_text(
        '{"eccns": [{"eccn": "nonsense"}]}', encoding="utf-8"
    )
    outcomes, errors = services.catalogue_import_directory(path=folder, acting_user=None)
    assert list(errors) == ["ccl-eccns.json"]
    assert {o.instrument for o in outcomes} >= {"jp-export-order", "jp-goods-ordinance"}
    assert not CatalogueVersion.objects.filter(instrument__code="us-ccl").exists()


def test_the_crosswalk_is_derived_for_the_versions_in_force(imported: dict[str, object]) -> None:
    order = CatalogueVersion.objects.get(instrument__code="jp-export-order", is_current=True)
    derived = CatalogueLink.objects.filter(target_version=order)
    assert derived.filter(source_key="1-1-14", target_key="2の項(12)1").exists()
    assert derived.filter(source_key="19-1-1", target_key="6-1-12-i", kind="is_for").exists()
    assert services.catalogue_links_refresh(acting_user=None) == 0  # already there


def test_the_technology_items_are_derived_from_the_ordinance_when_imported_from_a_file(
    db: None, fixtures_dir: Path
) -> None:
    outcomes = services.catalogue_import_source(
        instrument="goods-ordinance",
        location=str(fixtures_dir / "jp-law" / "goods-ordinance-403M50000400049.json"),
        acting_user=None,
    )
    assert [o.instrument for o in outcomes] == ["jp-goods-ordinance", "jp-forex-order"]
    forex = CatalogueVersion.objects.get(instrument__code="jp-forex-order")
    assert "derived" in forex.notes


def test_the_diff_between_stored_versions(imported: dict[str, object]) -> None:
    older = CatalogueVersion.objects.get(
        instrument__code="jp-export-order", legal_text_date="2026-02-14"
    )
    newer = CatalogueVersion.objects.get(
        instrument__code="jp-export-order", legal_text_date="2026-06-05"
    )
    changes = {c.key: c for c in selectors.version_diff(older, newer)}
    assert changes["7の項(13)"].change == "changed"
    assert [op.new for op in changes["7の項(13)"].text if op.op == "insert"] == ["又は信号分析器"]
    assert changes["2の項(12)2"].change == "removed"
