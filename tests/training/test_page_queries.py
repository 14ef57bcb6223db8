"""Query counts of the busiest training pages do not grow with the number of courses."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anpo.training.selectors import course_progress, courses_progress
from anpo.training.services import course_load_from_dict
from tests.training.conftest import read_all_lessons, small_course_data

pytestmark = pytest.mark.django_db


def _publish(count: int) -> list:  # type: ignore[type-arg]
    courses = []
    for i in range(count):
        course, _ = course_load_from_dict(data=small_course_data(slug=f"course-{i}"))
        course.is_published = True
        course.save(update_fields=["is_published"])
        courses.append(course)
    return courses


def _queries(client, path: str) -> int:  # type: ignore[no-untyped-def]
    client.get(path)  # warm per-process caches (translations, templates)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_training_home_needs_the_same_queries_for_two_or_six_courses(
    client, researcher
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(researcher)
    _publish(2)
    with_two = _queries(client, "/training/")
    _publish(4)
    with_six = _queries(client, "/training/")
    assert with_six == with_two
    assert with_six <= 12


def test_batched_progress_equals_progress_course_by_course(researcher) -> None:  # type: ignore[no-untyped-def]
    courses = _publish(3)
    read_all_lessons(researcher, courses[1])
    batched = courses_progress(user=researcher, courses=courses)
    single = [course_progress(user=researcher, course=course) for course in courses]
    assert [(p.course, p.seen, p.total, p.next_lesson) for p in batched] == [
        (p.course, p.seen, p.total, p.next_lesson) for p in single
    ]
    assert batched[1].seen == batched[1].total
    assert batched[0].seen == 0
