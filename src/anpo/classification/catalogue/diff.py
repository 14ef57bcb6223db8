"""What changed between two versions of an instrument.

Entries are compared by key (stable across versions) and content hash: an entry is
*added*, *removed* or *changed* (text, deletion or a legal attribute such as the region).
``text_diff`` gives the changed text as operations for display (characters for Japanese,
words for English). ``restore_dropped_characters`` undoes a known conversion defect (a
kanji with a ruby reading dropped from the markdown) when the previous version still has
it, so the defect does not show as a change of the law.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Final

from anpo.classification.catalogue.model import Entry


@dataclass(frozen=True, slots=True)
class TextOp:
    op: str  # "equal" | "insert" | "delete" | "replace"
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class EntryChange:
    key: str
    change: str  # "added" | "removed" | "changed"
    old: Entry | None
    new: Entry | None
    text: tuple[TextOp, ...] = ()
    attributes: tuple[tuple[str, str, str], ...] = ()  # (name, old value, new value)
    deletion: tuple[bool, bool] | None = None  # (was deleted, is deleted) when it changed

    @property
    def label(self) -> str:
        entry = self.new or self.old
        return entry.label if entry is not None else self.key


_CJK_RE: Final = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _units(text: str) -> list[str]:
    if _CJK_RE.search(text):
        return list(text)
    return re.findall(r"\s+|[^\s]+", text)


def text_diff(old: str, new: str) -> tuple[TextOp, ...]:
    """Operations turning ``old`` into ``new`` (merged runs)."""
    a, b = _units(old), _units(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return tuple(
        TextOp(tag, "".join(a[i1:i2]), "".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def diff_entries(old: Mapping[str, Entry], new: Mapping[str, Entry]) -> list[EntryChange]:
    """Added, removed and changed entries, in the order of the new version (removed last)."""
    changes: list[EntryChange] = []
    for key, entry in sorted(new.items(), key=lambda kv: kv[1].position):
        before = old.get(key)
        if before is None:
            changes.append(EntryChange(key, "added", None, entry))
            continue
        if before.content_hash == entry.content_hash:
            continue
        old_attributes = dict(before.attributes)
        new_attributes = dict(entry.attributes)
        attribute_changes = tuple(
            (name, old_attributes.get(name, ""), new_attributes.get(name, ""))
            for name in sorted(set(old_attributes) | set(new_attributes))
            if old_attributes.get(name, "") != new_attributes.get(name, "")
        )
        changes.append(
            EntryChange(
                key,
                "changed",
                before,
                entry,
                text=text_diff(before.text, entry.text) if before.text != entry.text else (),
                attributes=attribute_changes,
                deletion=(before.deleted, entry.deleted)
                if before.deleted != entry.deleted
                else None,
            )
        )
    for key, entry in sorted(old.items(), key=lambda kv: kv[1].position):
        if key not in new:
            changes.append(EntryChange(key, "removed", entry, None))
    return changes


def summary(changes: list[EntryChange]) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "changed": 0}
    for change in changes:
        counts[change.change] += 1
    return counts


_KANJI_RE: Final = re.compile(r"^[\u4e00-\u9fff]{1,2}$")


def restore_dropped_characters(new_text: str, old_text: str) -> str | None:
    """``old_text`` if ``new_text`` is it with only single kanji (ruby bases) missing."""
    if new_text == old_text or len(old_text) - len(new_text) > 8:
        return None
    matcher = difflib.SequenceMatcher(a=new_text, b=old_text, autojunk=False)
    restored = False
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert" and _KANJI_RE.match(old_text[j1:j2]):
            restored = True
            continue
        return None
    return old_text if restored else None


def repair_from_previous(
    entries: tuple[Entry, ...], previous: Mapping[str, Entry]
) -> tuple[tuple[Entry, ...], list[str]]:
    """Restore kanji the conversion dropped (flag ``ruby_artefact``) from the previous version."""
    repaired: list[Entry] = []
    notes: list[str] = []
    for entry in entries:
        before = previous.get(entry.key)
        if "ruby_artefact" in entry.flags and before is not None:
            text = restore_dropped_characters(entry.text, before.text)
            if text is not None:
                flags = (*(f for f in entry.flags if f != "ruby_artefact"), "ruby_restored")
                repaired.append(replace(entry, text=text, flags=flags))
                notes.append(entry.key)
                continue
        repaired.append(entry)
    return tuple(repaired), notes
