"""URL callbacks that import their view on first use (issue 15 item 3, fast start).

Every management command runs the system checks, which import the whole URL
configuration. The API's views pull in Django REST framework, drf-spectacular's schema
class (``@extend_schema`` subclasses it when the module loads) and, through DRF's optional
imports, requests, PyYAML and Pygments: about 0.7 s of CPU that no command and no non-API
page needs. ``lazy_view("netral.pledges.api.VerifyApi")`` stands in for
``VerifyApi.as_view()`` in ``api_urls.py``: the class is imported on the first request (or
the first time anything asks the callback for an attribute such as DRF's ``cls``), so the
URL walk test, the middleware (``csrf_exempt``, ``login_required``) and the OpenAPI
generator see exactly the view ``as_view()`` returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.module_loading import import_string


class LazyView:
    """``cls.as_view(**initkwargs)`` for the class at ``dotted``, built on first use."""

    def __init__(self, dotted: str, **initkwargs: Any) -> None:
        self._dotted = dotted
        self._initkwargs = initkwargs
        self._view: Callable[..., HttpResponseBase] | None = None
        self._lock = threading.Lock()

    def _load(self) -> Callable[..., HttpResponseBase]:
        if self._view is None:
            with self._lock:
                if self._view is None:
                    self._view = import_string(self._dotted).as_view(**self._initkwargs)
        return self._view

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self._load()(request, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # Only public view attributes (cls, initkwargs, view_class, csrf_exempt,
        # login_required, ...) load the view; private probes such as asyncio's
        # coroutine marker do not.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._load(), name)

    def __repr__(self) -> str:
        return f"<LazyView {self._dotted}>"


def lazy_view(dotted: str, **initkwargs: Any) -> LazyView:
    return LazyView(dotted, **initkwargs)
