"""Staff dashboard: scope (never outside data), filters, exports, rollup equality."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from netral.accounts.roles import Role
from netral.analytics import rollups
from netral.analytics.exports import safe_cell
from netral.analytics.models import PledgeRollup, ReportAgencyRollup, ReportRollup
from netral.conftest import _staff
from netral.pledges import services as pledge_services
from netral.pledges.models import Signature
from netral.pledges.tests.factories import make_campaign
from netral.registry.models import Region
from netral.registry.tests.factories import PegawaiFactory
from netral.reports.tests.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(disdik_karimun, dinkes_natuna):
    # given Karimun (3 employees, 2 signed) and Natuna (2, none signed), 3 reports in
    # Karimun and 1 in Natuna
    karimun_staff = [PegawaiFactory(unit=disdik_karimun) for _ in range(3)]
    [PegawaiFactory(unit=dinkes_natuna) for _ in range(2)]
    campaign = make_campaign(instansi=disdik_karimun.instansi)
    make_campaign(instansi=dinkes_natuna.instansi)
    for p in karimun_staff[:2]:
        pledge_services.pact_sign(
            campaign=campaign, pegawai=p, actor=None, method=Signature.Method.DEMO
        )
    for _ in range(3):
        submit(event_region=Region.objects.get(kode="21.02"))
    submit(event_region=Region.objects.get(kode="21.03"))
    rollups.rebuild_all()


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_hr_admin_sees_own_agency_only(login, hr_karimun, data):
    client = login(hr_karimun)
    rows = _csv(client.get("/dasbor/?ekspor=csv"))
    agencies = [r for r in rows if r[0] == "Penandatanganan pakta per instansi"]
    assert [r[1:4] for r in agencies] == [["Pemerintah Kabupaten Karimun", "2", "3"]]
    # no report figures: BKPSDM does not handle reports
    assert not [r for r in rows if r[0].startswith("Laporan")]


def test_bawaslu_region_scope_and_outsider(login, bawaslu_karimun, data):
    client = login(bawaslu_karimun)
    page = client.get("/dasbor/")
    assert page.status_code == 200
    rows = _csv(client.get("/dasbor/?ekspor=csv"))
    kinds = [r for r in rows if r[0] == "Laporan per jenis"]
    assert sum(int(r[2]) for r in kinds) == 3  # Natuna's report is outside
    assert "Natuna" not in page.content.decode()
    # asking for Natuna falls back to the officer's own slice
    rows = _csv(client.get("/dasbor/?ekspor=csv&wilayah=21.03"))
    assert sum(int(r[2]) for r in rows if r[0] == "Laporan per jenis") == 3


def test_outsider_opd_admin_sees_nothing_of_karimun(login, opd_natuna, data):
    content = login(opd_natuna).get("/dasbor/").content.decode()
    assert "Karimun" not in content


def test_employee_may_not_open_dashboard(login, asn_karimun, data):
    assert login(asn_karimun).get("/dasbor/").status_code == 403


def test_provincial_officer_filters_kabupaten_and_violation(login, data):
    officer = _staff("bawaslu.kepri", Role.BAWASLU, region=Region.objects.get(kode="21"))
    client = login(officer)
    rows = _csv(client.get("/dasbor/?ekspor=csv"))
    assert sum(int(r[2]) for r in rows if r[0] == "Laporan per jenis") == 4
    rows = _csv(client.get("/dasbor/?ekspor=csv&wilayah=21.02"))
    assert sum(int(r[2]) for r in rows if r[0] == "Laporan per jenis") == 3
    wb = load_workbook(io.BytesIO(client.get("/dasbor/?ekspor=xlsx&wilayah=21.03").content))
    sheet = wb["Laporan per jenis"]
    assert sum(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == 1


def test_spreadsheet_formulas_are_neutralised():
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("+1") == "'+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-2") == "'-2"
    assert safe_cell("a\x07b") == "'ab"
    assert safe_cell(-2) == -2
    assert safe_cell("Dinas Pendidikan") == "Dinas Pendidikan"


def _snapshot():
    return (
        sorted(
            PledgeRollup.objects.values_list(
                "campaign_id", "stage_order", "jenis_pegawai", "total", "signed"
            )
        ),
        sorted(
            ReportRollup.objects.values_list(
                "slice", "geo", "violation_type_id", "kind", "status", "election_type", "month", "n"
            )
        ),
        sorted(
            ReportAgencyRollup.objects.values_list("slice", "instansi_id", "month", "n"), key=str
        ),
    )


def test_incremental_refresh_equals_full_rebuild(data, disdik_karimun):
    # given more writes after the last rebuild: a signature, a void, a new report
    campaign = PledgeRollup.objects.first()
    from netral.pledges.models import Campaign

    c = Campaign.objects.get(pk=campaign.campaign_id)
    p = PegawaiFactory(unit=disdik_karimun)
    pledge_services.pact_sign(campaign=c, pegawai=p, actor=None, method=Signature.Method.DEMO)
    sig = Signature.objects.filter(campaign=c).first()
    pledge_services.signature_void(signature=sig, reason="Salah orang.", actor=None)
    submit(event_region=Region.objects.get(kode="21.02"))
    # when only the refresh runs
    rollups.refresh()
    incremental = _snapshot()
    # then it equals a rebuild from scratch
    PledgeRollup.objects.all().delete()
    ReportRollup.objects.all().delete()
    ReportAgencyRollup.objects.all().delete()
    rollups.rebuild_all()
    assert _snapshot() == incremental


def test_opd_admin_sees_their_unit_only(login, opd_disdik, dinkes_karimun, data):
    # given: one more Karimun employee in another OPD (Dinas Kesehatan), unsigned
    PegawaiFactory(unit=dinkes_karimun)
    rows = _csv(login(opd_disdik).get("/dasbor/?ekspor=csv"))
    jenis = [r for r in rows if r[0] == "Penandatanganan pakta per jenis pegawai"]
    # then: Dinas Pendidikan's 3 employees, 2 signed; not the agency's 4
    assert sum(int(r[2]) for r in jenis) == 2
    assert sum(int(r[3]) for r in jenis) == 3
    units = [r for r in rows if r[0] == "Penandatanganan pakta per unit kerja"]
    assert [r[1] for r in units] == ["Dinas Pendidikan"]
    assert not [r for r in rows if r[0].startswith("Laporan")]


def test_dashboard_tables_are_cached_per_scope_until_the_next_refresh(
    login, bawaslu_karimun, hr_karimun, data
):
    from netral.analytics import rollups

    client = login(bawaslu_karimun)
    first = _csv(client.get("/dasbor/?ekspor=csv"))
    # a new report is invisible until the rollups are refreshed, then counted
    submit(event_region=Region.objects.get(kode="21.02"))
    assert _csv(client.get("/dasbor/?ekspor=csv")) == first
    rollups.refresh()
    after = _csv(client.get("/dasbor/?ekspor=csv"))
    kinds = [r for r in after if r[0] == "Laporan per jenis"]
    assert sum(int(r[2]) for r in kinds) == 4
    # another scope never gets this scope's cached tables
    other = _csv(login(hr_karimun).get("/dasbor/?ekspor=csv"))
    assert not [r for r in other if r[0].startswith("Laporan")]


def test_sysadmin_rebuilds_the_rollups_in_the_background_with_progress(
    login, sysadmin, hr_karimun, data, django_capture_on_commit_callbacks
):
    from netral.core.models import JobProgress

    client = login(sysadmin)
    assert client.get("/dasbor/ringkasan/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dasbor/ringkasan/")
    job = JobProgress.objects.get(kind="analytics.rebuild")
    assert response.status_code == 302 and response["Location"] == f"/dasbor/ringkasan/{job.pk}/"
    # the test backend runs the task at once: the job is done with its counts
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total > 0
    assert "Selesai" in client.get(f"/dasbor/ringkasan/{job.pk}/").content.decode()
    assert login(hr_karimun).get("/dasbor/ringkasan/").status_code == 403


def test_hr_admin_sees_their_opds_and_filters_one_unit(
    login, hr_karimun, opd_natuna, disdik_karimun, dinkes_karimun, data
):
    PegawaiFactory(unit=dinkes_karimun)
    client = login(hr_karimun)
    rows = _csv(client.get("/dasbor/?ekspor=csv"))
    units = {r[1]: r[2:4] for r in rows if r[0] == "Penandatanganan pakta per unit kerja"}
    assert units == {"Dinas Pendidikan": ["2", "3"], "Dinas Kesehatan": ["0", "1"]}
    # filtered to one unit: only its employees
    rows = _csv(client.get(f"/dasbor/?ekspor=csv&unit={disdik_karimun.pk}"))
    jenis = [r for r in rows if r[0] == "Penandatanganan pakta per jenis pegawai"]
    assert sum(int(r[3]) for r in jenis) == 3
    # a unit outside the scope gives nothing, not the unit's figures
    rows = _csv(login(opd_natuna).get(f"/dasbor/?ekspor=csv&unit={disdik_karimun.pk}"))
    assert not [r for r in rows if r[0].startswith("Penandatanganan")]


def test_refresh_picks_up_a_signature_committed_after_a_higher_ledger_id(data, disdik_karimun):
    """Issue 15: agencies append without waiting for each other, so an entry with a
    lower id can commit after the refresh saw a higher one (another agency's)."""
    import datetime as dt

    from django.utils import timezone

    from netral.analytics.models import RollupState
    from netral.pledges.models import Campaign
    from netral.registry.models import Pegawai

    # given: an employee known since yesterday, and the last refresh saw ledger id
    # 10**9 (another agency's, committed first)
    pegawai = PegawaiFactory(unit=disdik_karimun)
    day_ago = timezone.now() - dt.timedelta(days=1)
    Pegawai.objects.update(updated_at=day_ago)
    campaign = Campaign.objects.get(pk=PledgeRollup.objects.first().campaign_id)
    Campaign.objects.update(updated_at=day_ago)
    rollups.refresh()
    RollupState.objects.filter(source="pledges").update(ledger_seq=10**9)
    # when: this agency's signature (a lower id) commits, then the refresh runs
    sig, _ = pledge_services.pact_sign(
        campaign=campaign,
        pegawai=Pegawai.objects.get(pk=pegawai.pk),
        actor=None,
        method=Signature.Method.DEMO,
    )
    assert sig.entry_id < 10**9
    rollups.refresh()
    incremental = _snapshot()
    # then it is counted, as a rebuild counts it
    PledgeRollup.objects.all().delete()
    rollups.rebuild_all()
    assert _snapshot() == incremental


def test_filter_form_is_cached_with_the_sections(login, bawaslu_karimun, data):
    """Issue 13: the filter choices (every agency and region in scope) are read and
    rendered once per key, like the sections; the form stays the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(bawaslu_karimun)
    first = client.get("/dasbor/?wilayah=21.02").content.decode()
    with CaptureQueriesContext(connection) as q:
        second = client.get("/dasbor/?wilayah=21.02").content.decode()
    assert 'name="instansi"' in second and 'value="21.02" selected' in second

    def form(page: str) -> str:
        return page[page.index('<form method="get" class="filter-form">') :].split("</form>")[0]

    assert form(first) == form(second)
    assert not [x for x in q.captured_queries if "registry_instansi" in x["sql"]]
