"""A department appeals a citizen's rating of its result (B7): committee staff decide; upheld,
the rating leaves the department's scores; every step audited and told."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases import actions
from lianxi.cases.appeals import appeal_rating, decide_pending
from lianxi.cases.models import Case, Rating, RatingAppeal
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage
from lianxi.stats.models import DepartmentMonth
from lianxi.stats.refresh import refresh_full

REASON = "市民不满意的是小区外市政道路问题，不属于本次交办事项范围，我局已按交办内容办结。"


def rated(world: World, submit: Any, department_rating: str = "unsatisfied") -> Case:
    case = submit(world["citizen"], title="楼下路面塌陷")
    case = actions.accept_case(world["committee"], case=case, deputy=world.deputy_a)
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    case = actions.department_accept(world["handler_x"], case=case)
    case = actions.department_answer(
        world["handler_x"], case=case, text="已组织人员修补塌陷路面，恢复通行。", result_class="A"
    )
    case = actions.report_back(
        world["deputy_a"], case=case, text="住建局已修补塌陷路面，请您查看。"
    )
    return actions.rate_case(
        world["citizen"], case=case, deputy_rating="satisfied", department_rating=department_rating
    )


def told(action: str) -> set[str]:
    rows = OutboxMessage.objects.filter(kind=action, channel="inapp")
    return {r.user.username for r in rows}


def dept_unsatisfied(world: World) -> int:
    refresh_full()
    rows = DepartmentMonth.objects.filter(department=world.dept_x)
    return sum(r.dept_unsatisfied for r in rows)


def test_upheld_appeal_leaves_the_scores_and_tells_everyone(
    world: World, submit: Any, login: Any
) -> None:
    case = rated(world, submit)
    assert dept_unsatisfied(world) == 1
    page = login(world["handler_x"]).get(reverse("casework:detail", args=[case.pk]))
    assert 'id="step-appeal_rating"' in page.content.decode()
    step = reverse("casework:step", args=[case.pk, "appeal_rating"])
    assert login(world["handler_x"]).post(step, {"appeal_rating-reason": REASON}).status_code == 302
    appeal = RatingAppeal.objects.get()
    assert appeal.department == world.dept_x and appeal.status == "pending"
    assert told("cases.appeal_rating") == {"committee", "committee_d1"}
    c = login(world["committee"])
    queue = c.get(reverse("casework:list"), {"view": "appeals"}).content.decode()
    assert reverse("casework:detail", args=[case.pk]) in queue
    detail = c.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert 'id="step-decide_appeal"' in detail and "不属于本次交办事项范围" in detail
    decide = reverse("casework:step", args=[case.pk, "decide_appeal"])
    assert c.post(decide, {"decide_appeal-decision": "uphold"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "upheld" and appeal.decided_by == world["committee"]
    assert Rating.objects.get(case=case).department_rating_void
    assert told("cases.decide_appeal") == {"citizen", "handler_x"}
    assert dept_unsatisfied(world) == 0
    actions_done = AuditEvent.objects.filter(target_id=str(case.pk)).values_list(
        "action", flat=True
    )
    assert {"cases.appeal_rating", "cases.decide_appeal"} <= set(actions_done)
    assert case.events.filter(step="appeal_upheld", public=True).exists()
    # Once decided, nothing more to decide or appeal.
    with pytest.raises(IllegalTransition):
        decide_pending(world["committee"], case, uphold=False, reason=REASON)
    with pytest.raises(IllegalTransition):
        appeal_rating(world["handler_x"], case=case, reason=REASON)


def test_rejection_needs_a_reason_and_keeps_the_rating(world: World, submit: Any) -> None:
    case = rated(world, submit, "basic")
    appeal_rating(world["handler_x"], case=case, reason=REASON)
    with pytest.raises(InvalidInput) as bad:
        decide_pending(world["committee"], case, uphold=False, reason="")
    assert bad.value.field == "reason"
    decide_pending(
        world["committee"], case, uphold=False, reason="市民评价针对的正是交办事项，维持评价。"
    )
    assert RatingAppeal.objects.get().status == "rejected"
    assert not Rating.objects.get(case=case).department_rating_void
    messages = OutboxMessage.objects.filter(kind="cases.decide_appeal", channel="inapp")
    handler = messages.get(user=world["handler_x"])
    assert "驳回" in handler.body and "维持评价" in handler.body


def test_who_may_appeal_and_decide(world: World, submit: Any, login: Any) -> None:
    satisfied = rated(world, submit, "satisfied")
    with pytest.raises(IllegalTransition):  # nothing to dispute
        appeal_rating(world["handler_x"], case=satisfied, reason=REASON)
    case = rated(world, submit)
    for persona in ("handler_y", "deputy_a", "committee", "citizen"):
        with pytest.raises(NotAllowed):
            appeal_rating(world[persona], case=case, reason=REASON)
    with pytest.raises(InvalidInput):
        appeal_rating(world["handler_x"], case=case, reason="不对")
    step = reverse("casework:step", args=[case.pk, "appeal_rating"])
    form = {"appeal_rating-reason": REASON}
    assert login(world["handler_y"]).post(step, form).status_code == 404
    assert login(world["deputy_a"]).post(step, form).status_code == 403
    appeal_rating(world["handler_x"], case=case, reason=REASON)
    for persona in ("handler_x", "deputy_a", "staff_a"):
        with pytest.raises(NotAllowed):
            decide_pending(world[persona], case, uphold=True, reason="")
    decide = reverse("casework:step", args=[case.pk, "decide_appeal"])
    assert (
        login(world["staff_b"]).post(decide, {"decide_appeal-decision": "uphold"}).status_code
        == 404
    )
    assert (
        login(world["handler_x"]).post(decide, {"decide_appeal-decision": "uphold"}).status_code
        == 403
    )
    assert RatingAppeal.objects.get().status == "pending"


def test_api_appeal_and_decision(world: World, submit: Any, login: Any) -> None:
    case = rated(world, submit)
    appeal = f"/api/v1/cases/{case.pk}/appeal-rating"
    decide = f"/api/v1/cases/{case.pk}/decide-appeal"
    json = "application/json"
    assert (
        login(world["handler_y"]).post(appeal, {"reason": REASON}, content_type=json).status_code
        == 404
    )
    assert (
        login(world["deputy_a"]).post(appeal, {"reason": REASON}, content_type=json).status_code
        == 403
    )
    made = login(world["handler_x"]).post(appeal, {"reason": REASON}, content_type=json)
    assert made.status_code == 200, made.content
    again = login(world["handler_x"]).post(appeal, {"reason": REASON}, content_type=json)
    assert again.status_code == 409
    bad = login(world["committee"]).post(decide, {"decision": "maybe"}, content_type=json)
    assert bad.status_code == 422
    no_reason = login(world["committee"]).post(decide, {"decision": "reject"}, content_type=json)
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    assert (
        login(world["staff_b"]).post(decide, {"decision": "uphold"}, content_type=json).status_code
        == 404
    )
    done = login(world["committee"]).post(decide, {"decision": "uphold"}, content_type=json)
    assert done.status_code == 200
    assert Rating.objects.get(case=case).department_rating_void
