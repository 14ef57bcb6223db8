"""Compare two snapshots of one list: added / removed / changed entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from anpo.matching.types import ListEntry


@dataclass(frozen=True)
class ListDiff:
    added: tuple[ListEntry, ...]
    removed: tuple[ListEntry, ...]
    changed: tuple[tuple[ListEntry, ListEntry], ...]  # (old, new)
    unchanged: int

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
        }


def _by_entry_id(entry: ListEntry) -> str:
    return entry.entry_id


def diff_entries(
    old: Iterable[ListEntry],
    new: Iterable[ListEntry],
    *,
    key: Callable[[ListEntry], str] | None = None,
) -> ListDiff:
    """Entries added, removed and changed between ``old`` and ``new``.

    Entries are paired by ``key`` (default: ``entry_id``); a pair is *changed* when
    :meth:`ListEntry.fingerprint_fields` differ. For lists that renumber on every
    revision (METI EUL) pass ``key=meti_identity_key``. If several entries share a
    key, the last one wins (parsers guarantee unique ``entry_id``s).
    """
    key_of = key or _by_entry_id
    old_map = {key_of(e): e for e in old}
    new_map = {key_of(e): e for e in new}
    added = tuple(e for k, e in new_map.items() if k not in old_map)
    removed = tuple(e for k, e in old_map.items() if k not in new_map)
    changed = []
    unchanged = 0
    for k, new_entry in new_map.items():
        old_entry = old_map.get(k)
        if old_entry is None:
            continue
        if old_entry.fingerprint_fields() != new_entry.fingerprint_fields():
            changed.append((old_entry, new_entry))
        else:
            unchanged += 1
    return ListDiff(added=added, removed=removed, changed=tuple(changed), unchanged=unchanged)
