"""Fixtures for the Django-free catalogue tests (they also run with ``-p no:django``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHARED_CONTROL_LISTS = Path(__file__).resolve().parents[4] / "shared" / "data" / "control-lists"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def shared_control_lists() -> Path:
    if not (SHARED_CONTROL_LISTS / "jp-law" / "export-order-appendix1.json").is_file():
        pytest.skip(
            f"the shared control lists are not at {SHARED_CONTROL_LISTS} (../shared beside the checkout)"
        )
    return SHARED_CONTROL_LISTS
