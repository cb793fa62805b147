"""Audit log browser: scope by role and filters (issue #2 item 4)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from netral.accounts import selectors
from netral.core import audit
from netral.core.models import AuditEntry
from netral.registry import services as registry_services
from netral.registry.tests.factories import PegawaiFactory

URL = reverse("accounts:audit_list")


def _entries(response):
    return list(response.context["page"].object_list)


def _setup(hr_karimun, bidang_sd, dinkes_natuna):
    """One Karimun read, one Natuna read, one entry without organisation."""
    karimun_p = PegawaiFactory(unit=bidang_sd, nama="Pegawai Karimun")
    natuna_p = PegawaiFactory(unit=dinkes_natuna, nama="Pegawai Natuna")
    registry_services.pegawai_viewed(pegawai=karimun_p, actor=hr_karimun)
    registry_services.pegawai_viewed(pegawai=natuna_p, actor=hr_karimun)
    audit.record(actor=None, action="accounts.login.failed", data={"username": "x"})
    return karimun_p, natuna_p


def test_sysadmin_sees_every_entry(login, sysadmin, hr_karimun, bidang_sd, dinkes_natuna):
    # given
    _setup(hr_karimun, bidang_sd, dinkes_natuna)
    # when
    response = login(sysadmin).get(URL)
    # then
    reprs = {e.target_repr.split(" (")[0] for e in _entries(response)}
    assert {"Pegawai Karimun", "Pegawai Natuna"} <= reprs
    assert any(e.action == "accounts.login.failed" for e in _entries(response))


def test_hr_admin_sees_only_own_agency(login, hr_karimun, bidang_sd, dinkes_natuna):
    # given
    karimun_p, _ = _setup(hr_karimun, bidang_sd, dinkes_natuna)
    # when
    response = login(hr_karimun).get(URL)
    # then
    assert {e.org_id for e in _entries(response)} == {karimun_p.instansi_id}
    assert "Data pegawai dilihat" in response.content.decode()


def test_bawaslu_sees_agencies_in_region(
    login, bawaslu_karimun, hr_karimun, bidang_sd, dinkes_natuna
):
    # given
    karimun_p, _ = _setup(hr_karimun, bidang_sd, dinkes_natuna)
    # when
    response = login(bawaslu_karimun).get(URL)
    # then
    assert {e.org_id for e in _entries(response)} == {karimun_p.instansi_id}


def test_roles_without_audit_view_are_forbidden(login, opd_disdik, asn_karimun):
    # when / then
    assert login(opd_disdik).get(URL).status_code == 403
    assert login(asn_karimun).get(URL).status_code == 403
    assert not selectors.audit_entries_visible_to(user=opd_disdik).exists()


def test_filter_by_action_actor_and_target_type(
    login, sysadmin, hr_karimun, bidang_sd, dinkes_natuna
):
    # given
    _setup(hr_karimun, bidang_sd, dinkes_natuna)
    client = login(sysadmin)
    # when
    by_action = client.get(URL, {"action": "registry.pegawai.viewed"})
    by_actor = client.get(URL, {"actor": "HR.KARIMUN"})
    by_type = client.get(URL, {"target_type": "registry.pegawai", "actor": "hr.karimun"})
    # then
    assert {e.action for e in _entries(by_action)} == {"registry.pegawai.viewed"}
    assert len(_entries(by_action)) == 2
    assert {e.actor_label for e in _entries(by_actor)} == {"hr.karimun"}
    assert {e.target_type for e in _entries(by_type)} == {"registry.pegawai"}


def test_filter_by_local_date_range(login, sysadmin, hr_karimun, bidang_sd):
    # given: one read on 1 March, one on 3 March (local time, Asia/Jayapura in tests)
    pegawai = PegawaiFactory(unit=bidang_sd)
    wit = dt.timezone(dt.timedelta(hours=9))
    with time_machine.travel(dt.datetime(2026, 3, 1, 23, 30, tzinfo=wit)):
        registry_services.pegawai_viewed(pegawai=pegawai, actor=hr_karimun)
    with time_machine.travel(dt.datetime(2026, 3, 3, 0, 30, tzinfo=wit)):
        registry_services.pegawai_viewed(pegawai=pegawai, actor=hr_karimun)
    client = login(sysadmin)
    # when
    first_day = client.get(URL, {"date_from": "2026-03-01", "date_to": "2026-03-01"})
    from_second = client.get(URL, {"date_from": "2026-03-02", "action": "registry.pegawai.viewed"})
    # then
    assert [e.at.astimezone(wit).day for e in _entries(first_day)] == [1]
    assert [e.at.astimezone(wit).day for e in _entries(from_second)] == [3]


def test_reversed_date_range_shows_error_and_no_rows(login, sysadmin):
    # given
    audit.record(actor=None, action="accounts.login.failed")
    # when
    response = login(sysadmin).get(URL, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    # then
    assert _entries(response) == []
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.content.decode()


def test_paginated_by_50_newest_first(login, sysadmin):
    # given
    for i in range(51):
        audit.record(actor=None, action="accounts.login.failed", data={"i": i})
    # when
    response = login(sysadmin).get(URL, {"action": "accounts.login.failed"})
    # then
    entries = _entries(response)
    assert len(entries) == 50
    assert entries[0].data == {"i": 50}
    assert AuditEntry.objects.filter(action="accounts.login.failed").count() == 51


def test_list_shows_agency_names_without_n_plus_one(login, sysadmin, hr_karimun, bidang_sd):
    # given
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(sysadmin)
    pegawai = PegawaiFactory(unit=bidang_sd)
    registry_services.pegawai_viewed(pegawai=pegawai, actor=hr_karimun)
    client.get(URL)  # the first request stores the user's identity token (cache)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(10):
        registry_services.pegawai_viewed(pegawai=pegawai, actor=hr_karimun)
    # when
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    # then
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Pemerintah Kabupaten Karimun" in response.content.decode()


def test_unverified_staff_returns_to_requested_page_after_2fa(client, hr_karimun):
    # given: password step only
    client.force_login(hr_karimun)
    # when
    response = client.get("/audit/?action=registry.pegawai.viewed")
    # then
    assert response["Location"] == (
        "/masuk/verifikasi-2fa/?next=%2Faudit%2F%3Faction%3Dregistry.pegawai.viewed"
    )
