"""``anpo serve`` preloads the app in gunicorn's master: the screening index is in memory before fork."""

from __future__ import annotations

import gc

import pytest


@pytest.mark.django_db
def test_preloading_loads_the_screening_index_and_closes_connections(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    from anpo.screening import demo, engine, services

    services.list_snapshot_import(
        source="internal", path=demo.BUNDLED_WATCHLIST, acting_user=None, rescreen=False
    )
    engine.cache_clear()
    key = engine.active_snapshot_ids()
    assert key
    monkeypatch.setattr(gc, "freeze", lambda: None)  # not the test process's collector
    closed: list[bool] = []
    monkeypatch.setattr(connection, "close", lambda: closed.append(True))
    from anpo import wsgi

    wsgi._preload()
    assert key in engine._cache
    assert closed
