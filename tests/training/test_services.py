"""Services: loading and versions, quizzes, completion, certificates, validity."""

from __future__ import annotations

import copy
import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from anpo.records.models import AuditEvent
from anpo.training import services
from anpo.training.models import Certificate, Completion, Course, CourseVersion, QuizAttempt
from anpo.training.selectors import training_is_valid
from tests.training.conftest import (
    read_all_lessons,
    right_answers,
    small_course_data,
    wrong_answers,
)

pytestmark = pytest.mark.django_db


def test_loading_the_same_course_twice_changes_nothing(course) -> None:  # type: ignore[no-untyped-def]
    again, result = services.course_load_from_dict(data=small_course_data())
    assert result == "unchanged"
    assert again.pk == course.pk and again.version == 1
    assert CourseVersion.objects.filter(course=course).count() == 1


def test_editing_content_bumps_the_version_and_keeps_the_old_snapshot(course) -> None:  # type: ignore[no-untyped-def]
    data = small_course_data()
    data["questions"][0]["text"]["en"] = "A reworded question."
    edited, result = services.course_load_from_dict(data=data)
    assert result == "updated" and edited.version == 2
    old = CourseVersion.objects.get(course=course, number=1)
    assert old.snapshot["questions"][0]["text"]["en"] == "Question 1 text."


def test_an_edit_never_changes_a_past_attempt(course, researcher) -> None:  # type: ignore[no-untyped-def]
    attempt = services.attempt_start(
        user=researcher, course=course, language="ja", rng=random.Random(1)
    )
    services.attempt_submit(user=researcher, attempt=attempt, answers=right_answers(attempt))
    served = copy.deepcopy(attempt.questions)
    data = small_course_data()
    for q in data["questions"]:
        q["text"]["ja"] = "書き換えた質問"
    services.course_load_from_dict(data=data)
    attempt.refresh_from_db()
    assert attempt.questions == served and attempt.course_version == 1
    with pytest.raises(ValidationError):
        services.attempt_submit(user=researcher, attempt=attempt, answers=wrong_answers(attempt))


def test_the_quiz_draws_from_the_bank_in_random_order(course, researcher) -> None:  # type: ignore[no-untyped-def]
    first = services.attempt_start(
        user=researcher, course=course, language="ja", rng=random.Random(1)
    )
    assert len(first.questions) == 4
    assert {q["key"] for q in first.questions} <= {f"q0{i}" for i in range(1, 6)}
    assert (
        services.attempt_start(user=researcher, course=course, language="ja").pk == first.pk
    )  # resumed
    services.attempt_submit(user=researcher, attempt=first, answers={})
    orders = set()
    for seed in range(8):
        attempt = services.attempt_start(
            user=researcher, course=course, language="en", rng=random.Random(seed)
        )
        orders.add(tuple(q["key"] for q in attempt.questions))
        services.attempt_submit(user=researcher, attempt=attempt, answers={})
    assert len(orders) > 1


def test_scoring_pass_mark_and_stored_evidence(course, researcher) -> None:  # type: ignore[no-untyped-def]
    attempt = services.attempt_start(user=researcher, course=course, language="en")
    answers = right_answers(attempt)
    answers[attempt.questions[0]["key"]] = []  # 3 of 4 = 75% < 80%
    services.attempt_submit(user=researcher, attempt=attempt, answers=answers)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed, attempt.pass_mark, attempt.language) == (
        75,
        False,
        80,
        "en",
    )
    assert attempt.submitted_at is not None and attempt.content_hash == course.content_hash
    assert AuditEvent.objects.filter(
        action="training.quiz.submit", object_id=str(attempt.pk)
    ).exists()


def test_multiple_choice_needs_exactly_the_right_set(course, researcher) -> None:  # type: ignore[no-untyped-def]
    from anpo.training.services import _answer_is_correct

    question = course.questions.get(key="q02").as_snapshot()
    assert _answer_is_correct(question, ["a", "b"])
    assert not _answer_is_correct(question, ["a"])
    assert not _answer_is_correct(question, ["a", "b", "c"])


