"""Demo outreach for Pemkab Karimun (issue 14).

* the regent's instruction on neutrality (seed 000: "telah menerbitkan surat instruksi
  terkait dengan netralitas") to every employee, read by about two thirds;
* the regional secretary's circular to two OPDs (Dinas Pendidikan and Dinas Kesehatan),
  read by about 40 %; ``pegawai.karimun`` has read neither, so a visitor can tap
  *telah membaca* as them and ``opd.disdik.karimun`` sees who has not.

Events: the HR office's socialisation with Bawaslu as speaker (seed 001), held and
closed, about half the invitees marked present; Bakesbangpol's political education for
heads of OPD (seed 000), held; and today's *apel* with the pledge reading, announced and
open for QR check-in, so a visitor can show the QR as ``bkpsdm.karimun`` and check in
as ``pegawai.karimun``.

Signing plan: a draft Pemilu 2024 campaign of Karimun (stages as in seed 004: heads of
OPD on 8 January 2024, then everyone) waits for its notice to Bawaslu, which the visitor
sends from the campaign page.

Every acknowledgement and attendance goes through the services.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from netral.outreach import selectors, services, workflow
from netral.outreach.models import Circular, Event
from netral.registry.demo import DemoContext
from netral.registry.models import Pegawai

INSTRUKSI_ISI = """Dalam rangka menjaga netralitas Pegawai Aparatur Sipil Negara pada Pemilihan Serentak Tahun 2024, dengan ini menginstruksikan kepada seluruh Pegawai ASN dan pegawai non-ASN di lingkungan Pemerintah Kabupaten Karimun untuk:

1. menjaga netralitas dan tidak berpihak kepada pasangan calon tertentu, baik sebelum, selama maupun sesudah masa kampanye;
2. tidak menghadiri kegiatan kampanye atau deklarasi pasangan calon, dan tidak memakai atribut partai politik atau pasangan calon;
3. menggunakan media sosial secara bijak: tidak mengunggah, menyukai, mengomentari atau membagikan konten yang berpihak kepada pasangan calon;
4. tidak menggunakan fasilitas negara untuk kepentingan pasangan calon;
5. melaporkan kepada atasan langsung apabila mengetahui adanya pelanggaran netralitas.

Pelanggaran terhadap instruksi ini dikenakan sanksi sesuai PP 94/2021 tentang Disiplin PNS dan ketentuan perjanjian kerja bagi PPPK dan pegawai non-ASN."""

EDARAN_ISI = """Sehubungan dengan tahapan kampanye Pemilihan Serentak Tahun 2024, Kepala Dinas Pendidikan dan Kepala Dinas Kesehatan diminta memastikan guru, tenaga kesehatan dan seluruh pegawai di unit pelaksana teknis (sekolah dan puskesmas) tidak menggunakan ruang kelas, fasilitas pelayanan kesehatan atau kegiatan dinas untuk kepentingan pasangan calon.

