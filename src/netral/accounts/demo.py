"""Demo accounts: one per role, with deterministic TOTP secrets printed by ``seed_demo``."""

from __future__ import annotations

import base64
import hashlib
from typing import Any, cast

from netral.accounts import services
from netral.accounts.roles import Role
from netral.registry.demo import DemoContext
from netral.registry.models import Pegawai, Region

DEMO_PASSWORD = "demo-netral-2024"  # noqa: S105 (documented demo password, demo data only)


def demo_totp_key(seed: int, username: str) -> bytes:
    return hashlib.sha256(f"netral-demo:{seed}:{username}".encode()).digest()[:20]


def seed(ctx: DemoContext) -> None:
    karimun = ctx.instansi["21.02"]
    natuna = ctx.instansi["21.03"]
    # An ordinary employee and an OPD head in Karimun's Dinas Pendidikan get logins.
    disdik = ctx.opd[("21.02", "Dinas Pendidikan")]
    kadis = Pegawai.objects.get(unit=disdik, tingkat_jabatan=Pegawai.Tingkat.JPT)
    staf = (
        Pegawai.objects.filter(
            unit_path__startswith=disdik.path,
            jenis_pegawai=Pegawai.Jenis.PNS,
            tingkat_jabatan=Pegawai.Tingkat.PELAKSANA,
        )
        .order_by("id")
        .first()
    )
    specs = [
        ("admin", "Administrator Sistem", Role.SYSADMIN, {}, None, True),
        (
            "bkpsdm.karimun",
            "Admin BKPSDM Karimun",
            Role.HR_ADMIN,
            {"instansi": karimun},
            None,
            True,
        ),
        (
            "opd.disdik.karimun",
            "Admin Dinas Pendidikan Karimun",
            Role.OPD_ADMIN,
            {"unit": disdik},
            None,
            True,
        ),
        (
            "opd.dinkes.natuna",
            "Admin Dinas Kesehatan Natuna",
            Role.OPD_ADMIN,
            {"unit": ctx.opd[("21.03", "Dinas Kesehatan")]},
            None,
            True,
        ),
        ("kadis.karimun", kadis.nama, Role.EMPLOYEE, {}, kadis, False),
        ("pegawai.karimun", staf.nama if staf else "Pegawai", Role.EMPLOYEE, {}, staf, False),
        (
            "satgas.kepri",
            "Satgas Netralitas ASN Kepri",
            Role.SATGAS,
            {"region": Region.objects.get(kode="21")},
            None,
            True,
        ),
        (
            "bawaslu.karimun",
            "Bawaslu Kabupaten Karimun",
            Role.BAWASLU,
            {"region": Region.objects.get(kode="21.02")},
            None,
            True,
        ),
        (
            "bkn.kanreg",
            "BKN Kantor Regional XII",
            Role.KASN_BKN,
            {"region": Region.objects.get(kode="21")},
            None,
            True,
        ),
        ("ppk.karimun", "Bupati Karimun (PPK)", Role.PPK, {"instansi": karimun}, None, True),
        # No 2FA yet: shows the enrolment a new staff member goes through.
        (
            "staf.baru",
            "Staf BKPSDM Natuna (baru)",
            Role.HR_ADMIN,
            {"instansi": natuna},
            None,
            False,
        ),
    ]
    for username, nama, role, scope, pegawai, with_totp in specs:
        user = services.user_create(
            username=username,
            password=DEMO_PASSWORD,
            nama=nama,
            pegawai=pegawai,
            is_superuser=(role == Role.SYSADMIN),
            actor=None,
        )
        services.role_assign(user=user, role=role, actor=None, **cast(dict[str, Any], scope))
        ctx.users[username] = user
        secret = ""
        if with_totp:
            key = demo_totp_key(ctx.seed, username)
            services.totp_device_set_secret(user=user, key_hex=key.hex())
            secret = base64.b32encode(key).decode().rstrip("=")
        ctx.accounts.append(
            {"username": username, "role": str(Role(role).label), "totp_secret": secret}
        )
