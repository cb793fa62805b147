from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from netral.accounts.decorators import scoped_by
from netral.core.views import healthz

urlpatterns = [
    path("", include("netral.accounts.urls")),
    path("registri/", include("netral.registry.urls")),
    path("", include("netral.pledges.urls")),
    path("", include("netral.reports.urls")),
    path("penyaringan/", include("netral.screening.urls")),
    path("", include("netral.analytics.urls")),
    path("", include("netral.cases.urls")),
    path("sosialisasi/", include("netral.outreach.urls")),
    path("api/v1/", include("netral.api.urls")),
    # The library's passkey scripts' messages (the Indonesian ones from locale/id djangojs).
    path(
        "i18n/js/",
        scoped_by("the user's own session")(
            JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])
        ),
        name="js_catalog",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

# Indonesian error pages with the site's navigation (issue 11 item 4).
handler400 = "netral.core.errors_views.bad_request"
handler403 = "netral.core.errors_views.permission_denied"
handler404 = "netral.core.errors_views.page_not_found"
handler500 = "netral.core.errors_views.server_error"
