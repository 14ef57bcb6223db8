"""The CLI contract: anpo screen --lists DIR --input Q.csv --output R.csv [--top K] (no database)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from anpo.matching import DEFAULT_REVIEW_THRESHOLD

HEADER = ["query_id", "rank", "source", "entry_id", "matched_name", "score"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == HEADER
        return [dict(zip(HEADER, row, strict=True)) for row in reader]


def test_batch_contract_on_invented_lists(invented_lists_dir: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text(
        "id,name,type,country,birth_date\n"
        "a,Zorban Quillet,person,,\n"
        "b,Quarvelle Oskin,person,IR,1970\n"
        "c,Talmiro Exports Ltd,organization,AE,\n"
        "d,Completely Unrelated Name,,,\n"
        "e,Zentrovia Advanced Materials Institute,organization,IR,\n"
        "f,松林機械合営会社,organization,KP,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "r.csv"
    err = io.StringIO()
    call_command(
        "screen",
        "--lists",
        str(invented_lists_dir),
        "--input",
        str(queries),
        "--output",
        str(out),
        "--top",
        "2",
        stderr=err,
    )
    rows = _read(out)
    by_query: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_query.setdefault(row["query_id"], []).append(row)
    assert by_query["a"][0]["source"] == "un-sc" and by_query["a"][0]["entry_id"] == "KPi.901"
    assert by_query["b"][0]["source"] == "us-csl" and by_query["b"][0]["entry_id"] == "90001"
    assert by_query["c"][0]["source"] == "bis-dpl"
    assert by_query["e"][0]["source"] == "internal" and by_query["e"][0]["entry_id"] == "W-1"
    assert by_query["f"][0]["source"] == "meti-eul" and by_query["f"][0]["entry_id"] == "1"
    assert "d" not in by_query
    for hits in by_query.values():
        assert len(hits) <= 2
        assert [int(h["rank"]) for h in hits] == list(range(1, len(hits) + 1))
        scores = [float(h["score"]) for h in hits]
        assert scores == sorted(scores, reverse=True)
        assert all(DEFAULT_REVIEW_THRESHOLD <= s <= 1 for s in scores)
        assert all(len(h["score"].split(".")[1]) == 4 for h in hits)
    assert "screened 6 names" in err.getvalue()


def test_built_index_is_cached_until_a_list_file_changes(
    invented_lists_dir: Path, tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    queries = tmp_path / "q.csv"
    queries.write_text("id,name\n1,ILVANA PRESK\n", encoding="utf-8")

    def run(*extra: str) -> tuple[str, list[dict[str, str]]]:
        err = io.StringIO()
        out = tmp_path / "r.csv"
        call_command(
            "screen",
            "--lists",
            str(invented_lists_dir),
            "--input",
            str(queries),
            "--output",
            str(out),
            *extra,
            stderr=err,
        )
        return err.getvalue(), _read(out)

    first, rows1 = run()
    assert "built index" in first and list((settings.VAR_DIR / "cache").glob("cli-index-*.pickle"))
    second, rows2 = run()
    assert "from" in second and "built index" not in second and rows1 == rows2
    assert "built index" in run("--no-cache")[0]
    changed = invented_lists_dir / "internal" / "watchlist.csv"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "W-9,Ilvana Preskova,person,,,,,,\n", encoding="utf-8"
    )
    third, rows3 = run()
    assert "built index" in third and len(rows3) >= len(rows1)


def test_batch_needs_no_database(invented_lists_dir: Path, tmp_path: Path) -> None:
    """Run as a real process with a database URL that cannot be opened."""
    queries = tmp_path / "q.csv"
    queries.write_text("id,name\n1,ILVANA PRESK\n", encoding="utf-8")
    out = tmp_path / "r.csv"
    env = {
        "DATABASE_URL": "sqlite:////nonexistent/dir/db.sqlite3",
        "PATH": "/usr/bin:/bin",
        "ANPO_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "true",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "anpo.cli",
            "screen",
            "--lists",
            str(invented_lists_dir),
            "--input",
            str(queries),
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = _read(out)
    assert rows[0]["source"] == "un-sc" and rows[0]["entry_id"] == "QDi.902"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,id\n", "no names"),
        ("id,fullname\n1,x\n", "missing required column"),
        ("id\n1\n", "missing required column"),
        ("", "empty"),
    ],
)
def test_batch_rejects_bad_query_files(
    invented_lists_dir: Path, tmp_path: Path, content: str, message: str
) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command(
            "screen",
            "--lists",
            str(invented_lists_dir),
            "--input",
            str(queries),
            "--output",
            str(tmp_path / "r.csv"),
        )


def test_batch_is_lenient_with_optional_values(invented_lists_dir: Path, tmp_path: Path) -> None:
    """A bad optional value must not sink a run of thousands of names: it is dropped with a warning."""
    queries = tmp_path / "q.csv"
    queries.write_text(
        "\ufeffID,Name,Type,Country,Birth_Date,notes\n"
        "1,ILVANA PRESK,robot,Russia,1970/01/01,x\n"
        "2,,person,,,\n"
        "3,Zorban Quillet,Person,kp,1960,\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.csv"
    err = io.StringIO()
    call_command(
        "screen",
        "--lists",
        str(invented_lists_dir),
        "--input",
        str(queries),
        "--output",
        str(out),
        stderr=err,
    )
    messages = err.getvalue()
    assert "unknown column" in messages and "line 2" in messages and "line 3: no name" in messages
    ids = {row["query_id"] for row in _read(out)}
    assert ids == {"1", "3"}


def test_one_name_with_lists_dir_explains(invented_lists_dir: Path) -> None:
    out = io.StringIO()
    call_command(
        "screen",
        "Boris Vetrenko",
        "--lists",
        str(invented_lists_dir),
        "--country",
        "RU",
        stdout=out,
        stderr=io.StringIO(),
    )
    text = out.getvalue()
    assert "internal:W-3" in text and "why:" in text and "matched name" in text


def test_one_name_uses_active_snapshots(imported_watchlist) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("screen", "Kalvoria Precision Machinery", stdout=out)
    assert "internal:W-2" in out.getvalue()
    assert imported_watchlist.version_label in out.getvalue()


@pytest.mark.shared_data
def test_batch_contract_on_real_lists(shared_lists_dir: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text(
        "id,name,type,country\n"
        "buaa,北京航空航天大学,organization,CN\n"
        "sharif,Sharif University of Technology,organization,IR\n"
        "kim,Kim Jong Un,person,KP\n"
        "none,Yamada Taro Kogyo Kabushiki Kaisha Invented,organization,JP\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.csv"
    call_command(
        "screen",
        "--lists",
        str(shared_lists_dir),
        "--input",
        str(queries),
        "--output",
        str(out),
        stderr=io.StringIO(),
    )
    rows = _read(out)
    buaa = [r for r in rows if r["query_id"] == "buaa"]
    assert buaa[0]["source"] == "meti-eul" and buaa[0]["matched_name"] == "北京航空航天大学"
    assert any(
        r["source"] == "meti-eul" for r in rows if r["query_id"] == "sharif"
    )  # "(SHFT)" workaround
    assert any(
        r["source"] in {"ofac-sdn", "us-csl", "un-sc", "eu-fsf", "uk-sanctions-list"}
        for r in rows
        if r["query_id"] == "kim"
    )
    assert not [r for r in rows if r["query_id"] == "none"]
