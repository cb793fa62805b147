"""System checks of the installation (``manage.py check --deploy``; bin/serve runs it with
``--tag netral`` before starting the worker and the web server)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from netral.core.env import production_secrets_message


@checks.register("netral", deploy=True)
def production_secrets(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    missing: list[str] = list(getattr(settings, "NETRAL_MISSING_SECRETS", []))
    if not missing:
        return []
    return [checks.Error(production_secrets_message(missing), id="netral.E001")]
