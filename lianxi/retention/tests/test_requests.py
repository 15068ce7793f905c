"""A citizen's deletion request (PIPL 第四十七条): filed by the citizen, handled by committee
staff of their area, audited, and the citizen told the outcome."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from lianxi.accounts.models import User
from lianxi.audit.models import AuditEvent
from lianxi.cases.models import Case
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage
from lianxi.retention import actions
from lianxi.retention.models import AnonymisedCase, DeletionRequest


@pytest.fixture
def citizen(world: World) -> User:
    user = world["citizen"]
    user.home_community = world.community1
    user.display_name = "赵小红"
    user.save()
    return user


def _told(action: str) -> set[str]:
    return {
        m.user.username if m.user_id else f"sms:{m.recipient}"
        for m in OutboxMessage.objects.filter(kind=action, channel__in=["inapp", "sms"])
        if m.channel == "inapp" or m.user_id is None
    }


def test_filing_tells_committee_staff_of_the_citizens_area(world: World, citizen: User) -> None:
    request = actions.file_request(citizen, reason="不再使用本平台")
    assert request.status == "pending"
    # Community 1 is in district 1: the city's and district 1's staff, not others.
    assert _told("retention.file_request") == {"committee", "committee_d1"}
    assert AuditEvent.objects.filter(action="retention.file_request", outcome="ok").exists()
    with pytest.raises(IllegalTransition):
        actions.file_request(citizen)


def test_only_citizens_file(world: World) -> None:
    with pytest.raises(NotAllowed):
        actions.file_request(world["deputy_a"])
    with pytest.raises(InvalidInput):
        actions.file_request(world["citizen"], reason="长" * 1001)


def test_approval_anonymises_the_citizens_closed_cases_and_closes_the_account(
    world: World, citizen: User, submit: Any
) -> None:
    closed = submit(citizen, contact_name="赵小红", content="我是赵小红，电话13612345678")
    still_open = submit(citizen)
    other = submit(world["admin"], contact_phone="13800001111")
    Case.objects.filter(pk=closed.pk).update(status="closed")
    request = actions.file_request(citizen)

    with pytest.raises(IllegalTransition, match="1"):
        actions.approve_request(world["committee"], request)
    Case.objects.filter(pk=still_open.pk).update(status="declined")

    done = actions.approve_request(world["committee_d1"], request, answer="已处理")
    assert done.status == "approved" and done.cases_anonymised == 2
    closed.refresh_from_db()
    assert closed.citizen_id is None and closed.contact_phone == ""
    assert "赵小红" not in closed.content and "13612345678" not in closed.content
    other.refresh_from_db()
    assert other.contact_phone == "13800001111"
    assert AnonymisedCase.objects.filter(request=request).count() == 2
    citizen.refresh_from_db()
    assert not citizen.is_active and citizen.phone == "" and citizen.display_name == ""
    assert not citizen.has_usable_password() and citizen.username == f"deleted-{citizen.pk}"
    # Told on the phone the account had when the request was approved.
    sms = OutboxMessage.objects.get(kind="retention.approve_request", channel="sms")
    assert sms.recipient == "13700001111"
    event = AuditEvent.objects.get(action="retention.approve_request", outcome="ok")
    assert event.data["cases"] == 2 and event.actor_id == world["committee_d1"].pk


def test_refusal_needs_a_reason_and_tells_the_citizen(world: World, citizen: User) -> None:
    request = actions.file_request(citizen)
    with pytest.raises(InvalidInput):
        actions.refuse_request(world["committee"], request, answer=" ")
    done = actions.refuse_request(world["committee"], request, answer="案件依法需保存")
    assert done.status == "refused"
    message = OutboxMessage.objects.get(kind="retention.refuse_request", channel="inapp")
    assert message.user == citizen and "案件依法需保存" in message.body
    with pytest.raises(IllegalTransition):
        actions.approve_request(world["committee"], request)


def test_staff_of_another_area_or_role_may_not_handle(world: World, citizen: User) -> None:
    request = actions.file_request(citizen)
    district2 = User.objects.create(
        username="committee_d2", role="committee", jurisdiction=world.district2
    )
    for actor in (district2, world["deputy_a"], world["handler_x"], world["citizen"]):
        with pytest.raises(NotAllowed):
            actions.refuse_request(actor, request, answer="不行")
    assert DeletionRequest.objects.get(pk=request.pk).status == "pending"
    assert (
        AuditEvent.objects.filter(action="retention.refuse_request", outcome="denied").count() == 4
    )
