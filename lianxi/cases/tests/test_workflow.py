"""Every path of the case state machine, as the right role, and refused for the wrong ones."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases import actions
from lianxi.cases.models import Case, Rating
from lianxi.cases.workflow import TRANSITIONS
from lianxi.core.errors import ActionError, IllegalTransition, InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage

PERSONAS = [
    "admin",
    "committee",
    "committee_d1",
    "staff_a",
    "staff_b",
    "deputy_a",
    "deputy_b",
    "handler_x",
    "handler_y",
    "citizen",
]


def refused(func: Any, *args: Any, **kwargs: Any) -> None:
    with pytest.raises(ActionError):
        func(*args, **kwargs)


def test_intake_routes_to_the_community_station_and_deputy(world: World, submit: Any) -> None:
    case = submit()
    assert case.status == "submitted"
    assert case.station == world.station_a and case.deputy == world.deputy_a
    assert len(case.tracking_number) == 12
    assert case.category is None or case.category.level == 2
    assert AuditEvent.objects.filter(action="cases.submit", target_id=str(case.pk)).exists()


def test_full_path_through_a_department(world: World, submit: Any) -> None:
    case = submit()
    case = actions.accept_case(world["committee"], case=case)
    assert case.status == "assigned"
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x, co=[world.dept_y])
    assert case.status == "referred" and case.due_date > timezone.localdate()
    assert case.referrals.count() == 2
    case = actions.department_accept(world["handler_x"], case=case)
    assert case.status == "in_progress"
    case = actions.department_answer(
        world["handler_x"],
        case=case,
        text="已安排维保单位更换主板，本周五前恢复运行。",
        result_class="A",
    )
    assert case.status == "answered" and case.first_answer_at
    case = actions.report_back(
        world["deputy_a"], case=case, text="住建局已安排维修，周五前恢复，请留意。"
    )
    assert case.status == "reported"
    steps = list(case.events.values_list("step", flat=True))
    assert steps == [
        "submitted",
        "accepted",
        "referred",
        "dept_accepted",
        "dept_answered",
        "reported",
    ]


def test_citizen_rates_both_and_reopens_once(world: World, submit: Any) -> None:
    case = submit(actor=world["citizen"])
    assert case.citizen == world["citizen"]
    case = actions.accept_case(world["committee"], case=case)
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    case = actions.department_accept(world["handler_x"], case=case)
    case = actions.department_answer(
        world["handler_x"], case=case, text="已列入明年改造计划，届时统一更换。", result_class="C"
    )
    case = actions.report_back(world["deputy_a"], case=case, text="已列入计划，我会继续跟进进度。")
    refused(actions.rate_case, world["citizen"], case=case, deputy_rating="satisfied")  # needs both
    case = actions.rate_case(
        world["citizen"], case=case, deputy_rating="satisfied", department_rating="unsatisfied"
    )
    assert case.status == "closed" and case.outcome == "not_solved"
    assert Rating.objects.get(case=case).department_rating == "unsatisfied"
    case = actions.reopen_case(world["citizen"], case=case, reason="计划太晚，老人等不了")
    assert case.status == "assigned" and case.reopen_count == 1
    case = actions.reply_to_case(
        world["deputy_a"], case=case, text="我已联系街道先行安排临时维修，明天到场。"
    )
    case = actions.rate_case(world["citizen"], case=case, deputy_rating="unsatisfied")
    refused(actions.reopen_case, world["citizen"], case=case, reason="还是没解决")  # only once
    assert Rating.objects.filter(case=case).count() == 2


def test_direct_reply_and_close_unrated(world: World, submit: Any) -> None:
    case = actions.accept_case(world["committee"], case=submit())
    case = actions.reply_to_case(
        world["deputy_a"], case=case, text="这个问题可以通过12345热线直接反映，我已代为转达。"
    )
    refused(actions.close_unrated, None, case=case)  # window still open
    Case.objects.filter(pk=case.pk).update(reported_at=timezone.now() - timedelta(days=8))
    case.refresh_from_db()
    case = actions.close_unrated(None, case=case)
    assert case.status == "closed" and case.outcome == "unrated"


def test_decline_with_rule_and_merge(world: World, submit: Any, rule: Any) -> None:
    case = actions.decline_case(world["committee"], case=submit(), rule=rule)
    assert case.status == "declined" and case.outcome == "declined"
    public = case.events.get(step="declined")
    assert rule.legal_basis in public.text and public.public
    first, second = submit(), submit(title="电梯又坏了，反映第二次")
    second = actions.merge_case(world["committee"], case=second, into=first)
    assert second.status == "merged" and second.merged_into == first


def test_department_returns_then_committee_reroutes(world: World, submit: Any) -> None:
    case = actions.accept_case(world["committee"], case=submit())
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_y)
    case = actions.department_return(
        world["handler_y"], case=case, reason="不属于本局职责，应由住建局办理"
    )
    assert case.status == "returned"
    refused(
        actions.department_answer, world["handler_y"], case=case, text="x" * 20, result_class="A"
    )
    case = actions.reroute_case(world["committee"], case=case, lead=world.dept_x)
    assert case.status == "referred"
    assert case.referrals.get(department=world.dept_y).status == "returned"
    assert case.referrals.get(department=world.dept_x).status == "pending"


STEP_CALLS: dict[str, Any] = {
    "accept": lambda u, c, w: actions.accept_case(u, case=c),
    "refer": lambda u, c, w: actions.refer_case(u, case=c, lead=w.dept_x),
    "dept_accept": lambda u, c, w: actions.department_accept(u, case=c),
    "dept_answer": lambda u, c, w: actions.department_answer(
        u, case=c, text="已处理完毕，详见说明。", result_class="A"
    ),
    "report_back": lambda u, c, w: actions.report_back(u, case=c, text="已经处理完毕，请您评价。"),
}
RIGHT_ROLE = {
    "accept": {"admin", "committee", "committee_d1"},
    "refer": {"deputy_a"},
    "dept_accept": {"handler_x"},
    "dept_answer": {"handler_x"},
    "report_back": {"deputy_a"},
}
ORDER = ["accept", "refer", "dept_accept", "dept_answer", "report_back"]


@pytest.mark.parametrize("step", ORDER)
def test_each_step_refuses_every_wrong_role(world: World, submit: Any, step: str) -> None:
    case = submit()
    for earlier in ORDER[: ORDER.index(step)]:
        case = STEP_CALLS[earlier](world[sorted(RIGHT_ROLE[earlier])[0]], case, world)
    before = (case.status, case.version)
    for persona in PERSONAS:
        if persona in RIGHT_ROLE[step]:
            continue
        with pytest.raises(NotAllowed):
            STEP_CALLS[step](world[persona], case, world)
        case.refresh_from_db()
        assert (case.status, case.version) == before, persona
    with pytest.raises(NotAllowed):
        STEP_CALLS[step](AnonymousUser(), case, world)


@pytest.mark.parametrize("step", ORDER)
def test_each_step_refuses_the_wrong_state(world: World, submit: Any, step: str) -> None:
    case = submit()
    right = world[sorted(RIGHT_ROLE[step])[0]]
    if step != "accept":  # still 'submitted': everything after accept is illegal
        with pytest.raises((IllegalTransition, NotAllowed)):
            STEP_CALLS[step](right, case, world)
    else:
        case = actions.accept_case(right, case=case)
        with pytest.raises(IllegalTransition):
            actions.accept_case(right, case=case)
    case.refresh_from_db()
    assert not case.referrals.exists() or step != "refer"


def test_every_transition_is_exercised() -> None:
    assert set(TRANSITIONS) == {
        "accept",
        "decline",
        "merge",
        "unmerge",
        "reassign",
        "reply",
        "refer",
        "reroute",
        "dept_accept",
        "dept_return",
        "dept_answer",
        "report_back",
        "rate",
        "close_unrated",
        "reopen",
    }


def test_validation_names_the_field(world: World, submit: Any) -> None:
    for fields, field in [
        ({"content": "太短了"}, "content"),
        ({"title": "短"}, "title"),
        ({"contact_phone": "123"}, "contact_phone"),
        ({"community": world.street1}, "community"),
    ]:
        with pytest.raises(InvalidInput) as err:
            submit(**fields)
        assert err.value.field == field
    assert not Case.objects.exists()


def test_stale_copy_cannot_win(world: World, submit: Any, rule: Any) -> None:
    case = submit()
    stale = Case.objects.get(pk=case.pk)
    actions.accept_case(world["committee"], case=case)
    with pytest.raises(IllegalTransition):
        actions.decline_case(world["committee"], case=stale, rule=rule)
    stale.refresh_from_db()
    assert stale.status == "assigned"


def test_tracking_needs_the_right_code(world: World) -> None:
    submitted = actions.submit_case(
        AnonymousUser(),
        data=actions.Intake(
            kind="suggestion",
            title="建议增设公交站点",
            content="建议在青石路口增设一个公交站点，方便居民出行。",
            channel="online",
            community=world.community1,
            is_anonymous=True,
        ),
    )
    number = submitted.case.tracking_number
    assert actions.find_by_tracking(number, submitted.query_code) == submitted.case
    assert actions.find_by_tracking(number, submitted.query_code.lower()) == submitted.case
    assert actions.find_by_tracking(number, "WRONG1") is None
    assert actions.find_by_tracking("000000000000", submitted.query_code) is None


def test_notifications_follow_public_steps(world: World, submit: Any) -> None:
    case = actions.accept_case(world["committee"], case=submit())
    sms = OutboxMessage.objects.filter(channel="sms").values_list("body", flat=True)
    assert any(case.tracking_number in body for body in sms)
    assert OutboxMessage.objects.filter(channel="inapp", user=world["deputy_a"]).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_one_wins(world: World, submit: Any) -> None:
    case = submit()
    results: list[str] = []

    def attempt() -> None:
        try:
            actions.accept_case(world["committee"], case=Case.objects.get(pk=case.pk))
            results.append("ok")
        except ActionError:
            results.append("refused")
        except Exception as exc:  # SQLite may report a busy database under load
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert Case.objects.get(pk=case.pk).events.filter(step="accepted").count() == 1
