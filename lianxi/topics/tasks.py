"""Periodic jobs of the topics app. Each body is a plain function the tests call; all are safe
to run twice (the index skips indexed cases, the hot issues and topics are replaced)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianxi.topics import actions


def window_days() -> int:
    return int(getattr(settings, "TOPICS_HOT_WINDOW_DAYS", 30))


def index_new_cases() -> int:
    total = 0
    while True:
        done = actions.index_cases(None)
        total += done
        if done < actions.INDEX_BATCH:
            return total


def regroup() -> int:
    index_new_cases()
    return actions.refresh_hot_issues(None, window_days=window_days()).groups


def monthly_topics() -> int:
    return len(actions.propose_topics(None, month=timezone.localdate().replace(day=1)))


@db_periodic_task(crontab(minute="*"))
def index_cases_job() -> None:
    index_new_cases()


@db_periodic_task(crontab(minute="17"))
def hot_issues_job() -> None:
    regroup()


@db_periodic_task(crontab(day="1", hour="3", minute="40"))
def supervision_topics_job() -> None:
    monthly_topics()
