"""Reading names to screen from CSV/XLSX (the CLI and batch uploads share this; no Django).

Columns: ``id``, ``name`` (required), ``type`` (person | organization | unknown),
``country`` (ISO 3166-1 alpha-2), ``birth_date`` (YYYY, YYYY-MM or YYYY-MM-DD).
Column names are case-insensitive; unknown columns are refused so that a typo never
silently drops data. Every error names the line.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from anpo.matching import EntityKind, Query

COLUMNS = ("id", "name", "type", "country", "birth_date")
REQUIRED = ("id", "name")
MAX_NAME_CHARS = 500
MAX_ROWS = 100_000
_TYPES = {
    "": EntityKind.UNKNOWN,
    "unknown": EntityKind.UNKNOWN,
    "person": EntityKind.PERSON,
    "individual": EntityKind.PERSON,
    "organization": EntityKind.ORGANIZATION,
    "organisation": EntityKind.ORGANIZATION,
    "entity": EntityKind.ORGANIZATION,
}
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


class QueryFileError(ValueError):
    """The file of names to screen is unreadable or has wrong columns/values."""


@dataclass(frozen=True)
class QueryRow:
    id: str
    name: str
    kind: EntityKind = EntityKind.UNKNOWN
    country: str = ""
    birth_date: str = ""

    def to_query(self) -> Query:
        return Query(
            name=self.name, kind=self.kind, country=self.country, birth_date=self.birth_date
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.kind.value,
            "country": self.country,
            "birth_date": self.birth_date,
        }


def clean_name(value: object, *, max_chars: int = MAX_NAME_CHARS) -> str:
    """NFC, control characters removed, whitespace collapsed, length bounded."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    return " ".join(text.split())[:max_chars]


def parse_kind(value: str) -> EntityKind:
    key = clean_name(value).casefold()
    if key not in _TYPES:
        raise QueryFileError(f"unknown type {value!r} (use person, organization or unknown)")
    return _TYPES[key]


def parse_country(value: str) -> str:
    code = clean_name(value).upper()
    if code and not _COUNTRY_RE.match(code):
        raise QueryFileError(f"country {value!r} is not a two-letter ISO code such as CN")
    return code


