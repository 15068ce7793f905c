"""The text classifier behind routing suggestions, with no Django in it.

Features: TF-IDF (sublinear tf) of character 1–3-grams of the whole text, of rjieba word
tokens, and of character 1–2-grams of the opening (the title is at the front), stacked.
On top, for small fits (samples × labels up to RIDGE_UP_TO), a class-balanced ridge classifier
(least squares on ±1 targets, alpha = 1 / (2C)) plus a fifth of complement naive Bayes' log
weights on the word block, summed into one coefficient matrix: on the real messages (5-fold
macro-F1, three fold seeds) the linear SVM scored 0.899, ridge alone 0.902, ridge + naive Bayes
0.908 (naive Bayes keeps the pull of rare telling words that the discriminative fit shrinks
away). Larger fits use a class-balanced linear SVM: ridge solves one system per label and took
20 s where liblinear took 4 (20,000 samples, 30 labels). Given groups (a category's parent)
and enough samples, two levels: one SVM picks the group, one per group picks within it, fitted
in threads (liblinear releases the GIL); a label's confidence is P(group) × P(label | group).
One-vs-rest over 86 categories makes 86 passes over every sample; with 15 groups, two levels
make 15 passes over every sample and 86 over a fifteenth each, about four times less.
Suggestion does its own sparse dot products over the learned vocabularies (no scikit-learn
call per suggestion: about 0.3 ms a text).
"""

from __future__ import annotations

import os
import re
import time
import warnings
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np
import rjieba

