"""One API layout (issue 8): each app owns ``api.py`` and ``api_urls.py``; the ``api`` app
keeps only the default permission, the error envelope, the schema and the URL includes;
no domain app imports from it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from netral.api.errors import exception_handler
from netral.core.errors import DomainError
from netral.reports.errors import ReportError

PACKAGE = Path(__file__).resolve().parents[2]
API_APP_MODULES = {"__init__", "apps", "errors", "permissions", "schema", "urls"}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_domain_app_imports_from_the_api_app():
    offenders = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != "api"
        and "tests" not in path.parts
        and any(n == "netral.api" or n.startswith("netral.api.") for n in imported_modules(path))
    )
    assert offenders == []


def test_the_api_app_holds_no_endpoints_of_its_own():
    modules = {p.stem for p in (PACKAGE / "api").glob("*.py")}
    assert modules <= API_APP_MODULES, modules - API_APP_MODULES


def test_each_app_with_an_api_module_owns_its_url_module():
    for api in PACKAGE.glob("*/api.py"):
        assert (api.parent / "api_urls.py").exists(), api.parent.name
        urls = imported_modules(PACKAGE / "api" / "urls.py") | {
            n
            for n in (PACKAGE / "api" / "urls.py").read_text().split('"')
            if n.startswith("netral.")
        }
        assert f"netral.{api.parent.name}.api_urls" in urls, api.parent.name


def test_url_names_stay_in_the_api_namespace():
    assert reverse("api:pegawai_list") == "/api/v1/pegawai"
    assert reverse("api:reports_status") == "/api/v1/reports/status"
    assert reverse("api:stats") == "/api/v1/stats"
    assert reverse("api:pledges-verify", args=["ABCD"]) == "/api/v1/pledges/verify/ABCD"


@pytest.mark.parametrize("http", [400, 404, 409, 413, 429])
def test_any_domain_error_renders_as_the_one_envelope(http):
    exc = DomainError(ReportError.INVALID, fields={"judul": ["Wajib diisi."]})
    exc.http_status = http
    request = APIRequestFactory().post("/api/v1/reports")
    response = exception_handler(exc, {"view": APIView(), "request": request})
    assert response.status_code == http
    assert response.data == {
        "error": {
            "code": ReportError.INVALID.value,
            "message": str(ReportError.INVALID.label),
            "fields": {"judul": ["Wajib diisi."]},
        }
    }
