"""Outreach pages: thin adapters (house style §6) over selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.accounts import authz
from netral.accounts.decorators import perm_required, scoped_by
from netral.accounts.http import AuthedRequest
from netral.accounts.roles import Perm
from netral.outreach import exports, selectors, services, workflow
from netral.outreach.errors import InvalidTransition
from netral.outreach.forms import CircularForm, EventForm, IdentifierForm, SigningPlanForm
from netral.outreach.models import Attendance, Event
from netral.pledges import selectors as pledge_selectors
from netral.registry.models import Pegawai


def _pegawai(request: AuthedRequest) -> Pegawai:
    pegawai = request.user.pegawai
    if pegawai is None:
        raise Http404
    return pegawai


# --- the employee -------------------------------------------------------------------------


@perm_required(Perm.OUTREACH_RECEIVE)
def mine(request: AuthedRequest) -> HttpResponse:
    pegawai = _pegawai(request)
    context = {
        "circulars": selectors.my_circulars(pegawai=pegawai),
        "events": selectors.my_events(pegawai=pegawai),
        "pegawai": pegawai,
    }
    return render(request, "outreach/mine.html", context)


@perm_required(Perm.OUTREACH_RECEIVE)
def circular_read(request: AuthedRequest, pk: int) -> HttpResponse:
    """Read a circular and tap *telah membaca* (POST; a second tap changes nothing)."""
    pegawai = _pegawai(request)
    circular = selectors.circular_for_addressee(pegawai=pegawai, pk=pk)
    if request.method == "POST":
        try:
            _ack, created = services.circular_acknowledge(
                circular=circular, pegawai=pegawai, actor=request.user
            )
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        else:
            if created:
                messages.success(request, _("Terima kasih. Tanda telah membaca Anda dicatat."))
        return redirect("outreach:circular_read", pk=circular.pk)
    ack = selectors.own_acknowledgement(circular=circular, pegawai=pegawai)
    context = {
        "circular": circular,
        "ack": ack,
        "audience": selectors.circular_audience_text(circular),
    }
    return render(request, "outreach/circular_read.html", context)


@scoped_by("selectors.circular_for_reader")
def circular_file(request: AuthedRequest, pk: int) -> HttpResponseBase:
    circular = selectors.circular_for_reader(user=request.user, pk=pk)
    if not circular.berkas:
        raise Http404
    name = "".join(ch if ch.isalnum() else "-" for ch in circular.nomor)[:80]
    return FileResponse(
        circular.berkas.open("rb"), content_type="application/pdf", filename=f"edaran-{name}.pdf"
    )


# --- staff ----------------------------------------------------------------------------------


@perm_required(Perm.OUTREACH_PROGRESS, Perm.OUTREACH_MANAGE)
def circulars(request: AuthedRequest) -> HttpResponse:
    items = selectors.circulars_list(user=request.user)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    can_manage = authz.has_perm(request.user, Perm.OUTREACH_MANAGE)
    return render(request, "outreach/circulars.html", {"page": page, "can_manage": can_manage})


@perm_required(Perm.OUTREACH_MANAGE)
def circular_create(request: AuthedRequest) -> HttpResponse:
    instansi_qs = selectors.manageable_instansi(user=request.user)
    form = CircularForm(request.POST or None, request.FILES or None, instansi_qs=instansi_qs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["units"] = list(data["units"])
        try:
            circular = services.circular_create(actor=request.user, **data)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Edaran disimpan sebagai draf. Periksa lalu terbitkan."))
            return redirect("outreach:circular", pk=circular.pk)
    return render(request, "outreach/circular_form.html", {"form": form})


def _attach(form: BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@scoped_by("selectors.circular_get_for_user")
def circular_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    circular = selectors.circular_get_for_user(user=request.user, pk=pk)
    can_manage = selectors.circular_manageable(user=request.user, circular=circular)
    context = {
        "circular": circular,
        "progress": selectors.circular_progress(circular=circular, user=request.user),
        "audience": selectors.circular_audience_text(circular),
        "can_manage": can_manage,
        "can_remind": authz.has_perm(request.user, Perm.OUTREACH_PROGRESS),
    }
    return render(request, "outreach/circular_detail.html", context)


@require_POST
@perm_required(Perm.OUTREACH_MANAGE)
def circular_transition(request: AuthedRequest, pk: int, name: str) -> HttpResponse:
    circular = selectors.circular_get_for_user(user=request.user, pk=pk, perm=Perm.OUTREACH_MANAGE)
    move = {"terbitkan": "publish", "cabut": "withdraw"}.get(name)
    if move is None:
        raise Http404
    try:
        workflow.circular_transition(circular=circular, name=move, actor=request.user)
        messages.success(request, _("Status edaran diperbarui."))
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    return redirect("outreach:circular", pk=circular.pk)


@scoped_by("selectors.circular_get_for_user")
def circular_pending(request: AuthedRequest, pk: int) -> HttpResponse:
    circular = selectors.circular_get_for_user(user=request.user, pk=pk)
    unit = selectors.unit_in_instansi(instansi_id=circular.instansi_id, pk=request.GET.get("unit"))
    jenis = request.GET.get("jenis", "")
    jenis = jenis if jenis in Pegawai.Jenis.values else ""
    qs = selectors.circular_pending(circular=circular, user=request.user, unit=unit, jenis=jenis)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = f"unit={unit.pk if unit else ''}&jenis={jenis}&"
    context = {"circular": circular, "page": page, "unit": unit, "jenis": jenis, "query": query}
    return render(request, "outreach/circular_pending.html", context)


@require_POST
@perm_required(Perm.OUTREACH_PROGRESS)
def circular_remind(request: AuthedRequest, pk: int) -> HttpResponse:
    circular = selectors.circular_get_for_user(user=request.user, pk=pk)
    unit = selectors.unit_in_instansi(instansi_id=circular.instansi_id, pk=request.POST.get("unit"))
    try:
        n = services.circular_reminders_queue(circular=circular, user=request.user, unit=unit)
        messages.success(request, _("%(n)d e-mail pengingat dijadwalkan untuk dikirim.") % {"n": n})
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    return redirect("outreach:circular", pk=circular.pk)


# --- events ---------------------------------------------------------------------------------


@perm_required(Perm.OUTREACH_RECEIVE)
def checkin(request: AuthedRequest, pk: int, token: str) -> HttpResponse:
    """The page the venue's QR code opens on the attendee's phone; "Saya hadir" posts
    here. A second tap changes nothing."""
    pegawai = _pegawai(request)
    event = selectors.event_for_attendee(pegawai=pegawai, pk=pk)
    error = None
    if request.method == "POST":
        try:
            _att, created = services.event_check_in(
                event=event, pegawai=pegawai, token=token, actor=request.user
            )
        except InvalidTransition as exc:
            error = exc.message
        else:
            if created:
                messages.success(request, _("Kehadiran Anda dicatat. Terima kasih."))
            return redirect("outreach:checkin", pk=event.pk, token=token)
    attendance = selectors.own_attendance(event=event, pegawai=pegawai)
    context = {"event": event, "attendance": attendance, "error": error, "token": token}
    return render(request, "outreach/checkin.html", context, status=200 if not error else 409)


@scoped_by("selectors.event_for_attendee or selectors.event_get_for_user")
def event_material(request: AuthedRequest, pk: int) -> HttpResponseBase:
    try:
        event = selectors.event_get_for_user(user=request.user, pk=pk)
    except Http404:
        event = selectors.event_for_attendee(pegawai=getattr(request.user, "pegawai", None), pk=pk)
    if not event.materi:
        raise Http404
    return FileResponse(
        event.materi.open("rb"), content_type="application/pdf", filename=f"materi-{event.pk}.pdf"
    )


@perm_required(Perm.OUTREACH_PROGRESS, Perm.OUTREACH_MANAGE)
def events(request: AuthedRequest) -> HttpResponse:
    items = selectors.events_list(user=request.user)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    can_manage = authz.has_perm(request.user, Perm.OUTREACH_MANAGE)
    return render(request, "outreach/events.html", {"page": page, "can_manage": can_manage})


@perm_required(Perm.OUTREACH_MANAGE)
def event_create(request: AuthedRequest) -> HttpResponse:
    instansi_qs = selectors.manageable_instansi(user=request.user)
    form = EventForm(request.POST or None, request.FILES or None, instansi_qs=instansi_qs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["units"] = list(data["units"])
        try:
            event = services.event_create(actor=request.user, **data)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Kegiatan disimpan sebagai draf. Periksa lalu umumkan."))
            return redirect("outreach:event", pk=event.pk)
    return render(request, "outreach/event_form.html", {"form": form})


def _can_manage_event(request: AuthedRequest, event: Event) -> bool:
    return selectors.event_manageable(user=request.user, event=event)


@scoped_by("selectors.event_get_for_user")
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The organiser's page: attendance progress, NIP entry and bulk marking (POST,
    managers only), links to the venue QR and the printable list."""
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    can_manage = _can_manage_event(request, event)
    form = IdentifierForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if "pegawai" in request.POST:
                ids = [int(v) for v in request.POST.getlist("pegawai") if v.isdigit()]
                added = services.event_mark(
                    event=event, pegawai_ids=ids, method=Attendance.Method.BULK, actor=request.user
                )
                missing: list[str] = []
            elif form.is_valid():
                text = form.cleaned_data["identifiers"]
                method = Attendance.Method.NIP if len(text.split()) <= 1 else Attendance.Method.BULK
                added, missing = services.event_mark_identifiers(
                    event=event, text=text, actor=request.user, method=method
                )
            else:
                return _event_page(request, event, can_manage, form)
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(n)d peserta ditandai hadir.") % {"n": added})
            if missing:
                messages.warning(
                    request, _("Tidak ditemukan: %(list)s.") % {"list": ", ".join(missing[:20])}
                )
        return redirect("outreach:event", pk=event.pk)
    return _event_page(request, event, can_manage, IdentifierForm())


