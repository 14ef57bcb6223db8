"""Authoring in chromium: move a lesson with the keyboard, remove a lesson (retired when learners read it),
the version history and an old version; axe-core on every page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_reorders_removes_and_reads_the_version_history(page, officer, researcher) -> None:  # type: ignore[no-untyped-def]
    from anpo.training import services
    from anpo.training.models import Course, Lesson
    from tests.training.conftest import small_course_data

    course, _ = services.course_load_from_dict(data=small_course_data())
    intro = Lesson.objects.get(module__course=course, slug="intro")
    services.lesson_complete(
        user=researcher, lesson=intro
    )  # a learner's record: intro can only be retired
    login(page, "officer")
    page.goto("/training/manage/courses/basics/")
    # Move "case" above "intro" with the keyboard only (no dragging).
    case = Lesson.objects.get(module__course=course, slug="case")
    page.locator(f"#lesson-{case.pk} form[action$='/move/'] button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.check_accessibility()
    assert [les.slug for les in course.lessons()] == ["case", "intro", "video"]
    assert page.locator(f"#lesson-{case.pk}").count() == 1
    # Remove intro: the confirmation says it will be retired.
    with page.expect_navigation():
        page.click(f"#lesson-{intro.pk} a[href$='/remove/']")
    page.check_accessibility()
    assert "廃止" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.check_accessibility()
    assert "レッスンを廃止しました" in page.locator("main").inner_text()
    assert [les.slug for les in course.lessons()] == ["case", "video"]
    course = Course.objects.get(pk=course.pk)
    assert course.version == 3
    # Version history and the first version, read-only.
    with page.expect_navigation():
        page.click("main a[href$='/versions/']")
    page.check_accessibility()
    history = page.locator("main table").inner_text()
    assert "削除されたレッスン: intro" in history and "章またはレッスンの順序を変更" in history
    page.screenshot(path="/tmp/training-version-history.png", full_page=True)
    with page.expect_navigation():
        page.click("main table a:text-is('v1')")
    page.check_accessibility()
    assert (
        "はじめに" in page.locator("main").inner_text()
    )  # the retired lesson is still in version 1
