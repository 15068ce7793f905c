"""Each step of a case tells exactly the people the table names: the deputy of another station,
the handlers of another department and committee staff of another district hear nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from freezegun import freeze_time

from conftest import World
from lianxi.cases import actions
from lianxi.cases.actions import Intake, submit_case
from lianxi.cases.models import Case
from lianxi.notifications.models import OutboxMessage

# A weekday afternoon: no quiet hours, no holiday.
DAY = datetime.fromisoformat("2026-11-17T14:00:00+08:00")
CITIZEN_PHONE = "13612345678"


def told(action: str) -> set[str]:
    """Who got an in-app notification of `action` (usernames), plus 'sms:<phone>' rows."""
    rows = OutboxMessage.objects.filter(kind=action)
    found = {r.user.username for r in rows if r.channel == "inapp"}
    found |= {f"sms:{r.recipient}" for r in rows if r.channel == "sms" and r.user_id is None}
    return found


@pytest.fixture
def case(world: World, submit: Any) -> Case:
    with freeze_time(DAY, tick=True):
        return submit(world["citizen"], contact_phone=CITIZEN_PHONE)


def test_intake_tells_the_citizen_and_committee_staff_of_its_area(world: World) -> None:
    with freeze_time(DAY, tick=True):
        data = Intake(
            kind="complaint",
            title="小区电梯长期故障",
            content="青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。",
            channel="online",
            community=world.community1,
            contact_phone=CITIZEN_PHONE,
        )
        case = submit_case(AnonymousUser(), data=data).case
    # community 1 is in district 1: both the city's and district 1's committee staff.
    assert told("cases.submit") == {"committee", "committee_d1", f"sms:{CITIZEN_PHONE}"}
    triage = OutboxMessage.objects.get(
        kind="cases.submit", user=world["committee"], channel="inapp"
    )
    assert case.tracking_number in triage.body and triage.url == f"/work/cases/{case.pk}/"


def test_a_case_in_district_2_does_not_reach_district_1_staff(world: World, submit: Any) -> None:
    with freeze_time(DAY, tick=True):
        submit(community=world.community2)
    assert told("cases.submit") == {"committee", f"sms:{CITIZEN_PHONE}"}


def test_a_case_without_a_place_goes_to_the_top_of_the_committee(world: World) -> None:
    with freeze_time(DAY, tick=True):
        submit_case(
            AnonymousUser(),
            data=Intake(
                kind="opinion",
                title="关于全市公交线路的建议",
                content="建议全市公交线路在晚高峰加密班次，方便上班族回家。",
                channel="api",
            ),
        )
    assert told("cases.submit") == {"committee"}


def test_each_step_reaches_exactly_its_people(world: World, case: Case) -> None:
    with freeze_time(DAY + timedelta(hours=1), tick=True):
        case = actions.accept_case(world["committee"], case=case, deputy=world.deputy_a)
    assert told("cases.accept") == {"citizen", "deputy_a"}
    deputy_note = OutboxMessage.objects.get(
        kind="cases.accept", user=world["deputy_a"], channel="inapp"
    )
    assert deputy_note.url == f"/work/cases/{case.pk}/"
    citizen_note = OutboxMessage.objects.get(
        kind="cases.accept", user=world["citizen"], channel="inapp"
    )
    assert citizen_note.url == f"/cases/mine/{case.pk}/" and "李明华" in citizen_note.body

    with freeze_time(DAY + timedelta(hours=2), tick=True):
        case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    assert told("cases.refer") == {"citizen", "handler_x"}  # not handler_y

    with freeze_time(DAY + timedelta(hours=3), tick=True):
        case = actions.department_accept(world["handler_x"], case=case)
        case = actions.department_answer(
            world["handler_x"],
            case=case,
            text="已安排维保单位更换主板，本周五前恢复运行。",
            result_class="B",
        )
    assert told("cases.dept_accept") == set()
    assert told("cases.dept_answer") == {"deputy_a"}  # not deputy_b

    with freeze_time(DAY + timedelta(hours=4), tick=True):
        case = actions.report_back(
            world["deputy_a"], case=case, text="住建局答复本周五前修好电梯，请您留意。"
        )
    assert told("cases.report_back") == {"citizen"}

    with freeze_time(DAY + timedelta(hours=5), tick=True):
        case = actions.rate_case(
            world["citizen"], case=case, deputy_rating="basic", department_rating="unsatisfied"
        )
    assert told("cases.rate") == {"deputy_a", "handler_x"}

    with freeze_time(DAY + timedelta(hours=6), tick=True):
        actions.reopen_case(world["citizen"], case=case, reason="电梯仍然没有修好")
    assert told("cases.reopen") == {"deputy_a", "handler_x"}


def test_a_satisfied_rating_bothers_no_one(world: World, case: Case) -> None:
    with freeze_time(DAY + timedelta(hours=1), tick=True):
        case = actions.accept_case(world["committee"], case=case, deputy=world.deputy_a)
        case = actions.reply_to_case(
            world["deputy_a"], case=case, text="已联系物业，电梯明天恢复运行，请留意。"
        )
        actions.rate_case(world["citizen"], case=case, deputy_rating="satisfied")
    assert told("cases.reply") == {"citizen"}
    assert told("cases.rate") == set()


def test_a_returned_case_goes_back_to_committee_and_deputy(world: World, case: Case) -> None:
    with freeze_time(DAY + timedelta(hours=1), tick=True):
        case = actions.accept_case(world["committee"], case=case, deputy=world.deputy_a)
        case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_y)
        actions.department_return(world["handler_y"], case=case, reason="不属于本单位职责范围")
    assert told("cases.dept_return") == {"committee", "committee_d1", "deputy_a"}


def test_chasing_an_overdue_case_tells_deputy_and_the_lead_department(
    world: World, case: Case
) -> None:
    with freeze_time(DAY + timedelta(hours=1), tick=True):
        case = actions.accept_case(world["committee"], case=case, deputy=world.deputy_a)
        case = actions.refer_case(
            world["deputy_a"], case=case, lead=world.dept_x, co=[world.dept_y]
        )
    assert told("cases.refer") == {"citizen", "handler_x", "handler_y"}
    late = timezone.make_aware(datetime.combine(case.due_date + timedelta(days=1), time(10)))
    with freeze_time(late, tick=True):
        actions.chase_case(world["citizen"], case=case)
    assert told("cases.chase") == {"deputy_a", "handler_x"}  # the co-handler is not pressed


def test_a_rolled_back_step_tells_no_one(world: World, case: Case) -> None:
    before = OutboxMessage.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the refusal of the action itself
        actions.refer_case(world["deputy_b"], case=case, lead=world.dept_x)
    assert OutboxMessage.objects.count() == before


def test_repeating_an_announcement_queues_nothing_twice(world: World, case: Case) -> None:
    from django.db import transaction

    from lianxi.core.events import announce

    with freeze_time(DAY + timedelta(hours=1), tick=True):
        case = actions.accept_case(world["committee"], case=case, deputy=world.deputy_a)
        count = OutboxMessage.objects.count()
        with transaction.atomic():
            announce("cases.accept", case, world["committee"], step="accepted", public=True)
    assert OutboxMessage.objects.count() == count
