#!/usr/bin/env python3
"""A consultation with 200 articles and 20,000 comments: the public draft page and the API's
per-article counts, the staff disposition list, grouping every comment, and the Word summary.

    .venv/bin/python bench/legislation.py [--db sqlite|postgres] [--comments 20000]
                                          [--articles 200] [--requests 60]

A fresh database (SQLite under /tmp/lx-bench-legislation-…, or PostgreSQL
`lx_bench_legislation`, dropped and created again), migrations, the small demo city (no cases),
then one consultation of N articles (made by the create action from generated text) and M
comments (bulk-inserted, in the words of the demo drafts' comments, a third of them on one of
twelve hot articles). Pages are requested in process through Django's test client (the whole
middleware stack, no network): p50/p95/max of `--requests` calls each, after 5 warm-up calls.
Targets (issue 17): pages p95 ≤ 150 ms, disposition list p95 ≤ 200 ms, grouping ≤ 30 s,
Word summary ≤ 20 s.

Writes bench/results/legislation-<db>-<timestamp>.json and prints it.
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

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_URL = "postgres://postgres@127.0.0.1:5432/lx_bench_legislation"

SUBJECTS = [
    "犬链长度", "夜间遛狗", "犬只粪便", "登记费用", "狂犬病疫苗", "电子标识", "犬只收容",
    "遛狗区域", "禁养犬只", "大型犬", "扰民吠叫", "流浪狗", "公共场所", "导盲犬", "执法职责",
    "罚款标准", "文明养犬宣传", "物业管理", "小区公约", "网上登记",
]  # fmt: skip
ASKS = [
    "建议明确{s}的具体要求", "希望加强对{s}的管理", "{s}的规定不够具体，建议细化",
    "建议提高与{s}有关的处罚标准", "{s}问题在我们小区很突出，希望条例能够解决",
    "建议对{s}作出专门规定", "关于{s}，建议听取更多居民意见",
]  # fmt: skip
REASONS = [
    "老人孩子出门很不安全", "邻里矛盾越来越多", "执法部门互相推诿", "现行规定执行不到位",
    "很多养犬人并不清楚规定", "其他城市已经有成熟做法",
]  # fmt: skip


def draft(articles: int) -> str:
    from lianxi.legislation.numerals import to_chinese

    lines = ["示范市养犬管理条例（草案）"]
    per_chapter = 20
    for n in range(1, articles + 1):
        if (n - 1) % per_chapter == 0:
            lines.append(f"第{to_chinese((n - 1) // per_chapter + 1)}章　第{n}至{n + 19}条")
        subject = SUBJECTS[n % len(SUBJECTS)]
        lines.append(
            f"第{to_chinese(n)}条　养犬人应当遵守关于{subject}的规定，有关部门依法监督管理。"
        )
        if n % 4 == 0:
            lines.append(
                f"违反前款规定的，由有关部门责令改正；拒不改正的，依照第{to_chinese(n)}条处理。"
            )
    return "\n".join(lines)


def setup(db: str, var_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "lianxi.settings"
    os.environ["LIANXI_VAR_DIR"] = var_dir
    os.environ.setdefault("LIANXI_ENV", "local")
    if db == "postgres":
        os.environ["DATABASE_URL"] = PG_URL
        for sql in (
            "DROP DATABASE IF EXISTS lx_bench_legislation",
            "CREATE DATABASE lx_bench_legislation",
        ):
            command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql]
            subprocess.run(command, check=True)  # noqa: S603 - fixed command, psql on PATH
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Pages render in process without collectstatic: plain static URLs.
    storage = "django.contrib.staticfiles.storage.StaticFilesStorage"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": storage}}

    call_command("migrate", verbosity=0)
    from lianxi.directory.demo.city import generate_city

    generate_city(seed=3, size="small")


def timed(client: Any, url: str, n: int) -> dict[str, float]:
    for _i in range(5):
        assert client.get(url).status_code == 200, url
    times = []
    for _i in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
    }


def run(db: str, comments: int, articles: int, requests: int) -> dict[str, Any]:
    var_dir = tempfile.mkdtemp(prefix=f"lx-bench-legislation-{db}-")
    setup(db, var_dir)
    from django.test import Client
    from django.utils import timezone

    from lianxi.accounts.models import User
    from lianxi.legislation import actions, summary
    from lianxi.legislation.actions.comments import fingerprint
    from lianxi.legislation.models import Comment
    from lianxi.lib.documents import render_docx

    staff = User.objects.get(username="committee")
    today = timezone.localdate()
    details = actions.Details(
        "示范市养犬管理条例（草案）",
        "起草说明",
        today - timedelta(days=5),
        today + timedelta(days=25),
    )
    started = time.perf_counter()
    consultation = actions.create_consultation(staff, details=details, text=draft(articles))
    create_s = time.perf_counter() - started
    actions.publish(staff, consultation)
    version = consultation.current
    assert version is not None
    arts = list(version.provisions.filter(kind="article").order_by("number"))
    hot = arts[:: max(1, len(arts) // 12)][:12]
    citizens = list(User.objects.filter(role="citizen").values_list("pk", flat=True)) or [staff.pk]
    rng = random.Random(5)  # noqa: S311 - generated bench data
    rows = []
    started = time.perf_counter()
    for i in range(comments):
        article = rng.choice(hot) if i % 3 == 0 else (rng.choice(arts) if i % 5 else None)
        subject = SUBJECTS[(article.number if article else i) % len(SUBJECTS)]
        body = (
            rng.choice(ASKS).format(s=subject) + "，" + rng.choice(REASONS) + f"（第{i}号意见）。"
        )
        rows.append(
            Comment(
                consultation=consultation,
                version=version,
                provision=article,
                article=article,
                source=rng.choice(["public", "citizen", "citizen", "deputy", "contact_point"]),
                author_id=rng.choice(citizens),
                author_key=f"b{i}",
                body=body,
                body_hash=fingerprint(body, i),
            )
        )
    Comment.objects.bulk_create(rows, batch_size=2000)
    insert_s = time.perf_counter() - started

    public = Client()
    staff_client = Client()
    staff_client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    pk = consultation.pk
    figures: dict[str, Any] = {
        "db": db,
        "articles": len(arts),
        "comments": comments,
        "create_from_text_s": round(create_s, 2),
        "insert_comments_s": round(insert_s, 2),
        # The yardstick: a small page through the same stack on the same loaded machine.
        "baseline_list_page": timed(public, "/legislation/", requests),
        "public_draft_page": timed(public, f"/legislation/{pk}/", requests),
        "api_draft_with_counts": timed(public, f"/api/v1/legislation/consultations/{pk}", requests),
    }
    actions.close(staff, consultation)
    started = time.perf_counter()
    groups = actions.group(staff, consultation)
    figures["grouping_s"] = round(time.perf_counter() - started, 2)
    figures["groups"] = groups
    figures["grouped_comments"] = Comment.objects.exclude(group=None).count()
    figures["disposition_list"] = timed(
        staff_client, f"/work/legislation/{pk}/comments/?show=waiting", requests
    )
    figures["disposition_list_page_100"] = timed(
        staff_client, f"/work/legislation/{pk}/comments/?show=waiting&page=100", requests
    )
    started = time.perf_counter()
    built = summary.build(
        consultation, author="bench", organisation="示范市人大常委会", today=today
    )
    body = render_docx(built)
    figures["summary_docx_s"] = round(time.perf_counter() - started, 2)
    figures["summary_docx_bytes"] = len(body)
    figures["at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--comments", type=int, default=20000)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    figures = run(args.db, args.comments, args.articles, args.requests)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    out = RESULTS / f"legislation-{args.db}-{stamp}.json"
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
