"""The reusable partial renders a determination accessibly in both languages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from tests.assessment.pages import fragment


def test_the_partial_shows_the_verdict_grounds_questions_and_versions_in_japanese() -> None:
    with translation.override("ja"):
        html = fragment()
    assert "許可が必要です" in html
    assert "リスト規制：該当品目です" in html
    assert "審査担当者が確認すべき論点" in html
    assert "外国為替及び外国貿易法第25条第1項" in html
    assert "ルールパックと法令表の版（再現用）" in html


def test_the_partial_renders_in_english() -> None:
    with translation.override("en"):
        html = fragment()
    assert "A licence is required" in html
    assert "Exemptions considered" in html
    assert "Basic scientific research (基礎科学分野の研究活動)" in html


def test_the_heading_level_fits_the_page() -> None:
    with translation.override("en"):
        html = fragment()
    assert '<h3 id="determination-sample-licence"' in html
    assert "<h4>" in html
    assert "<h2" not in html


def test_the_legal_references_are_marked_as_japanese_text() -> None:
    with translation.override("en"):
        html = fragment()
    assert '<span lang="ja">外為法48条1項</span>' in html


@pytest.mark.urls("tests.assessment.pages")
def test_the_test_page_renders_inside_the_site_layout(client: Client) -> None:
    response = client.get("/test-determinations/")
    assert response.status_code == 200
    assert "determination-sample-open" in response.content.decode()
