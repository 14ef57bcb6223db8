"""Lesson and quiz pages with the reading aids (furigana, contrast, font size), a video lesson with
captions and an interactive transcript in English, and the office's authoring pages, all axe-clean."""

from __future__ import annotations

import io

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VTT_JA = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n該非判定を行います。\n\n00:00:05.000 --> 00:00:08.000\n役務取引にも注意します。\n"
VTT_EN = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWe classify the item.\n\n00:00:05.000 --> 00:00:08.000\nMind transfers of technology too.\n"


@pytest.fixture
def video_course(officer):  # type: ignore[no-untyped-def]
    from anpo.training import services
    from tests.training.conftest import small_course_data

    course, _ = services.course_load_from_dict(data=small_course_data())
    lesson = course.lessons().get(slug="video")
    lesson.video_url = "https://media.invalid/lesson.mp4"
    services.lesson_save(
        lesson=lesson,
        acting_user=officer,
        captions={"ja": io.BytesIO(VTT_JA.encode()), "en": io.BytesIO(VTT_EN.encode())},
    )
    return course


def test_reading_aids_work_on_lesson_and_quiz_pages(page, researcher, video_course) -> None:  # type: ignore[no-untyped-def]
    login(page, "researcher")
    page.goto("/training/courses/basics/lessons/intro/")
    assert page.locator("main rt").count() == 0
    page.click("button[data-pref=furigana]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert page.locator("main .lesson-body rt").count() > 0  # 外為法 etc. get readings
    page.click("button[data-pref=contrast][value=high]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    page.click("button[data-pref=font_size][value=x-large]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "font-x-large" in page.locator("html").get_attribute("class")
    page.goto("/training/courses/basics/")
    page.click("form[action$='/quiz/'] button")  # its label now carries ruby
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert page.locator("fieldset.question legend").count() == 4
    assert page.locator("main legend rt").count() > 0


def test_video_lesson_has_captions_and_an_interactive_transcript_in_english(
    page, researcher, video_course
) -> None:  # type: ignore[no-untyped-def]
    researcher.language = "en"
    researcher.save()
    login(page, "researcher")
    page.goto("/training/courses/basics/lessons/video/")
    assert page.locator("video track[srclang=en][default]").count() == 1
    assert page.locator("video track[srclang=ja]").count() == 1
    cues = page.locator("ol.transcript:visible .transcript__cue")
    assert cues.count() == 2 and "We classify the item." in cues.first.inner_text()
    assert page.locator("ol.transcript:visible").get_attribute("lang") == "en"
    assert cues.nth(1).get_attribute("data-start") == "5.0"
    cues.nth(
        1
    ).click()  # seeks the player (the media URL does not resolve here, so only the handler runs)
    page.screenshot(path="/tmp/training-video-en.png", full_page=True)
    # The transcript switches to Japanese with the keyboard, without reloading the page (the UI stays English).
    page.evaluate("window.__sameDocument = true")
    page.locator(".transcript-switch a[data-transcript=ja]").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('transcript-en').hidden")
    assert page.evaluate("window.__sameDocument") is True
    visible = page.locator("ol.transcript:visible")
    assert visible.count() == 1 and visible.get_attribute("lang") == "ja"
    assert "該非判定を行います。" in visible.inner_text()
    assert (
        page.locator(".transcript-switch a[data-transcript=ja]").get_attribute("aria-current")
        == "true"
    )
    assert page.locator("html").get_attribute("lang") == "en"
    assert "transcript=ja" in page.url
    page.check_accessibility()
    page.screenshot(path="/tmp/training-video-en-transcript-ja.png", full_page=True)
    page.goto("/training/courses/basics/lessons/case/")
    page.check("#choice-a")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "Right." in page.locator("#decision-feedback").inner_text()


def test_authoring_pages_are_accessible(page, officer, video_course) -> None:  # type: ignore[no-untyped-def]
    login(page, "officer")
    for path in [
        "/training/manage/",
        "/training/manage/courses/new/",
        "/training/manage/courses/basics/",
        "/training/manage/courses/basics/lessons/new/",
        "/training/manage/courses/basics/questions/new/",
        "/training/report/",
        "/training/attempts/",
        "/training/record/",
    ]:
        page.goto(path)
    page.goto("/training/manage/courses/new/")
    page.fill("#id_slug", "new-course")
    page.fill("#id_title_ja", "新しいコース")
    page.fill("#id_title_en", "A new course")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert page.url.endswith("/training/manage/courses/new-course/")


SCO_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>SCO</title></head>
<body><main><h1>Mini module</h1><p id="state">starting</p></main>
<script>
var api = window.parent.API;
api.LMSInitialize("");
api.LMSSetValue("cmi.core.score.raw", "90");
api.LMSSetValue("cmi.core.lesson_status", "passed");
api.LMSCommit("");
document.getElementById("state").textContent = "sent";
</script></body></html>"""


def test_a_scorm_package_reports_completion_through_the_js_adapter(
    page, officer, researcher
) -> None:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    from anpo.training import services
    from anpo.training.models import Course, Lesson, ScormRecord
    from tests.training.test_scorm_and_ops import MANIFEST_12

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", MANIFEST_12)
        archive.writestr("index.html", SCO_HTML)
    buffer.seek(0)
    course = Course.objects.create(
        slug="scorm-course", title_ja="SCORM コース", title_en="SCORM course"
    )
    package = services.scorm_package_import(acting_user=officer, upload=buffer, course=course)
    lesson = Lesson.objects.get(scorm_package=package)
    login(page, "researcher")
    page.goto(f"/training/courses/scorm-course/lessons/{lesson.slug}/")
    page.frame_locator("iframe.scorm-frame").locator("#state").filter(has_text="sent").wait_for()
    page.wait_for_function(
        "() => document.getElementById('scorm-status').textContent.indexOf('記録') >= 0"
    )
    record = ScormRecord.objects.get(user=researcher, package=package)
    assert record.is_complete and record.score == 90
    assert researcher.training_completions.filter(course=course).exists()
