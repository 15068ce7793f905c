"""Periodic jobs: reminders, escalation (督办), closing unrated cases. Each runs twice and
acts once."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from freezegun import freeze_time

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases import actions, tasks
from lianxi.cases.models import Case, CaseEvent, Referral
from lianxi.notifications.models import OutboxMessage

REPLY = "青石社区的电梯已联系物业维修，维修队本周内上门处理，请留意通知。"


def at(day: Any, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def referred(world: World, submit: Any) -> Case:
    case = actions.accept_case(world["committee"], case=submit())
    return actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)


def test_remind_due_once_per_referral_per_day(world: World, submit: Any) -> None:
    case = referred(world, submit)
    referral = case.referrals.get(role="lead")
    with freeze_time(at(referral.due_date - timedelta(days=30))):
        assert tasks.remind_due() == 0  # far from due
    with freeze_time(at(referral.due_date)):
        assert tasks.remind_due() == 1
        assert tasks.remind_due() == 0
    reminders = OutboxMessage.objects.filter(kind="cases.remind_due", channel="inapp")
    assert {m.user for m in reminders} == {world["handler_x"], world["deputy_a"]}
    assert all(m.url == f"/work/cases/{case.pk}/" for m in reminders)
    referral.refresh_from_db()
    assert referral.last_reminded_on == referral.due_date
    assert AuditEvent.objects.filter(action="cases.remind_due", outcome="ok").exists()


def test_escalate_overdue_once(world: World, submit: Any) -> None:
    case = referred(world, submit)
    referral = case.referrals.get(role="lead")
    with freeze_time(at(referral.due_date)):
        assert tasks.escalate_overdue() == 0  # due today is not overdue
    with freeze_time(at(referral.due_date + timedelta(days=1))):
        assert tasks.escalate_overdue() == 1
        assert tasks.escalate_overdue() == 0
    referral.refresh_from_db()
    assert referral.escalated_at is not None
    events = CaseEvent.objects.filter(case=case, step="escalated")
    assert events.count() == 1 and not events.get().public
    told = OutboxMessage.objects.filter(kind="cases.escalate", channel="inapp")
    # both committee accounts cover community 1, and the late department hears that it is
    # supervised now; nobody else is told
    assert {m.user for m in told} == {world["committee"], world["committee_d1"], world["handler_x"]}
    assert AuditEvent.objects.filter(action="cases.escalate", target_id=str(case.pk)).count() >= 1


def test_escalation_skips_answered_referrals(world: World, submit: Any) -> None:
    case = referred(world, submit)
    case = actions.department_accept(world["handler_x"], case=case)
    actions.department_answer(
        world["handler_x"],
        case=case,
        text="已安排维保单位更换主板，本周五前恢复运行。",
        result_class="A",
    )
    due = Referral.objects.get(case=case, role="lead").due_date
    with freeze_time(at(due + timedelta(days=3))):
        assert tasks.escalate_overdue() == 0
        assert tasks.remind_due() == 0


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
