"""The numpy feature pass matches scikit-learn's definitions, the artefact round-trips
without pickle, and forked screening workers give the same results as in-process."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from netral.screening import ingest, services
from netral.screening.ml import detectors
from netral.screening.ml import screen as scr
from netral.screening.ml.features import CharHasher, WordNgrams, raw_form
from netral.screening.tests.conftest import lexicon_json

TEXTS = [
    "Ayo coblos  nomor 2, pasti MENANG!",
    "a bc",
    "Selamat pagi ✌️ semua\\nsehat selalu",
    "",
]


def test_char_ngrams_are_char_wb_ngrams():
    # given scikit-learn's char_wb 2-5-gram counts
    forms = [raw_form(t) for t in TEXTS]
    ref = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5)).fit(
        [f.strip() for f in forms if f.strip()]
    )
    # when hashed into 2**20 buckets (no collision among so few n-grams)
    mine = CharHasher(bits=20).counts(forms)
    theirs = ref.transform([f.strip() for f in forms])
    # then every text has the same n-gram multiset size and distinct n-grams
    assert mine.sum(axis=1).A.ravel().tolist() == theirs.sum(axis=1).A.ravel().tolist()
    assert (mine > 0).sum(axis=1).A.ravel().tolist() == (theirs > 0).sum(axis=1).A.ravel().tolist()


def test_word_tfidf_matches_scikit_learn():
    docs = ["a b c a", "b c d", "a d", "e"]
    ref = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+", min_df=1
    ).fit(docs)
    mine = WordNgrams(n_max=2, min_df=1).fit(docs)
    assert mine.names() == list(ref.get_feature_names_out())
    np.testing.assert_allclose(
        mine.transform(docs + ["a z"]).toarray(),
        ref.transform(docs + ["a z"]).toarray(),
        rtol=1e-5,
        atol=1e-6,
    )


def test_artefact_round_trips_without_pickle(models_dir, tmp_path):
    a = detectors.load(models_dir / "test")
    a.save(tmp_path / "copy")
    b = detectors.load(tmp_path / "copy")
    x = a.shared.transform(TEXTS)
    np.testing.assert_array_equal(a.heads.proba(x)["hs"], b.heads.proba(x)["hs"])
    with np.load(tmp_path / "copy" / "model.npz", allow_pickle=False) as z:
        assert all(z[k].dtype != object for k in z.files)


def test_forked_workers_give_the_same_results(settings, db):
    # given one screener and a few chunks of posts
    from netral.screening.ml import lexicon as lexmod

    lex, _errors = lexmod.parse(lexicon_json())
    screener, _v = services.screener_for(lex)
    rows = [
        ingest.PostIn(i, f"p{i}", "x", "a", "post", t, "", None)
        for i, t in enumerate(
            ["Ayo coblos nomor 1 pasti menang!", "dasar bodoh kau", "Selamat pagi"] * 4
        )
    ]
    chunks = [rows[:5], rows[5:9], rows[9:]]

    def run(workers: int) -> list[scr.Result]:
        settings.SCREENING_WORKERS = workers
        return [res for _rows, out in services.screened_chunks(screener, chunks) for res in out]

    # when / then
    assert run(2) == run(1)


def test_ensemble_head_folds_nb_svm_and_svm_into_one_weight_vector():
    # given a small slice of the hate-speech training data and its shared features
    from scipy.sparse import diags
    from sklearn.svm import LinearSVC

    c = detectors.read_corpora(detectors.default_root(), limit=400)
    x = detectors.SharedFeatures(c.slang, c.abusive_words).fit(c.hs_text).transform(c.hs_text)
    y = c.hs
    # when the ensemble head is fitted
    head = detectors.ensemble_head(x, y, 0.3, 0.3)
    # then its one weight vector decides exactly as the two separately fitted SVMs do
    r = detectors.log_count_ratio(x, y)
    nb = LinearSVC(C=0.3, class_weight="balanced", random_state=detectors.SEED).fit(x @ diags(r), y)
    sv = LinearSVC(C=0.3, class_weight="balanced", random_state=detectors.SEED).fit(x, y)
    d_nb = nb.decision_function(x @ diags(r))
    d_sv = sv.decision_function(x)
    expected = (d_nb / d_nb.std() + d_sv / d_sv.std() >= 0).astype(int)
    got = detectors.ensemble_predict(head, x)
    assert (got == expected).mean() > 0.99
    # and the stored score is a probability that crosses 0.5 at that boundary
    p = detectors.LinearHeads.from_models({"hs": head}).proba(x)["hs"]
    assert ((p >= 0.5) == (got == 1)).mean() > 0.99
    assert 0.0 < p.min() < 0.5 < p.max() < 1.0


def test_char_hash_is_the_seeded_window_polynomial():
    # given one short text and the direct definition of the window hash:
    # h = n, then h = h * P + code for each character (modulo 2**32), mixed and masked
    from netral.screening.ml import features

    form = raw_form("Ayo coblos ✌")
    p, mix, mask = 0x01000193, 0x45D9F3B, (1 << 20) - 1

    def bucket(window: str) -> int:
        h = len(window)
        for ch in window:
            h = (h * p + ord(ch)) % 2**32
        h ^= h >> 16
        h = (h * mix) % 2**32
        h ^= h >> 16
        return h & mask

    want: dict[int, int] = {}
    for n in (2, 3, 4, 5):
        for i in range(len(form) - n + 1):
            w = form[i : i + n]
            if n > 2 and " " in w[1:-1]:
                continue
            want[bucket(w)] = want.get(bucket(w), 0) + 1
    # when counted by the vectorised hasher
    m = features.CharHasher(bits=20).counts([form])
    # then the same buckets hold the same counts
    assert dict(zip(m.indices.tolist(), m.data.astype(int).tolist(), strict=True)) == want
