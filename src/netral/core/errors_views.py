"""Error pages in Indonesian with the site's navigation and a way back (issue 11 item 4).

Wired in ``netral/urls.py`` (``handler400`` …) and ``CSRF_FAILURE_VIEW``. The 500 page
renders without a request context (the error may come from a context processor), so it
is a plain template with no database or template tags beyond ``url``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def _page(request: HttpRequest, status: int, title: str, explanation: str) -> HttpResponse:
    context = {"status": status, "title": title, "explanation": explanation}
    return render(request, "netral/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    from netral.core.params import BadParameter

    # A typed query parameter names what was wrong (core.params; issue 9, defect 4).
    explanation = (
        exception.message
        if isinstance(exception, BadParameter)
        else _(
            "Data yang dikirim tidak lengkap atau tidak sesuai. Muat ulang halaman lalu coba lagi."
        )
    )
    return _page(request, 400, _("Permintaan tidak dapat diproses."), explanation)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("Anda tidak berwenang membuka halaman ini."),
        _(
            "Halaman ini di luar peran atau wilayah kerja akun Anda. Bila menurut Anda ini "
            "keliru, hubungi administrator instansi."
        ),
    )


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # The API answers in its own envelope everywhere, an unknown path included
        # (api/errors.py; documented in the OpenAPI schema: issue 9, defect 10).
        from django.http import JsonResponse

        body = {"code": "not_found", "message": _("Tidak ditemukan.")}
        return JsonResponse({"error": body}, status=404)
    return _page(
        request,
        404,
        _("Halaman tidak ditemukan."),
        _(
            "Alamat ini tidak ada atau tidak dapat Anda buka. Periksa alamatnya, atau mulai "
            "lagi dari beranda."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    html = loader.get_template("500.html").render({})
    return HttpResponse(html, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        _("Formulir kedaluwarsa."),
        _(
            "Demi keamanan, formulir hanya berlaku untuk sementara waktu dan memerlukan cookie. "
            "Kembali ke halaman sebelumnya, muat ulang, lalu kirim lagi. Isian yang belum "
            "terkirim mungkin perlu diketik ulang."
        ),
    )


def rate_limited(request: HttpRequest, *, retry_after: int | None = None) -> HttpResponse:
    """For views that refuse a request because of a rate limit (HTTP 429)."""
    response = _page(
        request,
        429,
        _("Terlalu banyak permintaan."),
        _(
            "Anda mengirim terlalu banyak permintaan dalam waktu singkat. Tunggu beberapa menit lalu coba lagi."
        ),
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
