"""Screening pages (house style §6): upload with progress, review queue, lexicons."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netral.accounts.decorators import perm_required
from netral.accounts.http import AuthedRequest
from netral.accounts.roles import Perm
from netral.core.models import JobProgress
from netral.core.selectors import own_job
from netral.screening import forms, selectors, services
from netral.screening.errors import LexiconInvalid, ReviewError
from netral.screening.models import Post

REVIEW = Perm.SCREENING_REVIEW
SAMPLES = {
    "leksikon-demo.json": ("lexicon_demo_kepri2024.json", "application/json"),
    "contoh-unggahan.csv": ("demo_posts.csv", "text/csv"),
}
FILTERS = ("status", "detector", "linked", "batch", "q")


@perm_required(REVIEW)
@require_GET
def queue(request: AuthedRequest) -> HttpResponse:
    f = {k: request.GET.get(k, "") for k in FILTERS}
    f["status"] = request.GET.get("status", Post.Status.PENDING)
    qs = selectors.queue(
        user=request.user,
        status=f["status"],
        detector=f["detector"],
        linked=f["linked"],
        batch=int(f["batch"]) if f["batch"].isdigit() else None,
        q=f["q"],
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    ctx = {
        "page": page,
        "f": f,
        "statuses": Post.Status.choices,
        "dismiss_form": forms.DismissForm(),
    }
    return render(request, "screening/queue.html", ctx)


@perm_required(REVIEW)
def upload(request: AuthedRequest) -> HttpResponse:
    elections = selectors.elections_for(user=request.user)
    form = forms.UploadForm(request.POST or None, request.FILES or None, elections=elections)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["berkas"]
        job = services.upload_start(
            election=form.cleaned_data["election"],
            data=f.read(),
            filename=f.name,
            actor=request.user,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
        return redirect("screening:job", pk=job.pk)
    return render(
        request, "screening/upload.html", {"form": form, "has_elections": elections.exists()}
    )


def _job(request: AuthedRequest, pk: int) -> JobProgress:
    return own_job(user=request.user, pk=pk, kind="screening.upload")


@perm_required(REVIEW)
@require_GET
def job(request: AuthedRequest, pk: int) -> HttpResponse:
    j = _job(request, pk)
    running = j.status in (JobProgress.Status.PENDING, JobProgress.Status.RUNNING)
    return render(request, "screening/job.html", {"job": j, "running": running})


@perm_required(REVIEW)
@require_GET
def job_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """htmx poll: the progress bar, or a reload once the job has ended."""
    j = _job(request, pk)
    if j.status not in (JobProgress.Status.PENDING, JobProgress.Status.RUNNING):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "screening/_progress.html", {"job": j})


@perm_required(REVIEW)
@require_POST
def dismiss(request: AuthedRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    posts = selectors.posts_by_ids(user=request.user, ids=ids)
    reason = request.POST.get("reason", "")
    if not posts:
        messages.error(request, _("Pilih setidaknya satu tandaan."))
    else:
        try:
            n = services.flags_dismiss(posts=posts, reason=reason, actor=request.user)
        except ReviewError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(n)s tandaan ditolak.") % {"n": n})
    return redirect(request.POST.get("next") or "screening:queue")


@perm_required(REVIEW)
@require_GET
def post_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    ctx = {"post": post, "confirm_form": forms.ConfirmForm(), "dismiss_form": forms.DismissForm()}
    return render(request, "screening/post_detail.html", ctx)


@perm_required(REVIEW)
@require_POST
def confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    form = forms.ConfirmForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        report = services.flag_confirm(post=post, actor=request.user, note=note)
    except ReviewError as exc:
        messages.error(request, exc.message)
        return redirect("screening:post", pk=pk)
    if post.case is not None:
        messages.success(
            request,
            _("Temuan %(n)s dicatat dan perkara %(c)s dibuka (kajian awal).")
            % {"n": report.intake_number, "c": post.case.number},
        )
        return redirect("cases:detail", public_id=post.case.public_id)
    messages.success(request, _("Temuan dicatat dengan nomor %(n)s.") % {"n": report.intake_number})
    return redirect("reports:detail", public_id=report.public_id)


@perm_required(REVIEW)
def elections(request: AuthedRequest) -> HttpResponse:
    form = forms.LexiconForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        election = services.election_save(data=form.cleaned_data["parsed"], actor=request.user)
        messages.success(request, _("Leksikon %(n)s disimpan.") % {"n": election.name})
        return redirect("screening:elections")
    rows = selectors.elections_for(user=request.user)
    return render(request, "screening/elections.html", {"form": form, "rows": rows})


@perm_required(REVIEW)
def election_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    election = selectors.election_get_for_user(user=request.user, pk=pk)
    initial = {"lexicon": json.dumps(election.as_lexicon(), ensure_ascii=False, indent=2)}
    form = forms.LexiconForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.election_save(
                data=form.cleaned_data["parsed"], actor=request.user, election=election
            )
        except LexiconInvalid as exc:
            form.add_error(None, exc.params.get("errors") or exc.message)
        else:
            messages.success(request, _("Leksikon diperbarui."))
            return redirect("screening:elections")
    return render(request, "screening/election_edit.html", {"form": form, "election": election})


@perm_required(REVIEW)
@require_GET
def sample(request: AuthedRequest, name: str) -> HttpResponse:
    """The demo lexicon and demo posts file, to try the upload as a new user would."""
    if name not in SAMPLES:
        raise Http404
    from pathlib import Path

    filename, ctype = SAMPLES[name]
    data = (Path(__file__).resolve().parent / "data" / filename).read_bytes()
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
