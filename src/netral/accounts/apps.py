from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "netral.accounts"
    label = "accounts"
    verbose_name = _("Akun dan peran")

    def ready(self) -> None:
        from netral.accounts import identity
        from netral.accounts.nav_cards import register_account_cards

        register_account_cards()
        identity.connect()
