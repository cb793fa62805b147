"""Error codes of the cases app (house style §9); the label is the sentence users read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseError(models.TextChoices):
    NO_SUBJECTS = "no_subjects", _("Perkara belum memiliki terlapor.")
    WRONG_TRACK = (
        "wrong_track",
        _(
            "Jalur ini tidak sesuai dengan jenis pegawai terlapor (ASN ke lembaga, non-ASN ke instansi)."
        ),
    )
    NO_VIOLATION_TYPE = "no_violation_type", _("Jenis pelanggaran yang terbukti belum dipilih.")
    ALREADY_EXTENDED = "already_extended", _("Kajian sudah pernah diperpanjang.")
    ALREADY_GAKKUMDU = "already_gakkumdu", _("Perkara sudah diteruskan ke Gakkumdu.")
    SANCTION_NOT_ALLOWED = (
        "sanction_not_allowed",
        _("Sanksi ini tidak dapat dijatuhkan untuk jenis pegawai dan jenis pelanggaran ini."),
    )
    MERGE_TARGET = "merge_target", _("Perkara tujuan penggabungan tidak dapat dipakai.")
    MERGE_DIFFERENT = (
        "merge_different",
        _("Perkara hanya dapat digabung bila kejadian dan terlapornya sama."),
    )
    NO_REPORTS = "no_reports", _("Pilih sedikitnya satu laporan atau temuan.")
    REPORT_IN_CASE = "report_in_case", _("Laporan ini sudah menjadi bagian perkara lain.")
    BAD_DOCUMENT = "bad_document", _("Berkas dokumen tidak dapat diterima.")
    UNKNOWN_RULE = "unknown_rule", _("Aturan tenggat ini tidak ada.")
