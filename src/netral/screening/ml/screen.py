"""Batch screening: one text pass per distinct text, vectorised heads, explanations only
for flagged rows (issue 12 §4; speed goal in ``bench/bench_screening.py``).

An action takes its meaning from its target: a like, share or follow is read through
``target_text``; a comment through its own text, and through the target too when the
comment simply agrees ("setuju", "siap pak"). Debunks ("[SALAH] …", "cek fakta") are not
hoaxes. Flags are suggestions for a human reviewer, never a sanction (shared/domain.md §3).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from netral.screening.ml import lexicon as lexmod
from netral.screening.ml import partisan as prt
from netral.screening.ml.text import normalize

if TYPE_CHECKING:
    from netral.screening.ml.artefact import Artefact

# What a handler reads in a flag's explanation: the rule and term codes of ``partisan`` in
# words, and the model's placeholder tokens (``znomor`` …) as what they stand for.
RULE_TEXT = {
    "tagar_atau_slogan_kampanye": "tagar atau slogan kampanye",
    "rujukan_calon_dengan_ajakan": "menyebut calon disertai ajakan atau sikap dukungan",
    "rujukan_calon_tanpa_ajakan": "menyebut calon tanpa ajakan",
    "rujukan_lemah_saja": "hanya rujukan lemah (nama depan, partai atau gestur)",
    "informasi_kepemiluan": "informasi kepemiluan (bukan ajakan)",
    "tugas_kedinasan": "tugas kedinasan (bukan ajakan)",
}
TERM_KIND_TEXT = {
    "name": "nama",
    "alias": "julukan",
    "alias_ambig": "julukan yang juga kata umum",
    "slogan": "slogan",
    "slogan_ambig": "slogan yang juga frasa umum",
    "hashtag": "tagar",
    "party": "partai",
    "name_part": "bagian nama",
    "number": "nomor urut",
    "gesture": "gestur",
}
PLACEHOLDER_TEXT = {
    "zcalon": "[nama calon]",
    "zalias": "[julukan]",
    "zslogan": "[slogan]",
    "ztagar": "[tagar]",
    "zpartai": "[partai]",
    "znomor": "[nomor urut]",
    "zgestur": "[gestur]",
}


def readable_feature(feature: str) -> str:
    """A model feature (a word or word pair) with its placeholder tokens in words."""
    return " ".join(PLACEHOLDER_TEXT.get(w, w) for w in feature.split())


THRESHOLD = {"partisan": 0.5, "hate": 0.5, "hoax": 0.5}
# Texts this long are read as articles or chain messages (the hoax-article head).
ARTICLE_CHARS = 520
DEBUNK_RE = re.compile(
    r"\[\s*(?:salah|hoaks|hoax|disinformasi|misinformasi|keliru|klarifikasi)\s*\]|cek fakta|"
    r"\bklarifikasi\b|\bfaktanya\b|\btidak benar\b|turnbackhoax|\badalah hoa[kx]s?\b|"
    r"\bhoa[kx]s?\s*[!:]|\bbukan fakta\b|\bdibantah\b|\bmembantah\b"
)
# Every alternative of DEBUNK_RE / SPREAD_RE contains one of these substrings.
DEBUNK_KEYS = ("salah", "hoa", "informasi", "keliru", "klarifikasi", "fakta", "benar", "bantah")
SPREAD_KEYS = ("hoa", "sebarkan", "viralkan")
SPREAD_RE = re.compile(r"\bbukan hoa[kx]s?\b|\bsebarkan\b|\bviralkan\b")
ELECTION_WORDS = prt.PhraseSet(
    "pemilu pilkada pilpres pilgub pilbup kpu bawaslu tps suara curang kecurangan calon "
    "capres cawapres paslon presiden bupati gubernur walikota partai coblos pemilih dpt "
    "quick hitung kampanye c1 sirekap".split()
)
AGREE_NEG_RE = re.compile(
    r"\b(?:tidak|bukan|jangan|hoaks|hoax|bohong|fitnah|tak|gak|nggak|enggak)\b"
)
REG = "SKB 2022 lampiran; PP 94/2021 Pasal 5 huruf n"


@dataclass
class Row:
    post_id: str
    action: str
    text: str
    target_text: str


@dataclass
class Result:
    post_id: str
    partisan: bool
    partisan_score: float
    hate: bool
    hate_score: float
    hoax: bool
    hoax_score: float
    explanation: str


def _bodies(r: Row) -> tuple[str, str, str]:
    """(partisan text, fallback partisan text, hate/hoax text) for one row."""
    if r.action == "post":
        return r.text, "", r.text
    if r.action == "share":
        both = (r.text + " " + r.target_text).strip()
        return both, "", both
    if r.action in ("like", "follow"):
        return r.target_text, "", r.target_text if r.action == "like" else ""
    # comment: its own words; the target too when the comment just agrees with it.
    short = len(r.text.split()) <= 8 and not AGREE_NEG_RE.search(r.text.lower())
    return r.text, (r.target_text if short else ""), r.text


class Screener:
    def __init__(self, artefact: Artefact, lexicon: lexmod.Lexicon) -> None:
        self.a = artefact
        self.slang = artefact.slang
        self.lex = lexmod.CompiledLexicon(lexicon, self.slang, artefact.common_words)

    # -- heads --------------------------------------------------------------------------
    def _text_scores(self, texts: list[str], norms: list[str]) -> tuple[np.ndarray, ...]:
        n = len(texts)
        hs = np.zeros(n, np.float32)
        ab = np.zeros(n, np.float32)
        hx = np.zeros(n, np.float32)
        idx = [i for i, t in enumerate(texts) if t.strip()]
        if idx:
            x = self.a.shared.transform([texts[i] for i in idx], [norms[i] for i in idx])
            p = self.a.heads.proba(x)
            hs[idx], ab[idx], hx[idx] = p["hs"], p["abusive"], p["hoax_tweet"]
        long_idx = [i for i in idx if len(texts[i]) >= ARTICLE_CHARS]
        if long_idx:
            xa = self.a.art_words.transform([norms[i] for i in long_idx])
            hx[long_idx] = self.a.art_head.proba(xa)["hoax_article"]
        for i in idx:
            low = texts[i].lower()
            # Substring checks first: the regular expressions run only on a possible hit.
            spread = any(k in low for k in SPREAD_KEYS) and SPREAD_RE.search(low) is not None
            if not spread and any(k in low for k in DEBUNK_KEYS) and DEBUNK_RE.search(low):
                hx[i] *= 0.25
            elif not spread and ELECTION_WORDS.first.isdisjoint(prt.words_of(norms[i])):
                hx[i] *= 0.6
        return hs, ab, hx

    def screen(self, rows: Sequence[Row]) -> list[Result]:
        bodies = [_bodies(r) for r in rows]
        # One normalisation per distinct text (likes of one post share their target).
        uniq: dict[str, int] = {}
        for b in bodies:
            for t in b:
                uniq.setdefault(t, len(uniq))
        texts = list(uniq)
        norms = [normalize(t, self.slang) for t in texts]
        rules = [
            prt.rules(n, self.lex) if n else prt.RuleResult(0.0, "", [], [], "") for n in norms
        ]
        rule_scores = np.array([r.score for r in rules], np.float32)
        ps = rule_scores.copy()
        cand = [i for i, r in enumerate(rules) if r.terms]
        row_of = {t: n for n, t in enumerate(cand)}
        words = None
        if cand:
            words = self.a.partisan.words.transform([rules[i].delex for i in cand])
            ps[cand] = self.a.partisan.predict_words(words, rule_scores[cand])
        hs, ab, hx = self._text_scores(texts, norms)
        out = []
        for r, (pb, pf, hb) in zip(rows, bodies, strict=True):
            i, j, k = uniq[pb], uniq[pf], uniq[hb]
            p = float(ps[i])
            src = i
            if pf and ps[j] > p:
                p, src = float(ps[j]), j
            h = float(max(hs[k], ab[k]))
            x = float(hx[k]) if r.action != "follow" else 0.0
            res = Result(
                r.post_id,
                p >= THRESHOLD["partisan"],
                round(p, 4),
                h >= THRESHOLD["hate"],
                round(h, 4),
                x >= THRESHOLD["hoax"],
                round(x, 4),
                "",
            )
            if res.partisan or res.hate or res.hoax:
                feats = (
                    self.a.partisan.top_in_row(words, row_of[src])
                    if res.partisan and words is not None and src in row_of
                    else []
                )
                res.explanation = self.explain(
                    r, rules[src], res, float(hs[k]), float(ab[k]), norms[k], feats
                )
            out.append(res)
        return out

    # -- explanations -------------------------------------------------------------------
    def explain(
        self,
        r: Row,
        rule: prt.RuleResult,
        res: Result,
        hs: float,
        ab: float,
        norm: str,
        features: list[str],
    ) -> str:
        parts = []
        via = {
            "like": "menyukai konten sasaran",
            "share": "membagikan konten sasaran",
            "follow": "mengikuti akun sasaran",
            "comment": "berkomentar",
            "post": "mengunggah",
        }[r.action]
        if res.partisan:
            terms = ", ".join(
                sorted(
                    {
                        f"{t.surface} (calon {t.number}, {TERM_KIND_TEXT.get(t.kind, t.kind)})"
                        for t in rule.terms
                    }
                )[:5]
            )
            cues = ", ".join(sorted(set(rule.cues))[:5]) or "-"
            feats = ", ".join(readable_feature(f) for f in features) or "-"
            pattern = RULE_TEXT.get(rule.rule, rule.rule.replace("_", " "))
            parts.append(
                f"Dukungan partisan ({via}): menyebut {terms}; kata ajakan/sikap: {cues}; "
                f"pola: {pattern}; kata paling berpengaruh: {feats}. Dasar: {REG}."
            )
        if res.hate:
            words = [w for w in norm.split() if w in self.a.shared.abusive_words][:5]
            parts.append(
                f"Ujaran kebencian/kata kasar ({via}): skor ujaran kebencian {hs:.2f}, "
                f"kata kasar {ab:.2f}; kata kasar terdeteksi: {', '.join(words) or '-'}. "
                "Dasar: SKB 2022 lampiran (ujaran kebencian di media sosial)."
            )
        if res.hoax:
            parts.append(
                f"Dugaan hoaks ({via}): skor {res.hoax_score:.2f}; tidak ditemukan penanda "
                "bantahan (cek fakta/klarifikasi). Dasar: SKB 2022 lampiran (menyebarkan berita bohong)."
            )
        return " ".join(parts)
