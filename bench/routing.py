#!/usr/bin/env python3
"""Routing model: retraining time and milliseconds per suggestion on generated cases.

    .venv/bin/python bench/routing.py [--cases 100000] [--suggestions 2000] [--db]

Texts are made from the default taxonomy's keywords (lianxi/insight/routing/synthetic.py),
labelled with their second-level category; the department model learns the category's
default department. Without --db: the two classifiers (category, department) as the nightly
job fits them. With --db: the whole retraining through the action on a fresh SQLite database
holding that many accepted cases (read, fit with held-out scoring, write the file and row).
Prints JSON and writes bench/results/routing-<timestamp>.json. Wall and CPU time are both
reported: on a shared machine wall time includes waiting for the CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def model_only(n: int, suggestions: int) -> dict[str, Any]:
    from lianxi.directory.taxonomy import TAXONOMY
    from lianxi.insight.routing.model import Classifier
    from lianxi.insight.routing.synthetic import generate

    departments = {
        child["code"]: child["department"] for top in TAXONOMY for child in top.get("children", [])
    }
    groups = {child["code"]: top["code"] for top in TAXONOMY for child in top.get("children", [])}
    pairs = generate(n, seed=1)
    texts, labels = [t for t, _ in pairs], [c for _, c in pairs]
    started, cpu = time.perf_counter(), time.process_time()
    category = Classifier().fit(texts, labels, groups=groups)
    department = Classifier().fit(texts, [departments[c] for c in labels])
    fit_wall, fit_cpu = time.perf_counter() - started, time.process_time() - cpu
    probe = [t for t, _ in generate(suggestions, seed=2)]
    started, cpu = time.perf_counter(), time.process_time()
    for text in probe:
        category.rank(text, 3)
        department.rank(text, 1)
    wall, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    truth = [c for _, c in generate(suggestions, seed=2)]
    accuracy = sum(p == t for p, t in zip(category.predict(probe), truth, strict=True)) / len(probe)
    return {
        "cases": n,
        "categories": len(set(labels)),
        "departments": len(set(departments.values())),
        "retrain_seconds_wall": round(fit_wall, 2),
        "retrain_seconds_cpu": round(fit_cpu, 2),
        "ms_per_suggestion_wall": round(1000 * wall / len(probe), 3),
        "ms_per_suggestion_cpu": round(1000 * cpu_used / len(probe), 3),
        "accuracy_on_fresh_generated": round(accuracy, 4),
        "mean_text_chars": round(sum(map(len, texts)) / len(texts), 1),
    }


def full_retrain(n: int) -> dict[str, Any]:
    var = tempfile.mkdtemp(prefix="lx-bench-routing-")
    os.environ["LIANXI_VAR_DIR"] = var
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from lianxi.cases.models import Case
    from lianxi.directory.models import Category
    from lianxi.insight.actions import retrain_if_changed
    from lianxi.insight.routing.synthetic import generate

    codes = {c.code: c.pk for c in Category.objects.filter(level=2)}
    now = timezone.now()
    batch = [
        Case(
            tracking_number=f"B{i:09d}",
            kind="complaint",
            title=text[:30],
            content=text,
            channel="online",
            category_id=codes[code],
            submitted_at=now,
            accepted_at=now,
        )
        for i, (text, code) in enumerate(generate(n, seed=1))
    ]
    Case.objects.bulk_create(batch, batch_size=5000)
    started, cpu = time.perf_counter(), time.process_time()
    row = retrain_if_changed(None, force=True)
    assert row is not None
    return {
        "db": "sqlite",
        "cases": n,
        "retrain_seconds_wall": round(time.perf_counter() - started, 2),
        "retrain_seconds_cpu": round(time.process_time() - cpu, 2),
        "model_file_bytes": row.size_bytes,
        "holdout": row.metrics,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--suggestions", type=int, default=2000)
    parser.add_argument("--db", action="store_true", help="full retrain through the action")
    args = parser.parse_args()
    result = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "load": os.getloadavg()}
    result["model"] = model_only(args.cases, args.suggestions)
    if args.db:
        result["full_retrain"] = full_retrain(args.cases)
    out = ROOT / "bench" / "results" / f"routing-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
