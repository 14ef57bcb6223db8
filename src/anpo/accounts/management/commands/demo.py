"""``anpo demo load|disable``: the demo institution, accounts and bundled content.

``load`` is idempotent: accounts first, then every app's ``demo_load`` hook on its AppConfig
(in INSTALLED_APPS order). ``disable`` locks every demo account through the audited service.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from anpo.accounts.demo import DEMO_PASSWORD, demo_disable, demo_load


class Command(BaseCommand):
    help = "Demo data: 'load' adds one institution, one account per role and bundled courses (safe to run twice); 'disable' locks every demo account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "disable"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "disable":
            locked = demo_disable(acting_user=None)
            self.stdout.write(self.style.SUCCESS(f"Disabled {len(locked)} demo accounts."))
            return
        try:
            accounts = demo_load()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        for config in apps.get_app_configs():
            hook = getattr(config, "demo_load", None)
            if callable(hook):
                hook()
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for account in accounts:
            self.stdout.write(f"  {account.username:<12} {account.role}")