Kepala OPD menyampaikan edaran ini kepada seluruh pegawai dan memantau tanda telah membaca melalui Netral."""


def seed(ctx: DemoContext) -> None:
    karimun = ctx.instansi["21.02"]
    hr = ctx.users["bkpsdm.karimun"]
    keep_unread = {u.pegawai_id for u in ctx.users.values() if u.pegawai_id}
    instruksi = services.circular_create(
        instansi=karimun,
        jenis=Circular.Jenis.INSTRUKSI,
        nomor="800.1.2/BKPSDM/2024/017",
        tanggal=dt.date(2024, 9, 2),
        penandatangan="Bupati Karimun",
        jabatan_penandatangan="Bupati Karimun",
        perihal="Instruksi Bupati tentang Netralitas ASN pada Pemilihan Serentak 2024",
        isi=INSTRUKSI_ISI,
        batas_konfirmasi=dt.date(2024, 9, 13),
        actor=hr,
    )
    edaran = services.circular_create(
        instansi=karimun,
        jenis=Circular.Jenis.EDARAN,
        nomor="800.1.2/SETDA/2024/041",
        tanggal=dt.date(2024, 9, 20),
        penandatangan="Sekretaris Daerah Kabupaten Karimun",
        jabatan_penandatangan="Sekretaris Daerah",
        perihal="Larangan penggunaan fasilitas sekolah dan puskesmas untuk kampanye",
        isi=EDARAN_ISI,
        units=[
            ctx.opd[("21.02", "Dinas Pendidikan")],
            ctx.opd[("21.02", "Dinas Kesehatan")],
        ],
        actor=hr,
    )
    tz = timezone.get_current_timezone()
    for circular, share in ((instruksi, 0.65), (edaran, 0.4)):
        workflow.circular_transition(circular=circular, name="publish", actor=hr, notify=False)
        people = [
            p
            for p in selectors.circular_addressees(circular).select_related("unit").order_by("id")
            if p.pk not in keep_unread
        ]
        start = dt.datetime.combine(circular.tanggal, dt.time(8, 0), tzinfo=tz)
        for i, pegawai in enumerate(ctx.rng.sample(people, int(len(people) * share))):
            services.circular_acknowledge(
                circular=circular,
                pegawai=pegawai,
                actor=None,
                now=start + dt.timedelta(minutes=2 * i + ctx.rng.randint(0, 1)),
            )
    ctx.extra["outreach_circulars"] = [instruksi, edaran]
    _events(ctx, keep_unread)
    _draft_campaign(ctx)


def _events(ctx: DemoContext, keep_away: set[int]) -> None:
    karimun = ctx.instansi["21.02"]
    hr = ctx.users["bkpsdm.karimun"]
    tz = timezone.get_current_timezone()
    sosialisasi = services.event_create(
        instansi=karimun,
        jenis=Event.Jenis.SOSIALISASI,
        judul="Sosialisasi Netralitas ASN bagi Seluruh Pegawai ASN",
        tema="Netralitas ASN pada Pemilihan Serentak 2024",
        penyelenggara="BKPSDM Kabupaten Karimun",
        narasumber="Ketua Bawaslu Kabupaten Karimun\nKepala BKPSDM Kabupaten Karimun",
        tempat="Aula Kantor Bupati Karimun",
        mulai=dt.datetime(2024, 9, 10, 9, 0, tzinfo=tz),
        selesai=dt.datetime(2024, 9, 10, 12, 0, tzinfo=tz),
        jenis_pegawai=[Pegawai.Jenis.PNS, Pegawai.Jenis.CPNS, Pegawai.Jenis.PPPK],
        units=[ctx.opd[("21.02", "Dinas Pendidikan")], ctx.opd[("21.02", "Dinas Kesehatan")]],
        actor=hr,
    )
    pendidikan = services.event_create(
        instansi=karimun,
        jenis=Event.Jenis.PENDIDIKAN_POLITIK,
        judul="Pendidikan Politik bagi Pimpinan Perangkat Daerah",
        tema="Peran ASN menjaga pemilihan yang jujur dan adil",
        penyelenggara="Badan Kesatuan Bangsa dan Politik Kabupaten Karimun",
        narasumber="Komisioner Bawaslu Kabupaten Karimun",
        tempat="Gedung Nasional Tanjung Balai Karimun",
        mulai=dt.datetime(2024, 10, 1, 13, 30, tzinfo=tz),
        selesai=dt.datetime(2024, 10, 1, 16, 0, tzinfo=tz),
        tingkat_jabatan=[Pegawai.Tingkat.JPT, Pegawai.Tingkat.ADMINISTRATOR],
        opd_level_only=True,
        actor=hr,
    )
    for event, share in ((sosialisasi, 0.5), (pendidikan, 0.8)):
        workflow.event_transition(event=event, name="publish", actor=hr, notify=False)
        people = [
            p.pk for p in selectors.event_invitees(event).order_by("id") if p.pk not in keep_away
        ]
        chosen = ctx.rng.sample(people, int(len(people) * share))
        services.event_mark(event=event, pegawai_ids=chosen, method="BULK", actor=hr)
        workflow.event_transition(event=event, name="close", actor=hr)
    now = timezone.localtime()
    start = now.replace(minute=0, second=0, microsecond=0)
    apel = services.event_create(
        instansi=karimun,
        jenis=Event.Jenis.APEL,
        judul="Apel Netralitas ASN dan Pembacaan Ikrar",
        penyelenggara="BKPSDM Kabupaten Karimun",
        narasumber="Sekretaris Daerah Kabupaten Karimun",
        tempat="Halaman Kantor Bupati Karimun",
        mulai=start,
        selesai=start + dt.timedelta(hours=3),
        campaign=ctx.extra.get("pledge_campaign"),
        actor=hr,
    )
    workflow.event_transition(event=apel, name="publish", actor=hr, notify=False)


def _draft_campaign(ctx: DemoContext) -> None:
    from netral.pledges import services as pledge_services
    from netral.pledges.models import Election, PactTemplate, PledgeText, Stage

    karimun = ctx.instansi["21.02"]
    hr = ctx.users["bkpsdm.karimun"]
    campaign = pledge_services.campaign_create(
        instansi=karimun,
        election=Election.objects.get(kode="pemilu-2024"),
        nama="Ikrar Netralitas ASN Pemkab Karimun — Pemilu 2024",
        place="Tanjung Balai Karimun",
        pledge_text=PledgeText.objects.filter(kode="ikrar-netralitas-asn").order_by("-version")[0],
        pact_template=PactTemplate.objects.filter(kode="pakta-integritas-netralitas").order_by(
            "-version"
        )[0],
        actor=hr,
    )
    pledge_services.stage_add(
        campaign=campaign,
        nama="Kepala OPD dan camat",
        tingkat_jabatan=[Pegawai.Tingkat.JPT, Pegawai.Tingkat.ADMINISTRATOR],
        opd_level_only=True,
        open_rule=Stage.OpenRule.DATE,
        opens_on=dt.date(2024, 1, 8),
        deadline=dt.date(2024, 1, 12),
        actor=hr,
    )
    pledge_services.stage_add(
        campaign=campaign,
        nama="Seluruh pegawai",
        open_rule=Stage.OpenRule.THRESHOLD,
        threshold_percent=100,
        deadline=dt.date(2024, 1, 26),
        actor=hr,
    )
