"""Shared fixtures for the list-parser tests (no Django needed: run with -p no:django)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
if str(REPO / "src") not in sys.path:  # the package is not necessarily installed
    sys.path.insert(0, str(REPO / "src"))

FIXTURES = Path(__file__).parent / "fixtures"
REAL_LISTS = (REPO / ".." / "shared" / "data" / "lists").resolve()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def real_folder(name: str) -> Path:
    """The real list folder, or skip the test when the shared data is absent."""
    folder = REAL_LISTS / name
    if not folder.is_dir():
        pytest.skip(f"real list data not available at {folder}")
    return folder
