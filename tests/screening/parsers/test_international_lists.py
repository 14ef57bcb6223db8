"""UN, US CSL, OFAC, BIS DPL, EU FSF, UK, OpenSanctions and internal lists on invented data."""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
from pathlib import Path

import pytest

from anpo.matching.types import EntityKind, NameKind
from anpo.screening.parsers import (
    parse_csl_csv,
    parse_dpl_tsv,
    parse_eu_jsonl,
    parse_eu_xml,
    parse_ftm,
    parse_internal,
    parse_ofac_dir,
    parse_uk_jsonl,
    parse_uk_xml,
    parse_un_xml,
)
from anpo.screening.parsers.bis_dpl import dpl_entry_id

from .xlsx_builder import build_xlsx


def _by_id(parsed):  # type: ignore[no-untyped-def]
    return {e.entry_id: e for e in parsed.entries}


def _names(entry, kind: NameKind) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.value for n in entry.names if n.kind is kind]


def test_un_individuals_and_entities(fixtures: Path) -> None:
    parsed = parse_un_xml(fixtures / "un_consolidated.xml")
    assert parsed.published == dt.date(2031, 4, 2)
    entries = _by_id(parsed)
    person = entries["KPi.901"]
    assert person.kind is EntityKind.PERSON
    assert person.primary_name == "ZORBAN QUILLET MAREVIN TOLAS"
    assert _names(person, NameKind.ALIAS) == ["Zorban Quillette"]
    assert _names(person, NameKind.WEAK_ALIAS) == ["The Fox"]
    assert _names(person, NameKind.ORIGINAL_SCRIPT) == ["زوربان كيليه"]
    assert person.birth_dates == ("1961-07-04", "1962", "1963")
    assert person.countries == ("KP", "IR")
    assert person.programs == ("DPRK",)
    assert person.remarks.startswith("Invented person")
    assert entries["QDi.902"].countries == ()  # "na" is not a country
    entity = entries["KPe.903"]
    assert entity.kind is EntityKind.ORGANIZATION
    assert _names(entity, NameKind.FORMER) == ["Greenwater Trellis Company"]
    assert entity.countries == ("KP", "HK")


@pytest.mark.parametrize("compressed", [False, True])
def test_csl_csv_plain_and_gzip(fixtures: Path, tmp_path: Path, compressed: bool) -> None:
    path = fixtures / "csl.csv"
    if compressed:
        path = tmp_path / "consolidated.csv.gz"
        path.write_bytes(gzip.compress((fixtures / "csl.csv").read_bytes()))
    parsed = parse_csl_csv(path)
    assert parsed.rows_read == 5
    entries = _by_id(parsed)
    assert list(entries) == ["90001", "90002", "90003", "5c2f0a"]
    person = entries["90001"]
    assert person.kind is EntityKind.PERSON
    assert _names(person, NameKind.ALIAS) == ["QUARVEL, Oskin", "KWARVELLE, Osk"]
    assert person.birth_dates == ("1970-02-03", "1971")
    assert person.programs == ("SDN", "SDGT", "IRGC")
    # same id on two sub-lists -> one entry; multi-line quoted address kept
    merged = entries["90002"]
    assert merged.programs == ("SDN", "RUSSIA-EO14024", "SSI", "UKRAINE-EO13662")
    assert merged.countries == ("RU", "BY")
    assert "ФЕНВИК ОРБИТАЛ" in _names(merged, NameKind.ORIGINAL_SCRIPT)
    assert "FENWICK ORBITAL" in _names(merged, NameKind.ALIAS)
    assert entries["90003"].kind is EntityKind.VESSEL
    el = entries["5c2f0a"]
    assert el.kind is EntityKind.UNKNOWN and el.programs == ("EL",) and el.countries == ("CN",)


