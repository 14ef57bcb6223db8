"""Assignments and reminders: due soon, overdue, escalation to the department manager, once each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from anpo.training import services
from anpo.training.models import Assignment, ReminderLog
from anpo.training.selectors import Status, assignment_users, report_by_unit, requirement_for
from tests.training.conftest import read_all_lessons, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def eng_assignment(officer, org, course):  # type: ignore[no-untyped-def]
    return services.assignment_create(
        acting_user=officer,
        course=course,
        target=Assignment.Target.UNIT,
        org_unit=org["eng"],
        include_subtree=True,
        due_date=timezone.localdate() + dt.timedelta(days=20),
        validity_days=365,
    )


def _run(capture, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        call_command("training", "send-reminders", "--today", day.isoformat())


def test_unit_assignment_covers_the_subtree_only(
    eng_assignment, researcher, other_researcher, dept_manager
) -> None:  # type: ignore[no-untyped-def]
    people = set(assignment_users(eng_assignment))
    assert researcher in people and dept_manager in people and other_researcher not in people
    eng_assignment.include_subtree = False
    assert researcher not in set(assignment_users(eng_assignment))


def test_reminders_before_due_on_overdue_and_escalation(
    django_capture_on_commit_callbacks, eng_assignment, researcher, dept_manager, other_researcher
) -> None:  # type: ignore[no-untyped-def]
    due = eng_assignment.due_date
    _run(django_capture_on_commit_callbacks, due - dt.timedelta(days=30))
    assert mail.outbox == []
    _run(django_capture_on_commit_callbacks, due - dt.timedelta(days=14))
    to_researcher = [m for m in mail.outbox if m.to == [researcher.email]]
    assert len(to_researcher) == 1
    message = to_researcher[0]
    assert "研修の期限" in message.subject and "Training due" in message.subject
    assert (
        due.isoformat() in message.body
        and "mandatory training" in message.body
        and "受講" in message.body
    )
    assert not [m for m in mail.outbox if other_researcher.email in m.to]
    _run(
        django_capture_on_commit_callbacks, due - dt.timedelta(days=13)
    )  # same window: nothing new
    assert len([m for m in mail.outbox if m.to == [researcher.email]]) == 1
    _run(django_capture_on_commit_callbacks, due - dt.timedelta(days=3))
    assert len([m for m in mail.outbox if m.to == [researcher.email]]) == 2
    mail.outbox.clear()
    _run(django_capture_on_commit_callbacks, due + dt.timedelta(days=1))
    overdue = [m for m in mail.outbox if m.to == [researcher.email]]
    escalations = [
        m for m in mail.outbox if m.to == [dept_manager.email] and researcher.full_name in m.body
    ]
    assert len(overdue) == 1 and "overdue" in overdue[0].body
    assert len(escalations) == 1 and "部局" in escalations[0].subject
    mail.outbox.clear()
    _run(django_capture_on_commit_callbacks, due + dt.timedelta(days=2))
    assert [m for m in mail.outbox if researcher.full_name in m.body] == []  # each reminder once
    assert ReminderLog.objects.filter(user=researcher).count() == 4


def test_people_who_completed_get_no_reminder_until_the_refresh_is_due(
    django_capture_on_commit_callbacks, eng_assignment, researcher, course
) -> None:  # type: ignore[no-untyped-def]
    read_all_lessons(researcher, course)
    attempt = services.attempt_start(user=researcher, course=course, language="ja")
    services.attempt_submit(user=researcher, attempt=attempt, answers=right_answers(attempt))
    today = timezone.localdate()
    _run(django_capture_on_commit_callbacks, eng_assignment.due_date + dt.timedelta(days=5))
    assert not [m for m in mail.outbox if m.to == [researcher.email]]
    req = requirement_for(
        user=researcher, assignment=eng_assignment, on=today + dt.timedelta(days=340)
    )
    assert req.status == Status.EXPIRING and req.due_date == today + dt.timedelta(days=365)
    _run(django_capture_on_commit_callbacks, today + dt.timedelta(days=365 - 14))
    assert (
        len([m for m in mail.outbox if m.to == [researcher.email]]) == 1
    )  # annual refresh reminder
    assert (
        requirement_for(
            user=researcher, assignment=eng_assignment, on=today + dt.timedelta(days=366)
        ).status
        == Status.OVERDUE
    )


def test_report_counts_by_unit(eng_assignment, researcher, dept_manager, officer, course) -> None:  # type: ignore[no-untyped-def]
    read_all_lessons(researcher, course)
    attempt = services.attempt_start(user=researcher, course=course, language="ja")
    services.attempt_submit(user=researcher, attempt=attempt, answers=right_answers(attempt))
    rows = {r.unit.code: r for r in report_by_unit(viewer=officer)}
    assert rows["mech-lab"].complete == 1 and rows["mech-lab"].percent == 100
    assert rows["eng"].due == 1  # the manager himself
    Assignment.objects.update(due_date=timezone.localdate() - dt.timedelta(days=1))
    rows = {r.unit.code: r for r in report_by_unit(viewer=dept_manager)}
    assert rows["eng"].overdue == 1 and set(rows) == {"eng", "mech-lab"}


def test_an_expired_completion_is_due_by_a_later_assignment_date(
    officer, researcher, course
) -> None:  # type: ignore[no-untyped-def]
    from anpo.training.models import Completion

    read_all_lessons(researcher, course)
    attempt = services.attempt_start(user=researcher, course=course, language="ja")
    services.attempt_submit(user=researcher, attempt=attempt, answers=right_answers(attempt))
    today = timezone.localdate()
    Completion.objects.update(
        completed_at=timezone.now() - dt.timedelta(days=400),
        valid_until=today - dt.timedelta(days=35),
    )
    later = services.assignment_create(
        acting_user=officer,
        course=course,
        target=Assignment.Target.USER,
        user=researcher,
        due_date=today + dt.timedelta(days=30),
    )
    req = requirement_for(user=researcher, assignment=later, on=today)
    assert (req.status, req.due_date) == (Status.DUE, today + dt.timedelta(days=30))
    assert (
        requirement_for(user=researcher, assignment=later, on=today + dt.timedelta(days=31)).status
        == Status.OVERDUE
    )
