"""Version diffs and the repair of kanji the markdown conversion dropped."""

from __future__ import annotations

from anpo.classification.catalogue.diff import (
    diff_entries,
    repair_from_previous,
    restore_dropped_characters,
    summary,
    text_diff,
)
from anpo.classification.catalogue.model import Entry, EntryKind


def _entry(
    key: str, text: str, *, region: str = "全地域", position: int = 0, flags: tuple[str, ...] = ()
) -> Entry:
    return Entry(
        key=key,
        kind=EntryKind.GOU,
        label=key,
        text=text,
        position=position,
        attributes=(("region", region),),
        flags=flags,
    )


def test_it_names_added_removed_and_changed_entries() -> None:
    old = {
        "7の項(1)": _entry("7の項(1)", "集積回路"),
        "7の項(2)": _entry("7の項(2)", "マイクロ波用機器", position=1),
    }
    new = {
        "7の項(1)": _entry("7の項(1)", "集積回路又はその部分品"),
        "7の項(3)": _entry("7の項(3)", "信号処理装置", position=2),
    }
    changes = diff_entries(old, new)
    assert [(c.key, c.change) for c in changes] == [
        ("7の項(1)", "changed"),
        ("7の項(3)", "added"),
        ("7の項(2)", "removed"),
    ]
    assert summary(changes) == {"added": 1, "removed": 1, "changed": 1}


def test_an_unchanged_entry_is_not_reported() -> None:
    entries = {"7の項(1)": _entry("7の項(1)", "集積回路")}
    assert diff_entries(entries, dict(entries)) == []


def test_a_changed_region_is_a_change_of_the_law() -> None:
    old = {
        "16の項(2)": _entry(
            "16の項(2)", "関税定率法…", region="全地域（別表第三に掲げる地域を除く。）"
        )
    }
    new = {"16の項(2)": _entry("16の項(2)", "関税定率法…", region="全地域")}
    (change,) = diff_entries(old, new)
    assert change.text == ()
    assert change.attributes == (("region", "全地域（別表第三に掲げる地域を除く。）", "全地域"),)


def test_the_text_diff_shows_what_was_inserted() -> None:
    ops = text_diff("集積回路", "集積回路又はその部分品")
    assert [(op.op, op.new) for op in ops if op.op != "equal"] == [("insert", "又はその部分品")]


def test_dropped_ruby_kanji_are_restored_from_the_previous_text() -> None:
    assert (
        restore_dropped_characters(
            "、素又はアンチモンの水素化物", "燐、砒素又はアンチモンの水素化物"
        )
        == "燐、砒素又はアンチモンの水素化物"
    )


def test_a_real_change_is_not_mistaken_for_a_dropped_kanji() -> None:
    assert (
        restore_dropped_characters("砒素又はアンチモンの水素化物", "燐、砒素又はアンチモンの化合物")
        is None
    )
    assert restore_dropped_characters("周波数分析器", "周波数分析器又は信号分析器") is None


def test_repair_only_touches_flagged_entries() -> None:
    previous = {"7の項(21)": _entry("7の項(21)", "燐、砒素又はアンチモンの水素化物")}
    flagged = _entry("7の項(21)", "、素又はアンチモンの水素化物", flags=("ruby_artefact",))
    repaired, keys = repair_from_previous((flagged,), previous)
    assert keys == ["7の項(21)"]
    assert repaired[0].text == "燐、砒素又はアンチモンの水素化物"
    assert "ruby_restored" in repaired[0].flags
    unflagged = _entry("7の項(21)", "、素又はアンチモンの水素化物")
    assert repair_from_previous((unflagged,), previous)[1] == []
