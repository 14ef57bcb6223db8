"""The catalogue in the browser: search by number, words and parameters, an entry, a diff, suggestions (axe on every page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).resolve().parents[1] / "classification" / "fixtures"


@pytest.fixture
def catalogue() -> None:
    from anpo.classification import selectors, services

    selectors.invalidate_caches()
    _outcomes, errors = services.catalogue_import_directory(path=FIXTURES, acting_user=None)
    assert errors == {}


def test_a_researcher_searches_reads_an_entry_and_its_changes(
    page: Page, researcher: Any, catalogue: None
) -> None:
    login(page, "researcher")
    page.goto("/classification/")
    assert page.locator("h1").inner_text() == "該非判定"
    page.fill("#id_q", "スペクトラムアナライザー 50 GHz")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    marks = page.locator("main mark").all_inner_texts()
    assert "スペクトラムアナライザー" in marks
    assert "四〇ギガヘルツ" in marks
    page.screenshot(path="/tmp/classification-search.png", full_page=True)

    page.fill("#id_q", "7の項(13)")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    page.click("a.hit-label:has-text('7の項（13）')")
    page.wait_for_load_state("load")
    page.check_accessibility()
    main = page.locator("main").inner_text()
    assert "周波数分析器又は信号分析器" in main
    assert "仕様（貨物等省令）" in main
    assert "第六条第十二号" in main
    assert "出典：e-Gov法令検索（デジタル庁）" in main
    assert page.locator("main ins").first.inner_text() == "又は信号分析器"
    page.screenshot(path="/tmp/classification-entry.png", full_page=True)

    page.click("a:has-text('差分')")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "追加2、削除1、変更6" in page.locator("main").inner_text()
    page.screenshot(path="/tmp/classification-diff.png", full_page=True)


def test_english_search_and_suggestions_in_english(
    page: Page, researcher: Any, catalogue: None
) -> None:
    login(page, "researcher")
    page.goto("/classification/")
    page.click("button[value=en]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    page.goto("/classification/search/?q=signal+analyzers")
    hits = page.locator("ol.hit-list > li").all_inner_texts()
    assert any("Commerce Control List" in hit for hit in hits)
    assert any("スペクトラムアナライザー" in hit for hit in hits)

    page.goto("/classification/suggest/")
    page.fill("#id_description", "Benchtop spectrum analyzer for mmWave device characterisation")
    page.select_option("#id_kind", "goods")
    page.fill("#id_parameters", "max frequency: 50 GHz")
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state("load")
    page.check_accessibility()
    first = page.locator("ol.hit-list > li").first.inner_text()
    assert first.startswith("7の項(13)")
    assert "50 GHz meets the threshold 四〇ギガヘルツ" in first
    assert "not a classification" in page.locator("main").inner_text()
    page.screenshot(path="/tmp/classification-suggest.png", full_page=True)


def test_keyboard_users_reach_the_search_from_the_skip_link(
    page: Page, researcher: Any, catalogue: None
) -> None:
    login(page, "researcher")
    page.goto("/classification/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_q":
            break
    assert page.evaluate("document.activeElement.id") == "id_q"
    page.keyboard.type("第六条第十二号イ")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert "周波数が四〇ギガヘルツを超えるもの" in page.locator("main").inner_text()
