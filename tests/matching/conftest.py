"""Fixtures for the matching engine tests (Django-free: run with ``-p no:django``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from anpo.matching import (  # noqa: E402
    EntityKind,
    ListEntry,
    ListName,
    MatchIndex,
    NameKind,
    build_index,
)

P = EntityKind.PERSON
ORG = EntityKind.ORGANIZATION
A = NameKind.ALIAS
OS = NameKind.ORIGINAL_SCRIPT
W = NameKind.WEAK_ALIAS


def _e(
    eid: str,
    kind: EntityKind,
    *names: ListName | str,
    countries: tuple[str, ...] = (),
    dob: tuple[str, ...] = (),
) -> ListEntry:
    return ListEntry(
        source="test-list",
        entry_id=eid,
        kind=kind,
        names=tuple(n if isinstance(n, ListName) else ListName(n) for n in names),
        countries=countries,
        birth_dates=dob,
    )


# Invented entries plus a few generic public figures (no list data is copied here).
ENTRIES: tuple[ListEntry, ...] = (
    _e(
        "putin",
        P,
        "PUTIN, Vladimir Vladimirovich",
        ListName("Владимир Владимирович Путин", OS, "ru"),
        countries=("RU",),
        dob=("1952-10-07",),
    ),
    _e("kim", P, "KIM Jong Un", ListName("김정은", OS, "ko"), countries=("KP",)),
    _e("tsipras", P, "Alexis Tsipras", ListName("Αλέξης Τσίπρας", OS, "el"), countries=("GR",)),
    _e("baghdadi", P, "Abu Bakr al-Baghdadi", ListName("Ibrahim Awad al-Badri", A)),
    _e("hassan", P, "Muhammad Hassan Qureshi", ListName("محمد حسن قریشی", OS, "fa")),
    _e(
        "aurora",
        ORG,
        "Aurora Precision Optics Co., Ltd.",
        ListName("极光精密光学有限公司", OS, "zh"),
        countries=("CN",),
    ),
    _e(
        "tokai",
        ORG,
        "Tokai Kogaku Kenkyusho K.K.",
        ListName("東海光学研究所株式会社", OS, "ja"),
        countries=("JP",),
    ),
    _e("numbered", ORG, "11420 Corp."),
    _e("novak", P, "Jan NOVAK", ListName("J. Novak", W), countries=("CZ",), dob=("1970-05-01",)),
    _e("smith-org", ORG, "Smith Logistics GmbH", countries=("DE",)),
    _e("smith-person", P, "Smith, Logan", countries=("US",)),
    _e(
        "farhad",
        P,
        "Farhad Rezaei Mohammadi",
        ListName("ファルハド・レザエイ・モハンマディ", OS, "ja"),
    ),
)


@pytest.fixture(scope="session")
def index() -> MatchIndex:
    return build_index(ENTRIES)
