"""Offline evaluation of the routing classifier on a labelled CSV (k-fold or train/test)."""

from __future__ import annotations

import csv
import random
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lianxi.insight.routing.model import Classifier


def read_csv(path: Path, text_column: str, label_column: str) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {text_column, label_column} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: no column {', '.join(sorted(missing))}")
        for row in reader:
            text, label = (row[text_column] or "").strip(), (row[label_column] or "").strip()
            if text and label:
                texts.append(text)
                labels.append(label)
    if not texts:
        raise ValueError(f"{path}: no labelled rows")
    return texts, labels


def scores(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-class precision/recall/F1/support."""
    labels = sorted(set(truth) | set(predicted))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for t, p in zip(truth, predicted, strict=True):
        if t == p:
            tp[t] += 1
        else:
            fp[p] += 1
            fn[t] += 1
    per_class = {}
    for label in labels:
        precision = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        recall = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": tp[label] + fn[label],
        }
    true_labels = sorted(set(truth))
    return {
        "accuracy": round(sum(tp.values()) / len(truth), 4) if truth else 0.0,
        "macro_f1": round(sum(per_class[k]["f1"] for k in true_labels) / len(true_labels), 4)
        if true_labels
        else 0.0,
        "per_class": per_class,
    }


def folds(labels: Sequence[str], k: int, seed: int = 0) -> list[list[int]]:
    """Stratified folds: each label's rows dealt round-robin after a seeded shuffle."""
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    rng = random.Random(seed)  # noqa: S311
    out: list[list[int]] = [[] for _ in range(k)]
    start = 0
    for label in sorted(by_label):
        rows = by_label[label]
        rng.shuffle(rows)
        for j, i in enumerate(rows):
            out[(start + j) % k].append(i)
        start += len(rows)
    return out


def run(
    train: tuple[list[str], list[str]],
    test: tuple[list[str], list[str]] | None = None,
    k: int = 5,
) -> dict[str, Any]:
    texts, labels = train
    runs: list[tuple[list[int], list[int]]] = []
    if test is None:
        parts = folds(labels, k)
        everything = set(range(len(texts)))
        runs = [(sorted(everything - set(part)), sorted(part)) for part in parts]
    truth: list[str] = []
    predicted: list[str] = []
    fold_f1, train_seconds, suggest_seconds, suggest_cpu = [], [], 0.0, 0.0
    if test is None:
        for train_idx, test_idx in runs:
            model = Classifier().fit([texts[i] for i in train_idx], [labels[i] for i in train_idx])
            train_seconds.append(model.trained_seconds)
            started, cpu = time.perf_counter(), time.process_time()
            guess = model.predict([texts[i] for i in test_idx])
            suggest_seconds += time.perf_counter() - started
            suggest_cpu += time.process_time() - cpu
            gold = [labels[i] for i in test_idx]
            fold_f1.append(scores(gold, guess)["macro_f1"])
            truth += gold
            predicted += guess
    else:
        model = Classifier().fit(texts, labels)
        train_seconds.append(model.trained_seconds)
        started, cpu = time.perf_counter(), time.process_time()
        predicted = model.predict(test[0])
        suggest_seconds = time.perf_counter() - started
        suggest_cpu = time.process_time() - cpu
        truth = test[1]
    result = scores(truth, predicted)
    result |= {
        "samples": len(texts) if test is None else len(texts) + len(test[0]),
        "folds": k if test is None else None,
        "fold_macro_f1": fold_f1 or None,
        "mean_fold_macro_f1": round(sum(fold_f1) / len(fold_f1), 4) if fold_f1 else None,
        "training_seconds": round(sum(train_seconds) / len(train_seconds), 3),
        "ms_per_suggestion": round(1000 * suggest_seconds / len(truth), 3),
        "cpu_ms_per_suggestion": round(1000 * suggest_cpu / len(truth), 3),
    }
    return result
