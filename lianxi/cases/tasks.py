"""Periodic jobs of the case ledger. Each job body is a plain function (called by the tests);
jobs take ids, fetch rows again and call actions, and are safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianxi.cases import actions
from lianxi.cases.choices import ReferralRole, Status
from lianxi.cases.models import Case, Referral
from lianxi.cases.supervision import (
    ACTIVE_CASE,
    ACTIVE_REFERRAL,
    escalate_referral,
    remind_due_referral,
)
from lianxi.core.errors import ActionError
from lianxi.core.workdays import add_workdays

REMIND_WORKDAYS = 2
BATCH = 2000


def remind_due() -> int:
    """Remind about lead referrals falling due within the next 2 working days."""
    today = timezone.localdate()
    horizon = add_workdays(today, REMIND_WORKDAYS)
    ids = list(
        Referral.objects.filter(
            role=ReferralRole.LEAD,
            status__in=ACTIVE_REFERRAL,
            case__status__in=ACTIVE_CASE,
            due_date__gte=today,
            due_date__lte=horizon,
        )
        .filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today))
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(remind_due_referral(None, referral_id=pk) for pk in ids)


def escalate_overdue() -> int:
    """Escalate overdue lead referrals not yet escalated."""
    ids = list(
        Referral.objects.filter(
            role=ReferralRole.LEAD,
            status__in=ACTIVE_REFERRAL,
            case__status__in=ACTIVE_CASE,
            due_date__lt=timezone.localdate(),
            escalated_at__isnull=True,
        ).values_list("pk", flat=True)[:BATCH]
    )
    return sum(escalate_referral(None, referral_id=pk) for pk in ids)


def close_unrated_cases() -> int:
    """Close cases reported back more than 7 days ago and still not rated."""
    cutoff = timezone.now() - timedelta(days=actions.RATING_WINDOW_DAYS)
    ids = list(
        Case.objects.filter(status=Status.REPORTED, reported_at__lte=cutoff).values_list(
            "pk", flat=True
        )[:BATCH]
    )
    closed = 0
    for pk in ids:
        case = Case.objects.filter(pk=pk).first()
        if case is None:
            continue
        try:
            actions.close_unrated(None, case=case)
        except ActionError:
            continue  # rated or changed meanwhile; the refusal is audited
        closed += 1
    return closed


@db_periodic_task(crontab(hour="7", minute="30"))
def remind_due_task() -> int:
    return remind_due()


@db_periodic_task(crontab(hour="8", minute="0"))
def escalate_overdue_task() -> int:
    return escalate_overdue()


@db_periodic_task(crontab(minute="15"))
def close_unrated_cases_task() -> int:
    return close_unrated_cases()
