"""UK Sanctions List (FCDO): official XML and JSON-Lines conversion.

Official XML (``UK_Sanctions_List.xml``)::

    <Designations>
      <DateGenerated>2026-08-22T…</DateGenerated>
      <Designation>
        <LastUpdated>…</LastUpdated> <DateDesignated>…</DateDesignated>
        <UniqueID>AFG0001</UniqueID> <OFSIGroupID>…</OFSIGroupID> <UNReferenceNumber>…
        <Names><Name><Name1>…</Name1>…<Name6>…</Name6><NameType>Primary Name</NameType>
                     <AliasStrength>Good quality a.k.a</AliasStrength></Name>…</Names>
        <NonLatinNames><NonLatinName><NameNonLatinScript>…</NameNonLatinScript>…
        <RegimeName>…</RegimeName> <IndividualEntityShip>Individual</IndividualEntityShip>
        <OtherInformation>…</OtherInformation>
        <Addresses><Address>…<AddressCountry>…</AddressCountry></Address></Addresses>
        <IndividualDetails><Individual><DOBs><DOB>dd/mm/1945</DOB></DOBs>
          <Nationalities><Nationality>…</Nationality></Nationalities>…
      </Designation>
    </Designations>

The JSON-Lines conversion mirrors these fields snake-cased (``unique_id``,
``names.names[].name1…name6``, ``non_latin_names.names[].name_non_latin_script``...).

Names: ``Name1``…``Name5`` are given names, ``Name6`` the family or entity name;
the whole name joins them in order. ``NameType`` (spelt in several casings):
``Primary Name`` -> PRIMARY, ``Primary Name Variation`` -> ALIAS, ``Alias`` -> ALIAS
or WEAK_ALIAS when ``AliasStrength`` says "Low quality"; non-Latin names ->
ORIGINAL_SCRIPT. ``entry_id`` = ``UniqueID``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from anpo.matching.types import EntityKind, ListName, NameKind

from .base import EntryCollector, ListParseError, ParsedList, name
from .countries import country_code
from .jsonl import json_records
from .text import clean_line, clean_text, date_from_filename, dates_in_text, parse_iso_date
from .xmlsafe import child, children, load_xml, local, text_of

SOURCE = "uk-sanctions-list"

_KINDS = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANIZATION,
    "ship": EntityKind.VESSEL,
}


def _record_from_xml(designation: Element) -> dict[str, Any]:
    def values(path: list[str]) -> list[str]:
        nodes = [designation]
        for tag in path:
            nodes = [sub for node in nodes for sub in children(node, tag)]
        return [n.text.strip() for n in nodes if n.text and n.text.strip()]

    names = []
    names_element = child(designation, "Names")
    for entry in children(names_element if names_element is not None else designation, "Name"):
        names.append(
            {
                **{f"name{i}": text_of(entry, f"Name{i}") for i in range(1, 7)},
                "name_type": text_of(entry, "NameType"),
                "alias_strength": text_of(entry, "AliasStrength"),
            }
        )
    return {
        "unique_id": text_of(designation, "UniqueID"),
        "names": {"names": names},
        "non_latin_names": {
            "names": [
                {"name_non_latin_script": v}
                for v in values(["NonLatinNames", "NonLatinName", "NameNonLatinScript"])
            ]
        },
        "regime_name": text_of(designation, "RegimeName"),
        "individual_entity_ship": text_of(designation, "IndividualEntityShip"),
        "other_information": text_of(designation, "OtherInformation"),
        "un_reference_number": text_of(designation, "UNReferenceNumber"),
        "addresses": {
            "addresses": [
                {"address_country": v} for v in values(["Addresses", "Address", "AddressCountry"])
            ]
        },
        "dobs": values(["IndividualDetails", "Individual", "DOBs", "DOB"]),
        "nationalities": values(
            ["IndividualDetails", "Individual", "Nationalities", "Nationality"]
        ),
    }


def _names(record: dict[str, Any]) -> list[ListName]:
    out: list[ListName] = []
    has_primary = False
    for entry in (record.get("names") or {}).get("names") or []:
        parts = [clean_line(entry.get(f"name{i}")) for i in range(1, 7)]
        whole = " ".join(p for p in parts if p)
        if not whole:
            continue
        name_type = clean_line(entry.get("name_type")).casefold()
        strength = clean_line(entry.get("alias_strength")).casefold()
        if name_type == "primary name" and not has_primary:
            out.insert(0, name(whole, NameKind.PRIMARY))
            has_primary = True
        elif "low" in strength:
            out.append(name(whole, NameKind.WEAK_ALIAS))
        else:
            out.append(name(whole, NameKind.ALIAS))
    for entry in (record.get("non_latin_names") or {}).get("names") or []:
        value = clean_line(entry.get("name_non_latin_script"))
        if value:
            out.append(name(value, NameKind.ORIGINAL_SCRIPT))
    return out


def _add_record(collector: EntryCollector, record: dict[str, Any], where: str) -> None:
    collector.rows_read += 1
    kind = _KINDS.get(
        clean_line(record.get("individual_entity_ship")).casefold(), EntityKind.UNKNOWN
    )
    country_names = list(record.get("nationalities") or [])
    if kind is not EntityKind.PERSON:
        country_names += [
            a.get("address_country", "")
            for a in (record.get("addresses") or {}).get("addresses") or []
        ]
    countries = [country_code(clean_line(c)) for c in country_names]
    births = [d for dob in record.get("dobs") or [] for d in dates_in_text(str(dob))]
    collector.add(
        where=where,
        entry_id=clean_line(record.get("unique_id")),
        kind=kind,
        names=_names(record),
        countries=countries,
        birth_dates=births,
        programs=[clean_line(record.get("regime_name"))],
        remarks=clean_text(record.get("other_information")),
        extra={"un_reference_number": clean_line(record.get("un_reference_number"))},
    )


def parse_uk_xml(path: Path) -> ParsedList:
    path = Path(path)
    root = load_xml(path)
    if local(root.tag) != "Designations":
        raise ListParseError(
            f"not a UK Sanctions List XML (root element <{local(root.tag)}>)", path=path
        )
    collector = EntryCollector(SOURCE, path)
    for index, designation in enumerate(children(root, "Designation"), start=1):
        record = _record_from_xml(designation)
        if not record["unique_id"]:
            raise ListParseError(
                "Designation without UniqueID", path=path, where=f"Designation #{index}"
            )
        _add_record(collector, record, f"Designation #{index} ({record['unique_id']})")
    generated = text_of(root, "DateGenerated") or root.get("DateGenerated", "")
    published = parse_iso_date(generated) or date_from_filename(path.name)
    return collector.result(files=[path], format="uk-xml", published=published)


def parse_uk_jsonl(path: Path) -> ParsedList:
    path = Path(path)
    collector = EntryCollector(SOURCE, path)
    for line, record in json_records(path):
        if "unique_id" not in record or "names" not in record:
            raise ListParseError(
                "record lacks 'unique_id'/'names' (not a UK Sanctions List conversion?)",
                path=path,
                where=f"line {line}",
            )
        _add_record(collector, record, f"line {line}")
    return collector.result(
        files=[path], format="uk-jsonl", published=date_from_filename(path.name)
    )
