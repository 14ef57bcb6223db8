"""METI End User List (外国ユーザーリスト): official XLSX, normalised JSON, PDF->HTML table.

Official XLSX layout (2025 revision, one sheet ``ユーザーリスト``)::

    No. | 国名、地域名\\nCountry or Region | 企業名､組織名\\nCompany or Organization |
    別名\\nAlso Known As | 懸念区分\\nType of WMD | 通常兵器\\nConventional Weapons

* ``No.`` is a formula (``=ROW()-1``); its cached value is used, or the row offset.
* Country cells hold the Japanese and the English name on two lines -> ISO-2.
* Name cells: one English name, wrapped over several lines, optionally followed by
  the kanji form in parentheses on its own line (``Air Koryo\\n(高麗航空)``) or
  inline (``...Technology(NUST)(南京理工大学)``). The kanji form becomes an extra
  ``ORIGINAL_SCRIPT`` name, language ``ko`` for North Korea, ``zh`` for China /
  Hong Kong / Taiwan, ``ja`` when it has kana.
* Alias cells are ``・`` bullet lists; a line without a bullet continues the
  previous alias (line wrap), unless it is a kanji name (own name).
* WMD codes ``B,C,M,N`` (after a Japanese label; full-width and ``、`` variants
  occur) and ``CW`` go into ``programs``.

``entry_id`` is the METI ``No.``. METI renumbers the whole list on every revision
(alphabetical within country), so compare revisions with
``diff_entries(..., key=meti_identity_key)`` rather than by number.
"""

from __future__ import annotations

import html.parser
import json
import re
from collections.abc import Iterable
from pathlib import Path

from anpo.matching.types import EntityKind, ListEntry, ListName, NameKind

from .base import EntryCollector, ListParseError, ParsedList, decode, name, read_bytes
from .countries import country_code, split_country_prefix
from .text import (
    clean_line,
    clean_text,
    date_from_filename,
    guess_cjk_lang,
    has_han,
    has_kana,
    is_latin,
)
from .xlsx import iter_rows, open_workbook, workbook_modified

SOURCE = "meti-eul"

_BULLETS = ("・", "･", "•", "●", "-")
_WMD_LABELS = {"生物": "B", "化学": "C", "ミサイル": "M", "核": "N"}
_CODE_RE = re.compile(r"(?<![A-Za-z])(CW|[BCMN])(?![A-Za-z])")


# --- shared name logic -----------------------------------------------------------------


def _is_cjk(text: str) -> bool:
    return not is_latin(text) and (has_han(text) or has_kana(text))


def split_trailing_paren(text: str) -> tuple[str, str] | None:
    """``"Air Koryo (高麗航空)"`` -> ``("Air Koryo", "高麗航空")``; balanced, nested ok."""
    text = text.rstrip()
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return text[:i].rstrip(), text[i + 1 : -1].strip()
    return None


def split_name_and_kanji(text: str) -> tuple[str, list[str]]:
    """Separate trailing kanji forms (in parentheses, or after a space) from a name."""
    kanji: list[str] = []
    text = text.strip()
    while True:
        split = split_trailing_paren(text)
        if split is None or not _is_cjk(split[1]):
            break
        text, inside = split
        kanji.insert(0, inside)
    if text and not is_latin(text) and not _is_cjk(text[:1]):
        # "Latin name 中国航天..." (normalised JSON): cut at the first CJK character.
        match = re.search(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]", text)
        if match and is_latin(text[: match.start()]):
            head, tail = text[: match.start()].strip(), text[match.start() :].strip()
            if head:
                text = head
                kanji.append(tail.replace(" ", ""))
    if _is_cjk(text):
        kanji.insert(0, text)
        text = ""
    return text, kanji


def _strip_bullet(line: str) -> tuple[bool, str]:
    for bullet in _BULLETS:
        if line.startswith(bullet) and (bullet != "-" or line[1:2] == " "):
            return True, line[len(bullet) :].strip()
    return False, line


