"""``anpo demo load``: the demo institution, accounts and bundled content (idempotent)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from anpo.accounts.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Demo data: 'load' adds one institution, one account per role and bundled courses (safe to run twice); 'disable' locks every demo account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "disable"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "disable":
            from anpo.accounts.models import User

            count = 0
            for user in User.objects.filter(is_demo=True):
                user.set_unusable_password()
                user.is_active = False
                user.save(update_fields=["password", "is_active"])
                count += 1
            self.stdout.write(self.style.SUCCESS(f"Disabled {count} demo accounts."))
            return
        try:
            accounts = demo_load()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        # Other apps add their own demo content through a ``demo_load`` hook in their AppConfig.
        for config in apps.get_app_configs():
            hook = getattr(config, "demo_load", None)
            if callable(hook):
                hook()
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for account in accounts:
            self.stdout.write(f"  {account.username:<12} {account.role}")
