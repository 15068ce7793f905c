"""Periodic jobs of the stats app: every hour the months of recently changed cases, every
night all months (which also catches due dates passing on old cases). Both are idempotent."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianxi.stats import actions


def refresh_recent() -> int:
    return actions.refresh_statistics(None, days=2).months


def refresh_all() -> int:
    return actions.refresh_statistics(None, full=True).months


@db_periodic_task(crontab(minute="23"))
def stats_recent_job() -> None:
    refresh_recent()


@db_periodic_task(crontab(hour="2", minute="50"))
def stats_full_job() -> None:
    refresh_all()
