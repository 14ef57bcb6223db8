from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "anpo.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisation")

    def ready(self) -> None:
        from anpo.accounts.panels import admin_panel
        from anpo.core.dashboard import register_panel

        register_panel(admin_panel)
