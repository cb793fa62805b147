from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "netral.screening"
    label = "screening"
    verbose_name = _("Penyaringan media sosial")

    def ready(self) -> None:
        from netral.accounts import authz
        from netral.accounts.roles import Perm
        from netral.core import nav
        from netral.screening import services  # noqa: F401  (registers audit actions)

        nav.register_card(
            nav.Card(
                key="screening.queue",
                title=_("Penyaringan media sosial"),
                description=_(
                    "Unggah unggahan media sosial yang dikumpulkan, lalu telaah yang ditandai "
                    "sebagai dugaan pelanggaran netralitas (SKB 2022 lampiran)."
                ),
                url_name="screening:queue",
                visible=lambda user: authz.has_perm(user, Perm.SCREENING_REVIEW),
                order=35,
            )
        )
