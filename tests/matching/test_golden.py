"""Golden name pairs (invented names and generic public figures) with expected outcomes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import ENTRIES

from anpo.matching import DEFAULT_REVIEW_THRESHOLD, MatchIndex, Query

ROWS = list(csv.DictReader((Path(__file__).parent / "golden_pairs.csv").open(encoding="utf-8")))


def _entry_id(list_name: str) -> str:
    for e in ENTRIES:
        if any(n.value == list_name for n in e.names):
            return e.entry_id
    raise AssertionError(f"golden list name not in the fixture entries: {list_name}")


def test_the_golden_file_has_both_outcomes() -> None:
    outcomes = {r["expected"] for r in ROWS}
    assert outcomes == {"match", "no-match"}
    assert len(ROWS) >= 20


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['note']}:{r['query']}" for r in ROWS])
def test_golden_pair(index: MatchIndex, row: dict[str, str]) -> None:
    hits = index.search(Query(name=row["query"]), top=10, threshold=DEFAULT_REVIEW_THRESHOLD)
    hit_ids = {h.entry.entry_id for h in hits}
    target = _entry_id(row["list_name"])
    if row["expected"] == "match":
        assert target in hit_ids, [h.explanation.summary() for h in hits]
    else:
        assert target not in hit_ids, [h.explanation.summary() for h in hits]
