"""US Consolidated Screening List (trade.gov), CSV or TSV download, plain or gzip.

* One row per (entity, sub-list): the same ``_id``/``id`` can appear on several
  sub-lists (e.g. SDN and SSI); such rows are merged into one entry whose
  ``programs`` hold every sub-list code.
* ``source`` is the long sub-list name (``Entity List (EL) - Bureau of Industry and
  Security``); its code in parentheses (``EL``) goes first into ``programs``,
  followed by the ``programs`` column (``;``-separated).
* ``type``: Individual/Entity/Vessel/Aircraft; empty for the BIS and State lists
  (kind UNKNOWN).
* ``alt_names`` are ``;``-joined aliases. Countries: ``nationalities``,
  ``citizenships`` and the trailing country code of each address.
* Multi-line quoted fields (addresses) are handled by the CSV reader.

``entry_id`` = the ``_id`` (older downloads) or ``id`` column.
"""

from __future__ import annotations

import re
from pathlib import Path

from anpo.matching.types import EntityKind, NameKind

from .base import EntryCollector, ListParseError, ParsedList, decode, name, read_bytes
from .countries import iso_codes
from .csvutil import csv_rows, header_index
from .text import clean_line, clean_text, date_from_filename, dates_in_text, is_latin

SOURCE = "us-csl"

_KINDS = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANIZATION,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
}
_CODE_RE = re.compile(r"\(([A-Z][A-Z0-9 -]{1,15})(?: List)?\)")


def source_code(long_name: str) -> str:
    """``'Entity List (EL) - Bureau of Industry and Security'`` -> ``'EL'``."""
    match = _CODE_RE.search(long_name)
    return match[1].removesuffix(" List").strip() if match else long_name.strip()


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def parse_csl_csv(path: Path) -> ParsedList:
    path = Path(path)
    text = decode(read_bytes(path), path, ("utf-8-sig", "cp1252"))
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    rows = csv_rows(text, path, delimiter=delimiter)
    try:
        _, header = next(rows)
    except StopIteration:
        raise ListParseError("file is empty", path=path) from None
    columns = header_index(header, [("id", "_id"), ("name",), ("source",)], path)
    codes = iso_codes()
    collector = EntryCollector(SOURCE, path)

    for line, row in rows:
        if not any(field.strip() for field in row):
            continue
        if len(row) != len(header):
            raise ListParseError(
                f"expected {len(header)} fields, found {len(row)} (truncated or shifted row?)",
                path=path,
                where=f"line {line}",
            )

        def col(key: str, row: list[str] = row) -> str:
            i = columns.get(key)
            return row[i] if i is not None else ""

        collector.rows_read += 1
        where = f"line {line}"
        names = [name(col("name"))]
        names += [
            name(alt, NameKind.ALIAS if is_latin(alt) else NameKind.ORIGINAL_SCRIPT)
            for alt in _split(col("alt_names"))
        ]
        countries = [
            c for c in _split(col("nationalities")) + _split(col("citizenships")) if c in codes
        ]
        for address in _split(col("addresses")):
            tail = address.rsplit(",", 1)[-1].strip()
            if tail in codes:
                countries.append(tail)
        births = [d for value in _split(col("dates_of_birth")) for d in dates_in_text(value)]
        programs = [source_code(col("source")), *_split(col("programs"))]
        collector.add(
            where=where,
            entry_id=col("id"),
            kind=_KINDS.get(col("type").strip().casefold(), EntityKind.UNKNOWN),
            names=names,
            countries=countries,
            birth_dates=births,
            programs=programs,
            remarks=clean_text(col("remarks")),
            extra={
                "source_list": clean_line(col("source")),
                "federal_register_notice": clean_line(col("federal_register_notice")),
                "start_date": clean_line(col("start_date")),
            },
        )
    return collector.result(files=[path], format="csl-csv", published=date_from_filename(path.name))
