"""輸出貿易管理令 別表第一 (324CO0000000378): the 330-row JSON and the markdown conversion.

Both give the same entries: 項 (``7の項``), 号 (``7の項(1)``) and 枝番 (``2の項(41)3``), each
with its text (中欄) and region (下欄). The markdown (and e-Gov XML) print each 項 as one
table cell; :func:`split_goods_cell` splits it at the （一） and １ markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from anpo.classification.catalogue.lawdoc import is_deleted, parse_law_table_rows
from anpo.classification.catalogue.model import (
    CatalogueParseError,
    Entry,
    EntryKind,
    Instrument,
    ParsedInstrument,
    VersionInfo,
    display_label,
    export_order_key,
)
from anpo.classification.catalogue.numerals import kou_id, number_label
from anpo.classification.catalogue.parsers.common import (
    RUBY_REPAIRS,
    decode_text,
    find_date,
    find_revision_label,
    load_json,
    read_bytes,
    require,
    sha256_of,
    strip_inline_ruby,
)

LAW_ID: Final = "324CO0000000378"
TITLE: Final = "輸出貿易管理令 別表第一"
EGOV_URL: Final = "https://laws.e-gov.go.jp/law/324CO0000000378"
FOREX_LAW_ID: Final = "355CO0000000260"
FOREX_TITLE: Final = "外国為替令 別表"
FOREX_EGOV_URL: Final = "https://laws.e-gov.go.jp/law/355CO0000000260"


@dataclass(frozen=True, slots=True)
class TableRow:
    """One 項 of a 別表 as printed: its number, the goods/technology cell, the region cell."""

    kou: str  # "3の2"
    cell: str
    region: str = ""


_GOU_MARK_RE: Final = re.compile(
    r"（(?P<n>[一二三四五六七八九十]+(?:の[一二三四五六七八九十]+)?)）　"
)
_BRANCH_MARK_RE: Final = re.compile(r"(?<![０-９])(?P<n>[０-９]+(?:の[０-９]+)?)　")
_SPACES_RE: Final = re.compile(r" {2,}")


@dataclass(frozen=True, slots=True)
class CellPart:
    gou: str | None
    branch: str | None
    text: str
    ruby_artefact: bool


def _clean(text: str) -> tuple[str, bool]:
    artefact = bool(_SPACES_RE.search(text))
    return _SPACES_RE.sub("", text).strip(), artefact


def split_goods_cell(cell: str) -> list[CellPart]:
    """``次に掲げる…（一）　集積回路（二）　…１　反応器２　…`` -> the 項 text, 号 and 枝."""
    parts: list[CellPart] = []
    marks = list(_GOU_MARK_RE.finditer(cell))
    head = cell[: marks[0].start()] if marks else cell
    text, artefact = _clean(head)
    parts.append(CellPart(None, None, text, artefact))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(cell)
        body = cell[mark.end() : end]
        gou = number_label(mark.group("n")).replace("_", "の")
        branches = list(_BRANCH_MARK_RE.finditer(body))
        gou_text = body[: branches[0].start()] if branches else body
        text, artefact = _clean(gou_text)
        parts.append(CellPart(gou, None, text, artefact))
        for j, branch in enumerate(branches):
            b_end = branches[j + 1].start() if j + 1 < len(branches) else len(body)
            b_text, b_artefact = _clean(body[branch.end() : b_end])
            label = number_label(branch.group("n")).replace("_", "の")
            parts.append(CellPart(gou, label, b_text, b_artefact))
    return parts


def entries_from_table(
    rows: list[TableRow], *, instrument: Instrument, source: str
) -> tuple[list[Entry], list[str]]:
    entries: list[Entry] = []
    warnings: list[str] = []
    position = 0
    seen: set[str] = set()
    for row in rows:
        for part in split_goods_cell(row.cell):
            key = export_order_key(row.kou, part.gou, part.branch)
            if key in seen:
                warnings.append(f"{source}: {key} appears twice; the second is ignored")
                continue
            seen.add(key)
            kind = (
                EntryKind.KOU
                if part.gou is None
                else EntryKind.BRANCH
                if part.branch
                else EntryKind.GOU
            )
            parent = (
                None
                if part.gou is None
                else export_order_key(row.kou)
                if part.branch is None
                else export_order_key(row.kou, part.gou)
            )
            flags: list[str] = []
            if part.ruby_artefact:
                flags.append("ruby_artefact")
            if kind == EntryKind.KOU and not part.text:
                flags.append("no_own_text")
            position += 1
            entries.append(
                Entry(
                    key=key,
                    kind=kind,
                    label=display_label(key),
                    text=part.text,
                    parent=parent,
                    number=part.branch or part.gou or row.kou,
                    position=position,
                    depth={EntryKind.KOU: 0, EntryKind.GOU: 1, EntryKind.BRANCH: 2}[kind],
                    deleted=is_deleted(part.text),
                    flags=tuple(flags),
                    attributes=(("region", row.region),)
                    if row.region and instrument == Instrument.EXPORT_ORDER
                    else (),
                    search_hints=tuple(w for a, w in RUBY_REPAIRS if a in part.text)
                    if part.ruby_artefact
                    else (),
                )
            )
    return entries, warnings


def _order_counts(entries: list[Entry]) -> dict[str, int]:
    return {
        "kou": sum(1 for e in entries if e.kind == EntryKind.KOU),
        "gou": sum(1 for e in entries if e.kind == EntryKind.GOU),
        "branch": sum(1 for e in entries if e.kind == EntryKind.BRANCH),
        "deleted": sum(1 for e in entries if e.deleted),
    }


# --- the 330-row JSON ---------------------------------------------------------------------

_ROW_KEYS: Final = ("kou", "gou", "branch", "text")


def parse_appendix_json(path: Path) -> ParsedInstrument:
    """``export-order-appendix1.json``: rows of 項/号/枝 with text, deletion and region."""
    data = read_bytes(path)
    doc: Any = load_json(data, source=path.name)
    require(
        isinstance(doc, dict) and isinstance(doc.get("rows"), list),
        "expected an object with a 'rows' list",
        source=path.name,
    )
    meta = doc.get("meta") if isinstance(doc.get("meta"), dict) else {}
    if meta.get("law_id") and meta["law_id"] != LAW_ID:
        raise CatalogueParseError(
            f"this is law {meta['law_id']}, not the 輸出令 ({LAW_ID})", source=path.name
        )
    entries: list[Entry] = []
    warnings: list[str] = []
    by_key: dict[str, Entry] = {}
    position = 0
    for index, row in enumerate(doc["rows"], start=1):
        if not isinstance(row, dict) or any(k not in row for k in _ROW_KEYS):
            raise CatalogueParseError(
                f"row {index} lacks one of {', '.join(_ROW_KEYS)}", source=path.name
            )
        kou = kou_id(str(row["kou"]))
        if kou is None:
            raise CatalogueParseError(
                f"row {index}: '{row['kou']}' is not an item number", source=path.name
            )
        gou = str(row["gou"]).replace("_", "の") if row.get("gou") not in (None, "") else None
        branch = (
            str(row["branch"]).replace("_", "の") if row.get("branch") not in (None, "") else None
        )
        key = export_order_key(kou, gou, branch)
        if key in by_key:
            warnings.append(f"row {index}: {key} appears twice; the second is ignored")
            continue
        # the table has no own row for 項 whose goods are all in 号 (1, 3, 3の2, 14, 16)
        for parent_key, parent_kind, parent_number in (
            (export_order_key(kou), EntryKind.KOU, kou),
            (export_order_key(kou, gou), EntryKind.GOU, gou or ""),
        ):
            if (
                parent_key == key
                or parent_key in by_key
                or (parent_kind == EntryKind.GOU and gou is None)
            ):
                continue
            position += 1
            filler = Entry(
                key=parent_key,
                kind=parent_kind,
                label=display_label(parent_key),
                text="",
                parent=None if parent_kind == EntryKind.KOU else export_order_key(kou),
                number=parent_number,
                position=position,
                depth=0 if parent_kind == EntryKind.KOU else 1,
                flags=("no_own_text",),
            )
            by_key[parent_key] = filler
            entries.append(filler)
        text, stripped = strip_inline_ruby(str(row["text"]))
        kind = EntryKind.KOU if gou is None else EntryKind.BRANCH if branch else EntryKind.GOU
        position += 1
        entry = Entry(
            key=key,
            kind=kind,
            label=display_label(key),
            text=text,
            parent=None
            if gou is None
            else export_order_key(kou)
            if branch is None
            else export_order_key(kou, gou),
            number=branch or gou or kou,
            position=position,
            depth={EntryKind.KOU: 0, EntryKind.GOU: 1, EntryKind.BRANCH: 2}[kind],
            deleted=bool(row.get("deleted")) or is_deleted(text),
            flags=("ruby_reading_removed",) if stripped else (),
            attributes=(("region", str(row["region"])),) if row.get("region") else (),
        )
        by_key[key] = entry
        entries.append(entry)
    # a 項 without its own row takes the region of its rows (the 下欄 is per 項)
    regions: dict[str, str] = {}
    for entry in entries:
        region = entry.attribute("region")
        if region:
            regions.setdefault(entry.key.split("の項", 1)[0], region)
    entries = [
        replace(e, attributes=(("region", regions[e.key.split("の項", 1)[0]]),))
        if not e.attributes and e.key.split("の項", 1)[0] in regions
        else e
        for e in entries
    ]
    expected = meta.get("count")
    if isinstance(expected, int) and expected != len(doc["rows"]):
        warnings.append(f"meta.count says {expected} rows, the file has {len(doc['rows'])}")
    as_of = str(meta.get("legal_text_as_of", ""))
    date = find_date(as_of)
    info = VersionInfo(
        instrument=Instrument.EXPORT_ORDER,
        title=TITLE,
        law_id=LAW_ID,
        revision_label=find_revision_label(as_of),
        legal_text_date=date,
        effective_from=date,
        source=path.name,
        source_url=EGOV_URL,
        sha256=sha256_of(data),
        format="appendix1-rows-json",
        notes=("rows",),
    )
    return ParsedInstrument(info, tuple(entries), (), tuple(warnings), _order_counts(entries))


# --- the markdown conversion ---------------------------------------------------------------

_TABLE_HEADING_RE: Final = re.compile(r"^## 別表第一\s")


def order_table_rows(text: str, *, source: str) -> list[TableRow]:
    """The rows of 別表第一 in the markdown conversion of the 輸出令."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _TABLE_HEADING_RE.match(line)), None)
    if start is None:
        raise CatalogueParseError("no '## 別表第一' section found", source=source)
    table: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        table.append(line)
    rows: list[TableRow] = []
    for cells in parse_law_table_rows("\n".join(table)):
        if len(cells) < 2:
            continue
        kou = kou_id(cells[0].strip())
        if kou is None:
            continue
        rows.append(TableRow(kou, cells[1], cells[2].strip() if len(cells) > 2 else ""))
    if not rows:
        raise CatalogueParseError("the 別表第一 table has no rows", source=source)
    return rows


def parse_order_markdown(path: Path) -> ParsedInstrument:
    data = read_bytes(path)
    text = decode_text(data, source=path.name)
    if LAW_ID not in text[:400]:
        raise CatalogueParseError(f"the header does not name law {LAW_ID}", source=path.name)
    source_line = next((line for line in text.splitlines()[:10] if "source:" in line), "")
    rows = order_table_rows(text, source=path.name)
    entries, warnings = entries_from_table(
        rows, instrument=Instrument.EXPORT_ORDER, source=path.name
    )
    date = find_date(source_line)
    info = VersionInfo(
        instrument=Instrument.EXPORT_ORDER,
        title=TITLE,
        law_id=LAW_ID,
        revision_label=find_revision_label(source_line),
        legal_text_date=date,
        effective_from=date,
        source=path.name,
        source_url=EGOV_URL,
        sha256=sha256_of(data),
        format="order-markdown",
        notes=("conversion",),
    )
    return ParsedInstrument(info, tuple(entries), (), tuple(warnings), _order_counts(entries))
