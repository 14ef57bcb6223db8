"""The SQL report (aggregates) gives exactly what the per-person Python rules give, on a mixed fixture."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.utils import timezone

from anpo.accounts.roles import Role
from anpo.accounts.services import user_create
from anpo.training import services
from anpo.training.models import Assignment, Completion
from anpo.training.selectors import (
    overdue_count_in_scope,
    report_by_unit,
    report_people,
    requirements_in_scope,
)
from tests.training.conftest import small_course_data

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def _reference(viewer, on, course=None) -> dict:  # type: ignore[no-untyped-def]
    """The straightforward computation: every requirement in Python, grouped by the person's unit."""
    counts: dict = defaultdict(lambda: defaultdict(int))
    for req in requirements_in_scope(viewer=viewer, on=on, course=course):
        key = req.user.org_unit.code if req.user.org_unit else None
        counts[key]["assigned"] += 1
        counts[key][req.status] += 1
    return {
        unit: {k: row.get(k, 0) for k in ("assigned", "complete", "expiring", "due", "overdue")}
        for unit, row in counts.items()
    }


def _aggregate(viewer, on, course=None) -> dict:  # type: ignore[no-untyped-def]
    return {
        (r.unit.code if r.unit else None): {
            k: getattr(r, k) for k in ("assigned", "complete", "expiring", "due", "overdue")
        }
        for r in report_by_unit(viewer=viewer, on=on, course=course)
    }


def _complete(
    user, course, completed_at: dt.datetime, days: int = 365, revoke: bool = False
) -> None:  # type: ignore[no-untyped-def]
    completion = Completion.objects.create(
        user=user,
        course=course,
        course_version=1,
        content_hash="x",
        completed_at=completed_at,
        valid_until=timezone.localdate(completed_at) + dt.timedelta(days=days),
    )
    if revoke:
        certificate = services.certificate_issue(completion=completion, acting_user=None)
        services.certificate_revoke(certificate=certificate, acting_user=user, reason="test")


@pytest.fixture
def mixed(org, officer, dept_manager):  # type: ignore[no-untyped-def]
    basics, _ = services.course_load_from_dict(data=small_course_data())
    other, _ = services.course_load_from_dict(data=small_course_data(slug="other"))
    units = ["eng", "mech", "lab", "sci", "chem", "office"]
    people = []
    for i in range(36):
        people.append(
            user_create(
                acting_user=None,
                username=f"p{i:02d}",
                email=f"p{i:02d}@test.invalid",
                password="x" * 12,
                full_name=f"p{i:02d}",
                org_unit=org[units[i % len(units)]] if i % 9 else None,
                roles=[(Role.RESEARCHER, None)] if i % 4 == 0 else [],
            )
        )
    people[5].is_active = False
    people[5].save()
    tz = timezone.get_current_timezone()
    for i, person in enumerate(people):
        kind = i % 7
        if kind == 1:  # recent
            _complete(person, basics, dt.datetime(2026, 5, 1, 10, tzinfo=tz))
        elif kind == 2:  # expiring soon under a 365-day assignment
            _complete(person, basics, dt.datetime(2025, 6, 20, 10, tzinfo=tz))
        elif kind == 3:  # expired long ago
            _complete(person, basics, dt.datetime(2024, 1, 10, 10, tzinfo=tz))
        elif kind == 4:  # revoked
            _complete(person, basics, dt.datetime(2026, 3, 1, 10, tzinfo=tz), revoke=True)
        elif kind == 5:  # just after midnight in Tokyo, still the previous day in UTC
            _complete(person, basics, dt.datetime(2025, 6, 1, 15, 30, tzinfo=dt.UTC))
            _complete(person, other, dt.datetime(2025, 12, 1, 10, tzinfo=tz), days=180)
        elif kind == 0 and i % 2:  # exactly 31 days before expiry on TODAY (still "complete")
            _complete(person, basics, dt.datetime(2025, 7, 2, 10, tzinfo=tz))
            _complete(person, other, dt.datetime(2025, 7, 1, 10, tzinfo=tz))  # 30 days: "expiring"
        elif kind == 6:  # an older and a newer completion
            _complete(person, basics, dt.datetime(2024, 5, 1, 10, tzinfo=tz))
            _complete(person, basics, dt.datetime(2025, 9, 1, 10, tzinfo=tz), days=200)
    make = Assignment.objects.create
    make(
        course=basics,
        target=Assignment.Target.UNIT,
        org_unit=org["eng"],
        include_subtree=True,
        due_date=dt.date(2026, 5, 1),
        validity_days=365,
    )
    make(
        course=basics,
        target=Assignment.Target.UNIT,
        org_unit=org["sci"],
        include_subtree=False,
        due_date=dt.date(2026, 7, 1),
        validity_days=730,
    )
    make(
        course=basics,
        target=Assignment.Target.ROLE,
        role=Role.RESEARCHER,
        due_date=dt.date(2026, 6, 15),
        validity_days=180,
    )
    make(
        course=basics,
        target=Assignment.Target.USER,
        user=people[3],
        due_date=dt.date(2026, 8, 1),
        validity_days=365,
    )
    make(
        course=other,
        target=Assignment.Target.UNIT,
        org_unit=org["inst"],
        include_subtree=True,
        due_date=dt.date(2026, 6, 10),
        validity_days=365,
    )
    make(
        course=other,
        target=Assignment.Target.UNIT,
        org_unit=org["chem"],
        include_subtree=True,
        due_date=dt.date(2026, 5, 20),
        validity_days=90,
        is_active=False,
    )
    return {"basics": basics, "other": other}


