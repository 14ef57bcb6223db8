"""Home-page panels: hits awaiting review (reviewers), my saved parties (everyone else)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from anpo.accounts.capabilities import Capability, user_can
from anpo.core.dashboard import Panel, PanelItem
from anpo.screening import selectors


def review_panel(user: Any) -> Panel | None:
    if not user_can(user, Capability.DISPOSE_HIT):
        return None
    open_hits = selectors.review_queue(user=user)
    total = open_hits.count()
    alerts = open_hits.filter(is_alert=True).count()
    items = []
    if total:
        items.append(
            PanelItem(
                text=ngettext("%(n)d hit awaiting review", "%(n)d hits awaiting review", total)
                % {"n": total},
                url=reverse("screening:queue"),
                badge=str(total),
                urgent=True,
            )
        )
    if alerts:
        items.append(
            PanelItem(
                text=ngettext(
                    "%(n)d alert after a list change", "%(n)d alerts after a list change", alerts
                )
                % {"n": alerts},
                url=reverse("screening:queue") + "?alerts=1",
                badge=str(alerts),
                urgent=True,
            )
        )
    return Panel(
        title=_("Restricted-party screening"),
        items=items,
        empty_text=_("No hit awaits review."),
        link_url=reverse("screening:lists"),
        link_text=_("List versions"),
        order=20,
    )


def my_parties_panel(user: Any) -> Panel | None:
    """Reviewers see the review panel instead; people who cannot save parties see neither."""
    if user_can(user, Capability.DISPOSE_HIT) or not user_can(user, Capability.MANAGE_PARTIES):
        return None
    parties = selectors.party_list(user=user).filter(owner=user)
    items = [
        PanelItem(
            text=p.name,
            url=reverse("screening:party_detail", args=[p.pk]),
            badge=str(_("review pending")) if p.open_hits else "",
            urgent=bool(p.open_hits),
        )
        for p in parties[:5]
    ]
    return Panel(
        title=_("My screened parties"),
        items=items,
        empty_text=_("You have no saved parties yet."),
        link_url=reverse("screening:search"),
        link_text=_("Screen a name"),
        order=40,
    )
