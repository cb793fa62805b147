"""Pledge pages: thin adapters (house style §6) over selectors and services."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from netral.accounts import authz
from netral.accounts.decorators import perm_required, scoped_by
from netral.accounts.http import AuthedRequest
from netral.accounts.roles import Perm
from netral.core import idempotency, params, ratelimit
from netral.core.middleware import client_ip
from netral.core.models import JobProgress
from netral.core.selectors import own_job
from netral.pledges import ledger, recap, selectors, services, workflow
from netral.pledges.errors import InvalidTransition
from netral.pledges.forms import (
    AttendanceUploadForm,
    CampaignForm,
    CeremonyForm,
    ReopenForm,
    SignForm,
    StageForm,
    VerifyForm,
    VoidForm,
)
from netral.pledges.models import Campaign, Signature
from netral.registry.models import Pegawai, UnitKerja
from netral.registry.selectors import instansi_visible_to

logger = logging.getLogger(__name__)


def _pegawai(request: AuthedRequest) -> Pegawai:
    pegawai = request.user.pegawai
    if pegawai is None:
        raise Http404
    return pegawai


# --- employee ----------------------------------------------------------------------------


@perm_required(Perm.PLEDGE_SIGN)
def mine(request: AuthedRequest) -> HttpResponse:
    pegawai = _pegawai(request)
    # Read-only: a stage whose date has come counts as open (selectors.stage_is_open); the
    # sweep or the signature opens it.
    items = selectors.my_campaigns(pegawai=pegawai)
    return render(request, "pledges/mine.html", {"items": items, "pegawai": pegawai})


@perm_required(Perm.PLEDGE_SIGN)
def sign(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """Read the pact and sign it. The POST path leaves the double-submit and audience
    checks to ``pact_sign`` (one place, and fewer queries on the hot path)."""
    pegawai = selectors.signer_get(user=request.user)
    campaign = selectors.campaign_for_signer(pegawai=pegawai, pk=campaign_id)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        secret = form.cleaned_data["confirmation"]
        method = services.confirm_identity(user=request.user, secret=secret)
        if method is None:
            form.add_error("confirmation", _("Kata sandi atau kode konfirmasi salah."))
        else:
            try:
                sig, created = services.pact_sign(
                    campaign=campaign,
                    pegawai=pegawai,
                    actor=request.user,
                    method=method,
                    text_sha256=form.cleaned_data["text_sha256"],
                )
            except InvalidTransition as exc:
                form.add_error(None, exc.message)
            else:
                if created:
                    messages.success(request, _("Pakta integritas Anda sudah ditandatangani."))
                return redirect("pledges:receipt", code=sig.code)
    elif request.method != "POST":
        existing = selectors.live_signature_of(campaign=campaign, pegawai=pegawai)
        if existing is not None:
            return redirect("pledges:receipt", code=existing.code)
    stage = selectors.open_stage_for(campaign=campaign, pegawai=pegawai)
    rendered = services.pact_render(campaign=campaign, pegawai=pegawai)
    if not form.is_bound:
        form = SignForm(initial={"text_sha256": rendered.sha256})
    context = {
        "campaign": campaign,
        "stage": stage,
        "pact": rendered,
        "form": form,
        "pegawai": pegawai,
    }
    return render(request, "pledges/sign.html", context, status=200 if stage else 403)


@perm_required(Perm.PLEDGE_SIGN)
def receipt(request: AuthedRequest, code: str) -> HttpResponse:
    sig = selectors.signature_for_owner(user=request.user, code=code)
    import segno  # QR drawing and PDF libraries load on first use (fast start)

    from netral.pledges.receipts import verification_url

    url = verification_url(sig.code)
    qr_svg = segno.make(url, error="m").svg_inline(scale=4)
    return render(request, "pledges/receipt.html", {"sig": sig, "qr_svg": qr_svg, "url": url})


@perm_required(Perm.PLEDGE_SIGN)
def receipt_download(request: AuthedRequest, code: str) -> HttpResponse:
    sig = selectors.signature_for_owner(user=request.user, code=code)
    from netral.pledges.receipts import receipt_pdf

    response = HttpResponse(receipt_pdf(sig), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pakta-integritas-{sig.code}.pdf"'
    return response


# --- public verification -----------------------------------------------------------------


def verify_lookup(request: HttpRequest, code: str) -> tuple[str, Signature | None]:
    """Rate-limited lookup shared by the page and the API: (status, signature)."""
    ident = client_ip(request) or "?"
    if not ratelimit.hit(
        "pledge-verify", ident, limit=settings.PLEDGE_VERIFY_RATE_PER_MINUTE, period=60
    ):
        return "throttled", None
    sig = selectors.signature_by_code(services.normalise_code(code))
    if sig is None:
        return "unknown", None
    problem = ledger.verify_signature(sig)
    if problem is not None:
        # Never SAH, and never the row's (possibly forged) data (issue 9, defect 7).
        logger.error("pledge verification: %s (signature %s)", problem, sig.pk)
        return "invalid", None
    return ("voided" if sig.is_void else "valid"), sig


@login_not_required
def verify(request: HttpRequest, code: str) -> HttpResponse:
    status, sig = verify_lookup(request, code)
    http_status = {"throttled": 429, "unknown": 404}.get(status, 200)
    return render(
        request,
        "pledges/verify.html",
        {"status": status, "sig": sig, "code": code},
        status=http_status,
    )


@login_not_required
def verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect(
            "pledges:verify", code=services.normalise_code(form.cleaned_data["code"]) or "-"
        )
    return render(request, "pledges/verify_form.html", {"form": form})


@login_not_required
def ledger_public(request: HttpRequest) -> HttpResponse:
    """The ledger's transparency page (issue 15): every agency log's latest signed
    checkpoint, the verifier key, and a receipt-PDF check (its embedded inclusion proof
    against the published checkpoint, with a consistency proof when they differ)."""
    from netral.pledges.forms import ReceiptProofForm

    result = None
    form = ReceiptProofForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        ident = client_ip(request) or "?"
        if not ratelimit.hit(
            "pledge-proof", ident, limit=settings.PLEDGE_VERIFY_RATE_PER_MINUTE, period=60
        ):
            status = 429
            form.add_error(None, _("Terlalu banyak permintaan. Coba lagi sebentar lagi."))
        elif form.is_valid():
            result = services.receipt_proof_check(form.cleaned_data["pdf"].read())
    context = {
        "checkpoints": ledger.published_checkpoints(),
        "verifier_key": ledger.verifier_key(),
        "form": form,
        "result": result,
    }
    return render(request, "pledges/ledger_public.html", context, status=status)


@login_not_required
def ledger_checkpoints_txt(request: HttpRequest) -> HttpResponse:
    """The latest signed checkpoint of every log, separated by ``---`` lines: the file
    ``manage.py verify_ledger --published`` and ``python -m netral.pledges.proof
    --checkpoint`` read."""
    notes = [c.note for c in ledger.published_checkpoints()]
    response = HttpResponse("\n---\n".join(notes), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="netral-checkpoints.txt"'
    return response


# --- campaigns (staff) ---------------------------------------------------------------------


@scoped_by("selectors.campaigns_visible_to")
def campaigns(request: AuthedRequest) -> HttpResponse:
    if not (
        authz.has_perm(request.user, Perm.PLEDGE_PROGRESS)
        or authz.has_perm(request.user, Perm.PLEDGE_MANAGE)
    ):
        raise PermissionDenied
    items = selectors.campaigns_visible_to(user=request.user)
    can_manage = authz.has_perm(request.user, Perm.PLEDGE_MANAGE)
    return render(request, "pledges/campaigns.html", {"campaigns": items, "can_manage": can_manage})


@perm_required(Perm.PLEDGE_MANAGE)
def campaign_create(request: AuthedRequest) -> HttpResponse:
    instansi_qs = instansi_visible_to(user=request.user, perm=Perm.PLEDGE_MANAGE)
    form = CampaignForm(request.POST or None, instansi_qs=instansi_qs)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Kampanye dibuat. Tambahkan tahap penandatanganan."))
            return redirect("pledges:campaign", pk=campaign.pk)
    return render(request, "pledges/campaign_form.html", {"form": form})


@scoped_by("selectors.campaign_get_for_user")
def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    progress = selectors.campaign_progress(campaign=campaign, user=request.user)
    can_manage = selectors.campaign_manageable(user=request.user, campaign=campaign)
    return render(
        request,
        "pledges/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": progress,
            "can_manage": can_manage,
            "ceremonies": selectors.ceremonies_of(campaign=campaign),
            "units": progress.opds,
        },
    )


@perm_required(Perm.PLEDGE_MANAGE)
def stage_add(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk, perm=Perm.PLEDGE_MANAGE)
    form = StageForm(request.POST or None, instansi=campaign.instansi)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("nips")
        try:
            services.stage_add(campaign=campaign, actor=request.user, **data)
        except (ValidationError, InvalidTransition) as exc:
            form.add_error(None, exc.message if isinstance(exc, InvalidTransition) else exc)
        else:
            messages.success(request, _("Tahap ditambahkan."))
            return redirect("pledges:campaign", pk=campaign.pk)
    return render(request, "pledges/stage_form.html", {"form": form, "campaign": campaign})


@require_POST
@perm_required(Perm.PLEDGE_MANAGE)
def campaign_transition(request: AuthedRequest, pk: int, to: str) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk, perm=Perm.PLEDGE_MANAGE)
    # Closing has its own confirmation page (campaign_close).
    target = {"mulai": Campaign.Status.ACTIVE}.get(to)
    if target is None:
        raise Http404
    try:
        workflow.campaign_transition(campaign=campaign, to=target, actor=request.user)
        messages.success(request, _("Status kampanye diperbarui."))
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    return redirect("pledges:campaign", pk=campaign.pk)


@perm_required(Perm.PLEDGE_MANAGE)
def campaign_close(request: AuthedRequest, pk: int) -> HttpResponse:
    """Closing asks first and says what it does (issue 11 item 6)."""
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk, perm=Perm.PLEDGE_MANAGE)
    if request.method == "POST":
        try:
            workflow.campaign_transition(
                campaign=campaign, to=Campaign.Status.CLOSED, actor=request.user
            )
            messages.success(request, _("Kampanye ditutup. Tanda terima tetap dapat diunduh."))
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        return redirect("pledges:campaign", pk=campaign.pk)
    progress = selectors.campaign_progress(campaign=campaign, user=request.user)
    context = {"campaign": campaign, "progress": progress}
    return render(request, "pledges/campaign_close.html", context)


@perm_required(Perm.PLEDGE_MANAGE)
def campaign_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk, perm=Perm.PLEDGE_MANAGE)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.campaign_reopen(
                campaign=campaign, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Kampanye dibuka kembali. Penandatanganan dapat berlanjut.")
            )
        return redirect("pledges:campaign", pk=campaign.pk)
    return render(request, "pledges/campaign_reopen.html", {"campaign": campaign, "form": form})


@require_POST
@perm_required(Perm.PLEDGE_MANAGE)
def stage_open(request: AuthedRequest, pk: int) -> HttpResponse:
    stage = selectors.stage_get_for_user(user=request.user, pk=pk)
    try:
        workflow.stage_open_manual(stage=stage, actor=request.user)
        messages.success(request, _("Tahap dibuka."))
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    return redirect("pledges:campaign", pk=stage.campaign_id)


@scoped_by("selectors.campaign_get_for_user")
def unsigned(request: AuthedRequest, pk: int) -> HttpResponse:
    """Who has not signed, per stage, unit and type; for print and as XLSX too, so an
    office can reach those a reminder e-mail cannot (issue 11 item 8)."""
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    # Typed parameters: a non-number is a 400 with a message, not a 500 (issue 9, defect 4).
    stage_id, unit_id = params.int_param(request, "tahap"), params.int_param(request, "unit")
    stage = selectors.stage_of(campaign=campaign, pk=stage_id)
    unit = selectors.unit_of(campaign=campaign, pk=unit_id)
    jenis = request.GET.get("jenis", "") if request.GET.get("jenis") in Pegawai.Jenis.values else ""
    open_only, no_email = request.GET.get("terbuka") == "1", request.GET.get("tanpa_email") == "1"
    qs = selectors.unsigned_employees(
        campaign=campaign,
        user=request.user,
        stage=stage,
        unit=unit,
        jenis=jenis,
        open_only=open_only,
        without_email=no_email,
    )
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        response = HttpResponse(
            recap.unsigned_xlsx(campaign=campaign, people=qs, unit=unit, stage=stage),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="belum-tanda-tangan-{campaign.pk}'
            f'{f"-unit-{unit.pk}" if unit else ""}.xlsx"'
        )
        return response
    filters = {
        "tahap": stage.pk if stage else "",
        "unit": unit.pk if unit else "",
        "jenis": jenis,
        "terbuka": "1" if open_only else "",
        "tanpa_email": "1" if no_email else "",
    }
    context: dict[str, Any] = {
        "campaign": campaign,
        "stage": stage,
        "unit": unit,
        "jenis": jenis,
        "open_only": open_only,
        "no_email": no_email,
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "units": selectors.top_units_of(campaign=campaign),
    }
    if fmt == "cetak":
        context["people"] = qs[: selectors.PRINT_LIMIT]
        context["total"] = qs.count()
        return render(request, "pledges/unsigned_print.html", context)
    context["page"] = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "pledges/unsigned.html", context)


@scoped_by("selectors.campaign_get_for_user")
def recap_download(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    progress = selectors.campaign_progress(campaign=campaign, user=request.user)
    if fmt == "xlsx":
        body = recap.recap_xlsx(progress)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "pdf":
        body, ctype = recap.recap_pdf(progress), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="rekap-pakta-{campaign.pk}.{fmt}"'
    return response


def _posted_unit(request: AuthedRequest, campaign: Campaign) -> UnitKerja | None:
    """The optional ``unit`` of a POST, typed (a non-number is a 400: issue 9, defect 4)."""
    unit_id = params.int_param(request, "unit", data=request.POST)
    return selectors.unit_of(campaign=campaign, pk=unit_id)


@require_POST
@perm_required(Perm.PLEDGE_MANAGE)
def reminders(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk, perm=Perm.PLEDGE_MANAGE)
    unit = _posted_unit(request, campaign)
    reach = services.reminders_queue(campaign=campaign, user=request.user, unit=unit)
    if reach.open_stages == 0:
        messages.warning(
            request,
            _("0 e-mail: belum ada tahap yang dibuka, jadi belum ada yang perlu diingatkan."),
        )
        return redirect("pledges:campaign", pk=campaign.pk)
    if reach.with_email:
        messages.success(
            request,
            ngettext(
                "%(n)d e-mail pengingat dijadwalkan untuk dikirim.",
                "%(n)d e-mail pengingat dijadwalkan untuk dikirim.",
                reach.with_email,
            )
            % {"n": reach.with_email},
        )
    elif not reach.without_email:
        messages.success(
            request, _("0 e-mail: semua pegawai pada tahap yang dibuka sudah menandatangani.")
        )
    if not reach.without_email:
        return redirect("pledges:campaign", pk=campaign.pk)
    # Those an e-mail cannot reach: the list to print or download, per unit.
    text = _(
        "%(m)d pegawai yang belum menandatangani tidak memiliki alamat e-mail dan tidak "
        "menerima pengingat. Cetak daftar di bawah atau unduh XLSX per unit, lalu "
        "sampaikan langsung."
    ) % {"m": reach.without_email}
    messages.warning(request, text if reach.with_email else _("0 e-mail: ") + text)
    query = {"terbuka": "1", "tanpa_email": "1"} | ({"unit": str(unit.pk)} if unit else {})
    return redirect(f"{reverse('pledges:unsigned', args=[campaign.pk])}?{urlencode(query)}")


@require_POST
@perm_required(Perm.PLEDGE_PROGRESS)
def receipts_zip(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    unit = _posted_unit(request, campaign)
    job = services.receipts_export_start(
        campaign=campaign,
        unit=unit,
        user=request.user,
        idempotency_key=idempotency.posted_key(request.POST),
    )
    return redirect("pledges:job", pk=job.pk)


def _job(request: AuthedRequest, pk: int) -> JobProgress:
    return own_job(user=request.user, pk=pk, kind="pledges.receipts_zip")


@scoped_by("own jobs (_job)")
def job(request: AuthedRequest, pk: int) -> HttpResponse:
    template = (
        "pledges/_job_progress.html" if request.headers.get("HX-Request") else "pledges/job.html"
    )
    return render(request, template, {"job": _job(request, pk)})


@scoped_by("own jobs (_job)")
def job_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    from django.core.files.storage import default_storage

    job_row = _job(request, pk)
    if job_row.status != JobProgress.Status.DONE:
        raise Http404
    # Through the storage API: the archive may be on another machine's disk or in S3.
    return FileResponse(
        default_storage.open(job_row.result["path"], "rb"),
        as_attachment=True,
        filename=f"tanda-terima-pakta-{pk}.zip",
    )


@require_POST
@perm_required(Perm.PLEDGE_MANAGE)
def signature_void(request: AuthedRequest, code: str) -> HttpResponse:
    sig = selectors.signature_get_for_manager(user=request.user, code=code)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.signature_void(
                signature=sig, reason=form.cleaned_data["reason"], actor=request.user
            )
            messages.success(request, _("Tanda tangan dibatalkan dan dicatat di buku besar."))
        except (InvalidTransition, ValidationError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
    else:
        messages.error(request, _("Tuliskan alasan pembatalan (minimal 10 karakter)."))
    return redirect("pledges:signatures", pk=sig.campaign_id)


@scoped_by("selectors.campaign_get_for_user")
def signatures(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    q = request.GET.get("q", "").strip()
    qs = selectors.campaign_signatures(user=request.user, campaign=campaign, q=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    can_manage = authz.has_perm(request.user, Perm.PLEDGE_MANAGE)
    return render(
        request,
        "pledges/signatures.html",
        {
            "campaign": campaign,
            "page": page,
            "q": q,
            "can_manage": can_manage,
            "void_form": VoidForm(),
        },
    )


# --- ceremonies ------------------------------------------------------------------------------


@perm_required(Perm.PLEDGE_MANAGE)
def ceremony_create(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk, perm=Perm.PLEDGE_MANAGE)
    form = CeremonyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ceremony = services.ceremony_record(
            campaign=campaign, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Apel ikrar dicatat. Tandai peserta yang hadir."))
        return redirect("pledges:ceremony", pk=ceremony.pk)
    return render(request, "pledges/ceremony_form.html", {"form": form, "campaign": campaign})


@perm_required(Perm.PLEDGE_MANAGE)
def ceremony_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ceremony = selectors.ceremony_get_for_user(user=request.user, pk=pk)
    upload = AttendanceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "pegawai" in request.POST:
        ids = [int(v) for v in request.POST.getlist("pegawai") if v.isdigit()]
        added = services.ceremony_mark(ceremony=ceremony, pegawai_ids=ids, actor=request.user)
        messages.success(request, _("%(n)d peserta ditandai hadir.") % {"n": added})
        return redirect("pledges:ceremony", pk=pk)
    if request.method == "POST" and upload.is_valid():
        added, missing = services.ceremony_mark_nips(
            ceremony=ceremony, text=upload.text(), actor=request.user
        )
        messages.success(request, _("%(n)d peserta ditandai hadir.") % {"n": added})
        if missing:
            messages.warning(
                request, _("Tidak ditemukan: %(list)s.") % {"list": ", ".join(missing[:20])}
            )
        return redirect("pledges:ceremony", pk=pk)
    q = request.GET.get("q", "").strip()
    results = selectors.ceremony_candidates(user=request.user, ceremony=ceremony, q=q)
    attendance = selectors.ceremony_attendance(ceremony=ceremony)
    context = {
        "ceremony": ceremony,
        "upload": upload,
        "q": q,
        "results": results,
        "attendance": attendance,
    }
    return render(request, "pledges/ceremony_detail.html", context)


@perm_required(Perm.PLEDGE_MANAGE)
def ceremony_print(request: AuthedRequest, pk: int) -> HttpResponse:
    ceremony = selectors.ceremony_get_for_user(user=request.user, pk=pk)
    attendance = selectors.ceremony_attendance(ceremony=ceremony, by_unit=True)
    return render(
        request, "pledges/ceremony_print.html", {"ceremony": ceremony, "attendance": attendance}
    )
