"""Screening in the browser: an officer screens a name, reads the explanation, disposes the hit (axe-core on every page)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCHLIST = (
    "id,name,type,aliases,native_names,country,birth_date,remarks,programs\n"
    "W-1,Zentrovia Advanced Materials Institute,organization,ZAMI,ゼントロヴィア先端材料研究所,IR,,invented,demo\n"
    "W-3,Boris Vetrenko,person,Borys Vetrenko,Борис Ветренко,RU,1971-04-12,invented person,demo\n"
)


@pytest.fixture
def watchlist(tmp_path):  # type: ignore[no-untyped-def]
    from anpo.screening import engine, services

    engine.cache_clear()
    path = tmp_path / "watch.csv"
    path.write_text(WATCHLIST, encoding="utf-8")
    snapshot = services.list_snapshot_import(
        source="internal", path=path, acting_user=None, rescreen=False
    ).snapshot
    yield snapshot
    engine.cache_clear()


def test_officer_screens_reads_explanation_and_disposes(page, officer, watchlist) -> None:  # type: ignore[no-untyped-def]
    from anpo.records.models import AuditEvent
    from anpo.screening.models import Hit

    login(page, "officer")
    page.goto("/screening/")
    assert page.locator("h1").inner_text() == "取引相手のスクリーニング"
    page.fill("#id_name", "Boris Vetrenko")
    page.select_option("#id_kind", "person")
    page.fill("#id_country", "RU")
    page.click("form.stack button[type=submit].button--primary")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "/screening/screenings/" in page.url
    main = page.locator("main").inner_text()
    assert "Boris Vetrenko" in main and "語の対応" in main and "W-3" in main
    page.screenshot(path="/tmp/screening.png", full_page=True)

    page.click("text=確認して判断する")
    page.wait_for_load_state("load")
    page.check_accessibility()
    page.check("input[name=decision][value=false_positive]")
    page.click("button:has-text('判断を記録する')")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert page.locator(".field--error").count() == 1  # a false positive needs a reason
    page.check("input[name=decision][value=false_positive]")
    page.fill("#id_reason", "生年月日が異なる別人（1990年生まれの留学生）")
    page.click("button:has-text('判断を記録する')")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "判断を記録しました" in page.locator(".messages").inner_text()
    hit = Hit.objects.get()
    assert hit.status == Hit.Status.FALSE_POSITIVE
    assert AuditEvent.objects.filter(action="screening.hit.dispose").count() == 1
    page.screenshot(path="/tmp/screening-hit.png", full_page=True)

    for path in (
        "/screening/queue/",
        "/screening/lists/",
        f"/screening/lists/snapshots/{watchlist.pk}/",
        "/screening/parties/",
        "/screening/screenings/",
        "/screening/batch/",
        "/screening/parties/new/",
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1
        if path == "/screening/lists/":
            page.screenshot(path="/tmp/screening-lists.png", full_page=True)


def test_researcher_saves_party_and_uploads_a_batch(page, researcher, watchlist, tmp_path) -> None:  # type: ignore[no-untyped-def]
    login(page, "researcher")
    page.goto("/screening/")
    page.fill("#id_name", "Zentrovia Advanced Materials Institute")
    page.click("form.stack button[type=submit].button--primary")
    page.wait_for_load_state("load")
    page.check_accessibility()
    page.select_option("#id_relationship", "joint_research")
    page.click("button:has-text('相手方を登録する')")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "登録しました" in page.locator("main").inner_text()

    upload = tmp_path / "names.csv"
    upload.write_text(
        "id,name,type\n1,Boris Vetrenko,person\n2,Nobody Invented,\n", encoding="utf-8"
    )
    page.goto("/screening/batch/")
    page.set_input_files("#id_file", str(upload))
    page.click("button:has-text('アップロードして審査')")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert page.locator("progress").count() == 1
    page.wait_for_selector("text=結果をダウンロード（CSV）", timeout=20000)
    page.check_accessibility()
