"""CSV reading with clear errors (line numbers) for list files."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from .base import ListParseError


def csv_rows(
    text: str, path: Path, *, delimiter: str = ",", strict: bool = True
) -> Iterator[tuple[int, list[str]]]:
    """``(line_number, fields)`` for each record; malformed CSV -> ListParseError."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise ListParseError(
            f"malformed CSV ({exc})", path=path, where=f"line {reader.line_num}"
        ) from exc


def header_index(
    header: Sequence[str], required: Sequence[Sequence[str]], path: Path
) -> dict[str, int]:
    """Map column names (case-insensitive) to positions; each required entry lists accepted
    spellings, the first being the canonical key. Missing columns -> ListParseError."""
    positions = {h.strip().lstrip("\ufeff").casefold(): i for i, h in enumerate(header)}
    out: dict[str, int] = {}
    missing = []
    for spellings in required:
        for spelling in spellings:
            if spelling.casefold() in positions:
                out[spellings[0]] = positions[spelling.casefold()]
                break
        else:
            missing.append("/".join(spellings))
    if missing:
        found = ", ".join(h for h in header if h.strip()) or "(none)"
        raise ListParseError(
            f"missing column(s) {', '.join(missing)}; found: {found[:300]}",
            path=path,
            where="header",
        )
    for name, position in positions.items():
        out.setdefault(name, position)
    return out