def parse_birth_date(value: str) -> str:
    text = clean_name(value)
    if " " in text and _DATE_RE.match(
        text.split(" ")[0]
    ):  # a spreadsheet datetime "1970-01-02 00:00:00"
        text = text.split(" ")[0]
    if text and not _DATE_RE.match(text):
        raise QueryFileError(f"birth date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]  # type: ignore[union-attr]
    return str(value)


def _table(content: bytes, filename: str) -> list[list[str]]:
    if not content.strip():
        raise QueryFileError("the file is empty")
    if filename.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:
            raise QueryFileError(f"not a readable .xlsx workbook ({type(exc).__name__})") from exc
        try:
            rows = []
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                rows.append([_cell(v) for v in row])
                if len(rows) > MAX_ROWS + 1:
                    break
            return rows
        finally:
            workbook.close()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise QueryFileError("the file is neither UTF-8 nor Shift_JIS text")
    if "\x00" in text:
        raise QueryFileError("the file is binary, not CSV text")
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise QueryFileError(f"broken CSV ({exc})") from exc


def read_queries(
    content: bytes,
    filename: str = "queries.csv",
    *,
    max_rows: int = MAX_ROWS,
    warnings: list[str] | None = None,
) -> list[QueryRow]:
    """Parse the names to screen; raise :class:`QueryFileError` naming the line on any problem.

    With a ``warnings`` list (lenient mode, used by the command line) only a missing
    ``id``/``name`` column or an unreadable file is an error: unknown columns are ignored,
    rows without a name are skipped and unusable optional values (type, country, birth
    date) are dropped, each with a warning naming the line.
    """
    lenient = warnings is not None
    table = [row for row in _table(content, filename) if any(cell.strip() for cell in row)]
    if not table:
        raise QueryFileError("the file is empty (expected a header row: id,name,...)")
    header = [clean_name(h).casefold().replace(" ", "_") for h in table[0]]
    while header and not header[-1]:
        header.pop()
    unknown = [h for h in header if h not in COLUMNS]
    if unknown and lenient:
        assert warnings is not None
        warnings.append(f"ignoring unknown column(s) {', '.join(map(repr, unknown))}")
        header = [h if h in COLUMNS else f"\x00ignored{i}" for i, h in enumerate(header)]
    elif unknown:
        raise QueryFileError(
            f"unknown column(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(COLUMNS)}"
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise QueryFileError(
            f"missing required column(s): {', '.join(missing)} (header must start with id,name)"
        )
    if len({h for h in header if not h.startswith("\x00")}) != len(
        [h for h in header if not h.startswith("\x00")]
    ):
        raise QueryFileError("a column appears twice in the header")
    if len(table) - 1 > max_rows:
        raise QueryFileError(f"too many rows ({len(table) - 1}); at most {max_rows} per file")
    pos = {name: i for i, name in enumerate(header)}
    out: list[QueryRow] = []
    seen: set[str] = set()
    for line, row in enumerate(table[1:], start=2):

        def col(key: str, row: list[str] = row) -> str:
            i = pos.get(key)
            return row[i] if i is not None and i < len(row) else ""

        row_id = clean_name(col("id"), max_chars=200)
        name = clean_name(col("name"))
        if lenient and not name:
            warnings.append(f"line {line}: no name; row skipped")  # type: ignore[union-attr]
            continue
        if lenient and not row_id:
            row_id = f"line-{line}"
            warnings.append(f"line {line}: no id; using {row_id!r}")  # type: ignore[union-attr]
        if not row_id or not name:
            raise QueryFileError(f"line {line}: 'id' and 'name' must not be empty")
        if row_id in seen and not lenient:
            raise QueryFileError(f"line {line}: duplicate id {row_id!r}")
        if row_id in seen:
            warnings.append(f"line {line}: duplicate id {row_id!r}")  # type: ignore[union-attr]
        seen.add(row_id)
        if lenient:
            out.append(
                _lenient_row(
                    row_id, name, col("type"), col("country"), col("birth_date"), line, warnings
                )
            )  # type: ignore[arg-type]
            continue
        try:
            out.append(
                QueryRow(
                    id=row_id,
                    name=name,
                    kind=parse_kind(col("type")),
                    country=parse_country(col("country")),
                    birth_date=parse_birth_date(col("birth_date")),
                )
            )
        except QueryFileError as exc:
            raise QueryFileError(f"line {line}: {exc}") from exc
    if not out:
        raise QueryFileError("the file has a header but no names")
    return out


def _lenient_row(
    row_id: str, name: str, kind: str, country: str, birth_date: str, line: int, warnings: list[str]
) -> QueryRow:
    try:
        kind_value = parse_kind(kind)
    except QueryFileError as exc:
        warnings.append(f"line {line}: {exc}; using unknown")
        kind_value = EntityKind.UNKNOWN
    try:
        country_value = parse_country(country)
    except QueryFileError as exc:
        from anpo.screening.parsers.countries import country_code

        country_value = country_code(clean_name(country)) or ""
        if not country_value:
            warnings.append(f"line {line}: {exc}; ignored")
    try:
        birth_value = parse_birth_date(birth_date)
    except QueryFileError as exc:
        warnings.append(f"line {line}: {exc}; ignored")
        birth_value = ""
    return QueryRow(
        id=row_id, name=name, kind=kind_value, country=country_value, birth_date=birth_value
    )


def read_queries_file(path: Path, *, warnings: list[str] | None = None) -> list[QueryRow]:
    path = Path(path)
    if not path.is_file():
        raise QueryFileError(f"{path}: file not found")
    return read_queries(path.read_bytes(), path.name, warnings=warnings)
