"""Pages and permissions: learners, managers, office staff, auditors and the public verify page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from anpo.training import services
from anpo.training.models import Assignment, Certificate, QuizAttempt
from tests.training.conftest import read_all_lessons, right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def _complete(user, course) -> Certificate:  # type: ignore[no-untyped-def]
    read_all_lessons(user, course)
    attempt = services.attempt_start(user=user, course=course, language="ja")
    services.attempt_submit(user=user, attempt=attempt, answers=right_answers(attempt))
    return Certificate.objects.get(user=user, course=course)


def test_learner_walks_through_a_course_with_the_client(client, researcher, course) -> None:  # type: ignore[no-untyped-def]
    client.force_login(researcher)
    assert client.get("/training/").status_code == 200
    page = client.get("/training/courses/basics/").content.decode()
    assert (
        "輸出管理の基礎" in page and "Export control basics" in page
    )  # active language + the other one
    response = client.post("/training/courses/basics/lessons/intro/")
    assert response["Location"].endswith("/lessons/case/")
    response = client.post("/training/courses/basics/lessons/case/", {"choice": "b"})
    page = client.get("/training/courses/basics/lessons/case/").content.decode()
    assert (
        "不適切です。" in page and 'role="status"' in page
    )  # feedback for the decision and the explanation
    assert "みなし輸出に当たる可能性があります。" in page
    client.post("/training/courses/basics/lessons/video/")
    response = client.post("/training/courses/basics/quiz/")
    attempt = QuizAttempt.objects.get(user=researcher)
    assert response["Location"] == f"/training/attempts/{attempt.pk}/"
    quiz = client.get(response["Location"]).content.decode()
    assert "<fieldset" in quiz and "<legend>" in quiz
    form = {f"q-{k}": v for k, v in wrong_answers(attempt).items()}
    client.post(f"/training/attempts/{attempt.pk}/", form)
    result = client.get(f"/training/attempts/{attempt.pk}/").content.decode()
    assert "0%" in result and "解説" in result
    client.post("/training/courses/basics/quiz/")
    second = QuizAttempt.objects.filter(user=researcher).exclude(pk=attempt.pk).get()
    form = {f"q-{k}": v for k, v in right_answers(second).items()}
    client.post(f"/training/attempts/{second.pk}/", form)
    certificate = Certificate.objects.get(user=researcher)
    pdf = client.get(f"/training/certificates/{certificate.code}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_english_pages_show_english_first(client, researcher, course) -> None:  # type: ignore[no-untyped-def]
    researcher.language = "en"
    researcher.save()
    client.force_login(researcher)
    page = client.get("/training/courses/basics/lessons/intro/").content.decode()
    assert "<h1>Introduction</h1>" in page
    assert (
        'lang="ja"' in page and "安全保障輸出管理は外為法" in page
    )  # the other language is available


def test_furigana_appears_in_a_lesson_when_enabled(client, researcher, course) -> None:  # type: ignore[no-untyped-def]
    client.force_login(researcher)
    assert (
        "<rt>"
        not in client.get("/training/courses/basics/lessons/intro/")
        .content.decode()
        .split("<main")[1]
    )
    researcher.furigana = True
    researcher.save()
    page = client.get("/training/courses/basics/lessons/intro/").content.decode()
    assert "<rt>" in page.split("<main")[1]
    quiz_page = client.get("/training/courses/basics/")
    assert "<rt>" in quiz_page.content.decode().split("<main")[1]


def test_the_glossary_puts_readings_on_kanji_only(client, researcher, course) -> None:  # type: ignore[no-untyped-def]
    course.glossary = [
        *course.glossary,
        {
            "term": {"ja": "インフォーム要件", "en": "informed requirement"},
            "reading": "インフォームようけん",
            "definition": {
                "ja": "通知による要件。",
                "en": "The requirement triggered by a notice.",
            },
        },
        {
            "term": {"ja": "パラメータシート", "en": "parameter sheet"},
            "reading": "",
            "definition": {"ja": "仕様の確認表。", "en": "A specification checklist."},
        },
    ]
    course.save()
    client.force_login(researcher)
    page = client.get("/training/courses/basics/").content.decode()
    assert "インフォーム<ruby>要件<rp>(</rp><rt>ようけん</rt>" in page
    assert "<ruby>該非判定<rp>(</rp><rt>がいひはんてい</rt>" in page
    assert "パラメータシート</span>" in page
    assert "いんふぉーむ" not in page


def test_researchers_see_only_their_own_attempts_and_certificates(
    client, researcher, other_researcher, course
) -> None:  # type: ignore[no-untyped-def]
    cert = _complete(other_researcher, course)
    theirs = QuizAttempt.objects.get(user=other_researcher)
    client.force_login(researcher)
    assert client.get(f"/training/attempts/{theirs.pk}/").status_code == 404
    assert client.get(f"/training/certificates/{cert.code}.pdf").status_code == 404
    assert client.get(f"/training/people/{other_researcher.pk}/record/").status_code == 404
    assert other_researcher.display_name not in client.get("/training/attempts/").content.decode()
    assert client.get("/training/report/").status_code == 403
    assert client.get("/training/assignments/").status_code == 403
    assert client.get("/training/manage/").status_code == 403


def test_department_managers_see_their_subtree_only(
    client, researcher, other_researcher, dept_manager, officer, course
) -> None:  # type: ignore[no-untyped-def]
    services.assignment_create(
        acting_user=officer,
        course=course,
        target=Assignment.Target.ROLE,
        role="researcher",
        due_date=timezone.localdate() + dt.timedelta(days=10),
    )
    _complete(researcher, course)
    client.force_login(dept_manager)
    page = client.get("/training/report/").content.decode()
    assert "researcher" in page and "chemist" not in page
    assert (
        '<svg role="img"' in page and "<desc" in page and "<caption>" in page
    )  # chart with a data-table fallback
    assert "精密研究室" in page and "100%" in page
    assert client.get(f"/training/people/{researcher.pk}/record/").status_code == 200
    assert client.get(f"/training/people/{other_researcher.pk}/record/").status_code == 404
    csv_text = client.get("/training/report.csv").content.decode("utf-8-sig")
    assert "researcher" in csv_text and "chemist" not in csv_text


def test_auditors_read_reports_but_change_nothing(
    client, auditor, officer, researcher, course
) -> None:  # type: ignore[no-untyped-def]
    services.assignment_create(
        acting_user=officer,
        course=course,
        target=Assignment.Target.USER,
        user=researcher,
        due_date=timezone.localdate() + dt.timedelta(days=10),
    )
    client.force_login(auditor)
    assert client.get("/training/report/").status_code == 200
    xlsx = client.get("/training/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "researcher" and rows[1][3] == "輸出管理の基礎"
    assert client.get("/training/assignments/").status_code == 200
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client.post(
        "/training/assignments/",
        {
            "course": course.pk,
            "target": "user",
            "user": researcher.pk,
            "due_date": due,
            "validity_days": 365,
        },
    )
    assert response.status_code == 403
    assert client.post("/training/courses/basics/quiz/").status_code == 403
    assert Assignment.objects.count() == 1


def test_officers_assign_courses_to_a_department(client, officer, org, course) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    response = client.post(
        "/training/assignments/",
        {
            "course": course.pk,
            "target": "unit",
            "org_unit": org["eng"].pk,
            "include_subtree": "on",
            "due_date": due,
            "validity_days": 365,
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.org_unit == org["eng"] and assignment.include_subtree
    bad = client.post(
        "/training/assignments/",
        {"course": course.pk, "target": "unit", "due_date": due, "validity_days": 365},
    )
    assert bad.status_code == 200 and Assignment.objects.count() == 1


def test_the_public_verify_page_confirms_validity_and_nothing_else(
    client, researcher, officer, course
) -> None:  # type: ignore[no-untyped-def]
    cert = _complete(researcher, course)
    page = client.get(f"/verify/{cert.code}/").content.decode()
    assert "この修了証は有効です。" in page
    assert (
        researcher.full_name in page
        and "輸出管理の基礎" in page
        and "Export control basics" in page
    )
    assert researcher.email not in page and "score" not in page.lower()
    assert client.get("/verify/NOSUCHCODE1234567890/").status_code == 404
    Certificate.objects.filter(pk=cert.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assert "有効期限が切れています" in client.get(f"/verify/{cert.code}/").content.decode()
    assert (
        "This certificate has expired."
        in client.get(f"/verify/{cert.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    services.certificate_revoke(certificate=cert, acting_user=officer, reason="test")
    assert "取り消されています" in client.get(f"/verify/{cert.code}/").content.decode()


def test_home_dashboard_shows_due_and_overdue_training(
    client, researcher, dept_manager, officer, course
) -> None:  # type: ignore[no-untyped-def]
    services.assignment_create(
        acting_user=officer,
        course=course,
        target=Assignment.Target.USER,
        user=researcher,
        due_date=timezone.localdate() + dt.timedelta(days=3),
    )
    client.force_login(researcher)
    assert "輸出管理の基礎" in client.get("/").content.decode()
    Assignment.objects.update(due_date=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(dept_manager)
    page = client.get("/").content.decode()
    assert "/training/report/" in page


def test_authoring_creates_versions_and_sanitises_html(client, officer, course) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    lesson = course.lessons().get(slug="intro")
    vtt = io.BytesIO("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n輸出管理の説明です。\n".encode())
    vtt.name = "ja.vtt"
    response = client.post(
        f"/training/manage/courses/basics/lessons/{lesson.pk}/",
        {
            "module": lesson.module.pk,
            "slug": "intro",
            "order": 0,
            "kind": "video",
            "title_ja": "はじめに",
            "title_en": "Introduction",
            "body_ja": "<p>本文<script>x()</script></p>",
            "body_en": "<p>Body</p>",
            "video_url": "https://example.org/v.mp4",
            "captions_ja": vtt,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson.refresh_from_db()
    course.refresh_from_db()
    assert "script" not in lesson.body_ja and course.version == 2
    page = client.get("/training/courses/basics/lessons/intro/").content.decode()
    assert (
        '<track kind="captions" srclang="ja"' in page
        and "輸出管理の説明です。" in page
        and "transcript__cue" in page
    )
    response = client.post(
        "/training/manage/courses/basics/questions/new/",
        {
            "key": "new1",
            "kind": "single",
            "text_ja": "新しい質問",
            "text_en": "New question",
            "explanation_ja": "解説",
            "explanation_en": "Why",
            "is_active": "on",
            "choices_text": "*はい | Yes\nいいえ | No",
        },
    )
    assert response.status_code == 302
    assert course.questions.get(key="new1").choices[0] == {
        "key": "a",
        "text": {"ja": "はい", "en": "Yes"},
        "correct": True,
    }


def test_course_package_round_trip(client, officer, course) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    package = client.get("/training/manage/courses/basics/export/")
    assert package.status_code == 200
    import json
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(package.content))
    data = json.loads(archive.read("course.json"))
    data["slug"] = "basics-copy"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("course.json", json.dumps(data))
    buffer.seek(0)
    buffer.name = "copy.zip"
    client.post("/training/manage/courses/import/", {"file": buffer})
    from anpo.training.models import Course

    copy = Course.objects.get(slug="basics-copy")
    assert (
        copy.lessons().count() == course.lessons().count()
        and copy.questions.count() == course.questions.count()
    )


def test_api_reports_status_and_validity(client, researcher, officer, course) -> None:  # type: ignore[no-untyped-def]
    services.assignment_create(
        acting_user=officer,
        course=course,
        target=Assignment.Target.USER,
        user=researcher,
        due_date=timezone.localdate() + dt.timedelta(days=3),
    )
    client.force_login(researcher)
    assert client.get("/api/training/status/").json()["requirements"][0]["status"] == "due"
    assert client.get("/api/training/valid/basics/").json()["valid"] is False
    _complete(researcher, course)
    assert client.get("/api/training/valid/basics/").json()["valid"] is True


def test_api_validity_of_another_person_follows_visibility(
    client, researcher, other_researcher, officer, course
) -> None:  # type: ignore[no-untyped-def]
    _complete(researcher, course)
    client.force_login(officer)
    answer = client.get("/api/training/valid/basics/", {"username": "researcher"}).json()
    assert answer == {"username": "researcher", "course": "basics", "valid": True}
    client.force_login(other_researcher)
    assert client.get("/api/training/valid/basics/", {"username": "researcher"}).status_code == 403


def test_officers_revoke_a_certificate_with_a_reason(client, officer, researcher, course) -> None:  # type: ignore[no-untyped-def]
    cert = _complete(researcher, course)
    client.force_login(researcher)
    assert (
        client.post(f"/training/certificates/{cert.code}/revoke/", {"reason": "mine"}).status_code
        == 403
    )
    client.force_login(officer)
    assert cert.code in client.get(f"/training/people/{researcher.pk}/record/").content.decode()
    client.post(f"/training/certificates/{cert.code}/revoke/", {"reason": ""})
    cert.refresh_from_db()
    assert cert.revoked_at is None
    client.post(f"/training/certificates/{cert.code}/revoke/", {"reason": "issued in error"})
    cert.refresh_from_db()
    assert cert.revoked_at is not None and cert.revoked_reason == "issued in error"


def test_office_authors_a_scenario_lesson_in_the_browser_form(client, officer, course) -> None:  # type: ignore[no-untyped-def]
    import json

    client.force_login(officer)
    module = course.modules.first()
    base = {
        "module": module.pk,
        "slug": "new-case",
        "order": 5,
        "kind": "scenario",
        "title_ja": "新しい事例",
        "title_en": "New case",
        "body_ja": "<p>状況</p>",
        "body_en": "<p>Situation</p>",
    }
    bad = client.post(
        "/training/manage/courses/basics/lessons/new/",
        {**base, "scenario": json.dumps({"prompt": {"ja": "どうする", "en": "What"}})},
    )
    assert bad.status_code == 200 and not course.lessons().filter(slug="new-case").exists()
    scenario = {
        "prompt": {"ja": "どうしますか", "en": "What do you do?"},
        "options": [
            {
                "key": "a",
                "text": {"ja": "相談する", "en": "Ask"},
                "correct": True,
                "feedback": {"ja": "正解", "en": "Right"},
            },
            {
                "key": "b",
                "text": {"ja": "提供する", "en": "Share"},
                "correct": False,
                "feedback": {"ja": "不適切", "en": "Wrong"},
            },
        ],
        "explanation": {"ja": "<p>解説</p>", "en": "<p>Why</p>"},
    }
    response = client.post(
        "/training/manage/courses/basics/lessons/new/",
        {**base, "scenario": json.dumps(scenario, ensure_ascii=False)},
    )
    assert response.status_code == 302
    lesson = course.lessons().get(slug="new-case")
    assert lesson.scenario["options"][0]["correct"] is True
    course.refresh_from_db()
    assert course.version == 2


VTT_JA = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n該非判定を行います。\n"
VTT_EN = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWe classify the item.\n"


def _video_lesson(course, officer, captions):  # type: ignore[no-untyped-def]
    lesson = course.lessons().get(slug="video")
    lesson.video_url = "https://media.invalid/lesson.mp4"
    services.lesson_save(
        lesson=lesson,
        acting_user=officer,
        captions={k: io.BytesIO(v.encode()) for k, v in captions.items()},
    )
    return lesson


def test_transcript_language_is_chosen_independently_of_the_ui_language(
    client, course, officer, researcher
) -> None:  # type: ignore[no-untyped-def]
    import re

    _video_lesson(course, officer, {"ja": VTT_JA, "en": VTT_EN})
    client.force_login(researcher)  # Japanese UI
    page = client.get("/training/courses/basics/lessons/video/").content.decode()
    assert re.search(r'<track[^>]*srclang="ja"[^>]*default', page) and not re.search(
        r'<track[^>]*srclang="en"[^>]*default', page
    )
    assert (
        re.search(r'<ol class="transcript" id="transcript-ja" lang="ja"[^>]*>', page)
        .group(0)
        .find("hidden")
        == -1
    )
    assert (
        re.search(r'<ol class="transcript" id="transcript-en" lang="en"[^>]*>', page)
        .group(0)
        .endswith("hidden>")
    )
    page = client.get("/training/courses/basics/lessons/video/?transcript=en").content.decode()
    assert (
        re.search(r'<ol class="transcript" id="transcript-ja" lang="ja"[^>]*>', page)
        .group(0)
        .endswith("hidden>")
    )
    assert 'data-transcript="en" aria-current="true"' in page
    assert '<html lang="ja"' in page  # the UI stays Japanese
    researcher.language = "en"
    researcher.save()
    page = client.get("/training/courses/basics/lessons/video/").content.decode()
    assert re.search(r'<track[^>]*srclang="en"[^>]*default', page)
    assert (
        re.search(r'<ol class="transcript" id="transcript-ja" lang="ja"[^>]*>', page)
        .group(0)
        .endswith("hidden>")
    )


def test_with_one_caption_track_it_is_the_default_and_no_switch_is_offered(
    client, course, officer, researcher
) -> None:  # type: ignore[no-untyped-def]
    import re

    _video_lesson(course, officer, {"en": VTT_EN})
    client.force_login(researcher)
    page = client.get("/training/courses/basics/lessons/video/").content.decode()
    assert re.search(r'<track[^>]*srclang="en"[^>]*default', page)
    assert "transcript-switch" not in page and 'id="transcript-en" lang="en"' in page
