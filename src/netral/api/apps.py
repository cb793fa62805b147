from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "netral.api"
    label = "api"
    verbose_name = "API"

    # The OpenAPI extensions (``api.schema``) are registered when a schema is generated,
    # through drf-spectacular's PREPROCESSING_HOOKS: importing drf-spectacular's generator
    # here would cost every process ~0.5 s at start-up (issue 15 item 3).
