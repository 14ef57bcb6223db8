"""The golden table (tests/rules/golden_cases.yaml, written independently from the law) run
through `anpo assess`'s batch code path, compared field by field (GOLDEN.md explains the layout).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

HERE = Path(__file__).parent
GOLDEN = yaml.safe_load((HERE / "golden_cases.yaml").read_text(encoding="utf-8"))["cases"]
OPEN = yaml.safe_load((HERE / "golden_open_questions.yaml").read_text(encoding="utf-8"))["cases"]
AS_SETS = {"grounds", "specific_categories"}


def _run(cases: list[dict[str, Any]], tmp: Path) -> dict[str, dict[str, Any]]:
    source = tmp / "facts.jsonl"
    target = tmp / "results.jsonl"
    source.write_text(
        "".join(json.dumps(case["facts"], ensure_ascii=False) + "\n" for case in cases),
        encoding="utf-8",
    )
    call_command("assess", "--input", str(source), "--output", str(target))
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    return {row["id"]: row for row in rows}


@pytest.fixture(scope="module")
def golden_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return _run(GOLDEN, tmp_path_factory.mktemp("golden"))


@pytest.fixture(scope="module")
def open_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return _run(OPEN, tmp_path_factory.mktemp("golden-open"))


def _differences(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    out = []
    for key, value in expected.items():
        actual = got.get(key)
        same = (
            sorted(map(str, actual or [])) == sorted(map(str, value))
            if key in AS_SETS
            else actual == value
        )
        if not same:
            out.append(f"{key}: expected {value!r}, got {actual!r}")
    return out


def test_the_golden_table_is_large_enough() -> None:
    assert len(GOLDEN) >= 60
    assert len({case["id"] for case in GOLDEN}) == len(GOLDEN)


@pytest.mark.parametrize("case", GOLDEN, ids=[case["id"] for case in GOLDEN])
def test_golden_case(case: dict[str, Any], golden_results: dict[str, dict[str, Any]]) -> None:
    got = golden_results[case["id"]]
    assert "error" not in got, got.get("error")
    assert _differences(case["expected"], got) == [], case["why"]


@pytest.mark.parametrize("case", OPEN, ids=[case["id"] for case in OPEN])
def test_an_unsettled_case_the_engine_reads_differently_carries_an_open_question(
    case: dict[str, Any], open_results: dict[str, dict[str, Any]]
) -> None:
    got = open_results[case["id"]]
    assert "error" not in got, got.get("error")
    if _differences(case["expected"], got):
        assert got["open_questions"] != [], case["question"]
