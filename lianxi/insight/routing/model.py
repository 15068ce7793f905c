"""The text classifier behind routing suggestions, with no Django in it.

Features: TF-IDF (sublinear tf) of character 1–3-grams of the whole text, of rjieba word
tokens, and of character 1–2-grams of the opening (the title is at the front), stacked;
a class-balanced linear SVM on top. Suggestion does its own sparse dot products over the
learned vocabularies (no scikit-learn call per suggestion: about 0.3 ms a text).
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np
import rjieba

HEAD_CHARS = 30  # the opening: the title, or the first words of the message
MAX_CHARS = 600  # longer texts add little and cost time
TEMPERATURE = 0.35  # softmax over SVM margins → a confidence in 0..1
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

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        weights: Sequence[float] | None = None,
        *,
        c: float = 1.0,
    ) -> Classifier:
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

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
        y = np.asarray(labels)
        self.labels = sorted(set(labels))
        if len(self.labels) == 1:  # nothing to choose between
            self.coef = np.zeros((offset, 1), dtype=np.float32)
            self.intercept = np.ones(1)
        else:
            svm = LinearSVC(C=c, class_weight="balanced", tol=1e-3, max_iter=1000)
            with warnings.catch_warnings():  # few samples per class is normal at cold start
                warnings.simplefilter("ignore", UserWarning)
                svm.fit(matrix, y, sample_weight=None if weights is None else np.asarray(weights))
            coef, intercept = svm.coef_, svm.intercept_
            if len(self.labels) == 2:  # one margin for the second class: make it symmetric
                coef, intercept = np.vstack([-coef, coef]), np.array([-intercept[0], intercept[0]])
            order = [list(svm.classes_).index(label) for label in self.labels]
            self.coef = np.ascontiguousarray(coef[order].T, dtype=np.float32)  # (features, classes)
            self.intercept = np.asarray(intercept)[order].astype(np.float64)
        self.samples = len(texts)
        self.trained_seconds = time.perf_counter() - started
        return self

    def scores(self, text: str) -> np.ndarray:
        total = self.intercept.copy()
        for block, offset, tokens in zip(self.blocks, self.offsets, _views(text), strict=True):
            cols, values = block.row(tokens)
            if len(cols):
                total += values @ self.coef[cols + offset]
        return total

    def rank(self, text: str, top: int = 3) -> list[tuple[str, float]]:
        """The `top` labels with a confidence each (softmax over the margins)."""
        if not self.labels:
            return []
        margins = self.scores(text)
        exp = np.exp((margins - margins.max()) / TEMPERATURE)
        prob = exp / exp.sum()
        order = np.argsort(-prob)[:top]
        return [(self.labels[i], float(prob[i])) for i in order]

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.labels[int(np.argmax(self.scores(t)))] for t in texts]


def _identity(tokens: Any) -> Any:
    return tokens
