"""Change impact without caps: every added/changed entry, page by page, against every stored screening and saved party."""

from __future__ import annotations

import os
import random
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from anpo.matching import (
    ALGORITHM,
    DEFAULT_REVIEW_THRESHOLD,
    VERSION,
    EntityKind,
    Query,
    build_index,
)
from anpo.screening import selectors, services
from anpo.screening.entries import entry_from_dict
from anpo.screening.models import ListSnapshot, Party, Screening
from anpo.screening.workarounds import augment_entry

from .conftest import WATCHLIST_V1

SYLLABLES = (
    "ka",
    "lo",
    "mir",
    "vet",
    "zan",
    "tor",
    "quo",
    "bel",
    "dra",
    "sen",
    "pol",
    "rik",
    "ush",
    "ven",
    "gal",
    "nor",
)


def _word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def _typo(rng: random.Random, name: str) -> str:
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1 :] if name[i] != " " else name


def _entries_csv(rng: random.Random, count: int) -> tuple[str, list[str]]:
    names = [
        f"{_word(rng)} {_word(rng)} {rng.choice(['Institute', 'Trading', 'Works', 'Laboratory'])}"
        for _ in range(count)
    ]
    rows = "".join(f"N-{i:03d},{name},organization,,,CN,,,\n" for i, name in enumerate(names))
    return WATCHLIST_V1 + rows, names


