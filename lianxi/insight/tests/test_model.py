from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer

from lianxi.insight.routing.model import Classifier, _views
from lianxi.insight.routing.synthetic import generate


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
    views = [_views(t) for t in texts]
    blocks = []
    for k in range(3):
        vectorizer = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True)
        blocks.append(vectorizer.fit_transform([v[k] for v in views]))
    matrix = hstack(blocks).tocsr()
    expected = matrix[7] @ model.coef
    assert np.allclose(np.asarray(expected).ravel() + model.intercept, model.scores(texts[7]))


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
