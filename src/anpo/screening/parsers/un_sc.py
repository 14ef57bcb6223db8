"""UN Security Council Consolidated List (``consolidated.xml``, root ``CONSOLIDATED_LIST``).

* Individuals: name = ``FIRST_NAME`` .. ``FOURTH_NAME`` joined; ``INDIVIDUAL_ALIAS``
  with ``QUALITY`` ``Good``/``a.k.a.`` -> ALIAS, ``Low`` -> WEAK_ALIAS, ``f.k.a.`` ->
  FORMER; ``NAME_ORIGINAL_SCRIPT`` -> ORIGINAL_SCRIPT; ``INDIVIDUAL_DATE_OF_BIRTH``
  (``DATE``, ``YEAR``, ``FROM_YEAR``/``TO_YEAR``); ``NATIONALITY/VALUE`` -> ISO-2.
* Entities: name = ``FIRST_NAME``; ``ENTITY_ALIAS`` as above; countries from
  ``ENTITY_ADDRESS/COUNTRY``.
* ``programs`` = ``UN_LIST_TYPE`` (regime), ``remarks`` = ``COMMENTS1``.
* ``entry_id`` = ``REFERENCE_NUMBER`` (e.g. ``CDi.001``); published = ``dateGenerated``.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from anpo.matching.types import EntityKind, ListName, NameKind

from .base import EntryCollector, ListParseError, ParsedList, name
from .countries import country_code
from .text import clean_text, dates_in_text, parse_iso_date
from .xmlsafe import children, load_xml, local, text_of

SOURCE = "un-sc"

_QUALITY = {
    "good": NameKind.ALIAS,
    "a.k.a.": NameKind.ALIAS,
    "": NameKind.ALIAS,
    "low": NameKind.WEAK_ALIAS,
    "f.k.a.": NameKind.FORMER,
}


def _aliases(record: Element, tag: str) -> list[ListName]:
    out = []
    for alias in children(record, tag):
        value = text_of(alias, "ALIAS_NAME")
        if value:
            out.append(
                name(value, _QUALITY.get(text_of(alias, "QUALITY").casefold(), NameKind.ALIAS))
            )
    return out


def _birth_dates(record: Element) -> list[str]:
    out: list[str] = []
    for dob in children(record, "INDIVIDUAL_DATE_OF_BIRTH"):
        for tag in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
            out.extend(dates_in_text(text_of(dob, tag)))
    return out


def parse_un_xml(path: Path) -> ParsedList:
    path = Path(path)
    root = load_xml(path)
    if local(root.tag) != "CONSOLIDATED_LIST":
        raise ListParseError(
            f"not a UN consolidated list (root element <{local(root.tag)}>)", path=path
        )
    collector = EntryCollector(SOURCE, path)
    for group, tag, kind in (
        ("INDIVIDUALS", "INDIVIDUAL", EntityKind.PERSON),
        ("ENTITIES", "ENTITY", EntityKind.ORGANIZATION),
    ):
        for container in children(root, group):
            for index, record in enumerate(children(container, tag), start=1):
                collector.rows_read += 1
                where = f"{tag} #{index}"
                entry_id = text_of(record, "REFERENCE_NUMBER")
                if not entry_id:
                    entry_id = f"DATAID-{text_of(record, 'DATAID')}"
                    collector.warn(where, f"no REFERENCE_NUMBER; using {entry_id}")
                parts = [
                    text_of(record, t)
                    for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
                ]
                names = [name(" ".join(p for p in parts if p))]
                names += _aliases(record, f"{tag}_ALIAS")
                original = text_of(record, "NAME_ORIGINAL_SCRIPT")
                if original:
                    names.append(name(original, NameKind.ORIGINAL_SCRIPT))
                if kind is EntityKind.PERSON:
                    country_names = [
                        text_of(v)
                        for n in children(record, "NATIONALITY")
                        for v in children(n, "VALUE")
                    ]
                    births = _birth_dates(record)
                else:
                    country_names = [
                        text_of(a, "COUNTRY") for a in children(record, "ENTITY_ADDRESS")
                    ]
                    births = []
                countries = []
                for country_name in country_names:
                    code = country_code(country_name)
                    if code:
                        countries.append(code)
                    elif country_name and country_name.casefold() not in {"na", "n/a"}:
                        collector.warn(where, f"unknown country {country_name!r}")
                collector.add(
                    where=where,
                    entry_id=entry_id,
                    kind=kind,
                    names=names,
                    countries=countries,
                    birth_dates=births,
                    programs=[text_of(record, "UN_LIST_TYPE")],
                    remarks=clean_text(text_of(record, "COMMENTS1")),
                    extra={
                        "dataid": text_of(record, "DATAID"),
                        "listed_on": text_of(record, "LISTED_ON"),
                    },
                )
    published = parse_iso_date(root.get("dateGenerated", ""))
    return collector.result(files=[path], format="un-xml", published=published)
