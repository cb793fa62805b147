"""The shared text features, computed for a whole batch at once with numpy (issue 12:
"all detectors share one text pass"; speed goal ``bench/bench_screening.py``).

Two blocks, each TF-IDF weighted (sublinear term frequency, smoothed idf, L2 norm):

- **word n-grams** over the normalised tokens (``ml.text.normalize``), looked up in a
  vocabulary fitted on the training texts (document frequency >= ``min_df``);
- **character n-grams** (2 to 5, within word boundaries, like scikit-learn's ``char_wb``)
  over the lower-cased raw text, *hashed* into ``2**bits`` buckets: the hash of every
  window of every text in the batch is computed with a handful of vectorised numpy
  operations instead of one Python dictionary lookup per n-gram.

The linear heads are plain weight matrices (``LinearHeads``): scoring a batch is one sparse
× dense product. Nothing here imports scikit-learn, so screening (web, tasks, the
``screen_posts`` command) never loads it; only training does (``ml.detectors``).
A trained state is plain arrays and JSON (``state`` / ``from_state``), never a pickle.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix, hstack

FloatArray = NDArray[np.float32]

_ESCAPED_RE = re.compile(r"\\n|\\t")
# Odd multiplier of the polynomial window hash (arithmetic wraps modulo 2**32).
_P = np.uint32(0x01000193)
_MIX = np.uint32(0x45D9F3B)


def raw_form(text: str) -> str:
    """Lower-cased text with whitespace squeezed and a space at each end (so the first
    and last words get their boundary n-grams, as ``char_wb`` pads words)."""
    t = text.lower()
    if "\\" in t:
        t = _ESCAPED_RE.sub(" ", t)
    words = t.split()
    return " " + " ".join(words) + " " if words else ""


def _tfidf(m: csr_matrix, idf: FloatArray) -> csr_matrix:
    """Sublinear tf × idf, each row scaled to unit length (in place on ``m``)."""
    if m.nnz:
        m.data = (np.log(m.data, dtype=np.float32) + 1.0) * idf[m.indices]
        lengths = np.diff(m.indptr)
        row = np.repeat(np.arange(m.shape[0]), lengths)
        norms = np.sqrt(np.bincount(row, weights=m.data * m.data, minlength=m.shape[0]))
        m.data /= np.where(norms > 0, norms, 1.0)[row].astype(np.float32)
    return m


def _idf(df: NDArray[Any], n_docs: int) -> FloatArray:
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


class CharHasher:
    """Hashed character 2–5-grams within word boundaries, TF-IDF weighted."""

    def __init__(self, bits: int = 20, ns: Sequence[int] = (2, 3, 4, 5)) -> None:
        self.bits = bits
        self.ns = tuple(ns)
        self.idf: FloatArray = np.ones(1 << bits, np.float32)

    @property
    def size(self) -> int:
        return 1 << self.bits

    def counts(self, forms: Sequence[str]) -> csr_matrix:
        """Raw n-gram counts, one row per form (``raw_form`` output)."""
        n_docs = len(forms)
        if n_docs == 0:
            return csr_matrix((0, self.size), dtype=np.float32)
        joined = "\x00".join(forms) + "\x00"
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        length = codes.shape[0]
        lens = np.fromiter((len(f) + 1 for f in forms), np.int64, n_docs)
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int32), lens)
        sep = np.concatenate(([0], np.cumsum(codes == 0)))
        space = np.concatenate(([0], np.cumsum(codes == 32)))
        rows, cols = [], []
        mask = np.uint32((1 << self.bits) - 1)
        with np.errstate(over="ignore"):
            # g[i] = sum_k codes[i + k] * P**(n - 1 - k), grown by one character per n
            # (one multiply-add per n instead of n); the window hash seeded with n is then
            # n * P**n + g, the same value the direct polynomial gives (all modulo 2**32).
            g = codes.copy()
            width = 1
            for n in self.ns:
                m = length - n + 1
                if m <= 0:
                    continue
                while width < n:
                    g = g[: length - width] * _P + codes[width:]
                    width += 1
                h = g[:m] + np.uint32(n) * _P ** np.uint32(n)
                # No separator in the window, no space strictly inside it (word boundary).
                ok = sep[n : n + m] == sep[:m]
                if n > 2:
                    ok &= space[n - 1 : n - 1 + m] == space[1 : 1 + m]
                h = h[ok]
                h ^= h >> np.uint32(16)
                h *= _MIX
                h ^= h >> np.uint32(16)
                rows.append(doc_of[:m][ok])
                cols.append((h & mask).astype(np.int32))
        r = np.concatenate(rows)
        c = np.concatenate(cols)
        out = csr_matrix(
            (np.ones(r.shape[0], np.float32), (r, c)), shape=(n_docs, self.size), dtype=np.float32
        )
        out.sum_duplicates()
        return out

    def fit(self, forms: Sequence[str]) -> CharHasher:
        m = self.counts(forms)
        df = np.bincount(m.indices, minlength=self.size)
        self.idf = _idf(df, len(forms))
        return self

    def transform(self, forms: Sequence[str]) -> csr_matrix:
        return _tfidf(self.counts(forms), self.idf)

    def state(self) -> tuple[dict[str, Any], dict[str, NDArray[Any]]]:
        return {"bits": self.bits, "ns": list(self.ns)}, {"idf": self.idf}

    @classmethod
    def from_state(cls, meta: dict[str, Any], arrays: dict[str, NDArray[Any]]) -> CharHasher:
        obj = cls(meta["bits"], meta["ns"])
        obj.idf = arrays["idf"].astype(np.float32)
        return obj


def word_ngrams(tokens: Sequence[str], n_max: int) -> list[str]:
    out = list(tokens)
    for n in range(2, n_max + 1):
        out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return out


class WordNgrams:
    """Word 1..n-grams over normalised text, vocabulary fitted by document frequency."""

    def __init__(self, n_max: int = 2, min_df: int = 2, max_features: int | None = None) -> None:
        self.n_max = n_max
        self.min_df = min_df
        self.max_features = max_features
        self.vocab: dict[str, int] = {}
        self.idf: FloatArray = np.ones(0, np.float32)

    @property
    def size(self) -> int:
        return len(self.vocab)

    def fit(self, norms: Sequence[str]) -> WordNgrams:
        df: Counter[str] = Counter()
        for t in norms:
            df.update(set(word_ngrams(t.split(), self.n_max)))
        kept = [(g, c) for g, c in df.items() if c >= self.min_df]
        if self.max_features is not None and len(kept) > self.max_features:
            kept.sort(key=lambda gc: (-gc[1], gc[0]))
            kept = kept[: self.max_features]
        kept.sort()
        self.vocab = {g: i for i, (g, _c) in enumerate(kept)}
        self.idf = _idf(np.array([c for _g, c in kept], np.float64), len(norms))
        return self

    def counts(self, norms: Sequence[str]) -> csr_matrix:
        get = self.vocab.get
        indptr = [0]
        idx: list[int] = []
        n_max = self.n_max
        for t in norms:
            toks = t.split()
            grams: Iterable[str] = toks
            if n_max >= 2 and len(toks) > 1:
                grams = word_ngrams(toks, n_max)
            ids = [i for i in map(get, grams) if i is not None]
            idx += ids
            indptr.append(len(idx))
        out = csr_matrix(
            (
                np.ones(len(idx), np.float32),
                np.array(idx, np.int32),
                np.array(indptr, np.int64),
            ),
            shape=(len(norms), max(self.size, 1)),
        )
        out.sum_duplicates()
        return out

    def transform(self, norms: Sequence[str]) -> csr_matrix:
        return _tfidf(self.counts(norms), self.idf)

    def names(self) -> list[str]:
        out = [""] * len(self.vocab)
        for g, i in self.vocab.items():
            out[i] = g
        return out

    def state(self) -> tuple[dict[str, Any], dict[str, NDArray[Any]]]:
        meta = {
            "n_max": self.n_max,
            "min_df": self.min_df,
            "max_features": self.max_features,
            "vocab": self.names(),
        }
        return meta, {"idf": self.idf}

    @classmethod
    def from_state(cls, meta: dict[str, Any], arrays: dict[str, NDArray[Any]]) -> WordNgrams:
        obj = cls(meta["n_max"], meta["min_df"], meta["max_features"])
        obj.vocab = {g: i for i, g in enumerate(meta["vocab"])}
        obj.idf = arrays["idf"].astype(np.float32)
        return obj


def stack(blocks: Sequence[csr_matrix]) -> csr_matrix:
    return hstack(list(blocks), format="csr", dtype=np.float32)


class LinearHeads:
    """Several linear classifiers over one feature matrix: probabilities by the logistic
    function of ``X @ W + b`` (weights copied from the trained scikit-learn models)."""

    def __init__(self, names: Sequence[str], coef: FloatArray, intercept: FloatArray) -> None:
        self.names = list(names)
        self.coef = np.ascontiguousarray(coef, np.float32)  # (features, heads)
        self.intercept = intercept.astype(np.float32)

    @classmethod
    def from_models(cls, models: dict[str, Any]) -> LinearHeads:
        names = list(models)
        coef = np.stack([np.asarray(models[k].coef_[0], np.float32) for k in names], axis=1)
        intercept = np.array([float(models[k].intercept_[0]) for k in names], np.float32)
        return cls(names, coef, intercept)

    def proba(self, x: csr_matrix) -> dict[str, FloatArray]:
        z = np.asarray(x @ self.coef) + self.intercept
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return {k: p[:, i].astype(np.float32) for i, k in enumerate(self.names)}

    def state(self, prefix: str) -> tuple[dict[str, Any], dict[str, NDArray[Any]]]:
        return {"names": self.names}, {
            f"{prefix}coef": self.coef,
            f"{prefix}intercept": self.intercept,
        }

    @classmethod
    def from_state(
        cls, prefix: str, meta: dict[str, Any], arrays: dict[str, NDArray[Any]]
    ) -> LinearHeads:
        return cls(meta["names"], arrays[f"{prefix}coef"], arrays[f"{prefix}intercept"])


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
