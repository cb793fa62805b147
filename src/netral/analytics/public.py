"""Public statistics (``/statistik/``, ``GET /api/v1/stats``, the open-data CSV).

Aggregate counts of reports only, never a record. What is published is a fixed family
of one-way tables per calendar year, each a partition of that year's reports, built
from the national slice of ``ReportRollup`` (place = where the event happened):

* by province; for each province, by kabupaten/kota (a breakdown of the province cell);
* by violation type, handling stage, kind of report, election type, month and agency.

Each table is suppressed by ``suppression.suppress`` against the year's total, and a
kabupaten table of a hidden province is hidden whole. Filters (year, province) only pick
tables of this family, so no request builds a cross-tabulation that could be
differenced against another. Only complete months are published (the current month
appears once it has ended), so the figures change once a month, not with every report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from netral.analytics.models import ReportAgencyRollup, ReportRollup, RollupState
from netral.analytics.suppression import Published, suppress
from netral.core.datefmt import bulan_tahun
from netral.registry.models import Instansi, Region
from netral.reports.models import ElectionType, Report, ViolationType


@dataclass
class PublicRow:
    key: str
    label: str
    cell: Published


@dataclass
class PublicTable:
    key: str
    title: str
    rows: list[PublicRow]
    total: Published

    def as_json(self) -> dict[str, Any]:
        return {
            "kode": self.key,
            "judul": self.title,
            "total": {"nilai": self.total.value, "tampil": self.total.display},
            "baris": [
                {"kode": r.key, "label": r.label, "nilai": r.cell.value, "tampil": r.cell.display}
                for r in self.rows
            ],
        }


def threshold() -> int:
    return int(settings.STATS_SUPPRESSION_THRESHOLD)


def published_until() -> dt.date:
    """First day of the current month: later reports are not published yet."""
    return timezone.localdate().replace(day=1)


def years() -> list[int]:
    until = published_until()
    months = ReportRollup.objects.filter(slice="", month__lt=until).values_list("month", flat=True)
    return sorted({m.year for m in months.distinct()}, reverse=True)


def _table(
    key: str,
    title: str,
    counts: dict[str, int],
    labels: dict[str, str],
    *,
    k: int,
    parent_hidden: bool = False,
) -> PublicTable:
    cells, total = suppress(counts, k=k, parent_hidden=parent_hidden)
    rows = [PublicRow(code, labels.get(code, code), cells[code]) for code in counts]
    return PublicTable(key, title, rows, total)


def _year_rows(year: int) -> Any:
    until = published_until()
    return ReportRollup.objects.filter(
        month__gte=dt.date(year, 1, 1), month__lt=min(dt.date(year + 1, 1, 1), until)
    )


def _counts(qs: Any, field: str, keys: list[str]) -> dict[str, int]:
    got = {
        ("" if r[field] is None else str(r[field])): r["n"]
        for r in qs.values(field).annotate(n=Sum("n")).order_by()
    }
    counts = {k: int(got.pop(k, 0)) for k in keys}
    for extra, n in sorted(got.items()):  # values outside the expected list (old catalogue)
        counts[extra] = int(n)
    return counts


def tables_for(year: int, province: str = "") -> list[PublicTable]:
    """The published family for ``year`` (plus one province's kabupaten table)."""
    k = threshold()
    stamp = (
        RollupState.objects.filter(source="reports").values_list("refreshed_at", flat=True).first()
    )
    key = f"analytics:public:{year}:{province}:{k}:{published_until()}:{stamp}"
    cached: list[PublicTable] | None = cache.get(key)
    if cached is not None:
        return cached
    national = _year_rows(year).filter(slice="")
    provinces = dict(Region.objects.filter(level=Region.Level.PROVINSI).values_list("kode", "nama"))
    prov = _table(
        "provinsi",
        _("Laporan per provinsi"),
        _counts(national, "geo", list(provinces)),
        provinces,
        k=k,
    )
    vts = {
        str(pk): t
        for pk, t in ViolationType.objects.filter(version__is_active=True)
        .order_by("order", "code")
        .values_list("pk", "title")
    }
    vt_counts = _counts(national, "violation_type_id", [*vts, ""])
    vt_labels = {**vts, "": _("Belum ditentukan")}
    for pk, t in ViolationType.objects.filter(
        pk__in=[c for c in vt_counts if c and c not in vts]
    ).values_list("pk", "title"):
        vt_labels[str(pk)] = t
    status = {k_: str(v) for k_, v in Report.Status.choices}
    kind = {k_: str(v) for k_, v in Report.Kind.choices}
    et = {k_: str(v) for k_, v in ElectionType.choices}
    last = 12 if year < published_until().year else published_until().month - 1
    month_keys = [f"{year}-{m:02d}" for m in range(1, last + 1)]
    month_counts = {mk: 0 for mk in month_keys}
    for r in national.values("month").annotate(n=Sum("n")).order_by():
        month_counts[f"{r['month']:%Y-%m}"] = int(r["n"])
    agency_qs = ReportAgencyRollup.objects.filter(
        slice="",
        month__gte=dt.date(year, 1, 1),
        month__lt=min(dt.date(year + 1, 1, 1), published_until()),
    )
    agency_counts = _counts(agency_qs, "instansi_id", [])
    names = {
        str(pk): n
        for pk, n in Instansi.objects.filter(pk__in=[c for c in agency_counts if c]).values_list(
            "pk", "nama"
        )
    }
    names[""] = _("Tidak diketahui")
    result = [
        prov,
        _table("pelanggaran", _("Laporan per jenis pelanggaran"), vt_counts, vt_labels, k=k),
        _table(
            "tahap",
            _("Laporan per tahap penanganan"),
            _counts(national, "status", list(status)),
            status,
            k=k,
        ),
        _table(
            "jenis",
            _("Laporan per jenis laporan"),
            _counts(national, "kind", list(kind)),
            kind,
            k=k,
        ),
        _table(
            "pemilihan",
            _("Laporan per jenis pemilihan"),
            _counts(national, "election_type", list(et)),
            et,
            k=k,
        ),
        _table(
            "bulan",
            _("Laporan per bulan"),
            month_counts,
            {mk: bulan_tahun(year, int(mk[5:])) for mk in month_keys},
            k=k,
        ),
        _table("instansi", _("Laporan per instansi terlapor"), agency_counts, names, k=k),
        *case_tables_for(year, k=k),
    ]
    if province in provinces:
        parent = next(r.cell for r in prov.rows if r.key == province)
        kabs = dict(
            Region.objects.filter(level=Region.Level.KABKOTA, parent_id=province).values_list(
                "kode", "nama"
            )
        )
        # Events placed at province level only: their own row, so the table adds up to
        # the province cell and no difference reveals them.
        kabs[province] = _("Tingkat provinsi (tanpa kabupaten/kota)")
        in_prov = (
            _year_rows(year)
            .filter(slice=province)
            .filter(Q(geo=province) | Q(geo__startswith=province + "."))
        )
        result.insert(
            1,
            _table(
                f"kabkota-{province}",
                _("Laporan per kabupaten/kota di %(prov)s") % {"prov": provinces[province]},
                _counts(in_prov, "geo", list(kabs)),
                kabs,
                k=k,
                parent_hidden=parent.hidden,
            ),
        )
    cache.set(key, result, 3600)
    return result


OUTCOMES = {
    "proses": _l("Masih dalam penanganan"),
    "tidak_diregistrasi": _l("Tidak diregistrasi"),
    "tidak_terbukti": _l("Tidak terbukti"),
    "sanksi": _l("Sanksi ditetapkan PPK"),
    "selesai_tanpa_sanksi": _l("Selesai tanpa sanksi"),
    "lainnya": _l("Dilimpahkan atau dicabut"),
}
SANCTIONED = {"decided", "executed", "appeal"}
OUTCOME_OF = {
    "not_registered": "tidak_diregistrasi",
    "not_proven": "tidak_terbukti",
    "referred": "lainnya",
    "withdrawn": "lainnya",
    **dict.fromkeys(SANCTIONED, "sanksi"),
}


def case_tables_for(year: int, *, k: int) -> list[PublicTable]:
    """Cases opened in ``year`` by outcome (a partition: each case in one row; a closed
    case counts as sanctioned when the PPK decided a sanction), and sanctions decided by
    level; national slice of the case rollups, suppressed like the report tables."""
    from netral.analytics.models import CaseRollup, SanctionRollup
    from netral.reports.models import SanctionType
    from netral.reports.models import ViolationType as VT

    until = published_until()
    months = {"month__gte": dt.date(year, 1, 1), "month__lt": min(dt.date(year + 1, 1, 1), until)}
    outcome = dict.fromkeys(OUTCOMES, 0)
    for r in (
        CaseRollup.objects.filter(slice="", **months)
        .values("status")
        .annotate(n=Sum("n"), decided=Sum("decided"))
        .order_by()
    ):
        status, n, decided = r["status"], int(r["n"]), int(r["decided"])
        if status == "closed":
            outcome["sanksi"] += decided
            outcome["selesai_tanpa_sanksi"] += n - decided
        else:
            outcome[OUTCOME_OF.get(status, "proses")] += n
    levels = {str(key): str(label) for key, label in VT.Level.choices}
    levels.update({"MORAL": str(_("Sanksi moral")), "NON_ASN": str(_("Sanksi kontrak non-ASN"))})
    by_level = dict.fromkeys(levels, 0)
    types = {
        st.pk: st for st in SanctionType.objects.all().only("pk", "level", "is_moral", "employment")
    }
    for sr in (
        SanctionRollup.objects.filter(slice="", **months)
        .values("sanction_type_id")
        .annotate(n=Sum("n"))
        .order_by()
    ):
        st = types.get(sr["sanction_type_id"])
        if st is None:
            continue
        key = (
            "MORAL"
            if st.is_moral
            else "NON_ASN"
            if st.employment == SanctionType.Employment.NON_ASN
            else st.level or "NON_ASN"
        )
        by_level[key] += int(sr["n"])
    return [
        _table(
            "hasil",
            _("Perkara per hasil penanganan"),
            outcome,
            {key: str(v) for key, v in OUTCOMES.items()},
            k=k,
        ),
        _table("sanksi", _("Sanksi ditetapkan per tingkat"), by_level, levels, k=k),
    ]


DICTIONARY = [
    ("tahun", _l("Tahun diterimanya laporan (kalender, waktu setempat instalasi).")),
    (
        "tabel",
        _l(
            "Kode tabel: provinsi, kabkota-<kode provinsi>, pelanggaran, tahap, jenis, pemilihan, bulan, instansi (laporan menurut tahun diterima); hasil, sanksi (perkara menurut tahun dibuka)."
        ),
    ),
    (
        "kode",
        _l(
            "Kode baris: kode wilayah Kemendagri, kode jenis, bulan (YYYY-MM) atau id instansi; kosong berarti belum ditentukan/tidak diketahui."
        ),
    ),
    ("label", _l("Nama baris dalam bahasa Indonesia.")),
    ("nilai", _l("Jumlah laporan; kosong bila disembunyikan.")),
    (
        "tampil",
        _l(
            'Yang ditampilkan: angka, "<N" (kurang dari ambang N), atau "*" (disembunyikan agar sel kecil lain tidak dapat dihitung ulang).'
        ),
    ),
    ("ambang", _l("Ambang sel kecil yang berlaku.")),
]
