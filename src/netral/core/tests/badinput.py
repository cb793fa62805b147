"""The project's bad-input walk (issue 9, defect 4): crawl the site as a user, then send
every GET page each bad-input string in each query parameter it reads — the ones its
links and GET forms carry and the common ones below — and record every 500.

Used by ``test_bad_input_walk.py`` (in ``make test``) and, against the demo data, by
``python manage.py shell -c "from netral.core.tests.badinput import demo_walk; demo_walk()"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# The strings the attack run used (shared corpus): NUL, non-numbers where ids are read,
# out-of-range and impossible dates, huge and negative numbers, overlong text, markup.
BAD_INPUT = (
    "\x00",
    "abc",
    "-1",
    "99999999999999999999999",
    "9999-12-31",
    "x" * 3000,
)

# Parameters the issue named and those staff pages commonly read.
COMMON_PARAMS = ("q", "page", "unit", "tahap", "date_to")

# Never followed: logging out ends the walk; the admin checks its own input.
SKIP_PREFIXES = ("/keluar/", "/admin/", "/static/", "/media/", "/i18n/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.form_params: list[tuple[str, list[str]]] = []  # (action, input names)
        self._form: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        elif tag == "form" and (a.get("method") or "get").lower() == "get":
            self._form = (a.get("action") or "", [])
            self.form_params.append(self._form)
        elif tag in ("input", "select", "textarea") and self._form is not None and a.get("name"):
            self._form[1].append(a["name"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


@dataclass
class Walk:
    pages: dict[str, str] = field(default_factory=dict)  # route pattern -> a URL of it
    params: dict[str, set[str]] = field(default_factory=dict)  # route -> parameter names
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    fetched: dict[str, int] = field(default_factory=dict)  # route -> GETs while crawling
    attacked: set[str] = field(default_factory=set)  # routes already attacked (any role)


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def crawl(client: Client, starts: Iterable[str], *, walk: Walk, limit: int = 400) -> Walk:
    """Breadth-first over same-site links (one URL per route pattern is enough)."""
    queue = list(starts)
    seen: set[str] = set()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc or parts.path.startswith(SKIP_PREFIXES) or url in seen:
            continue
        seen.add(url)
        route = _route(parts.path)
        if route is None:
            continue
        names = walk.params.setdefault(route, set())
        names.update(k for k, _ in parse_qsl(parts.query, keep_blank_values=True))
        # One plain fetch per route, and a few with query strings (filters, pages).
        if (route in walk.pages and not parts.query) or walk.fetched.get(route, 0) >= 3:
            continue
        walk.fetched[route] = walk.fetched.get(route, 0) + 1
        response = client.get(url)
        walk.requests += 1
        if response.status_code >= 500:
            walk.failures.append(f"{response.status_code} GET {url} (plain)")
            continue
        walk.pages.setdefault(route, parts.path)
        if "html" not in response.get("Content-Type", "") or response.streaming:
            continue
        parser = _Links()
        parser.feed(response.content.decode("utf-8", "replace"))
        for action, inputs in parser.form_params:
            target = urlsplit(urljoin(parts.path, action or parts.path)).path
            target_route = _route(target)
            if target_route is not None:
                walk.params.setdefault(target_route, set()).update(
                    n for n in inputs if n != "csrfmiddlewaretoken"
                )
                walk.pages.setdefault(target_route, target)
        for href in parser.hrefs:
            if href.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            queue.append(urljoin(parts.path, href))
    return walk


def attack(client: Client, walk: Walk, *, who: str = "") -> Walk:
    """Each page × each parameter × each bad string; any 5xx is a failure."""
    for route, path in sorted(walk.pages.items()):
        if path.startswith(SKIP_PREFIXES) or route in walk.attacked:
            continue
        walk.attacked.add(route)
        for name in sorted(walk.params.get(route, set()) | set(COMMON_PARAMS)):
            for value in BAD_INPUT:
                response = client.get(f"{path}?{urlencode({name: value})}")
                walk.requests += 1
                if response.status_code >= 500:
                    shown = re.sub(r"x{20,}", "x…", repr(value))
                    walk.failures.append(
                        f"{response.status_code} GET {path}?{name}={shown} ({who})"
                    )
    return walk


def bad_client() -> Client:
    """A test client that answers 500 as a real server would instead of raising."""
    return Client(raise_request_exception=False)


def demo_walk() -> list[str]:  # pragma: no cover - run by hand against the demo data
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from netral.accounts.models import User

    failures: list[str] = []
    anonymous = bad_client()
    walk = crawl(anonymous, ["/", "/lapor/", "/statistik/", "/verifikasi/"], walk=Walk())
    failures += attack(anonymous, walk, who="anonymous").failures
    for user in User.objects.filter(role_assignments__isnull=False).distinct():
        client = bad_client()
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        walk = crawl(client, ["/"], walk=Walk())
        failures += attack(client, walk, who=user.username).failures
    for line in failures:
        print(line)  # noqa: T201
    return failures
