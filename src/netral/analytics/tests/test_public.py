"""Public statistics through the real intake service, rollup and HTTP."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from netral.analytics import rollups
from netral.registry.models import Region
from netral.reports.tests.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _submit_many(n, kode):
    region = Region.objects.get(kode=kode)
    for _ in range(n):
        submit(event_region=region)


@pytest.fixture
def published(db):
    # given reports filed in November 2026: 7 in Karimun, 2 in Natuna (both Kepri), 6 in
    # Kota Batam, read in December
    with time_machine.travel(dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC), tick=False):
        _submit_many(7, "21.02")
        _submit_many(2, "21.03")
        _submit_many(6, "21.71")
    rollups.rebuild_all()
    with time_machine.travel(dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC), tick=True):
        yield


def test_statistik_is_public_and_suppresses_small_groups(client, published):
    # when an anonymous visitor opens the page with the Kepri breakdown
    response = client.get("/statistik/?tahun=2026&provinsi=21")
    # then Natuna's 2 reports appear only as "<5" and another cell hides beside it
    assert response.status_code == 200
    body = response.content.decode()
    assert "&lt;5" in body
    data = client.get("/api/v1/stats?tahun=2026&provinsi=21").json()
    kab = next(t for t in data["tabel"] if t["kode"] == "kabkota-21")
    cells = {r["kode"]: r for r in kab["baris"]}
    assert cells["21.03"]["tampil"] == "<5" and cells["21.03"]["nilai"] is None
    hidden = [r for r in kab["baris"] if r["nilai"] is None and r["tampil"] == "*"]
    assert hidden, "a complementary cell must be hidden"
    shown = sum(r["nilai"] or 0 for r in kab["baris"])
    # the province total minus the shown cells is at least the threshold
    assert kab["total"]["nilai"] - shown >= 5


def test_no_api_figure_reveals_a_small_group(client, published):
    # when every published table of the year is read, with and without the province filter
    a = client.get("/api/v1/stats?tahun=2026").json()
    b = client.get("/api/v1/stats?tahun=2026&provinsi=21").json()
    # then the tables both requests share are identical (filters pick, never recompute)
    shared = {t["kode"]: t for t in a["tabel"]}
    for t in b["tabel"]:
        if t["kode"] in shared:
            assert t == shared[t["kode"]]
    # and no shown value lies under the threshold
    for table in a["tabel"] + b["tabel"]:
        for row in [*table["baris"], table["total"]]:
            assert row["nilai"] is None or row["nilai"] == 0 or row["nilai"] >= 5


def test_current_month_is_not_published(client, published):
    # given a report filed today (December)
    submit(event_region=Region.objects.get(kode="21.02"))
    rollups.refresh()
    cache.clear()
    data = client.get("/api/v1/stats?tahun=2026").json()
    # then the totals still count November only
    assert data["data_sampai"] == "2026-12-01"
    prov = next(t for t in data["tabel"] if t["kode"] == "provinsi")
    assert prov["total"]["nilai"] == 15


def test_open_data_csv_and_dictionary(client, published):
    response = client.get("/statistik/data.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {"tahun", "tabel", "kode", "label", "nilai", "tampil", "ambang"} <= set(rows[0])
    natuna = [r for r in rows if r["tabel"] == "provinsi" and r["kode"] == "21"]
    assert natuna[0]["nilai"] == "15"
    assert all(r["nilai"] == "" or r["nilai"] == "0" or int(r["nilai"]) >= 5 for r in rows)
    dictionary = client.get("/statistik/kamus-data.csv").content.decode("utf-8-sig")
    assert "tampil" in dictionary


def test_timezone_month(published):
    assert rollups.month_start(timezone.now()) == dt.date(2026, 12, 1)


def test_case_outcomes_and_sanction_levels_are_published_suppressed(client, cast, bidang_sd):
    # given: in November 2026 six cases opened in Karimun, one of them run to an executed
    # sanction (one sanctioned case: under the threshold)
    from netral.cases.models import CaseStatus
    from netral.cases.tests.factories import make_case, run_to

    with time_machine.travel(dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC), tick=True):
        cases = [make_case(actor=cast["bawaslu"], unit=bidang_sd) for _ in range(6)]
        run_to(cases[0], CaseStatus.EXECUTED, cast)
    rollups.rebuild_all()
    with time_machine.travel(dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC), tick=True):
        data = client.get("/api/v1/stats?tahun=2026").json()
    tables = {t["kode"]: t for t in data["tabel"]}
    outcome = {r["kode"]: r for r in tables["hasil"]["baris"]}
    assert tables["hasil"]["total"]["nilai"] == 6
    # the single sanctioned case is not revealed, neither directly nor by the total
    # minus the other cells (two non-empty cells: the whole table is hidden)
    assert outcome["sanksi"]["nilai"] is None and outcome["proses"]["nilai"] is None
    shown = sum(r["nilai"] or 0 for r in outcome.values())
    assert tables["hasil"]["total"]["nilai"] - shown >= 5
    levels = tables["sanksi"]
    assert levels["total"]["tampil"] == "<5"
    assert all(r["nilai"] is None for r in levels["baris"])
