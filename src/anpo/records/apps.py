from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "anpo.records"
    label = "records"
    verbose_name = _("Records and audit")

    def ready(self) -> None:
        # Imported here: the panel module imports models, loaded only after every AppConfig.
        from anpo.core.dashboard import register_panel
        from anpo.records.panels import audit_panel

        register_panel(audit_panel)
