from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def netral(request: HttpRequest) -> dict[str, Any]:
    return {"NETRAL_ENV": settings.NETRAL_ENV}
