"""``anpo catalogue``: import, inspect and compare the control-list catalogue; suggest entries.

anpo catalogue import --all DIR                  # every instrument (layout of shared/data/control-lists)
anpo catalogue import INSTRUMENT PATH|URL        # one instrument from a file, or from e-Gov / eCFR
anpo catalogue import INSTRUMENT --official      # from the official API (e-Gov law API v2, eCFR)
anpo catalogue status                            # versions in force, counts
anpo catalogue diff INSTRUMENT [--old ID] [--new ID] [--json]
anpo catalogue suggest --input ITEMS.jsonl --output SUGGESTIONS.jsonl [--top K]

INSTRUMENT: export-order (輸出令別表第一), goods-ordinance (貨物等省令), forex-order (外為令別表),
ccl, eu-structure.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from anpo.classification import selectors, services
from anpo.classification.catalogue import sources
from anpo.classification.catalogue.model import CatalogueParseError
from anpo.classification.catalogue.suggest import SuggestInput
from anpo.classification.models import CatalogueVersion

MAX_INPUT_LINES = 100_000


class Command(BaseCommand):
    help = "Control-list catalogue: import, status, diff, suggest."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import", help="Import a version of an instrument (beside the old ones)."
        )
        imp.add_argument(
            "instrument",
            nargs="?",
            help="export-order, goods-ordinance, forex-order, ccl, eu-structure",
        )
        imp.add_argument(
            "location", nargs="?", help="A file, a folder (ordinance + index) or an http(s) URL."
        )
        imp.add_argument(
            "--all", dest="all_dir", type=Path, help="Import every instrument of this folder."
        )
        imp.add_argument(
            "--official", action="store_true", help="Download from e-Gov law API v2 / eCFR."
        )
        imp.add_argument("--date", default="", help="Text date of an eCFR download (YYYY-MM-DD).")
        sub.add_parser("status", help="Versions in force and their counts.")
        dif = sub.add_parser("diff", help="What changed between two versions of an instrument.")
        dif.add_argument("instrument")
        dif.add_argument("--old", type=int, help="Version id (default: the one before --new).")
        dif.add_argument("--new", type=int, help="Version id (default: the version in force).")
        dif.add_argument("--json", action="store_true", help="JSON lines instead of text.")
        sug = sub.add_parser(
            "suggest", help="Suggest list entries for item descriptions (JSON lines)."
        )
        sug.add_argument("--input", required=True, type=Path)
        sug.add_argument("--output", required=True, type=Path)
        sug.add_argument("--top", type=int, default=10)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "status":
                self._status()
            elif action == "import":
                self._import(options)
            elif action == "diff":
                self._diff(options)
            else:
                self._suggest(options)
        except (services.CatalogueImportError, CatalogueParseError) as exc:
            raise CommandError(str(exc)) from exc

    # --- import ------------------------------------------------------------------------
    def _import(self, options: dict[str, Any]) -> None:
        started = time.monotonic()
        if options["all_dir"] is not None:
            if options["instrument"]:
                raise CommandError("give either --all DIR or INSTRUMENT PATH, not both")
            outcomes, errors = services.catalogue_import_directory(
                path=options["all_dir"], acting_user=None
            )
        else:
            if not options["instrument"]:
                raise CommandError("give INSTRUMENT PATH|URL, INSTRUMENT --official, or --all DIR")
            location = options["location"]
            if options["official"]:
                location = services.official_source_url(options["instrument"])
            if not location:
                raise CommandError("give a file, folder or URL (or --official)")
            outcomes = services.catalogue_import_source(
                instrument=options["instrument"],
                location=location,
                acting_user=None,
                legal_text_date=options["date"],
            )
            errors = {}
        for outcome in outcomes:
            self.stdout.write(
                self.style.SUCCESS(outcome.message) if outcome.created else outcome.message
            )
            if outcome.repaired:
                self.stdout.write(
                    f"  restored {len(outcome.repaired)} kanji dropped by the conversion from the previous version: "
                    + ", ".join(outcome.repaired[:10])
                )
        for name, error in errors.items():
            self.stderr.write(self.style.ERROR(f"{name}: {error}"))
        self.stdout.write(f"done in {time.monotonic() - started:.1f}s")
        if errors:
            raise CommandError(f"{len(errors)} file(s) failed: {', '.join(errors)}")

    # --- status ------------------------------------------------------------------------
    def _status(self) -> None:
        for row in selectors.catalogue_status():
            instrument = row["instrument"]
            version = row["version"]
            if version is None:
                self.stdout.write(f"{instrument.code:22} (not imported)")
                continue
            counts = ", ".join(f"{k} {v}" for k, v in version.counts.items())
            caveat = " [stand-in: not the list in force]" if instrument.is_stand_in else ""
            self.stdout.write(
                f"{instrument.code:22} #{version.pk} {version.legal_text_date or 'undated'} "
                f"{version.revision_label or '-'}: {version.entry_count} entries ({counts}); "
                f"{row['versions']} version(s) stored{caveat}"
            )

    # --- diff --------------------------------------------------------------------------
    def _diff(self, options: dict[str, Any]) -> None:
        code = sources.resolve_instrument(options["instrument"]).value
        versions = CatalogueVersion.objects.filter(instrument__code=code)
        new = (
            versions.filter(pk=options["new"]).first()
            if options["new"]
            else versions.filter(is_current=True).first()
        )
        if new is None:
            raise CommandError(f"no version of {code} to compare")
        old = versions.filter(pk=options["old"]).first() if options["old"] else new.previous
        if old is None:
            raise CommandError(f"{code} #{new.pk} has no earlier version; give --old")
        changes = selectors.version_diff(old, new)
        if options["json"]:
            for change in changes:
                record = {
                    "key": change.key,
                    "change": change.change,
                    "label": change.label,
                    "old": change.old.text if change.old else None,
                    "new": change.new.text if change.new else None,
                    "attributes": [list(a) for a in change.attributes],
                }
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            return
        self.stdout.write(
            f"{code}: #{old.pk} ({old.legal_text_date}) -> #{new.pk} ({new.legal_text_date})"
        )
        for change in changes:
            self.stdout.write(f"  {change.change:8} {change.label}")
            for name, before, after in change.attributes:
                self.stdout.write(f"           {name}: {before!r} -> {after!r}")
            for op in change.text:
                if op.op != "equal":
                    self.stdout.write(f"           {op.op}: {op.old!r} -> {op.new!r}")
        counts = {
            k: sum(1 for c in changes if c.change == k) for k in ("added", "removed", "changed")
        }
        self.stdout.write(
            f"{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed"
        )

    # --- suggest -----------------------------------------------------------------------
    def _suggest(self, options: dict[str, Any]) -> None:
        top = options["top"]
        if top < 1 or top > 100:
            raise CommandError("--top must be between 1 and 100")
        suggester = selectors.suggester()
        if suggester is None:
            raise CommandError(
                "the catalogue has no 輸出令 and 貨物等省令 yet: run `anpo catalogue import --all DIR` first"
            )
        source: Path = options["input"]
        if not source.is_file():
            raise CommandError(f"input not found: {source}")
        started = time.monotonic()
        written = 0
        problems = 0
        with (
            source.open(encoding="utf-8-sig") as infile,
            options["output"].open("w", encoding="utf-8") as outfile,
        ):
            for number, line in enumerate(infile, start=1):
                if number > MAX_INPUT_LINES:
                    raise CommandError(f"more than {MAX_INPUT_LINES} lines")
                if not line.strip():
                    continue
                item, error = _parse_item(line, number)
                if item is None:
                    problems += 1
                    self.stderr.write(f"line {number}: {error}")
                    outfile.write(
                        json.dumps(
                            {"id": error_id(line), "suggestions": [], "error": error},
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
                    continue
                suggestions = suggester.suggest(item, top=top)
                outfile.write(
                    json.dumps(
                        {"id": item.id, "suggestions": [s.as_contract() for s in suggestions]},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                written += 1
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{written} item(s) -> {options['output']} in {elapsed:.1f}s"
            + (f"; {problems} line(s) refused" if problems else "")
        )


def error_id(line: str) -> Any:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value.get("id") if isinstance(value, dict) else None


def _parse_item(line: str, number: int) -> tuple[SuggestInput | None, str]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg})"
    if not isinstance(value, dict):
        return None, "not a JSON object"
    if "id" not in value:
        return None, "no 'id'"
    description = value.get("description")
    if not isinstance(description, str) or not description.strip():
        return None, "no 'description'"
    kind = value.get("kind")
    if kind not in (None, "goods", "technology"):
        return None, "'kind' must be 'goods' or 'technology'"
    parameters = value.get("parameters") or {}
    if not isinstance(parameters, dict):
        return None, "'parameters' must be an object"
    clean = {str(k)[:200]: str(v)[:200] for k, v in list(parameters.items())[:50]}
    return SuggestInput(str(value["id"]), description[:5000], kind, clean), ""
