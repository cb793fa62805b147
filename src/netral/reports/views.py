"""Public report pages (/lapor/...) and the handler pages (/laporan/...).

Upload views are ``csrf_exempt`` outside and ``csrf_protect`` inside: the streaming upload
handler must be installed before anything (the CSRF middleware included) reads the body.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from netral.accounts import authz
from netral.accounts.decorators import perm_required
from netral.accounts.http import AuthedRequest
from netral.accounts.roles import Perm
from netral.core import crypto, params, ratelimit
from netral.core.middleware import client_ip
from netral.reports import evidence as ev
from netral.reports import forms, receipts, selectors, services, triage, workflow
from netral.reports.errors import EvidenceRejected, InvalidTransition, ReportError
from netral.reports.models import Evidence, Message, Report

# The new receipt code is held in an encrypted cookie (``_hold_code``), not the session.
RECEIPT_COOKIE = "lapor_kode"
RECEIPT_PATH = "/lapor/"
RECEIPT_SECONDS = 8 * 3600
SESSION_OPEN = "lapor_cek"
OPEN_SECONDS = 30 * 60
RECEIPT_PURPOSE = "reports.receipt-session"


def _client(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _uploads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Install the streaming evidence handler, then apply CSRF protection."""
    protected = csrf_protect(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            if ev.request_too_large(request):
                holder: Any = request  # read back by _evidence_error
                holder.evidence_error = EvidenceRejected(
                    ReportError.REPORT_TOO_LARGE, ev.too_large_message()
                )
                return view(request, *args, too_large=True, **kwargs)
            ev.install_upload_handlers(request)
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def _evidence_error(request: HttpRequest, form: Any) -> bool:
    err = getattr(request, "evidence_error", None)
    if err is not None:
        form.add_error(None, err.message)
        return True
    return False


# --- Public: the report form --------------------------------------------------------------


@login_not_required
@never_cache
@_uploads
def lapor(request: HttpRequest, too_large: bool = False) -> HttpResponse:
    if too_large:
        form, people = forms.ReportForm(), forms.person_formset()
        return _render_form(request, form, people, status=413, upload_error=ev.too_large_message())
    form = forms.ReportForm(request.POST or None, request.FILES or None)
    people = forms.person_formset(request.POST or None)
    if request.method != "POST":
        return _render_form(request, form, people)
    if _evidence_error(request, form) | (not form.is_valid()) | (not people.is_valid()):
        return _render_form(request, form, people, status=400)
    if not services.submit_allowed(client=_client(request)):
        form.add_error(None, str(ReportError.RATE_LIMITED.label))
        return _render_form(request, form, people, status=429)
    data = form.to_input([f.to_input() for f in people.forms if f.cleaned_data.get("nama")])
    try:
        result = services.report_submit(
            data=data,
            files=form.cleaned_data["bukti"],
            channel=Report.Channel.WEB,
            actor=None,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except EvidenceRejected as exc:
        form.add_error("bukti", exc.message)
        return _render_form(request, form, people, status=400)
    response = redirect("reports:lapor_done", public_id=result.report.public_id)
    if result.receipt_code:
        _hold_code(response, result.report.public_id, result.receipt_code)
    return response


def _render_form(
    request: HttpRequest, form: Any, people: Any, status: int = 200, upload_error: str = ""
) -> HttpResponse:
    ctx = {"form": form, "people": people, "max_file": ev.max_file_bytes() // ev.MB}
    ctx["upload_error"] = upload_error
    ctx["max_report"] = ev.max_report_bytes() // ev.MB
    return render(request, "reports/lapor.html", ctx, status=status)


def _receipt_cookie(public_id: Any) -> str:
    return f"{RECEIPT_COOKIE}_{str(public_id).replace('-', '')}"


def _hold_code(response: HttpResponse, public_id: Any, code: str) -> None:
    """Keep the new receipt code in this browser only, for the page that shows it once.

    The code is AES-GCM encrypted with a server key kept outside the database (so the
    cookie is unreadable and tamper-proof in the browser), bound to this report and
    to an expiry, and sent only over HTTP(S) to /lapor/ pages (HttpOnly, SameSite=Strict,
    Secure in production, gone when the browser closes). Nothing is written on the server:
    a submission costs no session row (issue 4 performance), and no copy of the code
    exists anywhere but in the reporter's browser."""
    payload = {"r": str(public_id), "c": code, "exp": int(time.time()) + RECEIPT_SECONDS}
    response.set_cookie(
        _receipt_cookie(public_id),
        crypto.encrypt(json.dumps(payload), purpose=RECEIPT_PURPOSE),
        path=RECEIPT_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def _held_code(request: HttpRequest, public_id: Any) -> str | None:
    token = request.COOKIES.get(_receipt_cookie(public_id))
    if not token:
        return None
    try:
        payload = json.loads(crypto.decrypt(token, purpose=RECEIPT_PURPOSE))
    except (crypto.DecryptionError, ValueError):
        return None
    if payload.get("r") != str(public_id) or payload.get("exp", 0) < time.time():
        return None
    code = payload.get("c")
    return code if isinstance(code, str) else None


@login_not_required
@never_cache
def lapor_done(request: HttpRequest, public_id: Any) -> HttpResponse:
    report = selectors.report_by_public_id(public_id=public_id)
    code = _held_code(request, public_id)
    if request.method == "POST":  # "I have saved the code": forget it in this browser too.
        response = redirect("reports:lapor_check")
        response.delete_cookie(_receipt_cookie(public_id), path=RECEIPT_PATH, samesite="Strict")
        return response
    if code is None:  # the code was saved (or this is another browser): say so, not 404
        context = {
            "status": 410,
            "title": _("Kode tanda terima tidak ditampilkan lagi."),
            "explanation": _(
                "Laporan %(number)s sudah diterima. Demi keamanan, kodenya hanya ditampilkan "
                "sekali dan tidak tersimpan di peramban ini lagi. Buka laporan dengan kode yang "
                "sudah Anda simpan di halaman cek laporan."
            )
            % {"number": report.intake_number},
        }
        return render(request, "netral/error.html", context, status=410)
    return render(
        request,
        "reports/lapor_done.html",
        {"report": report, "code": receipts.format_code(code)},
    )


@login_not_required
@never_cache
@require_GET
def lapor_proof(request: HttpRequest, public_id: Any) -> HttpResponse:
    report = _opened_report(request)
    code = _held_code(request, public_id)
    if code is None and (report is None or str(report.public_id) != str(public_id)):
        raise Http404
    report = selectors.report_by_public_id(public_id=public_id)
    from netral.reports import proof  # reportlab/pyhanko load on first use (fast start)

    pdf = proof.proof_pdf(report=report, code=code)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="tanda-terima-{report.intake_number}.pdf"'
    )
    return response


def _search_allowed(request: HttpRequest) -> bool:
    # The look-ups are public; a per-client ceiling keeps them from being scraped.
    return ratelimit.hit("report-search", _client(request), limit=300, period=60)


@login_not_required
@require_GET
def search_units(request: HttpRequest) -> HttpResponse:
    """htmx: ``<option>``s of units of an agency. Names only, never employee data."""
    if not _search_allowed(request):
        return HttpResponse(status=429)
    instansi = next((str(v) for k, v in request.GET.items() if k.endswith("instansi") and v), "")
    q = next((str(v) for k, v in request.GET.items() if k.endswith("unit_cari")), "")
    units = selectors.public_unit_search(instansi_id=instansi if instansi.isdigit() else None, q=q)
    return render(
        request, "reports/_options.html", {"options": [(u.pk, u.full_name) for u in units]}
    )


@login_not_required
@require_GET
def search_regions(request: HttpRequest) -> HttpResponse:
    if not _search_allowed(request):
        return HttpResponse(status=429)
    regions = selectors.public_region_search(q=request.GET.get("region_cari", ""))
    return render(
        request,
        "reports/_options.html",
        {"options": [(r.kode, forms.label_of(r)) for r in regions]},
    )


# --- Public: follow-up with the receipt code ---------------------------------------------


def _opened_report(request: HttpRequest) -> Report | None:
    held = request.session.get(SESSION_OPEN)
    if not held or held.get("until", 0) < time.time():
        return None
    return selectors.report_by_public_id_or_none(public_id=held["id"])


@login_not_required
@never_cache
def lapor_check(request: HttpRequest) -> HttpResponse:
    form = forms.ReceiptForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            report = services.receipt_open(code=form.cleaned_data["code"], client=_client(request))
        except services.ReceiptRejected as exc:
            form.add_error("code", str(exc.code.label))
            status = 429 if exc.code == ReportError.RATE_LIMITED else 400
        else:
            request.session.cycle_key()
            request.session[SESSION_OPEN] = {
                "id": str(report.public_id),
                "until": time.time() + OPEN_SECONDS,
            }
            return redirect("reports:lapor_status")
    return render(request, "reports/lapor_check.html", {"form": form}, status=status)


@login_not_required
@never_cache
@_uploads
def lapor_status(request: HttpRequest, too_large: bool = False) -> HttpResponse:
    report = _opened_report(request)
    if report is None:
        return redirect("reports:lapor_check")
    msg_form, ev_form = forms.MessageForm(), forms.EvidenceForm()
    status = 413 if too_large else 200
    upload_error = ev.too_large_message() if too_large else ""
    if too_large:
        pass
    elif request.method == "POST" and "body" in request.POST:
        msg_form = forms.MessageForm(request.POST)
        if msg_form.is_valid():
            services.message_from_reporter(
                report=report,
                body=msg_form.cleaned_data["body"],
                idempotency_key=msg_form.cleaned_data["idempotency_key"],
            )
            messages.success(request, _("Pesan Anda terkirim."))
            return redirect("reports:lapor_status")
        status = 400
    elif request.method == "POST":
        ev_form = forms.EvidenceForm(request.POST, request.FILES)
        if not _evidence_error(request, ev_form) and ev_form.is_valid():
            try:
                services.evidence_add(
                    report=report,
                    files=ev_form.cleaned_data["bukti"],
                    links=ev_form.cleaned_data["links"],
                    actor=None,
                    idempotency_key=ev_form.cleaned_data["idempotency_key"],
                )
            except EvidenceRejected as exc:
                ev_form.add_error("bukti", exc.message)
            else:
                messages.success(request, _("Bukti tambahan diterima."))
                return redirect("reports:lapor_status")
        status = 400
    services.messages_mark_read(report=report, direction=Message.Direction.TO_REPORTER)
    ctx = {
        "report": report,
        "timeline": selectors.public_timeline(report=report),
        "thread": selectors.thread(report=report),
        "evidence": selectors.report_evidence(report=report),
        "msg_form": msg_form,
        "ev_form": ev_form,
        "upload_error": upload_error,
    }
    return render(request, "reports/lapor_status.html", ctx, status=status)


@login_not_required
@require_POST
def lapor_leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_OPEN, None)
    return redirect("reports:lapor_check")


# --- Staff: inbox, intake, detail ---------------------------------------------------------


@perm_required(Perm.REPORT_HANDLE)
def inbox(request: AuthedRequest) -> HttpResponse:
    status, kind, q = (request.GET.get(k, "") for k in ("status", "jenis", "q"))
    rows = selectors.inbox(user=request.user, status=status, kind=kind, q=q)[:200]
    ctx = {"rows": rows, "status": status, "kind": kind, "q": q}
    ctx |= {"statuses": Report.Status.choices, "kinds": Report.Kind.choices}
    return render(request, "reports/inbox.html", ctx)


@perm_required(Perm.REPORT_TEMUAN)
@_uploads
def intake(request: AuthedRequest, too_large: bool = False) -> HttpResponse:
    form = forms.StaffIntakeForm(
        None if too_large else (request.POST or None), request.FILES or None
    )
    people = forms.person_formset(None if too_large else (request.POST or None))
    if too_large:
        ctx = {"form": form, "people": people, "upload_error": ev.too_large_message()}
        return render(request, "reports/intake.html", ctx, status=413)
    if request.method == "POST" and not _evidence_error(request, form):
        if form.is_valid() and people.is_valid():
            data = form.to_input([f.to_input() for f in people.forms if f.cleaned_data.get("nama")])
            try:
                result = services.report_submit(
                    data=data,
                    files=form.cleaned_data["bukti"],
                    channel=form.cleaned_data["channel"],
                    actor=request.user,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except EvidenceRejected as exc:
                form.add_error("bukti", exc.message)
            else:
                messages.success(
                    request, _("Tercatat dengan nomor %(n)s.") % {"n": result.report.intake_number}
                )
                return redirect("reports:detail", public_id=result.report.public_id)
    return render(request, "reports/intake.html", {"form": form, "people": people})


def _detail_context(request: AuthedRequest, report: Report, **extra: Any) -> dict[str, Any]:
    persons = selectors.report_persons(report=report)
    visible = selectors.reports_visible_to(user=request.user)
    ctx = {
        "report": report,
        "persons": [(p, triage.match_suggestions(person=p, user=request.user)) for p in persons],
        "duplicates": triage.possible_duplicates(report=report, visible=visible),
        "windows": triage.window_checks(report),
        "requirements": triage.formal_checks(report),
        "timeline": selectors.handler_timeline(report=report),
        "thread": selectors.thread(report=report),
        "evidence": selectors.report_evidence(report=report),
        "identity_log": selectors.identity_access_log(report=report),
        "can_reveal": authz.has_perm(request.user, Perm.REPORT_IDENTITY),
        "targets": workflow.allowed_targets(report=report, user=request.user),
        "msg_form": forms.MessageForm(),
        "note_form": forms.NoteForm(),
        "reveal_form": forms.RevealForm(),
    }
    return ctx | extra


@perm_required(Perm.REPORT_HANDLE)
def detail(request: AuthedRequest, public_id: Any) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, public_id=public_id)
    services.messages_mark_read(report=report, direction=Message.Direction.FROM_REPORTER)
    return render(request, "reports/detail.html", _detail_context(request, report))


@require_POST
@perm_required(Perm.REPORT_HANDLE)
def act(request: AuthedRequest, public_id: Any, action: str) -> HttpResponse:
    """One POST endpoint per handler action: message, note, status, match, identity."""
    report = selectors.report_get_for_user(user=request.user, public_id=public_id)
    handler = _ACTIONS.get(action)
    if handler is None:
        raise Http404
    return handler(request, report)


def _act_message(request: AuthedRequest, report: Report) -> HttpResponse:
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        services.message_to_reporter(
            report=report,
            body=form.cleaned_data["body"],
            actor=request.user,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
        messages.success(request, _("Pesan terkirim kepada pelapor."))
        return redirect("reports:detail", public_id=report.public_id)
    return render(
        request, "reports/detail.html", _detail_context(request, report, msg_form=form), status=400
    )


def _act_note(request: AuthedRequest, report: Report) -> HttpResponse:
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        services.triage_note_add(
            report=report,
            text=form.cleaned_data["text"],
            actor=request.user,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
        return redirect("reports:detail", public_id=report.public_id)
    return render(
        request, "reports/detail.html", _detail_context(request, report, note_form=form), status=400
    )


def _act_status(request: AuthedRequest, report: Report) -> HttpResponse:
    form = forms.TransitionForm(request.POST)
    if form.is_valid():
        try:
            workflow.transition(
                report=report,
                to=form.cleaned_data["to"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except InvalidTransition as exc:
            messages.error(request, str(exc.code.label))
        else:
            messages.success(request, _("Status laporan diperbarui."))
    return redirect("reports:detail", public_id=report.public_id)


def _act_match(request: AuthedRequest, report: Report) -> HttpResponse:
    # Typed: a non-number is a 400 with a message, not a 500 (issue 9, defect 4).
    person_id = params.int_param(request, "person", data=request.POST)
    person = selectors.report_person_get(report=report, pk=person_id)
    form = forms.MatchForm(request.POST)
    pegawai = None
    if form.is_valid() and form.cleaned_data["pegawai"]:
        from netral.registry.selectors import pegawai_get_for_user

        pegawai = pegawai_get_for_user(user=request.user, pk=form.cleaned_data["pegawai"])
    services.person_match_confirm(person=person, pegawai=pegawai, actor=request.user)
    return redirect("reports:detail", public_id=report.public_id)


def _act_identity(request: AuthedRequest, report: Report) -> HttpResponse:
    if not authz.has_perm(request.user, Perm.REPORT_IDENTITY):
        raise PermissionDenied
    form = forms.RevealForm(request.POST)
    identity = None
    if form.is_valid():
        try:
            identity = services.identity_reveal(
                report=report, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error("reason", exc.messages[0])
    ctx = _detail_context(request, report, reveal_form=form, identity=identity)
    response = render(
        request, "reports/detail.html", ctx, status=200 if identity is not None else 400
    )
    response["Cache-Control"] = "no-store"
    return response


_ACTIONS: dict[str, Callable[[AuthedRequest, Report], HttpResponse]] = {
    "pesan": _act_message,
    "catatan": _act_note,
    "status": _act_status,
    "cocokkan": _act_match,
    "identitas": _act_identity,
}


@perm_required(Perm.REPORT_HANDLE)
def evidence_file(request: AuthedRequest, public_id: Any, evidence_id: Any) -> HttpResponseBase:
    """Serve evidence to handlers in scope: the clean copy by default, the original on
    request (logged for the chain of custody)."""
    report = selectors.report_get_for_user(user=request.user, public_id=public_id)
    item = selectors.evidence_get(report=report, public_id=evidence_id)
    want_original = request.GET.get("asli") == "1" or not item.shareable
    if item.kind == Evidence.Kind.LINK:
        raise Http404
    # Without the identity grant, only the clean copy (raises PermissionDenied otherwise).
    if want_original:
        services.evidence_original_opened(item=item, actor=request.user)
    if want_original:
        # Decrypted as it streams (encrypted at rest with the identity key).
        response: StreamingHttpResponse = StreamingHttpResponse(
            services.evidence_original_chunks(item), content_type=item.content_type
        )
        response["Content-Length"] = str(item.size)
        ext = (item.original.name or "").removesuffix(services.ENCRYPTED_SUFFIX)
    else:
        response = FileResponse(item.shareable.open("rb"))
        ext = item.shareable.name or ""
    response["Content-Disposition"] = (
        f'attachment; filename="{item.public_id}{ext[ext.rfind(".") :]}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@perm_required(Perm.REPORT_HANDLE)
def evidence_preview(request: AuthedRequest, public_id: Any, evidence_id: Any) -> HttpResponse:
    """The inline preview of an image or of a PDF's first page (issue 11 item 15), made
    from the metadata-free copy: opening it is not opening the original."""
    report = selectors.report_get_for_user(user=request.user, public_id=public_id)
    item = selectors.evidence_get(report=report, public_id=evidence_id)
    png = ev.preview_png(item)
    if png is None:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="pratinjau-{item.public_id}.png"'
    response["Cache-Control"] = "no-store"
    return response


def _statistics_url() -> str | None:
    """The public statistics page once the analytics app serves it; until then, none."""
    from django.urls import Resolver404, resolve

    try:
        resolve("/statistik/")
    except Resolver404:
        return None
    return "/statistik/"


@login_not_required
@require_GET
def front_door(request: HttpRequest) -> HttpResponse:
    """The public home page (``/`` for a visitor who is not logged in): what a citizen
    can do and how long each step of handling takes, from the deadline rules
    (shared/domain.md §2–§3)."""
    context = {"steps": selectors.public_deadlines(), "statistics_url": _statistics_url()}
    return render(request, "reports/front_door.html", context)
