"""``anpo audit verify``: walk the audit chain and report the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from anpo.records.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Audit log tools. 'verify' checks the hash chain of every audit event."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(f"OK: {report.checked} audit events, chain intact.")
            )
            return
        brk = report.first_break
        assert brk is not None
        row = f" (row id {brk.event_id})" if brk.event_id is not None else ""
        raise CommandError(
            f"BROKEN at audit event #{brk.seq}{row}: {brk.reason}. {report.checked} events before it verified."
        )
