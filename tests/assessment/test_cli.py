"""`anpo assess`: the batch contract (JSONL in -> JSONL out) and one transaction printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from anpo.assessment.management.commands import assess as assess_command
from anpo.rules.contract import CONTRACT_KEYS

FACTS: list[dict[str, Any]] = [
    {
        "id": "goods-listed",
        "date": "2026-02-02",
        "transaction": "goods_export",
        "destination_country": "CN",
        "item": {
            "list_item": "6の項(2)",
            "hs_code": "8458.11",
            "value_jpy": 9_000_000,
            "contract_value_jpy": 9_000_000,
        },
        "recipient": {
            "kind": "organization",
            "name": "Example Machinery",
            "country": "CN",
            "on_meti_eul": False,
        },
        "end_use": {"concerns": ["none"]},
        "informed_by_meti": False,
        "an_unknown_key": {"is": "ignored"},
    },
    {
        "id": "tech-deemed",
        "date": "2026-02-02",
        "transaction": "technology_provision",
        "destination_country": "JP",
        "item": {"list_item": "外為令別表6の項(2)"},
        "recipient": {
            "kind": "person",
            "name": "Researcher",
            "country": "JP",
            "person": {
                "nationality": "JP",
                "contracts_with_foreign_entity": [],
                "foreign_government_funding_share_of_income": 0.3,
                "acts_under_foreign_government_instruction": False,
            },
        },
    },
    {
        "id": "catch-all-minimal",
        "date": "2026-02-02",
        "transaction": "goods_export",
        "destination_country": "VN",
        "item": {"list_item": None, "hs_code": "9027.50"},
    },
]


def run_batch(tmp_path: Path, lines: list[str], *args: str) -> tuple[list[dict[str, Any]], str]:
    source = tmp_path / "facts.jsonl"
    target = tmp_path / "results.jsonl"
    source.write_bytes(
        "".join(lines).encode("utf-8") if lines and isinstance(lines[0], str) else b""
    )
    err = StringIO()
    call_command("assess", "--input", str(source), "--output", str(target), *args, stderr=err)
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    return rows, err.getvalue()


def _jsonl(items: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(item, ensure_ascii=False) + "\n" for item in items]


def test_every_output_line_has_every_contract_key_with_the_right_type(tmp_path: Path) -> None:
    rows, _err = run_batch(tmp_path, _jsonl(FACTS))
    assert [row["id"] for row in rows] == ["goods-listed", "tech-deemed", "catch-all-minimal"]
    for row in rows:
        assert tuple(row) == CONTRACT_KEYS
        assert isinstance(row["licence_required"], bool)
        assert isinstance(row["grounds"], list)
        assert row["grounds"] != []
        assert all(isinstance(g, str) for g in row["grounds"])
        assert isinstance(row["exemption_applied"], str)
        assert row["recipient_status"] in (
            None,
            "resident",
            "non_resident",
            "resident_deemed_non_resident",
        )
        assert isinstance(row["group_a"], bool)
        assert isinstance(row["un_arms_embargo"], bool)
        assert row["catch_all_scope"] in (None, "16", "16(1)", "16(2)", "out_of_scope")
        assert set(row["specific_categories"]) <= {1, 2, 3}
        assert all(set(q) == {"code", "text"} for q in row["open_questions"])
        assert all(isinstance(c, str) for c in row["citations"])
        assert row["rule_pack"]["name"] == "jp"
        assert isinstance(row["rule_pack"]["version"], str)


def test_the_batch_answers_each_transaction(tmp_path: Path) -> None:
    rows, err = run_batch(tmp_path, _jsonl(FACTS))
    listed, deemed, minimal = rows
    assert listed["grounds"] == ["list_control"]
    assert deemed["grounds"] == ["list_control", "deemed_export_specific_category"]
    assert deemed["specific_categories"] == [2]
    assert minimal["licence_required"] is False
    assert minimal["catch_all_scope"] == "16(1)"
    assert [q["code"] for q in minimal["open_questions"]] != []
    assert "assessed 3 transactions" in err


def test_bad_lines_get_a_per_line_error_and_the_run_goes_on(tmp_path: Path) -> None:
    lines = [
        "{not json\n",
        '{"id": "d", "date": "2025-02-30", "transaction": "goods_export", "destination_country": "CN"}\n',
        '{"id": "t", "date": "2025-02-03", "transaction": "teleport", "destination_country": "CN"}\n',
        "\n",
        "[1, 2, 3]\n",
        '{"id": "i", "date": "2025-02-03", "transaction": "goods_export", "destination_country": "CN", "item": {"list_item": "99の項"}}\n',
        '{"id": "n", "date": "2025-02-03", "transaction": "goods_export", "destination_country": "CN", "item": {"value_jpy": "lots"}}\n',
        '{"id": "<script>alert(1)</script>", "date": "2025-02-03", "transaction": "goods_export", "destination_country": "Japan"}\n',
        *_jsonl(FACTS[:1]),
    ]
    rows, err = run_batch(tmp_path, lines)
    codes = [row.get("error_code") for row in rows]
    assert codes == [
        "invalid_json",
        "bad_date",
        "bad_value",
        "not_an_object",
        "bad_list_item",
        "bad_type",
        "bad_country",
        None,
    ]
    assert rows[1]["id"] == "d"
    assert rows[1]["line"] == 2
    assert rows[4]["line"] == 6
    assert rows[-1]["licence_required"] is True
    assert "7 lines with errors" in err


def test_a_line_that_is_not_utf8_is_an_error_line(tmp_path: Path) -> None:
    source = tmp_path / "facts.jsonl"
    source.write_bytes(b'{"id": "\xff\xfe"}\n' + _jsonl(FACTS[:1])[0].encode())
    target = tmp_path / "out.jsonl"
    call_command("assess", "--input", str(source), "--output", str(target), stderr=StringIO())
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["error_code"] == "not_utf8"
    assert rows[1]["id"] == "goods-listed"


def test_an_overlong_line_is_an_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assess_command, "MAX_LINE_BYTES", 1000)
    huge = json.dumps({**FACTS[0], "id": "huge", "pad": "x" * 5000}) + "\n"
    rows, _err = run_batch(tmp_path, [huge, *_jsonl(FACTS[:1])])
    assert rows[0]["error_code"] == "line_too_long"
    assert rows[1]["id"] == "goods-listed"


def test_deeply_nested_json_is_an_error_line(tmp_path: Path) -> None:
    rows, _err = run_batch(tmp_path, ["[" * 100_000 + "]" * 100_000 + "\n"])
    assert rows[0]["error_code"] in ("too_deep", "not_an_object")


def test_explain_adds_the_full_explanation(tmp_path: Path) -> None:
    rows, _err = run_batch(tmp_path, _jsonl(FACTS[:1]), "--explain")
    row = rows[0]
    assert row["grounds_detail"][0]["citations"][0]["ref"] == "外為法48条1項"
    assert "findings" in row
    assert row["retention_years"] == 5


def test_a_missing_input_file_is_unusable_and_leaves_the_output_alone(tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    target.write_text("previous results\n", encoding="utf-8")
    with pytest.raises(CommandError, match="input file not found"):
        call_command("assess", "--input", str(tmp_path / "nope.jsonl"), "--output", str(target))
    assert target.read_text(encoding="utf-8") == "previous results\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input", "x.jsonl"], "go together"),
        ([], "Give FILE.json"),
    ],
)
def test_it_refuses_incomplete_arguments(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("assess", *args)


def test_it_refuses_a_missing_output_directory(tmp_path: Path) -> None:
    source = tmp_path / "facts.jsonl"
    source.write_text(_jsonl(FACTS[:1])[0], encoding="utf-8")
    with pytest.raises(CommandError, match="output directory not found"):
        call_command(
            "assess", "--input", str(source), "--output", str(tmp_path / "no" / "out.jsonl")
        )


def test_the_batch_needs_no_database(tmp_path: Path) -> None:
    """A real process whose database URLs cannot be opened."""
    source = tmp_path / "facts.jsonl"
    source.write_text("".join(_jsonl(FACTS)), encoding="utf-8")
    for url in ("postgres://nobody@127.0.0.1:1/nowhere", "sqlite:////nonexistent/dir/db.sqlite3"):
        target = tmp_path / "results.jsonl"
        env = {
            "DATABASE_URL": url,
            "PATH": "/usr/bin:/bin",
            "ANPO_VAR_DIR": str(tmp_path / "var"),
            "DEBUG": "true",
        }
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "anpo.cli",
                "assess",
                "--input",
                str(source),
                "--output",
                str(target),
            ],
            capture_output=True,
            text=True,
            env={**env, "PYTHONPATH": os.environ.get("PYTHONPATH", "")},
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert len(target.read_text(encoding="utf-8").splitlines()) == 3


# --- one transaction ------------------------------------------------------------------------


def _one(tmp_path: Path, facts: dict[str, Any], *args: str) -> str:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("assess", str(path), *args, stdout=out)
    return out.getvalue()


def test_one_transaction_prints_reasons_and_citations_in_japanese_by_default(
    tmp_path: Path,
) -> None:
    text = _one(tmp_path, FACTS[0])
    assert "許可が必要です" in text
    assert "リスト規制：該当品目です" in text
    assert "外為法48条1項" in text
    assert "外国為替及び外国貿易法第48条第1項" in text


def test_one_transaction_prints_in_english_on_request(tmp_path: Path) -> None:
    text = _one(tmp_path, FACTS[1], "--language", "en")
    assert "A licence is required" in text
    assert "Deemed export" in text
    assert "役務通達1(3)サ" in text


def test_one_transaction_as_json(tmp_path: Path) -> None:
    data = json.loads(_one(tmp_path, FACTS[2], "--json"))
    assert data["id"] == "catch-all-minimal"
    assert data["open_questions"][0]["params"] is not None


def test_one_transaction_with_bad_facts_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ISO date"):
        _one(tmp_path, {**FACTS[0], "date": "yesterday"}, "--language", "en")


def test_one_file_that_is_not_json_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text("id,date\n1,2025-01-01\n", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON"):
        call_command("assess", str(path), "--language", "en")
