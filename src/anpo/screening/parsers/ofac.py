"""OFAC SDN and Consolidated (non-SDN) lists, legacy CSV set.

Files (headerless, Windows-1252/Latin-1, ``-0-`` for empty, a trailing ``0x1A``):

* ``sdn.csv`` / ``cons_prim.csv``: ``ent_num, SDN_Name, SDN_Type, Program, Title,
  Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks``
* ``alt.csv`` / ``cons_alt.csv``: ``ent_num, alt_num, alt_type, alt_name, alt_remarks``
  (``aka`` -> ALIAS, ``fka`` -> FORMER, ``nka`` -> ALIAS)
* ``add.csv`` / ``cons_add.csv``: ``ent_num, add_num, address, city/state/zip, country,
  add_remarks``
* ``sdn_comments.csv`` / ``cons_comments.csv``: ``ent_num, remarks continued``

From the remarks: ``DOB …`` (and ``alt. DOB``), ``nationality …`` / ``citizen …`` and
weak aliases written ``a.k.a. 'NAME'`` (OFAC's "weak a.k.a.") are extracted.
Programs ``SDGT] [IRGC`` are split. ``SDN_Type`` ``-0-`` means an entity.
``entry_id`` = ``ent_num``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from anpo.matching.types import EntityKind, ListName, NameKind

from .base import EntryCollector, ListParseError, ParsedList, decode, name, read_bytes
from .countries import country_code
from .csvutil import csv_rows
from .text import clean_line, date_from_filename, dates_in_text, is_latin

_KINDS = {
    "individual": EntityKind.PERSON,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
    "": EntityKind.ORGANIZATION,
}
_ALT_KINDS = {"aka": NameKind.ALIAS, "fka": NameKind.FORMER, "nka": NameKind.ALIAS}
_DOB_RE = re.compile(r"\bDOB\s+([^;]+)")
_NATIONALITY_RE = re.compile(r"\b(?:nationality|citizen)\s+([^;]+)", re.IGNORECASE)
_WEAK_AKA_RE = re.compile(r"\ba\.k\.a\.,?\s+'([^']+)'")


def _value(field: str) -> str:
    value = clean_line(field)
    return "" if value == "-0-" else value


def _read(path: Path, width: int) -> list[tuple[int, list[str]]]:
    raw = read_bytes(path)
    text = decode(raw, path, ("utf-8", "cp1252", "latin-1")).rstrip("\x1a\r\n \x00")
    out = []
    for line, row in csv_rows(text, path):
        if not row or (len(row) == 1 and not row[0].strip(" \x1a")):
            continue
        if len(row) != width:
            raise ListParseError(
                f"expected {width} fields, found {len(row)} (not an OFAC legacy CSV, or truncated)",
                path=path,
                where=f"line {line}",
            )
        if not row[0].strip().isdigit():
            raise ListParseError(
                f"ent_num {row[0][:20]!r} is not a number", path=path, where=f"line {line}"
            )
        out.append((line, row))
    return out


def parse_ofac_legacy(
    primary: Path,
    *,
    alt: Path | None = None,
    add: Path | None = None,
    comments: Path | None = None,
    source: str = "ofac-sdn",
) -> ParsedList:
    """Parse an OFAC legacy CSV set; only the primary file is required."""
    primary = Path(primary)
    aliases: dict[str, list[ListName]] = defaultdict(list)
    address_countries: dict[str, list[str]] = defaultdict(list)
    more_remarks: dict[str, list[str]] = defaultdict(list)
    files = [primary]
    if alt is not None:
        files.append(Path(alt))
        for _, row in _read(Path(alt), 5):
            value = _value(row[3])
            if value:
                name_kind = _ALT_KINDS.get(_value(row[2]).casefold(), NameKind.ALIAS)
                if not is_latin(value):
                    name_kind = NameKind.ORIGINAL_SCRIPT
                aliases[row[0].strip()].append(name(value, name_kind))
    if add is not None:
        files.append(Path(add))
        for _, row in _read(Path(add), 6):
            code = country_code(_value(row[4]))
            if code:
                address_countries[row[0].strip()].append(code)
    if comments is not None:
        files.append(Path(comments))
        for _, row in _read(Path(comments), 2):
            if _value(row[1]):
                more_remarks[row[0].strip()].append(row[1])  # raw: continues mid-word

    collector = EntryCollector(source, primary)
    for line, row in _read(primary, 12):
        collector.rows_read += 1
        ent_num = row[0].strip()
        kind = _KINDS.get(_value(row[2]).casefold(), EntityKind.UNKNOWN)
        first = "" if _value(row[11]) == "" else row[11]
        remarks = clean_line("".join([first, *more_remarks.get(ent_num, [])]))
        names = [name(_value(row[1])), *aliases.get(ent_num, [])]
        names += [name(v, NameKind.WEAK_ALIAS) for v in _WEAK_AKA_RE.findall(remarks)]
        births = [d for m in _DOB_RE.findall(remarks) for d in dates_in_text(m)]
        countries = [country_code(m.strip(" .")) for m in _NATIONALITY_RE.findall(remarks)]
        if kind is not EntityKind.PERSON:
            countries += address_countries.get(ent_num, [])
        if kind is EntityKind.VESSEL:
            countries.append(country_code(_value(row[9])))
        programs = [p.strip(" []") for p in re.split(r"\]\s*\[", _value(row[3])) if p.strip(" []")]
        collector.add(
            where=f"line {line}",
            entry_id=ent_num,
            kind=kind,
            names=names,
            countries=countries,
            birth_dates=births,
            programs=programs,
            remarks=remarks,
            extra={
                "title": _value(row[4]),
                "call_sign": _value(row[5]),
                "vessel_type": _value(row[6]),
                "vessel_flag": _value(row[9]),
                "vessel_owner": _value(row[10]),
            },
        )
    return collector.result(
        files=files, format="ofac-legacy-csv", published=date_from_filename(primary.name)
    )


def parse_ofac_dir(folder: Path, *, source: str) -> ParsedList:
    """Find the SDN (``sdn.csv``...) or consolidated (``cons_prim.csv``...) set in ``folder``."""
    folder = Path(folder)
    prefix = "cons_" if (folder / "cons_prim.csv").is_file() else ""
    primary = folder / ("cons_prim.csv" if prefix else "sdn.csv")
    if not primary.is_file():
        raise ListParseError("no sdn.csv or cons_prim.csv found", path=folder)

    def optional(name: str) -> Path | None:
        path = folder / name
        return path if path.is_file() else None

    return parse_ofac_legacy(
        primary,
        alt=optional(f"{prefix}alt.csv" if prefix else "alt.csv"),
        add=optional(f"{prefix}add.csv" if prefix else "add.csv"),
        comments=optional("cons_comments.csv" if prefix else "sdn_comments.csv"),
        source=source,
    )
