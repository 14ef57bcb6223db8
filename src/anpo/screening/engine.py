"""The matching index of the web app and worker, built from stored snapshot entries.

Building an index over every list takes seconds, so each process keeps the last few
indexes in a module-level cache keyed by the set of snapshot ids they were built from.
When a new snapshot is activated the key changes and the next screening rebuilds; a
past screening is replayed by asking for the index of *its* snapshot ids.

The worker builds ("warms") the index right after a snapshot is activated, in the task that
then re-screens the saved parties, and pickles it to ``var/cache/``. The web process never
pays for a build while the worker is on it: ``index_for_web`` returns the index of the
active snapshots when it is in memory or on disk, otherwise the previous index (flagged as
stale, so the page can say that the lists are being updated and which versions were used).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from anpo.matching import ALGORITHM, VERSION, MatchIndex, build_index
from anpo.screening.entries import entry_from_dict
from anpo.screening.workarounds import augment_entry

logger = logging.getLogger(__name__)

_CACHE_SIZE = 2
_cache: OrderedDict[tuple[int, ...], EngineIndex] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class EntryRef:
    pk: int
    identity: str
    fingerprint: str


@dataclass(frozen=True)
class EngineIndex:
    """A built index plus, for every (source, entry_id), the stored SnapshotEntry it came from."""

    snapshot_ids: tuple[int, ...]
    index: MatchIndex
    refs: dict[tuple[str, str], EntryRef]
    build_seconds: float


def _build(snapshot_ids: tuple[int, ...]) -> EngineIndex:
    from anpo.screening.models import SnapshotEntry

    started = time.monotonic()
    entries = []
    refs: dict[tuple[str, str], EntryRef] = {}
    rows = SnapshotEntry.objects.filter(snapshot_id__in=snapshot_ids).values_list(
        "pk", "identity", "fingerprint", "data"
    )
    for pk, identity, fingerprint, data in rows.iterator(chunk_size=5000):
        entry = entry_from_dict(data)
        entries.append(augment_entry(entry))
        refs[(entry.source, entry.entry_id)] = EntryRef(
            pk=pk, identity=identity, fingerprint=fingerprint
        )
    index = build_index(entries)
    seconds = time.monotonic() - started
    logger.info(
        "built matching index over %d entries of snapshots %s in %.1fs",
        len(entries),
        snapshot_ids,
        seconds,
    )
    return EngineIndex(snapshot_ids=snapshot_ids, index=index, refs=refs, build_seconds=seconds)


def _disk_path(snapshot_ids: tuple[int, ...]) -> Path:
    """Where a built index is shared between processes (web, worker): var/cache/, never user-writable."""
    from django.conf import settings

    folder = (
        getattr(settings, "ANPO_INDEX_CACHE_DIR", None)
        or Path(settings.ANPO_LISTS_DIR).parent / "cache"
    )
    from anpo.screening import workarounds

    key = hashlib.sha256(
        f"{ALGORITHM}|{VERSION}|{workarounds.VERSION}|{snapshot_ids}".encode()
    ).hexdigest()[:32]
    return Path(folder) / f"match-index-{key}.pickle"


def _meta_path(path: Path) -> Path:
    return path.with_suffix(".json")


def _building_path(path: Path) -> Path:
    return path.with_suffix(".building")


BUILD_MARKER_SECONDS = 15 * 60  # a warm-up older than this is considered dead and requested again


def _load_or_build(snapshot_ids: tuple[int, ...]) -> EngineIndex:
    path = _disk_path(snapshot_ids)
    if path.is_file():
        try:
            with path.open("rb") as handle:
                loaded = pickle.load(
                    handle
                )  # written by this application into its own var/ directory
            if isinstance(loaded, EngineIndex) and loaded.snapshot_ids == snapshot_ids:
                return loaded
        except Exception:  # a stale or partial file: rebuild
            logger.warning("ignoring unreadable index cache %s", path, exc_info=True)
    built = _build(snapshot_ids)
    if built.snapshot_ids:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
            _meta_path(path).write_text(
                json.dumps(
                    {"snapshot_ids": list(snapshot_ids), "build_seconds": built.build_seconds}
                )
            )
            _building_path(path).unlink(missing_ok=True)
            for old in path.parent.glob("match-index-*.pickle"):
                if old != path and old.stat().st_mtime < path.stat().st_mtime - 3600:
                    old.unlink(missing_ok=True)
                    _meta_path(old).unlink(missing_ok=True)
        except OSError:
            logger.warning("could not write index cache %s", path, exc_info=True)
    return built


def index_for(snapshot_ids: Iterable[int]) -> EngineIndex:
    """The index over exactly these snapshots (cached per process, shared on disk when configured)."""
    key = tuple(sorted(set(snapshot_ids)))
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
        built = _load_or_build(key)
        _cache[key] = built
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
        return built


def active_snapshot_ids() -> tuple[int, ...]:
    from anpo.screening.models import ListSnapshot

    return tuple(sorted(ListSnapshot.objects.filter(is_active=True).values_list("pk", flat=True)))


def current_index() -> EngineIndex:
    """The index over the currently active snapshot of every list."""
    return index_for(active_snapshot_ids())


def is_ready(snapshot_ids: Iterable[int]) -> bool:
    """Whether the index over these snapshots can be had without building it (memory or disk)."""
    key = tuple(sorted(set(snapshot_ids)))
    if not key:
        return True
    with _lock:
        if key in _cache:
            return True
    return _disk_path(key).is_file()


def warm(snapshot_ids: Iterable[int] | None = None) -> EngineIndex:
    """Build (or load) the index of the active snapshots now and share it on disk (worker, after an import)."""
    key = tuple(sorted(set(snapshot_ids))) if snapshot_ids is not None else active_snapshot_ids()
    started = time.monotonic()
    eng = index_for(key)
    logger.info("index of snapshots %s ready in %.1fs", key, time.monotonic() - started)
    return eng


def previous_snapshot_ids(exclude: tuple[int, ...]) -> tuple[int, ...] | None:
    """Snapshot ids of the index a stale search would use: most recently used in memory, else newest on disk."""
    with _lock:
        for key in reversed(_cache):
            if key and key != exclude:
                return key
    folder = _disk_path(exclude).parent
    if not folder.is_dir():
        return None
    metas = sorted(folder.glob("match-index-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for meta in metas:
        try:
            ids = tuple(json.loads(meta.read_text())["snapshot_ids"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if ids and ids != exclude and _disk_path(ids).is_file():
            return ids
    return None


def _previous_index(exclude: tuple[int, ...]) -> EngineIndex | None:
    """The index of ``previous_snapshot_ids`` (its snapshots are immutable, so it stays valid)."""
    ids = previous_snapshot_ids(exclude)
    return index_for(ids) if ids else None


def request_warm(snapshot_ids: tuple[int, ...]) -> bool:
    """Ask the worker to build this index unless a build was requested recently; True if enqueued."""
    marker = _building_path(_disk_path(snapshot_ids))
    try:
        if marker.is_file() and time.time() - marker.stat().st_mtime < BUILD_MARKER_SECONDS:
            return False
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(
            json.dumps({"snapshot_ids": list(snapshot_ids), "requested": time.time()})
        )
    except OSError:
        logger.warning("could not write %s", marker, exc_info=True)
    from anpo.screening.tasks import index_warm_task

    index_warm_task.enqueue(snapshot_ids=list(snapshot_ids))
    return True


@dataclass(frozen=True)
class WebIndex:
    engine: EngineIndex
    stale: bool  # the index of the newest snapshots was not ready; ``engine`` is the previous one


def index_for_web() -> WebIndex:
    """The index for a page or API request, never blocking on a build the worker is doing.

    The active snapshots' index when it is in memory or on disk; otherwise the previous
    index (stale) while the worker builds the new one. Only when there is no previous index
    at all (first use) is the index built here.
    """
    key = active_snapshot_ids()
    if is_ready(key):
        return WebIndex(engine=index_for(key), stale=False)
    previous = _previous_index(key)
    if previous is None:
        return WebIndex(engine=index_for(key), stale=False)
    request_warm(key)
    return WebIndex(engine=previous, stale=True)


def cache_clear() -> None:
    with _lock:
        _cache.clear()
