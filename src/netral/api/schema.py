"""OpenAPI descriptions of Netral's authentication schemes (drf-spectacular extensions).

Imported when a schema is generated (``SPECTACULAR_SETTINGS['PREPROCESSING_HOOKS']``, and
the lazy ``openapi`` view); subclassing registers the extension.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


# drf-spectacular's extension base has an untyped __init_subclass__ (a stub gap).
class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "netral.accounts.api_auth.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "ntr_<prefix>_<secret>",
            "description": "Token dari `manage.py create_api_token USERNAME`.",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "netral.accounts.api_auth.VerifiedSessionAuthentication"
    name = "sessionAfter2fa"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "Sesi peramban setelah verifikasi dua faktor.",
        }


def register_extensions(endpoints: list[Any]) -> list[Any]:
    """drf-spectacular preprocessing hook: importing this module registered the extensions
    above; the endpoints pass through unchanged."""
    return endpoints
