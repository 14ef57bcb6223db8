"""Home-page panel for the people who read the audit log."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anpo.accounts.capabilities import Capability, user_can
from anpo.accounts.models import User
from anpo.core.dashboard import Panel, PanelItem
from anpo.records.models import AuditEvent


def audit_panel(user: User) -> Panel | None:
    if not user_can(user, Capability.READ_AUDIT):
        return None
    since = timezone.now() - dt.timedelta(days=7)
    recent = AuditEvent.objects.filter(occurred_at__gte=since).count()
    return Panel(
        title=_("Audit log"),
        items=[
            PanelItem(
                text=_("Events in the last 7 days"),
                url=reverse("records:event_list"),
                badge=str(recent),
            ),
            PanelItem(text=_("Verify the audit chain"), url=reverse("records:verify")),
        ],
        order=90,
    )
