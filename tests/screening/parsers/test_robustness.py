"""Broken, truncated, wrong-format, empty and hostile input always gives ListParseError."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from anpo.screening.parsers import (
    ListParseError,
    ListSanityError,
    ParsedList,
    parse_csl_csv,
    parse_dpl_tsv,
    parse_eu_jsonl,
    parse_eu_xml,
    parse_ftm,
    parse_internal,
    parse_meti_eul_json,
    parse_meti_eul_xlsx,
    parse_mof_xlsx,
    parse_ofac_legacy,
    parse_uk_jsonl,
    parse_uk_xml,
    parse_un_xml,
)
from anpo.screening.parsers import base as parsers_base

from .xlsx_builder import build_xlsx

SINGLE_FILE_PARSERS: dict[str, Callable[[Path], ParsedList]] = {
    "meti_xlsx": parse_meti_eul_xlsx,
    "meti_json": parse_meti_eul_json,
    "mof": parse_mof_xlsx,
    "un": parse_un_xml,
    "csl": parse_csl_csv,
    "ofac": parse_ofac_legacy,
    "dpl": parse_dpl_tsv,
    "eu_xml": parse_eu_xml,
    "eu_jsonl": parse_eu_jsonl,
    "uk_xml": parse_uk_xml,
    "uk_jsonl": parse_uk_jsonl,
    "ftm": parse_ftm,
    "internal": parse_internal,
}
ALL = pytest.mark.parametrize(
    "parser", SINGLE_FILE_PARSERS.values(), ids=SINGLE_FILE_PARSERS.keys()
)


@ALL
def test_missing_file(parser: Callable[[Path], ParsedList], tmp_path: Path) -> None:
    with pytest.raises(ListParseError, match="not found"):
        parser(tmp_path / "nope.xlsx")


@ALL
def test_empty_file(parser: Callable[[Path], ParsedList], tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    with pytest.raises(ListParseError) as info:
        parser(path)
    assert "empty.xlsx" in str(info.value)


@ALL
def test_random_bytes(parser: Callable[[Path], ParsedList], tmp_path: Path) -> None:
    path = tmp_path / "garbage.xlsx"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(ListParseError):
        parser(path)


@pytest.mark.parametrize(
    ("fixture", "parser"),
    [
        ("un_consolidated.xml", parse_eu_xml),
        ("eu_fsf.xml", parse_uk_xml),
        ("uk_sanctions.xml", parse_un_xml),
        ("csl.csv", parse_dpl_tsv),
        ("dpl.txt", parse_csl_csv),
        ("eu_fsf.jsonl", parse_uk_jsonl),
        ("uk_sanctions.jsonl", parse_eu_jsonl),
        ("internal.csv", parse_csl_csv),
        ("csl.csv", parse_internal),
        ("un_consolidated.xml", parse_ftm),
        ("meti_eul_normalized.json", parse_ftm),
        ("csl.csv", parse_ofac_legacy),
    ],
)
def test_wrong_format_is_named(
    fixtures: Path, fixture: str, parser: Callable[[Path], ParsedList]
) -> None:
    with pytest.raises(ListParseError) as info:
        parser(fixtures / fixture)
    assert fixture in str(info.value)


@pytest.mark.parametrize(
    ("fixture", "parser"),
    [
        ("un_consolidated.xml", parse_un_xml),
        ("eu_fsf.xml", parse_eu_xml),
        ("uk_sanctions.xml", parse_uk_xml),
        ("eu_fsf.jsonl", parse_eu_jsonl),
        ("csl.csv", parse_csl_csv),
        ("meti_eul_normalized.json", parse_meti_eul_json),
    ],
)
def test_truncated_file(
    fixtures: Path, tmp_path: Path, fixture: str, parser: Callable[[Path], ParsedList]
) -> None:
    raw = (fixtures / fixture).read_bytes()
    path = tmp_path / fixture
    path.write_bytes(raw[: len(raw) * 2 // 3])
    with pytest.raises(ListParseError):
        parser(path)


def test_truncated_gzip(fixtures: Path, tmp_path: Path) -> None:
    data = gzip.compress((fixtures / "csl.csv").read_bytes() * 50)
    path = tmp_path / "consolidated.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ListParseError, match="gzip"):
        parse_csl_csv(path)


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = build_xlsx(tmp_path / "good.xlsx", {"S": [["No."]] * 50})
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[:-200])
    with pytest.raises(ListParseError, match=r"bad\.xlsx"):
        parse_meti_eul_xlsx(bad)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol4;</FIRST_NAME>
<REFERENCE_NUMBER>X.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Designations [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<Designations><Designation><UniqueID>X1</UniqueID>
<Names><Name><Name6>&xxe;</Name6><NameType>Primary Name</NameType></Name></Names>
</Designation></Designations>"""


