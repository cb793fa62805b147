"""Browser flow of the roster import: upload → preview or error report → confirm →
result (issue #2 item 3). Adapters only: the work is in ``registry.services`` and ``registry.importing``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netral.accounts.decorators import perm_required
from netral.accounts.http import AuthedRequest
from netral.accounts.roles import Perm
from netral.registry import importing, selectors, services
from netral.registry.import_forms import ImportUploadForm
from netral.registry.importing.jobs import ImportUnitsNotConfirmed
from netral.registry.models import ImportJob

RUNNING = (ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING)


@perm_required(Perm.REGISTRY_IMPORT)
def import_start(request: AuthedRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_create(
            owner=request.user,
            instansi=form.cleaned_data["instansi"],
            upload=form.cleaned_data["berkas"],
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
        return redirect("registry:import_detail", pk=job.pk)
    recent = selectors.recent_import_jobs(user=request.user)
    return render(request, "registry/import_start.html", {"form": form, "recent": recent})


@perm_required(Perm.REGISTRY_IMPORT)
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_for_user(user=request.user, pk=pk)
    return render(
        request, "registry/import_detail.html", {"job": job, "running": job.status in RUNNING}
    )


@perm_required(Perm.REGISTRY_IMPORT)
@require_GET
def import_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """htmx poll: the progress bar, or a full reload once the job has moved on."""
    job = selectors.import_job_for_user(user=request.user, pk=pk)
    if job.status not in RUNNING:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "registry/import_progress.html", {"job": job})


@perm_required(Perm.REGISTRY_IMPORT)
@require_POST
def import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_for_user(user=request.user, pk=pk)
    try:
        services.import_job_confirm(
            job=job, actor=request.user, units_confirmed=request.POST.get("units_ok") == "1"
        )
    except ImportUnitsNotConfirmed as exc:
        messages.error(request, exc.message)
    except importing.ImportAlreadyClaimed:
        messages.warning(request, _("Impor ini sudah dikonfirmasi atau belum siap."))
    return redirect("registry:import_detail", pk=job.pk)


@perm_required(Perm.REGISTRY_IMPORT)
@require_GET
def import_template(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.csv"'
    return response
