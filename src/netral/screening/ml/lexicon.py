"""Election lexicon: parsed from the issue's JSON shape and compiled into matchers.

Every candidate-specific term comes from the configured lexicon; only general Indonesian
campaign usage (support verbs, ballot-number talk, gestures, civic phrases) is built in,
so the same code screens any election (issue 12, "generalise, don't memorise").

Quirks: an alias or one-word slogan that is also an ordinary word ("andal", "sehati",
"maju") is *ambiguous*: it counts only next to campaign wording; ballot numbers count
only in ballot-number talk ("paslon 02", "nomor urut 2", "salam dua jari", ✌️).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from netral.screening.ml.text import normalize

NUMBER_WORDS = {
    1: ["satu", "siji"],
    2: ["dua", "loro"],
    3: ["tiga", "telu"],
    4: ["empat", "papat"],
    5: ["lima"],
    6: ["enam"],
}


@dataclass
class Candidate:
    number: int
    names: list[str]
    aliases: list[str] = field(default_factory=list)
    slogans: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)


@dataclass
class Lexicon:
    election: str
    type: str
    voting_day: dt.date
    campaign_start: dt.date | None
    campaign_end: dt.date | None
    candidates: list[Candidate]


def _list(value: Any, where: str, errors: list[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        errors.append(f"{where}: harus berupa daftar teks.")
        return []
    return [v.strip() for v in value]


def _date(value: Any, where: str, errors: list[str], required: bool) -> dt.date | None:
    if value in (None, "") and not required:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.append(f"{where}: tanggal harus berformat YYYY-MM-DD.")
        return None


def parse(data: Any) -> tuple[Lexicon | None, list[str]]:
    """Validate the lexicon JSON; return the lexicon or the list of Indonesian errors."""
    errors: list[str] = []
    if not isinstance(data, dict):
        return None, ["Leksikon harus berupa objek JSON."]
    name = str(data.get("election") or "").strip()
    if not name:
        errors.append("election: nama pemilihan wajib diisi.")
    etype = str(data.get("type") or "")
    if etype not in ("pilkada", "pemilu"):
        errors.append("type: harus 'pilkada' atau 'pemilu'.")
    voting = _date(data.get("voting_day"), "voting_day", errors, True)
    start = _date(data.get("campaign_start"), "campaign_start", errors, False)
    end = _date(data.get("campaign_end"), "campaign_end", errors, False)
    cands: list[Candidate] = []
    raw = data.get("candidates")
    if not isinstance(raw, list) or not raw:
        errors.append("candidates: minimal satu calon.")
        raw = []
    seen: set[int] = set()
    for i, c in enumerate(raw, start=1):
        where = f"candidates[{i}]"
        if not isinstance(c, dict):
            errors.append(f"{where}: harus berupa objek.")
            continue
        number = c.get("number")
        if not isinstance(number, int) or number < 1 or number in seen:
            errors.append(f"{where}.number: nomor urut harus bilangan bulat unik ≥ 1.")
            continue
        seen.add(number)
        names = _list(c.get("names"), f"{where}.names", errors)
        if not names:
            errors.append(f"{where}.names: minimal satu nama.")
        cands.append(
            Candidate(
                number=number,
                names=names,
                aliases=_list(c.get("aliases"), f"{where}.aliases", errors),
                slogans=_list(c.get("slogans"), f"{where}.slogans", errors),
                hashtags=[
                    h.lstrip("#") for h in _list(c.get("hashtags"), f"{where}.hashtags", errors)
                ],
                parties=_list(c.get("parties"), f"{where}.parties", errors),
            )
        )
    if errors or voting is None:
        return None, errors
    return Lexicon(name, etype, voting, start, end, cands), []


@dataclass(frozen=True)
class Term:
    kind: str  # name | alias | alias_ambig | slogan | slogan_ambig | hashtag | party | number
    number: int
    surface: str


class CompiledLexicon:
    """Regular expressions over *normalised* text for one lexicon.

    ``common_words`` is the general vocabulary (standard forms of the slang dictionary
    plus frequent corpus words) used to mark ordinary-word aliases as ambiguous.
    """

    def __init__(self, lex: Lexicon, slang: dict[str, str], common_words: frozenset[str]):
        self.lex = lex
        self.terms: dict[str, Term] = {}
        numbers = [c.number for c in lex.candidates]
        for c in lex.candidates:
            for n in c.names:
                self._add(normalize(n, slang), Term("name", c.number, n))
                # A distinctive surname ("Rafiq" of "Aunur Rafiq") also names the candidate.
                # Parts of a name ("Pak Hendra", "Saputra") are weak: many people share them.
                parts = normalize(n, slang).split()
                if len(parts) > 1:
                    for part in (parts[0], parts[-1]):
                        if len(part) >= 4 and part not in common_words:
                            self._add(part, Term("name_part", c.number, n))
            for a in c.aliases:
                na = normalize(a, slang)
                ambiguous = (" " not in na and na in common_words) or na.isdigit() or len(na) < 3
                self._add(na, Term("alias_ambig" if ambiguous else "alias", c.number, a))
            for s in c.slogans:
                ns = normalize(s, slang)
                ambiguous = " " not in ns and ns in common_words
                self._add(ns, Term("slogan_ambig" if ambiguous else "slogan", c.number, s))
            for h in c.hashtags:
                self._add("#" + h.lower(), Term("hashtag", c.number, "#" + h))
                self._add(h.lower(), Term("hashtag", c.number, "#" + h))
            for p in c.parties:
                self._add(normalize(p, slang), Term("party", c.number, p))
        keys = sorted(self.terms, key=len, reverse=True)
        self.term_re = (
            re.compile(r"(?<![\w#])(" + "|".join(map(re.escape, keys)) + r")(?!\w)")
            if keys
            else None
        )
        num_alt: list[str] = []
        for num in numbers:
            num_alt += [f"0{num}", str(num)] + NUMBER_WORDS.get(num, [])
        alt = "|".join(sorted(set(num_alt), key=len, reverse=True))
        self.ballot_re = re.compile(
            r"\b(?:paslon|pasangan calon|calon|nomor urut|no urut|nomor|no|nomer|coblos|pilih|"
            r"salam|nyoblos|paslon nomor)\s+(?:nomor\s+|urut\s+|no\s+)?(" + alt + r")\b(?:\s+jari)?"
        )
        self.gesture_re = re.compile(r"\bsalam\s+(" + alt + r")\s+jari\b|\b(" + alt + r")\s+jari\b")
        # Substrings every ballot-number / gesture match contains: the regular expressions
        # only run on texts that hold one of the cue words and one of the number forms.
        # (One compiled alternation per gate: a C-level scan, not a Python loop of ``in``.)
        self.ballot_gate = re.compile("no|calon|paslon|coblos|pilih|salam|nyoblos")
        self.number_gate = re.compile("|".join(map(re.escape, sorted(set(num_alt)))) or "(?!)")
        self.number_of: dict[str, int] = {}
        for num in numbers:
            for form in [f"0{num}", str(num)] + NUMBER_WORDS.get(num, []):
                self.number_of[form] = num

    def _add(self, key: str, term: Term) -> None:
        key = key.strip()
        if key and key not in self.terms:
            self.terms[key] = term

    def match(self, norm: str) -> list[Term]:
        """Candidate references in normalised text (names, aliases, numbers, gestures)."""
        found: list[Term] = []
        if self.term_re is not None:
            found += [self.terms[m.group(1)] for m in self.term_re.finditer(norm)]
        if self.number_gate.search(norm) is not None:
            if self.ballot_gate.search(norm) is not None:
                for m in self.ballot_re.finditer(norm):
                    num = self.number_of.get(m.group(1))
                    if num is not None:
                        found.append(Term("number", num, m.group(0)))
            if "jari" in norm:
                for m in self.gesture_re.finditer(norm):
                    num = self.number_of.get(m.group(1) or m.group(2) or "")
                    if num is not None:
                        found.append(Term("gesture", num, m.group(0)))
        if "emoji" in norm:
            for tok, num in (("emojidua", 2), ("emojisatu", 1), ("emojitiga", 3)):
                if tok in norm and num in self.number_of.values():
                    found.append(Term("gesture", num, {1: "☝", 2: "✌", 3: "👌"}[num]))
        return found