def _store_screenings(owner, names: list[str], rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    Screening.objects.bulk_create(
        [
            Screening(
                kind=rng.choice(["ad_hoc", "batch"]),
                query={
                    "name": n,
                    "other_names": [],
                    "type": "unknown",
                    "country": rng.choice(["", "CN", "RU"]),
                    "birth_date": "",
                },
                query_name=n,
                threshold=DEFAULT_REVIEW_THRESHOLD,
                algorithm=ALGORITHM,
                algorithm_version=VERSION,
                started_at=now,
                owner=owner,
                org_unit=owner.org_unit,
            )
            for n in names
        ],
        batch_size=1000,
    )


def _brute_force(snapshot: ListSnapshot) -> set[tuple[str, int]]:
    """The former method: every stored screening name searched against an index of the changed entries."""
    entries = [
        augment_entry(entry_from_dict(e.data))
        for e in snapshot.entries.filter(
            entry_id__in=[*snapshot.diff_added, *snapshot.diff_changed]
        )
    ]
    index = build_index(entries)
    found = set()
    for s in Screening.objects.exclude(kind="rescreen"):
        q = Query(
            name=s.query_name,
            kind=EntityKind(s.query.get("type") or "unknown"),
            country=s.query.get("country", ""),
        )
        for hit in index.search(q, top=len(entries), threshold=DEFAULT_REVIEW_THRESHOLD):
            found.add((hit.entry.entry_id, s.pk))
    return found


@pytest.fixture
def changed_lists(
    imported_watchlist, officer, researcher, write_file, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    text, names = _entries_csv(rng, 60)
    noise = [f"{_word(rng)} {_word(rng, 2)}" for _ in range(400)]
    variants = [_typo(rng, n) for n in names[::3]] + names[1::7]
    _store_screenings(researcher, noise + variants, rng)
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = services.list_snapshot_import(
            source="internal", path=write_file("v2.csv", text), acting_user=officer
        ).snapshot
    return snapshot, names


def test_all_pages_together_find_exactly_what_brute_force_finds(
    changed_lists, officer, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    snapshot, _names = changed_lists
    monkeypatch.setattr(selectors, "IMPACT_PAGE_SIZE", 7)
    expected = _brute_force(snapshot)
    assert len(expected) > 20  # the fixture really has matches
    entries = selectors.impact_entries(snapshot=snapshot)
    assert len(entries) == 60
    found = set()
    for start in range(0, len(entries), 7):
        for row in selectors.change_impact(
            user=officer, snapshot=snapshot, entry_pks=[pk for pk, _n in entries[start : start + 7]]
        ):
            found.update((row.entry.entry_id, s.pk) for s, _score in row.screenings)
    assert found == expected


def test_pages_go_past_the_first_fifty_entries(changed_lists, officer, researcher) -> None:  # type: ignore[no-untyped-def]
    snapshot, names = changed_lists
    last_entry = max(names, key=str.casefold)
    services.party_create(acting_user=researcher, name=last_entry, kind="organization")
    client = Client()
    client.force_login(officer)
    first = client.get(reverse("screening:snapshot_impact", args=[snapshot.pk])).content.decode()
    assert "?page=2" in first and last_entry not in first
    pages = (60 + selectors.IMPACT_PAGE_SIZE - 1) // selectors.IMPACT_PAGE_SIZE
    last = client.get(
        reverse("screening:snapshot_impact", args=[snapshot.pk]) + f"?page={pages}"
    ).content.decode()
    assert last_entry in last
    assert reverse("screening:party_detail", args=[Party.objects.get(name=last_entry).pk]) in last


def test_only_visible_parties_and_screenings_are_listed(
    imported_watchlist, researcher, other_researcher, write_file, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    mine = services.party_screen(acting_user=researcher, name="Ostrelian Nuclear Physics Center")
    theirs = services.party_screen(
        acting_user=other_researcher, name="Ostrelian Nuclear Physics Centre"
    )
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = services.list_snapshot_import(
            source="internal",
            acting_user=None,
            path=write_file(
                "v2.csv",
                WATCHLIST_V1 + "W-5,Ostrelian Nuclear Physics Centre,organization,ONPC,,KP,,,\n",
            ),
        ).snapshot
    rows = selectors.change_impact(user=researcher, snapshot=snapshot)
    assert [s.pk for s, _score in rows[0].screenings] == [mine.pk]
    assert theirs.pk not in [s.pk for s, _score in rows[0].screenings]


def test_subject_index_is_reused_until_a_screening_is_added(imported_watchlist, researcher) -> None:  # type: ignore[no-untyped-def]
    services.party_screen(acting_user=researcher, name="Some Invented Name")
    first = selectors.subject_index()
    assert selectors.subject_index() is first
    services.party_screen(acting_user=researcher, name="Another Invented Name")
    second = selectors.subject_index()
    assert second is not first and len(second.subjects) == len(first.subjects) + 1


@pytest.mark.skipif(
    os.environ.get("ANPO_MEASURE") != "1", reason="measurement: ANPO_MEASURE=1 to run"
)
def test_measure_change_impact_on_thousands_of_screenings(
    imported_watchlist, officer, researcher, write_file, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(11)
    count = int(os.environ.get("ANPO_MEASURE_SCREENINGS", "5000"))
    text, names = _entries_csv(rng, 200)
    variants = [_typo(rng, n) for n in names[::4]]
    _store_screenings(
        researcher, [f"{_word(rng)} {_word(rng, 2)}" for _ in range(count)] + variants, rng
    )
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = services.list_snapshot_import(
            source="internal", path=write_file("v2.csv", text), acting_user=officer
        ).snapshot
    started = time.monotonic()
    brute = _brute_force(snapshot)
    brute_seconds = time.monotonic() - started
    started = time.monotonic()
    subjects = selectors.subject_index()
    build_seconds = time.monotonic() - started
    entries = selectors.impact_entries(snapshot=snapshot)
    found = set()
    page_times = []
    for start in range(0, len(entries), selectors.IMPACT_PAGE_SIZE):
        t = time.monotonic()
        rows = selectors.change_impact(
            user=officer,
            snapshot=snapshot,
            entry_pks=[pk for pk, _n in entries[start : start + selectors.IMPACT_PAGE_SIZE]],
        )
        page_times.append(time.monotonic() - t)
        found.update((row.entry.entry_id, s.pk) for row in rows for s, _score in row.screenings)
    print(
        f"\n{Screening.objects.count()} stored screenings, {len(subjects.subjects)} distinct names, {len(entries)} added entries: "
        f"subject index {build_seconds:.2f}s, {len(page_times)} pages of {selectors.IMPACT_PAGE_SIZE}: "
        f"{sum(page_times):.2f}s in all (max {max(page_times):.2f}s per page); brute force over all entries {brute_seconds:.2f}s; "
        f"matches {len(found)} (brute force {len(brute)})"
    )
    planted = {
        pk
        for pk, name in Screening.objects.values_list("pk", "query_name")
        if name in set(variants)
    }
    print(
        f"planted misspellings found: {len({s for _e, s in found} & planted)} of {len({s for _e, s in brute} & planted)}"
    )
    assert found <= brute  # never more than a screening would find (verified by the same scoring)
