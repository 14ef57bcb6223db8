"""Fixtures for screening tests: invented list files in the official layouts, imported snapshots."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

PARSER_FIXTURES = Path(__file__).parent / "parsers" / "fixtures"

HEADER = "id,name,type,aliases,native_names,country,birth_date,remarks,programs\n"
WATCHLIST_V1 = HEADER + (
    "W-1,Zentrovia Advanced Materials Institute,organization,ZAMI,ゼントロヴィア先端材料研究所,IR,,invented,demo\n"
    "W-2,Kalvoria Precision Machinery Co. Ltd.,organization,Kalvoria Machinery,,CN,,invented,demo\n"
    "W-3,Boris Vetrenko,person,Borys Vetrenko,Борис Ветренко,RU,1971-04-12,invented,demo\n"
    "W-4,Hanzel Quorra Trading LLC,organization,HQ Trading,,AE,,invented,demo\n"
)


def watchlist(*rows: str) -> str:
    return HEADER + "".join(r if r.endswith("\n") else r + "\n" for r in rows)


def _is_parser_test(request: pytest.FixtureRequest) -> bool:
    """The parser tests below run without Django (-p no:django): leave them alone."""
    return "parsers" in Path(str(request.node.path)).parts


@pytest.fixture(autouse=True)
def _fresh_engine_cache(request: pytest.FixtureRequest) -> Iterator[None]:
    if _is_parser_test(request):
        yield
        return
    from anpo.screening import engine

    engine.cache_clear()
    yield
    engine.cache_clear()


@pytest.fixture
def write_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write(name: str, text: str) -> Path:
        path = tmp_path / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def imported_watchlist(db, write_file, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """The invented internal watch list, imported and active."""
    from anpo.screening import services

    path = write_file("watchlist_v1.csv", WATCHLIST_V1)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.list_snapshot_import(source="internal", path=path, acting_user=None)
    return outcome.snapshot


@pytest.fixture
def invented_lists_dir(tmp_path: Path) -> Path:
    """A lists directory like shared/data/lists, built from invented files in the official formats."""
    root = tmp_path / "lists"
    layout = {
        "un-sc": ["un_consolidated.xml"],
        "us-csl": ["csl.csv"],
        "bis-dpl": ["dpl.txt"],
        "meti-eul": ["meti_eul.html"],
    }
    for folder, names in layout.items():
        (root / folder).mkdir(parents=True)
        for name in names:
            shutil.copy(PARSER_FIXTURES / name, root / folder / name)
    (root / "internal").mkdir()
    (root / "internal" / "watchlist.csv").write_text(WATCHLIST_V1, encoding="utf-8")
    (root / "unknown-folder").mkdir()  # ignored
    return root


@pytest.fixture(autouse=True)
def _private_var_dir(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """The CLI caches built indexes in VAR_DIR/cache: keep tests out of the real var/."""
    if not _is_parser_test(request):
        request.getfixturevalue("settings").VAR_DIR = tmp_path / "var"


@pytest.fixture(autouse=True)
def _english_messages(request: pytest.FixtureRequest) -> Iterator[None]:
    """Service messages are asserted in English (the pages are tested through the locale middleware)."""
    if _is_parser_test(request):
        yield
        return
    from django.utils import translation

    with translation.override("en"):
        yield
