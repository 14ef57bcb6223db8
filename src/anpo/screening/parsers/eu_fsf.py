"""EU Consolidated Financial Sanctions File (FSF): official XML and JSON-Lines conversion.

Official XML (``xmlFullSanctionsList_1_1``)::

    <export generationDate="…" globalFileId="…" xmlns="http://eu.europa.ec/fpi/fsd/export">
      <sanctionEntity euReferenceNumber="EU.27.28" logicalId="13" unitedNationId="…">
        <remark>…</remark>
        <regulation programme="IRQ" …/>
        <subjectType code="person" classificationCode="P"/>
        <nameAlias firstName="…" middleName="…" lastName="…" wholeName="…" gender="M"
                   nameLanguage="" strong="true" logicalId="17"/>
        <citizenship countryIso2Code="IQ" countryDescription="IRAQ"/>
        <birthdate birthdate="1937-04-28" year="1937" circa="false" …/>
        <address countryIso2Code="…" …/>
      </sanctionEntity>
    </export>

The JSON-Lines conversion has one ``sanctionEntity`` per line with the attributes
snake-cased (``logical_id``, ``name_aliases[].whole_name``...); both go through the
same record logic.

Names: the EU marks no primary name. The primary is the strong Latin-script alias
with the lowest ``logicalId`` (the first one entered, which is the designation's
main name); other strong aliases -> ALIAS (``lang`` from ``nameLanguage``),
``strong="false"`` -> WEAK_ALIAS, non-Latin-script aliases -> ORIGINAL_SCRIPT.
Countries: citizenships, plus address countries for enterprises.
``entry_id`` = the entity's ``logicalId``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from anpo.matching.types import EntityKind, ListName, NameKind

from .base import EntryCollector, ListParseError, ParsedList, name
from .countries import iso_codes
from .jsonl import json_records
from .text import (
    clean_line,
    clean_text,
    date_from_filename,
    dates_in_text,
    is_latin,
    parse_iso_date,
)
from .xmlsafe import children, load_xml, local

SOURCE = "eu-fsf"

_KINDS = {"person": EntityKind.PERSON, "enterprise": EntityKind.ORGANIZATION}


def _snake(attribute: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", attribute).lower()


def _attrs(element: Element) -> dict[str, Any]:
    return {_snake(k): v for k, v in element.attrib.items()}


def _record_from_xml(entity: Element) -> dict[str, Any]:
    record: dict[str, Any] = _attrs(entity)
    record["name_aliases"] = [_attrs(a) for a in children(entity, "nameAlias")]
    record["citizenships"] = [_attrs(c) for c in children(entity, "citizenship")]
    record["birthdates"] = [_attrs(b) for b in children(entity, "birthdate")]
    record["addresses"] = [_attrs(a) for a in children(entity, "address")]
    record["regulations"] = [_attrs(r) for r in children(entity, "regulation")]
    subject = children(entity, "subjectType")
    record["subject_type"] = _attrs(subject[0]) if subject else {}
    remarks = [r.text.strip() for r in children(entity, "remark") if r.text and r.text.strip()]
    record["remark"] = "\n".join(remarks)
    return record


def _is_true(value: object) -> bool:
    return value is True or str(value).strip().lower() == "true"


def _alias_sort_key(alias: dict[str, Any]) -> tuple[int, int]:
    raw = str(alias.get("logical_id") or "")
    return (0, int(raw)) if raw.isdigit() else (1, 0)


def _names(aliases: list[dict[str, Any]]) -> list[ListName]:
    out: list[ListName] = []
    primary_done = False
    for alias in sorted(aliases, key=_alias_sort_key):
        whole = clean_line(alias.get("whole_name"))
        if not whole:
            parts = (clean_line(alias.get(k)) for k in ("first_name", "middle_name", "last_name"))
            whole = " ".join(p for p in parts if p)
        if not whole:
            continue
        lang = clean_line(alias.get("name_language")).lower()[:3]
        strong = _is_true(alias.get("strong", True))
        if not is_latin(whole):
            out.append(name(whole, NameKind.ORIGINAL_SCRIPT, lang))
        elif strong and not primary_done:
            out.insert(0, name(whole, NameKind.PRIMARY, lang))
            primary_done = True
        else:
            out.append(name(whole, NameKind.ALIAS if strong else NameKind.WEAK_ALIAS, lang))
    return out


def _add_record(
    collector: EntryCollector, record: dict[str, Any], where: str, codes: frozenset[str]
) -> None:
    collector.rows_read += 1
    kind = _KINDS.get(
        str((record.get("subject_type") or {}).get("code", "")).lower(), EntityKind.UNKNOWN
    )
    countries = [
        str(c.get("country_iso2_code", "")).upper() for c in record.get("citizenships") or []
    ]
    if kind is not EntityKind.PERSON:
        countries += [
            str(a.get("country_iso2_code", "")).upper() for a in record.get("addresses") or []
        ]
    births: list[str] = []
    for birth in record.get("birthdates") or []:
        births += dates_in_text(str(birth.get("birthdate") or "")) or dates_in_text(
            str(birth.get("year") or "")
        )
    collector.add(
        where=where,
        entry_id=str(record.get("logical_id") or ""),
        kind=kind,
        names=_names(record.get("name_aliases") or []),
        countries=[c for c in countries if c in codes],
        birth_dates=births,
        programs=[str(r.get("programme") or "") for r in record.get("regulations") or []],
        remarks=clean_text(record.get("remark")),
        extra={
            "eu_reference_number": clean_line(record.get("eu_reference_number")),
            "un_id": clean_line(record.get("united_nation_id")),
        },
    )


def parse_eu_xml(path: Path) -> ParsedList:
    path = Path(path)
    root = load_xml(path)
    if local(root.tag) != "export":
        raise ListParseError(f"not an EU FSF export (root element <{local(root.tag)}>)", path=path)
    collector = EntryCollector(SOURCE, path)
    codes = iso_codes()
    for index, entity in enumerate(children(root, "sanctionEntity"), start=1):
        record = _record_from_xml(entity)
        if not record.get("logical_id"):
            raise ListParseError(
                "sanctionEntity without logicalId", path=path, where=f"sanctionEntity #{index}"
            )
        _add_record(collector, record, f"sanctionEntity #{index}", codes)
    published = parse_iso_date(root.get("generationDate", "")) or date_from_filename(path.name)
    return collector.result(files=[path], format="eu-fsf-xml", published=published)


def parse_eu_jsonl(path: Path) -> ParsedList:
    path = Path(path)
    collector = EntryCollector(SOURCE, path)
    codes = iso_codes()
    for line, record in json_records(path):
        if "logical_id" not in record or "name_aliases" not in record:
            raise ListParseError(
                "record lacks 'logical_id'/'name_aliases' (not an EU FSF conversion?)",
                path=path,
                where=f"line {line}",
            )
        _add_record(collector, record, f"line {line}", codes)
    return collector.result(
        files=[path], format="eu-fsf-jsonl", published=date_from_filename(path.name)
    )
