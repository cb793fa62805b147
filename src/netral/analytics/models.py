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


# --- cases ---------------------------------------------------------------------------------
#
# Slices of cases, like those of reports: ``""`` national, a province code, a
# kabupaten/kota code (the case's region and above), and ``"i:<agency id>"`` (every case
# of one employing agency). A case is counted once in each slice it belongs to; a reader
# picks exactly one slice (``selectors.case_reading``) and narrows it with the flag
# columns that the cases visibility rule needs (``cases.selectors``): ``body`` (forwarded
# to the recommending body: what KASN/BKN sees) and ``at_ppk`` (reached the PPK: what the
# agency roles see). Partition: the month the case was opened (local time).


class CaseRollup(models.Model):
    """Cases per slice and dimensions, with the funnel measures."""

    slice = models.CharField(max_length=24, blank=True)
    # Province in the national slice, kabupaten/kota everywhere else.
    geo = models.CharField(max_length=13)
    violation_type_id = models.BigIntegerField(null=True, blank=True)
    election_type = models.CharField(max_length=10)
    status = models.CharField(max_length=16)
    body = models.BooleanField(default=False)
    at_ppk = models.BooleanField(default=False)
    month = models.DateField()
    n = models.IntegerField(default=0)
    recommended = models.IntegerField(default=0)
    decided = models.IntegerField(default=0)
    executed = models.IntegerField(default=0)
    # Open cases whose current stage the daily sweep marked overdue.
    overdue = models.IntegerField(default=0)

    class Meta:
        ordering = ["slice", "month", "geo"]
        verbose_name = _("ringkasan perkara")
        verbose_name_plural = _("ringkasan perkara")
        indexes = [models.Index(fields=["slice", "month"], name="case_rollup_slice_month")]

    def __str__(self) -> str:
        return f"{self.slice or '*'} {self.month:%Y-%m} {self.geo} {self.status}: {self.n}"


class CaseAgencyRollup(models.Model):
    """Per slice, employing agency and month: cases and the PPK's follow-up of the
    recommendations (received, followed in time, late, ignored = open past the deadline
    once the sweep marked it), as ``cases.selectors.ppk_compliance`` counts them."""

    slice = models.CharField(max_length=24, blank=True)
    instansi_id = models.BigIntegerField(null=True, blank=True)
    body = models.BooleanField(default=False)
    at_ppk = models.BooleanField(default=False)
    month = models.DateField()
    n = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)
    ppk_received = models.IntegerField(default=0)
    ppk_followed = models.IntegerField(default=0)
    ppk_late = models.IntegerField(default=0)
    ppk_ignored = models.IntegerField(default=0)

    class Meta:
        ordering = ["slice", "month", "instansi_id"]
        indexes = [models.Index(fields=["slice", "month"], name="case_agency_slice_month")]

    def __str__(self) -> str:
        return f"{self.slice or '*'} {self.month:%Y-%m} {self.instansi_id}: {self.n}"


class SanctionRollup(models.Model):
    """Sanctions decided by the PPK per slice (one per case subject), by sanction type
    (its level and employment type come from ``reports.SanctionType``)."""

    slice = models.CharField(max_length=24, blank=True)
    geo = models.CharField(max_length=13)
    violation_type_id = models.BigIntegerField(null=True, blank=True)
    election_type = models.CharField(max_length=10)
    body = models.BooleanField(default=False)
    at_ppk = models.BooleanField(default=False)
    month = models.DateField()
    sanction_type_id = models.BigIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        ordering = ["slice", "month", "sanction_type_id"]
        indexes = [models.Index(fields=["slice", "month"], name="sanction_rollup_slice_month")]

    def __str__(self) -> str:
        return f"{self.slice or '*'} {self.month:%Y-%m} {self.sanction_type_id}: {self.n}"


class StageRollup(models.Model):
    """Completed case stages per slice, stage and duration in days (a histogram, so the
    median time per stage is exact without reading the stages)."""

    slice = models.CharField(max_length=24, blank=True)
    body = models.BooleanField(default=False)
    at_ppk = models.BooleanField(default=False)
    month = models.DateField()
    status = models.CharField(max_length=16)
    days = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        ordering = ["slice", "month", "status", "days"]
        indexes = [models.Index(fields=["slice", "month"], name="stage_rollup_slice_month")]

    def __str__(self) -> str:
        return f"{self.slice or '*'} {self.month:%Y-%m} {self.status} {self.days}d: {self.n}"


# --- leaders' monthly report ------------------------------------------------------------------


class LeaderReport(models.Model):
    """The monthly PDF for one agency's leaders (PPK, BKPSDM, Inspektorat) or one
    province's (Bawaslu, Satgas), built in the background (``reports_pdf``) and signed
    with the installation certificate (``core.keys.pades_sign``)."""

    class Kind(models.TextChoices):
        INSTANSI = "INSTANSI", _("Instansi")
        PROVINSI = "PROVINSI", _("Provinsi")

    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    instansi = models.ForeignKey(
        "registry.Instansi", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "registry.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("bulan"))
    file = models.FileField(upload_to="analytics/laporan/", max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.IntegerField(default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)

    class Meta:
        ordering = ["-month", "kind", "id"]
        verbose_name = _("laporan bulanan pimpinan")
        verbose_name_plural = _("laporan bulanan pimpinan")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "instansi", "month"],
                condition=models.Q(kind="INSTANSI"),
                name="leader_report_instansi_month",
            ),
            models.UniqueConstraint(
                fields=["kind", "region", "month"],
                condition=models.Q(kind="PROVINSI"),
                name="leader_report_region_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.instansi_id or self.region_id} {self.month:%Y-%m}"


class LeaderReportSubscription(models.Model):
    """A user who wants the monthly report of an agency or province by e-mail; sent
    only while one of the user's roles may read that report (``reports_pdf.may_read``)."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="leader_report_subscriptions"
    )
    kind = models.CharField(max_length=8, choices=LeaderReport.Kind.choices)
    instansi = models.ForeignKey(
        "registry.Instansi", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "registry.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id", "id"]
        verbose_name = _("langganan laporan bulanan")
        verbose_name_plural = _("langganan laporan bulanan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "instansi"],
                condition=models.Q(kind="INSTANSI"),
                name="leader_subscription_instansi_once",
            ),
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=models.Q(kind="PROVINSI"),
                name="leader_subscription_region_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.instansi_id or self.region_id}"
