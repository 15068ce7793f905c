"""Demo data of the topics app, made after the city and its cases.

Files a few recent clusters of the same problem at the same spot through the real intake
action (as residents of one community would), lets some demo citizens follow them, then runs
the app's own jobs: the term index, the hot-issue grouping and this month's supervision
topics. Choices come from `random.Random(seed)`."""

from __future__ import annotations

import random

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from lianxi.accounts.models import User
from lianxi.cases.actions import Intake, submit_case
from lianxi.cases.demo.texts import DURATIONS, IMPACTS, PROBLEMS, REQUESTS
from lianxi.core.choices import Role
from lianxi.core.errors import ActionError
from lianxi.directory.models import Area
from lianxi.topics import actions, tasks
from lianxi.topics.models import HotIssueRun

SPOTS = ("3栋", "东门", "幸福里小区", "锦绣苑", "菜市场旁", "南侧小路")
OPENERS = ("", "", "投诉", "反映", "请问", "强烈要求解决")
CLUSTERS = 5


def _clusters(rng: random.Random) -> list[tuple[Area, str, tuple[str, str]]]:
    communities = list(Area.objects.communities().order_by("code"))
    with_place = [p for group in PROBLEMS.values() for p in group if "{place}" in p[1]]
    picked = []
    for community in rng.sample(communities, min(CLUSTERS, len(communities))):
        spot = community.name.removesuffix("社区").removesuffix("村") + rng.choice(SPOTS)
        picked.append((community, spot, rng.choice(with_place)))
    return picked


def generate(seed: int, *, progress: bool = False) -> dict[str, int]:
    """Fill the demo city; returns counts by Chinese label for the command's summary."""
    if HotIssueRun.objects.exists():
        return {}
    rng = random.Random(seed + 606)  # noqa: S311 (demo data, not secrets)
    filed = follows = 0
    cases = []
    for community, spot, (core, detail) in _clusters(rng):
        for _i in range(rng.randint(3, 8)):
            parts = [detail.format(place=spot), rng.choice(DURATIONS), rng.choice(IMPACTS)]
            data = Intake(
                kind="complaint",
                title=(rng.choice(OPENERS) + spot + core)[:80],
                content="，".join(p for p in parts if p) + "，" + rng.choice(REQUESTS) + "。",
                channel="online",
                community=community,
                contact_phone=f"139{rng.randrange(10**8):08d}",
            )
            cases.append(submit_case(AnonymousUser(), data=data).case)
            filed += 1
    citizens = list(User.objects.filter(role=Role.CITIZEN, is_active=True).order_by("pk")[:40])
    for citizen in rng.sample(citizens, min(12, len(citizens))):
        try:
            actions.follow_case(citizen, case=rng.choice(cases))
            follows += 1
        except ActionError:
            continue
    indexed = tasks.index_new_cases()
    run = actions.refresh_hot_issues(None, window_days=tasks.window_days())
    topics = actions.propose_topics(None, month=timezone.localdate().replace(day=1))
    if progress:
        print(f"topics: {indexed} cases indexed, {run.groups} hot issues")
    return {
        "类似诉求（演示）": filed,
        "关注": follows,
        "热点问题": run.groups,
        "每月一题建议": len(topics),
    }
