"""A ledger of cases over three months, in every state, for the statistics tests. Cases are
written directly (the figures, not the workflow, are under test), with their timestamps,
ratings and referrals."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from conftest import World
from lianxi.cases.models import Case, Rating, Referral
from lianxi.directory.models import Category
from lianxi.directory.tests import factories as f

CANARY_NAME = "欧阳保密"
CANARY_PHONE = "13987650001"
STATUSES = [
    "submitted",
    "declined",
    "merged",
    "assigned",
    "referred",
    "in_progress",
    "answered",
    "reported",
    "closed",
    "closed",
    "closed",
]
CHANNELS = ["online", "online", "station", "deputy", "hotline"]


@dataclass
class Ledger:
    cases: list[Case]
    housing: Category
    housing_sub: Category
    market: Category


def month_ago(months: int) -> datetime:
    now = timezone.localtime()
    moment = now.replace(day=10, hour=10, minute=0, second=0, microsecond=0)
    for _i in range(months):
        moment = (moment.replace(day=1) - timedelta(days=1)).replace(day=10)
    return moment


def make_case(world: World, number: int, **fields: Any) -> Case:
    values: dict[str, Any] = {
        "tracking_number": f"T{number:08d}",
        "query_code_hash": "-",
        "kind": "complaint",
        "title": "楼道灯坏了",
        "content": f"我是{CANARY_NAME}，电话{CANARY_PHONE}，楼道灯坏了。",
        "contact_name": CANARY_NAME,
        "contact_phone": CANARY_PHONE,
        "channel": "online",
        "status": "submitted",
    } | fields
    return Case.objects.create(**values)


def build_ledger(world: World, seed: int = 5, count: int = 60) -> Ledger:
    rng = random.Random(seed)
    housing = f.category("城乡建设", "S01")
    housing_sub = f.category("物业管理", "S0101", housing)
    market = f.category("市场监管", "S02")
    places = [
        (world.community1, world.station_a, world.deputy_a),
        (world.community2, world.station_b, world.deputy_b),
    ]
    cases = []
    for number in range(count):
        community, station, deputy = places[number % 2] if number % 7 else places[0]
        submitted = month_ago(rng.randint(0, 2)) + timedelta(
            days=rng.randint(0, 15), hours=rng.randint(0, 10)
        )
        submitted = min(submitted, timezone.now() - timedelta(hours=3))
        status = rng.choice(STATUSES)
        fields: dict[str, Any] = {
            "community": community if number % 11 else None,
            "station": station if number % 5 else None,
            "deputy": deputy if status not in ("submitted", "declined") else None,
            "category": rng.choice([housing, housing_sub, market, None]),
            "channel": rng.choice(CHANNELS),
            "status": status,
            "submitted_at": submitted,
            "due_date": (submitted + timedelta(days=rng.choice([5, 15, 40]))).date()
            if status not in ("submitted", "declined", "merged")
            else None,
        }
        if status in ("answered", "reported", "closed") or (
            status == "assigned" and number % 3 == 0
        ):
            answered = submitted + timedelta(hours=rng.randint(2, 24 * 45))
            fields["first_answer_at"] = min(answered, timezone.now() - timedelta(hours=1))
        if status == "closed":
            fields["outcome"] = rng.choice(["solved", "not_solved", "unrated"])
            fields["closed_at"] = fields["first_answer_at"] + timedelta(days=2)
        case = make_case(world, number, **fields)
        cases.append(case)
        if status in ("referred", "in_progress", "answered", "reported", "closed") and number % 2:
            answered_at = fields.get("first_answer_at")
            Referral.objects.create(
                case=case,
                department=world.dept_x if number % 4 == 1 else world.dept_y,
                role="lead",
                status="answered" if answered_at else "accepted",
                referred_at=submitted + timedelta(hours=1),
                due_date=(submitted + timedelta(days=15)).date(),
                accept_by=(submitted + timedelta(days=3)).date(),
                answered_at=answered_at,
                result_class=rng.choice("ABCD") if answered_at else "",
            )
        if status == "closed" and fields["outcome"] != "unrated":
            for rnd in range(rng.randint(1, 2)):
                Rating.objects.create(
                    case=case,
                    round=rnd,
                    deputy_rating=rng.choice(["satisfied", "basic", "unsatisfied"]),
                    department_rating=rng.choice(["satisfied", "basic", "unsatisfied", ""]),
                    rated_at=fields["closed_at"],
                )
    return Ledger(cases, housing, housing_sub, market)


# The ledger spreads cases over this month and the two before, counted from now: in the
# first hours of a month the current month would have none. The statistics tests run on a
# fixed day instead (the clock still ticks).
FIXED_NOW = datetime.fromisoformat("2026-11-20T14:00:00+08:00")


@pytest.fixture(autouse=True)
def fixed_day() -> Any:
    with time_machine.travel(FIXED_NOW, tick=True):
        yield


@pytest.fixture
def ledger(world: World) -> Ledger:
    return build_ledger(world)
