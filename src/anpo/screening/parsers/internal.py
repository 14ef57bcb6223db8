"""The institution's own watch list (内部ウォッチリスト), CSV (UTF-8) or XLSX (first sheet).

Format — a header row, then one row per party. Column names are case-insensitive;
order is free; unknown columns are an error (typos must not silently drop data):

=============== ======== ===========================================================
column          required content
=============== ======== ===========================================================
``id``          yes      your stable identifier, unique in the file (``W-0001``)
``name``        yes      primary name as it should be matched
``type``        no       ``person``/``organization``/``vessel``/``aircraft`` (also
                         ``individual``, ``entity``, ``company``, ``個人``, ``団体``,
                         ``船舶``, ``航空機``); empty = unknown
``aliases``     no       other names, separated by ``;`` or line breaks
``native_names`` no      names in the original script (kanji, Cyrillic...), ``;``-separated
``country``     no       ISO-2 codes or English/Japanese country names, ``;``-separated
``birth_date``  no       ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, ``;``-separated
``remarks``     no       free text shown to reviewers
``programs``    no       your own tags/reasons, ``;``-separated
=============== ======== ===========================================================

Every problem (missing/unknown column, duplicate id, unknown type or country, bad
date, empty name) raises :class:`ListParseError` naming the row and column. Cells are
taken literally: a cell starting with ``=`` is text, never a formula.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from anpo.matching.types import EntityKind, NameKind

from .base import EntryCollector, ListParseError, ParsedList, decode, name, read_bytes
from .countries import country_code
from .csvutil import csv_rows
from .text import clean_line, clean_text, date_from_filename, guess_cjk_lang, has_han, has_kana
from .xlsx import iter_rows, open_workbook

SOURCE = "internal"

COLUMNS = (
    "id",
    "name",
    "type",
    "aliases",
    "native_names",
    "country",
    "birth_date",
    "remarks",
    "programs",
)
REQUIRED = ("id", "name")
_TYPES = {
    "": EntityKind.UNKNOWN,
    "unknown": EntityKind.UNKNOWN,
    "person": EntityKind.PERSON,
    "individual": EntityKind.PERSON,
    "個人": EntityKind.PERSON,
    "organization": EntityKind.ORGANIZATION,
    "organisation": EntityKind.ORGANIZATION,
    "entity": EntityKind.ORGANIZATION,
    "company": EntityKind.ORGANIZATION,
    "団体": EntityKind.ORGANIZATION,
    "法人": EntityKind.ORGANIZATION,
    "vessel": EntityKind.VESSEL,
    "ship": EntityKind.VESSEL,
    "船舶": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
    "航空機": EntityKind.AIRCRAFT,
}
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _split(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;\n]", value) if p.strip()]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        workbook = open_workbook(path)
        try:
            sheet = workbook.worksheets[0]
            return [
                (n, [_cell_text(v) for v in row])
                for n, row in iter_rows(path, sheet)
                if any(v is not None and str(v).strip() for v in row)
            ]
        finally:
            workbook.close()
    text = decode(read_bytes(path), path, ("utf-8-sig", "cp932"))
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    return [
        (n, row)
        for n, row in csv_rows(text, path, delimiter=delimiter)
        if any(f.strip() for f in row)
    ]


def parse_internal(path: Path) -> ParsedList:
    """Parse one internal watch-list file (``.csv``, ``.tsv`` or ``.xlsx``)."""
    path = Path(path)
    rows = _rows(path)
    if not rows:
        raise ListParseError("file is empty (expected a header row: id,name,...)", path=path)
    header_line, header = rows[0]
    names = [clean_line(h).casefold().replace(" ", "_") for h in header]
    while names and not names[-1]:
        names.pop()
    unknown = [h for h in names if h not in COLUMNS]
    if unknown:
        raise ListParseError(
            f"unknown column(s) {', '.join(repr(u) for u in unknown)}; allowed: {', '.join(COLUMNS)}",
            path=path,
            where=f"header (line {header_line})",
        )
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ListParseError(
            f"missing required column(s) {', '.join(missing)}", path=path, where="header"
        )
    if len(set(names)) != len(names):
        raise ListParseError("a column appears twice in the header", path=path, where="header")
    index = {column: i for i, column in enumerate(names)}
    collector = EntryCollector(SOURCE, path)
    for line, row in rows[1:]:
        where = f"line {line}"

        def col(key: str, row: list[str] = row) -> str:
            i = index.get(key)
            return row[i] if i is not None and i < len(row) else ""

        collector.rows_read += 1
        entry_id = clean_line(col("id"))
        primary = clean_line(col("name"))
        if not entry_id or not primary:
            raise ListParseError("'id' and 'name' must not be empty", path=path, where=where)
        if entry_id in collector.entries:
            raise ListParseError(f"duplicate id {entry_id!r}", path=path, where=where)
        type_text = clean_line(col("type")).casefold()
        if type_text not in _TYPES:
            raise ListParseError(
                f"unknown type {type_text!r} (use person, organization, vessel or aircraft)",
                path=path,
                where=f"{where}, column 'type'",
            )
        countries = []
        for value in _split(clean_text(col("country"))):
            code = country_code(value)
            if not code:
                raise ListParseError(
                    f"unknown country {value!r}", path=path, where=f"{where}, column 'country'"
                )
            countries.append(code)
        births = _split(clean_text(col("birth_date")))
        for value in births:
            if not _DATE_RE.match(value):
                raise ListParseError(
                    f"birth date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD",
                    path=path,
                    where=f"{where}, column 'birth_date'",
                )
        all_names = [name(primary)]
        all_names += [name(a, NameKind.ALIAS) for a in _split(clean_text(col("aliases")))]
        for native in _split(clean_text(col("native_names"))):
            lang = (
                guess_cjk_lang(native, countries[0] if countries else "")
                if has_han(native) or has_kana(native)
                else ""
            )
            all_names.append(name(native, NameKind.ORIGINAL_SCRIPT, lang))
        collector.add(
            where=where,
            entry_id=entry_id,
            kind=_TYPES[type_text],
            names=all_names,
            countries=countries,
            birth_dates=births,
            programs=_split(clean_text(col("programs"))),
            remarks=clean_text(col("remarks")),
        )
    return collector.result(
        files=[path], format="internal", published=date_from_filename(path.name)
    )
