"""每月一题: find departments with a recurring problem on one theme over the last three full
months: many cases, unsatisfied citizens, answers past their due date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from lianxi.cases.choices import ReferralRole, ReferralStatus, Satisfaction
from lianxi.cases.models import Rating, Referral
from lianxi.topics.models import SupervisionTopic, TopicStatus

LOOKBACK_MONTHS = 3
MIN_CASES = 8
MIN_UNSATISFIED_SHARE = 0.3
MIN_OVERDUE_SHARE = 0.2
KEEP = 10


def _months_back(day: date, months: int) -> date:
    year, month = day.year, day.month - months
    while month <= 0:
        year, month = year - 1, month + 12
    return date(year, month, 1)


@dataclass
class Finding:
    department_id: int
    category_id: int | None
    cases: int
    unsatisfied: int
    rated: int
    overdue: int

    @property
    def score(self) -> float:
        unsatisfied = self.unsatisfied / self.rated if self.rated else 0.0
        overdue = self.overdue / self.cases if self.cases else 0.0
        return round(self.cases * (0.5 + unsatisfied + overdue), 2)

    @property
    def recurring(self) -> bool:
        unsatisfied = self.unsatisfied / self.rated if self.rated else 0.0
        overdue = self.overdue / self.cases if self.cases else 0.0
        return self.cases >= MIN_CASES and (
            unsatisfied >= MIN_UNSATISFIED_SHARE or overdue >= MIN_OVERDUE_SHARE
        )


def findings(month: date) -> list[Finding]:
    """Per lead department and theme (second-level category), over the three months before
    `month`."""
    start, end = _months_back(month, LOOKBACK_MONTHS), month
    today = timezone.localdate()
    referrals = Referral.objects.filter(
        role=ReferralRole.LEAD,
        referred_at__date__gte=start,
        referred_at__date__lt=end,
    ).exclude(status=ReferralStatus.WITHDRAWN)
    overdue = Q(answered_at__isnull=False, answered_at__date__gt=F("due_date")) | Q(
        answered_at__isnull=True, due_date__lt=today
    )
    rows = (
        referrals.values("department_id", "case__category_id")
        .annotate(n=Count("case", distinct=True), late=Count("id", filter=overdue))
        .order_by()
    )
    ratings = (
        Rating.objects.filter(
            case__referrals__in=referrals,
        )
        .exclude(department_rating="")
        .exclude(department_rating_void=True)  # set aside on appeal
        .values("case__referrals__department_id", "case__category_id")
        .annotate(
            rated=Count("id", distinct=True),
            bad=Count("id", filter=Q(department_rating=Satisfaction.UNSATISFIED), distinct=True),
        )
        .order_by()
    )
    rated = {
        (r["case__referrals__department_id"], r["case__category_id"]): (r["rated"], r["bad"])
        for r in ratings
    }
    out = []
    for row in rows:
        key = (row["department_id"], row["case__category_id"])
        n_rated, n_bad = rated.get(key, (0, 0))
        out.append(Finding(key[0], key[1], row["n"], n_bad, n_rated, row["late"]))
    return out


def propose(month: date | None = None) -> list[SupervisionTopic]:
    """Store this month's proposals (idempotent: figures refreshed, decisions kept)."""
    month = (month or timezone.localdate()).replace(day=1)
    chosen = sorted((f for f in findings(month) if f.recurring), key=lambda f: -f.score)[:KEEP]
    kept = []
    with transaction.atomic():
        for f in chosen:
            topic, _created = SupervisionTopic.objects.update_or_create(
                month=month,
                department_id=f.department_id,
                category_id=f.category_id,  # type: ignore[misc]
                defaults={
                    "cases": f.cases,
                    "unsatisfied": f.unsatisfied,
                    "rated": f.rated,
                    "overdue": f.overdue,
                    "score": f.score,
                },
            )
            kept.append(topic.pk)
        SupervisionTopic.objects.filter(month=month, status=TopicStatus.PROPOSED).exclude(
            pk__in=kept
        ).delete()
    return list(SupervisionTopic.objects.filter(pk__in=kept))


def previous_month(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)
