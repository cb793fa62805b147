from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "netral.registry"
    label = "registry"
    verbose_name = _("Registri pegawai")

    def ready(self) -> None:
        from netral.accounts import authz
        from netral.accounts.roles import Perm
        from netral.core import nav
        from netral.registry.nav_cards import register_browse_cards

        register_browse_cards()
        nav.register_card(
            nav.Card(
                key="registry.import",
                title=_("Impor daftar pegawai"),
                description=_("Unggah daftar pegawai (CSV/XLSX), periksa, lalu simpan sekaligus."),
                url_name="registry:import_start",
                visible=lambda user: authz.has_perm(user, Perm.REGISTRY_IMPORT),
                order=30,
            )
        )
