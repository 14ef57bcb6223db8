from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "anpo.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisation")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which Django loads only
        # after every AppConfig module has been imported.
        from anpo.accounts import checks  # noqa: F401  (registers the demo-password check)
        from anpo.accounts.panels import admin_panel
        from anpo.core.dashboard import register_panel

        register_panel(admin_panel)
