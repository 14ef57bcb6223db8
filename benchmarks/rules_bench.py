"""Rule-engine benchmark: `anpo assess` throughput against a JSON round-trip baseline.

Usage (from the repository root)::

    .venv/bin/python benchmarks/rules_bench.py             # 20,000 transactions
    .venv/bin/python benchmarks/rules_bench.py --n 2000    # quicker

The transactions are the golden cases (tests/rules/golden_cases.yaml) repeated with fresh ids,
so every rule of the pack is exercised in realistic proportions. Reported in the same run:

* baseline — ``json.loads`` + ``json.dumps`` of each line: the I/O floor of any JSONL tool;
* engine — ``parse_facts`` + ``assess`` + ``to_contract`` + ``json.dumps`` in-process
  (transactions per second and per-transaction latency, median and p95);
* CLI — ``anpo assess --input --output`` as a process, wall time including Django's start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from anpo.rules import assess, parse_facts, to_contract  # noqa: E402
from anpo.rules.jp import PACK  # noqa: E402


def lines(n: int) -> list[str]:
    cases = yaml.safe_load((ROOT / "tests/rules/golden_cases.yaml").read_text(encoding="utf-8"))
    out = []
    for i in range(n):
        facts = dict(cases["cases"][i % len(cases["cases"])]["facts"])
        facts["id"] = f"bench-{i}"
        out.append(json.dumps(facts, ensure_ascii=False))
    return out


def baseline(rows: list[str]) -> float:
    started = time.perf_counter()
    for row in rows:
        json.dumps(json.loads(row), ensure_ascii=False)
    return time.perf_counter() - started


def engine(rows: list[str]) -> tuple[float, list[float]]:
    PACK.tables  # load the tables before timing  # noqa: B018
    latencies = []
    started = time.perf_counter()
    for row in rows:
        t0 = time.perf_counter()
        json.dumps(to_contract(assess(parse_facts(json.loads(row)), pack=PACK)), ensure_ascii=False)
        latencies.append(time.perf_counter() - t0)
    return time.perf_counter() - started, latencies


def cli(rows: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "facts.jsonl"
        source.write_text("\n".join(rows) + "\n", encoding="utf-8")
        env = {**os.environ, "DATABASE_URL": "sqlite:////nonexistent/db.sqlite3", "DEBUG": "true"}
        started = time.perf_counter()
        subprocess.run(
            [
                str(ROOT / ".venv/bin/anpo"),
                "assess",
                "--input",
                str(source),
                "--output",
                str(Path(tmp) / "out.jsonl"),
            ],
            check=True,
            capture_output=True,
            env=env,
        )
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=20_000, help="number of transactions")
    args = parser.parse_args()
    rows = lines(args.n)
    base = baseline(rows)
    total, latencies = engine(rows)
    wall = cli(rows)
    ms = sorted(t * 1000 for t in latencies)
    print(f"transactions: {args.n} (golden cases repeated), rule pack {PACK.name} {PACK.version}")
    print(f"baseline  json round-trip: {args.n / base:>10,.0f} /s  ({base:.2f} s)")
    print(
        f"engine    in-process:      {args.n / total:>10,.0f} /s  ({total:.2f} s, {total / base:.0f}x the baseline)"
    )
    print(
        f"          latency median {statistics.median(ms):.3f} ms, p95 {ms[int(len(ms) * 0.95)]:.3f} ms, max {ms[-1]:.3f} ms"
    )
    print(
        f"CLI       anpo assess:     {args.n / wall:>10,.0f} /s  ({wall:.2f} s wall, Django start-up included)"
    )


if __name__ == "__main__":
    main()