def names_from_cells(name_cell: str, alias_cell: str, country: str) -> list[ListName]:
    """Primary + alias + original-script names from the two name columns."""
    names: list[ListName] = []

    def add_kanji(values: Iterable[str]) -> None:
        for value in values:
            names.append(name(value, NameKind.ORIGINAL_SCRIPT, guess_cjk_lang(value, country)))

    # Name column: Latin lines are one wrapped name; kanji lines/parentheses are extra.
    latin_parts: list[str] = []
    kanji: list[str] = []
    for line in clean_text(name_cell).split("\n"):
        _, line = _strip_bullet(line)
        head, forms = split_name_and_kanji(line)
        if head:
            latin_parts.append(head)
        kanji.extend(forms)
    if latin_parts:
        names.append(name(" ".join(latin_parts), NameKind.PRIMARY))
    add_kanji(kanji)

    # Alias column: bullets start aliases; other Latin lines continue the previous one.
    aliases: list[list[str]] = []
    has_bullets = any(_strip_bullet(line)[0] for line in clean_text(alias_cell).split("\n"))
    for line in clean_text(alias_cell).split("\n"):
        bulleted, line = _strip_bullet(line)
        head, forms = split_name_and_kanji(line)
        if head:
            if bulleted or not aliases or not has_bullets:
                aliases.append([head])
            else:
                aliases[-1].append(head)
        add_kanji(forms)
    for parts in aliases:
        names.append(name(" ".join(parts), NameKind.ALIAS))
    return names


def programs_from(wmd_cell: str, cw_cell: str = "") -> tuple[list[str], str]:
    """WMD concern codes (B, C, M, N) and CW; plus a warning when label and codes disagree."""
    text = clean_line(wmd_cell)
    codes = [c for c in _CODE_RE.findall(text) if c != "CW"]
    labels = [code for label, code in _WMD_LABELS.items() if label in text]
    warning = ""
    if codes and labels and set(codes) != set(labels):
        warning = f"WMD label and codes disagree in {text!r}; using the codes"
    chosen = codes or labels
    programs = [c for c in "BCMN" if c in chosen]
    cw = clean_line(cw_cell)
    if "CW" in _CODE_RE.findall(cw) or "通常兵器" in cw or "CW" in _CODE_RE.findall(text):
        programs.append("CW")
    return programs, warning


def _country(cell: str) -> str:
    for line in clean_text(cell).split("\n"):
        code = country_code(line)
        if code:
            return code
    return ""


def meti_identity_key(entry: ListEntry) -> str:
    """A revision-independent key for METI entries (country + folded primary name)."""
    primary = re.sub(r"[^0-9a-z]+", " ", entry.primary_name.casefold()).strip()
    return f"{','.join(entry.countries)}|{primary}"


# --- official XLSX ---------------------------------------------------------------------

_COLUMNS = {
    "no": ("no",),
    "country": ("国名", "country"),
    "name": ("企業名", "company"),
    "aliases": ("別名", "also known"),
    "wmd": ("懸念区分", "wmd"),
    "cw": ("通常兵器", "conventional"),
}


