import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from netral.reports import services
from netral.reports.models import Report
from netral.reports.tests.factories import REPORTER, jpeg_bytes, pdf_bytes, submit, upload

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "terlapor-TOTAL_FORMS": "5",
        "terlapor-INITIAL_FORMS": "0",
        "terlapor-MIN_NUM_FORMS": "0",
        "terlapor-MAX_NUM_FORMS": "5",
        "terlapor-0-nama": "Pak Kadis",
        "terlapor-0-jabatan": "Kepala Dinas",
        "election_type": "PILKADA",
        "event_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "event_time": "08:30",
        "event_region": "21.02",
        "description": "Kepala dinas mengajak pegawai mendukung calon tertentu saat apel pagi.",
        "identity_mode": Report.IdentityMode.CONFIDENTIAL,
        "nama": REPORTER["nama"],
        "alamat": REPORTER["alamat"],
        "telepon": REPORTER["telepon"],
        "email": REPORTER["email"],
        "idempotency_key": str(uuid.uuid4()),
        "website": "",
    }
    data.update(overrides)
    return data


def test_form_renders_with_office_network_notice(client):
    # when
    response = client.get(reverse("reports:lapor"))
    # then
    assert response.status_code == 200
    assert "jaringan atau perangkat kantor" in response.content.decode()


