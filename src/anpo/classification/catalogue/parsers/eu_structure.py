"""A dual-use list with the EU Annex I code structure (``dual-use-list-no2022.json``).

The shared copy is Norway's list (about 2022), which uses the EU control codes. It is
imported as the instrument ``eu-annex1-structure`` to exercise the EU code model
(category 0-9, group A-E, regime block, dotted paragraph references, notes) and is always
shown with the caveat that it is **not** the EU list in force. The production source is
EUR-Lex (Formex XML of the consolidated Annex I of Regulation (EU) 2021/821).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

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

TITLE: Final = "Dual-use list in the EU Annex I structure (stand-in, not the EU list in force)"
CODE_RE: Final = re.compile(r"^(?P<cat>\d)(?P<group>[A-E])(?P<block>\d)\d{2}$")
# Third digit of the code: the regime the entry implements (EU Annex I convention).
REGIME_BLOCKS: Final = {"0": "WA", "1": "MTCR", "2": "NSG", "3": "AG", "4": "CWC"}


def parse_eu_structure_json(path: Path) -> ParsedInstrument:
    data = read_bytes(path)
    doc: Any = load_json(data, source=path.name)
    require(
        isinstance(doc, dict) and isinstance(doc.get("entries"), list),
        "expected an object with an 'entries' list",
        source=path.name,
    )
    meta = doc.get("meta") if isinstance(doc.get("meta"), dict) else {}
    entries: list[Entry] = []
    warnings: list[str] = []
    seen: set[str] = set()
    position = 0
    for index, raw in enumerate(doc["entries"], start=1):
        if not isinstance(raw, dict) or "code" not in raw:
            raise CatalogueParseError(f"entry {index} has no 'code'", source=path.name)
        code = str(raw["code"]).strip().upper()
        match = CODE_RE.match(code)
        if not match:
            warnings.append(
                f"entry {index}: '{code}' does not follow the category-group-number pattern"
            )
        if code in seen:
            warnings.append(f"{code} appears twice; the second is ignored")
            continue
        seen.add(code)
        block = match.group("block") if match else ""
        attributes: list[tuple[str, str]] = [
            ("category", str(raw.get("category") or (code[0] if code else ""))),
            ("category_name", str(raw.get("category_name") or "")),
            ("group", str(raw.get("group") or "")),
            ("group_name", str(raw.get("group_name") or "")),
            ("regime", str(raw.get("regime") or REGIME_BLOCKS.get(block, ""))),
        ]
        notes_by_ref: dict[str, list[str]] = {}
        for note in raw.get("notes") or []:
            if isinstance(note, dict) and note.get("text"):
                after = str(note.get("after") or code)
                label = str(note.get("type") or "Note")
                notes_by_ref.setdefault(after, []).append(f"{label}: {note['text']}")
        position += 1
        own_notes = notes_by_ref.pop(code, [])
        entries.append(
            Entry(
                key=code,
                kind=EntryKind.ECCN,
                label=code,
                text=str(raw.get("text") or ""),
                number=code,
                position=position,
                heading=str(raw.get("text") or "")[:200],
                attributes=tuple(attributes)
                + ((("notes", "\n".join(own_notes)),) if own_notes else ()),
            )
        )
        for paragraph in raw.get("paragraphs") or []:
            if not isinstance(paragraph, dict) or not paragraph.get("ref"):
                continue
            ref = str(paragraph["ref"]).strip().rstrip(".")
            if ref in seen:
                warnings.append(f"{ref} appears twice; the second is ignored")
                continue
            seen.add(ref)
            parent = ref.rsplit(".", 1)[0] if "." in ref else code
            if parent not in seen:
                parent = code
            notes = notes_by_ref.pop(ref, [])
            position += 1
            entries.append(
                Entry(
                    key=ref,
                    kind=EntryKind.SUBPARAGRAPH,
                    label=ref,
                    text=str(paragraph.get("text") or ""),
                    parent=parent,
                    number=ref.rsplit(".", 1)[-1],
                    position=position,
                    depth=int(paragraph.get("depth") or ref.count(".")),
                    attributes=(("notes", "\n".join(notes)),) if notes else (),
                )
            )
        leftover = [note for notes in notes_by_ref.values() for note in notes]
        if leftover:
            warnings.append(f"{code}: notes after unknown paragraphs kept on the entry")
            index_of_code = next(i for i, e in enumerate(entries) if e.key == code)
            head = entries[index_of_code]
            merged = "\n".join([head.attribute("notes"), *leftover]).strip()
            entries[index_of_code] = replace(
                head,
                attributes=(*(a for a in head.attributes if a[0] != "notes"), ("notes", merged)),
            )
    require(bool(entries), "no entry in the file", source=path.name)
    date = find_date(str(meta.get("legal_text_date", "")))
    info = VersionInfo(
        instrument=Instrument.EU_STRUCTURE,
        title=TITLE,
        law_id="Regulation (EU) 2021/821 Annex I (structure)",
        revision_label="Norwegian list II (stand-in, ~2022)",
        legal_text_date=date,
        effective_from=None,
        source=path.name,
        source_url="https://eur-lex.europa.eu/eli/reg/2021/821",
        sha256=sha256_of(data),
        format="eu-structure-json",
        notes=("stand_in",),
    )
    counts = {
        "entries": sum(1 for e in entries if e.kind == EntryKind.ECCN),
        "paragraphs": sum(1 for e in entries if e.kind == EntryKind.SUBPARAGRAPH),
    }
    return ParsedInstrument(info, tuple(entries), (), tuple(warnings), counts)
