"""The matching engine must stay Django-free (house style: a test fails if it imports django)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "anpo" / "matching"


def test_no_module_under_anpo_matching_imports_django_in_source() -> None:
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
    assert len(list(PACKAGE.rglob("*.py"))) >= 5  # the scan really looked at the package


def test_importing_and_using_the_engine_loads_no_django() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "import anpo.matching as m\n"
        "for info in pkgutil.walk_packages(m.__path__, 'anpo.matching.'):\n"
        "    importlib.import_module(info.name)\n"
        "idx = m.build_index([m.ListEntry('s', '1', m.EntityKind.PERSON, (m.ListName('Jan Novak'),))])\n"
        "assert idx.search(m.Query(name='山田太郎'), threshold=0.0) == []\n"
        "bad = sorted(k for k in sys.modules if k == 'django' or k.startswith('django.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    env_path = str(PACKAGE.parents[1])
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
