from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "netral.pledges"
    label = "pledges"
    verbose_name = _("Ikrar dan pakta integritas")

    def ready(self) -> None:
        from netral.accounts import authz
        from netral.accounts.roles import Perm
        from netral.core import nav

        nav.register_card(
            nav.Card(
                key="pledges.sign",
                title=_("Ikrar netralitas dan pakta integritas"),
                description=_(
                    "Baca ikrar netralitas, tanda tangani pakta integritas pada tahap Anda, "
                    "lalu unduh tanda terimanya."
                ),
                url_name="pledges:mine",
                visible=lambda user: (
                    authz.has_perm(user, Perm.PLEDGE_SIGN)
                    and bool(getattr(user, "pegawai_id", None))
                ),
                order=10,
            )
        )
        nav.register_card(
            nav.Card(
                key="pledges.campaigns",
                title=_("Kampanye ikrar"),
                description=_(
                    "Kelola tahap penandatanganan, apel ikrar, kemajuan per unit dan rekap "
                    "untuk Bawaslu."
                ),
                url_name="pledges:campaigns",
                visible=lambda user: (
                    authz.has_perm(user, Perm.PLEDGE_PROGRESS)
                    or authz.has_perm(user, Perm.PLEDGE_MANAGE)
                ),
                order=20,
            )
        )
