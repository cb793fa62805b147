"""Registry reads, always scoped through ``accounts.authz`` (house style §3)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.registry.models import AkunMedsos, ImportJob, Instansi, Pegawai, UnitKerja

if TYPE_CHECKING:
    from netral.accounts.models import User

# --- Audiences (shared by pledge stages and outreach circulars/events) -------------------


@dataclass(frozen=True)
class Audience:
    """Who a pledge stage, a circular or an event is addressed to: the active employees
    of one agency matching every non-empty criterion (position levels, employment types,
    any of the unit subtrees, placement directly in a top-level unit, an explicit list).

    One rule for every instrument (issue 14: "the same audience rules as pledge
    stages"), so a stage and a circular with the same criteria reach the same people.
    ``explicit`` is a ``values("pk")`` queryset of the explicit list, or ``None`` when
    the instrument has no list (an empty list then still means "nobody extra")."""

    instansi_id: int
    tingkat_jabatan: Sequence[str] = ()
    jenis_pegawai: Sequence[str] = ()
    unit_paths: Sequence[str] = ()
    opd_level_only: bool = False
    explicit: QuerySet[Any] | None = None

    def q(self) -> Q:
        """The rule as a filter on ``Pegawai``."""
        q = Q(instansi_id=self.instansi_id, is_active=True)
        if self.tingkat_jabatan:
            q &= Q(tingkat_jabatan__in=list(self.tingkat_jabatan))
        if self.jenis_pegawai:
            q &= Q(jenis_pegawai__in=list(self.jenis_pegawai))
        if self.unit_paths:
            q &= reduce(or_, (Q(unit_path__startswith=p) for p in self.unit_paths))
        if self.opd_level_only:
            q &= Q(unit__depth=0)
        if self.explicit is not None:
            q &= Q(pk__in=self.explicit)
        return q

    def includes(self, pegawai: Pegawai) -> bool:
        """The same rule for one employee, without queries unless there is an explicit
        list or ``opd_level_only`` needs the unit (the signing hot path)."""
        if not pegawai.is_active or pegawai.instansi_id != self.instansi_id:
            return False
        if self.tingkat_jabatan and pegawai.tingkat_jabatan not in self.tingkat_jabatan:
            return False
        if self.jenis_pegawai and pegawai.jenis_pegawai not in self.jenis_pegawai:
            return False
        if self.unit_paths and not any(pegawai.unit_path.startswith(p) for p in self.unit_paths):
            return False
        if self.opd_level_only and pegawai.unit.depth != 0:
            return False
        if self.explicit is not None:
            return self.explicit.filter(pk=pegawai.pk).exists()
        return True

    def describe(self, unit_names: Sequence[str] = ()) -> str:
        """The rule in Indonesian words, for pages and letters ("PNS, CPNS di Dinas
        Pendidikan; hanya pegawai yang ditempatkan langsung di OPD")."""
        from django.utils import translation

        with translation.override("id"):
            jenis = dict(Pegawai.Jenis.choices)
            tingkat = dict(Pegawai.Tingkat.choices)
            who = ", ".join(str(jenis[j]) for j in self.jenis_pegawai if j in jenis)
            parts = [who or _("Seluruh pegawai")]
            if self.tingkat_jabatan:
                levels = ", ".join(str(tingkat[t]) for t in self.tingkat_jabatan if t in tingkat)
                parts.append(_("tingkat jabatan %(levels)s") % {"levels": levels})
            parts.append(
                _("di %(units)s") % {"units": ", ".join(unit_names)}
                if unit_names
                else _("di seluruh unit kerja")
            )
            text = " ".join([parts[0], *parts[1:]])
            if self.opd_level_only:
                text += "; " + _("hanya pegawai yang ditempatkan langsung di OPD")
            if self.explicit is not None:
                text += "; " + _("hanya pegawai dalam daftar tertentu")
            return text


def audience_pegawai(audience: Audience) -> QuerySet[Pegawai]:
    return Pegawai.objects.filter(audience.q())


IDENTIFIER_RE = re.compile(r"\d{16,18}")


def pegawai_by_identifiers(*, instansi_id: int, text: str) -> tuple[dict[str, int], list[str]]:
    """Resolve NIPs (ASN) and NIKs (non-ASN without a NIP) typed or pasted in ``text``
    (any separators) within one agency: ({identifier: pegawai id}, identifiers not found)."""
    idents = list(dict.fromkeys(IDENTIFIER_RE.findall(text)))
    found: dict[str, int] = dict(
        Pegawai.objects.filter(instansi_id=instansi_id, nip__in=idents).values_list("nip", "pk")  # type: ignore[arg-type]
    )
    found.update(
        Pegawai.objects.filter(  # type: ignore[arg-type]
            instansi_id=instansi_id, nik__in=idents, nip__isnull=True
        ).values_list("nik", "pk")
    )
    return found, [i for i in idents if i not in found]


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


def pegawai_get_for_editor(*, user: Any, pk: int) -> Pegawai:
    """One employee the user may edit (REGISTRY_EDIT scope: the HR admin's agency);
    404 for the rest, as for a missing one (issue 11 item 12)."""
    try:
        return (
            pegawai_visible_to(user=user, perm=Perm.REGISTRY_EDIT)
            .select_related("unit", "instansi")
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


# --- Browsing (registry list/detail pages and the API) ------------------------------

# The unit filter lists OPDs and their direct sub-units; deeper units stay reachable by id
# (links from a detail page). The cap keeps the page small for national-scope users.
UNIT_OPTIONS_MAX_DEPTH = 1
UNIT_OPTIONS_LIMIT = 400


def can_browse_registry(user: Any) -> bool:
    """Staff with registry access browse lists; an employee's REGISTRY_VIEW covers only
    their own record, so they get no list, unit filter or unit tree."""
    from netral.accounts.roles import STAFF_ROLES

    return bool(authz.roles(user) & STAFF_ROLES) and authz.has_perm(user, Perm.REGISTRY_VIEW)


def unit_get_for_user(*, user: Any, pk: Any) -> UnitKerja | None:
    """A unit the user may see, or ``None`` both when missing and when out of scope."""
    try:
        return units_visible_to(user=user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def unit_filter_options(*, user: Any) -> list[UnitKerja]:
    """Units offered in the registry's unit filter: the user's visible OPDs and their
    direct sub-units, in tree order, at most ``UNIT_OPTIONS_LIMIT`` of them."""
    qs = units_visible_to(user=user).order_by("instansi__nama", "instansi_id", "path")
    top = qs.order_by("depth").values_list("depth", flat=True).first()
    if top is None:
        return []
    return list(qs.filter(depth__lte=top + UNIT_OPTIONS_MAX_DEPTH)[:UNIT_OPTIONS_LIMIT])


def pegawai_atasan_visible(*, user: Any, pegawai: Pegawai) -> bool:
    """Whether the employee's superior may be opened by ``user`` (link or plain name)."""
    if pegawai.atasan_id is None:
        return False
    return pegawai_visible_to(user=user).filter(pk=pegawai.atasan_id).exists()


def pegawai_count_visible_to(*, user: Any) -> int:
    """Active employees within the user's registry scope (home page summary)."""
    return pegawai_visible_to(user=user).filter(is_active=True).count()


def unit_tree_with_counts(*, user: Any, instansi: Instansi) -> list[UnitKerja]:
    """An agency's units the user may see, in tree order, each annotated with
    ``pegawai_aktif`` (active employees directly in the unit) and ``pegawai_total``
    (the unit and every sub-unit). Two queries, whatever the tree size."""
    from collections import Counter

    units = list(units_visible_to(user=user).filter(instansi=instansi).order_by("path"))
    direct = Counter(
        dict(
            pegawai_visible_to(user=user)
            .filter(instansi=instansi, is_active=True)
            .order_by()
            .values("unit_id")
            .annotate(n=models.Count("id"))
            .values_list("unit_id", "n")
        )
    )
    by_id = {u.pk: u for u in units}
    for u in units:
        u.pegawai_aktif = direct.get(u.pk, 0)  # type: ignore[attr-defined]
        u.pegawai_total = 0  # type: ignore[attr-defined]
    # Add each unit's own count to itself and every ancestor listed in its path.
    for u in units:
        for ancestor_id in u.path.strip("/").split("/"):
            ancestor = by_id.get(int(ancestor_id))
            if ancestor is not None:
                ancestor.pegawai_total += u.pegawai_aktif  # type: ignore[attr-defined]
    return units


# --- Scope (who may import where) -----------------------------------------------------


@dataclass
class ImportScope:
    """Where ``actor`` may import: the whole agency, or only under some unit paths."""

    whole_agency: bool
    unit_paths: tuple[str, ...] = ()

    def allows(self, unit_path: str) -> bool:
        return self.whole_agency or any(unit_path.startswith(p) for p in self.unit_paths)


def import_scope(*, actor: User | None, instansi: Instansi) -> ImportScope:
    """Scope of ``actor`` for importing into ``instansi`` (``actor=None``: the operator
    running the management command, unrestricted). Raises ``PermissionDenied`` when the
    user may not import into this agency at all. Built on ``accounts.authz`` only."""
    if actor is None:
        return ImportScope(whole_agency=True)
    if not authz.has_perm(actor, Perm.REGISTRY_IMPORT):
        raise PermissionDenied(_("Anda tidak berwenang mengimpor daftar pegawai."))
    whole = (
        Instansi.objects.filter(authz.scope_q(actor, Perm.REGISTRY_IMPORT, instansi="id"))
        .filter(pk=instansi.pk)
        .exists()
    )
    if whole:
        return ImportScope(whole_agency=True)
    paths = tuple(
        UnitKerja.objects.filter(authz.unit_scope_q(actor, Perm.REGISTRY_IMPORT))
        .filter(instansi=instansi)
        .values_list("path", flat=True)
    )
    if not paths:
        raise PermissionDenied(_("Anda tidak berwenang mengimpor ke instansi ini."))
    # The query returns every unit of the subtree; only the tops are needed as prefixes.
    tops: list[str] = []
    for path in sorted(paths):
        if not tops or not path.startswith(tops[-1]):
            tops.append(path)
    return ImportScope(whole_agency=False, unit_paths=tuple(tops))


def importable_instansi(*, user: Any) -> models.QuerySet[Instansi]:
    """Agencies ``user`` may import into (the choice offered by the upload form)."""
    if not authz.has_perm(user, Perm.REGISTRY_IMPORT):
        return Instansi.objects.none()
    return Instansi.objects.filter(authz.instansi_scope_q(user, Perm.REGISTRY_IMPORT))


def import_job_for_user(*, user: Any, pk: int) -> ImportJob:
    """The user's own import job, or 404 (same answer for missing and foreign jobs)."""
    try:
        return ImportJob.objects.select_related("instansi", "progress").get(
            Q(owner=user) & Q(pk=pk)
        )
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def own_akun_medsos(*, user: Any, pk: int) -> AkunMedsos:
    """One of the user's own declared accounts; 404 for anyone else's."""
    pegawai_id = getattr(user, "pegawai_id", None)
    if pegawai_id is None:
        raise Http404
    try:
        return AkunMedsos.objects.select_related("pegawai").get(pk=pk, pegawai_id=pegawai_id)
    except (AkunMedsos.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- reads behind the pages (views do no ORM calls of their own: CONTRIBUTING.md) ---------


def pegawai_list_for(*, user: Any, search: dict[str, Any] | None) -> QuerySet[Pegawai]:
    """The employee list page: nothing for an invalid search, else ``pegawai_search``."""
    if search is None:
        return Pegawai.objects.none()
    return pegawai_search(user=user, **search)


def pegawai_editable(*, user: Any, pegawai: Pegawai) -> bool:
    """Whether ``user`` may edit ``pegawai`` (``REGISTRY_EDIT`` scope)."""
    return pegawai_visible_to(user=user, perm=Perm.REGISTRY_EDIT).filter(pk=pegawai.pk).exists()


def own_akun_medsos_list(*, pegawai: Pegawai) -> QuerySet[AkunMedsos]:
    return pegawai.akun_medsos.all()


def instansi_choices(*, user: Any) -> list[Instansi]:
    """The agencies in the user's registry scope, by name (the unit tree's chooser)."""
    return list(instansi_visible_to(user=user).order_by("nama"))


def recent_import_jobs(*, user: Any, limit: int = 5) -> QuerySet[ImportJob]:
    """The user's own latest import jobs (the import start page)."""
    return ImportJob.objects.filter(owner=user).select_related("instansi")[:limit]
