"""Training report at university scale: by-unit counts and the dashboard overdue count.

    .venv/bin/python benchmarks/training_report_bench.py [--users 5000] [--units 50] [--repeat 3]
        [--database-url postgres://...  (an empty throwaway database)]

Builds a throwaway SQLite database under var/bench/ (deleted first): --users people in --units
departments (5 faculties), every bundled course assigned (institution-wide, to the researcher role
and to some departments, with different due dates and validity periods), ~70 % of people with a
completion of the first course at various dates, a few revoked certificates. Then it times

- before: the per-person Python computation (``requirements_in_scope`` grouped by unit, which is
  what ``report_by_unit`` and ``overdue_count_in_scope`` did until the aggregate version), and
- after: ``report_by_unit`` / ``overdue_count_in_scope`` (one aggregate query per course),

checks that both give identical counts and prints the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
BENCH_DIR = REPO / "var" / "bench"


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--database-url",
        default="",
        help="an EMPTY throwaway database (e.g. PostgreSQL); default: SQLite under var/bench/",
    )
    args = parser.parse_args()
    workdir = BENCH_DIR / "training-report"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpo.settings")
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from anpo.accounts.models import OrgUnit, RoleAssignment, User
    from anpo.accounts.roles import Role
    from anpo.accounts.services import org_unit_create
    from anpo.training import services
    from anpo.training.models import Assignment, Certificate, Completion, Course
    from anpo.training.selectors import (
        overdue_count_in_scope,
        report_by_unit,
        report_people,
        requirements_in_scope,
    )

    rng = random.Random(20261121)
    started = time.perf_counter()
    root = org_unit_create(
        acting_user=None,
        code="u",
        name_ja="大学",
        name_en="University",
        kind="institution",
        parent=None,
    )
    faculties = [
        org_unit_create(
            acting_user=None,
            code=f"f{i}",
            name_ja=f"学部{i}",
            name_en=f"Faculty {i}",
            kind="faculty",
            parent=root,
        )
        for i in range(5)
    ]
    departments = [
        org_unit_create(
            acting_user=None,
            code=f"d{i}",
            name_ja=f"学科{i}",
            name_en=f"Dept {i}",
            kind="department",
            parent=faculties[i % 5],
        )
        for i in range(args.units)
    ]
    User.objects.bulk_create(
        [
            User(
                username=f"s{i:05d}",
                email=f"s{i:05d}@bench.invalid",
                full_name=f"職員 {i}",
                full_name_en=f"Staff {i}",
                org_unit=departments[i % len(departments)],
                password="!",
            )
            for i in range(args.users)
        ],
        batch_size=1000,
    )
    people = list(User.objects.filter(username__startswith="s").order_by("pk"))
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=p, role=Role.RESEARCHER) for p in people[::3]], batch_size=1000
    )
    officer = User.objects.create(
        username="officer", email="officer@bench.invalid", org_unit=root, password="!"
    )
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER)
    manager = User.objects.create(
        username="manager", email="manager@bench.invalid", org_unit=faculties[0], password="!"
    )
    RoleAssignment.objects.create(user=manager, role=Role.DEPT_MANAGER, org_unit=faculties[0])
    services.load_bundled_content()
    courses = list(Course.objects.order_by("order", "slug"))
    today = timezone.localdate()
    for n, course in enumerate(courses):
        Assignment.objects.create(
            course=course,
            target=Assignment.Target.UNIT,
            org_unit=root,
            include_subtree=True,
            due_date=today + dt.timedelta(days=30 - 20 * n),
            validity_days=365,
        )
    Assignment.objects.create(
        course=courses[0],
        target=Assignment.Target.ROLE,
        role=Role.RESEARCHER,
        due_date=today + dt.timedelta(days=10),
        validity_days=180,
    )
    for department in departments[:10]:
        Assignment.objects.create(
            course=courses[-1],
            target=Assignment.Target.UNIT,
            org_unit=department,
            include_subtree=False,
            due_date=today - dt.timedelta(days=5),
            validity_days=730,
        )
    completions = []
    for person in people:
        if rng.random() < 0.7:
            done = timezone.now() - dt.timedelta(days=rng.randint(0, 500), hours=rng.randint(0, 23))
            completions.append(
                Completion(
                    user=person,
                    course=courses[0],
                    course_version=1,
                    content_hash="bench",
                    completed_at=done,
                    valid_until=timezone.localdate(done) + dt.timedelta(days=365),
                )
            )
    Completion.objects.bulk_create(completions, batch_size=1000)
    for completion in Completion.objects.order_by("pk")[:50]:
        Certificate.objects.create(
            code=services.new_certificate_code(),
            completion=completion,
            user=completion.user,
            course=completion.course,
            holder_name_ja="x",
            holder_name_en="x",
            course_title_ja="x",
            course_title_en="x",
            course_version=1,
            completed_on=today,
            valid_until=today,
            revoked_at=timezone.now(),
        )
    if (
        connection.vendor == "postgresql"
    ):  # planner statistics, as autovacuum would have them on a live database
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    setup_seconds = time.perf_counter() - started

    def before_report(viewer: User) -> dict[Any, dict[str, int]]:
        counts: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for req in requirements_in_scope(viewer=viewer, on=today):
            key = req.user.org_unit_id
            counts[key]["assigned"] += 1
            counts[key][req.status] += 1
        return {
            k: {s: v.get(s, 0) for s in ("assigned", "complete", "expiring", "due", "overdue")}
            for k, v in counts.items()
        }

    def after_report(viewer: User) -> dict[Any, dict[str, int]]:
        return {
            (r.unit.pk if r.unit else None): {
                s: getattr(r, s) for s in ("assigned", "complete", "expiring", "due", "overdue")
            }
            for r in report_by_unit(viewer=viewer, on=today)
        }

    def before_overdue(viewer: User) -> int:
        return sum(
            1 for r in requirements_in_scope(viewer=viewer, on=today) if r.status == "overdue"
        )

    def after_overdue(viewer: User) -> int:
        return overdue_count_in_scope(viewer=viewer, on=today)

    print(
        f"training report benchmark: {len(people)} people, {OrgUnit.objects.count()} units, {len(courses)} courses, "
        f"{Assignment.objects.count()} assignments, {Completion.objects.count()} completions "
        f"(setup {setup_seconds:.1f} s, {connection.vendor}{'' if args.database_url else ', ' + str(workdir / 'bench.sqlite3')})"
    )
    for label, viewer in (
        ("office (everyone)", officer),
        ("department manager (one faculty)", manager),
    ):
        t_before, r_before = best_of(args.repeat, lambda v=viewer: before_report(v))
        t_after, r_after = best_of(args.repeat, lambda v=viewer: after_report(v))
        assert r_before == r_after, "the aggregate report differs from the per-person computation"
        o_before, n_before = best_of(args.repeat, lambda v=viewer: before_overdue(v))
        o_after, n_after = best_of(args.repeat, lambda v=viewer: after_overdue(v))
        assert n_before == n_after
        assigned = sum(row["assigned"] for row in r_after.values())
        print(f"{label}: {assigned} requirements in {len(r_after)} units, {n_after} overdue")
        print(
            f"  by-unit report:  before {t_before * 1000:8.0f} ms   after {t_after * 1000:7.0f} ms   ({t_before / t_after:5.1f}x)"
        )
        print(
            f"  overdue count:   before {o_before * 1000:8.0f} ms   after {o_after * 1000:7.0f} ms   ({o_before / o_after:5.1f}x)"
        )
        p_after, listed = best_of(args.repeat, lambda v=viewer: report_people(viewer=v, on=today))
        print(f"  person list ({len(listed)} rows, SQL statuses): {p_after * 1000:.0f} ms")
        l_after, first = best_of(
            args.repeat, lambda v=viewer: report_people(viewer=v, on=today, limit=1000)
        )
        assert [(r.user.pk, r.course.pk) for r in first] == [
            (r.user.pk, r.course.pk) for r in listed[:1000]
        ]
        print(f"  report page's first 1000 people: {l_after * 1000:.0f} ms")
    print("identical results: yes")


if __name__ == "__main__":
    main()
