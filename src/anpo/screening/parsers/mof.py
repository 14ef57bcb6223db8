"""Japan MOF asset-freeze list (外為法に基づく資産凍結等の措置), official XLSX.

Layout: one sheet per regime (``2.タリバーン関係者等``, ``29.ロシア連邦(個人)``...),
plus an index sheet and ``【解除】`` sheets for lifted regimes. Each regime sheet has a
few title/note rows, then a header row containing ``告示日付``, ``告示番号``,
``日本語表記``, ``英語表記`` and regime-specific columns (``別名…``, ``旧称``,
``確定に十分でない別名``, ``生年月日``, ``国籍``, ``その他の情報``...).

* Rows whose date cell contains ``削除`` are delisted placeholders: skipped.
* Rows with neither notice number nor name continue the previous entry's remarks.
* Dates are text (``1941年8月20日``), ``datetime`` cells or Excel serial numbers.
* Names: ``英語表記`` is the primary name; ``日本語表記`` (katakana/kanji) is an
  ``ORIGINAL_SCRIPT`` name with ``lang="ja"``; ``(original script: …)`` inside the
  English cell is another original-script name. Alias cells mix Japanese and
  English, enumerated ``(a)…(b)…``, separated by ``;``/``、``, with English forms in
  parentheses after Japanese ones; they are split into separate names.
  ``確定に十分でない別名`` ("alias not sufficient to identify") -> ``WEAK_ALIAS``;
  ``旧称``/``以前の別名``/``過去の別名`` -> ``FORMER``.

``entry_id`` is ``<regime number>-<notice number>`` (e.g. ``29-1``): the number in
front of the sheet name and the 告示番号, without cross-references such as ``(*186)``
or ``*``/``#`` marks. Notice numbers are assigned once per regime and never reused
(delisted numbers stay as ``削除`` placeholders), so this survives row insertions and
re-sorting, unlike a sheet+row number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from anpo.matching.types import EntityKind, ListName, NameKind

from .base import EntryCollector, ListParseError, ParsedList, name
from .countries import country_code, country_code_ja_prefix
from .meti_eul import split_trailing_paren
from .text import (
    clean_line,
    clean_text,
    date_from_filename,
    date_value_to_iso,
    has_han,
    has_kana,
    is_empty_marker,
    is_latin,
    split_name_variants,
)
from .xlsx import iter_rows, open_workbook

SOURCE = "jp-mof-asset-freeze"

_ENUM_RE = re.compile(r"\(\s*[a-z]{1,2}\s*\)\s*")
_AKA_RE = re.compile(r"^(?:a\.?k\.?a\.?|f\.?k\.?a\.?|n\.?k\.?a\.?)\s*[:：]?\s*", re.IGNORECASE)
_LABEL_RE = re.compile(r"^\(?\s*(別称|別名|旧称)\s*[)、,]?\s*")
_NOTICE_DATE_RE = re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})")
_ORIGINAL_SCRIPT_RE = re.compile(r"\(?\s*original script\s*[:：]\s*(.+?)\s*\)?\s*$", re.IGNORECASE)


def _alias_kind(header: str) -> NameKind | None:
    if "確定に十分でない" in header:
        return NameKind.WEAK_ALIAS
    if ("旧称" in header and "別" not in header) or "以前" in header or "過去" in header:
        return NameKind.FORMER
    if "別名" in header or "別称" in header:
        return NameKind.ALIAS
    return None


def _is_japanese(text: str) -> bool:
    return has_kana(text) or has_han(text)


def _split_top(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` outside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip(" ,、;") for p in parts if p.strip(" ,、;")]


def _unwrap(segment: str) -> str:
    segment = segment.strip(" ,、;")
    split = split_trailing_paren(segment)
    if split is not None and split[0] == "":
        segment = split[1]
    return _AKA_RE.sub("", segment).strip(" ,、;")


def alias_names(cell: object, base_kind: NameKind) -> list[ListName]:
    """Split one MOF alias cell into names (Japanese and English, see module doc)."""
    text = clean_text(cell)
    if is_empty_marker(text):
        return []
    japanese: list[tuple[str, NameKind]] = []
    latin: list[tuple[str, NameKind]] = []
    kind = base_kind
    for line in text.split("\n"):
        line = _unwrap(line)
        label = _LABEL_RE.match(line)
        if label:
            kind = NameKind.FORMER if label[1] == "旧称" else base_kind
            line = _unwrap(line[label.end() :])
        segments = [s for s in _ENUM_RE.split(line) if s.strip(" ,、;")]
        enumerated = len(segments) > 1 or bool(_ENUM_RE.match(line))
        for segment in segments:
            segment = _unwrap(segment)
            if not segment or is_empty_marker(segment):
                continue
            if _is_japanese(segment):
                parts = (
                    _split_top(segment, ";")
                    if ";" in segment or enumerated
                    else _split_top(segment, "、")
                )
                for part in parts:
                    split = split_trailing_paren(part)
                    if split and split[0] and is_latin(split[1]) and _is_japanese(split[0]):
                        japanese.append((split[0], kind))
                        latin.extend((p, kind) for p in _split_top(_unwrap(split[1]), ";"))
                    elif _is_japanese(part):
                        japanese.append((part, kind))
                    else:
                        latin.append((part, kind))
            else:
                parts = _split_top(segment, ";")
                latin.extend((p, kind) for p in parts)
    # "A, B, C" in English after "A、B、C" in Japanese: split the commas too.
    if len(latin) == 1 and len(japanese) > 1 and "," in latin[0][0]:
        pieces = _split_top(latin[0][0], ",")
        if len(pieces) == len(japanese):
            latin = [(p, latin[0][1]) for p in pieces]
    names = [name(_unwrap(v), k) for v, k in latin]
    for value, k in japanese:
        names.append(
            name(_unwrap(value), NameKind.ORIGINAL_SCRIPT if k is NameKind.ALIAS else k, "ja")
        )
    return [n for n in names if n.value]


def _split_variants(names: list[ListName]) -> list[ListName]:
    """Drop notes written inside names and expand bracketed spelling variants into
    aliases (``text.split_name_variants``); the first form keeps the name's kind."""
    out: list[ListName] = []
    seen: set[str] = set()
    for n in names:
        for i, value in enumerate(split_name_variants(n.value)):
            if value in seen:
                continue
            seen.add(value)
            kind = n.kind if i == 0 or n.kind is not NameKind.PRIMARY else NameKind.ALIAS
            out.append(replace(n, value=value, kind=kind))
    return out


