"""A trained screening artefact: the shared features, the linear heads and the partisan
model, stored as ``model.json`` (vocabularies, slang, settings) plus ``model.npz``
(weights, idf): plain data, loaded without pickle and without scikit-learn.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from netral.screening.ml.features import (
    CharHasher,
    FloatArray,
    LinearHeads,
    WordNgrams,
    raw_form,
    stack,
)
from netral.screening.ml.text import normalize

FORMAT = 2
FILES = ("model.json", "model.npz")


class SharedFeatures:
    """The shared pass: word 1–2-grams on normalised text, hashed char 2–5-grams on the
    raw lower-cased text, and two abusive-lexicon counts."""

    def __init__(
        self,
        slang: dict[str, str],
        abusive_words: frozenset[str],
        word: WordNgrams | None = None,
        char: CharHasher | None = None,
    ) -> None:
        self.slang = slang
        self.abusive_words = abusive_words
        self.word = word or WordNgrams(n_max=2, min_df=2)
        self.char = char or CharHasher(bits=20)

    def _lex(self, norms: Sequence[str]) -> csr_matrix:
        ab = self.abusive_words
        counts = np.array([sum(1 for w in n.split() if w in ab) for n in norms], np.float32)
        return csr_matrix(
            np.stack([counts > 0, np.minimum(counts, 3) / 3], axis=1).astype(np.float32)
        )

    def fit(self, texts: Sequence[str], norms: Sequence[str] | None = None) -> SharedFeatures:
        norms = norms if norms is not None else [normalize(t, self.slang) for t in texts]
        self.word.fit(norms)
        self.char.fit([raw_form(t) for t in texts])
        return self

    def transform(self, texts: Sequence[str], norms: Sequence[str] | None = None) -> csr_matrix:
        norms = norms if norms is not None else [normalize(t, self.slang) for t in texts]
        return stack(
            [
                self.word.transform(norms),
                self.char.transform([raw_form(t) for t in texts]),
                self._lex(norms),
            ]
        )


class PartisanModel:
    """Logistic regression over delexicalised word 1–3-grams plus the rule score."""

    def __init__(self, words: WordNgrams | None = None, head: LinearHeads | None = None) -> None:
        self.words = words or WordNgrams(n_max=3, min_df=1)
        self.head = head
        self._names: list[str] | None = None

    def x(self, texts: Sequence[str], rules: NDArray[np.float32], fit: bool = False) -> csr_matrix:
        if fit:
            self.words.fit(texts)
        return self._x(self.words.transform(texts), rules)

    @staticmethod
    def _x(w: csr_matrix, rules: NDArray[np.float32]) -> csr_matrix:
        return stack([w, csr_matrix(rules.reshape(-1, 1).astype(np.float32) * 3)])

    def predict(self, texts: Sequence[str], rules: NDArray[np.float32]) -> FloatArray:
        return self.predict_words(self.words.transform(texts), rules)

    def predict_words(self, w: csr_matrix, rules: NDArray[np.float32]) -> FloatArray:
        """Scores from the word matrix ``self.words.transform(texts)`` and rule scores."""
        assert self.head is not None
        p = self.head.proba(self._x(w, rules))["partisan"]
        # The rules gate the model: no candidate reference, no partisan flag.
        gated = np.where(rules <= 0.1, np.minimum(p, rules + 0.1), 0.5 * p + 0.5 * rules)
        return gated.astype(np.float32)

    def top_features(self, text: str, k: int = 3) -> list[str]:
        return self.top_in_row(self.words.transform([text]), 0, k)

    def top_in_row(self, w: csr_matrix, i: int, k: int = 3) -> list[str]:
        """The ``k`` n-grams of row ``i`` that push its score up the most."""
        assert self.head is not None
        if self._names is None:
            self._names = self.words.names()
        lo, hi = w.indptr[i], w.indptr[i + 1]
        idx = w.indices[lo:hi]
        contrib = w.data[lo:hi] * self.head.coef[idx, 0]
        order = np.argsort(-contrib)[:k]
        return [self._names[idx[j]] for j in order if contrib[j] > 0]


@dataclass
class Artefact:
    shared: SharedFeatures
    heads: LinearHeads  # hs, abusive, hoax_tweet over the shared features
    art_words: WordNgrams
    art_head: LinearHeads  # hoax_article
    partisan: PartisanModel
    common_words: frozenset[str]
    counts: dict[str, int] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)

    @property
    def slang(self) -> dict[str, str]:
        return self.shared.slang

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        wm, wa = self.shared.word.state()
        cm, ca = self.shared.char.state()
        am, aa = self.art_words.state()
        pm, pa = self.partisan.words.state()
        hm, ha = self.heads.state("heads_")
        xm, xa = self.art_head.state("art_head_")
        assert self.partisan.head is not None
        qm, qa = self.partisan.head.state("partisan_head_")
        meta = {
            "format": FORMAT,
            "slang": self.shared.slang,
            "abusive_words": sorted(self.shared.abusive_words),
            "common_words": sorted(self.common_words),
            "word": wm,
            "char": cm,
            "art_words": am,
            "partisan_words": pm,
            "heads": hm,
            "art_head": xm,
            "partisan_head": qm,
            "counts": self.counts,
            "thresholds": self.thresholds,
        }
        arrays: dict[str, Any] = {
            "word_idf": wa["idf"],
            "char_idf": ca["idf"],
            "art_words_idf": aa["idf"],
            "partisan_words_idf": pa["idf"],
            **ha,
            **xa,
            **qa,
        }
        (directory / "model.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
        with open(directory / "model.npz", "wb") as fh:
            np.savez_compressed(fh, **arrays)

    @classmethod
    def load(cls, directory: Path) -> Artefact:
        meta = json.loads((directory / "model.json").read_text("utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"unsupported screening model format {meta.get('format')}")
        with np.load(directory / "model.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}

        def idf(prefix: str) -> dict[str, NDArray[Any]]:
            return {"idf": arrays[f"{prefix}_idf"]}

        shared = SharedFeatures(
            meta["slang"],
            frozenset(meta["abusive_words"]),
            WordNgrams.from_state(meta["word"], idf("word")),
            CharHasher.from_state(meta["char"], idf("char")),
        )
        return cls(
            shared=shared,
            heads=LinearHeads.from_state("heads_", meta["heads"], arrays),
            art_words=WordNgrams.from_state(meta["art_words"], idf("art_words")),
            art_head=LinearHeads.from_state("art_head_", meta["art_head"], arrays),
            partisan=PartisanModel(
                WordNgrams.from_state(meta["partisan_words"], idf("partisan_words")),
                LinearHeads.from_state("partisan_head_", meta["partisan_head"], arrays),
            ),
            common_words=frozenset(meta["common_words"]),
            counts=meta["counts"],
            thresholds=meta["thresholds"],
        )
