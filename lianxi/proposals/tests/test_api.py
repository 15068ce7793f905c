"""The API over the whole life cycle, and its refusals by role and unit."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from conftest import World
from lianxi.proposals.models import Proposal

pytestmark = pytest.mark.django_db
API = "/api/v1/proposals"


def post(client: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


@time_machine.travel("2026-03-02 10:00 +08:00", tick=False)
def test_life_cycle_for_each_role(world: World, login: Any, case: Any) -> None:
    deputy = login(world["deputy_a"])
    made = post(
        deputy,
        API,
        {
            "kind": "suggestion",
            "title": "关于加快老旧小区电梯改造的建议",
            "body": "多个社区反映老旧小区电梯故障频发，建议统筹改造。",
            "case_ids": [case.pk],
        },
    )
    assert made.status_code == 200, made.content
    pk = made.json()["id"]
    assert post(deputy, f"{API}/{pk}/file").json()["status"] == "filed"
    staff = login(world["committee"])
    assert post(staff, f"{API}/{pk}/review", {"decision": "accept"}).status_code == 200
    assigned = post(
        staff, f"{API}/{pk}/assign", {"lead_id": world.dept_x.pk, "co_ids": [world.dept_y.pk]}
    )
    assert assigned.json()["due_date"] == "2026-06-02"
    unit = login(world["handler_x"])
    early = post(unit, f"{API}/{pk}/reply", {"result": "B", "text": "已列入今年改造计划。"})
    assert early.status_code == 422 and early.json()["field"] == "contact"
    post(unit, f"{API}/{pk}/contact", {"method": "phone", "on": "2026-03-02", "notes": "电话沟通"})
    waiting = post(unit, f"{API}/{pk}/reply", {"result": "B", "text": "已列入今年改造计划。"})
    assert waiting.status_code == 422 and waiting.json()["field"] == "co_opinions"
    opinion = {"text": "同意主办单位的改造安排，我局配合做好资金保障。"}
    assert post(unit, f"{API}/{pk}/co-opinion", opinion).status_code == 403
    given = post(login(world["handler_y"]), f"{API}/{pk}/co-opinion", opinion)
    assert given.status_code == 200, given.content
    assert given.json()["co_opinions"] == [{"unit_id": world.dept_y.pk, **opinion}]
    unit = login(world["handler_x"])  # one test client: sign the lead's handler in again
    assert (
        post(unit, f"{API}/{pk}/reply", {"result": "B", "text": "已列入今年改造计划。"}).status_code
        == 200
    )
    # Another deputy cannot rate it: they do not see it.
    assert (
        post(login(world["deputy_b"]), f"{API}/{pk}/rate", {"rating": "satisfied"}).status_code
        == 404
    )
    rated = post(login(world["deputy_a"]), f"{API}/{pk}/rate", {"rating": "basic"})
    assert rated.json()["status"] == "closed" and rated.json()["rating"] == "basic"


def test_a_unit_cannot_read_another_units_item(
    world: World, login: Any, assigned: Proposal
) -> None:
    assigned.co_units.clear()
    assert login(world["handler_x"]).get(f"{API}/{assigned.pk}").status_code == 200
    answer = login(world["handler_y"]).get(f"{API}/{assigned.pk}")
    assert answer.status_code == 404 and "detail" in answer.json()
    assert login(world["handler_y"]).get(API).json() == []


def test_a_co_handling_unit_reads_but_cannot_reply(
    world: World, login: Any, assigned: Proposal
) -> None:
    unit = login(world["handler_y"])
    assert unit.get(f"{API}/{assigned.pk}").status_code == 200
    answer = post(
        unit,
        f"{API}/{assigned.pk}/contact",
        {"method": "phone", "on": "2026-03-02", "notes": "电话沟通"},
    )
    assert answer.status_code == 403


def test_a_bill_short_of_cosigners_is_refused(world: World, login: Any) -> None:
    deputy = login(world["deputy_a"])
    made = post(
        deputy,
        API,
        {
            "kind": "bill",
            "title": "关于制定物业管理条例的议案",
            "body": "物业管理纠纷逐年增多，需要立法。",
        },
    )
    pk = made.json()["id"]
    assert (
        post(deputy, f"{API}/{pk}/invite", {"invitee_ids": [world.deputy_b.pk]}).status_code == 200
    )
    invite = Proposal.objects.get(pk=pk).cosigners.get()
    answered = post(
        login(world["deputy_b"]), f"{API}/cosigners/{invite.pk}/answer", {"confirm": True}
    )
    assert answered.json()["status"] == "confirmed"
    refused = post(login(world["deputy_a"]), f"{API}/{pk}/file")
    assert refused.status_code == 422 and refused.json()["field"] == "cosigners"


def test_the_citizen_sees_nothing(world: World, login: Any, assigned: Proposal) -> None:
    citizen = login(world["citizen"])
    assert citizen.get(API).json() == []
    assert citizen.get(f"{API}/{assigned.pk}").status_code == 404
