"""Fixtures for the classification app: the fixture catalogue imported into the test database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True)
def _fresh_catalogue_caches(request: pytest.FixtureRequest) -> Iterator[None]:
    if "catalogue" in Path(str(request.node.path)).parts:  # the Django-free package tests
        yield
        return
    from anpo.classification import selectors

    selectors.invalidate_caches()
    yield
    selectors.invalidate_caches()


@pytest.fixture
def imported(db: None) -> dict[str, object]:
    """The fixture folder imported: 輸出令 2026-02-14 and 2026-06-05, ordinance, 外為令, CCL, EU."""
    from anpo.classification import services

    outcomes, errors = services.catalogue_import_directory(path=FIXTURES, acting_user=None)
    assert errors == {}
    return {
        o.version.instrument.code + ("@" + str(o.version.legal_text_date)): o.version
        for o in outcomes
    }
