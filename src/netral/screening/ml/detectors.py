"""Training and batch prediction of the screening detectors (issue 12 §4).

One shared feature pass per text: word 1–2-grams over the normalised text (slang mapped
with ``new_kamusalay.csv``) and character 2–5-grams (within word boundaries) over the raw
lower-cased text, fitted once on the union of the training corpora. Linear heads on that
matrix: hate speech (HS), abusive language, election hoax (tweets). Long texts (articles,
chain messages) get the hoax-article head on their own word features. Each head is a linear
SVM, for hate speech and abusive language averaged with an NB-SVM (``ensemble_head``),
folded into one weight vector with a fitted logistic slope. The partisan head is
a logistic regression over *delexicalised* word 1–3-grams plus the rule score, so it learns
phrasing, not the demo candidates (see ``ml.partisan``).

Datasets (attribution and licences in the model card): Ibrohim & Budi 2019 (CC BY-NC-SA
4.0), Suryadikara et al. 2020 (reuse with attribution), Rahutomo et al. 2019 (CC BY 4.0),
and Netral's own labelled posts.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from netral.screening.ml import lexicon as lexmod
from netral.screening.ml import partisan as prt
from netral.screening.ml.artefact import Artefact, PartisanModel, SharedFeatures
from netral.screening.ml.features import LinearHeads, WordNgrams
from netral.screening.ml.text import load_slang, normalize

SEED = 2024
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def default_root() -> Path:
    """The shared datasets (``NETRAL_DATASETS_DIR`` or ``../shared/datasets`` next to the
    repository, where CI and development checkouts find them)."""
    import os

    env = os.environ.get("NETRAL_DATASETS_DIR")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[4]
    # A clean clone for CI may live anywhere on the machine; the workplace keeps the
    # datasets at /work/shared as well.
    candidates = (
        repo.parent / "shared" / "datasets",
        repo.parent.parent / "shared" / "datasets",
        Path("/work/shared/datasets"),
    )
    for cand in candidates:
        if cand.exists():
            return cand
    return repo.parent / "shared" / "datasets"


@dataclass
class Corpora:
    hs_text: list[str]
    hs: np.ndarray
    abusive: np.ndarray
    tw_text: list[str]
    hoax_tw: np.ndarray
    art_text: list[str]
    hoax_art: np.ndarray
    slang: dict[str, str]
    abusive_words: frozenset[str]


def read_corpora(root: Path, *, limit: int | None = None, seed: int = SEED) -> Corpora:
    """Read the ``train.csv`` files (only those: the hidden splits stay hidden)."""
    rng = np.random.default_rng(seed)

    def sample(rows: list[Any]) -> list[Any]:
        if limit is None or len(rows) <= limit:
            return rows
        idx = rng.choice(len(rows), size=limit, replace=False)
        return [rows[i] for i in sorted(idx)]

    hsd = root / "id-multilabel-hatespeech"
    slang = load_slang(str(hsd / "new_kamusalay.csv"))
    with open(hsd / "abusive.csv", encoding="utf-8") as fh:
        abusive_words = frozenset(w.strip() for w in fh if w.strip() and w.strip() != "ABUSIVE")
    with open(hsd / "train.csv", encoding="utf-8", errors="replace", newline="") as fh:
        hs_rows = sample(list(csv.DictReader(fh)))
    with open(
        root / "id-election-falsenews-2019" / "train.csv", encoding="utf-8", newline=""
    ) as fh:
        tw_rows = sample(list(csv.DictReader(fh)))
    csv.field_size_limit(10**8)
    with open(root / "id-hoax-news-600" / "train.csv", encoding="utf-8", newline="") as fh:
        art_rows = sample(list(csv.DictReader(fh)))
    return Corpora(
        hs_text=[r["Tweet"] for r in hs_rows],
        hs=np.array([int(r["HS"]) for r in hs_rows]),
        abusive=np.array([int(r["Abusive"]) for r in hs_rows]),
        tw_text=[r["tweets"] for r in tw_rows],
        hoax_tw=np.array([r["class"] in ("False News", "Misleading News") for r in tw_rows], int),
        art_text=[r["text"] for r in art_rows],
        hoax_art=np.array([r["label"] == "Hoax" for r in art_rows], int),
        slang=slang,
        abusive_words=abusive_words,
    )


def read_labelled(path: Path | None = None) -> list[dict[str, str]]:
    with open(path or DATA_DIR / "labelled_posts.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_lexicons() -> dict[str, lexmod.Lexicon]:
    out = {}
    for key, name in (
        ("kepri", "lexicon_demo_kepri2024.json"),
        ("lingga", "lexicon_lingga_fiktif.json"),
        ("pilpres", "lexicon_pilpres_fiktif.json"),
    ):
        lex, errors = lexmod.parse(json.loads((DATA_DIR / name).read_text(encoding="utf-8")))
        assert lex is not None, errors
        out[key] = lex
    return out


def _lr(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=SEED)


class Linear:
    """A fitted linear model as plain arrays (the shape ``LinearHeads.from_models`` reads)."""

    def __init__(self, coef: np.ndarray, intercept: float) -> None:
        self.coef_ = coef.reshape(1, -1)
        self.intercept_ = np.array([intercept])


def _svm(c: float) -> Any:
    from sklearn.svm import LinearSVC

    return LinearSVC(C=c, class_weight="balanced", random_state=SEED)


def log_count_ratio(x: Any, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """NB-SVM log-count ratio (Wang & Manning 2012) of every feature: how much more often
    it occurs (present or not) in positive than in negative training rows."""
    b = x.copy()
    b.data[:] = 1
    p = alpha + np.asarray(b[y == 1].sum(0)).ravel()
    q = alpha + np.asarray(b[y == 0].sum(0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)


def ensemble_head(x: Any, y: np.ndarray, c_svm: float, c_nb: float | None = None) -> Linear:
    """A linear SVM (``c_nb`` None) or, with ``c_nb``, an NB-SVM (linear SVM on features scaled by their log-count ratio) and a plain linear
    SVM, each decision divided by its spread on the training rows and averaged. Both are
    linear in the features, so the ensemble folds into one weight vector (no cost at
    screening time). The slope of the logistic link is fitted on out-of-fold decisions of
    the training rows (Platt scaling without intercept), so a score of 0.5 stays at the
    ensemble's own decision boundary and the score reads as a probability."""
    from scipy.sparse import diags
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    def fit(xs: Any, ys: np.ndarray) -> tuple[np.ndarray, float]:
        sv = _svm(c_svm).fit(xs, ys)
        w_sv, b_sv = sv.coef_[0], float(sv.intercept_[0])
        if c_nb is None:
            return w_sv, b_sv
        r = log_count_ratio(xs, ys)
        nb = _svm(c_nb).fit(xs @ diags(r), ys)
        w_nb, b_nb = nb.coef_[0] * r, float(nb.intercept_[0])
        s_nb = float(np.std(xs @ w_nb + b_nb)) or 1.0
        s_sv = float(np.std(xs @ w_sv + b_sv)) or 1.0
        return 0.5 * (w_nb / s_nb + w_sv / s_sv), 0.5 * (b_nb / s_nb + b_sv / s_sv)

    oof = np.zeros(len(y))
    for a, b in StratifiedKFold(3, shuffle=True, random_state=SEED).split(oof, y):
        w, c0 = fit(x[a], y[a])
        oof[b] = x[b] @ w + c0
    slope = LogisticRegression(fit_intercept=False, C=100.0).fit(oof.reshape(-1, 1), y)
    k = max(float(slope.coef_[0, 0]), 1e-3)
    w, c0 = fit(x, y)
    return Linear((w * k).astype(np.float32), c0 * k)


