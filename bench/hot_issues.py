#!/usr/bin/env python3
"""Hot-issue grouping of 100,000 generated cases, and the similar-case check at intake.

    .venv/bin/python bench/hot_issues.py [--db sqlite|postgres|both] [--cases 100000]

For each database: a fresh database (SQLite under /tmp/lx-bench-topics-…, PostgreSQL
`lx_bench_topics`, dropped and created again), migrations, N generated cases over the last 30
days (a fifth of them in known groups: one problem at one place, 3 to 40 cases each, written
several ways, in the words of the demo-case generator; the rest scattered over the same places
and problems), then:

1. the index job (cutting every case once into `CaseTerms`);
2. the hot-issue job over the 30-day window (read terms, group, name, rank, store): the number
   the target is about; and how many known groups came out whole (best group Jaccard ≥ 0.8);
3. the similar-case check the intake page calls while the citizen types: loading the index (done
   in a background thread after a start and every hour) and then p50/p95/max of 500 calls with
   texts like a citizen's.

Writes bench/results/hot_issues-<db>-<timestamp>.json and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import start_django

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

FIRST = "翠金青银锦枫明东红向石滨梧望紫福南朝玉星长白凤清龙桃松海华新富盛嘉恒万"
SECOND = "湖桂松杏绣林珠风星阳桥江桐湖荆寿山阳兰河乐鹭凰水泉源鹤棠苑城景辉泰达科"
KINDS = ["小区", "花园", "家园", "新村", "名苑", "公寓", "华府", "雅居", "新城", "山庄"]


def place_names(rng: random.Random, n: int) -> list[str]:
    names: set[str] = set()
    while len(names) < n:
        names.add(rng.choice(FIRST) + rng.choice(SECOND) + rng.choice(KINDS))
    return sorted(names)


def generate(n: int, seed: int = 7) -> tuple[list[tuple[str, str]], list[int]]:
    """Cases in the words of the demo-case generator (183 problems), at 4,000 compounds."""
    from lianxi.cases.demo.texts import ATTEMPTS, DURATIONS, IMPACTS, OPENINGS, PROBLEMS, REQUESTS

    rng = random.Random(seed)  # noqa: S311 - generated bench data
    places = place_names(rng, 4000)
    problems = [p for group in PROBLEMS.values() for p in group]
    openers = ["", "", "投诉", "反映", "请问", "关于", "强烈要求解决"]

    def text(place: str, problem: tuple[str, str]) -> tuple[str, str]:
        core, detail = problem
        parts = [
            rng.choice(OPENINGS).format(community=place),
            detail.format(place=place) if "{place}" in detail else place + detail,
            rng.choice(DURATIONS),
            rng.choice(IMPACTS),
            rng.choice(ATTEMPTS),
            rng.choice(REQUESTS),
        ]
        return rng.choice(openers) + place + core, "，".join(p for p in parts if p) + "。"

    texts: list[tuple[str, str]] = []
    labels: list[int] = []
    group = 0
    while len(texts) < n // 5:
        place, problem = rng.choice(places), rng.choice(problems)
        for _i in range(rng.randint(3, 40)):
            texts.append(text(place, problem))
            labels.append(group)
        group += 1
    while len(texts) < n:
        texts.append(text(rng.choice(places), rng.choice(problems)))
        labels.append(-1)
    return texts, labels


def setup(db: str, var_dir: str) -> None:
    start_django(db, var_dir, "topics", plain_static=False)


def run(db: str, n: int) -> dict[str, Any]:
    var_dir = tempfile.mkdtemp(prefix=f"lx-bench-topics-{db}-")
    setup(db, var_dir)
    from django.utils import timezone

    from lianxi.cases.models import Case
    from lianxi.topics import hot, similar, tasks

    texts, labels = generate(n)
    now = timezone.now()
    rng = random.Random(3)  # noqa: S311 - generated bench data
    started = time.perf_counter()
    batch = []
    for number, (title, content) in enumerate(texts):
        batch.append(
            Case(
                tracking_number=f"B{number:09d}",
                query_code_hash="-",
                kind="complaint",
                title=title[:80],
                content=content,
                channel="online",
                submitted_at=now - timedelta(seconds=rng.randint(0, 29 * 86400)),
            )
        )
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    Case.objects.bulk_create(batch)
    insert_s = time.perf_counter() - started

    started = time.perf_counter()
    indexed = tasks.index_new_cases()
    index_s = time.perf_counter() - started

    started = time.perf_counter()
    run_row = hot.compute(30)
    group_s = time.perf_counter() - started

    ids = dict(Case.objects.values_list("tracking_number", "pk"))
    pk_label = {ids[f"B{i:09d}"]: label for i, label in enumerate(labels)}
    truth: dict[int, set[int]] = {}
    for pk, label in pk_label.items():
        if label >= 0:
            truth.setdefault(label, set()).add(pk)
    from lianxi.topics.models import HotIssue

    found = [set(i.cases.values_list("pk", flat=True)) for i in HotIssue.objects.all()]
    top = list(HotIssue.objects.order_by("rank")[:50])
    # Of the 50 stored groups, how many are one known group (Jaccard ≥ 0.8).
    whole = 0
    for members in found:
        best = max(
            (len(members & t) / len(members | t) for t in truth.values() if members & t),
            default=0.0,
        )
        whole += best >= 0.8

    similar.reset()
    started = time.perf_counter()
    similar._state = similar._build()  # what the background thread does after a (re)start
    first_ms = (time.perf_counter() - started) * 1000
    times = []
    for i in range(500):
        title, content = texts[rng.randrange(len(texts))]
        typed = content[: rng.randint(15, len(content))]
        started = time.perf_counter()
        similar.public_matches(title, typed)
        times.append((time.perf_counter() - started) * 1000)
        del i
    times.sort()
    result = {
        "db": db,
        "cases": n,
        "known_groups": len(truth),
        "insert_seconds": round(insert_s, 2),
        "index_job_seconds": round(index_s, 2),
        "indexed": indexed,
        "hot_issue_job_seconds": round(group_s, 2),
        "grouping_seconds_inside_job": run_row.seconds,
        "groups_stored": run_row.groups,
        "stored_groups_that_are_one_known_group": whole,
        "top_labels": [i.label for i in top[:10]],
        "similar_index_load_ms": round(first_ms, 1),
        "similar_check_ms": {
            "p50": round(statistics.median(times), 2),
            "p95": round(times[int(len(times) * 0.95)], 2),
            "max": round(times[-1], 2),
        },
        "target": "quality.md: grouping of 100,000 recent cases ≤ 30 s; similar check p95 < 5 ms",
        "machine_load": os.getloadavg(),
        "at": datetime.now(UTC).isoformat(),
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"hot_issues-{db}-{stamp}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1)
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for db in dbs:
        if len(dbs) > 1:  # a fresh process per database (Django is set up once per process)
            subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, __file__, "--db", db, "--cases", str(args.cases)], check=True
            )
            continue
        print(json.dumps(run(db, args.cases), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
