"""BIS Denied Persons List, tab-separated with a header row (``dpl.txt``).

Columns: ``Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation``. A denied party
with several addresses has one row per address; rows are grouped into one entry.

The DPL has no official identifier. ``entry_id`` is ``dpl-`` + the first 16 hex
digits of SHA-256 over ``NAME|EFFECTIVE_DATE`` (name upper-cased with blanks
collapsed, date as ``YYYY-MM-DD``): stable as long as BIS neither renames the party
nor changes the order's effective date (a new order is a new denial anyway), and
independent of row order and address edits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from anpo.matching.types import EntityKind

from .base import EntryCollector, ListParseError, ParsedList, decode, name, read_bytes
from .countries import iso_codes
from .csvutil import csv_rows, header_index
from .text import clean_line, date_from_filename

SOURCE = "bis-dpl"


def _us_date(value: str) -> str:
    try:
        return dt.datetime.strptime(value.strip(), "%m/%d/%Y").date().isoformat()  # noqa: DTZ007
    except ValueError:
        return value.strip()


def dpl_entry_id(party_name: str, effective_date: str) -> str:
    key = f"{' '.join(party_name.upper().split())}|{_us_date(effective_date)}"
    return "dpl-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def parse_dpl_tsv(path: Path) -> ParsedList:
    path = Path(path)
    text = decode(read_bytes(path), path, ("utf-8-sig", "cp1252"))
    rows = csv_rows(text, path, delimiter="\t")
    try:
        _, header = next(rows)
    except StopIteration:
        raise ListParseError("file is empty", path=path) from None
    columns = header_index(header, [("name",), ("effective_date",), ("country",)], path)
    codes = iso_codes()
    collector = EntryCollector(SOURCE, path)
    latest: dt.date | None = None
    for line, row in rows:
        if not any(f.strip() for f in row):
            continue
        if len(row) != len(header):
            raise ListParseError(
                f"expected {len(header)} fields, found {len(row)}", path=path, where=f"line {line}"
            )

        def col(key: str, row: list[str] = row) -> str:
            i = columns.get(key)
            return clean_line(row[i]) if i is not None else ""

        collector.rows_read += 1
        party = col("name")
        country = col("country").upper()
        last_update = col("last_update")
        try:
            updated = dt.date.fromisoformat(last_update)
            if 1990 <= updated.year <= 2100 and (latest is None or updated > latest):
                latest = updated  # (the real file has a typo'd "3017-08-22")
        except ValueError:
            pass
        collector.add(
            where=f"line {line}",
            entry_id=dpl_entry_id(party, col("effective_date")),
            kind=EntityKind.UNKNOWN,
            names=[name(party)],
            countries=[country] if country in codes else [],
            programs=["DPL"],
            remarks=col("action"),
            extra={
                "effective_date": _us_date(col("effective_date")),
                "expiration_date": _us_date(col("expiration_date")),
                "fr_citation": col("fr_citation"),
            },
        )
    meta = {"latest_update": latest.isoformat()} if latest else {}
    return collector.result(
        files=[path], format="dpl-tsv", published=date_from_filename(path.name), meta=meta
    )
