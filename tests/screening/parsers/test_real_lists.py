"""The parsers on the real list snapshots in ../shared/data/lists (skipped when absent).

Counts are those of the snapshots described in shared/data/lists/SOURCES.md.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest

from anpo.matching.types import EntityKind, NameKind
from anpo.screening.parsers import (
    ParsedList,
    load_lists_dir,
    parse_meti_eul_html,
    parse_meti_eul_json,
)

from .conftest import REAL_LISTS, real_folder

pytestmark = pytest.mark.shared_data

LOAD_SECONDS: dict[str, float] = {}


@pytest.fixture(scope="module")
def real() -> dict[str, ParsedList]:
    if not REAL_LISTS.is_dir():
        pytest.skip(f"real list data not available at {REAL_LISTS}")
    start = time.perf_counter()
    loaded = load_lists_dir(REAL_LISTS)
    LOAD_SECONDS["all"] = time.perf_counter() - start
    return loaded


def _kinds(parsed: ParsedList) -> Counter[EntityKind]:
    return Counter(e.kind for e in parsed.entries)


def _all_names(parsed: ParsedList) -> list[str]:
    return [n.value for e in parsed.entries for n in e.names]


def test_every_folder_loads(real: dict[str, ParsedList]) -> None:
    assert set(real) == {
        "meti-eul",
        "jp-mof-asset-freeze",
        "un-sc",
        "us-csl",
        "ofac-sdn",
        "ofac-non-sdn",
        "bis-dpl",
        "eu-fsf",
        "uk-sanctions-list",
    }
    for parsed in real.values():
        assert len({e.entry_id for e in parsed.entries}) == len(parsed.entries)
        assert all(e.names and e.primary_name for e in parsed.entries)
        parsed.check_sanity(previous_count=len(parsed.entries))


def test_meti_eul_xlsx(real: dict[str, ParsedList]) -> None:
    eul = real["meti-eul"]
    assert eul.format == "meti-eul-xlsx"  # the official file is preferred
    assert len(eul.entries) == 835
    assert str(eul.published) == "2025-09-29"
    countries = Counter(c for e in eul.entries for c in e.countries)
    assert countries["IR"] == 257 and countries["KP"] == 154 and countries["CN"] == 127
    assert len(countries) == 15 and all(e.countries for e in eul.entries)
    programs = Counter(p for e in eul.entries for p in e.programs)
    assert programs["CW"] == 240 and programs["B"] == 218 and programs["C"] == 233
    assert 610 <= programs["M"] <= 620 and 463 <= programs["N"] <= 470
    air_koryo = next(e for e in eul.entries if e.primary_name == "Air Koryo")
    assert ("高麗航空", NameKind.ORIGINAL_SCRIPT, "ko") in [
        (n.value, n.kind, n.lang) for n in air_koryo.names
    ]
    kanji = [n for e in eul.entries for n in e.names if n.kind is NameKind.ORIGINAL_SCRIPT]
    assert len(kanji) >= 239
    names = " ".join(_all_names(eul))
    assert "ケネン" not in names and "ミンゾク" not in names  # furigana runs never leak
    assert "民族経済協力連合会" in _all_names(eul)
    wrapped = [n.value for n in kanji if re.fullmatch(r"[(（][^()（）]*[)）]", n.value)]
    assert wrapped == []  # "(高麗航空)" is unwrapped to "高麗航空"


def test_meti_eul_json_and_html_variants() -> None:
    folder = real_folder("meti-eul")
    normalized = parse_meti_eul_json(folder / "meti_eul_2025-09-29_normalized.json")
    assert len(normalized.entries) == 835
    assert all(e.primary_name for e in normalized.entries)  # the 37 empty entity_names repaired
    assert all(e.countries for e in normalized.entries)
    html = parse_meti_eul_html(folder / "meti_eul_2025-01-31_pdf2html.html")
    assert len(html.entries) == 748
    control_copy = REAL_LISTS.parent / "control-lists" / "meti-end-user-list" / "jp.json"
    if control_copy.is_file():
        jp = parse_meti_eul_json(control_copy)
        assert len(jp.entries) == 835 and str(jp.published) == "2025-09-29"


def test_mof_asset_freeze(real: dict[str, ParsedList]) -> None:
    mof = real["jp-mof-asset-freeze"]
    assert 2800 <= len(mof.entries) <= 2950
    assert str(mof.published) == "2026-03-05"
    putin = next(e for e in mof.entries if e.primary_name == "Vladimir Putin")
    assert (
        putin.entry_id == "29-1"
        and putin.birth_dates == ("1952-10-07",)
        and putin.kind is EntityKind.PERSON
    )
    assert ("ウラジーミル・プーチン", "ja") in [(n.value, n.lang) for n in putin.names]
    japanese = [n for e in mof.entries for n in e.names if n.lang == "ja"]
    assert len(japanese) > 2800
    assert not any("削除" in n for n in _all_names(mof))
    assert not any(n in {"不明", "-"} for n in _all_names(mof))


def test_un_consolidated(real: dict[str, ParsedList]) -> None:
    un = real["un-sc"]
    assert _kinds(un) == {EntityKind.PERSON: 730, EntityKind.ORGANIZATION: 273}
    assert str(un.published) == "2026-02-27"
    saddam = next(e for e in un.entries if e.entry_id == "IQi.001")
    assert "صدام حسين التكريتي" in [
        n.value for n in saddam.names if n.kind is NameKind.ORIGINAL_SCRIPT
    ]
    assert Counter(n.kind for e in un.entries for n in e.names)[NameKind.WEAK_ALIAS] > 500
    assert not any("NA" in e.countries for e in un.entries)  # "na" = not available


def test_us_csl(real: dict[str, ParsedList]) -> None:
    csl = real["us-csl"]
    assert csl.rows_read == 14160
    assert len(csl.entries) == 14048  # same id on several sub-lists merged
    sublists = Counter(e.programs[0] for e in csl.entries)
    assert sublists["EL"] == 2001 and sublists["DTC"] == 727 and sublists["DPL"] == 462
    assert sum(len(e.names) for e in csl.entries) > 33000


def test_ofac_sdn_and_non_sdn(real: dict[str, ParsedList]) -> None:
    sdn = real["ofac-sdn"]
    assert len(sdn.entries) == 8976
    assert _kinds(sdn) == {
        EntityKind.PERSON: 4620,
        EntityKind.ORGANIZATION: 3673,
        EntityKind.VESSEL: 406,
        EntityKind.AIRCRAFT: 277,
    }
    kinds = Counter(n.kind for e in sdn.entries for n in e.names)
    assert 11500 <= kinds[NameKind.ALIAS] + kinds[NameKind.FORMER] <= 11910
    assert kinds[NameKind.WEAK_ALIAS] > 2000
    for entry in sdn.entries:
        assert "-0-" not in [n.value for n in entry.names]
        assert "-0-" not in entry.extra.values() and entry.remarks != "-0-"
        assert "\x1a" not in entry.remarks
    people = [e for e in sdn.entries if e.kind is EntityKind.PERSON]
    assert sum(1 for e in people if e.birth_dates) > 4300
    assert len(real["ofac-non-sdn"].entries) == 442


def test_bis_dpl(real: dict[str, ParsedList]) -> None:
    dpl = real["bis-dpl"]
    assert dpl.rows_read == 581
    assert len(dpl.entries) == 461


def test_eu_and_uk(real: dict[str, ParsedList]) -> None:
    eu = real["eu-fsf"]
    assert _kinds(eu) == {EntityKind.PERSON: 4341, EntityKind.ORGANIZATION: 1519}
    assert sum(len(e.names) for e in eu.entries) > 29000
    assert (
        Counter(n.lang for e in eu.entries for n in e.names if n.kind is NameKind.ORIGINAL_SCRIPT)[
            "ru"
        ]
        > 2000
    )
    uk = real["uk-sanctions-list"]
    assert _kinds(uk) == {
        EntityKind.PERSON: 4036,
        EntityKind.ORGANIZATION: 1647,
        EntityKind.VESSEL: 666,
    }
    assert sum(1 for e in uk.entries for n in e.names if n.kind is NameKind.ORIGINAL_SCRIPT) > 3800


def test_report_counts(real: dict[str, ParsedList], capsys: pytest.CaptureFixture[str]) -> None:
    """Not an assertion about data: prints the per-source table (run with -s to see it)."""
    with capsys.disabled():
        print(f"\nloaded {len(real)} lists in {LOAD_SECONDS['all']:.2f}s")
        for key, parsed in real.items():
            print(
                f"  {key:20} entries={len(parsed.entries):6} names={parsed.name_count:6} published={parsed.published}"
            )
    assert Path(REAL_LISTS).is_dir()
