from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "netral.analytics"
    label = "analytics"
    verbose_name = _("Dasbor dan statistik")

    def ready(self) -> None:
        from netral.analytics import selectors
        from netral.core import nav

        nav.register_card(
            nav.Card(
                key="analytics.dashboard",
                title=_("Dasbor netralitas"),
                description=_("Ringkasan penandatanganan ikrar dan laporan dalam lingkup Anda."),
                url_name="analytics:dashboard",
                visible=selectors.may_view_dashboard,
                order=20,
            )
        )
