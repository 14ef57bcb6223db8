"""Restricted-party screening (list sources, parties, screenings, hits)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "anpo.screening"
    label = "screening"
    verbose_name = _("Restricted-party screening")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which Django loads only
        # after every AppConfig module has been imported.
        import anpo.screening.capabilities  # noqa: F401  (registers the object rules)
        from anpo.core.dashboard import register_panel
        from anpo.core.scheduler import register_periodic
        from anpo.screening import panels
        from anpo.screening.tasks import lists_update_task

        register_panel(panels.review_panel)
        register_panel(panels.my_parties_panel)
        register_periodic("screening.lists_update", timedelta(days=1), lists_update_task)

    def demo_load(self) -> None:
        """Lists from ../shared/data/lists when present (else the bundled invented lists) and a few parties."""
        from anpo.screening import demo  # imports models (see ready)

        shared = (
            Path(settings.REPO_DIR).parent / "shared" / "data" / "lists"
            if hasattr(settings, "REPO_DIR")
            else None
        )
        demo.demo_load(shared_lists=shared)