def test_submit_shows_receipt_code_once_and_proof_pdf(client, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path
    data = form_data(bukti=[upload("a.jpg", jpeg_bytes()), upload("b.pdf", pdf_bytes())])
    # when
    response = client.post(reverse("reports:lapor"), data)
    # then
    assert response.status_code == 302
    report = Report.objects.get()
    page = client.get(response["Location"])
    assert report.intake_number in page.content.decode()
    assert report.evidence.count() == 2
    pdf = client.get(reverse("reports:lapor_proof", args=[report.public_id]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"/ByteRange" in pdf.content  # PAdES signature present


def test_receipt_code_held_encrypted_in_the_browser_not_in_a_session(client):
    # given
    from django.contrib.sessions.models import Session

    # when
    response = client.post(reverse("reports:lapor"), form_data())
    # then: no server-side session row; the cookie is encrypted, HttpOnly and Strict
    report = Report.objects.get()
    assert Session.objects.count() == 0
    cookie = next(c for name, c in response.cookies.items() if name.startswith("lapor_kode_"))
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/lapor/"
    assert report.receipt_prefix not in cookie.value  # the code is not readable in it
    page = client.get(response["Location"]).content.decode()
    assert report.receipt_prefix[:4] in page  # shown once, in groups of four digits


def test_receipt_cookie_is_bound_to_its_report_and_cannot_be_forged(client):
    # given: the code cookie of one report
    first = client.post(reverse("reports:lapor"), form_data())
    one = Report.objects.get()
    token = next(c.value for n, c in first.cookies.items() if n.startswith("lapor_kode_"))
    client.cookies.clear()
    client.post(reverse("reports:lapor"), form_data())
    other = Report.objects.exclude(pk=one.pk).get()
    client.cookies.clear()
    # when: that token is presented for another report, or altered
    client.cookies[f"lapor_kode_{other.public_id.hex}"] = token
    moved = client.get(reverse("reports:lapor_done", args=[other.public_id]))
    client.cookies[f"lapor_kode_{one.public_id.hex}"] = token[:-4] + "AAAA"
    forged = client.get(reverse("reports:lapor_done", args=[one.public_id]))
    # then
    assert moved.status_code == 410  # explained (issue 11 item 4), code never shown
    assert forged.status_code == 410
    assert "lapor_done" not in (moved.templates[0].name if moved.templates else "")


def test_saved_code_is_forgotten_in_the_browser(client):
    # given
    response = client.post(reverse("reports:lapor"), form_data())
    done = response["Location"]
    # when
    client.post(done)
    # then
    assert client.get(done).status_code == 410  # explained, code not shown again


def test_double_submit_makes_one_report(client):
    # given
    data = form_data()
    # when
    first = client.post(reverse("reports:lapor"), data)
    second = client.post(reverse("reports:lapor"), data)
    # then
    assert Report.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_every_rejected_input_gets_an_indonesian_error(client):
    # when
    response = client.post(
        reverse("reports:lapor"),
        form_data(
            **{
                "terlapor-0-nama": "",
                "terlapor-0-nip": "123",
                "event_date": "2999-01-01",
                "description": "pendek",
                "links": "bukan-tautan",
                "nama": "",
            }
        ),
    )
    # then
    text = response.content.decode()
    assert response.status_code == 400
    for expected in [
        "NIP harus 18 angka",
        "Tanggal kejadian tidak boleh di masa depan",
        "bukan tautan yang sah",
        "isi nama Anda, atau pilih anonim",
    ]:
        assert expected in text
    assert Report.objects.count() == 0


def test_honeypot_rejects(client):
    # when
    response = client.post(reverse("reports:lapor"), form_data(website="http://spam.example"))
    # then
    assert response.status_code == 400
    assert "Pengiriman ditolak" in response.content.decode()
    assert Report.objects.count() == 0


def test_renamed_non_image_is_refused(client):
    # given
    fake = upload("foto.jpg", b"MZ\x90\x00" + b"\x00" * 2000, "image/jpeg")
    # when
    response = client.post(reverse("reports:lapor"), form_data(bukti=[fake]))
    # then
    assert response.status_code == 400
    assert "bukan foto, PDF, atau video" in response.content.decode()
    assert Report.objects.count() == 0


def test_submission_rate_limited_per_client(client, settings):
    # given
    settings.REPORT_SUBMIT_LIMIT = 2
    for _ in range(2):
        client.post(reverse("reports:lapor"), form_data())
    # when
    response = client.post(reverse("reports:lapor"), form_data())
    # then
    assert response.status_code == 429
    assert Report.objects.count() == 2


def test_unit_search_returns_names_only(client, disdik_karimun, bidang_sd, asn_karimun):
    # when
    response = client.get(
        reverse("reports:search_units"),
        {"terlapor-0-instansi": disdik_karimun.instansi_id, "terlapor-0-unit_cari": "SD"},
    )
    # then
    text = response.content.decode()
    assert "Bidang SD" in text
    assert "Budi Santoso" not in text and asn_karimun.pegawai.nip not in text


def test_region_search(client):
    # when
    response = client.get(reverse("reports:search_regions"), {"region_cari": "karimun"})
    # then
    assert 'value="21.02"' in response.content.decode()


def test_receipt_opens_status_and_reporter_answers(client, bawaslu_karimun):
    # given
    result = submit()
    services.message_to_reporter(
        report=result.report, body="Kapan tepatnya?", actor=bawaslu_karimun
    )
    # when
    opened = client.post(reverse("reports:lapor_check"), {"code": result.receipt_code})
    page = client.get(reverse("reports:lapor_status"))
    client.post(reverse("reports:lapor_status"), {"body": "Pukul delapan pagi."})
    # then
    assert opened.status_code == 302
    assert "Kapan tepatnya?" in page.content.decode()
    assert result.report.messages.filter(direction="IN", body="Pukul delapan pagi.").exists()


def test_reporter_adds_evidence_later(client, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path
    result = submit()
    client.post(reverse("reports:lapor_check"), {"code": result.receipt_code})
    # when
    response = client.post(
        reverse("reports:lapor_status"),
        {"bukti": [upload("x.png", jpeg_bytes())], "links": "https://contoh.id/video"},
    )
    # then
    assert response.status_code == 302
    assert result.report.evidence.count() == 2


def test_receipt_guessing_is_throttled_with_same_error_for_wrong_and_unknown(client, settings):
    # given
    settings.REPORT_RECEIPT_TRIES = 3
    result = submit()
    wrong = result.receipt_code[:-1] + str((int(result.receipt_code[-1]) + 1) % 10)
    # when
    answers = [
        client.post(reverse("reports:lapor_check"), {"code": c}) for c in [wrong, "9" * 20, "12345"]
    ]
    blocked = client.post(reverse("reports:lapor_check"), {"code": result.receipt_code})
    # then
    assert [a.status_code for a in answers] == [400, 400, 400]
    assert len({a.content.decode().split("errorlist")[1][:200] for a in answers}) == 1
    assert blocked.status_code == 429
