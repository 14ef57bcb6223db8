"""The worker warms the index after a list change; pages never block on a build and say which versions they used."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from anpo.screening import engine, services, tasks
from anpo.screening.models import ListSnapshot

from .conftest import watchlist

V2_ROWS = (
    "W-1,Zentrovia Advanced Materials Institute,organization,,,IR,,,",
    "W-2,Kalvoria Precision Machinery Co. Ltd.,organization,,,CN,,,",
    "W-3,Boris Vetrenko,person,,,RU,,,",
    "W-5,Ostrelian Nuclear Physics Centre,organization,ONPC,,KP,,,",
)


@pytest.fixture
def warm_requests(monkeypatch):  # type: ignore[no-untyped-def]
    """Record the web process's requests to the worker instead of building inline (tests run tasks immediately)."""
    calls: list[list[int]] = []

    class FakeTask:
        @staticmethod
        def enqueue(**kwargs):  # type: ignore[no-untyped-def]
            calls.append(kwargs["snapshot_ids"])

    monkeypatch.setattr(tasks, "index_warm_task", FakeTask)
    return calls


def _import_v2_without_worker(write_file) -> ListSnapshot:  # type: ignore[no-untyped-def]
    return services.list_snapshot_import(
        source="internal",
        path=write_file("v2.csv", watchlist(*V2_ROWS)),
        acting_user=None,
        rescreen=False,
    ).snapshot


def test_activation_warms_the_index_on_disk_before_rescreening(
    imported_watchlist, write_file, researcher, django_capture_on_commit_callbacks, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    services.party_create(
        acting_user=researcher, name="Ostrelian Nuclear Physics Centre", kind="organization"
    )
    order: list[str] = []
    real_warm, real_rescreen = services.index_warm, services.parties_rescreen
    monkeypatch.setattr(services, "index_warm", lambda: (order.append("warm"), real_warm())[1])
    monkeypatch.setattr(
        services,
        "parties_rescreen",
        lambda **kw: (order.append("rescreen"), real_rescreen(**kw))[1],
    )
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = services.list_snapshot_import(
            source="internal", path=write_file("v2.csv", watchlist(*V2_ROWS)), acting_user=None
        ).snapshot
    assert order == ["warm", "rescreen"]
    engine.cache_clear()  # another process (the web) has nothing in memory...
    assert engine.is_ready([snapshot.pk])  # ...but finds the warmed index on disk

    def no_build(ids):  # type: ignore[no-untyped-def]
        raise AssertionError("the web process must not build")

    monkeypatch.setattr(engine, "_build", no_build)
    web = engine.index_for_web()
    assert not web.stale and web.engine.snapshot_ids == (snapshot.pk,)


def test_search_uses_previous_index_while_the_new_one_is_built(
    imported_watchlist, write_file, researcher, warm_requests, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    engine.current_index()  # the web process has used the lists before
    v2 = _import_v2_without_worker(write_file)
    builds: list[tuple[int, ...]] = []
    real_build = engine._build
    monkeypatch.setattr(engine, "_build", lambda ids: (builds.append(ids), real_build(ids))[1])

    stale = services.party_screen(
        acting_user=researcher, name="Ostrelian Nuclear Physics Centre", wait=False
    )
    assert (
        stale.lists_updating
        and stale.snapshot_ids == [imported_watchlist.pk]
        and stale.hit_count == 0
    )
    assert builds == []  # nothing built during the request
    assert warm_requests == [[v2.pk]]
    services.party_screen(acting_user=researcher, name="Boris Vetrenko", wait=False)
    assert warm_requests == [[v2.pk]]  # asked once, not on every search

    services.index_warm()  # the worker
    fresh = services.party_screen(
        acting_user=researcher, name="Ostrelian Nuclear Physics Centre", wait=False
    )
    assert not fresh.lists_updating and fresh.snapshot_ids == [v2.pk] and fresh.hit_count == 1


def test_previous_index_is_found_on_disk_by_a_fresh_process(
    imported_watchlist, write_file, warm_requests
) -> None:  # type: ignore[no-untyped-def]
    engine.warm()
    engine.cache_clear()
    _import_v2_without_worker(write_file)
    web = engine.index_for_web()
    assert web.stale and web.engine.snapshot_ids == (imported_watchlist.pk,)


def test_without_any_previous_index_the_first_search_builds(
    imported_watchlist, warm_requests
) -> None:  # type: ignore[no-untyped-def]
    web = engine.index_for_web()
    assert (
        not web.stale
        and web.engine.snapshot_ids == (imported_watchlist.pk,)
        and warm_requests == []
    )


def test_pages_say_the_lists_are_being_updated(
    imported_watchlist, write_file, researcher, warm_requests
) -> None:  # type: ignore[no-untyped-def]
    researcher.language = "en"
    researcher.save(update_fields=["language"])
    client = Client()
    client.force_login(researcher)
    engine.current_index()
    assert "being updated" not in client.get(reverse("screening:home")).content.decode()
    v2 = _import_v2_without_worker(write_file)
    home = client.get(reverse("screening:home")).content.decode()
    assert (
        "being updated" in home
        and f"(#{imported_watchlist.pk})" in home
        and f"(#{v2.pk})" not in home.split("Searches now use")[1].split("</div>")[0]
    )
    response = client.post(
        reverse("screening:home"), {"name": "Boris Vetrenko", "kind": "person"}, follow=True
    )
    page = response.content.decode()
    assert "previous list versions" in page and f"(#{imported_watchlist.pk})" in page


def test_batch_jobs_wait_for_the_newest_index(
    imported_watchlist, write_file, researcher, warm_requests
) -> None:  # type: ignore[no-untyped-def]
    engine.current_index()
    v2 = _import_v2_without_worker(write_file)
    screening = services.screening_run(
        acting_user=researcher, kind="batch", name="Ostrelian Nuclear Physics Centre"
    )
    assert (
        screening.snapshot_ids == [v2.pk] and not screening.lists_updating and warm_requests == []
    )


def test_api_says_when_the_previous_versions_were_used(
    imported_watchlist, write_file, researcher, warm_requests
) -> None:  # type: ignore[no-untyped-def]
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=researcher)[0].key}"
    )
    engine.current_index()
    fresh = api.post(
        "/api/screening/screen/", {"names": [{"name": "Boris Vetrenko"}]}, format="json"
    ).json()
    assert fresh["lists_updating"] is False
    v2 = _import_v2_without_worker(write_file)
    stale = api.post(
        "/api/screening/screen/",
        {"names": [{"name": "Ostrelian Nuclear Physics Centre"}]},
        format="json",
    ).json()
    assert stale["lists_updating"] is True and [s["id"] for s in stale["snapshots"]] == [
        imported_watchlist.pk
    ]
    assert stale["results"][0]["screening"]["lists_updating"] is True and warm_requests == [[v2.pk]]
