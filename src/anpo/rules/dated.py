"""Effective dates: every row of a legal table is in force from one date to another.

``effective_from``/``effective_to`` are inclusive; ``None`` means "open" (before the earliest
change the sources record, or still in force). A table's *version* on a date is the date of
its last change on or before that date, so a stored determination names exactly which state
of each table it read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

BASE_VERSION: Final[str] = "base"


@dataclass(frozen=True, slots=True)
class Validity:
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None

    def in_force(self, on: dt.date) -> bool:
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_to is None or on <= self.effective_to

    def change_points(self) -> tuple[dt.date, ...]:
        """The dates on which this row starts or stops being in force."""
        points: list[dt.date] = []
        if self.effective_from is not None:
            points.append(self.effective_from)
        if self.effective_to is not None:
            points.append(self.effective_to + dt.timedelta(days=1))
        return tuple(points)


class Dated(Protocol):
    @property
    def valid(self) -> Validity: ...


class DatedTable(Protocol):
    """Any ``Table`` regardless of its row type."""

    @property
    def id(self) -> str: ...
    @property
    def title_ja(self) -> str: ...
    @property
    def citation(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def rows(self) -> Sequence[Dated]: ...
    def version(self, on: dt.date) -> str: ...


def version_on(rows: Iterable[Dated], on: dt.date) -> str:
    """The last change date on or before ``on`` (ISO), or ``"base"`` when none."""
    points = [p for row in rows for p in row.valid.change_points() if p <= on]
    return max(points).isoformat() if points else BASE_VERSION


@dataclass(frozen=True, slots=True)
class Table[R: Dated]:
    """A dated legal table: rows plus where it comes from."""

    id: str
    title_ja: str
    citation: str
    source: str
    note: str
    rows: tuple[R, ...]

    def in_force(self, on: dt.date) -> tuple[R, ...]:
        return tuple(row for row in self.rows if row.valid.in_force(on))

    def version(self, on: dt.date) -> str:
        return version_on(self.rows, on)
