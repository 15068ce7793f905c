"""Demo polls, made after the city: an open city-wide poll with answers coming in (online from
the demo citizens, on paper from the stations), a closed district poll of chosen areas with its
results and a case filed from it, and a deputy's poll waiting for approval. Answers are
bulk-written in one transaction, the results counted by the same job the worker runs, and one
audit event `demo.generate_polls` records the seed and the counts."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.core.choices import Role
from lianxi.directory.models import Area, Deputy
from lianxi.polls import actions
from lianxi.polls.actions import check_answers
from lianxi.polls.choices import AgeBand, Kind, Source, Status
from lianxi.polls.models import Poll, Question, Response

OPINIONS = [
    "希望尽快加装电梯，家里老人上下楼太难了。",
    "加装电梯的费用分摊要公开透明，按楼层合理分担。",
    "低层住户担心采光和噪音，希望设计时充分考虑。",
    "施工期间请合理安排时间，不要影响居民休息。",
    "建议政府加大补贴力度，减轻居民负担。",
    "电梯建好后的维护保养由谁负责要提前说清楚。",
    "小区停车位太少，希望一并规划停车问题。",
    "希望社区多组织议事会，听听大家的意见。",
    "社区食堂价格实惠，希望增加送餐上门服务。",
    "日间照料中心的开放时间太短，建议延长到晚上。",
    "希望增加老年人健康讲座和义诊活动。",
    "养老服务站的工作人员很热心，但人手明显不够。",
]
CITY_QUESTIONS = [
    ("single", "您所在的楼栋是否已加装电梯？", ["已加装", "正在协商", "尚未启动"], [(1, 3)]),
    (
        "multi",
        "协商过程中遇到的主要困难是什么？",
        ["费用分摊", "低层住户反对", "审批手续", "管线迁移"],
        [],
    ),
    ("scale", "您对本地加装电梯工作的满意程度？", [], []),
    ("rank", "请为下列民生事项的紧迫程度排序", ["加装电梯", "停车位", "充电桩", "绿化提升"], []),
    ("text", "您对加装电梯工作还有什么意见和建议？", [], []),
]
DISTRICT_QUESTIONS = [
    ("single", "您或家人是否需要社区养老服务？", ["需要", "暂不需要"], [(2, 0)]),
    ("multi", "最需要哪些服务？", ["助餐", "日间照料", "上门护理", "健康管理", "文化娱乐"], []),
    ("scale", "您对社区现有养老服务的满意程度？", [], []),
    ("text", "您对社区养老服务有什么建议？", [], []),
]


def _questions(poll: Poll, specs: list[tuple[str, str, list[str], list[tuple[int, int]]]]) -> None:
    for number, (kind, text, options, branches) in enumerate(specs, start=1):
        offset = 1 if kind == Kind.SINGLE else 0
        Question.objects.create(
            poll=poll,
            number=number,
            kind=kind,
            text=text,
            required=kind != Kind.TEXT,
            options=options,
            branches=[{"answer": a - offset, "goto": g} for a, g in branches],
        )


def _answers(rng: random.Random, questions: list[Question]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for q in questions:
        key = str(q.pk)
        if q.kind == Kind.SINGLE:
            raw[key] = rng.choices(
                range(len(q.options)), weights=[5, 3, 2, 1, 1][: len(q.options)]
            )[0]
        elif q.kind == Kind.MULTI:
            raw[key] = sorted(rng.sample(range(len(q.options)), rng.randint(1, 3)))
        elif q.kind == Kind.SCALE:
            raw[key] = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 6, 4])[0]
        elif q.kind == Kind.RANK:
            order = list(range(len(q.options)))
            rng.shuffle(order)
            if rng.random() < 0.5:
                order.remove(0)
                order.insert(0, 0)
            raw[key] = order
        elif rng.random() < 0.6:
            raw[key] = rng.choice(OPINIONS)
    return check_answers(questions, raw)


def _fill(
    rng: random.Random,
    poll: Poll,
    count: int,
    citizens: list[User],
    communities: list[Area],
    when: Any,
) -> int:
    questions = list(poll.questions.all())
    bands = [b for b in AgeBand.values if b != "u18"]
    rows = []
    for n in range(count):
        online = n < len(citizens)
        rows.append(
            Response(
                poll=poll,
                user=citizens[n] if online else None,
                person_key=f"u{citizens[n].pk}" if online else f"p{n + 1:05d}",
                source=Source.ONLINE if online else Source.PAPER,
                paper_number="" if online else f"{n + 1:05d}",
                area=rng.choice(communities) if communities else None,
                age_band=rng.choice(bands),
                answers=_answers(rng, questions),
            )
        )
    Response.objects.bulk_create(rows, batch_size=1000)
    Response.objects.filter(poll=poll).update(created_at=when, updated_at=when)
    return count


def generate(seed: int, *, progress: bool = False, answers: int = 600) -> dict[str, int]:
    if Poll.objects.exists():
        return {}
    city = Area.objects.filter(level=2).order_by("code").first()
    staff = User.objects.filter(role=Role.COMMITTEE, username="committee").first() or (
        User.objects.filter(role=Role.COMMITTEE, jurisdiction__isnull=False).first()
    )
    if city is None or staff is None:
        return {}
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    now = timezone.now()
    citizens = list(
        User.objects.filter(role=Role.CITIZEN, is_active=True).exclude(phone_hash=None)[:200]
    )
    communities = list(
        Area.objects.filter(level=5, prefix__startswith=city.prefix).order_by("code")[:80]
    )
    district = Area.objects.filter(parent=city).order_by("code").first() or city
    counts = {"民意调查": 0, "调查答卷": 0}
    with transaction.atomic():
        opened = Poll.objects.create(
            title="老旧小区加装电梯民意调查",
            intro="为了解居民对老旧小区加装电梯的意愿和困难，市人大常委会开展本次调查，结果将作为代表建议和监督工作的依据。",
            area=city,
            opens_on=today - timedelta(days=10),
            closes_on=today + timedelta(days=20),
            status=Status.OPEN,
            created_by=staff,
            approved_by=staff,
            opened_at=now - timedelta(days=10),
        )
        _questions(opened, CITY_QUESTIONS)
        counts["调查答卷"] += _fill(
            rng, opened, answers, citizens, communities, now - timedelta(hours=2)
        )
        streets = list(Area.objects.filter(parent=district).order_by("code")[:3])
        closed = Poll.objects.create(
            title=f"{district.name}社区养老服务需求调查",
            intro="调查社区居民对助餐、日间照料等养老服务的需求。",
            area=district,
            audience="areas",
            opens_on=today - timedelta(days=60),
            closes_on=today - timedelta(days=15),
            status=Status.CLOSED,
            created_by=staff,
            approved_by=staff,
            opened_at=now - timedelta(days=60),
            closed_at=now - timedelta(days=14),
        )
        closed.areas.set(streets or [district])
        _questions(closed, DISTRICT_QUESTIONS)
        inside = [c for c in communities if c.prefix.startswith(district.prefix)] or communities
        counts["调查答卷"] += _fill(
            rng, closed, answers // 2, citizens[:40], inside, now - timedelta(days=20)
        )
        deputy = (
            Deputy.objects.filter(status="serving", user__username="deputy")
            .select_related("constituency")
            .first()
            or Deputy.objects.filter(status="serving", user__isnull=False)
            .select_related("constituency")
            .first()
        )
        made = [opened, closed]
        if deputy is not None:
            pending = Poll.objects.create(
                title=f"{deputy.constituency.name}背街小巷照明情况调查",
                intro="了解居民夜间出行照明情况，为代表提出建议做准备。",
                area=deputy.constituency,
                deputy=deputy,
                opens_on=today + timedelta(days=3),
                closes_on=today + timedelta(days=33),
                status=Status.PENDING,
                created_by=deputy.user,
            )
            _questions(
                pending,
                [
                    (
                        "single",
                        "您常走的背街小巷夜间照明是否充足？",
                        ["充足", "不足", "没有路灯"],
                        [],
                    ),
                    ("text", "请写出照明不足的具体位置。", [], []),
                ],
            )
            made.append(pending)
        counts["民意调查"] = len(made)
        log(None, "demo.generate_polls", None, {"seed": seed, **counts})
    for poll in (opened, closed):
        actions.refresh_results(None, poll)
    link = actions.file_case(
        staff,
        closed,
        title="居民对社区助餐服务需求集中",
        content="社区养老服务需求调查显示，多数需要养老服务的居民首选助餐和日间照料，建议增设社区食堂并延长日间照料中心开放时间。",
        community_id=inside[0].pk if inside and inside[0].level == 5 else None,
    )
    counts["由调查转办的诉求"] = 1 if link.case_id else 0
    return counts
