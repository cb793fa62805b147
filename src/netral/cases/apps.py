from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "netral.cases"
    label = "cases"
    verbose_name = _("Penanganan perkara")

    def ready(self) -> None:
        from netral.accounts import authz
        from netral.accounts.roles import Perm
        from netral.cases import services  # noqa: F401  (registers audit actions)
        from netral.core import nav

        def can_see(user: object) -> bool:
            return any(
                authz.has_perm(user, p)
                for p in (Perm.CASE_VIEW, Perm.CASE_VIEW_FORWARDED, Perm.CASE_VIEW_AGENCY)
            )

        nav.register_card(
            nav.Card(
                key="cases.list",
                title=_("Perkara"),
                description=_("Perkara netralitas ASN yang menunggu tindakan Anda."),
                url_name="cases:queue",
                visible=can_see,
                order=35,
            )
        )
