from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "anpo.records"
    label = "records"
    verbose_name = _("Records and audit")

    def ready(self) -> None:
        # Imported here: the panel module imports models, loaded only after every AppConfig.
        from anpo.core.dashboard import register_panel
        from anpo.core.scheduler import register_periodic
        from anpo.records.panels import audit_panel
        from anpo.records.tasks import audit_checkpoint_task

        register_panel(audit_panel)
        # The signed checkpoint that anchors the audit chain outside the database (docs/audit.md).
        register_periodic("records.audit_checkpoint", timedelta(days=1), audit_checkpoint_task)
