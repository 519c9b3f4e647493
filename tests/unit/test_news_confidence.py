"""The learned confidence over a news figure's evidence (extract/confidence.py, the shipped
spbe/data/news_confidence.json): applied in pure Python, never overruling a hard-case hold."""

from __future__ import annotations

import math

import pytest

from spbe.sources.news.extract import confidence, extract_figures
from spbe.sources.news.extract.evidence import Cues

_MODEL = {
    "enabled": True,
    "threshold": 0.9,
    "promotable": ["H-YEAR-IMPLIED", "H-BODY-FALLBACK"],
    "coef": {"year_implied": -2.0},
    "intercept": 3.0,
}


def _feats(**cues) -> dict[str, float]:
    return confidence.features(Cues(**cues), "evaluation", "R-YEAR-EXPLICIT", "R-KIND-EVAL", [])


def test_the_shipped_model_weighs_every_feature_and_nothing_else():
    model = confidence.load_model()
    assert model is not None
    assert set(model["coef"]) == set(_feats())
    assert 0.5 <= model["threshold"] <= 1.0
    # The hard cases' reasons are never the model's to overrule.
    assert not {"H-QUESTION", "H-DENIED-NEXT", "H-TARGET-NEAR", "H-KIND-FUTURE", "H-INDEX-MISMATCH", "H-BODY-PLACE"} & set(
        model["promotable"]
    )


def test_probability_is_the_logistic_of_the_linear_score():
    assert confidence.probability({"year_implied": 0.0}, _MODEL) == pytest.approx(1 / (1 + math.exp(-3.0)))
    assert confidence.probability({"year_implied": 1.0}, _MODEL) == pytest.approx(1 / (1 + math.exp(-1.0)))


def test_overrules_only_promotable_reasons_at_the_threshold():
    implied = ["H-YEAR-IMPLIED: the year is not written for this value (implicit)"]
    assert confidence.overrules(implied, 0.95, _MODEL)
    assert not confidence.overrules(implied, 0.85, _MODEL)
    assert not confidence.overrules(implied + ["H-QUESTION: the sentence asks"], 0.99, _MODEL)
    assert not confidence.overrules(implied, 0.99, {**_MODEL, "enabled": False})
    assert not confidence.overrules([], 0.99, _MODEL)


def test_features_read_the_evidence():
    f = confidence.features(
        Cues(body="R-COREF", body_via="dominant", values=3, bodies=1),
        "target",
        "R-YEAR-RELATIVE",
        "R-KIND-TARGET",
        ["H-CROWDED: 3 values"],
    )
    assert (
        f["kind_target"] == 1 and f["year_implied"] == 1 and f["body_unnamed"] == 1 and f["crowded"] == 1 and f["h_crowded"] == 1
    )
    assert f["h_year_implied"] == 0


def test_every_figure_carries_its_confidence():
    (fig,) = extract_figures("Indeks SPBE Kabupaten Sleman tahun 2023 mencapai 3,41 dengan predikat Baik.", "2024-03-01")
    assert fig.status == "accepted" and 0.9 < fig.confidence <= 1.0 and f"p={fig.confidence:.3f}" in fig.cues


def test_a_question_stays_held_whatever_the_model_says():
    figs = extract_figures("Mampukah Kabupaten Sleman meraih Indeks SPBE 3,5 pada evaluasi tahun 2024?", "2024-03-01")
    assert all(f.status != "accepted" for f in figs)


def test_the_pure_python_probability_matches_scikit_learn():
    sk = pytest.importorskip("sklearn.linear_model")
    import numpy as np

    x = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0], [0.5, 0.2], [0.1, 0.9]])
    y = np.array([1, 0, 0, 1, 1, 0])
    clf = sk.LogisticRegression().fit(x, y)
    model = {"coef": dict(zip(["a", "b"], clf.coef_[0].tolist(), strict=True)), "intercept": float(clf.intercept_[0])}
    for row in x:
        assert confidence.probability({"a": row[0], "b": row[1]}, model) == pytest.approx(clf.predict_proba([row])[0, 1])
