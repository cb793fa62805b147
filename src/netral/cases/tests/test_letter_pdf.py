"""The official-letter layout: Indonesian dates and numerals, the three layouts, the
PAdES signature, and no internal path or file name in the document."""

import datetime as dt
import io

import pypdfium2 as pdfium
import pytest
from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from netral.cases import letter_pdf as L
from netral.core import keys


def text_of(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (31, "tiga puluh satu"),
        (100, "seratus"),
        (115, "seratus lima belas"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1945, "seribu sembilan ratus empat puluh lima"),
        (2024, "dua ribu dua puluh empat"),
        (2026, "dua ribu dua puluh enam"),
        (11000, "sebelas ribu"),
        (1_000_000, "satu juta"),
    ],
)
def test_terbilang(n, words):
    assert L.terbilang(n) == words


def test_indonesian_dates():
    # given: Thursday 3 December 2026
    d = dt.date(2026, 12, 3)
    # then
    assert L.tanggal(d) == "3 Desember 2026"
    assert L.hari(d) == "Kamis"
    assert L.bulan_romawi(d) == "XII"
    assert L.tanggal_terbilang(d) == (
        "hari Kamis tanggal tiga bulan Desember tahun dua ribu dua puluh enam"
    )


def _letter(layout=L.Layout.SURAT, **kw):
    base = {
        "layout": layout,
        "letterhead": L.Letterhead("Badan Pengawas Pemilihan Umum", "Kabupaten Karimun", "Jl. A"),
        "title": "Penerusan Dugaan Pelanggaran",
        "number": "001/PP.01.02/K.KR/XII/2026",
        "place": "Tanjung Balai Karimun",
        "date": dt.date(2026, 12, 3),
        "body": "Paragraf pertama.\n\nNama :: Budi Santoso\nNIP :: 198001012005011001\n\n"
        "1. hasil kajian;\n2. bukti.\n\n# MEMUTUSKAN:",
        "signatory": L.Signatory("Ketua Bawaslu Kabupaten Karimun", "Nurhidayat"),
        "recipient": ("Kepala BKN", "di Jakarta"),
        "tembusan": ("Bupati Karimun",),
        "citation": "UU 7/2017 Pasal 455",
    }
    return L.Letter(**(base | kw))


@pytest.mark.parametrize("layout", [L.Layout.SURAT, L.Layout.BERITA_ACARA, L.Layout.KEPUTUSAN])
def test_each_layout_prints_the_content(layout):
    # when
    text = text_of(L.render(_letter(layout, subject_line="Penjatuhan hukuman")))
    # then
    assert "BADAN PENGAWAS PEMILIHAN UMUM" in text
    assert "001/PP.01.02/K.KR/XII/2026" in text
    assert "Budi Santoso" in text
    assert "3 Desember 2026" in text
    assert "Nurhidayat" in text
    assert "UU 7/2017 Pasal 455" in text
    assert "MEMUTUSKAN:" in text


def test_letter_layout_has_addressee_and_copies():
    text = text_of(L.render(_letter()))
    assert "Yth. Kepala BKN" in text
    assert "Tembusan:" in text
    assert "Hal" in text


def test_markup_is_escaped_not_interpreted():
    # given: text an administrator or a handler typed, with markup characters
    text = text_of(L.render(_letter(body="Nilai <b>tebal</b> & 5 < 6.")))
    # then
    assert "<b>tebal</b> & 5 < 6." in text


def test_no_internal_path_in_document(settings, tmp_path):
    # given
    settings.NETRAL_KEYS_DIR = str(tmp_path / "keys")
    # when
    pdf = L.sign(L.render(_letter()), reason="Surat penerusan", location="Karimun")
    # then: neither the source tree, the keys directory nor a file name is in the file
    raw = pdf.decode("latin-1")
    for needle in ("/work/", "src/netral", str(tmp_path), ".py", ".pem", "media/", "untitled"):
        assert needle not in raw


def test_signed_with_the_installation_certificate(settings, tmp_path):
    # given
    settings.NETRAL_KEYS_DIR = str(tmp_path / "keys")
    keys._pades_signer.cache_clear()
    # when
    pdf = L.sign(L.render(_letter()), reason="Surat penerusan", location="Karimun")
    # then
    _type, _headers, der = pem.unarmor(keys.pades_ca_pem())
    status = validate_pdf_signature(
        PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0],
        ValidationContext(trust_roots=[x509.Certificate.load(der)]),
    )
    assert status.intact and status.valid and status.trusted
    keys._pades_signer.cache_clear()
