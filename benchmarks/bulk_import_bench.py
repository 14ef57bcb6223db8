"""Bulk user import at university scale: validate and import N users from a CSV (throwaway SQLite).

    .venv/bin/python benchmarks/bulk_import_bench.py [--users 5000]

Prints the time of the dry run (validation only) and of the real import, both through the same
service the upload page uses.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=5000)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="anpo-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpo.settings")
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from anpo.accounts.bulk_import import read_rows, users_bulk_import
    from anpo.accounts.services import org_unit_create

    root = org_unit_create(
        acting_user=None,
        code="u",
        name_ja="大学",
        name_en="University",
        kind="institution",
        parent=None,
    )
    for i in range(50):
        org_unit_create(
            acting_user=None,
            code=f"d{i}",
            name_ja=f"学科{i}",
            name_en=f"Dept {i}",
            kind="department",
            parent=root,
        )
    lines = ["username,email,full_name,full_name_en,employee_number,unit_code,roles,language"]
    lines += [
        f"s{i:05d},s{i:05d}@bench.invalid,職員 {i},Staff {i},{i},d{i % 50},researcher,ja"
        for i in range(args.users)
    ]
    content = ("\n".join(lines) + "\n").encode()
    rows = read_rows(filename="staff.csv", content=content)
    started = time.perf_counter()
    report = users_bulk_import(acting_user=None, rows=rows, dry_run=True)
    dry = time.perf_counter() - started
    assert report.ok, report.error_rows[:3]
    started = time.perf_counter()
    report = users_bulk_import(acting_user=None, rows=rows, dry_run=False)
    real = time.perf_counter() - started
    print(f"users: {args.users}")
    print(f"dry run (validate every row): {dry:.2f} s")
    print(
        f"import (create users, roles, audit events): {real:.2f} s  ({args.users / real:.0f} users/s)"
    )


if __name__ == "__main__":
    main()
