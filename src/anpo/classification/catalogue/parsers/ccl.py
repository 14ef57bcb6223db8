"""US Commerce Control List (15 CFR 774 Supp. 1): ``ccl-eccns.json`` and eCFR XML.

Entries: one per ECCN (heading, reasons for control, licence requirement rows) and one
per item paragraph (``3A001.a.1.a``) where the file has them; notes and explanatory text
of a paragraph are kept as the ``notes`` attribute of the paragraph they follow.
Irregular reason strings ("foreign policy", "CC 1", "MT NP", "AT.") are normalised.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from defusedxml.ElementTree import fromstring as safe_fromstring  # type: ignore[import-untyped]

from anpo.classification.catalogue.model import (
    CatalogueParseError,
    Entry,
    EntryKind,
    Instrument,
    ParsedInstrument,
    VersionInfo,
)
from anpo.classification.catalogue.parsers.common import (
    find_date,
    load_json,
    read_bytes,
    require,
    sha256_of,
)

TITLE: Final = "Commerce Control List (15 CFR part 774, supplement no. 1)"
ECFR_PAGE: Final = (
    "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-774"
)
ECFR_API: Final = "https://www.ecfr.gov/api/versioner/v1/full/{date}/title-15.xml?part=774"
ECCN_RE: Final = re.compile(r"^\d[A-E]\d{3}$")
KNOWN_REASONS: Final = frozenset(
    {"NS", "MT", "NP", "CB", "CW", "RS", "CC", "AT", "UN", "FC", "SS", "SL", "EI", "SI", "FP"}
)
_REASON_ALIASES: Final = {"FOREIGN POLICY": "FP", "CC1": "CC", "CC 1": "CC", "AT.": "AT"}


def normalise_reasons(raw: list[Any]) -> tuple[list[str], list[str]]:
    """Reasons for control as codes (``["MT NP"]`` -> ``["MT", "NP"]``) and what was odd."""
    codes: list[str] = []
    odd: list[str] = []
    for value in raw:
        text = str(value).strip()
        upper = text.upper()
        if upper in _REASON_ALIASES:
            odd.append(text)
            parts = [_REASON_ALIASES[upper]]
        else:
            parts = [p for p in re.split(r"[\s,]+|\band\b", upper) if p]
            if len(parts) > 1 or (parts and parts[0] not in KNOWN_REASONS):
                odd.append(text)
        for part in parts:
            part = _REASON_ALIASES.get(part, part).strip(".")
            if part in KNOWN_REASONS and part not in codes:
                codes.append(part)
    return codes, odd


def _depth(ref: str) -> int:
    return ref.count(".") + 1


def _entries_for_eccn(
    raw: dict[str, Any], position: int, source: str
) -> tuple[list[Entry], list[str], int]:
    eccn = str(raw.get("eccn", "")).strip().upper()
    if not ECCN_RE.match(eccn):
        raise CatalogueParseError(f"'{eccn}' is not an ECCN", source=source)
    reasons, odd = normalise_reasons(list(raw.get("reasons_for_control") or []))
    warnings = [f"{eccn}: reason for control '{o}' normalised" for o in odd]
    licence_rows = [
        f"{row.get('control', '')} — {row.get('countryChart', '')}".strip(" —")
        for row in raw.get("license_requirements") or []
        if isinstance(row, dict)
    ]
    attributes: list[tuple[str, str]] = [
        ("category", str(raw.get("category") or eccn[0])),
        ("group", str(raw.get("group") or eccn[1])),
    ]
    if reasons:
        attributes.append(("reasons", " ".join(reasons)))
    if licence_rows:
        attributes.append(("license_requirements", "\n".join(licence_rows)))
    if raw.get("related_controls"):
        attributes.append(("related_controls", str(raw["related_controls"])))
    exceptions = raw.get("list_based_license_exceptions")
    if isinstance(exceptions, dict) and exceptions:
        attributes.append(
            ("license_exceptions", json.dumps(exceptions, ensure_ascii=False, sort_keys=True))
        )
    heading = str(raw.get("heading") or "")
    position += 1
    entries = [
        Entry(
            key=eccn,
            kind=EntryKind.ECCN,
            label=eccn,
            text=heading,
            number=eccn,
            position=position,
            depth=0,
            heading=heading,
            attributes=tuple(attributes),
        )
    ]
    notes: dict[str, list[str]] = {}
    repeated = 0
    current = eccn
    seen: set[str] = {eccn}
    for paragraph in raw.get("paragraphs") or []:
        if not isinstance(paragraph, dict):
            continue
        kind = paragraph.get("kind")
        ref = paragraph.get("ref")
        text = str(paragraph.get("text") or "").strip()
        if kind == "item" and ref:
            key = f"{eccn}.{ref}"
            if key in seen:
                repeated += 1
                notes.setdefault(current, []).append(f"{ref}. {text}")
                continue
            seen.add(key)
            parent = f"{eccn}.{ref.rsplit('.', 1)[0]}" if "." in ref else eccn
            if parent not in seen:
                parent = eccn
            position += 1
            entries.append(
                Entry(
                    key=key,
                    kind=EntryKind.SUBPARAGRAPH,
                    label=key,
                    text=text,
                    parent=parent,
                    number=str(ref).rsplit(".", 1)[-1],
                    position=position,
                    depth=_depth(str(ref)),
                    deleted=text.lower() in ("[reserved]", "[reserved].", "reserved"),
                )
            )
            current = key
        elif text:
            prefix = "Note" if kind == "note" else ""
            notes.setdefault(current, []).append(
                f"{prefix} {ref}: {text}".strip() if kind == "note" and ref else text
            )
    if repeated:
        warnings.append(
            f"{eccn}: {repeated} repeated paragraph letters (lists inside notes) kept as notes"
        )
    if notes:
        entries = [
            replace(e, attributes=(*e.attributes, ("notes", "\n".join(notes[e.key]))))
            if e.key in notes
            else e
            for e in entries
        ]
    return entries, warnings, position


def parse_ccl_json(path: Path) -> ParsedInstrument:
    data = read_bytes(path)
    doc = load_json(data, source=path.name)
    require(
        isinstance(doc, dict) and isinstance(doc.get("eccns"), list),
        "expected an object with an 'eccns' list",
        source=path.name,
    )
    meta = doc.get("meta") if isinstance(doc.get("meta"), dict) else {}
    entries: list[Entry] = []
    warnings: list[str] = []
    position = 0
    seen: set[str] = set()
    for index, raw in enumerate(doc["eccns"], start=1):
        if not isinstance(raw, dict):
            raise CatalogueParseError(f"ECCN record {index} is not an object", source=path.name)
        new, new_warnings, position = _entries_for_eccn(raw, position, path.name)
        if new[0].key in seen:
            warnings.append(f"{new[0].key} appears twice; the second is ignored")
            continue
        seen.add(new[0].key)
        entries.extend(new)
        warnings.extend(new_warnings)
    require(bool(entries), "no ECCN in the file", source=path.name)
    date = find_date(str(meta.get("legal_text_date", "")))
    raw_source = meta.get("source")
    source_info: dict[str, Any] = raw_source if isinstance(raw_source, dict) else {}
    info = VersionInfo(
        instrument=Instrument.US_CCL,
        title=TITLE,
        law_id="15 CFR 774 Supp. 1",
        revision_label=f"eCFR {date.isoformat()}" if date else "",
        legal_text_date=date,
        effective_from=date,
        source=path.name,
        source_url=str(source_info.get("url") or ECFR_PAGE),
        sha256=sha256_of(data),
        format="ccl-eccns-json",
        notes=("ccl_partial_paragraphs",) if meta.get("paragraph_text_categories") else (),
    )
    counts = {
        "eccns": sum(1 for e in entries if e.kind == EntryKind.ECCN),
        "paragraphs": sum(1 for e in entries if e.kind == EntryKind.SUBPARAGRAPH),
    }
    return ParsedInstrument(info, tuple(entries), (), tuple(warnings), counts)


# --- eCFR XML ----------------------------------------------------------------------------

_HEADING_RE: Final = re.compile(r"^(?P<eccn>\d[A-E]\d{3})\s+(?P<heading>\S.*)$")
_ITEM_RE: Final = re.compile(
    r"^(?P<ref>[a-z](?:\.\d+(?:\.[a-z](?:\.\d+(?:\.[a-z])?)?)?)?)\.\s+(?P<text>\S.*)$"
)
_REASON_LINE_RE: Final = re.compile(r"^Reason for Control:\s*(?P<reasons>.+)$", re.IGNORECASE)


def _paragraph_texts(root: ET.Element) -> list[str]:
    texts: list[str] = []
    for element in root.iter():
        if element.tag in ("P", "FP", "HD1", "HD2", "HD3", "HEAD"):
            text = " ".join("".join(element.itertext()).split())
            if text:
                texts.append(text)
    return texts


def parse_ecfr_xml(data: bytes, *, source: str, legal_text_date: str = "") -> ParsedInstrument:
    """Part 774 from the eCFR versioner API (``/api/versioner/v1/full/{date}/title-15.xml?part=774``).

    Reads paragraph texts in document order: an ECCN heading line starts an entry, a
    "Reason for Control:" line gives its reasons, "Items:" starts its item paragraphs
    (``a.``, ``a.1.``, ``a.1.a.``), and the next ECCN heading ends it.
    """
    try:
        root = safe_fromstring(data)
    except ET.ParseError as exc:
        raise CatalogueParseError(f"not well-formed XML ({exc})", source=source) from exc
    except Exception as exc:
        raise CatalogueParseError(f"refused XML ({exc.__class__.__name__})", source=source) from exc
    records: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    in_items = False
    for text in _paragraph_texts(root):
        heading = _HEADING_RE.match(text)
        if heading and (current is None or heading.group("eccn") != current["eccn"]):
            current = {
                "eccn": heading.group("eccn"),
                "heading": heading.group("heading"),
                "reasons_for_control": [],
                "paragraphs": [],
            }
            records.append(current)
            in_items = False
            continue
        if current is None:
            continue
        reasons = _REASON_LINE_RE.match(text)
        if reasons:
            current["reasons_for_control"] = [
                r.strip() for r in re.split(r",", reasons.group("reasons")) if r.strip()
            ]
            continue
        if text.lower().startswith("items:"):
            in_items = True
            rest = text[6:].strip()
            if rest:
                current["paragraphs"].append({"ref": None, "kind": "text", "text": rest})
            continue
        if in_items:
            item = _ITEM_RE.match(text)
            if item:
                current["paragraphs"].append(
                    {"ref": item.group("ref"), "kind": "item", "text": item.group("text")}
                )
            else:
                kind = (
                    "note"
                    if text.lower().startswith(("note", "technical note", "n.b."))
                    else "text"
                )
                current["paragraphs"].append({"ref": None, "kind": kind, "text": text})
    if not records:
        raise CatalogueParseError(
            "no ECCN heading (e.g. '3A001 Electronic items…') found", source=source
        )
    entries: list[Entry] = []
    warnings: list[str] = []
    position = 0
    seen: set[str] = set()
    for record in records:
        new, new_warnings, position = _entries_for_eccn(record, position, source)
        if new[0].key in seen:
            continue
        seen.add(new[0].key)
        entries.extend(new)
        warnings.extend(new_warnings)
    date = find_date(legal_text_date) or find_date(source)
    info = VersionInfo(
        instrument=Instrument.US_CCL,
        title=TITLE,
        law_id="15 CFR 774 Supp. 1",
        revision_label=f"eCFR {date.isoformat()}" if date else "eCFR",
        legal_text_date=date,
        effective_from=date,
        source=source,
        source_url=ECFR_PAGE,
        sha256=sha256_of(data),
        format="ecfr-xml",
    )
    counts = {
        "eccns": sum(1 for e in entries if e.kind == EntryKind.ECCN),
        "paragraphs": sum(1 for e in entries if e.kind == EntryKind.SUBPARAGRAPH),
    }
    return ParsedInstrument(info, tuple(entries), (), tuple(warnings), counts)
