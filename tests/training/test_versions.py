"""Version history: changes computed from stored snapshots, and a read-only view of an old version."""

from __future__ import annotations

import pytest

from anpo.training import services
from anpo.training.models import Lesson, Question
from anpo.training.selectors import course_version_history, version_changes
from tests.training.conftest import small_course_data

pytestmark = pytest.mark.django_db


def _edit_course(course, officer) -> None:  # type: ignore[no-untyped-def]
    """v2: a lesson reworded, a question reworded; v3: a lesson and a question removed, one question added."""
    intro = Lesson.objects.get(module__course=course, slug="intro")
    intro.body_en = "<p>Reworded.</p>"
    services.lesson_save(lesson=intro, acting_user=officer)
    q1 = Question.objects.get(course=course, key="q01")
    q1.text_en = "A reworded question."
    services.question_save(question=q1, acting_user=officer)
    services.lesson_remove(
        lesson=Lesson.objects.get(module__course=course, slug="video"), acting_user=officer
    )
    services.question_remove(
        question=Question.objects.get(course=course, key="q02"), acting_user=officer
    )
    new = Question(
        course=course,
        key="q99",
        kind="true_false",
        text_ja="新しい質問",
        text_en="A new question",
        choices=[
            {"key": "true", "text": {"ja": "正しい", "en": "True"}, "correct": True},
            {"key": "false", "text": {"ja": "誤り", "en": "False"}, "correct": False},
        ],
    )
    services.question_save(question=new, acting_user=officer)


def test_changes_are_computed_from_the_snapshots(course, officer) -> None:  # type: ignore[no-untyped-def]
    _edit_course(course, officer)
    rows = course_version_history(course=course)
    assert [r.version.number for r in rows] == [6, 5, 4, 3, 2, 1]
    by_number = {r.version.number: r.changes for r in rows}
    assert by_number[1].first
    assert by_number[2].lessons_changed == ["intro"] and not by_number[2].questions_changed
    assert by_number[3].questions_changed == ["q01"] and not by_number[3].lessons_changed
    assert by_number[4].lessons_removed == ["video"]
    assert by_number[5].questions_removed == ["q02"]
    assert by_number[6].questions_added == ["q99"]
    assert rows[0].version.created_by == officer


def test_reordering_is_an_order_change_not_a_content_change() -> None:
    old = small_course_data()
    new = small_course_data()
    new["modules"] = list(reversed(new["modules"]))
    changes = version_changes(previous=old, current=new)
    assert changes.order_changed and not changes.lessons_changed and not changes.lessons_added
    assert version_changes(previous=old, current=small_course_data()).is_empty


def test_the_history_page_and_an_old_version_are_readable(
    client, course, officer, auditor, researcher
) -> None:  # type: ignore[no-untyped-def]
    _edit_course(course, officer)
    client.force_login(auditor)
    page = client.get("/training/manage/courses/basics/versions/").content.decode()
    assert "v6" in page and course.versions.get(number=6).content_hash[:12] in page
    assert "q99" in page and "video" in page
    old = client.get("/training/manage/courses/basics/versions/1/").content.decode()
    # v1 still has the video lesson, the original wording and q02, with its right answer marked
    assert (
        "動画" in old and "質問1の本文です。" in old and "質問2の本文です。" in old and "✓" in old
    )
    assert "新しい質問" not in old
    current = client.get("/training/manage/courses/basics/versions/6/").content.decode()
    assert "新しい質問" in current and "質問2の本文です。" not in current
    assert client.get("/training/manage/courses/basics/versions/99/").status_code == 404
    client.force_login(researcher)
    assert client.get("/training/manage/courses/basics/versions/").status_code in (403, 404)