def _header_map(row: tuple[object, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        text = clean_line(cell).casefold()
        if not text:
            continue
        for key, needles in _COLUMNS.items():
            if key not in found and any(
                text.startswith(n) if key == "no" else n in text for n in needles
            ):
                found[key] = index
                break
    return found


def parse_meti_eul_xlsx(path: Path) -> ParsedList:
    """Parse METI's official End User List workbook (e.g. ``20250929_4.xlsx``)."""
    path = Path(path)
    workbook = open_workbook(path)
    try:
        sheet = workbook.worksheets[0]
        collector = EntryCollector(SOURCE, path)
        columns: dict[str, int] | None = None
        header_row = 0
        for number, row in iter_rows(path, sheet):
            if columns is None:
                candidate = _header_map(row)
                if {"no", "name", "country"} <= candidate.keys():
                    columns, header_row = candidate, number
                elif number >= 20:
                    break
                continue
            cells = {key: (row[i] if i < len(row) else None) for key, i in columns.items()}
            if all(v is None or clean_line(v) == "" for v in cells.values()):
                continue
            collector.rows_read += 1
            where = f"sheet {sheet.title!r} row {number}"
            number_value = cells.get("no")
            if isinstance(number_value, int | float) and not isinstance(number_value, bool):
                entry_id = str(int(number_value))
            elif clean_line(number_value).isdigit():
                entry_id = clean_line(number_value)
            else:
                entry_id = str(number - header_row)  # uncached =ROW()-1 formula
            country = _country(clean_text(cells.get("country")))
            if not country and clean_line(cells.get("country")):
                collector.warn(where, f"unknown country {clean_line(cells.get('country'))!r}")
            programs, warning = programs_from(
                clean_text(cells.get("wmd")), clean_text(cells.get("cw"))
            )
            if warning:
                collector.warn(where, warning)
            collector.add(
                where=where,
                entry_id=entry_id,
                kind=EntityKind.ORGANIZATION,
                names=names_from_cells(
                    clean_text(cells.get("name")), clean_text(cells.get("aliases")), country
                ),
                countries=[country],
                programs=programs,
                extra={"country_label": clean_line(cells.get("country")), "row": str(number)},
            )
        if columns is None:
            raise ListParseError(
                "header row not found (expected columns No., 国名/Country, 企業名/Company)",
                path=path,
                where=f"sheet {sheet.title!r}",
            )
        published = date_from_filename(path.name) or workbook_modified(workbook)
    finally:
        workbook.close()
    return collector.result(files=[path], format="meti-eul-xlsx", published=published)


# --- normalised JSON (third-party conversion, e.g. security-export-control-registry) -------


def parse_meti_eul_json(path: Path) -> ParsedList:
    """Parse the normalised JSON array (``jp.json`` / ``meti_eul_*_normalized.json``).

    Known defect handled: 37 China rows have an empty ``entity_name`` with the name
    appended to ``addresses[0]`` after the country name; it is split off again.
    """
    path = Path(path)
    try:
        data = json.loads(decode(read_bytes(path), path))
    except json.JSONDecodeError as exc:
        raise ListParseError(
            f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", path=path
        ) from exc
    if not isinstance(data, list):
        raise ListParseError("expected a JSON array of entries", path=path)
    collector = EntryCollector(SOURCE, path)
    published = date_from_filename(path.name)
    for index, item in enumerate(data, start=1):
        where = f"item {index}"
        if not isinstance(item, dict) or "entity_name" not in item:
            raise ListParseError("item is not an object with 'entity_name'", path=path, where=where)
        collector.rows_read += 1
        entity_name = clean_line(item.get("entity_name"))
        addresses = [clean_line(a) for a in item.get("addresses") or [] if isinstance(a, str)]
        first = addresses[0] if addresses else ""
        country = country_code(first)
        if not country:
            country, rest = split_country_prefix(first)
            if country and not entity_name:
                entity_name = rest
        aliases = [clean_line(a) for a in item.get("aliases") or [] if isinstance(a, str)]
        names = names_from_cells(entity_name, "\n".join(f"・{a}" for a in aliases), country)
        programs, _ = programs_from(str(item.get("reason") or ""))
        raw_id = clean_line(item.get("id")) or str(index)
        if published is None:
            # METI press-release URLs carry the date: .../20250929006/20250929006.html
            match = re.search(r"/(20\d{6})\d{3}/", str(item.get("source_url") or ""))
            published = date_from_filename(match[1]) if match else None
        collector.add(
            where=where,
            entry_id=raw_id.removeprefix("jp-eul-"),
            kind=EntityKind.ORGANIZATION,
            names=names,
            countries=[country],
            programs=programs,
        )
    return collector.result(files=[path], format="meti-eul-json", published=published)


# --- PDF -> HTML table (older revisions) -----------------------------------------------------


class _TableReader(html.parser.HTMLParser):
    """Collects ``rows -> cells -> paragraph lines`` from the converted PDF table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td" and self.rows:
            self._cell = []
            self.rows[-1].append(self._cell)
        elif tag in {"p", "br"}:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in {"p", "td"}:
            self._flush()
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._text.append(data)

    def _flush(self) -> None:
        if self._cell is not None:
            text = " ".join("".join(self._text).split())
            if text:
                self._cell.append(text)
        self._text = []


def parse_meti_eul_html(path: Path) -> ParsedList:
    """Parse an older revision converted from METI's PDF to an HTML table (best effort)."""
    path = Path(path)
    reader = _TableReader()
    reader.feed(decode(read_bytes(path), path, ("utf-8-sig", "cp932")))
    collector = EntryCollector(SOURCE, path)
    for index, cells in enumerate(reader.rows, start=1):
        if len(cells) < 4 or not cells[0] or not cells[0][0].isdigit():
            continue
        collector.rows_read += 1
        country = _country("\n".join(cells[1]))
        wmd = "\n".join(cells[4]) if len(cells) > 4 else ""
        cw = "\n".join(cells[5]) if len(cells) > 5 else ""
        programs, _ = programs_from(wmd, cw)
        collector.add(
            where=f"table row {index}",
            entry_id=cells[0][0],
            kind=EntityKind.ORGANIZATION,
            names=names_from_cells("\n".join(cells[2]), "\n".join(cells[3]), country),
            countries=[country],
            programs=programs,
        )
    return collector.result(
        files=[path], format="meti-eul-html", published=date_from_filename(path.name)
    )


def parse_meti_eul(path: Path) -> ParsedList:
    """Dispatch on the file type (.xlsx, .json, .html)."""
    suffix = Path(path).suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return parse_meti_eul_xlsx(path)
    if suffix == ".json":
        return parse_meti_eul_json(path)
    if suffix in {".html", ".htm"}:
        return parse_meti_eul_html(path)
    raise ListParseError(
        "unsupported METI EUL file type (expected .xlsx, .json or .html)", path=path
    )
