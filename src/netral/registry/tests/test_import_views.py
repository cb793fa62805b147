"""Browser flow of the roster import through the Django test client (issue #2 item 3
"done when": three bad rows are reported, the fixed file then imports)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.core.models import AuditEntry
from netral.registry.models import ImportJob, Pegawai
from netral.registry.tests.import_helpers import asn, csv_bytes, non_asn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _import_dir(settings, tmp_path):
    settings.IMPORT_DIR = tmp_path / "imports"


def _roster(bad: bool) -> bytes:
    rows = [asn(n) for n in range(1, 8)] + [non_asn(8)]
    if bad:
        rows[0]["jenis_pegawai"] = "PNSS"
        rows[3]["nip"] = "19850314201001100"
        rows[7]["nik"] = ""
    return csv_bytes(rows)


def _upload(client, instansi, content: bytes, name="daftar.csv"):
    return client.post(
        reverse("registry:import_start"),
        {"instansi": instansi.pk, "berkas": SimpleUploadedFile(name, content, "text/csv")},
    )


def test_three_bad_rows_then_fixed_file_then_confirm(
    client, login, hr_karimun, karimun, django_capture_on_commit_callbacks
):
    # given
    login(hr_karimun)
    assert "Impor daftar pegawai" in client.get(reverse("accounts:home")).text

    # when: the file with three bad rows is uploaded
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, karimun, _roster(bad=True))
    page = client.get(response["Location"])

    # then: the report names rows 2, 5 and 9 with column and reason; nothing is saved
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [
        (2, "jenis_pegawai"),
        (5, "nip"),
        (9, "nik"),
    ]
    html = page.text
    assert "Berkas ditolak: 3 kesalahan pada 3 baris." in html
    assert "NIK wajib diisi untuk pegawai non-ASN." in html and "<td>9</td>" in html
    assert Pegawai.objects.count() == 0

    # when: the fixed file is uploaded
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, karimun, _roster(bad=False))
    preview = client.get(response["Location"])
    fixed = ImportJob.objects.get(status=ImportJob.Status.VALID)

    # then: a preview with counts, still nothing saved
    assert "Berkas lolos pemeriksaan." in preview.text and "Pegawai 1" in preview.text
    assert fixed.result["created"] == 8 and Pegawai.objects.count() == 0

    # when: confirmed twice (double submit)
    confirm = reverse("registry:import_confirm", args=[fixed.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(confirm, {"units_ok": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(confirm, {"units_ok": "1"}, follow=True)

    # then: imported exactly once
    fixed.refresh_from_db()
    assert fixed.status == ImportJob.Status.APPLIED
    assert "Impor selesai." in client.get(first["Location"]).text
    assert "sudah dikonfirmasi" in second.text
    assert Pegawai.objects.count() == 8
    assert AuditEntry.objects.filter(action="registry.import.applied").count() == 1


def test_progress_poll_asks_for_reload_when_done(client, login, hr_karimun, karimun):
    # given: a job still validating (the worker has not picked it up)
    login(hr_karimun)
    _upload(client, karimun, _roster(bad=False))  # on_commit not run: stays VALIDATING
    job = ImportJob.objects.get()
    url = reverse("registry:import_progress", args=[job.pk])

    # when / then
    running = client.get(url, headers={"HX-Request": "true"})
    assert running.status_code == 200 and "<progress" in running.text
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.INVALID)
    assert client.get(url)["HX-Refresh"] == "true"


def test_upload_form_offers_only_importable_agencies(client, login, opd_natuna, karimun, natuna):
    login(opd_natuna)
    page = client.get(reverse("registry:import_start"))
    form = page.context["form"]
    assert list(form.fields["instansi"].queryset) == [natuna]
    response = _upload(client, karimun, _roster(bad=False))
    assert response.status_code == 200 and not ImportJob.objects.exists()


def test_opd_admin_rows_in_another_opd_are_errors(
    client, login, opd_disdik, karimun, dinkes_karimun, django_capture_on_commit_callbacks
):
    # given
    login(opd_disdik)
    content = csv_bytes([asn(1, unit_kerja="Dinas Pendidikan"), asn(2, unit_kerja="02")])

    # when
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, karimun, content)

    # then
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert job.result["errors"] == [
        {"row": 3, "column": "unit_kerja", "reason": "Unit kerja ini di luar kewenangan Anda."}
    ]


def test_other_users_job_is_404_and_employees_get_403(
    client, login, hr_karimun, sysadmin, asn_karimun, karimun
):
    login(hr_karimun)
    _upload(client, karimun, _roster(bad=False))
    job = ImportJob.objects.get()
    login(sysadmin)
    assert client.get(reverse("registry:import_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("registry:import_confirm", args=[job.pk])).status_code == 404
    login(asn_karimun)
    assert client.get(reverse("registry:import_start")).status_code == 403


def test_template_examples_are_refused_as_they_are_and_import_once_replaced(
    client, login, hr_karimun, karimun, django_capture_on_commit_callbacks, tmp_path
):
    # given (issue 11 item 11: the template's example rows cannot be imported as they are)
    from netral.registry.tests.factories import make_nik, make_nip

    login(hr_karimun)
    template = client.get(reverse("registry:import_template"))
    assert template["Content-Disposition"].startswith("attachment")

    # when: the template itself is uploaded
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, karimun, template.content, name="templat.csv")

    # then: both example rows are named
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(2, "nama"), (3, "nama")]
    assert "baris contoh dari templat" in job.result["errors"][0]["reason"]

    # when: the rows are replaced by real people, keeping the template's shape
    text = template.content.decode()
    text = text.replace("198503142010011001", make_nip(41)).replace(
        "2102015708900001", make_nik(42)
    )
    text = text.replace("CONTOH Budi Santoso (hapus baris ini)", "Budi Santoso").replace(
        "CONTOH Siti Aminah (hapus baris ini)", "Siti Aminah"
    )
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, karimun, text.encode(), name="templat.csv")

    # then
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.VALID, job.result["errors"]
    assert job.result["created"] == 2


def test_rejects_wrong_file_types(client, login, hr_karimun, karimun):
    login(hr_karimun)
    bad = _upload(client, karimun, b"%PDF-1.4", name="daftar.pdf")
    fake = _upload(client, karimun, b"nip,nama", name="daftar.xlsx")
    assert "Unggah berkas berakhiran .csv atau .xlsx." in bad.text
    assert "bukan berkas XLSX" in fake.text
    assert not ImportJob.objects.exists()
