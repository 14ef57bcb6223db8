"""E-learning end to end in chromium: an officer assigns a course to a department, reminders go out,
a researcher reads the lessons, fails then passes the quiz, downloads the certificate and opens its
public verify page, and the department manager sees the result in the report. axe-core runs on every page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/tmp")
COURSE = "why-export-control"


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


def _answer(page, attempt, *, correct: bool) -> None:  # type: ignore[no-untyped-def]
    for question in attempt.questions:
        keys = [c["key"] for c in question["choices"] if c["correct"] is correct]
        if not correct:
            keys = keys[:1]
        for key in keys:
            page.check(f"#q-{question['key']}-{key}")


def test_assign_remind_learn_fail_pass_certify_verify_report(
    page, officer, researcher, dept_manager, org
) -> None:  # type: ignore[no-untyped-def]
    from anpo.training.models import Certificate, Course, QuizAttempt
    from anpo.training.services import load_bundled_content

    load_bundled_content()
    course = Course.objects.get(slug=COURSE)
    due = timezone.localdate() + dt.timedelta(days=20)

    # 1. The officer assigns the course to the engineering faculty (and its sub-units).
    login(page, "officer")
    page.goto("/training/assignments/")
    page.select_option("#id_course", str(course.pk))
    page.check("input[name=target][value=unit]")
    page.select_option("#id_org_unit", str(org["eng"].pk))
    page.fill("#id_due_date", due.isoformat())
    page.fill("#id_validity_days", "365")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "工学部" in page.locator("main table").inner_text()
    page.goto("/training/manage/")
    page.goto(f"/training/manage/courses/{COURSE}/")
    _logout(page)

    # 2. Reminders: three days before the due date, then overdue with escalation to the manager.
    call_command("training", "send-reminders", "--today", (due - dt.timedelta(days=3)).isoformat())
    assert [m for m in mail.outbox if m.to == [researcher.email]]
    call_command("training", "send-reminders", "--today", (due + dt.timedelta(days=1)).isoformat())
    escalations = [
        m for m in mail.outbox if m.to == [dept_manager.email] and researcher.full_name in m.body
    ]
    assert len(escalations) == 1
    count = len(mail.outbox)
    call_command("training", "send-reminders", "--today", (due + dt.timedelta(days=1)).isoformat())
    assert len(mail.outbox) == count

    # 3. The researcher reads every lesson (a scenario needs a decision).
    login(page, "researcher")
    page.goto("/training/")
    page.goto(f"/training/courses/{COURSE}/")
    page.screenshot(path=str(SCREENSHOTS / "training-course-ja.png"), full_page=True)
    page.click("text=コースを始める")
    page.wait_for_load_state("load")
    page.check_accessibility()
    for _ in range(30):
        if "/lessons/" not in page.url:
            break
        if page.locator("input[name=choice]").count():
            page.locator("input[name=choice]").first.check()
            page.click("form.stack button[type=submit]")
            page.wait_for_load_state("load")
            page.check_accessibility()
            assert page.locator("#decision-feedback[role=status]").count() == 1
            page.locator(".lesson-nav a.button--primary").click()
        else:
            page.locator(".lesson-nav button[type=submit]").click()
        page.wait_for_load_state("load")
        page.check_accessibility()
    assert page.url.endswith(f"/training/courses/{COURSE}/")
    assert (
        course.lessons().count()
        == researcher.lesson_progress.filter(completed_at__isnull=False).count()
    )

    # 4. A failed quiz, then a passed one.
    page.click("text=確認テストを受ける")
    page.wait_for_load_state("load")
    page.check_accessibility()
    page.screenshot(path=str(SCREENSHOTS / "training-quiz-ja.png"), full_page=True)
    attempt = QuizAttempt.objects.get(user=researcher)
    _answer(page, attempt, correct=False)
    page.click("form.quiz button[type=submit]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "不合格" in page.locator("#quiz-result").inner_text()
    page.click("text=もう一度受ける")
    page.wait_for_load_state("load")
    page.check_accessibility()
    second = QuizAttempt.objects.filter(user=researcher, submitted_at__isnull=True).get()
    _answer(page, second, correct=True)
    page.click("form.quiz button[type=submit]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "合格しました" in page.locator("#quiz-result").inner_text()
    certificate = Certificate.objects.get(user=researcher, course=course)

    # 5. The certificate PDF and its public verification page.
    with page.expect_download() as download_info:
        page.click("#quiz-result a")
    pdf_path = SCREENSHOTS / "training-certificate.pdf"
    download_info.value.save_as(str(pdf_path))
    assert pdf_path.read_bytes().startswith(b"%PDF")
    page.goto("/training/record/")
    _logout(page)
    page.goto(f"/verify/{certificate.code}/")
    assert "有効" in page.locator("main").inner_text()
    assert researcher.full_name in page.locator("main").inner_text()

    # 6. The department manager sees the completion in the report.
    login(page, "manager")
    page.goto("/training/report/")
    table = page.locator("main table").nth(0).inner_text()
    assert "精密研究室" in table
    assert "researcher" in page.locator("main").inner_text()
    page.goto(f"/training/people/{researcher.pk}/record/")
    assert certificate.code in page.locator("main").inner_text()
