from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer

from lianxi.insight.routing.model import Classifier, _views
from lianxi.insight.routing.synthetic import generate


def _scikit_matrix(texts: list[str]) -> tuple[object, list[int]]:
    """The stacked tf-idf blocks as scikit-learn computes them, and each block's width."""
    views = [_views(t) for t in texts]
    blocks = []
    for k in range(3):
        vectorizer = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True)
        blocks.append(vectorizer.fit_transform([v[k] for v in views]))
    return hstack(blocks).tocsr(), [b.shape[1] for b in blocks]


def test_learns_and_ranks() -> None:
    pairs = generate(400, seed=1)
    model = Classifier().fit([t for t, _ in pairs], [c for _, c in pairs])
    held_out = generate(200, seed=2)
    predicted = model.predict([t for t, _ in held_out])
    accuracy = np.mean([p == c for p, (_, c) in zip(predicted, held_out, strict=True)])
    assert accuracy > 0.8
    ranked = model.rank(held_out[0][0], top=3)
    assert len(ranked) == 3
    assert ranked[0][1] >= ranked[1][1] >= ranked[2][1]
    assert 0 < sum(p for _, p in ranked) <= 1.0 + 1e-9


def test_fast_scores_equal_scikit_features() -> None:
    """The hand-rolled suggestion path computes the same tf-idf rows as scikit-learn."""
    texts = [t for t, _ in generate(50, seed=4)]
    model = Classifier().fit(texts, ["a" if i % 2 else "b" for i in range(50)])
    matrix, _widths = _scikit_matrix(texts)
    expected = matrix[7] @ model.coef
    assert np.allclose(np.asarray(expected).ravel() + model.intercept, model.scores(texts[7]))


def test_scores_equal_ridge_plus_naive_bayes() -> None:
    """A small fit is scikit-learn's ridge decision function plus NB_WEIGHT × complement naive
    Bayes' log weights (centred over labels) on the word block."""
    from sklearn.linear_model import RidgeClassifier
    from sklearn.naive_bayes import ComplementNB

    from lianxi.insight.routing.model import NB_ALPHA, NB_WEIGHT

    pairs = generate(90, seed=8)
    texts = [t for t, _ in pairs]
    labels = ["abc"[i % 3] for i in range(90)]
    model = Classifier().fit(texts, labels)
    matrix, widths = _scikit_matrix(texts)
    ridge = RidgeClassifier(alpha=0.5, class_weight="balanced", solver="sparse_cg")
    ridge.fit(matrix, labels)
    words = matrix[:, widths[0] : widths[0] + widths[1]]
    log_weights = ComplementNB(alpha=NB_ALPHA).fit(words, labels).feature_log_prob_
    log_weights = log_weights - log_weights.mean(axis=0)
    expected = ridge.decision_function(matrix) + NB_WEIGHT * (words @ log_weights.T)
    assert model.labels == ["a", "b", "c"]
    for i in (0, 7, 50):
        assert np.allclose(expected[i], model.scores(texts[i]), atol=1e-4)


def test_larger_fits_use_the_svm(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above RIDGE_UP_TO samples × labels the model is liblinear's SVM, nothing added."""
    from sklearn.svm import LinearSVC

    from lianxi.insight.routing import model

    fitted_svms: list[LinearSVC] = []
    real_fit = LinearSVC.fit

    def spy(self: LinearSVC, *args: object, **kwargs: object) -> LinearSVC:
        fitted_svms.append(self)
        return real_fit(self, *args, **kwargs)

    monkeypatch.setattr(model, "RIDGE_UP_TO", 100)
    monkeypatch.setattr(LinearSVC, "fit", spy)
    pairs = generate(60, seed=9)
    texts = [t for t, _ in pairs]
    fitted = Classifier().fit(texts, ["abc"[i % 3] for i in range(60)])
    assert len(fitted_svms) == 1
    matrix, _widths = _scikit_matrix(texts)
    expected = fitted_svms[0].decision_function(matrix)
    assert np.allclose(expected[3], fitted.scores(texts[3]), atol=1e-4)


def test_one_label_and_empty_text() -> None:
    model = Classifier().fit(["路灯不亮", "井盖丢失"], ["x", "x"])
    assert model.rank("什么都没有")[0][0] == "x"
    two = Classifier().fit(["路灯不亮 路灯", "学校 食堂 学生"], ["light", "school"])
    assert two.predict(["学校食堂"]) == ["school"]
    assert two.predict(["路灯"]) == ["light"]


def test_single_label_ranks_it() -> None:
    model = Classifier().fit(["路灯不亮", "井盖丢失"], ["only", "only"])
    assert model.rank("路灯不亮井盖丢失") == [("only", 1.0)]


def test_two_levels_on_enough_data() -> None:
    """With parents given and enough samples: a group model, then one per group; the
    confidences still sum to one and it predicts as well as one level on fresh texts."""
    from lianxi.directory.taxonomy import TAXONOMY
    from lianxi.insight.routing.model import TWO_LEVELS_FROM

    groups = {ch["code"]: top["code"] for top in TAXONOMY for ch in top.get("children", [])}
    pairs = generate(TWO_LEVELS_FROM, seed=5)
    texts, labels = [t for t, _ in pairs], [c for _, c in pairs]
    two = Classifier().fit(texts, labels, groups=groups)
    assert sorted(two.groups) == sorted(set(groups.values()))
    assert sorted(two.labels) == sorted(set(labels))
    assert two.coef.shape[1] == len(two.groups) + len(two.labels)
    fresh = generate(300, seed=6)
    prob = two.probabilities(fresh[0][0])
    assert abs(prob.sum() - 1) < 1e-6 and (prob >= 0).all()
    predicted = two.predict([t for t, _ in fresh])
    right = np.mean([p == c for p, (_, c) in zip(predicted, fresh, strict=True)])
    assert right > 0.95
    flat = Classifier().fit(
        texts[: TWO_LEVELS_FROM - 1], labels[: TWO_LEVELS_FROM - 1], groups=groups
    )
    assert flat.groups == [] and flat.coef.shape[1] == len(flat.labels)


def test_large_fits_use_sgd_and_still_learn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above EXACT_UP_TO samples the solver is SGD (same loss); it must rank as well."""
    from sklearn.linear_model import SGDClassifier

    from lianxi.insight.routing import model

    used: list[str] = []
    real_fit = SGDClassifier.fit

    def spy(self: SGDClassifier, *args: object, **kwargs: object) -> SGDClassifier:
        used.append("sgd")
        return real_fit(self, *args, **kwargs)

    monkeypatch.setattr(model, "EXACT_UP_TO", 300)
    monkeypatch.setattr(SGDClassifier, "fit", spy)
    pairs = generate(1200, seed=11)
    fitted = Classifier().fit([t for t, _ in pairs], [c for _, c in pairs])
    assert used == ["sgd"]
    held_out = generate(300, seed=12)
    predicted = fitted.predict([t for t, _ in held_out])
    right = np.mean([p == c for p, (_, c) in zip(predicted, held_out, strict=True)])
    assert right > 0.8
