"""Case sections of the dashboard: the rollups equal a live read through the cases
selectors for every persona, scope never leaks, and the refresh follows the sweep."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from netral.accounts.roles import Role
from netral.analytics import case_tables, rollups
from netral.analytics.selectors import Filters
from netral.cases import services as case_services
from netral.cases.models import CaseStatus
from netral.cases.tests.factories import make_case, run_to
from netral.conftest import _staff
from netral.registry.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(cast, bidang_sd, dinkes_natuna, bawaslu_natuna):
    # given: in Karimun a case run to the executed sanction, one waiting on the PPK and
    # one still in study in the sub-district Moro; in Natuna one case in study
    done = run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), CaseStatus.EXECUTED, cast)
    waiting = run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), CaseStatus.RECOMMENDED, cast)
    moro = make_case(
        actor=cast["bawaslu"], unit=bidang_sd, event_region=Region.objects.get(kode="21.02.01")
    )
    natuna = make_case(
        actor=bawaslu_natuna, unit=dinkes_natuna, event_region=Region.objects.get(kode="21.03")
    )
    # the sweep marks the PPK's follow-up (and every other open stage) overdue
    case_services.sweep_overdue(today=waiting.stage_due_on + dt.timedelta(days=1))
    rollups.rebuild_all()
    return {"done": done, "waiting": waiting, "moro": moro, "natuna": natuna}


def _as_dict(tables):
    return {t.key: [(r.key, r.value, r.cells) for r in t.rows] for t in tables}


def _table(tables, key):
    return {
        r.key: (r.cells if r.cells is not None else r.value)
        for t in tables
        if t.key == key
        for r in t.rows
    }


def test_rollups_equal_the_live_read_through_the_cases_selectors(cases, cast, bawaslu_natuna):
    users = {**cast, "national": _staff("bawaslu.ri", Role.BAWASLU), "natuna": bawaslu_natuna}
    vt = str(cases["done"].violation_type_id)
    for persona, user in users.items():
        for params in ({}, {"wilayah": "21.02"}, {"pelanggaran": vt}):
            f = Filters.parse(params)
            a = _as_dict(case_tables.case_tables(user=user, filters=f))
            b = _as_dict(case_tables.case_tables(user=user, filters=f, live=True))
            reading = case_tables.case_reading(user=user, filters=f)
            if params.get("pelanggaran") and reading is not None and not reading.live:
                # the agency and duration rollups have no violation-type dimension
                for key in ("perkara_kepatuhan_ppk", "perkara_durasi"):
                    assert key not in a
                    b.pop(key, None)
            if persona == "national" and not params.get("wilayah"):
                # the national slice places cases by province, a live read by kabupaten
                provinces: dict[str, int] = {}
                for key, n, _cells in b.pop("perkara_wilayah"):
                    provinces[key.split(".")[0]] = provinces.get(key.split(".")[0], 0) + n
                assert {k: n for k, n, _c in a.pop("perkara_wilayah")} == provinces
            assert a == b, (persona, params)


def test_bawaslu_kabupaten_sees_its_funnel_compliance_and_sanctions(cases, cast):
    tables = case_tables.case_tables(user=cast["bawaslu"], filters=Filters())
    funnel = _table(tables, "perkara_alur")
    assert funnel == {
        "perkara": 3, "rekomendasi": 2, "ditetapkan": 1, "dilaksanakan": 1,
    }  # fmt: skip
    stages = _table(tables, "perkara_tahap")
    assert stages == {"executed": 1, "recommended": 1, "initial_study": 1}
    assert _table(tables, "perkara_lewat_tenggat") == {"recommended": 1, "initial_study": 1}
    karimun = cases["done"].instansi_id
    # received 2, followed in time 1, late 0, ignored 1 (past the deadline, swept)
    assert _table(tables, "perkara_kepatuhan_ppk") == {karimun: [2, 1, 0, 1]}
    assert sum(_table(tables, "sanksi_tingkat").values()) == 1
    assert set(_table(tables, "perkara_durasi")) >= {
        "initial_study",
        "study",
        "forwarded",
        "recommended",
    }
    # Natuna's case is outside
    assert "21.03" not in _table(tables, "perkara_wilayah")


def test_agency_roles_see_only_cases_that_reached_their_ppk(cases, cast, ppk_natuna):
    tables = case_tables.case_tables(user=cast["ppk"], filters=Filters())
    assert _table(tables, "perkara_alur")["perkara"] == 2  # the study cases are not theirs
    assert case_tables.case_tables(user=ppk_natuna, filters=Filters()) == []


def test_a_sub_district_officer_sees_only_their_sub_district(cases):
    moro = _staff("panwascam.moro", Role.BAWASLU, region=Region.objects.get(kode="21.02.01"))
    reading = case_tables.case_reading(user=moro, filters=Filters())
    assert reading is not None and reading.live
    tables = case_tables.case_tables(user=moro, filters=Filters())
    assert _table(tables, "perkara_tahap") == {"initial_study": 1}
    # asking for the whole kabupaten does not widen the scope
    wider = case_tables.case_tables(user=moro, filters=Filters(region="21.02"))
    assert _table(wider, "perkara_tahap") == {"initial_study": 1}
    # their reports too: the one report placed in Moro, read live
    from netral.analytics.selectors import report_tables

    _slice, reports = report_tables(user=moro, filters=Filters())
    assert _table(reports, "laporan_wilayah") == {"21.02": 1}
    assert sum(_table(reports, "laporan_jenis").values()) == 1


def test_refresh_follows_the_sweep_and_the_steps(cases, cast, bidang_sd):
    # given: a new case after the rebuild, and the sweep marking it overdue later
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    rollups.refresh()
    tables = case_tables.case_tables(user=cast["bawaslu"], filters=Filters())
    assert _table(tables, "perkara_alur")["perkara"] == 4
    case_services.sweep_overdue(today=case.stage_due_on + dt.timedelta(days=1))
    rollups.refresh()
    tables = case_tables.case_tables(user=cast["bawaslu"], filters=Filters())
    # Moro's case (swept in the fixture) and the new one
    assert _table(tables, "perkara_lewat_tenggat")["initial_study"] == 2
    assert _as_dict(tables) == _as_dict(
        case_tables.case_tables(user=cast["bawaslu"], filters=Filters(), live=True)
    )


def test_dashboard_page_and_export_show_the_case_sections(cases, cast, login):
    client = login(cast["bawaslu"])
    page = client.get("/dasbor/").content.decode()
    assert "Tindak lanjut rekomendasi oleh PPK" in page
    rows = list(
        csv.reader(io.StringIO(client.get("/dasbor/?ekspor=csv").content.decode("utf-8-sig")))
    )
    ppk = [r for r in rows if r[0] == "Tindak lanjut rekomendasi oleh PPK"]
    assert [r[2:] for r in ppk] == [["2", "1", "0", "1"]]


def test_inspektorat_opens_the_dashboard(cases, cast, login):
    assert login(cast["inspektorat"]).get("/dasbor/").status_code == 200
