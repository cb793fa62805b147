"""Registry reads, always scoped through ``accounts.authz`` (house style §3)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.registry.models import Instansi, Pegawai, UnitKerja


def pegawai_visible_to(*, user: Any, perm: str = Perm.REGISTRY_VIEW) -> QuerySet[Pegawai]:
    return Pegawai.objects.filter(authz.pegawai_scope_q(user, perm))


def pegawai_search(
    *,
    user: Any,
    q: str = "",
    unit: UnitKerja | None = None,
    jenis: str = "",
    include_inactive: bool = False,
) -> QuerySet[Pegawai]:
    """Employees the user may see, searched by NIP/NIK (exact or prefix) or name."""
    qs = pegawai_visible_to(user=user).select_related("unit", "instansi")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    q = q.strip()
    if q.isdigit():
        qs = qs.filter(Q(nip__startswith=q) | Q(nik__startswith=q))
    elif q:
        for word in q.split()[:5]:
            qs = qs.filter(nama__icontains=word)
    if unit is not None:
        qs = qs.filter(unit_path__startswith=unit.path)
    if jenis:
        qs = qs.filter(jenis_pegawai=jenis)
    return qs.order_by("nama", "id")


def pegawai_get_for_user(*, user: Any, pk: int) -> Pegawai:
    """One employee, or 404 both when missing and when out of scope (no existence leak)."""
    try:
        return (
            pegawai_visible_to(user=user)
            .select_related("unit", "instansi", "atasan", "instansi__region")
            .prefetch_related("akun_medsos")
            .get(pk=pk)
        )
    except (Pegawai.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def units_visible_to(*, user: Any, perm: str = Perm.REGISTRY_VIEW) -> QuerySet[UnitKerja]:
    return UnitKerja.objects.filter(authz.unit_scope_q(user, perm)).select_related("instansi")


def instansi_visible_to(*, user: Any, perm: str = Perm.REGISTRY_VIEW) -> QuerySet[Instansi]:
    return Instansi.objects.filter(authz.instansi_scope_q(user, perm))


def unit_subtree(*, unit: UnitKerja) -> QuerySet[UnitKerja]:
    return UnitKerja.objects.filter(path__startswith=unit.path)
