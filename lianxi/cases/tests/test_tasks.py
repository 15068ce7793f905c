"""Periodic jobs: reminders, escalation (督办), closing unrated cases. Each runs twice and
acts once."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from freezegun import freeze_time

from conftest import World
from lianxi.cases import actions, tasks

REPLY = "青石社区的电梯已联系物业维修，维修队本周内上门处理，请留意通知。"


def at(day: Any, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_close_unrated_after_seven_days_once(world: World, submit: Any) -> None:
    case = actions.accept_case(world["committee"], case=submit())
    case = actions.reply_to_case(world["deputy_a"], case=case, text=REPLY)
    assert tasks.close_unrated_cases() == 0  # the window is open
    with freeze_time(timezone.now() + timedelta(days=8)):
        assert tasks.close_unrated_cases() == 1
        assert tasks.close_unrated_cases() == 0
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "unrated"


def test_periodic_tasks_are_registered() -> None:
    from huey.contrib.djhuey import HUEY

    names = {task.__name__ for task in HUEY._registry._periodic_tasks}
    assert {"remind_due_task", "escalate_overdue_task", "close_unrated_cases_task"} <= names
