"""Registry, directory loader, snapshot diff, and the package's independence from Django."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from anpo.matching.types import ListName, NameKind
from anpo.screening.parsers import (
    SOURCES,
    ListParseError,
    diff_entries,
    load_lists_dir,
    load_source,
    meti_identity_key,
    parse_un_xml,
    pick_file,
)

EXPECTED_KEYS = {
    "meti-eul",
    "jp-mof-asset-freeze",
    "un-sc",
    "us-csl",
    "ofac-sdn",
    "ofac-non-sdn",
    "bis-dpl",
    "eu-fsf",
    "uk-sanctions-list",
    "opensanctions",
    "internal",
}


def test_registry_covers_every_source_with_labels_and_official_urls() -> None:
    assert set(SOURCES) == EXPECTED_KEYS
    for key, spec in SOURCES.items():
        assert spec.key == key
        assert spec.label_en and spec.label_ja and spec.update_hint
        assert spec.file_patterns
        if key != "internal":
            assert spec.urls and all(u.startswith("https://") for u in spec.urls)
    assert SOURCES["meti-eul"].label == "METI End User List (外国ユーザーリスト)"
    assert any("meti.go.jp" in u for u in SOURCES["meti-eul"].urls)
    assert any("mof.go.jp" in u for u in SOURCES["jp-mof-asset-freeze"].urls)


@pytest.fixture
def lists_dir(fixtures: Path, tmp_path: Path) -> Path:
    root = tmp_path / "lists"
    layout = {
        "un-sc": ["un_consolidated.xml"],
        "us-csl": ["csl.csv"],
        "bis-dpl": ["dpl.txt"],
        "eu-fsf": ["eu_fsf.xml", "eu_fsf.jsonl"],
        "uk-sanctions-list": ["uk_sanctions.jsonl"],
        "opensanctions": ["opensanctions.ftm.json"],
        "internal": ["internal.csv"],
        "meti-eul": ["meti_eul_normalized.json", "meti_eul.html"],
    }
    for folder, files in layout.items():
        (root / folder).mkdir(parents=True)
        for name in files:
            shutil.copy(fixtures / name, root / folder / name)
    shutil.copytree(fixtures / "ofac", root / "ofac-sdn")
    (root / "not-a-source").mkdir()
    return root


def test_load_lists_dir_loads_each_known_folder(lists_dir: Path) -> None:
    loaded = load_lists_dir(lists_dir)
    assert set(loaded) == EXPECTED_KEYS - {"jp-mof-asset-freeze", "ofac-non-sdn"}
    assert loaded["eu-fsf"].format == "eu-fsf-xml"  # official XML preferred over JSON-Lines
    assert loaded["meti-eul"].format == "meti-eul-json"  # JSON preferred over the PDF->HTML table
    assert loaded["ofac-sdn"].source == "ofac-sdn"
    for key, parsed in loaded.items():
        assert parsed.source == key
        assert all(e.source == key for e in parsed.entries)
        assert len({e.entry_id for e in parsed.entries}) == len(parsed.entries)
        assert len(parsed.sha256) == 64
        assert parsed.counts()["entries"] == len(parsed.entries)


def test_newest_file_wins(lists_dir: Path, fixtures: Path) -> None:
    folder = lists_dir / "un-sc"
    shutil.copy(fixtures / "un_consolidated.xml", folder / "un_2031-05-01.xml")
    shutil.copy(fixtures / "un_consolidated.xml", folder / "un_2030-01-01.xml")
    path, _ = pick_file(SOURCES["un-sc"], folder)
    assert path.name == "un_2031-05-01.xml"


def test_one_broken_source_can_be_collected_instead_of_raised(lists_dir: Path) -> None:
    (lists_dir / "un-sc" / "un_consolidated.xml").write_text("<CONSOLIDATED_LIST><INDIV")
    with pytest.raises(ListParseError):
        load_lists_dir(lists_dir)
    errors: dict[str, ListParseError] = {}
    loaded = load_lists_dir(lists_dir, errors=errors)
    assert set(errors) == {"un-sc"}
    assert "us-csl" in loaded


def test_load_source_errors(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        load_source("nope", tmp_path)
    (tmp_path / "un-sc").mkdir()
    with pytest.raises(ListParseError, match="no file matching"):
        load_source("un-sc", tmp_path / "un-sc")


def test_diff_reports_added_removed_and_changed(fixtures: Path) -> None:
    old = list(parse_un_xml(fixtures / "un_consolidated.xml").entries)
    renamed = replace(old[0], names=(*old[0].names, ListName("Zed", NameKind.ALIAS)))
    extra_only = replace(old[1], extra={"dataid": "changed"})  # extra is not compared
    new = [renamed, extra_only, replace(old[2], entry_id="KPe.999")]
    diff = diff_entries(old, new)
    assert [e.entry_id for e in diff.added] == ["KPe.999"]
    assert [e.entry_id for e in diff.removed] == ["KPe.903"]
    assert [(a.entry_id, b.entry_id) for a, b in diff.changed] == [("KPi.901", "KPi.901")]
    assert diff.summary() == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    assert diff_entries(old, old).is_empty


def test_meti_entries_can_be_diffed_by_identity_rather_than_number(fixtures: Path) -> None:
    from anpo.screening.parsers import parse_meti_eul_json

    entries = list(parse_meti_eul_json(fixtures / "meti_eul_normalized.json").entries)
    renumbered = [replace(e, entry_id=str(100 + i)) for i, e in enumerate(entries)]
    assert not diff_entries(entries, renumbered, key=meti_identity_key).added
    assert len(diff_entries(entries, renumbered).added) == 2


def test_parsers_do_not_import_django() -> None:
    src = Path(__file__).resolve().parents[3] / "src"
    code = (
        "import sys; import anpo.screening.parsers as p; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
