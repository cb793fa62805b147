from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "netral.outreach"
    label = "outreach"
    verbose_name = _("Edaran, sosialisasi dan pendidikan politik")

    def ready(self) -> None:
        from netral.outreach import nav_cards

        nav_cards.register_outreach_cards()
