"""Who may do what with the catalogue: one small function per decision.

The capability module (``anpo.accounts.capabilities``) is landing in parallel; until then
these helpers use the role constants of ``anpo.accounts.roles`` and ``require_roles``.
"""

from __future__ import annotations

from typing import Any

from anpo.accounts.roles import Role
from anpo.core.access import require_roles

# The list texts are law: every role may read them (researchers need them most).
VIEW_ROLES = (
    Role.RESEARCHER,
    Role.DEPT_MANAGER,
    Role.OFFICER,
    Role.CHIEF_OFFICER,
    Role.COMMITTEE,
    Role.AUDITOR,
    Role.SYSADMIN,
)
# Importing a new version of the law is an office duty (and the system administrator's).
MANAGE_ROLES = (Role.OFFICER, Role.CHIEF_OFFICER, Role.SYSADMIN)

catalogue_view_required = require_roles(*VIEW_ROLES)


def can_view_catalogue(user: Any) -> bool:
    return bool(
        user and user.is_authenticated and (user.is_superuser or user.has_role(*VIEW_ROLES))
    )


def _can_manage_catalogue(user: Any) -> bool:
    """Import versions and refresh links (officers, chief officer, system administrator)."""
    return bool(
        user
        and user.is_authenticated
        and not getattr(user, "is_read_only", False)
        and (user.is_superuser or user.has_role(*MANAGE_ROLES))
    )


can_manage_catalogue = _can_manage_catalogue
