"""Roles and permissions (one table; the authorization module reads it).

Actors and their duties: shared/domain.md §1.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSADMIN = "SYSADMIN", _("Administrator sistem")
    HR_ADMIN = "HR_ADMIN", _("Admin kepegawaian instansi (BKPSDM/BKD)")
    OPD_ADMIN = "OPD_ADMIN", _("Admin OPD")
    EMPLOYEE = "EMPLOYEE", _("Pegawai")
    SATGAS = "SATGAS", _("Anggota Satgas Netralitas ASN")
    BAWASLU = "BAWASLU", _("Petugas Bawaslu")
    KASN_BKN = "KASN_BKN", _("Petugas KASN/BKN")
    PPK = "PPK", _("Pejabat Pembina Kepegawaian (PPK)")
    INSPEKTORAT = "INSPEKTORAT", _("Inspektorat (pengawasan internal)")


class Scope(models.TextChoices):
    NONE = "NONE", _("Tanpa lingkup (seluruh sistem)")
    INSTANSI = "INSTANSI", _("Instansi")
    UNIT = "UNIT", _("Unit kerja (beserta sub-unit)")
    REGION = "REGION", _("Wilayah (kosong = nasional)")
    SELF = "SELF", _("Diri sendiri")


# What scope each role is bound to.
ROLE_SCOPE: dict[str, str] = {
    Role.SYSADMIN: Scope.NONE,
    Role.HR_ADMIN: Scope.INSTANSI,
    Role.OPD_ADMIN: Scope.UNIT,
    Role.EMPLOYEE: Scope.SELF,
    Role.SATGAS: Scope.REGION,
    Role.BAWASLU: Scope.REGION,
    Role.KASN_BKN: Scope.REGION,
    Role.PPK: Scope.INSTANSI,
    Role.INSPEKTORAT: Scope.INSTANSI,
}

# Staff roles must use two-factor authentication; employees may opt in.
STAFF_ROLES = frozenset(set(Role) - {Role.EMPLOYEE})


class Perm(models.TextChoices):
    REGISTRY_VIEW = "registry.view", _("Melihat data pegawai")
    REGISTRY_IMPORT = "registry.import", _("Mengimpor daftar pegawai")
    REGISTRY_EDIT = "registry.edit", _("Mengubah data pegawai")
    AUDIT_VIEW = "audit.view", _("Melihat log audit")
    API_USE = "api.use", _("Memakai API integrasi")
    # Read-only API access (GET/HEAD/OPTIONS only): for roles that watch, not act.
    API_READ = "api.read", _("Membaca data lewat API integrasi (hanya baca)")
    PLEDGE_MANAGE = "pledges.manage", _("Mengelola kampanye ikrar dan pakta integritas")
    PLEDGE_PROGRESS = "pledges.progress", _("Melihat kemajuan penandatanganan")
    PLEDGE_SIGN = "pledges.sign", _("Menandatangani pakta integritas")
    REPORT_HANDLE = "reports.handle", _("Menangani laporan dan temuan")
    REPORT_TEMUAN = "reports.temuan", _("Mencatat temuan")
    SCREENING_REVIEW = "screening.review", _("Menyaring dan menelaah unggahan media sosial")
    # Never granted by a role: only as an explicit extra grant on an assignment.
    REPORT_IDENTITY = "reports.identity", _("Melihat identitas pelapor")
    # Cases (shared/domain.md §3): who sees which part of the chain, who takes which step.
    CASE_VIEW = "cases.view", _("Melihat seluruh perkara di wilayahnya")
    CASE_VIEW_FORWARDED = "cases.view_forwarded", _("Melihat perkara yang diteruskan")
    CASE_VIEW_AGENCY = "cases.view_agency", _("Melihat perkara yang sampai ke instansinya")
    CASE_INTAKE = "cases.intake", _("Menelaah awal dan memverifikasi perkara")
    CASE_STUDY = "cases.study", _("Meregistrasi, mengkaji, dan meneruskan perkara")
    CASE_RECOMMEND = "cases.recommend", _("Memberi rekomendasi sanksi kepada PPK")
    CASE_DECIDE = "cases.decide", _("Memutus sanksi sebagai PPK")
    CASE_EXECUTE = "cases.execute", _("Melaksanakan sanksi dan melaporkannya")
    CASE_COMPLIANCE = "cases.compliance", _("Melihat kepatuhan PPK")
    # Outreach (issue 14): circulars, socialisation events, the signing plan, reach.
    OUTREACH_MANAGE = "outreach.manage", _("Menerbitkan edaran dan mengelola kegiatan sosialisasi")
    OUTREACH_PROGRESS = "outreach.progress", _("Melihat tanda baca edaran, kehadiran dan jangkauan")
    OUTREACH_RECEIVE = "outreach.receive", _("Membaca edaran dan hadir pada kegiatan sosialisasi")


ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.SYSADMIN: frozenset(
        {
            Perm.REGISTRY_VIEW,
            Perm.REGISTRY_IMPORT,
            Perm.REGISTRY_EDIT,
            Perm.AUDIT_VIEW,
            Perm.API_USE,
            Perm.PLEDGE_MANAGE,
            Perm.PLEDGE_PROGRESS,
            Perm.OUTREACH_MANAGE,
            Perm.OUTREACH_PROGRESS,
        }
    ),
    Role.HR_ADMIN: frozenset(
        {
            Perm.REGISTRY_VIEW,
            Perm.REGISTRY_IMPORT,
            Perm.REGISTRY_EDIT,
            Perm.AUDIT_VIEW,
            Perm.API_USE,
            Perm.PLEDGE_MANAGE,
            Perm.PLEDGE_PROGRESS,
            Perm.OUTREACH_MANAGE,
            Perm.OUTREACH_PROGRESS,
            Perm.CASE_VIEW_AGENCY,
            Perm.CASE_EXECUTE,
            Perm.CASE_COMPLIANCE,
        }
    ),
    Role.OPD_ADMIN: frozenset(
        {
            Perm.REGISTRY_VIEW,
            Perm.REGISTRY_IMPORT,
            Perm.PLEDGE_PROGRESS,
            Perm.OUTREACH_PROGRESS,
            Perm.API_USE,
        }
    ),
    Role.EMPLOYEE: frozenset(
        {Perm.PLEDGE_SIGN, Perm.REGISTRY_VIEW, Perm.OUTREACH_RECEIVE}
    ),  # REGISTRY_VIEW: own record only
    Role.SATGAS: frozenset(
        {
            Perm.REGISTRY_VIEW,
            Perm.REPORT_HANDLE,
            Perm.REPORT_TEMUAN,
            Perm.API_USE,
            Perm.CASE_VIEW,
            Perm.CASE_INTAKE,
            Perm.CASE_COMPLIANCE,
            Perm.SCREENING_REVIEW,
        }
    ),
    Role.BAWASLU: frozenset(
        {
            Perm.REGISTRY_VIEW,
            Perm.REPORT_HANDLE,
            Perm.REPORT_TEMUAN,
            Perm.PLEDGE_PROGRESS,
            Perm.OUTREACH_PROGRESS,
            Perm.AUDIT_VIEW,
            Perm.API_USE,
            Perm.CASE_VIEW,
            Perm.CASE_INTAKE,
            Perm.CASE_STUDY,
            Perm.CASE_COMPLIANCE,
            Perm.SCREENING_REVIEW,
        }
    ),
    Role.KASN_BKN: frozenset(
        {
            Perm.REGISTRY_VIEW,
            Perm.REPORT_HANDLE,
            Perm.API_USE,
            Perm.CASE_VIEW_FORWARDED,
            Perm.CASE_RECOMMEND,
            Perm.CASE_COMPLIANCE,
        }
    ),
    # API access for the PPK and the Inspektorat (decision of issue 10, docs/security.md
    # "Integration API access per role"): a regional HR system deciding cases on the PPK's
    # behalf is a legitimate integration, so the PPK holds ``api.use`` (its instansi scope
    # and CASE_DECIDE still bound every step); the Inspektorat supervises and takes no
    # step, so it reads only (``api.read``).
    Role.PPK: frozenset(
        {
            Perm.REGISTRY_VIEW,
            Perm.API_USE,
            Perm.PLEDGE_PROGRESS,
            Perm.OUTREACH_PROGRESS,
            Perm.CASE_VIEW_AGENCY,
            Perm.CASE_DECIDE,
            Perm.CASE_COMPLIANCE,
        }
    ),
    Role.INSPEKTORAT: frozenset(
        {Perm.REGISTRY_VIEW, Perm.CASE_VIEW_AGENCY, Perm.CASE_COMPLIANCE, Perm.API_READ}
    ),
}

# Extra permissions an administrator may grant explicitly on a role assignment.
GRANTABLE_PERMS = frozenset({Perm.REPORT_IDENTITY})
