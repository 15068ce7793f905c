"""Periodic jobs of suggestions and bills: overdue items are chased every working morning."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianxi.core.workdays import is_workday
from lianxi.proposals import actions
from lianxi.proposals.models import Proposal


def chase_overdue() -> int:
    today = timezone.localdate()
    if not is_workday(today):
        return 0
    overdue = Proposal.objects.filter(status="assigned", due_date__lt=today)
    return sum(actions.chase_overdue(None, p, today) for p in overdue.select_related("lead"))


@db_periodic_task(crontab(minute="30", hour="8"))
def chase_overdue_job() -> int:
    return chase_overdue()
