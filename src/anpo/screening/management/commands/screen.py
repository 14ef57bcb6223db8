"""``anpo screen``: screen names against restricted-party lists from the command line.

Batch (no database needed; the contract used by external evaluation)::

    anpo screen --lists DIR --input QUERIES.csv --output RESULTS.csv [--top K]

DIR has one folder per source (the layout of shared/data/lists). QUERIES.csv has the
header ``id,name`` plus optional ``type``, ``country``, ``birth_date``. RESULTS.csv has
exactly ``query_id,rank,source,entry_id,matched_name,score``: the hits at or above the
default review threshold, at most K per query, best first.

One name (human-readable, with explanations)::

    anpo screen "Sharif University of Technology" [--type organization] [--country IR]
                [--birth-date 1970] [--lists DIR]

Without ``--lists`` the active list snapshots in the database are used.
"""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from anpo.matching import DEFAULT_REVIEW_THRESHOLD, Hit, MatchIndex, Query, build_index
from anpo.screening.queries import (
    QueryFileError,
    clean_name,
    parse_birth_date,
    parse_country,
    parse_kind,
    read_queries_file,
)

RESULT_HEADER = ("query_id", "rank", "source", "entry_id", "matched_name", "score")


def _code_digest() -> str:
    """Hash of the parser, engine and workaround code: a cached index is stale when they change."""
    import anpo.matching
    import anpo.screening.parsers
    from anpo.screening import workarounds

    digest = hashlib.sha256()
    for package in (anpo.matching, anpo.screening.parsers):
        for path in sorted(Path(package.__file__).parent.glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
    digest.update(Path(workarounds.__file__).read_bytes())
    return digest.hexdigest()


def _lists_digest(lists_dir: Path) -> str:
    """Name, size and modification time of every file the loader may read."""
    from anpo.screening.parsers import SOURCES

    digest = hashlib.sha256(str(lists_dir.resolve()).encode())
    for key in SOURCES:
        folder = lists_dir / key
        if folder.is_dir():
            for path in sorted(p for p in folder.iterdir() if p.is_file()):
                stat = path.stat()
                digest.update(f"{key}/{path.name}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _cache_path(lists_dir: Path) -> Path:
    from django.conf import settings

    key = hashlib.sha256(f"{_lists_digest(lists_dir)}|{_code_digest()}".encode()).hexdigest()[:32]
    return Path(settings.VAR_DIR) / "cache" / f"cli-index-{key}.pickle"


def load_index_from_dir(
    lists_dir: Path, *, err: Any = sys.stderr, use_cache: bool = True
) -> MatchIndex:
    """Parse every known source folder of ``lists_dir`` and build an in-memory index.

    The built index is cached in var/cache/ keyed by the files (name, size, mtime) and by the
    parser/engine code, so that repeated runs over the same lists skip parsing and indexing.
    """
    from anpo.screening.parsers import ListParseError, load_lists_dir

    started = time.monotonic()
    if not Path(lists_dir).is_dir():
        raise CommandError(f"lists directory not found: {lists_dir}")
    cache = _cache_path(Path(lists_dir)) if use_cache else None
    if cache is not None and cache.is_file():
        try:
            with cache.open("rb") as handle:
                index = pickle.load(handle)  # written by this command into its own var/cache/
            if isinstance(index, MatchIndex):
                err.write(
                    f"loaded the index of {len(index.entries)} entries from {cache} in {time.monotonic() - started:.1f}s\n"
                )
                return index
        except Exception as exc:
            err.write(f"warning: ignoring unreadable index cache {cache}: {exc}\n")
    errors: dict[str, ListParseError] = {}
    try:
        parsed = load_lists_dir(lists_dir, errors=errors)
    except ListParseError as exc:
        raise CommandError(str(exc)) from exc
    for key, exc in errors.items():
        err.write(f"warning: list {key} skipped: {exc}\n")
    if not parsed:
        raise CommandError(f"no list could be loaded from {lists_dir}")
    from anpo.screening.workarounds import augment_entries

    entries = list(augment_entries(entry for result in parsed.values() for entry in result.entries))
    loaded = time.monotonic()
    counts = ", ".join(f"{key} {len(result.entries)}" for key, result in parsed.items())
    err.write(
        f"loaded {len(entries)} entries from {len(parsed)} lists in {loaded - started:.1f}s ({counts})\n"
    )
    index = build_index(entries)
    err.write(f"built index in {time.monotonic() - loaded:.1f}s\n")
    if cache is not None and not errors:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache)
            for old in sorted(
                cache.parent.glob("cli-index-*.pickle"), key=lambda p: p.stat().st_mtime
            )[:-2]:
                old.unlink(missing_ok=True)
        except OSError as exc:
            err.write(f"warning: could not write the index cache ({exc})\n")
    return index


class Command(BaseCommand):
    help = "Screen names against restricted-party lists (batch CSV, or one name)."
    requires_system_checks: tuple[str, ...] = ()  # the batch path must run without a database

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?", help="One name to screen (omit with --input).")
        parser.add_argument(
            "--lists",
            type=Path,
            help="Lists directory (one folder per source); default: active snapshots in the database.",
        )
        parser.add_argument(
            "--input", type=Path, help="CSV of names: id,name[,type,country,birth_date]."
        )
        parser.add_argument("--output", type=Path, help="Where to write the results CSV.")
        parser.add_argument(
            "--top", type=int, default=10, help="At most this many hits per name (default 10)."
        )
        parser.add_argument(
            "--threshold",
            type=float,
            default=DEFAULT_REVIEW_THRESHOLD,
            help=f"Minimum score (default {DEFAULT_REVIEW_THRESHOLD}).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help="Processes for batch screening (default: up to 2).",
        )
        parser.add_argument(
            "--no-cache",
            action="store_true",
            help="Do not read or write the built index in var/cache/.",
        )
        parser.add_argument(
            "--type", dest="kind", default="", help="person | organization | unknown"
        )
        parser.add_argument("--country", default="", help="ISO-2 country code, e.g. CN")
        parser.add_argument("--birth-date", default="", help="YYYY, YYYY-MM or YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["top"] < 1:
            raise CommandError("--top must be at least 1")
        if not 0.0 <= options["threshold"] <= 1.0:
            raise CommandError("--threshold must be between 0 and 1")
        if options["input"] is not None:
            if options["name"]:
                raise CommandError("give either a NAME or --input, not both")
            if options["output"] is None or options["lists"] is None:
                raise CommandError(
                    "batch screening needs --lists DIR --input QUERIES.csv --output RESULTS.csv"
                )
            self._batch(options)
        elif options["name"]:
            self._one(options)
        else:
            raise CommandError(
                "give a NAME to screen, or --lists DIR --input QUERIES.csv --output RESULTS.csv"
            )

    def _batch(self, options: dict[str, Any]) -> None:
        err = self.stderr
        started = time.monotonic()
        warnings: list[str] = []
        try:
            rows = read_queries_file(options["input"], warnings=warnings)
        except QueryFileError as exc:
            raise CommandError(f"{options['input']}: {exc}") from exc
        for warning in warnings[:50]:
            err.write(f"warning: {options['input'].name}: {warning}\n")
        if len(warnings) > 50:
            err.write(f"warning: ... and {len(warnings) - 50} more\n")
        index = load_index_from_dir(options["lists"], err=err, use_cache=not options["no_cache"])
        ready = time.monotonic()
        workers = options["workers"] or (min(2, os.cpu_count() or 1) if len(rows) >= 200 else 1)
        results = index.search_many(
            [row.to_query() for row in rows],
            top=options["top"],
            threshold=options["threshold"],
            workers=workers,
        )
        screened = time.monotonic()
        total_hits = 0
        output: Path = options["output"]
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(RESULT_HEADER)
            for row, hits in zip(rows, results, strict=True):
                for rank, hit in enumerate(hits, start=1):
                    writer.writerow(result_row(row.id, rank, hit))
                    total_hits += 1
        per_query = (screened - ready) / len(rows) * 1000
        err.write(
            f"screened {len(rows)} names in {screened - ready:.1f}s ({per_query:.1f} ms/name, {workers} worker(s)); "
            f"{total_hits} hits >= {options['threshold']:.2f}; total {time.monotonic() - started:.1f}s -> {output}\n"
        )

    def _one(self, options: dict[str, Any]) -> None:
        try:
            query = Query(
                name=clean_name(options["name"]),
                kind=parse_kind(options["kind"]),
                country=parse_country(options["country"]),
                birth_date=parse_birth_date(options["birth_date"]),
            )
        except QueryFileError as exc:
            raise CommandError(str(exc)) from exc
        if not query.name:
            raise CommandError("the name is empty")
        if options["lists"] is not None:
            index = load_index_from_dir(
                options["lists"], err=self.stderr, use_cache=not options["no_cache"]
            )
            versions = f"files in {options['lists']}"
        else:
            from anpo.screening import engine
            from anpo.screening.models import ListSnapshot

            eng = engine.current_index()
            if not eng.snapshot_ids:
                raise CommandError(
                    "no active list snapshot in the database: run 'anpo lists import' or pass --lists DIR"
                )
            index = eng.index
            versions = ", ".join(
                s.version_label
                for s in ListSnapshot.objects.filter(pk__in=eng.snapshot_ids).select_related(
                    "source"
                )
            )
        hits = index.search(query, top=options["top"], threshold=options["threshold"])
        self.stdout.write(
            f"Screened: {query.name} (type {query.kind.value}, country {query.country or '-'}, birth {query.birth_date or '-'})"
        )
        self.stdout.write(f"Lists: {versions}")
        self.stdout.write(f"Threshold: {options['threshold']:.2f}; {len(hits)} hit(s)")
        for rank, hit in enumerate(hits, start=1):
            entry = hit.entry
            self.stdout.write(
                f"\n{rank}. {hit.score:.4f}  {entry.source}:{entry.entry_id}  {entry.primary_name}"
            )
            self.stdout.write(
                f"   matched name: {hit.explanation.list_name} ({hit.explanation.list_name_kind.value})"
            )
            if entry.countries:
                self.stdout.write(f"   countries: {', '.join(entry.countries)}")
            if entry.programs:
                self.stdout.write(f"   programmes: {', '.join(entry.programs)[:200]}")
            self.stdout.write(f"   why: {hit.explanation.summary()}")


def result_row(query_id: str, rank: int, hit: Hit) -> list[str]:
    return [
        query_id,
        str(rank),
        hit.entry.source,
        hit.entry.entry_id,
        hit.explanation.list_name,
        f"{hit.score:.4f}",
    ]
