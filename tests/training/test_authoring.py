"""Authoring: removing (deleting or retiring) modules, lessons and questions, and reordering, each a new version."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from anpo.records.models import AuditEvent
from anpo.training import services
from anpo.training.models import (
    Course,
    CourseVersion,
    Lesson,
    LessonProgress,
    Module,
    Question,
    QuizAttempt,
)
from tests.training.conftest import right_answers

pytestmark = pytest.mark.django_db


def _lesson(course: Course, slug: str) -> Lesson:
    return Lesson.objects.get(module__course=course, slug=slug)


def _versions(course: Course) -> int:
    return CourseVersion.objects.filter(course=course).count()


def test_an_unused_lesson_is_deleted_with_a_new_version_and_an_audit_event(course, officer) -> None:  # type: ignore[no-untyped-def]
    result = services.lesson_remove(lesson=_lesson(course, "video"), acting_user=officer)
    course.refresh_from_db()
    assert result == "deleted"
    assert not Lesson.objects.filter(slug="video").exists()
    assert course.version == 2 and _versions(course) == 2
    assert [
        les["slug"]
        for m in course.versions.get(number=2).snapshot["modules"]
        for les in m["lessons"]
    ] == ["intro", "case"]
    assert AuditEvent.objects.filter(action="training.lesson.delete", actor=officer).count() == 1
    assert AuditEvent.objects.filter(action="training.course.version").count() == 2


def test_a_lesson_with_learner_progress_is_retired_not_deleted(course, officer, researcher) -> None:  # type: ignore[no-untyped-def]
    intro = _lesson(course, "intro")
    services.lesson_complete(user=researcher, lesson=intro)
    assert services.lesson_remove(lesson=intro, acting_user=officer) == "retired"
    intro.refresh_from_db()
    assert intro.is_active is False
    assert LessonProgress.objects.filter(
        lesson=intro, user=researcher
    ).exists()  # the learner's record survives
    assert [les.slug for les in course.lessons()] == ["case", "video"]
    assert AuditEvent.objects.filter(action="training.lesson.retire").count() == 1
    course.refresh_from_db()
    assert course.version == 2


def test_a_module_is_retired_when_one_of_its_lessons_has_progress(
    course, officer, researcher
) -> None:  # type: ignore[no-untyped-def]
    services.lesson_complete(user=researcher, lesson=_lesson(course, "case"), scenario_choice="a")
    m1 = Module.objects.get(course=course, slug="m1")
    assert services.module_remove(module=m1, acting_user=officer) == "retired"
    assert [les.slug for les in course.lessons()] == ["video"]
    assert Lesson.objects.filter(module=m1).count() == 2
    m2 = Module.objects.get(course=course, slug="m2")
    assert services.module_remove(module=m2, acting_user=officer) == "deleted"
    assert not Module.objects.filter(pk=m2.pk).exists()
    course.refresh_from_db()
    assert course.version == 3
    assert {e.action for e in AuditEvent.objects.filter(action__startswith="training.module.")} == {
        "training.module.retire",
        "training.module.delete",
    }


def test_a_served_question_is_retired_and_the_past_attempt_still_shows_it(
    client, course, officer, researcher
) -> None:  # type: ignore[no-untyped-def]
    attempt = services.attempt_start(user=researcher, course=course, language="en")
    services.attempt_submit(user=researcher, attempt=attempt, answers=right_answers(attempt))
    served_key = attempt.questions[0]["key"]
    served_text = attempt.questions[0]["text"]["ja"]
    unserved = (
        Question.objects.filter(course=course)
        .exclude(key__in=[q["key"] for q in attempt.questions])
        .first()
    )
    served = Question.objects.get(course=course, key=served_key)
    assert services.question_remove(question=served, acting_user=officer) == "retired"
    served.refresh_from_db()
    assert served.is_active is False
    assert services.question_remove(question=unserved, acting_user=officer) == "deleted"
    assert not Question.objects.filter(pk=unserved.pk).exists()
    course.refresh_from_db()
    assert course.version == 3
    snapshot_keys = [q["key"] for q in course.versions.get(number=3).snapshot["questions"]]
    assert served_key not in snapshot_keys and unserved.key not in snapshot_keys
    QuizAttempt.objects.get(pk=attempt.pk)  # untouched
    client.force_login(researcher)
    page = client.get(f"/training/attempts/{attempt.pk}/").content.decode()
    assert served_text in page


def test_moving_modules_and_lessons_changes_the_order_and_the_version(course, officer) -> None:  # type: ignore[no-untyped-def]
    m2 = Module.objects.get(course=course, slug="m2")
    assert services.module_move(module=m2, direction="up", acting_user=officer) is True
    assert [les.slug for les in course.lessons()] == ["video", "intro", "case"]
    assert (
        services.module_move(module=m2, direction="up", acting_user=officer) is False
    )  # already first: no new version
    assert (
        services.lesson_move(lesson=_lesson(course, "case"), direction="up", acting_user=officer)
        is True
    )
    assert [les.slug for les in course.lessons()] == ["video", "case", "intro"]
    course.refresh_from_db()
    assert course.version == 3
    snapshot = course.versions.get(number=3).snapshot
    assert [m["slug"] for m in snapshot["modules"]] == ["m2", "m1"]
    assert [les["slug"] for les in snapshot["modules"][1]["lessons"]] == ["case", "intro"]
    assert AuditEvent.objects.filter(action="training.module.move").count() == 1
    assert AuditEvent.objects.filter(action="training.lesson.move").count() == 1
    with pytest.raises(ValidationError):
        services.lesson_move(
            lesson=_lesson(course, "case"), direction="sideways", acting_user=officer
        )


def test_the_office_removes_and_moves_in_the_browser_pages(
    client, course, officer, researcher
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    page = client.get("/training/manage/courses/basics/").content.decode()
    intro, video = _lesson(course, "intro"), _lesson(course, "video")
    assert f"/training/manage/courses/basics/lessons/{intro.pk}/move/" in page
    assert f"/training/manage/courses/basics/lessons/{intro.pk}/remove/" in page
    confirm = client.get(
        f"/training/manage/courses/basics/lessons/{video.pk}/remove/"
    ).content.decode()
    assert "削除" in confirm
    response = client.post(f"/training/manage/courses/basics/lessons/{video.pk}/remove/")
    assert response.status_code == 302 and not Lesson.objects.filter(pk=video.pk).exists()
    response = client.post(
        f"/training/manage/courses/basics/lessons/{intro.pk}/move/", {"direction": "down"}
    )
    assert response["Location"].endswith(f"#lesson-{intro.pk}")
    assert [les.slug for les in course.lessons()] == ["case", "intro"]
    q = Question.objects.filter(course=course).first()
    client.post(f"/training/manage/courses/basics/questions/{q.pk}/remove/")
    assert not Question.objects.filter(pk=q.pk).exists()
    m2 = Module.objects.get(course=course, slug="m2")
    client.post(f"/training/manage/courses/basics/modules/{m2.pk}/remove/")
    assert not Module.objects.filter(pk=m2.pk).exists()
    course.refresh_from_db()
    assert course.version == 5


def test_learners_and_auditors_cannot_remove_or_move(client, course, researcher, auditor) -> None:  # type: ignore[no-untyped-def]
    intro = _lesson(course, "intro")
    for user in (researcher, auditor):
        client.force_login(user)
        assert client.post(
            f"/training/manage/courses/basics/lessons/{intro.pk}/remove/"
        ).status_code in (403, 404)
        assert client.post(
            f"/training/manage/courses/basics/lessons/{intro.pk}/move/", {"direction": "down"}
        ).status_code in (403, 404)
    assert Lesson.objects.filter(pk=intro.pk, is_active=True, order=0).exists()


def test_a_retired_lesson_is_gone_for_learners_and_reloading_content_revives_it(
    client, course, officer, researcher
) -> None:  # type: ignore[no-untyped-def]
    from tests.training.conftest import small_course_data

    intro = _lesson(course, "intro")
    services.lesson_complete(user=researcher, lesson=intro)
    services.lesson_remove(lesson=intro, acting_user=officer)
    client.force_login(researcher)
    assert client.get("/training/courses/basics/lessons/intro/").status_code == 404
    assert "/lessons/intro/" not in client.get("/training/courses/basics/").content.decode()
    services.course_load_from_dict(data=small_course_data())
    intro.refresh_from_db()
    assert intro.is_active is True
