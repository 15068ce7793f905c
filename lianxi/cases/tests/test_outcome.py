"""The outcome is told truthfully: solved only when the lead department answered A and the
citizen did not close the case as not solved (B9); a rating of 满意 never makes a case solved.
The case page, the timeline, the published list and the statistics all follow it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation

from conftest import World
from lianxi.cases import actions
from lianxi.cases.models import Case
from lianxi.cases.publish import publish_case
from lianxi.stats import actions as stats_actions
from lianxi.stats.models import AreaMonth, DepartmentMonth, DeputyMonth

pytestmark = pytest.mark.django_db

DAY = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(DAY, tick=False):
        yield


def answered(world: World, submit: Any, result: str, **fields: Any) -> Case:
    fields.setdefault("consent_to_publish", True)
    case = submit(world["citizen"], **fields)
    case = actions.accept_case(world["committee"], case=case)
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    case = actions.department_accept(world["handler_x"], case=case)
    case = actions.department_answer(
        world["handler_x"], case=case, text="已安排维保单位检修，正在推进。", result_class=result
    )
    return actions.report_back(world["deputy_a"], case=case, text="部门已答复，我会继续跟进。")


def rate(
    world: World, case: Case, deputy: str = "satisfied", department: str = "satisfied"
) -> Case:
    return actions.rate_case(
        world["citizen"], case=case, deputy_rating=deputy, department_rating=department
    )


@pytest.mark.parametrize(
    ("result", "outcome"),
    [("A", "solved"), ("B", "under_way"), ("C", "planned"), ("D", "cannot")],
)
def test_a_satisfied_rating_keeps_the_departments_result(
    world: World, submit: Any, result: str, outcome: str
) -> None:
    case = rate(world, answered(world, submit, result))
    assert case.status == "closed" and case.outcome == outcome


@pytest.mark.parametrize("result", ["A", "B"])
def test_closed_not_solved_is_the_citizens_word(world: World, submit: Any, result: str) -> None:
    case = rate(world, answered(world, submit, result), department="unsatisfied")
    assert case.outcome == "not_solved"
    case = actions.reopen_case(world["citizen"], case=case, reason="问题仍然存在，请再处理")
    assert case.status == "assigned" and case.outcome == ""


def test_a_direct_reply_is_answered_not_solved(world: World, submit: Any) -> None:
    case = actions.accept_case(world["committee"], case=submit(world["citizen"]))
    case = actions.reply_to_case(world["deputy_a"], case=case, text="已向街道了解，下周统一处理。")
    case = actions.rate_case(world["citizen"], case=case, deputy_rating="satisfied")
    assert case.outcome == "answered"


def test_b_answer_rated_satisfied_is_not_shown_or_counted_as_solved(
    world: World, submit: Any, client: Any
) -> None:
    b_case = rate(world, answered(world, submit, "B", title="电梯停运需要维修"))
    a_case = rate(world, answered(world, submit, "A", title="路灯损坏需要维修"))
    for case in (a_case, b_case):
        publish_case(world["committee"], case=case)

    with translation.override("zh-hans"):
        client.force_login(world["citizen"])
        page = client.get(reverse("cases:mine_detail", args=[b_case.pk])).content.decode()
        assert "已办结（正在解决）" in page and "已解决" not in page
        page = client.get(reverse("cases:mine_detail", args=[a_case.pk])).content.decode()
        assert "已解决" in page
        client.logout()
        listing = client.get(reverse("published:list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
        text = listing.content.decode()
        assert text.count("已解决") == 1 and "已办结（正在解决）" in text
        detail = client.get(
            reverse("published:detail", args=[b_case.tracking_number]),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ).content.decode()
        assert "已办结（正在解决）" in detail and "已解决" not in detail

    stats_actions.refresh_statistics(None, full=True)
    assert AreaMonth.objects.aggregate(n=Sum("solved"))["n"] == 1
    assert DeputyMonth.objects.aggregate(n=Sum("solved"))["n"] == 1
    assert DepartmentMonth.objects.aggregate(n=Sum("solved"))["n"] == 1
    assert AreaMonth.objects.aggregate(n=Sum("closed"))["n"] == 2


def test_department_a_rejected_by_the_citizen_is_not_counted_solved(
    world: World, submit: Any
) -> None:
    rate(world, answered(world, submit, "A"), department="unsatisfied")
    stats_actions.refresh_statistics(None, full=True)
    assert DepartmentMonth.objects.aggregate(n=Sum("solved"))["n"] == 0
    assert AreaMonth.objects.aggregate(n=Sum("solved"))["n"] == 0


def test_rating_says_it_was_recorded(world: World, submit: Any, client: Any) -> None:
    case = answered(world, submit, "A")
    client.force_login(world["citizen"])
    response = client.post(
        reverse("cases:mine_detail", args=[case.pk]),
        {"step": "rate", "rate-deputy_rating": "satisfied", "rate-department_rating": "basic"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    page = response.content.decode()
    assert "alert-success" in page and "感谢您的评价" in page
    assert Case.objects.get(pk=case.pk).outcome == "solved"


def test_the_migration_corrects_cases_closed_as_solved_by_their_rating(
    world: World, submit: Any
) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("lianxi.cases.migrations.0009_outcome_follows_result")
    b_case = rate(world, answered(world, submit, "B"))
    a_case = rate(world, answered(world, submit, "A"))
    direct = actions.accept_case(world["committee"], case=submit(world["citizen"]))
    direct = actions.reply_to_case(world["deputy_a"], case=direct, text="已向街道了解，下周处理。")
    direct = actions.rate_case(world["citizen"], case=direct, deputy_rating="satisfied")
    Case.objects.filter(pk__in=[b_case.pk, a_case.pk, direct.pk]).update(outcome="solved")
    migration.outcome_from_result(apps, None)
    found = dict(Case.objects.values_list("pk", "outcome"))
    assert (found[b_case.pk], found[a_case.pk], found[direct.pk]) == (
        "under_way",
        "solved",
        "answered",
    )


def test_the_migration_moves_referral_notes_off_the_public_step(world: World, submit: Any) -> None:
    import importlib

    from django.apps import apps

    from lianxi.cases.models import CaseEvent

    migration = importlib.import_module("lianxi.cases.migrations.0010_referral_notes_staff_only")
    case = actions.accept_case(world["committee"], case=submit())
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    CaseEvent.objects.filter(case=case, step="referred").update(text="请住建局优先处理")
    migration.referral_notes_to_staff(apps, None)
    assert case.events.get(step="referred").text == ""
    assert case.events.get(step="note", public=False).text == "请住建局优先处理"
