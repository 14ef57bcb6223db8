"""The catalogue package must stay Django-free (a test fails if it imports django)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[3] / "src" / "anpo" / "classification" / "catalogue"


def test_no_module_of_the_catalogue_package_imports_django() -> None:
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
    assert len(list(PACKAGE.rglob("*.py"))) >= 15


def test_using_the_package_loads_no_django() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "import anpo.classification.catalogue as c\n"
        "for info in pkgutil.walk_packages(c.__path__, 'anpo.classification.catalogue.'):\n"
        "    importlib.import_module(info.name)\n"
        "from anpo.classification.catalogue.text import normalise\n"
        "assert normalise('四〇ギガヘルツ').text.strip() == '40 GHz'\n"
        "bad = sorted(k for k in sys.modules if k == 'django' or k.startswith('django.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PACKAGE.parents[2]), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
