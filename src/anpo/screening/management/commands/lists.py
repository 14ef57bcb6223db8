"""``anpo lists``: import, download and inspect restricted-party list snapshots.

anpo lists import SOURCE PATH       # one list from a file or folder (offline)
anpo lists import --all DIR         # every source folder of DIR (layout of shared/data/lists)
anpo lists update [SOURCE ...]      # download from the publishers, then import
anpo lists status                   # active version of every list
anpo lists rescreen                 # re-screen all saved parties now (also runs after every import)
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from anpo.screening import services
from anpo.screening.parsers import SOURCES
from anpo.screening.selectors import list_status


class Command(BaseCommand):
    help = "Restricted-party lists: import (offline), update (download), status."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a list file or folder.")
        imp.add_argument("source", nargs="?", help=f"One of: {', '.join(SOURCES)}")
        imp.add_argument("path", nargs="?", type=Path)
        imp.add_argument(
            "--all", dest="all_dir", type=Path, help="Import every source folder of this directory."
        )
        imp.add_argument(
            "--no-rescreen", action="store_true", help="Do not re-screen saved parties afterwards."
        )
        upd = sub.add_parser(
            "update", help="Download the current lists from the publishers and import them."
        )
        upd.add_argument(
            "sources",
            nargs="*",
            help="Only these sources (default: every source with a download URL).",
        )
        sub.add_parser("status", help="Show the active snapshot of every list.")
        sub.add_parser(
            "rescreen", help="Re-screen every active saved party against the active snapshots now."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "status":
            return self._status()
        if action == "rescreen":
            started = time.monotonic()
            counts = services.parties_rescreen(acting_user=None)
            self.stdout.write(
                f"re-screened {counts['parties']} parties: {counts['hits']} hits, {counts['alerts']} new alerts "
                f"in {time.monotonic() - started:.1f}s"
            )
            return None
        started = time.monotonic()
        if action == "import":
            outcomes, errors = self._import(options)
        else:
            unknown = [s for s in options["sources"] if s not in SOURCES]
            if unknown:
                raise CommandError(f"unknown source(s): {', '.join(unknown)}")
            outcomes, errors = services.lists_update_all(
                acting_user=None, sources=options["sources"] or None
            )
        for outcome in outcomes:
            self.stdout.write(
                self.style.SUCCESS(outcome.message) if outcome.created else outcome.message
            )
        for key, error in errors.items():
            self.stderr.write(self.style.ERROR(f"{key}: {error} (the active version is unchanged)"))
        self.stdout.write(f"done in {time.monotonic() - started:.1f}s")
        if errors:
            raise CommandError(f"{len(errors)} list(s) failed: {', '.join(errors)}")
        return None

    def _import(
        self, options: dict[str, Any]
    ) -> tuple[list[services.ImportOutcome], dict[str, str]]:
        rescreen = not options["no_rescreen"]
        if options["all_dir"] is not None:
            if options["source"] or options["path"]:
                raise CommandError("give either --all DIR or SOURCE PATH")
            try:
                return services.lists_import_dir(
                    path=options["all_dir"], acting_user=None, rescreen=rescreen
                )
            except services.ListImportError as exc:
                raise CommandError(str(exc)) from exc
        if not options["source"] or options["path"] is None:
            raise CommandError(
                "usage: anpo lists import SOURCE PATH, or anpo lists import --all DIR"
            )
        if options["source"] not in SOURCES:
            raise CommandError(f"unknown source {options['source']!r}; known: {', '.join(SOURCES)}")
        try:
            outcome = services.list_snapshot_import(
                source=options["source"], path=options["path"], acting_user=None, rescreen=rescreen
            )
        except services.ListImportError as exc:
            return [], {options["source"]: str(exc)}
        return [outcome], {}

    def _status(self) -> None:
        statuses = list_status()
        if not statuses:
            self.stdout.write("No list imported yet.")
        for status in statuses:
            active = status.active
            if active is None:
                self.stdout.write(f"{status.source.key:<22} not imported")
                continue
            published = active.published.isoformat() if active.published else "undated"
            diff = (
                f"+{len(active.diff_added)} -{len(active.diff_removed)} ~{len(active.diff_changed)}"
                if active.previous_id
                else "first import"
            )
            self.stdout.write(
                f"{status.source.key:<22} {published:<10} snapshot #{active.pk} imported {active.imported_at:%Y-%m-%d %H:%M} "
                f"{active.entry_count:>6} entries {active.name_count:>6} names ({diff}) sha256 {active.sha256[:12]}"
            )
