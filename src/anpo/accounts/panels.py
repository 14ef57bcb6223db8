"""Home-page panel for system administrators."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anpo.accounts.capabilities import Capability, user_can
from anpo.accounts.models import User
from anpo.core.dashboard import Panel, PanelItem


def admin_panel(user: User) -> Panel | None:
    if not user_can(user, Capability.ADMIN_USERS):
        return None
    without_role = User.objects.filter(is_active=True, role_assignments__isnull=True).count()
    without_unit = User.objects.filter(is_active=True, org_unit__isnull=True).count()
    items = []
    if without_role:
        items.append(
            PanelItem(
                text=_("Active users without a role"),
                url=reverse("accounts:user_list"),
                badge=str(without_role),
                urgent=True,
            )
        )
    if without_unit:
        items.append(
            PanelItem(
                text=_("Active users without a unit"),
                url=reverse("accounts:user_list"),
                badge=str(without_unit),
                urgent=True,
            )
        )
    items.append(
        PanelItem(text=_("Import users from CSV or XLSX"), url=reverse("accounts:user_import"))
    )
    items.append(PanelItem(text=_("Organisation units"), url=reverse("accounts:unit_list")))
    return Panel(title=_("Users and units"), items=items, order=80)
