"""The routing model on the platform: what it learns from, where its file lives, and the
suggestion at intake (category and lead department, each with a confidence).

Cold start: with no trained model yet, a model fitted in memory on the taxonomy (each active
category's name, parent and keywords; departments from each category's default department).
Training data: that taxonomy, plus cases whose category a person chose or confirmed (a
machine-applied category counts once the case is accepted), corrections weighted up; lead
referrals that were not returned teach the department.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q

from lianxi.cases.choices import ReferralRole, ReferralStatus
from lianxi.cases.models import Case, Referral
from lianxi.directory.models import Category
from lianxi.insight.models import RoutingModel
from lianxi.insight.routing.model import Classifier

logger = logging.getLogger(__name__)
FORMAT = "routing-3"  # bump when the features or the fit change: forces a retrain
HISTORY_LIMIT = 200_000  # most recent cases learnt from
CORRECTION_WEIGHT = 3.0
HOLDOUT_MAX = 2_000  # history cases held out to score a new model
HOLDOUT_MIN_HISTORY = 200
HOLDOUT_TRAIN_MAX = 20_000  # the scoring model learns from at most this many (time bound)
RELOAD_TTL = 60.0  # seconds before a process looks for a newer model


def model_dir() -> Path:
    path = Path(settings.VAR_DIR) / "insight" / "routing"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Bundle:
    """What a model file holds."""

    category: Classifier
    department: Classifier | None
    format: str = FORMAT


@dataclass
class Suggestion:
    category_id: int | None = None
    category_confidence: float = 0.0
    department_id: int | None = None
    department_confidence: float = 0.0
    model_id: int | None = None
    alternatives: list[tuple[int, float]] = field(default_factory=list)


@dataclass
class TrainingSet:
    texts: list[str]
    labels: list[str]
    weights: list[float]
    history: int  # how many of the samples are cases (the rest is the taxonomy)
    corrections: int
    dept_texts: list[str]
    dept_labels: list[str]
    fingerprint: str


def category_groups() -> dict[str, str]:
    """Category → its parent: the model picks the parent first, then the category."""
    return {
        str(pk): str(parent_id)
        for pk, parent_id in Category.objects.filter(level__gte=2).values_list("id", "parent_id")
        if parent_id
    }


def _taxonomy() -> tuple[list[str], list[str], list[str], list[str]]:
    texts, labels, dept_texts, dept_labels = [], [], [], []
    for c in (
        Category.objects.filter(is_active=True, level__gte=2)
        .select_related("parent")
        .order_by("id")
    ):
        text = " ".join(p for p in (c.parent.name if c.parent else "", c.name, c.keywords) if p)
        texts.append(text)
        labels.append(str(c.pk))
        if c.default_department_id:
            dept_texts.append(text)
            dept_labels.append(str(c.default_department_id))
    return texts, labels, dept_texts, dept_labels


def collect(limit: int = HISTORY_LIMIT) -> TrainingSet:
    """Read what the model learns from, and a fingerprint that changes when it changes."""
    texts, labels, dept_texts, dept_labels = _taxonomy()
    weights = [1.0] * len(texts)
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(repr((labels, [len(t) for t in texts], dept_labels)).encode())
    active = set(map(int, labels))
    rows = (
        Case.objects.filter(category__isnull=False)
        .exclude(Q(accepted_at__isnull=True) & Q(routing_suggestion__applied=True))
        .order_by("-id")
        .values_list("id", "title", "content", "category_id", "routing_suggestion__corrected_at")
    )[:limit]
    history = corrections = 0
    for pk, title, content, category_id, corrected_at in rows:
        if category_id not in active:
            continue
        texts.append(f"{title} {content}")
        labels.append(str(category_id))
        weights.append(CORRECTION_WEIGHT if corrected_at else 1.0)
        history += 1
        corrections += bool(corrected_at)
        digest.update(f"{pk}:{category_id}:{bool(corrected_at)};".encode())
    referrals = (
        Referral.objects.filter(role=ReferralRole.LEAD, department__is_active=True)
        .exclude(status__in=[ReferralStatus.RETURNED, ReferralStatus.WITHDRAWN])
        .order_by("-id")
        .values_list("id", "case__title", "case__content", "department_id")
    )[:limit]
    for pk, title, content, department_id in referrals:
        dept_texts.append(f"{title} {content}")
        dept_labels.append(str(department_id))
        digest.update(f"r{pk}:{department_id};".encode())
    return TrainingSet(
        texts, labels, weights, history, corrections, dept_texts, dept_labels, digest.hexdigest()
    )


def _holdout_metrics(data: TrainingSet, groups: dict[str, str]) -> dict[str, Any]:
    """Macro-F1 and accuracy on recent history held out from a model trained on the rest."""
    from lianxi.insight.routing.evaluate import scores

    if data.history < HOLDOUT_MIN_HISTORY:
        return {}
    taxonomy = len(data.texts) - data.history
    size = min(HOLDOUT_MAX, data.history // 5)
    chosen = set(random.Random(data.fingerprint).sample(range(data.history), size))  # noqa: S311
    train = [i for i in range(len(data.texts)) if i < taxonomy or i - taxonomy not in chosen]
    train = train[: taxonomy + HOLDOUT_TRAIN_MAX]  # history is newest first
    test = [taxonomy + i for i in sorted(chosen)]
    model = Classifier().fit(
        [data.texts[i] for i in train],
        [data.labels[i] for i in train],
        [data.weights[i] for i in train],
        groups=groups,
    )
    result = scores([data.labels[i] for i in test], model.predict([data.texts[i] for i in test]))
    return {"holdout": size, "accuracy": result["accuracy"], "macro_f1": result["macro_f1"]}


@dataclass
class Fitted:
    bundle: Bundle
    path: Path
    size_bytes: int
    seconds: float
    metrics: dict[str, Any]


def fit(data: TrainingSet, *, evaluate: bool = True) -> Fitted:
    """Train on `data` and write the model file (no database writes)."""
    started = time.perf_counter()
    groups = category_groups()
    metrics = _holdout_metrics(data, groups) if evaluate else {}
    with ThreadPoolExecutor(max_workers=1) as pool:  # its liblinear runs beside the category's
        later = (
            pool.submit(Classifier().fit, data.dept_texts, data.dept_labels)
            if len(set(data.dept_labels)) >= 2
            else None
        )
        category = Classifier().fit(data.texts, data.labels, data.weights, groups=groups)
        department = later.result() if later is not None else None
    bundle = Bundle(category, department)
    seconds = time.perf_counter() - started
    path = model_dir() / f"routing-{time.strftime('%Y%m%d-%H%M%S')}-{data.fingerprint[:12]}.pkl"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(bundle, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)
    metrics |= {
        "category_fit_seconds": round(category.trained_seconds, 3),
        "department_fit_seconds": round(department.trained_seconds, 3) if department else 0,
    }
    return Fitted(bundle, path, path.stat().st_size, seconds, metrics)


# ---------------------------------------------------------------- the model in use

_CURRENT: tuple[float, int | None, Bundle | None] = (0.0, None, None)


def _load(row: RoutingModel) -> Bundle | None:
    try:
        bundle = pickle.loads(Path(row.path).read_bytes())  # noqa: S301 (our own var dir)
    except (OSError, pickle.UnpicklingError, AttributeError, EOFError):
        return None
    return bundle if getattr(bundle, "format", None) == FORMAT else None


def cold_bundle() -> Bundle:
    """A model of the taxonomy alone (before any training has run)."""
    texts, labels, dept_texts, dept_labels = _taxonomy()
    category = Classifier().fit(texts, labels, groups=category_groups()) if texts else Classifier()
    department = Classifier().fit(dept_texts, dept_labels) if len(set(dept_labels)) >= 2 else None
    return Bundle(category, department)


def current() -> tuple[int | None, Bundle]:
    """(model row id or None for the cold model, bundle), cached in the process."""
    global _CURRENT
    checked_at, model_id, bundle = _CURRENT
    if bundle is not None and time.monotonic() - checked_at < RELOAD_TTL:
        return model_id, bundle
    row = RoutingModel.objects.filter(is_active=True).order_by("-version").first()
    if row is not None and row.pk == model_id and bundle is not None:
        _CURRENT = (time.monotonic(), model_id, bundle)
        return model_id, bundle
    loaded = _load(row) if row is not None else None
    if loaded is None:
        row, loaded = None, cold_bundle()
    _CURRENT = (time.monotonic(), row.pk if row else None, loaded)
    return (row.pk if row else None), loaded


def forget() -> None:
    global _CURRENT
    from lianxi.insight.labels import forget as forget_choices

    _CURRENT = (0.0, None, None)
    forget_choices()


def suggest(text: str) -> Suggestion:
    """Never fails intake: a broken model file or taxonomy gives no suggestion (logged)."""
    try:
        return _suggest(text)
    except Exception:
        logger.exception("routing suggestion failed")
        return Suggestion()


def _suggest(text: str) -> Suggestion:
    model_id, bundle = current()
    ranked = bundle.category.rank(text, top=3)
    if not ranked:
        return Suggestion(model_id=model_id)
    out = Suggestion(
        category_id=int(ranked[0][0]),
        category_confidence=round(ranked[0][1], 4),
        model_id=model_id,
        alternatives=[(int(label), round(p, 4)) for label, p in ranked[1:]],
    )
    if bundle.department is not None:
        label, confidence = bundle.department.rank(text, top=1)[0]
        out.department_id, out.department_confidence = int(label), round(confidence, 4)
    return out


def department_for_case(case: Any) -> tuple[int | None, float]:
    """The lead department suggested for `case` (recorded at intake, else computed now)."""
    if case is None:
        return None, 0.0
    from lianxi.insight.models import RoutingSuggestion

    row = (
        RoutingSuggestion.objects.filter(case=case, department__is_active=True)
        .values_list("department_id", "department_confidence")
        .first()
    )
    if row is not None:
        return row[0], row[1]
    suggestion = suggest(f"{case.title} {case.content}")
    return suggestion.department_id, suggestion.department_confidence