def test_ofac_legacy_csv_set(fixtures: Path) -> None:
    parsed = parse_ofac_dir(fixtures / "ofac", source="ofac-sdn")
    entries = _by_id(parsed)
    assert {f.name for f in parsed.files} == {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"}
    person = entries["36001"]
    assert person.primary_name == "VALDERRAMA GÓMEZ, José Invento"  # Latin-1 decoded
    assert person.kind is EntityKind.PERSON
    assert person.programs == ("SDNT", "ILLICIT-DRUGS-EO14059")
    assert person.birth_dates == ("1968-02-14", "1969")
    assert person.countries == ("CO", "ES")  # nationality + citizen, not the address
    assert _names(person, NameKind.ALIAS) == ["GOMEZ, Jose Invento"]
    assert _names(person, NameKind.WEAK_ALIAS) == ["EL INVENTO", "PEPE FICTICIO"]
    company = entries["36002"]
    assert company.kind is EntityKind.ORGANIZATION  # SDN_Type -0-
    assert _names(company, NameKind.FORMER) == ["ORCHID HOLDINGS S.A."]
    assert _names(company, NameKind.ALIAS) == ["LATTICE ORCHID GROUP"]  # nka
    assert company.countries == ("CU", "CH")
    assert company.remarks == ""
    vessel = entries["36003"]
    assert vessel.kind is EntityKind.VESSEL and vessel.countries == ("PA",)
    assert vessel.extra["call_sign"] == "9XQZ1"
    # remarks continued in sdn_comments.csv are joined verbatim (mid-word splits)
    assert _names(entries["36004"], NameKind.WEAK_ALIAS) == ["ZETA WOLF"]
    for entry in parsed.entries:
        values = [n.value for n in entry.names] + list(entry.extra.values()) + [entry.remarks]
        assert "-0-" not in values


def test_dpl_groups_address_rows_with_a_derived_stable_id(fixtures: Path) -> None:
    parsed = parse_dpl_tsv(fixtures / "dpl.txt")
    assert parsed.rows_read == 3
    assert len(parsed.entries) == 2
    talmiro = parsed.entries[0]
    assert talmiro.entry_id == dpl_entry_id("Talmiro  exports ltd", "03/14/2030")
    assert talmiro.entry_id.startswith("dpl-") and len(talmiro.entry_id) == 20
    assert talmiro.countries == ("AE", "GB")
    assert talmiro.extra["effective_date"] == "2030-03-14"
    assert parsed.meta["latest_update"] == "2030-03-20"  # the typo'd year 3029 is ignored


def test_eu_official_xml(fixtures: Path) -> None:
    parsed = parse_eu_xml(fixtures / "eu_fsf.xml")
    assert parsed.published == dt.date(2031, 5, 6)
    entries = _by_id(parsed)
    person = entries["880001"]
    assert person.kind is EntityKind.PERSON
    assert person.primary_name == "Ludmila Petrovna VARNAVSKAYA"
    assert [(n.value, n.lang) for n in person.names if n.kind is NameKind.ORIGINAL_SCRIPT] == [
        ("Людмила Петровна ВАРНАВСКАЯ", "ru")
    ]
    assert ("Lyudmila Varnavskaia", "en") in [(n.value, n.lang) for n in person.names]
    assert _names(person, NameKind.WEAK_ALIAS) == ["Mila"]
    assert person.countries == ("RU",)  # citizenship, not the birth country
    assert person.birth_dates == ("1971-03-09",)
    assert person.programs == ("RUS",)
    assert person.extra["eu_reference_number"] == "EU.9001.11"
    company = entries["880002"]
    assert company.kind is EntityKind.ORGANIZATION and company.countries == ("KP",)
    assert _names(company, NameKind.ORIGINAL_SCRIPT) == ["조선가상등불무역회사"]


def test_eu_jsonl_primary_is_the_lowest_logical_id(fixtures: Path) -> None:
    entry = parse_eu_jsonl(fixtures / "eu_fsf.jsonl").entries[0]
    assert entry.primary_name == "Kaveh ROSTAMI"
    assert entry.countries == ("IR",)  # "00" dropped
    assert entry.birth_dates == ("1966",)
    assert [(n.value, n.lang) for n in entry.names if n.kind is NameKind.ORIGINAL_SCRIPT] == [
        ("کاوه رستمی", "fa")
    ]


def test_uk_official_xml(fixtures: Path) -> None:
    parsed = parse_uk_xml(fixtures / "uk_sanctions.xml")
    assert parsed.published == dt.date(2031, 6, 7)
    person, ship = parsed.entries
    assert person.entry_id == "RUS9901"
    assert person.primary_name == "Arkady Invented BELOZERSKY"
    assert _names(person, NameKind.ALIAS) == ["Arkadiy Belozerskiy", "Arkasha Belo"]
    assert _names(person, NameKind.WEAK_ALIAS) == ["The Colonel"]
    assert _names(person, NameKind.ORIGINAL_SCRIPT) == ["Аркадий БЕЛОЗЕРСКИЙ"]
    assert person.birth_dates == ("1968", "1969-11-09")
    assert person.countries == ("RU",)
    assert person.programs == ("The Russia (Sanctions) (EU Exit) Regulations 2019",)
    assert ship.kind is EntityKind.VESSEL and ship.countries == ("PA",)


def test_uk_jsonl(fixtures: Path) -> None:
    entry = parse_uk_jsonl(fixtures / "uk_sanctions.jsonl").entries[0]
    assert entry.entry_id == "DPR9903" and entry.kind is EntityKind.ORGANIZATION
    assert entry.primary_name == "INVENTED FORTUNE SHIPPING CO"
    assert _names(entry, NameKind.WEAK_ALIAS) == ["Fortune Invented Shipping"]
    assert entry.countries == ("KP",)


def test_opensanctions_ftm(fixtures: Path) -> None:
    parsed = parse_ftm(fixtures / "opensanctions.ftm.json")
    assert parsed.skipped == 1  # the Sanction entity
    entries = _by_id(parsed)
    person = entries["NK-invented-1"]
    assert person.kind is EntityKind.PERSON
    assert person.primary_name == "Marek Invented Dvorsky"
    assert _names(person, NameKind.ORIGINAL_SCRIPT) == ["Марек Дворски"]
    assert _names(person, NameKind.WEAK_ALIAS) == ["The Tailor"]
    assert _names(person, NameKind.FORMER) == ["Marek Dvorski"]
    assert person.birth_dates == ("1959-12", "1960")
    assert person.countries == ("CZ", "SK")
    assert entries["NK-invented-2"].programs == ("invented_dataset", "other_invented")
    assert entries["NK-invented-4"].kind is EntityKind.VESSEL


def test_internal_csv(fixtures: Path) -> None:
    parsed = parse_internal(fixtures / "internal.csv")
    first, second, third = parsed.entries
    assert first.kind is EntityKind.ORGANIZATION
    assert _names(first, NameKind.ALIAS) == ["Hanabishi Optics", "HIO"]
    assert [(n.value, n.lang) for n in first.names if n.kind is NameKind.ORIGINAL_SCRIPT] == [
        ("花菱架空光学", "ja")
    ]
    assert first.programs == ("visit-2030",)
    assert second.countries == ("CZ", "SK") and second.birth_dates == ("1977-05", "1978")
    assert third.primary_name.startswith("=HYPERLINK(")  # kept as text, never evaluated


def test_internal_xlsx(tmp_path: Path) -> None:
    path = build_xlsx(
        tmp_path / "watch.xlsx",
        {
            "Sheet1": [
                ["ID", "Name", "Type", "Country"],
                ["A-1", "Invented Person", "個人", "日本"],
                [7, "Seven Co", "団体", None],
            ]
        },
    )
    first, second = parse_internal(path).entries
    assert first.kind is EntityKind.PERSON and first.countries == ("JP",)
    assert second.entry_id == "7" and second.kind is EntityKind.ORGANIZATION


def test_source_file_hashes_are_recorded(fixtures: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copy(fixtures / "dpl.txt", tmp_path / "dpl.txt"))
    parsed = parse_dpl_tsv(copy)
    import hashlib

    assert parsed.sha256 == hashlib.sha256(copy.read_bytes()).hexdigest()
    assert parsed.files[0].size == copy.stat().st_size
