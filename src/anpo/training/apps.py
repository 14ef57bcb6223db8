from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "anpo.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which Django loads only
        # after every AppConfig module has been imported.
        import anpo.training.capabilities  # noqa: F401  (registers the object rules)
        from anpo.core.dashboard import register_panel
        from anpo.core.scheduler import register_periodic
        from anpo.training.dashboard import training_panel
        from anpo.training.tasks import reminders_task

        register_panel(training_panel)
        register_periodic("training.reminders", timedelta(hours=6), reminders_task)

    def demo_load(self) -> None:
        """Bundled courses and an assignment of the first course to the demo researcher (idempotent)."""
        from anpo.training import demo  # imports models (see ready)

        demo.demo_load()
