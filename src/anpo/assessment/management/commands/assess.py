"""``anpo assess``: does a transaction need a licence under 外為法, and why.

Batch (no database needed; the contract used by external evaluation)::

    anpo assess --input FACTS.jsonl --output RESULTS.jsonl [--explain]

Each input line is one transaction's facts (see ``docs/rules.md``); each output line is the
determination as the contract defines it, in input order. A line that cannot be assessed
(malformed JSON, an unknown transaction type, a bad date...) gives an output line
``{"id", "line", "error", "error_code"}`` and the run goes on; the exit status is non-zero
only when the input file cannot be used at all.

One transaction, human-readable, in the UI language::

    anpo assess FILE.json [--language ja|en] [--json]
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from anpo.assessment.display import DeterminationView, present
from anpo.assessment.labels import error_text
from anpo.rules import FactsError, assess, parse_facts, to_contract, to_dict
from anpo.rules.jp import PACK
from anpo.rules.types import Determination

MAX_LINE_BYTES = 1_000_000  # one transaction's facts are a few kilobytes


def _read_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; ``None`` for a line longer than ``MAX_LINE_BYTES``
    (the rest of that line is skipped without holding it in memory)."""
    number = 0
    while True:
        chunk = handle.readline(MAX_LINE_BYTES + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            while True:
                rest = handle.readline(MAX_LINE_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, chunk


def _error_line(number: int, ident: object, exc: FactsError) -> dict[str, Any]:
    return {
        "id": ident if isinstance(ident, str) and ident else None,
        "line": number,
        "error": f"line {number}: {exc}",
        "error_code": exc.code,
    }


def assess_line(number: int, raw: bytes | None, *, explain: bool = False) -> dict[str, Any] | None:
    """One output object for one input line (``None`` for a blank line)."""
    if raw is None:
        return _error_line(number, None, FactsError("line_too_long", limit=f"{MAX_LINE_BYTES:,}"))
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        return _error_line(number, None, FactsError("not_utf8"))
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _error_line(
            number, None, FactsError("invalid_json", detail=f"{exc.msg} at column {exc.colno}")
        )
    except RecursionError:
        return _error_line(number, None, FactsError("too_deep"))
    ident = data.get("id") if isinstance(data, dict) else None
    try:
        determination = assess(parse_facts(data), pack=PACK)
    except FactsError as exc:
        return _error_line(number, ident, exc)
    return to_dict(determination) if explain else to_contract(determination)


class Command(BaseCommand):
    help = (
        "Assess whether transactions need a licence under 外為法 (batch JSONL, or one JSON file)."
    )
    requires_system_checks: tuple[str, ...] = ()  # the batch path must run without a database

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="One transaction's facts (JSON).")
        parser.add_argument("--input", type=Path, help="Facts, one JSON object per line (JSONL).")
        parser.add_argument(
            "--output", type=Path, help="Where to write one result per line (JSONL)."
        )
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Batch: add the full explanation (facts used, exemptions, findings) to each line.",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the printed determination (default: LANGUAGE_CODE).",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the full determination as JSON."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["input"] is not None or options["output"] is not None:
            if options["input"] is None or options["output"] is None:
                raise CommandError("--input and --output go together.")
            if options["file"] is not None:
                raise CommandError("Give either FILE or --input/--output, not both.")
            self._batch(options["input"], options["output"], explain=options["explain"])
            return
        if options["file"] is None:
            raise CommandError("Give FILE.json, or --input FACTS.jsonl --output RESULTS.jsonl.")
        language = options["language"] or settings.LANGUAGE_CODE
        with translation.override(language):
            self._one(options["file"], as_json=options["json"])

    # --- batch -------------------------------------------------------------------------

    def _batch(self, source: Path, target: Path, *, explain: bool) -> None:
        if not source.is_file():
            raise CommandError(f"input file not found: {source}")
        if target.exists() and target.resolve() == source.resolve():
            raise CommandError("--output must not be the input file.")
        if not target.parent.is_dir():
            raise CommandError(f"output directory not found: {target.parent}")
        started = time.monotonic()
        counts = {"assessed": 0, "licence": 0, "errors": 0}
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with (
                source.open("rb") as handle,
                os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out,
            ):
                for number, raw in _read_lines(handle):
                    result = assess_line(number, raw, explain=explain)
                    if result is None:
                        continue
                    if "error" in result:
                        counts["errors"] += 1
                        self.stderr.write(result["error"])
                    else:
                        counts["assessed"] += 1
                        counts["licence"] += bool(result["licence_required"])
                    out.write(json.dumps(result, ensure_ascii=False) + "\n")
            os.replace(tmp_name, target)
        except OSError as exc:
            Path(tmp_name).unlink(missing_ok=True)
            raise CommandError(f"cannot read {source} or write {target}: {exc}") from exc
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        self.stderr.write(
            f"assessed {counts['assessed']} transactions ({counts['licence']} need a licence), "
            f"{counts['errors']} lines with errors, in {time.monotonic() - started:.2f}s "
            f"(rule pack {PACK.name} {PACK.version})"
        )

    # --- one transaction -------------------------------------------------------------------

    def _one(self, path: Path, *, as_json: bool) -> None:
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        if len(raw) > MAX_LINE_BYTES:
            raise CommandError(error_text("line_too_long", {"limit": f"{MAX_LINE_BYTES:,}"}))
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise CommandError(error_text("not_utf8", {})) from None
        except json.JSONDecodeError as exc:
            raise CommandError(
                error_text("invalid_json", {"detail": f"{exc.msg}, line {exc.lineno}"})
            ) from None
        except RecursionError:
            raise CommandError(error_text("too_deep", {})) from None
        try:
            determination = assess(parse_facts(data), pack=PACK)
        except FactsError as exc:
            raise CommandError(error_text(exc.code, exc.params)) from None
        if as_json:
            self.stdout.write(json.dumps(to_dict(determination), ensure_ascii=False, indent=2))
            return
        write_determination(self.stdout, determination)


def write_determination(out: TextIO | Any, determination: Determination) -> None:
    """The determination as readable text, in the active language."""
    view: DeterminationView = present(determination)
    item_label = _("Item")
    scope_label = _("Catch-all scope")
    destination_label = _("Destination")
    recipient_label = _("Recipient")
    categories_label = _("Specific categories (特定類型)")
    claimed_label = _("claimed")
    lines = [
        f"{view.id} · {view.transaction} · {view.date}",
        f"== {view.verdict} ==",
        f"{item_label}: {view.item_control}",
    ]
    if view.catch_all_scope:
        lines.append(f"{scope_label}: {view.catch_all_scope}")
    destination = []
    if view.group_a:
        destination.append(_("別表第3 (Group A)"))
    if view.un_arms_embargo:
        destination.append(_("別表第3の2 (UN arms embargo)"))
    if view.country_of_concern:
        destination.append(_("別表第4"))
    outside = _("Outside 別表第3 and 別表第3の2")
    lines.append(f"{destination_label}: {', '.join(destination) or outside}")
    if view.recipient_status:
        reason = f" — {view.recipient_status_reason}" if view.recipient_status_reason else ""
        lines.append(f"{recipient_label}: {view.recipient_status}{reason}")
    if view.specific_categories:
        lines.append(f"{categories_label}: {view.specific_categories}")
    if view.grounds:
        lines.append("")
        lines.append(_("Why a licence is required") + ":")
        for ground in view.grounds:
            lines.append(f"  - {ground.label} [{ground.part}]")
            for fact in ground.facts:
                lines.append(f"      {fact.label}: {fact.value}")
            lines.append("      " + "; ".join(c.ref for c in ground.citations))
    if view.exemptions:
        lines.append("")
        lines.append(_("Exemptions considered") + ":")
        for exemption in view.exemptions:
            state = _("applied") if exemption.applied else _("not applied")
            claimed = f" ({claimed_label})" if exemption.claimed else ""
            refs = "; ".join(c.ref for c in exemption.citations)
            lines.append(
                f"  - {exemption.label}{claimed}: {state} — {exemption.detail}  {refs}".rstrip()
            )
    if view.findings:
        lines.append("")
        lines.append(_("How the engine reached this result") + ":")
        for finding in view.findings:
            facts = "; ".join(f"{f.label} = {f.value}" for f in finding.facts)
            refs = ", ".join(c.ref for c in finding.citations)
            lines.append(
                f"  · {finding.label}"
                + (f" [{finding.part}]" if finding.part else "")
                + (f": {facts}" if facts else "")
                + (f" ({refs})" if refs else "")
            )
    if view.open_questions:
        lines.append("")
        lines.append(_("Open questions for the reviewer") + ":")
        for question in view.open_questions:
            lines.append(f"  ? {question.text}")
    lines.append("")
    lines.append(_("Legal basis") + ":")
    for citation in view.citations:
        lines.append(f"  {citation.ref} — {citation.label}")
    lines.append("")
    lines.append(
        _("Rule pack: %(pack)s; tables: %(tables)s")
        % {
            "pack": view.rule_pack,
            "tables": ", ".join(f"{t.table}@{t.version}" for t in view.tables),
        }
    )
    out.write("\n".join(lines))


__all__ = ["Command", "assess_line", "write_determination"]
