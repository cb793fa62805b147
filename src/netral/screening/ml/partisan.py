"""Partisan-support rules (issue 12 §4a; SKB 2022 lampiran on social-media conduct;
PP 94/2021 Pasal 5 huruf n; shared/domain.md §4).

The rules read the configured lexicon and general Indonesian campaign usage only. They
produce (1) a rule score with the matched terms and the rule that fired, and (2) a
*delexicalised* text in which candidate references are replaced by placeholders
(``zcalon``, ``znomor``, ``zgestur``…), which is what the partisan model is trained on, so
the model learns how support is phrased rather than who the demo candidates are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from netral.screening.ml.lexicon import CompiledLexicon, Term

_WORD_SPLIT_RE = re.compile(r"[^a-z0-9]+")


def words_of(norm: str) -> list[str]:
    """The words of a normalised text, split at every non-alphanumeric character (so
    "#coblos" and "dua-periode" hold the words a ``\\b`` boundary would find)."""
    return [w for w in _WORD_SPLIT_RE.split(norm) if w]


class PhraseSet:
    """A fixed list of words and phrases matched on word boundaries, longest first and
    without overlaps (as an alternation regex would), by set lookups on word n-grams:
    one C-level intersection decides most texts, a greedy scan only runs on a hit."""

    def __init__(self, phrases: list[str]) -> None:
        self.phrases = frozenset(" ".join(words_of(p)) for p in phrases)
        self.first = frozenset(p.split()[0] for p in self.phrases)
        self.longest = max(len(p.split()) for p in self.phrases)

    def search(self, words: list[str]) -> bool:
        return bool(self.findall(words))

    def findall(self, words: list[str]) -> list[str]:
        if self.first.isdisjoint(words):
            return []
        out: list[str] = []
        i, n = 0, len(words)
        while i < n:
            if words[i] in self.first:
                for k in range(min(self.longest, n - i), 0, -1):
                    g = " ".join(words[i : i + k])
                    if g in self.phrases:
                        out.append(g)
                        i += k
                        break
                else:
                    i += 1
            else:
                i += 1
        return out


def _re(words: list[str]) -> PhraseSet:
    return PhraseSet(words)


SUPPORT_RE = _re(
    [
        "pilih",
        "pilihlah",
        "coblos",
        "coblosan",
        "dukung",
        "mendukung",
        "dukungan",
        "menangkan",
        "memenangkan",
        "lanjutkan",
        "dua periode",
        "2 periode",
        "pasti menang",
        "wajib menang",
        "harus menang",
        "menang",
        "ayo",
        "yuk",
        "ayok",
        "mari",
        "siap",
        "all in",
        "gas",
        "gaspol",
        "merapat",
        "relawan",
        "pemenangan",
        "kampanye",
        "nomor urut",
        "calon kita",
        "bupati kita",
        "gubernur kita",
        "walikota kita",
        "pemimpin",
        "terbaik",
        "harga mati",
        "satu putaran",
        "jangan lupa",
        "amanah",
        "pilihanku",
        "pilihan kita",
        "pilihan saya",
        "jagoan",
        "jagoanku",
        "deklarasi",
        "bersatu",
        "tim sukses",
        "timses",
        "menuju",
        "bersama",
        "sukseskan",
        "kawal",
        "solid",
        "nyoblos",
        "idola",
        "keren",
        "mantap",
        "hebat",
        "setuju",
        "salam",
        "jadikan",
        "percayakan",
        "saatnya",
        "coblos nomor",
        "insyaallah menang",
    ]
)
OPPOSE_RE = _re(
    [
        "jangan pilih",
        "jangan coblos",
        "tolak",
        "asal bukan",
        "gagal",
        "turunkan",
        "jangan mau",
        "pembohong",
        "jangan dipilih",
        "tidak layak",
        "ganti bupati",
        "ganti gubernur",
        "ganti presiden",
        "ganti walikota",
        "antek",
    ]
)
CIVIC_RE = _re(
    [
        "golput",
        "kpu",
        "kpud",
        "bawaslu",
        "panwaslu",
        "jadwal",
        "tps",
        "dpt",
        "daftar pemilih",
        "hak pilih",
        "debat publik",
        "debat kandidat",
        "debat calon",
        "debat pertama",
        "debat kedua",
        "debat ketiga",
        "nonton debat",
        "saksikan debat",
        "siaran langsung",
        "pemungutan suara",
        "hari tenang",
        "masa tenang",
        "rekapitulasi",
        "sosialisasi",
        "netralitas",
        "netral",
        "surat suara",
        "pengumuman",
        "pendaftaran",
        "penetapan",
        "logistik",
        "pengundian",
        "formulir",
        "c6",
        "undangan memilih",
        "partisipasi",
        "pilkada damai",
        "pemilu damai",
        "cek fakta",
        "quick count",
        "hitung cepat",
        "real count",
        "sirekap",
        "visi misi",
        "visi dan misi",
        "semua paslon",
        "seluruh paslon",
        "kedua paslon",
        "ketiga paslon",
        "para calon",
        "kedua calon",
        "ketiga calon",
        "semua calon",
        "pemilih pemula",
        "simulasi",
        "bimtek",
        "kpps",
        "ppk",
        "pps",
        "gakkumdu",
    ]
)
DUTY_RE = _re(
    [
        "rapat koordinasi",
        "rakor",
        "apel",
        "meresmikan",
        "peresmian",
        "kunjungan kerja",
        "kunker",
        "pelayanan",
        "surat edaran",
        "pengamanan",
        "piket",
        "undangan rapat",
        "musrenbang",
        "sidak",
        "pelantikan",
        "sambutan",
        "penyerahan",
        "bantuan sosial",
        "penyaluran",
        "plt",
        "pj",
        "penjabat",
        "cuti kampanye",
        "cuti di luar tanggungan",
        "serah terima",
        "upacara",
    ]
)
# Wording that is about voting itself: only this lends campaign meaning to an ordinary-word
# alias, a first name, a party or a gesture ("ayo", "mantap" alone do not).
ELECTORAL_RE = _re(
    [
        "coblos",
        "nyoblos",
        "pilih",
        "pilihlah",
        "menangkan",
        "memenangkan",
        "dukung",
        "mendukung",
        "paslon",
        "nomor urut",
        "kampanye",
        "relawan",
        "pemenangan",
        "periode",
        "menang",
        "timses",
        "tim sukses",
        "jagoan",
        "jagoanku",
        "pilihanku",
        "calon",
        "jangan pilih",
        "jangan coblos",
        "asal bukan",
        "tolak",
        "lanjutkan",
        "harga mati",
    ]
)
NEGATION_RE = _re(["tidak", "bukan", "jangan", "hoaks", "hoax", "bohong", "fitnah", "tak"])

STRONG = {"name", "alias", "slogan", "hashtag", "number"}
WEAK = {"alias_ambig", "slogan_ambig", "gesture", "party", "name_part"}
PLACEHOLDER = {
    "name": "zcalon",
    "alias": "zcalon",
    "alias_ambig": "zalias",
    "slogan": "zslogan",
    "slogan_ambig": "zalias",
    "hashtag": "ztagar",
    "party": "zpartai",
    "name_part": "zcalon",
    "number": "znomor",
    "gesture": "zgestur",
}


@dataclass
class RuleResult:
    score: float
    rule: str
    terms: list[Term] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    delex: str = ""


def delexicalise(norm: str, lex: CompiledLexicon, terms: list[Term]) -> str:
    """Replace candidate references by kind placeholders (see the module docstring)."""
    out = norm
    for t in terms:
        if t.kind == "number":
            out = out.replace(t.surface, " znomor ")
        elif t.kind == "gesture":
            out = out.replace(t.surface, " zgestur ")
    for tok in ("emojidua", "emojisatu", "emojitiga"):
        out = out.replace(tok, "zgestur")
    if lex.term_re is not None:
        out = lex.term_re.sub(lambda m: PLACEHOLDER[lex.terms[m.group(1)].kind], out)
    return out


def rules(norm: str, lex: CompiledLexicon) -> RuleResult:
    """Score one normalised text with the lexicon rules (see the module docstring)."""
    terms = lex.match(norm)
    if not terms:
        # No candidate reference: nothing partisan to explain (cues are not needed).
        return RuleResult(0.02, "tanpa_rujukan_calon", [], [], norm)
    kinds = {t.kind for t in terms}
    strong = bool(kinds & STRONG)
    weak = [t for t in terms if t.kind in WEAK]
    words = words_of(norm)
    support = SUPPORT_RE.findall(words)
    oppose = OPPOSE_RE.findall(words)
    civic = CIVIC_RE.findall(words)
    duty = DUTY_RE.findall(words)
    numbers = {t.number for t in terms}
    cues = [*support, *oppose]
    delex = delexicalise(norm, lex, terms)
    electoral = ELECTORAL_RE.findall(words)
    if not strong and not electoral and len({t.kind for t in weak}) < 2:
        # An ordinary-word alias, a first name, a party or a gesture without voting talk.
        return RuleResult(0.1, "rujukan_lemah_saja", terms, cues, delex)
    if "hashtag" in kinds or "slogan" in kinds:
        score, rule = 0.8, "tagar_atau_slogan_kampanye"
    elif cues:
        score, rule = 0.85, "rujukan_calon_dengan_ajakan"
    else:
        score, rule = 0.35, "rujukan_calon_tanpa_ajakan"
    campaign_tag = rule == "tagar_atau_slogan_kampanye" and bool(cues)
    if (civic or duty) and not oppose and not campaign_tag and len(support) <= (1 if civic else 0):
        score *= 0.3
        rule = "informasi_kepemiluan" if civic else "tugas_kedinasan"
    elif len(numbers) > 1 and not oppose and rule == "rujukan_calon_tanpa_ajakan":
        score *= 0.5  # several candidates named evenly: news or comparison
    return RuleResult(score, rule, terms, cues + civic + duty, delex)
