"""Registry browsing pages: scope, search, audit on detail, no N+1 (issue #2 item 6)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netral.core.models import AuditEntry
from netral.registry.models import AkunMedsos, Pegawai
from netral.registry.tests.factories import PegawaiFactory, UnitKerjaFactory

LIST = reverse("registry:pegawai_list")


def detail(p):
    return reverse("registry:pegawai_detail", args=[p.pk])


def names(response):
    return {p.nama for p in response.context["page"].object_list}


def test_anonymous_is_sent_to_login(client, db):
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_user_without_role_is_forbidden(client, db):
    from netral.accounts.tests.factories import UserFactory

    # given
    client.force_login(UserFactory(username="tanpa.peran"))
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 403


def test_staff_without_verified_2fa_is_sent_to_verification(client, opd_disdik):
    # given: password login only, no TOTP step
    client.force_login(opd_disdik)
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:otp_verify") + "?next=%2Fregistri%2Fpegawai%2F"


def test_opd_admin_list_excludes_other_opd(
    login, opd_disdik, bidang_sd, dinkes_karimun, dinkes_natuna
):
    # given
    PegawaiFactory(unit=bidang_sd, nama="Guru Disdik")
    PegawaiFactory(unit=dinkes_karimun, nama="Perawat Dinkes Karimun")
    PegawaiFactory(unit=dinkes_natuna, nama="Perawat Natuna")
    login(opd_disdik)
    # when
    response = login(opd_disdik).get(LIST)
    # then
    assert response.status_code == 200
    assert names(response) == {"Guru Disdik"}


def test_opd_admin_gets_404_for_other_opd_and_missing(login, opd_disdik, dinkes_karimun):
    # given
    other = PegawaiFactory(unit=dinkes_karimun)
    client = login(opd_disdik)
    # when
    out_of_scope = client.get(detail(other))
    missing = client.get(reverse("registry:pegawai_detail", args=[other.pk + 1000]))
    # then: the same answer, so existence does not leak
    assert out_of_scope.status_code == missing.status_code == 404
    assert not AuditEntry.objects.filter(action="registry.pegawai.viewed").exists()


def test_opd_admin_cannot_filter_by_unit_of_other_opd(login, opd_disdik, bidang_sd, dinkes_karimun):
    # given
    PegawaiFactory(unit=dinkes_karimun, nama="Perawat")
    # when
    response = login(opd_disdik).get(LIST, {"unit": dinkes_karimun.pk})
    # then
    assert names(response) == set()
    assert "Unit kerja tidak ditemukan." in response.content.decode()


def test_employee_sees_only_self(login, asn_karimun, bidang_sd):
    # given
    colleague = PegawaiFactory(unit=bidang_sd, nama="Rekan Kerja")
    client = login(asn_karimun)
    # when
    listing = client.get(LIST)
    own = client.get(detail(asn_karimun.pegawai))
    other = client.get(detail(colleague))
    # then
    assert names(listing) == {"Budi Santoso"}
    assert own.status_code == 200
    assert f'href="{LIST}' not in own.content.decode()  # no list or unit links for employees
    assert other.status_code == 404


def test_employee_self_link_redirects_to_own_record(login, asn_karimun):
    # when
    response = login(asn_karimun).get(reverse("registry:pegawai_self"))
    # then
    assert response.status_code == 302
    assert response["Location"] == detail(asn_karimun.pegawai)


def test_search_by_nip_prefix_finds_the_employee(login, hr_karimun, bidang_sd, dinkes_karimun):
    # given
    target = PegawaiFactory(unit=bidang_sd, nama="Siti Aminah", nip="198712022011012003")
    PegawaiFactory(unit=dinkes_karimun, nama="Lain", nip="199001012015011001")
    client = login(hr_karimun)
    # when
    full = client.get(LIST, {"q": target.nip})
    prefix = client.get(LIST, {"q": "1987120220"})
    # then
    assert names(full) == {"Siti Aminah"}
    assert names(prefix) == {"Siti Aminah"}


def test_search_by_nik_and_by_name_words(login, hr_karimun, bidang_sd):
    # given
    honorer = PegawaiFactory(unit=bidang_sd, non_asn=True, nama="Rina Marlina")
    PegawaiFactory(unit=bidang_sd, nama="Rudi Hartono")
    client = login(hr_karimun)
    # when
    by_nik = client.get(LIST, {"q": honorer.nik[:10]})
    by_name = client.get(LIST, {"q": "marlina rina"})
    # then
    assert names(by_nik) == {"Rina Marlina"}
    assert names(by_name) == {"Rina Marlina"}


def test_filter_by_unit_includes_subunits_and_by_jenis(
    login, hr_karimun, disdik_karimun, bidang_sd, dinkes_karimun
):
    # given
    PegawaiFactory(unit=disdik_karimun, nama="Kadis")
    PegawaiFactory(unit=bidang_sd, nama="Guru Honorer", non_asn=True)
    PegawaiFactory(unit=dinkes_karimun, nama="Dokter")
    client = login(hr_karimun)
    # when
    by_unit = client.get(LIST, {"unit": disdik_karimun.pk})
    by_jenis = client.get(LIST, {"unit": disdik_karimun.pk, "jenis": Pegawai.Jenis.NON_ASN})
    # then
    assert names(by_unit) == {"Kadis", "Guru Honorer"}
    assert names(by_jenis) == {"Guru Honorer"}


def test_deeper_unit_is_accepted_and_shown_as_selected(login, opd_disdik, bidang_sd):
    # given: a seksi below the listed depth
    seksi = UnitKerjaFactory(
        instansi=bidang_sd.instansi, parent=bidang_sd, nama="Seksi Kurikulum", jenis="SEKSI"
    )
    PegawaiFactory(unit=seksi, nama="Staf Seksi")
    PegawaiFactory(unit=bidang_sd, nama="Staf Bidang")
    # when
    response = login(opd_disdik).get(LIST, {"unit": seksi.pk})
    # then
    assert names(response) == {"Staf Seksi"}
    assert f'<option value="{seksi.pk}" selected>' in response.content.decode()


def test_inactive_employees_are_hidden_unless_asked_for(login, hr_karimun, bidang_sd):
    # given
    PegawaiFactory(unit=bidang_sd, nama="Pensiun", is_active=False)
    client = login(hr_karimun)
    # when
    default = client.get(LIST)
    with_inactive = client.get(LIST, {"nonaktif": "on"})
    # then
    assert names(default) == set()
    assert names(with_inactive) == {"Pensiun"}
    assert "Tidak aktif" in with_inactive.content.decode()


def test_htmx_request_gets_results_partial_only(login, hr_karimun, bidang_sd):
    # given
    PegawaiFactory(unit=bidang_sd, nama="Siti")
    # when
    response = login(hr_karimun).get(LIST, {"q": "siti"}, headers={"HX-Request": "true"})
    # then
    body = response.content.decode()
    assert "Siti" in body
    assert "<html" not in body and "<form" not in body
    assert "HX-Request" in response["Vary"]


def test_pagination_50_per_page(login, hr_karimun, bidang_sd):
    # given
    PegawaiFactory.create_batch(51, unit=bidang_sd)
    client = login(hr_karimun)
    # when
    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})
    # then
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1
    assert "?page=2" in first.content.decode()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(login, hr_karimun, bidang_sd, dinkes_karimun):
    # given
    PegawaiFactory.create_batch(2, unit=bidang_sd)
    client = login(hr_karimun)
    _list_queries(client)  # the first request stores the user's identity token (cache)
    few = _list_queries(client)
    PegawaiFactory.create_batch(20, unit=dinkes_karimun)
    # when
    many = _list_queries(client)
    # then: session, user, OTP device, role assignments, unit options (2), count, page
    assert many == few, (few, many)
    assert many <= 8, many


def test_detail_shows_record_and_records_audit(login, hr_karimun, disdik_karimun, bidang_sd):
    # given
    kadis = PegawaiFactory(unit=disdik_karimun, nama="Kepala Dinas", tingkat_jabatan="JPT")
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Budi", golongan="III/a", atasan=kadis)
    AkunMedsos.objects.create(pegawai=pegawai, platform="instagram", handle="budi.guru")
    # when
    response = login(hr_karimun).get(detail(pegawai))
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert pegawai.nip in body and "III/a" in body
    assert "Dinas Pendidikan &gt; Bidang SD" in body
    assert detail(kadis) in body
    assert "budi.guru" in body
    entry = AuditEntry.objects.get(action="registry.pegawai.viewed")
    assert entry.actor == hr_karimun
    assert entry.target_id == str(pegawai.pk)
    assert entry.org_id == pegawai.instansi_id


def test_detail_shows_out_of_scope_superior_without_link(login, opd_disdik, bidang_sd, karimun):
    # given: the superior works in another OPD (e.g. the Sekda)
    setda = UnitKerjaFactory(instansi=karimun, nama="Sekretariat Daerah")
    sekda = PegawaiFactory(unit=setda, nama="Sekretaris Daerah")
    pegawai = PegawaiFactory(unit=bidang_sd, atasan=sekda)
    # when
    response = login(opd_disdik).get(detail(pegawai))
    # then
    body = response.content.decode()
    assert "Sekretaris Daerah" in body
    assert detail(sekda) not in body


def test_unit_tree_counts_subtree_employees(login, hr_karimun, disdik_karimun, bidang_sd, natuna):
    # given
    PegawaiFactory(unit=disdik_karimun)
    PegawaiFactory.create_batch(2, unit=bidang_sd)
    # when
    response = login(hr_karimun).get(reverse("registry:unit_tree"))
    # then
    units = {u.nama: u for u in response.context["units"]}
    assert units["Dinas Pendidikan"].pegawai_total == 3
    assert units["Bidang SD"].pegawai_total == 2
    assert [a.kode for a in response.context["agencies"]] == ["21.02"]


@pytest.mark.parametrize("role_fixture", ["opd_natuna"])
def test_unit_tree_is_scoped(request, login, role_fixture, disdik_karimun):
    # given
    user = request.getfixturevalue(role_fixture)
    # when
    response = login(user).get(reverse("registry:unit_tree"))
    # then
    assert "Dinas Pendidikan" not in {u.nama for u in response.context["units"]}