@pytest.mark.parametrize(
    ("payload", "parser"),
    [
        (BILLION_LAUGHS, parse_un_xml),
        (EXTERNAL_ENTITY, parse_uk_xml),
        (EXTERNAL_ENTITY, parse_eu_xml),
    ],
    ids=["entity-expansion", "external-entity-uk", "external-entity-eu"],
)
def test_unsafe_xml_is_refused(
    tmp_path: Path, payload: bytes, parser: Callable[[Path], ParsedList]
) -> None:
    path = tmp_path / "evil.xml"
    path.write_bytes(payload)
    with pytest.raises(ListParseError, match="unsafe XML"):
        parser(path)


def test_xlsx_that_inflates_too_much_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build_xlsx(tmp_path / "big.xlsx", {"S": [["x" * 5000]]})
    monkeypatch.setattr(parsers_base, "MAX_XLSX_UNCOMPRESSED", 1000)
    with pytest.raises(ListParseError, match="inflates"):
        parse_mof_xlsx(path)


def test_csv_row_with_wrong_field_count_names_the_line(fixtures: Path, tmp_path: Path) -> None:
    lines = (fixtures / "csl.csv").read_text().splitlines()
    path = tmp_path / "csl.csv"
    path.write_text("\n".join([lines[0], lines[1], "90009,SDN,90009,Individual"]) + "\n")
    with pytest.raises(ListParseError, match=r"line 3.*expected 29 fields"):
        parse_csl_csv(path)


def test_csv_missing_columns_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text("id,title\n1,x\n")
    with pytest.raises(ListParseError, match=r"missing column.*name.*source"):
        parse_csl_csv(path)


def test_header_only_file_is_a_sanity_error(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text((fixtures / "csl.csv").read_text().splitlines()[0] + "\n")
    with pytest.raises(ListSanityError, match="parsed 0 entries"):
        parse_csl_csv(path)


def test_ofac_row_shape_and_ent_num_are_checked(tmp_path: Path, fixtures: Path) -> None:
    path = tmp_path / "sdn.csv"
    path.write_bytes(b'1,"A",individual\r\n\x1a')
    with pytest.raises(ListParseError, match="expected 12 fields"):
        parse_ofac_legacy(path)
    shutil.copy(fixtures / "ofac" / "sdn.csv", path)
    path.write_bytes(path.read_bytes().replace(b"36002,", b"X6002,"))
    with pytest.raises(ListParseError, match="ent_num"):
        parse_ofac_legacy(path)


def test_jsonl_bad_line_is_named(tmp_path: Path, fixtures: Path) -> None:
    path = tmp_path / "eu.jsonl"
    path.write_text((fixtures / "eu_fsf.jsonl").read_text() + '{"logical_id": "1", "name_ali\n')
    with pytest.raises(ListParseError, match="line 2"):
        parse_eu_jsonl(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,name,colour\n1,A,red\n", "unknown column.*'colour'"),
        ("name,type\nA,person\n", "missing required column.*id"),
        ("id,name\n1,A\n1,B\n", "duplicate id '1'"),
        ("id,name,type\n1,A,spaceship\n", "line 2, column 'type'"),
        ("id,name,country\n1,A,Atlantis\n", "unknown country 'Atlantis'"),
        ("id,name,birth_date\n1,A,05/06/1970\n", "not YYYY"),
        ("id,name\n1,\n", "must not be empty"),
        ("", "empty"),
    ],
)
def test_internal_list_errors_are_explicit(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "watch.csv"
    path.write_text(content)
    with pytest.raises(ListParseError, match=message):
        parse_internal(path)


def test_control_characters_and_long_cells_are_tamed(tmp_path: Path) -> None:
    path = tmp_path / "watch.csv"
    long_name = "Q" * 5000
    path.write_text(
        f'id,name,aliases,remarks\n1,"Bell\x07 \x1b[31mRed\u202e Co","A\x00B;{long_name}","{"r" * 50000}"\n'
    )
    parsed = parse_internal(path)
    entry = parsed.entries[0]
    assert entry.primary_name == "Bell [31mRed Co"
    assert [n.value for n in entry.names][1] == "AB"
    assert max(len(n.value) for n in entry.names) <= 500
    assert len(entry.remarks) <= 20_000
    assert any("truncated" in w for w in parsed.warnings)


def test_check_sanity_refuses_a_much_smaller_list(fixtures: Path) -> None:
    parsed = parse_un_xml(fixtures / "un_consolidated.xml")
    parsed.check_sanity(previous_count=3)
    with pytest.raises(ListSanityError, match="fewer than 80%"):
        parsed.check_sanity(previous_count=100)
    with pytest.raises(ListSanityError, match="at least 10"):
        parsed.check_sanity(min_entries=10)
