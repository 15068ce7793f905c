#!/usr/bin/env python3
"""A session's load of deputies' suggestions: 3,000 items from 500 deputies, 150 units,
40,000 linked cases. The deputy's and the unit's lists, the committee's figures, and the
citizens behind one suggestion with 2,000 linked cases told when its reply is signed off
(issue 18: lists and figures p95 ≤ 150 ms; the 2,000 citizens queued in ≤ 2 s).

    .venv/bin/python bench/proposals.py [--db sqlite|postgres] [--items 3000]
                                        [--cases 40000] [--requests 60]

A fresh database (SQLite under /tmp/lx-bench-proposals-…, or PostgreSQL `lx_bench_proposals`,
dropped and created again), migrations, the small demo city with 300 cases made by the case
actions, cloned (bulk insert, new tracking numbers) up to `--cases`; deputies and departments
added up to 500 and 150; then the proposals demo generator's items (every state), with the
links replaced: one item being handled gets 2,000 cases of 2,000 distinct citizens' phones,
the others share the rest. Pages are requested in process through Django's test client (the
whole middleware stack): p50/p95/max of `--requests` calls each after 5 warm-ups, beside a
small page (`/proposals/`, the public list) as the yardstick for the machine's load. Then the
reply to the big item is drafted and signed off through the actions: the time until the
transaction commits (the outbox rows written and the delivery jobs queued; bench/notify.py
measures the worker's delivery rate), and the rows queued.

Writes bench/results/proposals-<db>-<timestamp>.json and prints it, with the load average.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import start_django, timed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIG = 2000  # cases behind the one suggestion whose citizens are told


def setup(db: str, var_dir: str) -> None:
    start_django(db, var_dir, "proposals")
    from lianxi.cases.demo.generate import generate_cases
    from lianxi.directory.demo.city import generate_city

    generate_city(seed=3, size="small")
    generate_cases(3, 300)


def clone_cases(total: int) -> list[int]:
    """Copies of the demo cases up to `total`, each with its own tracking number and a
    citizen's phone of its own (so the 2,000 behind the big item are 2,000 people)."""
    from lianxi.cases.models import Case

    sources = list(Case.objects.all())
    made = len(sources)
    batch: list[Any] = []
    n = 0
    while made < total:
        # A copy: the same source object comes round again within one batch.
        case = copy.copy(sources[n % len(sources)])
        case.pk = None
        case.tracking_number = f"B{n:011d}"
        case.citizen = None
        case.contact_phone = f"139{n:08d}"
        batch.append(case)
        n += 1
        made += 1
        if len(batch) == 2000:
            Case.objects.bulk_create(batch)
            batch = []
    if batch:
        Case.objects.bulk_create(batch)
    return list(Case.objects.order_by("pk").values_list("pk", flat=True))


def top_up(deputies: int, units: int) -> None:
    from lianxi.directory.models import Area, Department, Deputy

    have = Deputy.objects.count()
    area = Area.objects.filter(level=3).first()
    Deputy.objects.bulk_create(
        [
            Deputy(
                name=f"代表{n:03d}",
                constituency=area,
                level="municipal",
                term=17,
                sector="professional",
            )
            for n in range(max(0, deputies - have))
        ]
    )
    have = Department.objects.count()
    city = Area.objects.filter(level=2).first()
    Department.objects.bulk_create(
        [
            Department(name=f"示范市第{n:03d}办事处", area=city, kind="government")
            for n in range(max(0, units - have))
        ]
    )


def signed_in(user: Any) -> Any:
    from django.test import Client

    from lianxi.accounts import second_factor

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[second_factor.SESSION_KEY] = "totp"
    session.save()
    return client


