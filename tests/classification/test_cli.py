"""``anpo catalogue``: import --all, status, diff, and the suggestion contract (exactly)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

CONTRACT_ENTRY = re.compile(r"^(外為令別表)?\d+(の\d+)?の項(\(\d+(の\d+)?\)(\d+(の\d+)?)?)?$")


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("catalogue", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_all_then_status(db: None, fixtures_dir: Path) -> None:
    output = _run("import", "--all", str(fixtures_dir))
    assert "jp-export-order: 17" in output  # the message is translated (ja by default)
    assert "restored 1 kanji" in output
    status = _run("status")
    assert "jp-export-order" in status
    assert "令和八年政令第百九十四号" in status
    assert "stand-in" in status


def test_diff_prints_the_changes(imported: dict[str, object]) -> None:
    output = _run("diff", "export-order")
    assert "added    7の項（13の2）" in output
    assert "removed  2の項（12）2" in output
    assert "2 added, 1 removed, 6 changed" in output
    lines = [json.loads(line) for line in _run("diff", "export-order", "--json").splitlines()]
    assert {"key": "7の項(13)", "change": "changed"}.items() <= next(
        r for r in lines if r["key"] == "7の項(13)"
    ).items()


def test_the_suggestion_contract(imported: dict[str, object], tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(
        "\n".join(
            json.dumps(item, ensure_ascii=False)
            for item in [
                {
                    "id": "a",
                    "description": "スペクトラムアナライザー",
                    "kind": "goods",
                    "parameters": {"最大周波数": "50 GHz"},
                },
                {"id": 7, "description": "5-axis milling machine", "kind": "goods"},
                {
                    "id": "t",
                    "description": "スペクトラムアナライザーの設計技術",
                    "kind": "technology",
                },
                {"id": "n", "description": "spray dryer"},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    _run("suggest", "--input", str(items), "--output", str(out), "--top", "2")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "7", "t", "n"]
    for line in lines:
        assert set(line) == {"id", "suggestions"}
        assert len(line["suggestions"]) <= 2
        scores = [s["score"] for s in line["suggestions"]]
        assert scores == sorted(scores, reverse=True)
        for suggestion in line["suggestions"]:
            assert set(suggestion) == {"entry", "score", "ordinance", "matched"}
            assert CONTRACT_ENTRY.match(suggestion["entry"]), suggestion["entry"]
            assert 0 <= suggestion["score"] <= 1
            assert isinstance(suggestion["matched"], list)
    assert lines[0]["suggestions"][0] == {
        "entry": "7の項(13)",
        "score": lines[0]["suggestions"][0]["score"],
        "ordinance": "6-1-12-i",
        "matched": lines[0]["suggestions"][0]["matched"],
    }
    assert lines[1]["suggestions"][0]["entry"] == "2の項(12)1"
    assert lines[2]["suggestions"][0]["entry"].startswith("外為令別表7の項(")
    assert lines[3]["suggestions"][0]["entry"] == "3の2の項(2)5の2"


def test_the_default_top_is_ten(imported: dict[str, object], tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(
        json.dumps({"id": "x", "description": "装置 工作機械 集積回路 周波数 測定"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    _run("suggest", "--input", str(items), "--output", str(out))
    (line,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert 1 <= len(line["suggestions"]) <= 10


def test_bad_lines_are_reported_and_the_others_answered(
    imported: dict[str, object], tmp_path: Path
) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(
        'not json\n{"id": "no-description"}\n{"id": "k", "description": "x", "kind": "food"}\n'
        '{"id": "ok", "description": "噴霧乾燥器"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    _run("suggest", "--input", str(items), "--output", str(out))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line.get("error") is not None for line in lines] == [True, True, True, False]
    assert lines[3]["suggestions"][0]["entry"] == "3の2の項(2)5の2"


def test_suggest_without_a_catalogue_says_what_to_do(db: None, tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text('{"id": "x", "description": "y"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="catalogue import --all"):
        _run("suggest", "--input", str(items), "--output", str(tmp_path / "o.jsonl"))


def test_import_errors_are_command_errors(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="unknown instrument"):
        _run("import", "nonsense", str(tmp_path))
    with pytest.raises(CommandError, match="file not found"):
        _run("import", "export-order", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError):
        _run("import")
