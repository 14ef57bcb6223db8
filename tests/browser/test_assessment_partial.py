"""The determination partial in a real browser: axe-core finds no violations, in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("tests.assessment.pages"),
    pytest.mark.django_db,
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_determination_partial_is_accessible(page: Any, language: str) -> None:
    page.context.add_cookies([{"name": "anpo_language", "value": language, "url": page.base_url}])
    page.goto("/test-determinations/")
    page.click("#determination-sample-licence ~ details summary >> nth=0")  # open a <details>
    page.check_accessibility()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"determination-{language}.png"), full_page=True)
    assert page.locator("#determination-sample-open").is_visible()
