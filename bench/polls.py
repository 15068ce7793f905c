#!/usr/bin/env python3
"""A poll with 100,000 answers: the worker's recount, the public results page and the API's
results; then 1,000 answers submitted in a burst by concurrent threads (a tenth of them a
second time by the same person), counted for lost and doubled answers.

    .venv/bin/python bench/polls.py [--db sqlite|postgres] [--answers 100000]
                                    [--burst 1000] [--threads 8] [--requests 60]

A fresh database (SQLite under /tmp/lx-bench-polls-…, or PostgreSQL `lx_bench_polls`, dropped
and created again), migrations, the small demo city, one open poll of five questions (every
kind, one branch) made by the actions, N responses bulk-inserted, the results counted by the
job the worker runs (`tasks.refresh_if_stale`). Pages are requested in process through
Django's test client (whole middleware stack): p50/p95/max of `--requests` calls after 5
warm-up calls. Targets (issue 20): results page p95 ≤ 150 ms; the burst loses and doubles
nothing.

Writes bench/results/polls-<db>-<timestamp>.json and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import start_django, timed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TEXTS = [
    "希望尽快加装电梯，家里老人上下楼太难了。",
    "加装电梯的费用分摊要公开透明。",
    "低层住户担心采光和噪音。",
    "施工期间请不要影响居民休息。",
    "建议政府加大补贴力度。",
    "电梯建好后的维护保养由谁负责要说清楚。",
]


def setup(db: str, var_dir: str) -> None:
    os.environ["HUEY_IMMEDIATE"] = "0"  # the recount is timed on its own, as the worker runs it
    start_django(db, var_dir, "polls")
    from lianxi.directory.demo.city import generate_city

    generate_city(seed=3, size="small")


def run(db: str, answers: int, burst: int, threads: int, requests: int) -> dict[str, Any]:
    var_dir = tempfile.mkdtemp(prefix=f"lx-bench-polls-{db}-")
    setup(db, var_dir)
    from django.db import connections
    from django.test import Client
    from django.utils import timezone

    from lianxi.accounts.models import User
    from lianxi.core.choices import Role
    from lianxi.directory.models import Area
    from lianxi.lib.crypto import keyed_hash
    from lianxi.polls import actions, tasks
    from lianxi.polls.actions import Details, QuestionSpec, Submission, check_answers
    from lianxi.polls.models import Response, Result

    rng = random.Random(7)  # noqa: S311 - benchmark data
    staff = User.objects.filter(role=Role.COMMITTEE, jurisdiction__isnull=False).first()
    if staff is None:
        city = Area.objects.filter(level=2).first()
        staff = User.objects.create(username="bench-staff", role=Role.COMMITTEE, jurisdiction=city)
    today = timezone.localdate()
    poll = actions.create_poll(
        staff,
        Details(
            title="老旧小区加装电梯民意调查",
            intro="",
            area_id=staff.jurisdiction_id,
            audience="public",
            opens_on=today,
            closes_on=today + timedelta(days=30),
        ),
    )
    specs = [
        QuestionSpec("single", "是否支持加装电梯？", options=["支持", "不支持"], branches=[(2, 3)]),
        QuestionSpec("multi", "最关心哪些问题？", options=["费用", "噪音", "采光", "维护"]),
        QuestionSpec("scale", "对出行便利程度打几分？"),
        QuestionSpec("rank", "请排序", options=["电梯", "停车", "绿化"]),
        QuestionSpec("text", "其他意见", required=False),
    ]
    for spec in specs:
        actions.save_question(staff, poll, spec)
    actions.publish(staff, poll)
    questions = list(poll.questions.all())
    communities = list(Area.objects.filter(level=5, prefix__startswith=poll.area.prefix)[:50])

    def one() -> dict[str, Any]:
        q = [str(x.pk) for x in questions]
        raw = {
            q[0]: rng.choice([0, 0, 0, 1]),
            q[1]: sorted(rng.sample(range(4), rng.randint(1, 3))),
            q[2]: rng.randint(1, 5),
            q[3]: rng.sample(range(3), 3),
        }
        if rng.random() < 0.3:
            raw[q[4]] = rng.choice(TEXTS)
        return check_answers(questions, raw)

    started = time.perf_counter()
    batch = []
    bands = ["18_29", "30_44", "45_59", "60p"]
    for n in range(answers):
        batch.append(
            Response(
                poll=poll,
                person_key=f"b{n}",
                source="online",
                area=rng.choice(communities) if communities else None,
                age_band=rng.choice(bands),
                answers=one(),
            )
        )
        if len(batch) == 5000:
            Response.objects.bulk_create(batch)
            batch = []
    Response.objects.bulk_create(batch)
    insert_s = time.perf_counter() - started
    started = time.perf_counter()
    assert tasks.refresh_if_stale(poll.pk)
    recount_s = time.perf_counter() - started
    result = Result.objects.get(poll=poll)
    assert result.responses == answers, result.responses
    public = Client()
    page = timed(public, f"/polls/{poll.pk}/results/", requests)
    api = timed(public, f"/api/v1/polls/{poll.pk}/results", requests)
    answer_page = timed(public, f"/polls/{poll.pk}/", requests)

    # The burst: `burst` people answer at once from `threads` threads; one in ten sends twice.
    people = [
        User(username=f"bench-c{n}", role=Role.CITIZEN, phone=f"135{n:08d}") for n in range(burst)
    ]
    for person in people:
        person.set_unusable_password()
        person.phone_hash = keyed_hash(person.phone, "phone")  # bulk_create skips save()
    User.objects.bulk_create(people)
    people = list(User.objects.filter(username__startswith="bench-c").order_by("pk"))
    sends = people + people[: burst // 10]
    rng.shuffle(sends)
    chunks = [sends[i::threads] for i in range(threads)]
    errors: list[str] = []
    gate = threading.Barrier(threads)

    def work(mine: list[Any]) -> None:
        local = random.Random(len(mine))  # noqa: S311 - benchmark data
        try:
            gate.wait()
            for person in mine:
                for _try in range(5):
                    try:
                        actions.answer(person, poll, Submission(answers=one()))
                        break
                    except Exception as exc:
                        if "locked" not in str(exc):
                            errors.append(repr(exc))
                            break
                        time.sleep(local.random() / 20)
        finally:
            connections.close_all()

    started = time.perf_counter()
    pool = [threading.Thread(target=work, args=(c,)) for c in chunks]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    burst_s = time.perf_counter() - started
    mine = Response.objects.filter(poll=poll, person_key__startswith="u")
    stored = mine.count()
    changed = mine.filter(changes__gt=0).count()
    started = time.perf_counter()
    tasks.refresh_if_stale(poll.pk)
    recount_after_s = time.perf_counter() - started
    counted = Result.objects.get(poll=poll).responses
    return {
        "db": db,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": os.getloadavg(),
        "answers": answers,
        "insert_s": round(insert_s, 1),
        "recount_s": round(recount_s, 2),
        "results_page": page,
        "results_api": api,
        "answer_page": answer_page,
        "burst": {
            "people": burst,
            "submissions": len(sends),
            "threads": threads,
            "seconds": round(burst_s, 2),
            "per_second": round(len(sends) / burst_s, 1),
            "stored": stored,
            "lost": burst - stored,
            "doubled": stored - burst if stored > burst else 0,
            "changed_once": changed,
            "errors": errors[:5],
            "counted_after_recount": counted,
            "recount_s": round(recount_after_s, 2),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--answers", type=int, default=100000)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    figures = run(args.db, args.answers, args.burst, args.threads, args.requests)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    out = RESULTS / f"polls-{args.db}-{stamp}.json"
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
