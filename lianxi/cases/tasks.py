"""Periodic jobs of the case ledger. Each job body is a plain function (called by the tests);
jobs take ids, fetch rows again and call actions, and are safe to run twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianxi.cases import actions
from lianxi.cases.choices import Status
from lianxi.cases.deadlines import SUPERVISED, applicable_due
from lianxi.cases.models import Case
from lianxi.cases.supervision import REMIND_WORKDAYS, escalate, remind_due, remind_overdue
from lianxi.core.errors import ActionError
from lianxi.core.workdays import add_workdays

BATCH = 2000


def _supervised() -> Any:
    """Supervised cases with the applicable deadline as `applicable_due`."""
    return Case.objects.filter(status__in=list(SUPERVISED)).annotate(
        applicable_due=applicable_due()
    )


def _not_reminded_today() -> Q:
    today = timezone.localdate()
    return Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)


def remind_due_soon() -> int:
    """Remind about deadlines falling within the next 2 working days (once a day per case)."""
    today = timezone.localdate()
    ids = list(
        _supervised()
        .filter(applicable_due__gte=today, applicable_due__lte=add_workdays(today, REMIND_WORKDAYS))
        .filter(_not_reminded_today())
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(remind_due(None, case_id=pk) for pk in ids)


def remind_overdue_cases() -> int:
    """Remind the one who must act about passed deadlines (once a day per case)."""
    ids = list(
        _supervised()
        .filter(applicable_due__lt=timezone.localdate())
        .filter(_not_reminded_today())
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(remind_overdue(None, case_id=pk) for pk in ids)


def escalate_overdue() -> int:
    """Escalate cases overdue beyond the threshold and not yet escalated."""
    ids = list(
        _supervised()
        .filter(applicable_due__lt=timezone.localdate(), escalated_at__isnull=True)
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(escalate(None, case_id=pk) for pk in ids)


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
    return remind_due_soon() + remind_overdue_cases()


@db_periodic_task(crontab(hour="8", minute="0"))
def escalate_overdue_task() -> int:
    return escalate_overdue()


@db_periodic_task(crontab(minute="15"))
def close_unrated_cases_task() -> int:
    return close_unrated_cases()
