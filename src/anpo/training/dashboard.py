"""The training panel of the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anpo.accounts.capabilities import Capability, user_can
from anpo.core.dashboard import Panel, PanelItem
from anpo.training.selectors import Status, overdue_count_in_scope, requirements_for_user


def training_panel(user: Any) -> Panel | None:
    """My assigned courses due or overdue; for readers of the reports, overdue counts in scope."""
    if not user.is_authenticated:
        return None
    items = []
    for req in requirements_for_user(user=user):
        url = reverse("training:course", args=[req.course.slug])
        if req.status == Status.OVERDUE:
            items.append(
                PanelItem(
                    text=req.course.title,
                    url=url,
                    badge=_("Overdue since %(date)s") % {"date": req.due_date.isoformat()},
                    urgent=True,
                )
            )
        elif req.status in (Status.DUE, Status.EXPIRING):
            items.append(
                PanelItem(
                    text=req.course.title,
                    url=url,
                    badge=_("Due %(date)s") % {"date": req.due_date.isoformat()},
                )
            )
    if user_can(user, Capability.READ_REPORTS):
        overdue = overdue_count_in_scope(viewer=user)
        items.append(
            PanelItem(
                text=_("Overdue training in your scope"),
                url=reverse("training:report"),
                badge=str(overdue),
                urgent=overdue > 0,
            )
        )
    return Panel(
        title=gettext_lazy("Training"),
        items=items,
        empty_text=gettext_lazy("No training is due."),
        link_url=reverse("training:home"),
        link_text=gettext_lazy("All courses"),
        order=20,
    )
