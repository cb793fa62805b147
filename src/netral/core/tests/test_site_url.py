"""Absolute links come from SITE_URL (issue 11 item 2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from netral.core.env import require_site_url, site_url


def test_development_defaults_to_the_port_served(monkeypatch):
    # given
    monkeypatch.setenv("PORT", "8765")
    monkeypatch.delenv("SITE_URL", raising=False)
    # when / then
    assert site_url(env="dev", argv=["bin/serve"]) == "http://127.0.0.1:8765"


def test_development_runserver_port_is_used(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("SITE_URL", raising=False)
    argv = ["manage.py", "runserver", "0.0.0.0:9001"]
    assert site_url(env="dev", argv=argv) == "http://127.0.0.1:9001"
    assert site_url(env="dev", argv=["manage.py", "runserver"]) == "http://127.0.0.1:8000"


def test_production_refuses_to_start_without_site_url(monkeypatch):
    # given: management commands (migrate, check) still run
    monkeypatch.delenv("SITE_URL", raising=False)
    assert site_url(env="prod", argv=["gunicorn"]) == ""
    # when / then: the web server does not start
    with pytest.raises(ImproperlyConfigured, match="SITE_URL is required"):
        require_site_url("")


def test_wsgi_application_refuses_to_start_in_production_without_site_url(settings):
    import importlib
    import sys

    settings.SITE_URL = ""
    sys.modules.pop("netral.wsgi", None)
    with pytest.raises(ImproperlyConfigured, match="SITE_URL is required"):
        importlib.import_module("netral.wsgi")
    sys.modules.pop("netral.wsgi", None)


def test_configured_site_url_wins_and_is_validated(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://netral.karimunkab.go.id/")
    monkeypatch.setenv("PORT", "8765")
    assert site_url(env="prod", argv=[]) == "https://netral.karimunkab.go.id"
    monkeypatch.setenv("SITE_URL", "netral.karimunkab.go.id")
    with pytest.raises(ImproperlyConfigured):
        site_url(env="prod", argv=[])


def test_receipt_verification_link_uses_site_url(settings):
    # given
    settings.SITE_URL = "https://netral.karimunkab.go.id"
    # when
    from netral.pledges.receipts import verification_url

    # then
    assert verification_url("ABCD").startswith("https://netral.karimunkab.go.id/verifikasi/")
