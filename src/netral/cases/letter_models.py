"""Official letters of a case (issue 10 item 5): issuing offices with their letterhead,
admin-editable letter templates with their citation, gap-free numbers per office and year,
and each issued letter with its signed PDF and, later, the signed scan.

Kept apart from ``models.py`` (imported at its end) so the letter machinery can change
without touching the case model. House style §9: templates are data with a citation.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netral.cases.models import CaseDocument
from netral.core.models import TimeStampedModel

# One vocabulary for documents and letters: a letter of kind K satisfies a transition
# that requires a document of kind K (workflow.py).
LetterKind = CaseDocument.Kind


class LetterLayout(models.TextChoices):
    SURAT = "SURAT", _("Surat dinas")
    BERITA_ACARA = "BERITA_ACARA", _("Berita acara / naskah berjudul")
    KEPUTUSAN = "KEPUTUSAN", _("Keputusan")


class LetterOffice(TimeStampedModel):
    """An office that issues letters: its letterhead, signatory and number series.

    Created on first use from the issuing officer's role and scope (``key`` such as
    ``BAWASLU:21.02`` or ``PPK:<instansi id>``), then edited by an administrator."""

    key = models.CharField(_("kunci"), max_length=60, unique=True)
    authority = models.CharField(_("kop baris 1 (lembaga)"), max_length=200)
    office = models.CharField(_("kop baris 2 (kantor)"), max_length=200, blank=True)
    address = models.CharField(_("alamat pada kop"), max_length=300, blank=True)
    place = models.CharField(_("tempat penandatanganan"), max_length=100)
    number_code = models.CharField(
        _("kode kantor pada nomor surat"),
        max_length=40,
        help_text=_("Misalnya K.KR-05 untuk Bawaslu Kabupaten Karimun."),
    )
    signer_title = models.CharField(_("jabatan penanda tangan"), max_length=200)
    signer_name = models.CharField(_("nama penanda tangan"), max_length=200, blank=True)
    signer_id_line = models.CharField(_("NIP penanda tangan"), max_length=60, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("kantor penerbit surat")
        verbose_name_plural = _("kantor penerbit surat")

    def __str__(self) -> str:
        return f"{self.authority} {self.office}".strip()


class LetterTemplate(TimeStampedModel):
    """The wording of one kind of letter, versioned: a letter keeps pointing at the
    version it was issued from; exactly one version per kind is active."""

    kind = models.CharField(_("jenis surat"), max_length=20, choices=LetterKind.choices)
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    is_active = models.BooleanField(_("aktif"), default=True)
    layout = models.CharField(_("tata letak"), max_length=14, choices=LetterLayout.choices)
    title = models.CharField(_("judul / hal"), max_length=200)
    subject_line = models.CharField(_("tentang (keputusan)"), max_length=300, blank=True)
    classification = models.CharField(
        _("kode klasifikasi pada nomor"), max_length=30, help_text=_("Misalnya PP.01.02.")
    )
    sifat = models.CharField(_("sifat"), max_length=30, blank=True)
    recipient = models.TextField(_("tujuan (satu baris per baris)"), blank=True)
    body = models.TextField(
        _("isi"),
        help_text=_(
            "Baris kosong memisahkan paragraf; '# JUDUL' judul tengah; '1. teks' butir; "
            "'Label :: teks' baris tabel. Isian seperti {nomor_kasus} diganti otomatis."
        ),
    )
    tembusan = models.TextField(_("tembusan (satu baris per baris)"), blank=True)
    citation = models.CharField(_("dasar hukum"), max_length=300)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("templat surat")
        verbose_name_plural = _("templat surat")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="letter_template_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_active=True), name="letter_template_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class LetterCounter(models.Model):
    """Gap-free letter numbers per office and year; the row is locked while numbering."""

    office = models.ForeignKey(LetterOffice, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["office_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="letter_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id}-{self.year}: {self.last}"


class CaseLetter(TimeStampedModel):
    """One issued letter: its number in the office's series and the template version it
    came from. The signed PDF is a ``CaseDocument`` (kept with its SHA-256, so the
    transition that needs this kind of document can go ahead); the signed scan uploaded
    afterwards is a second ``CaseDocument`` of the same kind. Never edited once issued."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("jenis surat"), max_length=20, choices=LetterKind.choices)
    template = models.ForeignKey(
        LetterTemplate, verbose_name=_("templat"), on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(
        LetterOffice, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    seq = models.PositiveIntegerField(_("nomor urut"))
    number = models.CharField(_("nomor surat"), max_length=120)
    letter_date = models.DateField(_("tanggal surat"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    document = models.OneToOneField(
        "cases.CaseDocument", on_delete=models.PROTECT, related_name="letter"
    )
    scan = models.OneToOneField(
        "cases.CaseDocument",
        verbose_name=_("pindaian bertanda tangan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scan_of",
    )

    class Meta:
        ordering = ["case_id", "created_at", "id"]
        verbose_name = _("surat perkara")
        verbose_name_plural = _("surat perkara")
        constraints = [
            # Gap-free and never reused: one letter per number in an office's year.
            models.UniqueConstraint(fields=["office", "year", "seq"], name="case_letter_seq"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def audit_org_id(self) -> None:
        return None
