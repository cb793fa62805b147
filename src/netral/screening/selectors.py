"""Screening reads scoped to the reviewer (house style §3; fail closed).

A batch and its posts are visible to officers holding ``screening.review`` whose region
covers the region the batch was uploaded for (Satgas/Bawaslu regional scope,
shared/domain.md §1); a missing and a forbidden post both give 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.screening.models import Batch, Election, Post


def _post_q(user: Any) -> Q:
    return authz.scope_q(user, Perm.SCREENING_REVIEW, region="region_kode")


def posts_visible_to(*, user: Any) -> QuerySet[Post]:
    return Post.objects.filter(_post_q(user))


def queue(
    *,
    user: Any,
    status: str = Post.Status.PENDING,
    detector: str = "",
    linked: str = "",
    batch: int | None = None,
    q: str = "",
) -> QuerySet[Post]:
    """Flags by score, highest first, with the linked employee (one query, no N+1)."""
    qs = posts_visible_to(user=user).select_related("pegawai", "pegawai__instansi")
    qs = qs.filter(status=status) if status else qs.exclude(status=Post.Status.CLEAR)
    if detector in ("partisan", "hate", "hoax"):
        qs = qs.filter(**{detector: True})
    if linked == "yes":
        qs = qs.filter(pegawai__isnull=False)
    elif linked == "no":
        qs = qs.filter(pegawai__isnull=True)
    if batch:
        qs = qs.filter(batch_id=batch)
    if q:
        qs = qs.filter(
            Q(text__icontains=q) | Q(target_text__icontains=q) | Q(author_handle__icontains=q)
        )
    return qs.order_by("-score", "id")


def post_get_for_user(*, user: Any, pk: int) -> Post:
    post = (
        posts_visible_to(user=user)
        .select_related("pegawai", "batch__election", "report", "case")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404
    return post


def batches_visible_to(*, user: Any) -> QuerySet[Batch]:
    return Batch.objects.filter(
        authz.scope_q(user, Perm.SCREENING_REVIEW, region="region_kode")
    ).select_related("election")


def elections_for(*, user: Any) -> QuerySet[Election]:
    """Lexicons are reference data: every screening officer may use any of them."""
    if not authz.has_perm(user, Perm.SCREENING_REVIEW):
        return Election.objects.none()
    return Election.objects.all()


def posts_by_ids(*, user: Any, ids: list[int]) -> list[Post]:
    """The posts among ``ids`` the user may review (others are silently left out)."""
    return list(posts_visible_to(user=user).filter(pk__in=ids))


def election_get_for_user(*, user: Any, pk: int) -> Election:
    election = elections_for(user=user).filter(pk=pk).first()
    if election is None:
        raise Http404
    return election
