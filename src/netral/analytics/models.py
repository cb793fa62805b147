"""Analytics rollups: small pre-aggregated tables the dashboards and public statistics
read instead of scanning millions of employees, signatures and reports.

Every row is built from the owning app's selectors (``netral.analytics.rollups``), keeps
the columns the scope rules need (agency, region code) and is rebuilt per partition
(one campaign, one month of reports), so a refresh is idempotent.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PledgeRollup(models.Model):
    """Pledge completion of one campaign for one employment type and one stage
    (``stage_order`` 0 = every active employee of the agency; n = stage n's audience).
    Scoped by ``instansi_id`` (BKPSDM/PPK) and ``region_kode`` (Bawaslu)."""

    campaign_id = models.BigIntegerField()
    election_id = models.BigIntegerField()
    instansi_id = models.BigIntegerField()
    # The agency's region code ("21.02"; "" for a national ministry) and its province.
    region_kode = models.CharField(max_length=13, blank=True)
    province_kode = models.CharField(max_length=13, blank=True)
    stage_order = models.PositiveSmallIntegerField(default=0)
    jenis_pegawai = models.CharField(max_length=8)
    total = models.IntegerField(default=0)
    signed = models.IntegerField(default=0)

    class Meta:
        ordering = ["campaign_id", "stage_order", "jenis_pegawai"]
        verbose_name = _("ringkasan ikrar")
        verbose_name_plural = _("ringkasan ikrar")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign_id", "stage_order", "jenis_pegawai"],
                name="pledge_rollup_cell",
            )
        ]
        indexes = [
            # Dashboard: one election, scoped by agency or region prefix.
            models.Index(fields=["election_id", "region_kode"], name="pledge_rollup_region"),
            models.Index(fields=["instansi_id"], name="pledge_rollup_instansi"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.stage_order}/{self.jenis_pegawai}: {self.signed}/{self.total}"


class ReportRollup(models.Model):
    """Report counts per *slice* and dimensions.

    A slice is the set of reports a region-scoped handler may open (reports selector:
    the event lies in the region, or a reported person works for an agency there):
    ``""`` national, a province code, or a kabupaten/kota code. A report is counted once
    in each slice it belongs to, so a user reads exactly one slice and never sums two.
    ``public`` marks the rows built from the event place only (public statistics).
    """

    slice = models.CharField(max_length=13, blank=True)
    # Event place one level below the slice: the province in the national slice, the
    # kabupaten/kota otherwise (so a national dashboard reads ~38 places, not ~514).
    geo = models.CharField(max_length=13)
    violation_type_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=10)
    status = models.CharField(max_length=20)
    election_type = models.CharField(max_length=10)
    month = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        ordering = ["slice", "month", "geo"]
        verbose_name = _("ringkasan laporan")
        verbose_name_plural = _("ringkasan laporan")
        indexes = [
            # Every dashboard and public query reads one slice, optionally a period.
            models.Index(fields=["slice", "month"], name="report_rollup_slice_month"),
        ]

    def __str__(self) -> str:
        return f"{self.slice or '*'} {self.month:%Y-%m} {self.geo}: {self.n}"


class ReportAgencyRollup(models.Model):
    """Report counts per slice, agency of the (first) reported person and month: the
    "by agency" figures, kept apart so the main table stays small."""

    slice = models.CharField(max_length=13, blank=True)
    # None: no reported person could be tied to an agency.
    instansi_id = models.BigIntegerField(null=True, blank=True)
    month = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        ordering = ["slice", "month", "instansi_id"]
        indexes = [models.Index(fields=["slice", "month"], name="report_agency_slice_month")]

    def __str__(self) -> str:
        return f"{self.slice or '*'} {self.month:%Y-%m} {self.instansi_id}: {self.n}"


class RollupState(models.Model):
    """Watermarks of the incremental refresh (one row per source)."""

    source = models.CharField(max_length=20, primary_key=True)
    watermark = models.DateTimeField(null=True, blank=True)
    ledger_seq = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source"]

    def __str__(self) -> str:
        return f"{self.source} @ {self.refreshed_at}"