def _english_names(cell: object) -> list[ListName]:
    names: list[ListName] = []
    for index, line in enumerate(clean_text(cell).split("\n")):
        match = _ORIGINAL_SCRIPT_RE.search(line)
        if match:
            names.append(name(match[1].strip(), NameKind.ORIGINAL_SCRIPT))
            line = line[: match.start()].strip()
        if line and not is_empty_marker(line):
            names.append(name(line, NameKind.PRIMARY if index == 0 else NameKind.ALIAS))
    return names


def _countries(cell: object) -> list[str]:
    out: list[str] = []
    for part in _split_top(_ENUM_RE.sub(";", clean_line(cell)), ";、,/"):
        code = country_code_ja_prefix(part) or country_code(part)
        if code:
            out.append(code)
    return out


def _notice_id(value: object) -> tuple[str, str]:
    """``'1(*186)'`` -> ``('1', '*186')``; ``'*1'`` -> ``('1', '*')``; ``2`` -> ``('2', '')``."""
    text = clean_line(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    match = re.match(r"^\s*([*#]?)\s*(\d+)\s*(?:\((.*)\))?", text)
    if not match:
        return text, ""
    return match[2], (match[3] or match[1] or "").strip()


def _sheet_kind(title: str) -> EntityKind | None:
    if "個人" in title:
        return EntityKind.PERSON
    if "団体" in title or "銀行" in title:
        return EntityKind.ORGANIZATION
    return None


def parse_mof_xlsx(path: Path) -> ParsedList:
    """Parse the MOF asset-freeze workbook (``shisantouketsuYYYYMMDD.xlsx``)."""
    path = Path(path)
    workbook = open_workbook(path)
    collector = EntryCollector(SOURCE, path)
    latest_notice: dt.date | None = None
    regimes = 0
    try:
        for sheet_index, sheet in enumerate(workbook.worksheets, start=1):
            title = clean_line(sheet.title)
            number_match = re.match(r"^\s*(\d+)", title)
            regime_no = number_match[1] if number_match else str(sheet_index)
            regime = re.sub(r"^\s*\d+\s*[.．]\s*", "", title)
            columns: dict[str, int] = {}
            alias_columns: list[tuple[int, NameKind]] = []
            last_entry_id = ""
            for number, row in iter_rows(path, sheet):
                if not columns:
                    headers = [clean_line(c) for c in row]
                    if "告示番号" in headers and ("英語表記" in headers or "日本語表記" in headers):
                        for i, header in enumerate(headers):
                            alias_kind = _alias_kind(header)
                            if alias_kind is not None:
                                alias_columns.append((i, alias_kind))
                            for key, needle in (
                                ("date", "告示日付"),
                                ("notice", "告示番号"),
                                ("ja", "日本語表記"),
                                ("en", "英語表記"),
                                ("birth", "生年月日"),
                                ("nationality", "国籍"),
                                ("other", "その他の情報"),
                                ("un_ref", "国連参照番号"),
                            ):
                                if needle in header and key not in columns:
                                    columns[key] = i
                        regimes += 1
                    elif number > 30:
                        break
                    continue

                def cell(
                    key: str, row: tuple[object, ...] = row, columns: dict[str, int] = columns
                ) -> object:
                    i = columns.get(key)
                    return row[i] if i is not None and i < len(row) else None

                where = f"sheet {sheet.title!r} row {number}"
                date_text = clean_line(cell("date"))
                for y, m, d in _NOTICE_DATE_RE.findall(date_text):
                    try:
                        day = dt.date(int(y), int(m), int(d))
                    except ValueError:
                        continue
                    if day.year >= 1990 and (latest_notice is None or day > latest_notice):
                        latest_notice = day
                notice, cross_ref = _notice_id(cell("notice"))
                if not any(clean_line(v) for v in row):
                    continue
                collector.rows_read += 1
                if "削除" in date_text:
                    collector.skipped += 1
                    continue
                names = _english_names(cell("en"))
                ja = clean_line(cell("ja"))
                if ja and not is_empty_marker(ja):
                    names.append(name(ja, NameKind.ORIGINAL_SCRIPT, "ja"))
                for i, alias_kind in alias_columns:
                    names.extend(alias_names(row[i] if i < len(row) else None, alias_kind))
                names = _split_variants(names)
                remarks = clean_text(cell("other"))
                if not notice and not names:
                    # A continuation row (long remarks spread over several rows).
                    extra_text = "\n".join(clean_text(v) for v in row if clean_line(v))
                    previous = collector.entries.get(last_entry_id)
                    if previous is not None and extra_text:
                        remarks = f"{previous.remarks}\n{extra_text}".strip()[:20_000]
                        collector.entries[last_entry_id] = replace(previous, remarks=remarks)
                    else:
                        collector.skipped += 1
                    continue
                if not notice:
                    raise ListParseError("row has names but no 告示番号", path=path, where=where)
                births = (
                    []
                    if is_empty_marker(clean_line(cell("birth")))
                    else date_value_to_iso(cell("birth"))
                )
                kind = _sheet_kind(title) or (EntityKind.PERSON if births else EntityKind.UNKNOWN)
                entry_id = f"{regime_no}-{notice}"
                collector.add(
                    where=where,
                    entry_id=entry_id,
                    kind=kind,
                    names=names,
                    countries=_countries(cell("nationality")),
                    birth_dates=births,
                    programs=[regime],
                    remarks="" if is_empty_marker(remarks) else remarks,
                    extra={
                        "sheet": title,
                        "row": str(number),
                        "notice_dates": clean_text(cell("date")),
                        "cross_reference": cross_ref,
                        "un_reference": clean_line(cell("un_ref")),
                    },
                )
                last_entry_id = entry_id
    finally:
        workbook.close()
    if regimes == 0:
        raise ListParseError("no regime sheet with a 告示番号/英語表記 header row found", path=path)
    published = date_from_filename(path.name) or latest_notice
    meta = {"regime_sheets": str(regimes)}
    if latest_notice:
        meta["latest_notice_date"] = latest_notice.isoformat()
    return collector.result(files=[path], format="mof-xlsx", published=published, meta=meta)
