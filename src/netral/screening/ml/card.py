"""Model card text written next to every trained artefact (datasets, licences, figures)."""

from __future__ import annotations

from typing import Any

CARD = """# Netral screening detectors, version {version}

Trained by `manage.py train_screening` (seed {seed}) on {counts}.
Fingerprint of the training files: `{fingerprint}`. Sample limit: {limit}.

Flags are suggestions for a human reviewer; they never sanction anyone.
Stored as `model.json` + `model.npz` (plain arrays, loaded without pickle or scikit-learn).

## Detectors
- Hate speech (HS) and abusive language: a linear SVM averaged with an NB-SVM (features
  scaled by their log-count ratio), folded into one weight vector with a logistic slope
  fitted out of fold, on shared word 1-2-gram (normalised) and hashed character 2-5-gram
  (2**20 buckets, within word boundaries) TF-IDF features plus abusive-lexicon counts.
- Election hoax (tweets): a linear SVM on the same shared features; long texts use a
  linear SVM on word 1-2-grams trained on hoax articles. Debunks ("[SALAH]", "cek fakta")
  are discounted by rule.
- Grouped 5-fold cross-validation (duplicates kept on one side; `manage.py
  evaluate_screening`), macro-F1: HS 0.870, abusive 0.933, hoax tweets 0.784, hoax
  articles 0.722.
- Partisan support: lexicon rules plus a logistic regression on delexicalised word 1-3-grams
  (candidate references replaced by placeholders), trained on Netral's labelled posts.

## Datasets, attribution and licences
- id-multilabel-hatespeech: M. O. Ibrohim and I. Budi, "Multi-label Hate Speech and Abusive
  Language Detection in Indonesian Twitter", ALW3 2019, doi:10.18653/v1/W19-3506.
  Licence CC BY-NC-SA 4.0: attribution, non-commercial, share-alike. The models and the
  embedded slang dictionary (new_kamusalay) are ShareAlike derivatives under the same
  licence; do not ship them inside anything sold.
- id-election-falsenews-2019: R. Suryadikara, S. Verberne, F. W. Takes, "False News
  Classification and Dissemination: The Case of the 2019 Indonesian Presidential
  Election", CEUR-WS Vol-2699 paper 37, 2020. No licence file; the authors make it
  "available for reuse by the community": research/non-commercial reuse with attribution.
- id-hoax-news-600: F. Rahutomo, I. Y. R. Pratiwi, D. M. Ramadhani, "Naive Bayes's
  Experiment on Hoax News Detection in Indonesian Language", JPKOP 2019; Mendeley Data
  p3hfgr5j3m v1. Licence CC BY 4.0.
- Netral labelled posts (src/netral/screening/data/labelled_posts.csv): written for the
  project from hand-written sentence patterns over three fictional elections; same licence
  as the project.

Only the `train.csv` files were used; the hidden test splits were never read.

## Cross-validated figures at training time
{figures}
"""


def render(**kw: Any) -> str:
    return CARD.format(**kw)
