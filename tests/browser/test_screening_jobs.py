"""Background list import and party import in the browser (Japanese UI, axe-core on every page, JS auto-refresh)."""

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
def fresh_engine():  # type: ignore[no-untyped-def]
    from anpo.screening import engine

    engine.cache_clear()
    yield
    engine.cache_clear()


def test_list_upload_page_refreshes_itself_until_the_import_is_done(
    page, officer, fresh_engine, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from anpo.screening import services, tasks
    from anpo.screening.models import ListImportJob

    queued: list[int] = []

    class Worker:  # the job waits until this test plays the worker
        @staticmethod
        def enqueue(**kwargs):  # type: ignore[no-untyped-def]
            queued.append(kwargs["job_id"])

    monkeypatch.setattr(tasks, "list_import_job_run_task", Worker)
    upload = tmp_path / "watch.csv"
    upload.write_text(WATCHLIST, encoding="utf-8")
    login(page, "officer")
    page.goto("/screening/lists/")
    page.select_option("#id_source", "internal")
    page.set_input_files("#id_files", str(upload))
    page.click("button:has-text('取り込む')")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "待機中" in page.locator("#job-status-text").inner_text()
    assert queued == [ListImportJob.objects.get().pk]

    services.list_import_job_run(
        job_id=queued[0]
    )  # the worker finishes; the page reloads by itself
    page.wait_for_selector("text=取り込んで有効にしました", timeout=15000)
    page.check_accessibility()
    assert "新しい版と変更内容を見る" in page.locator("main").inner_text()
    page.screenshot(path="/tmp/screening-list-import.png", full_page=True)

    bad = tmp_path / "bad.csv"
    bad.write_text("identifier,fullname\nX,Y\n", encoding="utf-8")
    page.goto("/screening/lists/")
    page.select_option("#id_source", "internal")
    page.set_input_files("#id_files", str(bad))
    page.click("button:has-text('取り込む')")
    page.wait_for_load_state("load")
    services.list_import_job_run(job_id=queued[-1])
    page.wait_for_selector("text=前の版を引き続き使用します", timeout=15000)
    page.check_accessibility()
    assert page.locator("[role=alert]").count() >= 1
    page.goto("/screening/lists/")
    assert page.locator("table").nth(1).locator("tbody tr").count() == 2  # both imports listed


def test_party_import_reports_errors_then_creates_and_screens(
    page, researcher, fresh_engine, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from anpo.screening import services
    from anpo.screening.models import Party

    path = tmp_path / "w.csv"
    path.write_text(WATCHLIST, encoding="utf-8")
    services.list_snapshot_import(source="internal", path=path, acting_user=None, rescreen=False)
    login(page, "researcher")
    page.goto("/screening/parties/")
    page.click("text=相手方を一括登録（CSV/XLSX）")
    page.wait_for_load_state("load")
    page.check_accessibility()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,country,birth_date\nAlpha Trading,XX,\nBeta Person,,1990-02-31\n", encoding="utf-8"
    )
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('ファイルを検査')")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "2 件の問題" in page.locator("main").inner_text()
    assert not Party.objects.exists()

    good = tmp_path / "good.csv"
    good.write_text(
        "id,name,type,country,relationship\n1,Boris Vetrenko,person,RU,visitor\n2,Quillon Seaview Logistics,organization,SG,consignee\n",
        encoding="utf-8",
    )
    page.goto("/screening/parties/import/")
    page.set_input_files("#id_file", str(good))
    page.click("button:has-text('ファイルを検査')")
    page.wait_for_load_state("load")
    page.check_accessibility()
    page.click("button:has-text('2 件の相手方を登録して審査する')")
    page.wait_for_load_state("load")
    page.wait_for_selector("text=完了", timeout=20000)
    page.check_accessibility()
    assert Party.objects.count() == 2
    page.goto("/screening/parties/")
    listing = page.locator("main").inner_text()
    assert "確認待ちのヒット 1 件" in listing and "ヒットなし" in listing
    page.screenshot(path="/tmp/screening-parties.png", full_page=True)
