"""Index-time workarounds for known matching gaps (reported to the engine's owner).

Applied only when an index is built (CLI and web/worker): the stored snapshot entries,
their fingerprints and the diffs are computed from the lists exactly as parsed.

* Trailing acronyms in parentheses. Many METI End User List and CSL names read
  "Sharif University of Technology (SHFT)"; the engine counts "shft" as a missing list
  token, so the plain name scores 0.78 and falls below the review threshold (0.80).
  We index the name without the acronym as an extra alias.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from anpo.matching.types import ListEntry, ListName, NameKind

VERSION = "1"  # part of the on-disk index cache key
_TRAILING_ACRONYM = re.compile(
    r"^(?P<base>.*\S)\s*[(（]\s*[A-Z0-9][A-Z0-9&.\-/ ]{1,11}\s*[)）]\s*$"
)


def _without_acronym(value: str) -> str | None:
    match = _TRAILING_ACRONYM.match(value)
    if match is None:
        return None
    base = match.group("base").strip()
    return base if len(base.split()) >= 2 else None


def augment_entry(entry: ListEntry) -> ListEntry:
    existing = {n.value.casefold() for n in entry.names}
    extra: list[ListName] = []
    for name in entry.names:
        base = _without_acronym(name.value)
        if base and base.casefold() not in existing:
            existing.add(base.casefold())
            kind = NameKind.WEAK_ALIAS if name.kind is NameKind.WEAK_ALIAS else NameKind.ALIAS
            extra.append(ListName(value=base, kind=kind, lang=name.lang))
    return replace(entry, names=entry.names + tuple(extra)) if extra else entry


def augment_entries(entries: Iterable[ListEntry]) -> Iterator[ListEntry]:
    return (augment_entry(e) for e in entries)
