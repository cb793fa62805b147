from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "netral.registry"
    label = "registry"
    verbose_name = _("Registri pegawai")

    def ready(self) -> None:
        from netral.registry.nav_cards import register_browse_cards

        register_browse_cards()
