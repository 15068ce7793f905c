"""Demo data of deputies' suggestions and bills: a session's worth (3,000 by default) in every
state, from the city's deputies, departments and cases; the demo deputy has some of each.

Rows are written with bulk_create in one transaction (docs/decisions/0004), followed by one
audit event `demo.generate_proposals` with the seed and the counts."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.core.choices import Role
from lianxi.directory.models import Category, Department, Deputy
from lianxi.proposals.models import Answer, CoOpinion, Cosigner, Proposal, Version

TOPICS = [
    ("老旧小区加装电梯", "老旧小区居民多为老年人，上下楼困难，加装电梯协调难、资金缺口大。"),
    ("农贸市场环境整治", "部分农贸市场排水不畅、摊位占道，群众多次反映卫生和交通问题。"),
    ("中小学课后服务", "双职工家庭接孩子难，课后服务时间短、内容单一。"),
    ("社区养老服务站建设", "社区老年人助餐、日间照料需求大，现有服务站点不足。"),
    ("背街小巷路灯照明", "多条背街小巷路灯损坏或缺失，夜间出行存在安全隐患。"),
    ("河道水质改善", "城区部分河道汛期后水质变差，沿岸居民反映有异味。"),
    ("停车难治理", "老城区停车位严重不足，占道停车影响消防通道。"),
    ("物业服务监管", "部分小区物业服务质量差、收费不透明，业主投诉较多。"),
]
CO_OPINIONS = [
    "{unit}同意主办单位的办理方案，将在职责范围内做好配合。",
    "{unit}已梳理相关政策，建议在答复中一并说明资金安排。",
    "{unit}将配合开展现场调研，按期提供有关数据。",
]
REPLIES = {
    "A": "经研究，已完成相关整改，群众反映的问题已基本解决。",
    "B": "该事项已列入今年重点工作计划，正在分步实施。",
    "C": "受资金和规划条件限制，将在条件具备时统筹解决。",
    "D": "因涉及上位法规定，目前暂不能解决，已向代表作详细说明。",
}
# state → share of the items
STATES = [
    ("draft", 4),
    ("filed", 4),
    ("accepted", 4),
    ("declined", 3),
    ("merged", 2),
    ("assigned", 30),
    ("return_asked", 2),
    ("replied", 15),
    ("closed", 38),
]


def generate(seed: int, *, progress: bool = False, count: int = 3000) -> dict[str, int]:
    if Proposal.objects.exists() or not Deputy.objects.exists():
        return {}
    departments = list(Department.objects.all())
    if not departments:
        return {}
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    now = timezone.now()
    deputies = list(Deputy.objects.filter(status="serving").select_related("constituency"))
    demo_user = User.objects.filter(username="deputy", role=Role.DEPUTY).first()
    demo = next((d for d in deputies if demo_user and d.user_id == demo_user.pk), None)
    categories: list[Category | None] = [*Category.objects.filter(parent__isnull=False)] or [None]
    case_ids = list(Case.objects.values_list("pk", flat=True))
    states = [s for s, share in STATES for _ in range(share)]
    with transaction.atomic():
        items: list[Proposal] = []
        for n in range(count):
            author = demo if demo is not None and n < len(STATES) * 2 else rng.choice(deputies)
            status = STATES[n % len(STATES)][0] if n < len(STATES) * 2 else rng.choice(states)
            topic, body = rng.choice(TOPICS)
            kind = "bill" if rng.random() < 0.08 else "suggestion"
            filed = now - timedelta(days=rng.randint(20, 200))
            item = Proposal(
                kind=kind,
                title=f"关于{topic}的{'议案' if kind == 'bill' else '建议'}",
                body=body + "建议有关部门统筹研究，拿出切实可行的解决办法。",
                reasons="群众反映集中，问题长期存在。",
                measures="一是摸清底数；二是制定计划；三是加强监督检查。",
                category=rng.choice(categories),
                author=author,
                area=author.constituency,
                status=status,
                filed_at=None if status == "draft" else filed,
            )
            if status == "declined":
                item.review_reason = "所提事项已有明确政策规定，建议通过其他渠道反映。"
            if status in {"assigned", "return_asked", "replied", "closed"}:
                item.lead = rng.choice(departments)
                assigned_on = filed.date() + timedelta(days=7)
                if status == "return_asked":
                    assigned_on = today - timedelta(days=2)
                complex_item = rng.random() < 0.2
                item.assigned_on = assigned_on
                item.due_date = assigned_on + timedelta(days=182 if complex_item else 91)
                item.key_supervision = rng.random() < 0.05
            if status == "return_asked":
                item.return_reason = "该事项不属于本单位职责范围。"
            if status == "assigned" and rng.random() < 0.2:
                # Contacted the deputy and drafted a reply that waits to be signed off.
                item.contact_method = rng.choice(["meeting", "phone", "visit"])
                item.contact_on = min(today, assigned_on + timedelta(days=15))
                item.contact_notes = "与代表电话沟通了办理思路和时间安排。"
                item.draft_result = rng.choices("ABCD", weights=[45, 35, 15, 5])[0]
                item.draft_reply = REPLIES[item.draft_result]
            if status in {"replied", "closed"}:
                item.contact_method = rng.choice(["meeting", "phone", "visit"])
                item.contact_on = assigned_on + timedelta(days=20)
                item.contact_notes = "与代表当面沟通了办理思路和时间安排。"
                item.result = rng.choices("ABCD", weights=[45, 35, 15, 5])[0]
                item.reply = REPLIES[item.result]
                item.replied_at = filed + timedelta(days=60)
            if status == "closed":
                item.rating = rng.choices(
                    ["satisfied", "basic", "unsatisfied"], weights=[70, 25, 5]
                )[0]
            items.append(item)
        Proposal.objects.bulk_create(items, batch_size=500)
        # Duplicates point to an open item they were merged into.
        open_items = [i for i in items if i.status in {"filed", "accepted", "assigned"}]
        merged = [i for i in items if i.status == "merged"]
        for item in merged:
            into = rng.choice(open_items)
            item.merged_into = into
            item.review_reason = f"与{into.author.name}代表所提“{into.title}”内容重复，并案办理。"
        Proposal.objects.bulk_update(merged, ["merged_into", "review_reason"], batch_size=500)
        links, co_links, versions, cosigners = [], [], [], []
        answers: list[Answer] = []
        opinions: list[CoOpinion] = []
        through = Proposal.cases.through
        co_through = Proposal.co_units.through
        for item in items:
            for case_id in rng.sample(case_ids, min(len(case_ids), rng.randint(0, 4))):
                links.append(through(proposal_id=item.pk, case_id=case_id))
            if item.lead is not None and rng.random() < 0.4:
                other = rng.choice(departments)
                if other.pk != item.lead.pk:
                    co_links.append(co_through(proposal_id=item.pk, department_id=other.pk))
                    # Replied items went out after their co-handling unit's opinion; of those
                    # still being handled, about half have one.
                    if item.status in {"replied", "closed"} or (
                        item.status == "assigned" and rng.random() < 0.5
                    ):
                        opinions.append(
                            CoOpinion(
                                proposal=item,
                                department=other,
                                text=rng.choice(CO_OPINIONS).format(unit=other.name),
                            )
                        )
            if item.replied_at is not None:
                answers.append(
                    Answer(
                        proposal=item,
                        number=1,
                        result=item.result,
                        text=item.reply,
                        sent_at=item.replied_at,
                    )
                )
            if item.status != "draft":
                versions.append(
                    Version(
                        proposal=item,
                        number=1,
                        title=item.title,
                        body=item.body,
                        reasons=item.reasons,
                        measures=item.measures,
                    )
                )
            if item.kind == "bill":
                peers = [
                    d for d in deputies if d.pk != item.author_id and d.level == item.author.level
                ]
                for peer in rng.sample(peers, min(len(peers), 10)):
                    cosigners.append(
                        Cosigner(
                            proposal=item,
                            deputy=peer,
                            status="invited" if item.status == "draft" else "confirmed",
                            answered_at=None if item.status == "draft" else item.filed_at,
                        )
                    )
        through.objects.bulk_create(links, batch_size=1000)
        co_through.objects.bulk_create(co_links, batch_size=1000)
        # A few deputies corrected their text after filing: version 2, the first one kept.
        corrected = [v for v in versions if rng.random() < 0.04]
        for first in corrected:
            versions.append(
                Version(
                    proposal=first.proposal,
                    number=2,
                    title=first.title,
                    body=first.body + "并建议明确完成时限。",
                    reasons=first.reasons,
                    measures=first.measures,
                    note="补充了完成时限。",
                )
            )
            first.proposal.body += "并建议明确完成时限。"
            first.proposal.version = 2
        Proposal.objects.bulk_update(
            [v.proposal for v in corrected], ["body", "version"], batch_size=500
        )
        Version.objects.bulk_create(versions, batch_size=1000)
        Answer.objects.bulk_create(answers, batch_size=1000)
        Cosigner.objects.bulk_create(cosigners, batch_size=1000)
        CoOpinion.objects.bulk_create(opinions, batch_size=1000)
        counts = {
            "代表议案建议": len(items),
            "关联诉求": len(links),
            "附议": len(cosigners),
            "协办意见": len(opinions),
        }
        log(None, "demo.generate_proposals", None, {"seed": seed, "counts": counts})
    return counts
