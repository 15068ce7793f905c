"""Merging asks to confirm, and committee staff can undo a merge: audited, the citizen told,
the case back in triage on its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases import actions
from lianxi.cases.models import Case
from lianxi.cases.views.public import public_timeline
from lianxi.core.errors import ActionError
from lianxi.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world: World, submit: Any) -> tuple[Case, Case]:
    return submit(world["citizen"], title="电梯又坏了需要维修"), submit(title="电梯故障困人")


def step(case: Case, name: str) -> str:
    return reverse("casework:step", args=[case.pk, name])


def test_merge_needs_the_confirmation(world: World, login: Any, pair: Any) -> None:
    dup, target = pair
    committee = login(world["committee"])
    response = committee.post(step(dup, "merge"), {"merge-into": target.tracking_number})
    assert response.status_code == 422
    assert "请勾选，确认这两件是同一诉求" in response.content.decode()
    assert Case.objects.get(pk=dup.pk).status == "submitted"
    response = committee.post(
        step(dup, "merge"), {"merge-into": target.tracking_number, "merge-confirm": "on"}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=dup.pk).status == "merged"


def test_a_suggested_duplicate_opens_the_merge_form_filled_in(
    world: World, login: Any, pair: Any
) -> None:
    dup, target = pair
    page = login(world["committee"]).get(
        reverse("casework:detail", args=[dup.pk]), {"merge_into": target.tracking_number}
    )
    html = page.content.decode()
    assert f'name="merge-into" value="{target.tracking_number}"' in html
    assert 'name="merge-confirm"' in html
    assert Case.objects.get(pk=dup.pk).status == "submitted"  # nothing merged by a GET


def test_committee_undoes_a_merge(world: World, login: Any, pair: Any) -> None:
    dup, target = pair
    dup = actions.merge_case(world["committee"], case=dup, into=target)
    for persona in ("deputy_a", "handler_x", "citizen", "staff_a"):
        with pytest.raises(ActionError):
            actions.unmerge_case(world[persona], case=dup, reason="合并有误，两件不同")
    with pytest.raises(ActionError):
        actions.unmerge_case(world["committee"], case=dup, reason="")  # a reason is needed
    committee = login(world["committee"])
    response = committee.post(
        step(dup, "unmerge"), {"unmerge-reason": "两件地址不同，不是同一诉求"}
    )
    assert response.status_code == 302
    dup.refresh_from_db()
    assert (dup.status, dup.merged_into_id, dup.outcome, dup.closed_at) == (
        "submitted",
        None,
        "",
        None,
    )
    assert AuditEvent.objects.filter(action="cases.unmerge", target_id=str(dup.pk)).exists()
    told = OutboxMessage.objects.filter(user=world["citizen"], kind="cases.unmerge")
    assert told.exists() and "两件地址不同" in told.first().body
    assert [r["step"] for r in public_timeline(dup)][-2:] == ["merged", "unmerged"]
    assert target.events.filter(step="unabsorbed", public=False).exists()
    with pytest.raises(ActionError):  # only a merged case can be taken out again
        actions.unmerge_case(world["committee"], case=dup, reason="再次撤销")
    assert Case.objects.get(pk=dup.pk).status == "submitted"