def _event_page(
    request: AuthedRequest, event: Event, can_manage: bool, form: IdentifierForm
) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    results = []
    if q and can_manage:
        results = selectors.event_candidates(user=request.user, event=event, q=q)
    context = {
        "event": event,
        "progress": selectors.event_progress(event=event, user=request.user),
        "audience": selectors.event_audience_text(event),
        "can_manage": can_manage,
        "form": form,
        "q": q,
        "results": results,
    }
    return render(request, "outreach/event_detail.html", context)


@require_POST
@perm_required(Perm.OUTREACH_MANAGE)
def event_transition(request: AuthedRequest, pk: int, name: str) -> HttpResponse:
    event = selectors.event_get_for_user(user=request.user, pk=pk, perm=Perm.OUTREACH_MANAGE)
    move = {"umumkan": "publish", "tutup": "close", "batalkan": "cancel"}.get(name)
    if move is None:
        raise Http404
    try:
        workflow.event_transition(event=event, name=move, actor=request.user)
        messages.success(request, _("Status kegiatan diperbarui."))
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    return redirect("outreach:event", pk=event.pk)


@perm_required(Perm.OUTREACH_MANAGE)
def event_qr(request: AuthedRequest, pk: int) -> HttpResponse:
    """The QR shown at the venue (projector or tablet); the page reloads itself so the
    code follows the rotating window (``services.QR_WINDOW``)."""
    import segno  # heavy: imported where used (core/tests/test_fast_start.py)

    event = selectors.event_get_for_user(user=request.user, pk=pk, perm=Perm.OUTREACH_MANAGE)
    token = services.current_checkin_token(event)
    url = request.build_absolute_uri(reverse("outreach:checkin", args=[event.pk, token]))
    context = {
        "event": event,
        "url": url,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=10),
        "open": services.checkin_open(event) and event.status == Event.Status.PUBLISHED,
        "refresh": services.QR_WINDOW // 2,
        "count": selectors.attendance_count(event=event),
    }
    return render(request, "outreach/event_qr.html", context)


