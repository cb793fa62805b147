"""Circular pages over HTTP: the HR admin publishes, the employee reads, the OPD admin
follows up (issue 14 "done when")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netral.outreach.models import Acknowledgement, Circular
from netral.outreach.tests.factories import make_circular
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def test_hr_admin_composes_a_circular_to_two_opds_and_publishes(
    client, login, hr_karimun, karimun, disdik_karimun, dinkes_karimun, asn_karimun
):
    # given
    PegawaiFactory(unit=dinkes_karimun)
    login(hr_karimun)
    # when: the form is submitted twice (double click)
    data = {
        "instansi": karimun.pk,
        "jenis": "EDARAN",
        "nomor": "800.1/12/SETDA/2024",
        "tanggal": "2024-09-20",
        "penandatangan": "Sekretaris Daerah",
        "jabatan_penandatangan": "Sekretaris Daerah Kabupaten Karimun",
        "perihal": "Netralitas guru dan tenaga kesehatan",
        "isi": "Guru dan tenaga kesehatan wajib netral.",
        "units": [disdik_karimun.pk, dinkes_karimun.pk],
    }
    first = client.post(reverse("outreach:circular_create"), data)
    second = client.post(reverse("outreach:circular_create"), data)
    # then: one circular; the second submit says why
    assert first.status_code == 302
    assert second.status_code == 200
    assert "sudah dipakai" in second.content.decode()
    circular = Circular.objects.get()
    assert set(circular.units.all()) == {disdik_karimun, dinkes_karimun}
    # when: published
    client.post(reverse("outreach:circular_transition", args=[circular.pk, "terbitkan"]))
    circular.refresh_from_db()
    assert circular.status == Circular.Status.PUBLISHED
    page = client.get(reverse("outreach:circular", args=[circular.pk])).content.decode()
    assert "0 dari 2 penerima sudah membaca" in page


def test_missing_content_is_explained_in_indonesian(client, login, hr_karimun, karimun):
    login(hr_karimun)
    response = client.post(
        reverse("outreach:circular_create"),
        {"instansi": karimun.pk, "jenis": "EDARAN", "nomor": "1", "tanggal": "2024-09-20"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tulis isi surat atau unggah berkas PDF suratnya." in body
    assert Circular.objects.count() == 0


def test_employee_reads_and_acknowledges_once(client, login, karimun, asn_karimun):
    # given
    circular = make_circular(instansi=karimun)
    login(asn_karimun)
    # when
    mine = client.get(reverse("outreach:mine")).content.decode()
    url = reverse("outreach:circular_read", args=[circular.pk])
    client.post(url)
    client.post(url)
    # then
    assert circular.perihal in mine and "Belum dibaca" in mine
    assert Acknowledgement.objects.filter(circular=circular).count() == 1
    assert 'data-status="acknowledged"' in client.get(url).content.decode()


def test_other_agencies_and_drafts_are_404(client, login, karimun, dinkes_natuna, asn_karimun):
    PegawaiFactory(unit=dinkes_natuna)
    other = make_circular(instansi=dinkes_natuna.instansi)
    draft = make_circular(instansi=karimun, publish=False)
    login(asn_karimun)
    for c in (other, draft):
        assert client.get(reverse("outreach:circular_read", args=[c.pk])).status_code == 404
        assert client.post(reverse("outreach:circular_read", args=[c.pk])).status_code == 404
    assert not Acknowledgement.objects.exists()


def test_opd_admin_sees_who_has_not_read_in_their_opd_only(
    client, login, karimun, disdik_karimun, dinkes_karimun, asn_karimun, opd_disdik
):
    # given
    nurse = PegawaiFactory(unit=dinkes_karimun, nama="Perawat Lain")
    circular = make_circular(instansi=karimun, units=[disdik_karimun, dinkes_karimun])
    login(opd_disdik)
    # when
    page = client.get(reverse("outreach:circular_pending", args=[circular.pk])).content.decode()
    # then
    assert asn_karimun.pegawai.nama in page
    assert nurse.nama not in page
    # and the OPD admin cannot publish or withdraw
    url = reverse("outreach:circular_transition", args=[circular.pk, "cabut"])
    assert client.post(url).status_code == 403


def test_outsider_opd_admin_gets_404(client, login, karimun, asn_karimun, opd_natuna):
    circular = make_circular(instansi=karimun)
    login(opd_natuna)
    assert client.get(reverse("outreach:circular", args=[circular.pk])).status_code == 404
    assert client.get(reverse("outreach:circular_pending", args=[circular.pk])).status_code == 404


def test_circular_pdf_for_addressee_and_staff_only(
    client, login, karimun, dinkes_karimun, asn_karimun, hr_karimun, opd_natuna
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n% surat\n"
    circular = make_circular(instansi=karimun, berkas=SimpleUploadedFile("a.pdf", pdf), isi="")
    url = reverse("outreach:circular_file", args=[circular.pk])
    login(asn_karimun)
    assert b"".join(client.get(url).streaming_content) == pdf
    login(hr_karimun)
    assert client.get(url).status_code == 200
    login(opd_natuna)
    assert client.get(url).status_code == 404


def test_home_card_for_employee_and_staff(client, login, asn_karimun, hr_karimun):
    login(asn_karimun)
    assert reverse("outreach:mine") in client.get("/").content.decode()
    login(hr_karimun)
    assert reverse("outreach:circulars") in client.get("/").content.decode()