def run(db: str, items: int, cases: int, requests: int) -> dict[str, Any]:
    var_dir = tempfile.mkdtemp(prefix=f"lx-bench-proposals-{db}-")
    started = time.perf_counter()
    setup(db, var_dir)
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from lianxi.accounts.models import User
    from lianxi.directory.models import Deputy
    from lianxi.notifications.models import OutboxMessage
    from lianxi.proposals import actions
    from lianxi.proposals.demo.generate import generate
    from lianxi.proposals.models import CoOpinion, Proposal

    case_ids = clone_cases(cases)
    top_up(500, 150)
    generate(7, count=items)
    through = Proposal.cases.through
    through.objects.all().delete()
    rng = random.Random(7)  # noqa: S311 - generated bench data
    unit_user = (
        User.objects.filter(role="department", departments__isnull=False).order_by("pk").first()
    )
    assert unit_user is not None
    unit = unit_user.departments.order_by("pk").first()
    today = timezone.localdate()
    big = Proposal.objects.filter(status="assigned").order_by("pk").first()
    assert big is not None
    big.lead = unit
    big.contact_on, big.contact_method, big.contact_notes = today, "phone", "电话沟通"
    big.save()
    big.co_units.clear()
    CoOpinion.objects.filter(proposal=big).delete()
    # The unit leads a share of the items, as the busiest unit would.
    handled = Proposal.objects.exclude(lead=None).exclude(pk=big.pk).order_by("pk")
    Proposal.objects.filter(pk__in=list(handled.values_list("pk", flat=True)[::25][:60])).update(
        lead=unit
    )
    links = [through(proposal_id=big.pk, case_id=c) for c in case_ids[:BIG]]
    rest = case_ids[BIG:]
    others = list(Proposal.objects.exclude(pk=big.pk).values_list("pk", flat=True))
    for n, case_id in enumerate(rest):
        links.append(through(proposal_id=others[n % len(others)], case_id=case_id))
    rng.shuffle(links)
    through.objects.bulk_create(links, batch_size=5000)
    setup_s = round(time.perf_counter() - started, 1)

    deputy_user = (
        User.objects.filter(role="deputy", deputy__proposals__isnull=False).order_by("pk").first()
    )
    assert deputy_user is not None
    committee = User.objects.get(username="committee")
    deputy = signed_in(deputy_user)
    unit_client = signed_in(unit_user)
    staff = signed_in(committee)
    seen = {
        "deputy": Proposal.objects.visible_to(deputy_user).count(),
        "unit": Proposal.objects.visible_to(unit_user).count(),
        "committee": Proposal.objects.visible_to(committee).count(),
    }
    figures: dict[str, Any] = {
        "db": db,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "items": Proposal.objects.count(),
        "deputies": Deputy.objects.count(),
        "units": len({*Proposal.objects.values_list("lead", flat=True)} - {None}),
        "linked_cases": through.objects.count(),
        "items_seen": seen,
        "setup_s": setup_s,
        "baseline_public_list": timed(Client(), "/proposals/", requests),
        "deputy_list": timed(deputy, "/work/proposals/", requests),
        "unit_list": timed(unit_client, "/work/proposals/", requests),
        "unit_list_api": timed(unit_client, "/api/v1/proposals", requests),
        "committee_list": timed(staff, "/work/proposals/", requests),
        "committee_figures": timed(staff, "/work/proposals/numbers/", requests),
        "big_item_page_unit": timed(unit_client, f"/work/proposals/{big.pk}/", requests),
    }
    before = OutboxMessage.objects.count()
    actions.draft_reply(unit_user, big, "B", "已列入今年改造计划，分两批实施，年底前完成第一批。")
    started = time.perf_counter()
    with transaction.atomic():
        actions.sign_off(unit_user, big)
    figures["sign_off_with_2000_citizens_s"] = round(time.perf_counter() - started, 3)
    queued = OutboxMessage.objects.filter(kind="proposals.reply")
    figures["queued_messages"] = OutboxMessage.objects.count() - before
    figures["queued_sms_to_citizens"] = queued.filter(channel="sms").count()
    figures["at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--cases", type=int, default=40000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    result = run(args.db, args.items, args.cases, args.requests)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    out = RESULTS / f"proposals-{args.db}-{stamp}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
