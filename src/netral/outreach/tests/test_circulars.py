"""Circulars and acknowledgements through the services (issue 14 item 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from netral.core.models import AuditEntry
from netral.outreach import selectors, services, workflow
from netral.outreach.errors import InvalidTransition, OutreachError
from netral.outreach.models import Acknowledgement, Circular
from netral.outreach.tests.factories import make_circular
from netral.pledges import selectors as pledge_selectors
from netral.pledges.tests.factories import make_campaign
from netral.registry.models import Pegawai
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(disdik_karimun, bidang_sd, dinkes_karimun):
    return {
        "guru": PegawaiFactory(unit=bidang_sd, email="guru@example.id"),
        "kadis": PegawaiFactory(
            unit=disdik_karimun, tingkat_jabatan=Pegawai.Tingkat.JPT, email="kadis@example.id"
        ),
        "perawat": PegawaiFactory(unit=dinkes_karimun, jenis_pegawai=Pegawai.Jenis.PPPK),
        "honorer": PegawaiFactory(unit=bidang_sd, non_asn=True),
    }


def test_audience_is_the_pledge_stage_rule(karimun, disdik_karimun, dinkes_karimun, staff):
    # given: a stage and a circular with the same criteria
    campaign = make_campaign(
        instansi=karimun,
        stages=[
            {
                "nama": "ASN Disdik",
                "opens_on": dt.date.today(),
                "unit": disdik_karimun,
                "jenis_pegawai": [Pegawai.Jenis.PNS, Pegawai.Jenis.PPPK],
            }
        ],
    )
    stage = campaign.stages.get()
    circular = make_circular(
        instansi=karimun,
        units=[disdik_karimun],
        jenis_pegawai=[Pegawai.Jenis.PNS, Pegawai.Jenis.PPPK],
    )
    # when
    by_stage = set(pledge_selectors.stage_audience(stage).values_list("pk", flat=True))
    by_circular = set(selectors.circular_addressees(circular).values_list("pk", flat=True))
    # then: the same people, the honorer and the nurse excluded
    assert by_stage == by_circular == {staff["guru"].pk, staff["kadis"].pk}


def test_two_opds_and_employment_types(karimun, disdik_karimun, dinkes_karimun, staff):
    circular = make_circular(
        instansi=karimun,
        units=[disdik_karimun, dinkes_karimun],
        jenis_pegawai=[Pegawai.Jenis.PNS, Pegawai.Jenis.PPPK],
    )
    audience = selectors.circular_audience(circular)
    assert {p.pk for p in selectors.circular_addressees(circular)} == {
        staff["guru"].pk,
        staff["kadis"].pk,
        staff["perawat"].pk,
    }
    assert audience.includes(staff["perawat"]) and not audience.includes(staff["honorer"])
    text = selectors.circular_audience_text(circular)
    assert "Dinas Pendidikan" in text and "Dinas Kesehatan" in text and "PPPK" in text


def test_acknowledge_twice_records_once(karimun, staff):
    # given
    circular = make_circular(instansi=karimun)
    guru = staff["guru"]
    # when: a double tap
    first, created1 = services.circular_acknowledge(circular=circular, pegawai=guru, actor=None)
    second, created2 = services.circular_acknowledge(circular=circular, pegawai=guru, actor=None)
    # then
    assert (created1, created2) == (True, False)
    assert first.pk == second.pk
    assert Acknowledgement.objects.filter(circular=circular, pegawai=guru).count() == 1
    assert AuditEntry.objects.filter(action="outreach.circular.acknowledged").count() == 1


def test_the_database_refuses_a_second_acknowledgement(karimun, staff):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    circular = make_circular(instansi=karimun)
    Acknowledgement.objects.create(
        circular=circular, pegawai=staff["guru"], acknowledged_at=timezone.now()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Acknowledgement.objects.create(
            circular=circular, pegawai=staff["guru"], acknowledged_at=timezone.now()
        )


def test_not_addressed_draft_and_withdrawn_are_refused(karimun, dinkes_karimun, staff):
    circular = make_circular(instansi=karimun, units=[dinkes_karimun])
    with pytest.raises(InvalidTransition) as exc:
        services.circular_acknowledge(circular=circular, pegawai=staff["guru"], actor=None)
    assert exc.value.code == OutreachError.NOT_ADDRESSED
    draft = make_circular(instansi=karimun, publish=False)
    with pytest.raises(InvalidTransition) as exc:
        services.circular_acknowledge(circular=draft, pegawai=staff["guru"], actor=None)
    assert exc.value.code == OutreachError.NOT_PUBLISHED
    workflow.circular_transition(circular=circular, name="withdraw", actor=None)
    with pytest.raises(InvalidTransition):
        services.circular_acknowledge(circular=circular, pegawai=staff["perawat"], actor=None)


def test_publish_needs_content_and_addressees(karimun, disdik_karimun, staff):
    # given: an audience nobody matches (a PPPK at the OPD level of Disdik)
    empty = make_circular(
        instansi=karimun,
        publish=False,
        units=[disdik_karimun],
        jenis_pegawai=[Pegawai.Jenis.CPNS],
    )
    with pytest.raises(InvalidTransition) as exc:
        workflow.circular_transition(circular=empty, name="publish", actor=None)
    assert exc.value.code == OutreachError.EMPTY_AUDIENCE
    assert Circular.objects.get(pk=empty.pk).status == Circular.Status.DRAFT


def test_same_number_twice_is_one_circular_with_a_clear_error(karimun, staff):
    make_circular(instansi=karimun, nomor="800/1/2024")
    with pytest.raises(ValidationError) as exc:
        make_circular(instansi=karimun, nomor="800/1/2024")
    assert "sudah dipakai" in str(exc.value.message_dict["nomor"])
    assert Circular.objects.filter(nomor="800/1/2024").count() == 1


def test_only_pdf_uploads(karimun, staff):
    fake = SimpleUploadedFile("surat.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError) as exc:
        make_circular(instansi=karimun, isi="", berkas=fake)
    assert "PDF" in str(exc.value.message_dict["berkas"])
    real = SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n%test\n")
    circular = make_circular(instansi=karimun, isi="", berkas=real)
    assert circular.berkas.name.startswith("outreach/edaran/")
    assert "surat" not in circular.berkas.name  # random name, never the uploader's
    assert len(circular.berkas_sha256) == 64


def test_publish_mails_addressees_and_reminders_go_to_the_unread(
    karimun, staff, hr_karimun, django_capture_on_commit_callbacks
):
    # given
    circular = make_circular(instansi=karimun, publish=False)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        workflow.circular_transition(circular=circular, name="publish", actor=hr_karimun)
    # then: both addressees with an address get it
    assert sorted(m.to[0] for m in mail.outbox) == ["guru@example.id", "kadis@example.id"]
    assert "Dasar: SKB" in mail.outbox[0].body
    # when: the teacher reads, then a reminder is sent
    services.circular_acknowledge(circular=circular, pegawai=staff["guru"], actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        n = services.circular_reminders_queue(circular=circular, user=hr_karimun)
    assert n == 1
    assert [m.to[0] for m in mail.outbox] == ["kadis@example.id"]
    assert mail.outbox[0].subject.startswith("Pengingat")


def test_progress_per_opd_in_the_opd_admins_scope(
    karimun, disdik_karimun, dinkes_karimun, staff, opd_disdik, hr_karimun
):
    circular = make_circular(instansi=karimun, units=[disdik_karimun, dinkes_karimun])
    services.circular_acknowledge(circular=circular, pegawai=staff["guru"], actor=None)
    hr = selectors.circular_progress(circular=circular, user=hr_karimun)
    assert (hr.overall.total, hr.overall.done) == (4, 1)
    assert {u.nama: (t.done, t.total) for u, t in hr.opd_rows} == {
        "Dinas Pendidikan": (1, 3),
        "Dinas Kesehatan": (0, 1),
    }
    opd = selectors.circular_progress(circular=circular, user=opd_disdik)
    assert [u.nama for u, _t in opd.opd_rows] == ["Dinas Pendidikan"]
    pending = selectors.circular_pending(circular=circular, user=opd_disdik)
    assert set(pending) == {staff["kadis"], staff["honorer"]}