@scoped_by("selectors.event_get_for_user")
def event_attendance_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    from netral.outreach import documents  # reportlab: imported where used

    event = selectors.event_get_for_user(user=request.user, pk=pk)
    rows = list(selectors.event_attendance_rows(event=event, user=request.user))
    invited = selectors.invited_among(event=event, pegawai_ids=[a.pegawai_id for a in rows])
    walk_ins = {a.pegawai_id for a in rows} - invited
    body = documents.attendance_pdf(event=event, rows=rows, walk_ins=walk_ins)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="daftar-hadir-{event.pk}.pdf"'
    return response


# --- the signing plan notice to Bawaslu ---------------------------------------------------


def _plan_initial(campaign: Any) -> dict[str, str]:
    region = campaign.instansi.region
    place = region.nama.title() if region is not None else ""
    return {
        "kop_kantor": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "kepada": f"Ketua Bawaslu {place}".strip(),
        "jabatan_penandatangan": "Kepala BKPSDM",
    }


@perm_required(Perm.OUTREACH_MANAGE)
def signing_plan(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """Generate and send the signing plan of a campaign that has not opened yet, and
    list the notices already sent (with their dates)."""
    campaign = pledge_selectors.campaign_get_for_user(
        user=request.user, pk=campaign_id, perm=Perm.PLEDGE_MANAGE
    )
    form = SigningPlanForm(request.POST or None, initial=_plan_initial(campaign))
    if request.method == "POST" and form.is_valid():
        try:
            services.signing_plan_send(campaign=campaign, actor=request.user, **form.cleaned_data)
        except InvalidTransition as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Pemberitahuan disimpan dan dikirim ke Bawaslu."))
            return redirect("outreach:signing_plan", campaign_id=campaign.pk)
    context = {
        "campaign": campaign,
        "form": form,
        "notices": selectors.signing_plan_notices(campaign=campaign),
    }
    return render(request, "outreach/signing_plan.html", context)


@perm_required(Perm.OUTREACH_MANAGE)
def signing_plan_preview(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = pledge_selectors.campaign_get_for_user(
        user=request.user, pk=campaign_id, perm=Perm.PLEDGE_MANAGE
    )
    initial = _plan_initial(campaign)
    body = services.signing_plan_pdf(
        campaign=campaign,
        nomor=_("(belum bernomor)"),
        tanggal=timezone.localdate(),
        penandatangan=request.user.nama or request.user.get_username(),
        kop_kantor=initial["kop_kantor"],
        kepada=initial["kepada"],
        jabatan_penandatangan=initial["jabatan_penandatangan"],
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rencana-{campaign.pk}-pratinjau.pdf"'
    return response


@scoped_by("selectors.signing_plan_notice_for_user")
def signing_plan_file(request: AuthedRequest, pk: int) -> HttpResponseBase:
    notice = selectors.signing_plan_notice_for_user(user=request.user, pk=pk)
    return FileResponse(
        notice.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"pemberitahuan-rencana-{notice.pk}.pdf",
    )


# --- reach per unit --------------------------------------------------------------------------


def _reach_args(request: AuthedRequest) -> tuple[Any, Any]:
    return selectors.reach_choice(
        user=request.user,
        instansi_raw=request.GET.get("instansi") or "",
        campaign_raw=request.GET.get("kampanye") or "",
    )


@perm_required(Perm.OUTREACH_PROGRESS)
def reach(request: AuthedRequest) -> HttpResponse:
    instansi, campaign = _reach_args(request)
    table = selectors.reach_by_unit(user=request.user, instansi=instansi, campaign=campaign)
    context = {
        "table": table,
        "options": selectors.reach_instansi_options(user=request.user),
        "campaigns": selectors.reach_campaigns(user=request.user, instansi=instansi),
        "query": request.GET.urlencode(),
    }
    return render(request, "outreach/reach.html", context)


@perm_required(Perm.OUTREACH_PROGRESS)
def reach_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    instansi, campaign = _reach_args(request)
    table = selectors.reach_by_unit(user=request.user, instansi=instansi, campaign=campaign)
    if fmt == "xlsx":
        body = exports.reach_xlsx(table)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        body, ctype = exports.reach_csv(table), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="jangkauan-{instansi.kode}.{fmt}"'
    return response


@perm_required(Perm.OUTREACH_PROGRESS)
def reach_unreached(request: AuthedRequest) -> HttpResponse:
    instansi, campaign = _reach_args(request)
    unit = selectors.unit_in_instansi(instansi_id=instansi.pk, pk=request.GET.get("unit"))
    jenis = request.GET.get("jenis", "")
    jenis = jenis if jenis in Pegawai.Jenis.values else ""
    qs = selectors.reach_unreached(
        user=request.user, instansi=instansi, campaign=campaign, unit=unit, jenis=jenis
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "instansi": instansi,
        "campaign": campaign,
        "unit": unit,
        "jenis": jenis,
        "page": page,
        "query": params.urlencode() + "&",
    }
    return render(request, "outreach/reach_unreached.html", context)
