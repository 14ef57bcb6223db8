"""Safe XLSX reading for list files (openpyxl, read-only, cached values only).

Notes on the Japanese government workbooks:

* Shared strings can carry furigana runs (``<rPh>``, e.g. ``懸念区分`` + ``ケネン``).
  openpyxl builds a cell's text from its ``<t>``/``<r>`` children only and ignores
  ``<rPh>``, so the phonetic reading never reaches us; a test with a hand-made
  workbook guards this.
* ``data_only=True`` returns the cached result of formula cells (METI's ``No.``
  column is ``=ROW()-1``); formulas are never evaluated, and a formula-looking text
  cell stays literal text.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]

from .base import ListParseError, check_xlsx


def open_workbook(path: Path) -> Any:
    """Open ``path`` read-only; any failure becomes a :class:`ListParseError`."""
    check_xlsx(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about print areas, styles...
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except ListParseError:
        raise
    except Exception as exc:  # openpyxl raises many unrelated types on broken files
        raise ListParseError(
            f"cannot read workbook ({type(exc).__name__}: {exc})", path=path
        ) from exc


def iter_rows(path: Path, sheet: Any) -> Iterator[tuple[int, tuple[object, ...]]]:
    """``(row_number, values)`` for every row of ``sheet``; read errors -> ListParseError."""
    try:
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, tuple(row)
    except ListParseError:
        raise
    except Exception as exc:
        raise ListParseError(
            f"cannot read rows ({type(exc).__name__}: {exc})",
            path=path,
            where=f"sheet {sheet.title!r}",
        ) from exc


def workbook_modified(workbook: Any) -> dt.date | None:
    """The workbook's own 'last modified' date (document properties), if any."""
    try:
        modified = workbook.properties.modified
    except Exception:
        return None
    return modified.date() if isinstance(modified, dt.datetime) else None
