"""The hot-issue job: group the recent cases, name and rank the groups, store the top ones.

Reads the stored terms (no re-cutting), so grouping 100,000 cases is mostly the grouping
itself. The tables are replaced in one transaction: running twice on the same data leaves the
same rows."""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from lianxi.cases.choices import Status
from lianxi.cases.models import Case
from lianxi.directory.models import Area
from lianxi.lib.masking import mask_text
from lianxi.topics.engine.grouping import Group, cluster, describe, rank
from lianxi.topics.engine.index import Index
from lianxi.topics.models import CaseTerms, Follow, HotIssue, HotIssueRun
from lianxi.topics.similar import decode

DEFAULT_WINDOW_DAYS = 30
KEEP_GROUPS = 50
KEEP_RUNS = 20


def _weeks(stamps: list[datetime], start: datetime, end: datetime) -> list[list[object]]:
    """Cases per week over the window: [["2026-11-02", 3], …]."""
    first = timezone.localtime(start).date()
    first -= timedelta(days=first.weekday())
    last = timezone.localtime(end).date()
    counts = Counter()  # type: Counter[str]
    for stamp in stamps:
        day = timezone.localtime(stamp).date()
        counts[(day - timedelta(days=day.weekday())).isoformat()] += 1
    out: list[list[object]] = []
    week = first
    while week <= last:
        out.append([week.isoformat(), counts.get(week.isoformat(), 0)])
        week += timedelta(days=7)
    return out


def _common_area(communities: list[int | None], areas: dict[int, Area]) -> int | None:
    """The community most members come from if it holds half of them, else the deepest area
    containing them all."""
    known = [c for c in communities if c is not None and c in areas]
    if not known:
        return None
    top, count = Counter(known).most_common(1)[0]
    if count * 2 >= len(communities):
        return top
    chains = []
    for community in set(known):
        chain, node = [], areas.get(community)
        while node is not None:
            chain.append(node.pk)
            node = areas.get(node.parent_id) if node.parent_id else None
        chains.append(list(reversed(chain)))
    common = None
    for level in zip(*chains, strict=False):
        if len(set(level)) != 1:
            break
        common = level[0]
    return common


def compute(window_days: int = DEFAULT_WINDOW_DAYS, now: datetime | None = None) -> HotIssueRun:
    started = time.monotonic()
    now = now or timezone.now()
    since = now - timedelta(days=window_days)
    rows = list(
        CaseTerms.objects.filter(case__submitted_at__gte=since, case__submitted_at__lte=now)
        .exclude(case__status__in=[Status.MERGED, Status.DECLINED])
        .order_by("case_id")
        .values_list("case_id", "terms", "case__title", "case__submitted_at", "case__community_id")
    )
    index = Index()
    for case_id, text, *_rest in rows:
        index.add(case_id, decode(text), weigh=False)
    index.finalise()
    ids = [r[0] for r in rows]
    followers = (
        dict(
            Follow.objects.filter(case_id__in=ids)
            .values("case_id")
            .annotate(n=Count("id"))
            .values_list("case_id", "n")
        )
        if ids
        else {}
    )
    times = [r[3] for r in rows]
    groups = [Group(members) for members in cluster(index)]
    titles = [r[2] for r in rows]
    rank(groups, times, [float(followers.get(i, 0)) for i in ids], now)
    groups = groups[:KEEP_GROUPS]
    for group in groups:
        describe(index, group, titles)
    areas = {a.pk: a for a in Area.objects.all().only("pk", "parent_id", "level", "name")}
    with transaction.atomic():
        HotIssue.objects.all().delete()
        made = []
        for position, group in enumerate(groups, start=1):
            stamps = [times[d] for d in group.members]
            issue = HotIssue.objects.create(
                rank=position,
                label=mask_text(group.label)[:120] or "—",
                places=[mask_text(p) for p in group.places],
                terms=[mask_text(t) for t in group.terms],
                size=len(group.members),
                recent=round(group.growth * len(group.members)),
                followers=int(group.weight),
                score=group.score,
                first_at=min(stamps),
                last_at=max(stamps),
                area_id=_common_area([rows[d][4] for d in group.members], areas),
                trend=_weeks(stamps, since, now),
            )
            made.append((issue, [ids[d] for d in group.members]))
        through = HotIssue.cases.through
        through.objects.bulk_create(
            [through(hotissue_id=i.pk, case_id=c) for i, members in made for c in members],
            batch_size=2000,
        )
        run = HotIssueRun.objects.create(
            computed_at=now,
            window_days=window_days,
            cases=len(rows),
            groups=len(groups),
            seconds=round(time.monotonic() - started, 3),
        )
        old = HotIssueRun.objects.order_by("-computed_at", "-id").values_list("pk", flat=True)
        HotIssueRun.objects.filter(pk__in=list(old[KEEP_RUNS:])).delete()
    return run


def cases_of(issue: HotIssue, user: object) -> object:
    """The issue's cases the user may see (drill-down)."""
    return Case.objects.visible_to(user).filter(hot_issues=issue)
