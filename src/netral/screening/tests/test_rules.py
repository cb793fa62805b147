"""Partisan rules and the screener on the demo lexicon and on a second, different election
(no rule may depend on the demo candidates)."""

from __future__ import annotations

import pytest

from netral.screening.ml import detectors
from netral.screening.ml import lexicon as lexmod
from netral.screening.ml import screen as scr
from netral.screening.tests.conftest import lexicon_json


@pytest.fixture(scope="module")
def artefact(models_dir):
    return detectors.load(models_dir / "test")


def _screener(artefact, name):
    lex, errors = lexmod.parse(lexicon_json(name))
    assert lex is not None, errors
    return scr.Screener(artefact, lex)


def _partisan(s, action, text, target=""):
    return s.screen([scr.Row("x", action, text, target)])[0]


LINGGA_POSITIVE = [
    ("post", "Ayo coblos nomor 1, Bambang Wiratmo pasti menang!", ""),
    ("post", "Salam dua jari ✌️ siap menangkan SaLi di Daik", ""),
    ("post", "#SaLiBangkit gaspol sampai TPS", ""),
    ("post", "Jangan pilih Samsul Bahri, sudah terbukti gagal.", ""),
    ("like", "", "Dukung Bambang Wiratmo dua periode! #BawaNur"),
    ("share", "", "Bersama Bawa kita wujudkan Lingga Berkah. Coblos nomor 1!"),
    ("comment", "setuju, lanjutkan!", "Menangkan Samsul Bahri! #SaLiBangkit"),
    ("follow", "", "Akun resmi relawan pemenangan Samsul Bahri - Lidya Putri"),
]
LINGGA_NEGATIVE = [
    ("post", "Semoga rezeki kita berkah selalu, aamiin.", ""),
    ("post", "Yang sabar ya bu, semua ada hikmahnya.", ""),
    ("post", "Alhamdulillah anak saya juara 1 lomba lari.", ""),
    ("post", "Yang nomor dua dari kiri itu adik saya.", ""),
    ("post", "Jangan golput! Datang ke TPS tanggal 27 November, cek DPT di laman KPU.", ""),
    ("post", "Debat publik paslon 01 dan 02 malam ini disiarkan langsung di TVRI.", ""),
    ("post", "Rapat koordinasi pengamanan TPS bersama KPU dan Bawaslu hari ini.", ""),
    ("post", "Liburan bareng keluarga ✌️ cuaca cerah", ""),
    ("like", "", "Jadwal pemungutan suara: Rabu 27 November, TPS buka pukul 07.00."),
    ("comment", "tidak setuju, ini hoaks", "Menangkan Samsul Bahri! #SaLiBangkit"),
]


@pytest.mark.parametrize(("action", "text", "target"), LINGGA_POSITIVE)
def test_second_election_support_is_flagged(artefact, action, text, target):
    # given a lexicon the demo data never mentions
    s = _screener(artefact, "lexicon_lingga_fiktif.json")
    # when / then
    assert _partisan(s, action, text, target).partisan


@pytest.mark.parametrize(("action", "text", "target"), LINGGA_NEGATIVE)
def test_hard_negatives_are_not_flagged(artefact, action, text, target):
    s = _screener(artefact, "lexicon_lingga_fiktif.json")
    res = _partisan(s, action, text, target)
    assert not res.partisan, res


def test_demo_ambiguous_aliases_alone_do_not_trigger(artefact):
    # given "Andal" and "Sehati" are aliases in the demo lexicon and ordinary words
    s = _screener(artefact, "lexicon_demo_kepri2024.json")
    # when
    res = [
        _partisan(s, "post", t) for t in ("Kami butuh tenaga yang andal.", "Keluarga kami sehati.")
    ]
    # then
    assert not any(r.partisan for r in res)
    assert _partisan(s, "post", "Ayo menangkan Andal, coblos nomor 2!").partisan


def test_explanation_names_terms_and_rule(artefact):
    s = _screener(artefact, "lexicon_demo_kepri2024.json")
    res = _partisan(s, "post", "Ayo coblos paslon 01 Hendra Saputra!")
    assert "Hendra Saputra" in res.explanation
    assert "PP 94/2021 Pasal 5 huruf n" in res.explanation
    # read by a handler: no rule codes or model placeholder tokens
    assert "menyebut calon disertai ajakan" in res.explanation
    assert "rujukan_calon" not in res.explanation and "znomor" not in res.explanation
    assert "(calon 1, nama)" in res.explanation


def test_debunk_is_discounted(artefact):
    s = _screener(artefact, "lexicon_demo_kepri2024.json")
    spread = _partisan(s, "post", "Surat suara sudah dicoblos di gudang KPU, sebarkan!")
    debunk = _partisan(
        s, "post", "[SALAH] Surat suara sudah dicoblos di gudang KPU. Cek fakta: tidak benar."
    )
    assert debunk.hoax_score < spread.hoax_score
    assert not debunk.hoax


def test_lexicon_errors_are_listed():
    lex, errors = lexmod.parse(
        {"election": "", "type": "x", "voting_day": "besok", "candidates": [{"number": 1}]}
    )
    assert lex is None
    assert any("type" in e for e in errors)
    assert any("voting_day" in e for e in errors)
    assert any("names" in e for e in errors)


@pytest.mark.parametrize(
    "norm",
    [
        "ayo paslon 02 menang",
        "coblos nomor urut 1 ya",
        "nyoblos dua besok",
        "salam dua jari kawan",
        "tiga jari untuk kita",
        "x-no 2 saja",
        "juara 1 lomba lari",
        "pasangan calon 3 debat",
        "tidak ada angka di sini",
    ],
)
def test_number_and_gesture_gates_miss_no_match(artefact, norm):
    # given the demo lexicon compiled as screening does
    lex = lexmod.CompiledLexicon(lexmod.parse(lexicon_json())[0], artefact.slang, frozenset())
    # when matched (the regular expressions run only behind substring gates)
    got = [
        (t.kind, t.number, t.surface) for t in lex.match(norm) if t.kind in ("number", "gesture")
    ]
    # then the result is what the ungated expressions find
    want = [
        ("number", lex.number_of[m.group(1)], m.group(0)) for m in lex.ballot_re.finditer(norm)
    ] + [
        ("gesture", lex.number_of[m.group(1) or m.group(2)], m.group(0))
        for m in lex.gesture_re.finditer(norm)
    ]
    assert got == want
