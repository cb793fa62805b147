from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "netral.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from netral.api import schema  # noqa: F401  (registers the OpenAPI auth extensions)
