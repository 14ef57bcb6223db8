"""OpenSanctions / FollowTheMoney entities (JSON-Lines, or a JSON array), plain or gzip.

Each line is an FtM entity ``{"id", "schema", "properties": {...}, "datasets": [...]}``.
Schemata kept: Person, Organization, Company, LegalEntity, PublicBody, Vessel,
Airplane (others, e.g. Sanction/Address/Ownership, are skipped). Properties used:
``name`` (first = primary; others = aliases), ``alias``, ``weakAlias``,
``previousName``, ``birthDate``, ``nationality``/``citizenship``/``country``/
``jurisdiction`` (ISO-2, lower case in FtM), ``notes``; ``programs`` = the entity's
``datasets``. Non-Latin names -> ORIGINAL_SCRIPT. ``entry_id`` = FtM ``id``.

Licence: OpenSanctions data is CC BY-NC 4.0; commercial deployments need a licence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from anpo.matching.types import EntityKind, ListName, NameKind

from .base import EntryCollector, ListParseError, ParsedList, name
from .countries import iso_codes
from .jsonl import json_records
from .text import clean_text, date_from_filename, dates_in_text, is_latin

SOURCE = "opensanctions"

SCHEMA_KINDS = {
    "Person": EntityKind.PERSON,
    "Organization": EntityKind.ORGANIZATION,
    "Company": EntityKind.ORGANIZATION,
    "PublicBody": EntityKind.ORGANIZATION,
    "LegalEntity": EntityKind.UNKNOWN,
    "Vessel": EntityKind.VESSEL,
    "Airplane": EntityKind.AIRCRAFT,
}
_NAME_PROPS = (
    ("name", NameKind.ALIAS),
    ("alias", NameKind.ALIAS),
    ("weakAlias", NameKind.WEAK_ALIAS),
    ("previousName", NameKind.FORMER),
)


def _values(props: dict[str, Any], key: str) -> list[str]:
    value = props.get(key) or []
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value if v is not None and str(v).strip()]


def ftm_names(props: dict[str, Any]) -> list[ListName]:
    out: list[ListName] = []
    for key, kind in _NAME_PROPS:
        for value in _values(props, key):
            if not is_latin(value):
                out.append(name(value, NameKind.ORIGINAL_SCRIPT))
            elif key == "name" and not any(n.kind is NameKind.PRIMARY for n in out):
                out.insert(0, name(value, NameKind.PRIMARY))
            else:
                out.append(name(value, kind))
    return out


def parse_ftm(path: Path, *, source: str = SOURCE) -> ParsedList:
    path = Path(path)
    collector = EntryCollector(source, path)
    codes = iso_codes()
    for line, entity in json_records(path):
        where = f"line {line}"
        schema = entity.get("schema")
        props = entity.get("properties")
        if not isinstance(schema, str) or not isinstance(props, dict) or not entity.get("id"):
            raise ListParseError(
                "not a FollowTheMoney entity (needs 'id', 'schema', 'properties')",
                path=path,
                where=where,
            )
        collector.rows_read += 1
        if schema not in SCHEMA_KINDS:
            collector.skipped += 1
            continue
        countries = [
            c.upper()
            for key in ("nationality", "citizenship", "country", "jurisdiction")
            for c in _values(props, key)
        ]
        datasets = entity.get("datasets") or []
        collector.add(
            where=where,
            entry_id=str(entity["id"]),
            kind=SCHEMA_KINDS[schema],
            names=ftm_names(props),
            countries=[c for c in countries if c in codes],
            birth_dates=[d for v in _values(props, "birthDate") for d in dates_in_text(v)],
            programs=[str(d) for d in datasets if isinstance(d, str)] or _values(props, "program"),
            remarks=clean_text("\n".join(_values(props, "notes"))),
            extra={"schema": schema},
        )
    return collector.result(
        files=[path], format="ftm-json", published=date_from_filename(path.name)
    )