@pytest.mark.parametrize("on", [TODAY, dt.date(2026, 6, 16), dt.date(2027, 6, 2)])
def test_unit_counts_equal_the_reference_computation(
    mixed, officer, dept_manager, researcher, on
) -> None:  # type: ignore[no-untyped-def]
    for viewer in (officer, dept_manager, researcher):
        expected = _reference(viewer, on)
        assert _aggregate(viewer, on) == expected
        assert overdue_count_in_scope(viewer=viewer, on=on) == sum(
            row["overdue"] for row in expected.values()
        )
    assert _aggregate(officer, on, mixed["other"]) == _reference(officer, on, mixed["other"])
    assert (
        sum(row["assigned"] for row in _aggregate(officer, on).values()) > 30
    )  # the fixture is not trivial


def test_person_list_equals_the_reference_computation(mixed, officer) -> None:  # type: ignore[no-untyped-def]
    expected = [
        (
            r.user.username,
            r.course.slug,
            r.status,
            r.due_date,
            timezone.localdate(r.completion.completed_at) if r.completion else None,
        )
        for r in requirements_in_scope(viewer=officer, on=TODAY)
    ]
    got = [
        (r.user.username, r.course.slug, r.status, r.due_date, r.completed_on)
        for r in report_people(viewer=officer, on=TODAY)
    ]
    assert got == expected
    statuses = {row[2] for row in expected}
    assert statuses == {"complete", "expiring", "due", "overdue"}
    assert [r.user.username for r in report_people(viewer=officer, on=TODAY, status="overdue")] == [
        row[0] for row in expected if row[2] == "overdue"
    ]


def test_the_report_runs_a_bounded_number_of_queries(
    mixed, officer, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(8):
        report_by_unit(viewer=officer, on=TODAY)
    with django_assert_max_num_queries(8):
        overdue_count_in_scope(viewer=officer, on=TODAY)


def test_a_limited_person_list_is_the_start_of_the_full_one(mixed, officer) -> None:  # type: ignore[no-untyped-def]
    full = [(r.user.username, r.course.slug) for r in report_people(viewer=officer, on=TODAY)]
    for limit in (1, 7, 25):
        assert [
            (r.user.username, r.course.slug)
            for r in report_people(viewer=officer, on=TODAY, limit=limit)
        ] == full[:limit]


def test_the_report_page_counts_everyone_but_lists_at_most_the_limit(
    client, mixed, officer, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from anpo.training import views

    monkeypatch.setattr(views, "REPORT_PAGE_PEOPLE", 5)
    client.force_login(officer)
    page = client.get("/training/report/").content.decode()
    total = sum(r.assigned for r in report_by_unit(viewer=officer))
    assert f"{total} 行のうち最初の 5 行" in page
    assert page.count('/record/">') == 5
