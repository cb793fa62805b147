"""Demo reports and findings across Karimun, Natuna and Bintan (seed_demo, after accounts).

Everything goes through the real services: identities are encrypted, evidence images
(generated with Pillow, some with GPS EXIF) are stored and cleaned, receipt codes hashed.
``bawaslu.karimun`` gets the explicit ``REPORT_IDENTITY`` grant so the reveal can be tried.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from netral.accounts import services as account_services
from netral.accounts.roles import Perm, Role
from netral.registry.demo import DemoContext
from netral.registry.models import Pegawai, Region
from netral.reports import services, workflow
from netral.reports.models import ElectionType, Evidence, Report, ViolationType

STORIES = [
    "mengunggah foto bersama bakal calon bupati dengan gestur jari yang menunjukkan nomor urut.",
    "membagikan poster kampanye salah satu pasangan calon di grup WhatsApp kantor.",
    "menghadiri deklarasi pasangan calon dan ikut berorasi di panggung.",
    "mengajak para guru mendukung calon tertentu saat rapat dinas.",
    "memakai mobil dinas untuk mengangkut atribut kampanye pada akhir pekan.",
    "memasang baliho bakal calon di halaman kantor kecamatan.",
    "menyukai dan mengomentari unggahan akun pemenangan pasangan calon di Instagram.",
    "membagikan sembako berlogo pasangan calon kepada warga saat jam kerja.",
    "meminta fotokopi KTP pegawai honorer sebagai surat dukungan calon perseorangan.",
    "mengikuti kampanye terbuka dengan memakai seragam dinas.",
]
REPORTERS = [
    ("Rahmat Hidayat", "Jl. Nusantara No. 5, Tanjung Balai Karimun", "081270001111"),
    ("Nurul Aini", "Jl. Datuk Kaya Wan Muhammad Benteng, Ranai", "081370002222"),
    ("Yusuf Batubara", "Jl. Raya Tanjung Uban KM 3, Bintan", "081270003333"),
    ("Siti Zahara", "Jl. Poros Meral, Karimun", ""),
]
PLACES = ["21.02", "21.02.03", "21.02.04", "21.03", "21.03.05", "21.01", "21.01.06"]
HANDLER_QUESTIONS = [
    "Terima kasih. Apakah Anda memiliki foto atau tangkapan layar lain?",
    "Kapan tepatnya kejadian ini, pagi atau sore hari?",
]


def _photo(rng: Any, label: str, gps: bool) -> SimpleUploadedFile:
    im = Image.new("RGB", (640, 480), (rng.randint(40, 200), rng.randint(40, 200), 120))
    draw = ImageDraw.Draw(im)
    draw.rectangle((40, 40, 600, 160), fill=(250, 250, 250))
    draw.text((60, 90), label, fill=(20, 20, 20))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "DemoPhone"
        exif[0x8825] = {1: "N", 2: (1.0, 0.0, 12.0), 3: "E", 4: (103.0, 24.0, 5.0)}
        im.save(out, format="JPEG", exif=exif, quality=80)
    else:
        im.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(f"{label}.jpg", out.getvalue(), content_type="image/jpeg")


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    _grant_identity(ctx)
    karimun_handler = ctx.users["bawaslu.karimun"]
    satgas = ctx.users["satgas.kepri"]
    types = list(ViolationType.objects.filter(version__is_active=True))
    modes = list(Report.IdentityMode)
    made: list[Report] = []
    for i in range(36):
        place = Region.objects.get(kode=PLACES[i % len(PLACES)])
        agency_code = place.kode[:5]
        instansi = ctx.instansi.get(agency_code) or ctx.instansi["21"]
        pegawai = (
            Pegawai.objects.filter(instansi=instansi, is_active=True)
            .order_by("id")[rng.randint(0, 200) :]
            .first()
        )
        # Some reporters give the exact name (a fuzzy/NIP match appears), some only a role.
        nama = pegawai.nama if (pegawai and i % 3) else f"Oknum ASN {place.nama.title()}"
        person = services.PersonInput(
            nama=nama,
            instansi=instansi,
            unit=pegawai.unit if (pegawai and i % 2) else None,
            jabatan=pegawai.jabatan if pegawai else "",
            nip=(pegawai.nip or "") if (pegawai and i % 5 == 0) else "",
        )
        channel = [
            Report.Channel.WEB,
            Report.Channel.WEB,
            Report.Channel.API,
            Report.Channel.TEMUAN,
            Report.Channel.KERTAS,
            Report.Channel.DATANG,
        ][i % 6]
        mode = Report.IdentityMode.ANONYMOUS if channel == Report.Channel.TEMUAN else modes[i % 3]
        who = REPORTERS[i % len(REPORTERS)]
        data = services.ReportInput(
            event_at=timezone.now()
            - dt.timedelta(days=rng.randint(0, 14), hours=rng.randint(0, 9)),
            event_region=place,
            description=f"Seorang pegawai {rng.choice(STORIES)}",
            identity_mode=mode,
            persons=[person],
            election_type=[ElectionType.PILKADA, ElectionType.PEMILU, ElectionType.TIDAK_TAHU][
                i % 3
            ],
            place_detail=rng.choice(["", "Halaman kantor", "Balai desa", "Lapangan upacara"]),
            violation_type=rng.choice([*types, None]),
            identity={"nama": who[0], "alamat": who[1], "telepon": who[2]},
            links=["https://www.instagram.com/p/contoh-demo/"] if i % 4 == 0 else [],
        )
        files: list[UploadedFile[bytes]] = [
            _photo(rng, f"bukti-{i}-{k}", gps=k == 0) for k in range(i % 3)
        ]
        actor = satgas if channel == Report.Channel.TEMUAN else karimun_handler
        result = services.report_submit(
            data=data,
            files=files,
            channel=channel,
            actor=None if channel in (Report.Channel.WEB, Report.Channel.API) else actor,
        )
        made.append(result.report)
        for item in result.report.evidence.filter(kind=Evidence.Kind.IMAGE):
            services.evidence_make_shareable(evidence_id=item.pk)
    _follow_up(ctx, made, karimun_handler, satgas)
    ctx.extra["reports"] = made


def _grant_identity(ctx: DemoContext) -> None:
    user = ctx.users["bawaslu.karimun"]
    for assignment in list(user.role_assignments.all()):
        account_services.role_revoke(assignment=assignment, actor=None)
    account_services.role_assign(
        user=user,
        role=Role.BAWASLU,
        region=Region.objects.get(kode="21.02"),
        extra_perms=[Perm.REPORT_IDENTITY],
        actor=None,
    )


def _follow_up(ctx: DemoContext, made: list[Report], karimun: Any, satgas: Any) -> None:
    """Messages both ways on some public reports, notes, and a third marked triaged."""
    for n, report in enumerate(made):
        handler = karimun if report.region_kode.startswith("21.02") else satgas
        if report.is_public_intake and n % 2 == 0:
            services.message_to_reporter(
                report=report, body=HANDLER_QUESTIONS[n % 2], actor=handler
            )
            if n % 4 == 0:
                services.message_from_reporter(
                    report=report, body="Baik, saya akan kirim foto tambahan besok."
                )
        if n % 3 == 0:
            services.triage_note_add(
                report=report,
                text="Terlapor tampaknya ada di registri; cek kehadiran.",
                actor=handler,
            )
            workflow.transition(report=report, to=Report.Status.TRIAGED, actor=handler)
