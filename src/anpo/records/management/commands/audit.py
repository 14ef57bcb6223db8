"""``anpo audit``: verify the chain, write a checkpoint, rotate the key (docs/audit.md).

anpo audit verify [--checkpoint FILE_OR_DIR ...]
anpo audit checkpoint
anpo audit rotate-key
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from anpo.records.keys import key_file_add
from anpo.records.selectors import audit_chain_verify
from anpo.records.services import audit_checkpoint_create


class Command(BaseCommand):
    help = (
        "Audit log tools. 'verify' checks the keyed hash chain of every audit event and compares "
        "it with the signed checkpoints (default: ANPO_AUDIT_CHECKPOINT_DIR; --checkpoint adds "
        "files or folders, e.g. a checkpoint saved from the e-mail); 'checkpoint' signs the chain "
        "head now (the daily job does it too); 'rotate-key' adds a new audit key to the key file "
        "and makes it current."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint", "rotate-key"])
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="PATH",
            help="a checkpoint file or a folder of them (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "checkpoint":
            checkpoint = audit_checkpoint_create(acting_user=None)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Checkpoint at event #{checkpoint.seq} signed with key {checkpoint.key_id} "
                    f"in {settings.ANPO_AUDIT_CHECKPOINT_DIR}."
                )
            )
            return
        if action == "rotate-key":
            self._rotate()
            return
        self._verify([Path(p) for p in options["checkpoint"]])

    def _rotate(self) -> None:
        if settings.ANPO_AUDIT_KEYS:
            raise CommandError(
                "The audit keys come from ANPO_AUDIT_KEYS: add 'newid:secret' at the end of that "
                "variable (keep the old pairs) and restart anpo."
            )
        path = Path(settings.ANPO_AUDIT_KEY_FILE)
        key_id = key_file_add(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Added audit key {key_id} to {path}; it signs new events from now on. Keep the "
                "older keys in the file: older events are verified with them."
            )
        )
        if settings.ANPO_AUDIT_KEY_ID:
            self.stdout.write(
                self.style.WARNING(
                    f"ANPO_AUDIT_KEY_ID={settings.ANPO_AUDIT_KEY_ID} pins the current key: set it "
                    f"to {key_id} (or remove it) and restart anpo."
                )
            )

    def _verify(self, extra: list[Path]) -> None:
        default = Path(settings.ANPO_AUDIT_CHECKPOINT_DIR)
        report = audit_chain_verify(
            checkpoint_paths=[default, *extra] if default.exists() else extra
        )
        for problem in report.checkpoint_problems:
            self.stderr.write(self.style.WARNING(f"checkpoint skipped: {problem}"))
        if report.ok:
            latest = report.latest_checkpoint
            anchor = (
                f" {len(report.checkpoints)} checkpoint(s) match; the latest, of "
                f"{latest.created_at}, covers events up to #{latest.seq}."
                if latest is not None
                else " No checkpoint found: a deleted tail cannot be detected without one."
            )
            self.stdout.write(
                self.style.SUCCESS(f"OK: {report.checked} audit events, chain intact.{anchor}")
            )
            return
        brk = report.first_break
        assert brk is not None
        row = f" (row id {brk.event_id})" if brk.event_id is not None else ""
        raise CommandError(
            f"BROKEN at audit event #{brk.seq}{row}: {brk.reason}. {report.checked} events before it verified."
        )