def ensemble_predict(head: Linear, x: Any) -> np.ndarray:
    scores: np.ndarray = np.asarray(x @ head.coef_[0]).ravel() + head.intercept_[0]
    return (scores >= 0).astype(int)


def partisan_rows(
    labelled: list[dict[str, str]],
    lexicons: dict[str, lexmod.Lexicon],
    slang: dict[str, str],
    common: frozenset[str],
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Delexicalised text and rule score of each labelled post (the action's meaning
    comes from its target: likes, shares and follows are read through ``target_text``)."""
    compiled = {k: lexmod.CompiledLexicon(v, slang, common) for k, v in lexicons.items()}
    texts, rules, y = [], [], []
    for r in labelled:
        lex = compiled[r["election"]]
        body = r["text"] if r["action"] in ("post", "comment") else ""
        body = (
            (body + " " + r["target_text"]).strip()
            if r["action"] != "comment"
            else body + " " + r["target_text"]
        )
        res = prt.rules(normalize(body, slang), lex)
        texts.append(res.delex)
        rules.append(res.score)
        y.append(int(r["partisan"]))
    return texts, np.array(rules, np.float32), np.array(y)


def partisan_fit(texts: Sequence[str], rules: np.ndarray, y: np.ndarray) -> PartisanModel:
    m = PartisanModel()
    clf = _lr(4.0).fit(m.x(texts, rules, fit=True), y)
    m.head = LinearHeads.from_models({"partisan": clf})
    return m


def common_vocabulary(corpora: Corpora) -> frozenset[str]:
    """General Indonesian vocabulary: standard forms of the slang dictionary and words
    seen at least three times in the tweets; aliases found here are ordinary words."""
    words = {w for v in corpora.slang.values() for w in v.split()}
    counts: dict[str, int] = {}
    for t in corpora.hs_text + corpora.tw_text:
        for w in normalize(t, corpora.slang).split():
            counts[w] = counts.get(w, 0) + 1
    words |= {w for w, n in counts.items() if n >= 3}
    return frozenset(words)


# Regularisation of each head: (plain SVM C, NB-SVM C or None for the plain SVM alone),
# chosen by the grouped cross-validation below (figures in docs/screening.md).
HEAD_C: dict[str, tuple[float, float | None]] = {
    "hs": (0.3, 0.3),
    "abusive": (0.3, 0.3),
    "hoax_tweet": (0.3, None),
}
ARTICLE_C: tuple[float, float | None] = (0.3, None)


def fit_head(x: Any, y: np.ndarray, key: str) -> Linear:
    c_svm, c_nb = ARTICLE_C if key == "hoax_article" else HEAD_C[key]
    return ensemble_head(x, y, c_svm, c_nb)


def article_words() -> WordNgrams:
    return WordNgrams(n_max=2, min_df=2, max_features=50000)


def train(root: Path, *, limit: int | None = None) -> Artefact:
    """Fit every detector on the ``train.csv`` files and the labelled posts."""
    c = read_corpora(root, limit=limit)
    labelled = read_labelled()
    shared = SharedFeatures(c.slang, c.abusive_words).fit(
        c.hs_text + c.tw_text + [r["text"] + " " + r["target_text"] for r in labelled]
    )
    x_hs = shared.transform(c.hs_text)
    x_tw = shared.transform(c.tw_text)
    heads = LinearHeads.from_models(
        {
            "hs": fit_head(x_hs, c.hs, "hs"),
            "abusive": fit_head(x_hs, c.abusive, "abusive"),
            "hoax_tweet": fit_head(x_tw, c.hoax_tw, "hoax_tweet"),
        }
    )
    art_words = article_words()
    art_norms = [normalize(t, c.slang) for t in c.art_text]
    x_art = art_words.fit(art_norms).transform(art_norms)
    art_head = LinearHeads.from_models(
        {"hoax_article": fit_head(x_art, c.hoax_art, "hoax_article")}
    )
    common = common_vocabulary(c)
    ptexts, prules, py = partisan_rows(labelled, load_lexicons(), c.slang, common)
    return Artefact(
        shared=shared,
        heads=heads,
        art_words=art_words,
        art_head=art_head,
        partisan=partisan_fit(ptexts, prules, py),
        common_words=common,
        counts={
            "hatespeech": len(c.hs_text),
            "falsenews": len(c.tw_text),
            "hoax_articles": len(c.art_text),
            "labelled_posts": len(labelled),
        },
    )


def fingerprint(root: Path) -> str:
    h = hashlib.sha256()
    for rel in (
        "id-multilabel-hatespeech/train.csv",
        "id-multilabel-hatespeech/new_kamusalay.csv",
        "id-election-falsenews-2019/train.csv",
        "id-hoax-news-600/train.csv",
    ):
        h.update((root / rel).read_bytes())
    h.update((DATA_DIR / "labelled_posts.csv").read_bytes())
    return h.hexdigest()[:12]


def save(artefact: Artefact, directory: Path, card: str) -> None:
    artefact.save(directory)
    (directory / "MODEL_CARD.md").write_text(card, encoding="utf-8")


def load(directory: Path) -> Artefact:
    return Artefact.load(directory)


# -- evaluation -----------------------------------------------------------------------------
def _prf(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """Precision, recall, F1 of the positive class and macro-F1 (both classes)."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    pr, rc, f1, _ = precision_recall_fscore_support(y, p, average="binary", zero_division=0)
    return {
        "precision": float(pr),
        "recall": float(rc),
        "f1": float(f1),
        "macro_f1": float(f1_score(y, p, average="macro", zero_division=0)),
        "n": int(len(y)),
    }


def _splits(norms: Sequence[str], y: np.ndarray, folds: int) -> list[tuple[Any, Any]]:
    """Stratified folds that keep every copy of a (normalised) duplicate text on one side,
    as the hidden test split does, so the figures are not inflated by repeats."""
    from sklearn.model_selection import StratifiedGroupKFold

    ids: dict[str, int] = {}
    groups = np.array([ids.setdefault(n, len(ids)) for n in norms])
    cv = StratifiedGroupKFold(folds, shuffle=True, random_state=SEED)
    return list(cv.split(np.zeros(len(y)), y, groups))


def cross_validate(
    root: Path, *, folds: int = 5, limit: int | None = None
) -> dict[str, dict[str, float]]:
    """Stratified k-fold figures for every detector, refitting the features in each fold
    exactly as ``train`` does (no test fold ever reaches a vectoriser)."""
    c = read_corpora(root, limit=limit)
    out: dict[str, dict[str, float]] = {}

    def text_cv(texts: list[str], ys: dict[str, tuple[np.ndarray, str]]) -> None:
        norms = [normalize(t, c.slang) for t in texts]
        first = next(iter(ys.values()))[0]
        preds = {k: np.zeros(len(texts), int) for k in ys}
        for tr, te in _splits(norms, first, folds):
            sf = SharedFeatures(c.slang, c.abusive_words)
            sf.fit([texts[i] for i in tr], [norms[i] for i in tr])
            xtr = sf.transform([texts[i] for i in tr], [norms[i] for i in tr])
            xte = sf.transform([texts[i] for i in te], [norms[i] for i in te])
            for k, (y, head) in ys.items():
                preds[k][te] = ensemble_predict(fit_head(xtr, y[tr], head), xte)
        for k, (y, _c) in ys.items():
            out[k] = _prf(y, preds[k])

    text_cv(
        c.hs_text,
        {"hate_speech (HS)": (c.hs, "hs"), "abusive": (c.abusive, "abusive")},
    )
    text_cv(c.tw_text, {"hoax_tweets (False+Misleading)": (c.hoax_tw, "hoax_tweet")})
    norms = [normalize(t, c.slang) for t in c.art_text]
    p = np.zeros(len(norms), int)
    for tr, te in _splits(norms, c.hoax_art, folds):
        v = article_words().fit([norms[i] for i in tr])
        head = fit_head(v.transform([norms[i] for i in tr]), c.hoax_art[tr], "hoax_article")
        p[te] = ensemble_predict(head, v.transform([norms[i] for i in te]))
    out["hoax_articles"] = _prf(c.hoax_art, p)
    out.update(partisan_cv(c, folds=folds))
    return out


def partisan_cv(c: Corpora, *, folds: int = 5) -> dict[str, dict[str, float]]:
    """Partisan figures on the labelled posts: stratified k-fold, and leave-one-election-out
    (trained on two fictional elections, tested on the third: the generalisation test)."""
    from sklearn.model_selection import StratifiedKFold

    labelled = read_labelled()
    common = common_vocabulary(c)
    texts, rules, y = partisan_rows(labelled, load_lexicons(), c.slang, common)
    arr = np.array(texts, dtype=object)
    out = {}
    p = np.zeros(len(y), int)
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=SEED).split(arr, y):
        m = partisan_fit(list(arr[tr]), rules[tr], y[tr])
        p[te] = m.predict(list(arr[te]), rules[te]) >= 0.5
    out["partisan (labelled posts, k-fold)"] = _prf(y, p)
    elections = np.array([r["election"] for r in labelled])
    p = np.zeros(len(y), int)
    for e in sorted(set(elections)):
        te, tr = elections == e, elections != e
        m = partisan_fit(list(arr[tr]), rules[tr], y[tr])
        p[te] = m.predict(list(arr[te]), rules[te]) >= 0.5
    out["partisan (leave-one-election-out)"] = _prf(y, p)
    out["partisan (rules only)"] = _prf(y, (rules >= 0.5).astype(int))
    return out
