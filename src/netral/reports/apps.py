from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "netral.reports"
    label = "reports"
    verbose_name = _("Laporan dan temuan")

    def ready(self) -> None:
        from netral.accounts import authz
        from netral.accounts.roles import Perm
        from netral.core import nav
        from netral.reports import services  # noqa: F401  (registers audit actions)

        nav.register_card(
            nav.Card(
                key="reports.inbox",
                title=_("Kotak masuk laporan"),
                description=_("Laporan masyarakat dan temuan di wilayah Anda."),
                url_name="reports:inbox",
                visible=lambda user: authz.has_perm(user, Perm.REPORT_HANDLE),
                order=30,
            )
        )
        nav.register_card(
            nav.Card(
                key="reports.intake",
                title=_("Catat temuan atau laporan"),
                description=_(
                    "Catat temuan pengawas, atau laporan yang diterima lewat surat, telepon, atau datang langsung."
                ),
                url_name="reports:intake",
                visible=lambda user: authz.has_perm(user, Perm.REPORT_TEMUAN),
                order=31,
            )
        )