HEAD_CHARS = 30  # the opening: the title, or the first words of the message
TWO_LEVELS_FROM = 5000  # samples: below it one level is as fast and better on scarce data
MAX_CHARS = 600  # longer texts add little and cost time
# liblinear's exact solver slows down far faster than the data grows (15 classes: 3 s on 20,000
# samples, 45 s on 100,000); above this many samples SGD minimises the same loss in seconds and
# scored as well on the real messages (5-fold macro-F1 0.902 against 0.900).
EXACT_UP_TO = 20_000
RIDGE_UP_TO = 100_000  # samples × labels: ridge + naive Bayes up to it (a few seconds), else SVM
SGD_EPOCHS = 10
NB_WEIGHT = 0.2  # naive Bayes log weights added to the ridge coefficients (word block only)
NB_ALPHA = 0.1  # naive Bayes smoothing; on tf-idf values, not counts
TEMPERATURE = 0.35  # softmax over the margins → a confidence in 0..1
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Numbers collapse to 0 (house numbers and dates say nothing about the matter)."""
    return _DIGITS.sub("0", _SPACE.sub("", text or ""))[:MAX_CHARS]


def char_grams(text: str, low: int, high: int) -> list[str]:
    return [text[i : i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)]


def words(text: str) -> list[str]:
    return [w for w in rjieba.cut(text) if w.strip()]


def _views(text: str) -> tuple[list[str], list[str], list[str]]:
    text = normalise(text)
    return char_grams(text, 1, 3), words(text), char_grams(text[:HEAD_CHARS], 1, 2)


@dataclass
class Block:
    """One TF-IDF view: token → column, and the column's idf."""

    vocab: dict[str, int]
    idf: np.ndarray

    def row(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Columns and l2-normalised sublinear tf-idf values (as scikit-learn computes them)."""
        ids = np.fromiter(map(self.vocab.get, tokens, repeat(-1)), np.int64, len(tokens))
        cols, counts = np.unique(ids[ids >= 0], return_counts=True)
        if not len(cols):
            return cols, np.zeros(0)
        values = (1.0 + np.log(counts)) * self.idf[cols]
        return cols, values / np.sqrt(values @ values)


@dataclass
class Classifier:
    """Labels are strings (category or department ids as text, or a CSV's labels)."""

    labels: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    coef: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    intercept: np.ndarray = field(default_factory=lambda: np.zeros(0))
    trained_seconds: float = 0.0
    samples: int = 0
    groups: list[str] = field(default_factory=list)  # empty: one level
    group_of: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        weights: Sequence[float] | None = None,
        *,
        c: float = 1.0,
        groups: Mapping[str, str] | None = None,
    ) -> Classifier:
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer

        started = time.perf_counter()
        views = [_views(t) for t in texts]
        min_df = 2 if len(texts) >= 1000 else 1
        matrices, self.blocks, self.offsets, offset = [], [], [], 0
        for k in range(3):
            vectorizer = TfidfVectorizer(
                analyzer=_identity,
                sublinear_tf=True,
                min_df=min_df if k < 2 else 1,
                dtype=np.float32,
            )
            matrices.append(vectorizer.fit_transform([v[k] for v in views]))
            vocab = {t: int(i) for t, i in vectorizer.vocabulary_.items()}
            self.blocks.append(Block(vocab, vectorizer.idf_.astype(np.float64)))
            self.offsets.append(offset)
            offset += len(vocab)
        matrix = hstack(matrices).tocsr()
        small = len(texts) * len(set(labels)) <= RIDGE_UP_TO
        words_block = slice(self.offsets[1], self.offsets[2]) if small else None
        y = np.asarray(labels)
        w = None if weights is None else np.asarray(weights, dtype=np.float64)
        names = [groups.get(label, label) for label in labels] if groups else []
        if len(texts) >= TWO_LEVELS_FROM and 1 < len(set(names)) < len(set(labels)):
            self._fit_two_levels(matrix, y, np.asarray(names), w, c, words_block)
        else:
            self.labels, self.coef, self.intercept = _linear(matrix, y, w, c, words_block)
            self.groups, self.group_of = [], np.zeros(0, dtype=np.int64)
        self.samples = len(texts)
        self.trained_seconds = time.perf_counter() - started
        return self

    def _fit_two_levels(
        self,
        matrix: Any,
        y: np.ndarray,
        g: np.ndarray,
        w: np.ndarray | None,
        c: float,
        words_block: slice | None,
    ) -> None:
        names = sorted(set(g.tolist()))
        rows = [np.flatnonzero(g == name) for name in names]

        def within(idx: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
            return _linear(matrix[idx], y[idx], None if w is None else w[idx], c, words_block)

        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            top = pool.submit(_linear, matrix, g, w, c, words_block)
            parts = list(pool.map(within, rows))
        self.groups, coef, intercept = top.result()
        coefs, intercepts, self.labels = [coef], [intercept], []
        group_of: list[int] = []
        for name, (labels, part_coef, part_intercept) in zip(names, parts, strict=True):
            self.labels += labels
            coefs.append(part_coef)
            intercepts.append(part_intercept)
            group_of += [self.groups.index(name)] * len(labels)
        self.coef = np.ascontiguousarray(np.hstack(coefs), dtype=np.float32)
        self.intercept = np.concatenate(intercepts)
        self.group_of = np.asarray(group_of, dtype=np.int64)

    def scores(self, text: str) -> np.ndarray:
        total = self.intercept.copy()
        for block, offset, tokens in zip(self.blocks, self.offsets, _views(text), strict=True):
            cols, values = block.row(tokens)
            if len(cols):
                total += values @ self.coef[cols + offset]
        return total

    def probabilities(self, text: str) -> np.ndarray:
        """One confidence per label (softmax over the margins; two levels multiply)."""
        margins = self.scores(text)
        if not len(self.groups):
            exp = np.exp((margins - margins.max()) / TEMPERATURE)
            return exp / exp.sum()
        n = len(self.groups)
        top, inner = margins[:n], margins[n:]
        p_group = np.exp((top - top.max()) / TEMPERATURE)
        p_group /= p_group.sum()
        exp = np.exp((inner - inner.max()) / TEMPERATURE)
        sums = np.bincount(self.group_of, weights=exp, minlength=n)
        return p_group[self.group_of] * exp / sums[self.group_of]

    def rank(self, text: str, top: int = 3) -> list[tuple[str, float]]:
        """The `top` labels with a confidence each."""
        if not self.labels:
            return []
        prob = self.probabilities(text)
        order = np.argsort(-prob)[:top]
        return [(self.labels[i], float(prob[i])) for i in order]

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.labels[int(np.argmax(self.probabilities(t)))] for t in texts]


def _linear(
    matrix: Any, y: np.ndarray, weights: np.ndarray | None, c: float, words_block: slice | None
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Sorted labels, coefficients (features × labels, float32) and intercepts. Ridge + naive
    Bayes on the word block if `words_block` is given, else a linear SVM."""
    from sklearn.linear_model import RidgeClassifier, SGDClassifier
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    labels = sorted(set(y.tolist()))
    if len(labels) == 1:  # nothing to choose between
        return labels, np.zeros((matrix.shape[1], 1), dtype=np.float32), np.ones(1)
    estimator: Any = LinearSVC(C=c, class_weight="balanced", tol=1e-3, max_iter=1000)
    if words_block is not None:
        # The same trade-off as the SVM's C: C·Σloss + ½‖w‖² ↔ Σloss + ‖w‖² / (2C).
        estimator = RidgeClassifier(alpha=0.5 / c, class_weight="balanced", solver="sparse_cg")
    elif matrix.shape[0] > EXACT_UP_TO:
        # The same hinge loss and penalty (alpha = 1 / (C n)), by stochastic gradient descent,
        # classes in parallel threads.
        estimator = SGDClassifier(
            loss="hinge",
            alpha=1.0 / (c * matrix.shape[0]),
            max_iter=SGD_EPOCHS,
            tol=None,
            class_weight="balanced",
            n_jobs=min(4, os.cpu_count() or 1),
            random_state=0,
        )
    with warnings.catch_warnings():  # few samples per class is normal at cold start
        warnings.simplefilter("ignore", UserWarning)
        estimator.fit(matrix, y, sample_weight=weights)
    coef, intercept = estimator.coef_, estimator.intercept_
    if len(labels) == 2:  # one margin for the second class: make it symmetric
        coef, intercept = np.vstack([-coef, coef]), np.array([-intercept[0], intercept[0]])
    order = [list(estimator.classes_).index(label) for label in labels]
    coef = np.ascontiguousarray(coef[order].T, dtype=np.float32)
    if words_block is not None:
        nb = ComplementNB(alpha=NB_ALPHA).fit(matrix[:, words_block], y, sample_weight=weights)
        log_weights = nb.feature_log_prob_[[list(nb.classes_).index(label) for label in labels]]
        # Only differences between labels matter: centre each word's weights.
        log_weights = log_weights - log_weights.mean(axis=0)
        coef[words_block] += NB_WEIGHT * log_weights.T.astype(np.float32)
    return labels, coef, np.asarray(intercept)[order].astype(np.float64)


def _identity(tokens: Any) -> Any:
    return tokens
