"""Roles from METI's university guidance (機微技術管理ガイダンス 大学・研究機関用, see domain-japan.md §6.3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESEARCHER = "researcher", _("Researcher / applicant (申請者)")
    DEPT_MANAGER = "dept_manager", _("Department export control manager (部局の輸出管理責任者)")
    OFFICER = "officer", _("Export control office staff (輸出管理担当部署)")
    CHIEF_OFFICER = "chief_officer", _("Chief export control officer (統括責任者)")
    COMMITTEE = "committee", _("Committee member (安全保障輸出管理委員会)")
    AUDITOR = "auditor", _("Auditor (read-only)")
    SYSADMIN = "sysadmin", _("System administrator")


# What each role may *do* is decided in ``anpo.accounts.capabilities``; these sets describe
# visibility and scope (``accounts.selectors.scope_queryset``) and the read-only filter.

# Who sees every record of the institution (not only their own or their unit's).
INSTITUTION_WIDE_ROLES = frozenset({Role.OFFICER, Role.CHIEF_OFFICER, Role.COMMITTEE, Role.AUDITOR})
# Roles that are scoped to an org unit subtree.
UNIT_SCOPED_ROLES = frozenset({Role.DEPT_MANAGER})
# Roles whose holders may only read: a user holding only these cannot change anything.
READ_ONLY_ROLES = frozenset({Role.AUDITOR})
