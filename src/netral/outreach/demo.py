"""Demo outreach for Pemkab Karimun (issue 14).

* the regent's instruction on neutrality (seed 000: "telah menerbitkan surat instruksi
  terkait dengan netralitas") to every employee, read by about two thirds;
* the regional secretary's circular to two OPDs (Dinas Pendidikan and Dinas Kesehatan),
  read by about 40 %; ``pegawai.karimun`` has read neither, so a visitor can tap
  *telah membaca* as them and ``opd.disdik.karimun`` sees who has not.

Every acknowledgement goes through ``services.circular_acknowledge``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from netral.outreach import selectors, services, workflow
from netral.outreach.models import Circular
from netral.registry.demo import DemoContext

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
