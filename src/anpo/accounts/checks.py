"""Refuse to run in production with demo credentials (the demo itself, ANPO_DEMO on, may).

Registered by ``AccountsConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from anpo.accounts.demo import DEMO_PASSWORD
from anpo.accounts.models import User


def _demo_accounts_with_passwords() -> list[str]:
    try:
        return [
            user.username
            for user in User.objects.filter(is_demo=True, is_active=True)
            if user.check_password(DEMO_PASSWORD)
        ]
    except DatabaseError:  # not migrated yet
        return []


@register(Tags.security, deploy=True)
def demo_accounts_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.DEBUG or settings.ANPO_DEMO:
        return []
    names = _demo_accounts_with_passwords()
    if names:
        return [
            Error(
                f"Demo accounts with the demo password exist: {', '.join(names)}.",
                hint="Run 'anpo demo disable' or deactivate them before running with DEBUG off.",
                id="anpo.E001",
            )
        ]
    return []


def refuse_unsafe_production() -> None:
    """Called when the WSGI app starts: production never serves demo passwords."""
    if settings.DEBUG or settings.ANPO_DEMO:
        return
    names = _demo_accounts_with_passwords()
    if names:
        raise ImproperlyConfigured(
            f"DEBUG is off but demo accounts still have the demo password ({', '.join(names)}). "
            "Deactivate them (anpo demo disable) before starting in production."
        )
