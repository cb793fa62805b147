"""Outreach pages: thin adapters (house style §6) over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.accounts import authz
from netral.accounts.decorators import perm_required, scoped_by
from netral.accounts.roles import Perm
from netral.outreach import selectors, services, workflow
from netral.outreach.errors import InvalidTransition
from netral.outreach.forms import CircularForm
from netral.registry.models import Instansi, Pegawai


def _pegawai(request: HttpRequest) -> Pegawai:
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        raise Http404
    return pegawai


# --- the employee -------------------------------------------------------------------------


@perm_required(Perm.OUTREACH_RECEIVE)
def mine(request: HttpRequest) -> HttpResponse:
    pegawai = _pegawai(request)
    context = {"circulars": selectors.my_circulars(pegawai=pegawai), "pegawai": pegawai}
    return render(request, "outreach/mine.html", context)


@perm_required(Perm.OUTREACH_RECEIVE)
def circular_read(request: HttpRequest, pk: int) -> HttpResponse:
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
    ack = circular.acknowledgements.filter(pegawai=pegawai).first()
    context = {
        "circular": circular,
        "ack": ack,
        "audience": selectors.circular_audience_text(circular),
    }
    return render(request, "outreach/circular_read.html", context)


@scoped_by("selectors.circular_for_reader")
def circular_file(request: HttpRequest, pk: int) -> HttpResponse:
    circular = selectors.circular_for_reader(user=request.user, pk=pk)
    if not circular.berkas:
        raise Http404
    name = "".join(ch if ch.isalnum() else "-" for ch in circular.nomor)[:80]
    return FileResponse(
        circular.berkas.open("rb"), content_type="application/pdf", filename=f"edaran-{name}.pdf"
    )


# --- staff ----------------------------------------------------------------------------------


@perm_required(Perm.OUTREACH_PROGRESS, Perm.OUTREACH_MANAGE)
def circulars(request: HttpRequest) -> HttpResponse:
    items = selectors.circulars_visible_to(user=request.user).order_by("-tanggal", "-id")
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    can_manage = authz.has_perm(request.user, Perm.OUTREACH_MANAGE)
    return render(request, "outreach/circulars.html", {"page": page, "can_manage": can_manage})


@perm_required(Perm.OUTREACH_MANAGE)
def circular_create(request: HttpRequest) -> HttpResponse:
    instansi_qs = Instansi.objects.filter(
        authz.instansi_scope_q(request.user, Perm.OUTREACH_MANAGE)
    )
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


def _attach(form: CircularForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@scoped_by("selectors.circular_get_for_user")
def circular_detail(request: HttpRequest, pk: int) -> HttpResponse:
    circular = selectors.circular_get_for_user(user=request.user, pk=pk)
    can_manage = (
        selectors.circulars_visible_to(user=request.user, perm=Perm.OUTREACH_MANAGE)
        .filter(pk=circular.pk)
        .exists()
    )
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
def circular_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
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
def circular_pending(request: HttpRequest, pk: int) -> HttpResponse:
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
def circular_remind(request: HttpRequest, pk: int) -> HttpResponse:
    circular = selectors.circular_get_for_user(user=request.user, pk=pk)
    unit = selectors.unit_in_instansi(instansi_id=circular.instansi_id, pk=request.POST.get("unit"))
    try:
        n = services.circular_reminders_queue(circular=circular, user=request.user, unit=unit)
        messages.success(request, _("%(n)d e-mail pengingat dijadwalkan untuk dikirim.") % {"n": n})
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    return redirect("outreach:circular", pk=circular.pk)