def test_completion_needs_every_lesson_and_a_passed_quiz(course, researcher) -> None:  # type: ignore[no-untyped-def]
    attempt = services.attempt_start(user=researcher, course=course, language="ja")
    services.attempt_submit(user=researcher, attempt=attempt, answers=right_answers(attempt))
    assert not Completion.objects.filter(user=researcher).exists()
    assert not training_is_valid(user=researcher, course_slug="basics")
    read_all_lessons(researcher, course)
    completion = Completion.objects.get(user=researcher)
    assert completion.attempt == attempt
    assert completion.valid_until == timezone.localdate() + dt.timedelta(days=365)
    cert = completion.certificate
    assert len(cert.code) >= 16 and cert.holder_name_ja == researcher.full_name
    assert AuditEvent.objects.filter(
        action="training.course.complete", object_id=str(completion.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action="training.certificate.issue", object_id=str(cert.pk)
    ).exists()
    assert training_is_valid(user=researcher, course_slug="basics")
    assert not training_is_valid(
        user=researcher, course_slug="basics", on=completion.valid_until + dt.timedelta(days=1)
    )
    assert not training_is_valid(
        user=researcher, course_slug="basics", on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert not training_is_valid(user=researcher, course_slug="other")


def test_a_scenario_needs_a_decision(course, researcher) -> None:  # type: ignore[no-untyped-def]
    scenario = course.lessons().get(slug="case")
    with pytest.raises(ValidationError):
        services.lesson_complete(user=researcher, lesson=scenario, scenario_choice="")
    progress = services.lesson_complete(user=researcher, lesson=scenario, scenario_choice="b")
    assert progress.scenario_choice == "b" and progress.completed_at is not None


def test_recertification_issues_a_new_certificate(course, researcher) -> None:  # type: ignore[no-untyped-def]
    read_all_lessons(researcher, course)
    for _ in range(2):
        attempt = services.attempt_start(user=researcher, course=course, language="ja")
        services.attempt_submit(user=researcher, attempt=attempt, answers=right_answers(attempt))
    codes = list(Certificate.objects.filter(user=researcher).values_list("code", flat=True))
    assert len(codes) == 2 and len(set(codes)) == 2


def test_a_revoked_certificate_ends_validity(course, researcher, officer) -> None:  # type: ignore[no-untyped-def]
    read_all_lessons(researcher, course)
    attempt = services.attempt_start(user=researcher, course=course, language="ja")
    services.attempt_submit(user=researcher, attempt=attempt, answers=right_answers(attempt))
    cert = Certificate.objects.get(user=researcher)
    services.certificate_revoke(certificate=cert, acting_user=officer, reason="cheating")
    assert not training_is_valid(user=researcher, course_slug="basics")
    cert.refresh_from_db()
    assert cert.status_on(timezone.localdate()) == Certificate.Status.REVOKED


def test_certificate_codes_are_random_and_unguessable() -> None:
    codes = {services.new_certificate_code() for _ in range(200)}
    assert len(codes) == 200 and all(len(c) == 20 for c in codes)


def test_html_is_sanitised_when_loaded(db) -> None:  # type: ignore[no-untyped-def]
    data = small_course_data(slug="xss")
    data["modules"][0]["lessons"][0]["body"]["en"] = (
        '<p onclick="x()">Hi<script>alert(1)</script></p>'
    )
    course, _ = services.course_load_from_dict(data=data)
    body = course.lessons().get(slug="intro").body_en
    assert "script" not in body and "onclick" not in body and "Hi" in body


def test_the_bundled_courses_load_and_reload_idempotently(db) -> None:  # type: ignore[no-untyped-def]
    results = services.load_bundled_content()
    assert len(results) >= 3
    for course, result in results:
        assert result == "created"
        assert course.lessons().count() >= 3 and course.questions.count() >= 15
    again = services.load_bundled_content()
    assert {r for _c, r in again} == {"unchanged"}
    assert Course.objects.count() == len(results)


def test_quiz_start_refuses_a_course_without_questions(db, researcher) -> None:  # type: ignore[no-untyped-def]
    data = small_course_data(slug="empty", questions=0, per_attempt=1)
    course, _ = services.course_load_from_dict(data=data)
    with pytest.raises(ValidationError):
        services.attempt_start(user=researcher, course=course, language="ja")
    assert not QuizAttempt.objects.exists()
