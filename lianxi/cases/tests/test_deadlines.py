"""The deadline that applies (the deputy's until a department signs, then the department's),
the reminders that follow it, and escalation (督办), with a frozen clock."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from freezegun import freeze_time

import lianxi.urls  # noqa: F401  (the API's schemas are built before any clock is frozen)
from conftest import World
from lianxi.cases import actions, queues, tasks
from lianxi.cases.deadlines import DEPARTMENT, DEPUTY, applicable, applicable_due
from lianxi.cases.models import Case, CaseEvent
from lianxi.core.errors import IllegalTransition
from lianxi.core.models import CalendarDay
from lianxi.notifications.models import OutboxMessage

TUESDAY = date(2026, 11, 17)  # accepted on a Tuesday; 5 working days later is Tue 24 Nov
DEPUTY_DUE = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def five_workdays(settings: Any) -> None:
    """Shorter than the departments' limit, so the two deadlines differ."""
    settings.DEPUTY_ANSWER_WORKDAYS = 5


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def told(action: str) -> set[str]:
    rows = OutboxMessage.objects.filter(kind=action, channel="inapp")
    return {r.user.username for r in rows}


def accepted(world: World, submit: Any, actor: Any = None) -> Case:
    with freeze_time(at(TUESDAY)):
        return actions.accept_case(world["committee"], case=submit(actor))


def signed(world: World, submit: Any) -> Case:
    case = accepted(world, submit)
    with freeze_time(at(TUESDAY, 10)):
        case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
        return actions.department_accept(world["handler_x"], case=case)


def annotated(case: Case) -> Any:
    return Case.objects.annotate(d=applicable_due()).get(pk=case.pk).d


def test_the_deputy_deadline_is_set_at_acceptance_from_the_setting(
    world: World, submit: Any
) -> None:
    assert accepted(world, submit).deputy_due == DEPUTY_DUE
    CalendarDay.objects.create(date=date(2026, 11, 20), is_workday=False)  # a holiday Friday
    with override_settings(DEPUTY_ANSWER_WORKDAYS=3):
        assert accepted(world, submit).deputy_due == date(2026, 11, 23)  # Wed, Thu, (Fri off) Mon


def test_the_department_deadline_applies_once_it_signs(world: World, submit: Any) -> None:
    case = accepted(world, submit)
    deadline = applicable(case)
    assert deadline is not None and (deadline.due, deadline.party) == (DEPUTY_DUE, DEPUTY)
    with freeze_time(at(TUESDAY, 10)):
        case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    deadline = applicable(case)
    assert deadline is not None and deadline.party == DEPUTY  # not signed for yet
    assert annotated(case) == DEPUTY_DUE
    with freeze_time(at(TUESDAY, 11)):
        case = actions.department_accept(world["handler_x"], case=case)
    deadline = applicable(case)
    lead = case.referrals.get(role="lead")
    assert deadline is not None and deadline.party == DEPARTMENT
    assert deadline.due == lead.due_date != DEPUTY_DUE and deadline.referral == lead
    assert annotated(case) == lead.due_date
    with freeze_time(at(TUESDAY, 12)):
        case = actions.department_answer(
            world["handler_x"],
            case=case,
            text="已安排维保单位更换主板，本周五前恢复运行。",
            result_class="A",
        )
    assert applicable(case) is None and annotated(case) is None


def test_due_soon_tells_the_deputy_and_nobody_else(world: World, submit: Any) -> None:
    accepted(world, submit)
    with freeze_time(at(DEPUTY_DUE - timedelta(days=6))):
        assert tasks.remind_due_soon() == 0  # far from due
    with freeze_time(at(DEPUTY_DUE - timedelta(days=1))):
        assert tasks.remind_due_soon() == 1
        assert tasks.remind_due_soon() == tasks.remind_overdue_cases() == 0  # once a day
    assert told("cases.remind_due") == {"deputy_a"}
    body = OutboxMessage.objects.get(kind="cases.remind_due", channel="inapp").body
    assert "2026-11-24" in body


def test_a_signed_case_reminds_its_department_and_nobody_else(world: World, submit: Any) -> None:
    case = signed(world, submit)
    due = case.referrals.get(role="lead").due_date
    with freeze_time(at(DEPUTY_DUE + timedelta(days=1))):
        # the deputy's deadline has passed, but it no longer applies
        assert tasks.remind_overdue_cases() == tasks.escalate_overdue() == 0
    with freeze_time(at(due)):
        assert tasks.remind_due_soon() == 1
    with freeze_time(at(due + timedelta(days=1))):
        assert tasks.remind_overdue_cases() == 1
    assert told("cases.remind_due") == told("cases.remind_overdue") == {"handler_x"}


def test_overdue_beyond_the_threshold_escalates_once(world: World, submit: Any, login: Any) -> None:
    case = accepted(world, submit)
    wednesday = DEPUTY_DUE + timedelta(days=1)
    with freeze_time(at(wednesday)):
        assert tasks.remind_overdue_cases() == 1
        assert tasks.escalate_overdue() == 0  # 1 working day late: within the threshold
    assert told("cases.remind_overdue") == {"deputy_a"}
    with freeze_time(at(wednesday + timedelta(days=2))):  # Friday: 3 working days late
        assert tasks.escalate_overdue() == 1
        assert tasks.escalate_overdue() == 0
    case.refresh_from_db()
    assert case.escalated_at is not None and case.is_escalated
    assert CaseEvent.objects.filter(case=case, step="escalated").count() == 1
    # committee staff of the case's district (and the city's) and the late deputy; not the
    # other district's deputy, nor any department
    assert told("cases.escalate") == {"committee", "committee_d1", "deputy_a"}
    assert Case.objects.filter(queues.escalated()).get() == case

    client = login(world["committee_d1"])
    listing = client.get("/work/cases/?view=escalated").content.decode()
    assert case.tracking_number in listing and "lx-escalated" in listing
    assert 'id="case-escalated"' in client.get(f"/work/cases/{case.pk}/").content.decode()
    home = client.get("/work/").content.decode()
    assert "已督办" in home

    with freeze_time(at(wednesday + timedelta(days=3))):
        actions.reply_to_case(world["deputy_a"], case=case, text="已联系物业，电梯本周内修复。")
    assert not Case.objects.filter(queues.escalated()).exists()  # answered: no longer supervised


def test_a_citizen_presses_by_the_deadline_that_applies(
    world: World, submit: Any, login: Any
) -> None:
    case = signed(world, submit)
    case.citizen = world["citizen"]
    case.save(update_fields=["citizen"])
    with freeze_time(at(DEPUTY_DUE + timedelta(days=1))):
        client = login(world["citizen"])
        # the deputy's deadline has passed, but the department's applies now
        assert 'id="chase-form"' not in client.get(f"/cases/mine/{case.pk}/").content.decode()
        with pytest.raises(IllegalTransition):
            actions.chase_case(world["citizen"], case=case)
    due = case.referrals.get(role="lead").due_date
    with freeze_time(at(due + timedelta(days=1))):
        client = login(world["citizen"])
        assert 'id="chase-form"' in client.get(f"/cases/mine/{case.pk}/").content.decode()
        actions.chase_case(world["citizen"], case=case)
    assert told("cases.chase") == {"deputy_a", "handler_x"}
