"""The request type of a signed-in page (for the type checker only).

``LoginRequiredMiddleware`` is on (CONTRIBUTING.md, "Views are closed by default"), so
every view not marked ``login_not_required`` sees a signed-in ``User``; typing its request
as ``AuthedRequest`` says so, where ``HttpRequest.user`` would be ``User | AnonymousUser``.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from netral.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # set by django_htmx's HtmxMiddleware
