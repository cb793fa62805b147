"""Leaders' monthly report: built from the rollups, signed, readable only in scope,
e-mailed to subscribers still in scope, scheduled for the first of the month."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from django.core import mail
from django.utils import timezone

from netral.accounts.roles import Role
from netral.analytics import reports_pdf, rollups, services, tasks
from netral.analytics.models import LeaderReport, LeaderReportSubscription
from netral.cases.models import CaseStatus
from netral.cases.tests.factories import make_case, run_to
from netral.conftest import _staff
from netral.registry.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_data(cast, bidang_sd):
    run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), CaseStatus.EXECUTED, cast)
    make_case(actor=cast["bawaslu"], unit=bidang_sd)
    rollups.rebuild_all()
    return timezone.localdate().replace(day=1)


def test_formats_are_indonesian():
    assert reports_pdf.angka(1234567) == "1.234.567"
    assert reports_pdf.angka(85.25, 1) == "85,2" or reports_pdf.angka(85.25, 1) == "85,3"
    assert reports_pdf.tanggal(dt.date(2024, 2, 14)) == "14 Februari 2024"
    assert reports_pdf.previous_month(dt.date(2025, 1, 5)) == dt.date(2024, 12, 1)
    assert tasks.next_reports_at(
        timezone.make_aware(dt.datetime(2024, 12, 20, 9))
    ).date() == dt.date(2025, 1, 1)


def test_agency_and_province_reports_are_built_signed_and_readable(month_data, cast, tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader

    built = reports_pdf.build_month(month_data)
    kinds = {(r.kind, r.instansi_id or r.region_id) for r in built}
    karimun = cast["ppk"].role_assignments.get().instansi_id
    assert (LeaderReport.Kind.INSTANSI, karimun) in kinds
    assert (LeaderReport.Kind.PROVINSI, "21") in kinds
    report = next(r for r in built if r.kind == LeaderReport.Kind.PROVINSI)
    pdf = report.file.open("rb").read()
    assert pdf.startswith(b"%PDF")
    assert len(PdfFileReader(io.BytesIO(pdf)).embedded_signatures) == 1
    title, tables, summary = reports_pdf.report_content(report)
    keys = {t.key for t in tables}
    assert {"perkara_alur", "perkara_kepatuhan_ppk", "perkara_lewat_tenggat"} & keys
    assert any("Perkara baru" in line for line in summary)
    # rebuilding the month replaces the file, one row per target and month
    reports_pdf.build_month(month_data)
    assert LeaderReport.objects.filter(kind="PROVINSI", region_id="21").count() == 1
    (tmp_path / "r.pdf").write_bytes(pdf)
    if os.environ.get("NETRAL_KEEP_REPORT_PDF"):  # for looking at it by hand
        shutil.copy(tmp_path / "r.pdf", os.environ["NETRAL_KEEP_REPORT_PDF"])
    if shutil.which("pdftoppm"):
        out = tmp_path / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "50",
                "-f",
                "1",
                "-l",
                "1",
                str(tmp_path / "r.pdf"),
                str(out),
            ],
            check=True,
        )
        assert list(tmp_path.glob("page*.png"))


def test_only_the_roles_of_the_scope_read_and_download(
    month_data, cast, login, ppk_natuna, bawaslu_natuna
):
    built = reports_pdf.build_month(month_data)
    agency = next(r for r in built if r.kind == LeaderReport.Kind.INSTANSI)
    province = next(r for r in built if r.kind == LeaderReport.Kind.PROVINSI)
    assert reports_pdf.may_read(cast["ppk"], agency)
    assert not reports_pdf.may_read(ppk_natuna, agency)
    assert reports_pdf.may_read(cast["satgas"], province)
    # a kabupaten officer does not read the province's report
    assert not reports_pdf.may_read(bawaslu_natuna, province)
    assert not reports_pdf.may_read(cast["bawaslu"], province)
    response = login(cast["ppk"]).get(f"/dasbor/laporan-bulanan/{agency.pk}/unduh/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert login(ppk_natuna).get(f"/dasbor/laporan-bulanan/{agency.pk}/unduh/").status_code == 404
    page = login(cast["ppk"]).get("/dasbor/laporan-bulanan/").content.decode()
    assert "Unduh PDF" in page


def test_subscribers_in_scope_get_the_pdf_by_email(month_data, cast, login, ppk_natuna):
    ppk = cast["ppk"]
    ppk.email, ppk_natuna.email = "ppk@karimun.go.id", "ppk@natuna.go.id"
    ppk.save()
    ppk_natuna.save()
    karimun = ppk.role_assignments.get().instansi_id
    client = login(ppk)
    for _ in range(2):  # double submit = one subscription
        client.post(
            "/dasbor/laporan-bulanan/", {"jenis": "INSTANSI", "sasaran": karimun, "langganan": "1"}
        )
    assert LeaderReportSubscription.objects.filter(user=ppk).count() == 1
    # an outsider cannot subscribe to Karimun's report
    assert not services.leader_report_subscribe(
        user=ppk_natuna, kind="INSTANSI", target_id=karimun, on=True
    )
    agency = reports_pdf.build(
        kind="INSTANSI", target=ppk.role_assignments.get().instansi, month=month_data
    )
    assert reports_pdf.send(agency) == 1
    assert mail.outbox[-1].to == ["ppk@karimun.go.id"]
    assert mail.outbox[-1].attachments[0][2] == "application/pdf"


def test_a_provincial_officer_subscribes_to_their_province(month_data):
    officer = _staff("bawaslu.kepri", Role.BAWASLU, region=Region.objects.get(kode="21"))
    assert [(k, t.pk) for k, t in reports_pdf.targets_for(officer)] == [("PROVINSI", "21")]
