"""The rule engine must stay Django-free (like anpo.matching): a test fails if it imports django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "anpo" / "rules"


def test_no_module_under_anpo_rules_imports_django_in_source() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0] in ("django", "rest_framework")
            ]
    assert offenders == []
    assert len(list(PACKAGE.rglob("*.py"))) >= 10  # the scan really looked at the package


def test_importing_and_using_the_engine_loads_no_django() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "import anpo.rules as r\n"
        "for info in pkgutil.walk_packages(r.__path__, 'anpo.rules.'):\n"
        "    importlib.import_module(info.name)\n"
        "from anpo.rules.jp import PACK\n"
        "f = r.parse_facts({'id': '1', 'date': '2026-01-15', 'transaction': 'goods_export',\n"
        "                   'destination_country': 'CN', 'item': {'list_item': '7の項(1)'}})\n"
        "assert r.assess(f, pack=PACK).licence_required\n"
        "bad = sorted(k for k in sys.modules if k == 'django' or k.startswith('django.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PACKAGE.parents[1]), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
