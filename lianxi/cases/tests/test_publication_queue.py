"""The publication queue: consented, closed cases wait for committee staff, who publish them
or hold them with a reason; the count on their home is what the queue lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases.models import Case
from lianxi.cases.publish import hold_publication, publish_case
from lianxi.cases.tests.test_published import closed_case
from lianxi.core.errors import ActionError, IllegalTransition, InvalidInput

LIST = reverse("casework:list")


def test_the_queue_lists_what_waits_and_the_home_counts_it(
    world: World, submit: Any, login: Any
) -> None:
    waiting = closed_case(world, submit)
    closed_case(world, submit, consent_to_publish=False)  # no consent: never in the queue
    c = login(world["committee"])
    page = c.get(LIST, {"view": "publish"}).content.decode()
    assert reverse("casework:detail", args=[waiting.pk]) in page
    assert page.count("/work/cases/") >= 1
    home = c.get(reverse("workbench:home")).content.decode()
    assert "等待公开" in home and f"{LIST}?view=publish" in home
    publish_case(world["committee"], case=waiting)
    page = c.get(LIST, {"view": "publish"}).content.decode()
    assert reverse("casework:detail", args=[waiting.pk]) not in page


def test_hold_with_a_reason_is_audited_and_leaves_the_queue(
    world: World, submit: Any, login: Any
) -> None:
    case = closed_case(world, submit)
    c = login(world["committee"])
    step = reverse("casework:step", args=[case.pk, "hold_publication"])
    assert c.post(step, {"hold_publication-reason": ""}).status_code == 422
    response = c.post(step, {"hold_publication-reason": "内容涉及邻里纠纷当事人，暂不公开。"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.publication_held_at is not None and "邻里纠纷" in case.publication_hold_reason
    assert AuditEvent.objects.filter(action="cases.hold_publication").count() == 1
    assert case.events.filter(step="publication_held").exists()
    assert "邻里纠纷" in c.get(reverse("casework:detail", args=[case.pk])).content.decode()
    queued = c.get(LIST, {"view": "publish"}).content.decode()
    held = c.get(LIST, {"view": "held"}).content.decode()
    detail = reverse("casework:detail", args=[case.pk])
    assert detail not in queued and detail in held
    with pytest.raises(IllegalTransition):
        hold_publication(world["committee"], case=case, reason="再次暂缓公开。")
    case = publish_case(world["committee"], case=case)  # still possible; clears the hold
    assert case.is_published and case.publication_held_at is None


def test_only_committee_staff_of_the_jurisdiction_hold(world: World, submit: Any) -> None:
    case = closed_case(world, submit)
    for persona in ("deputy_a", "staff_a", "handler_x", "citizen"):
        with pytest.raises(ActionError):
            hold_publication(world[persona], case=case, reason="暂不公开的理由。")
    with pytest.raises(InvalidInput):
        hold_publication(world["committee"], case=case, reason="  ")
    open_case = submit(consent_to_publish=True)
    with pytest.raises(IllegalTransition):
        hold_publication(world["committee"], case=open_case, reason="暂不公开的理由。")
    assert not Case.objects.filter(publication_held_at__isnull=False).exists()


def test_other_roles_cannot_hold_by_page_or_api(world: World, submit: Any, login: Any) -> None:
    case = closed_case(world, submit)
    form = {"hold_publication-reason": "暂不公开的理由。"}
    step = reverse("casework:step", args=[case.pk, "hold_publication"])
    assert login(world["deputy_a"]).post(step, form).status_code == 403
    assert login(world["handler_x"]).post(step, form).status_code == 404
    api = f"/api/v1/cases/{case.pk}/hold-publication"
    body = {"reason": "暂不公开的理由。"}
    assert (
        login(world["deputy_a"]).post(api, body, content_type="application/json").status_code == 403
    )
    assert (
        login(world["staff_b"]).post(api, body, content_type="application/json").status_code == 404
    )
    answer = login(world["committee"]).post(api, body, content_type="application/json")
    assert answer.status_code == 200
    published = login(world["committee"]).post(f"/api/v1/cases/{case.pk}/publish")
    assert published.status_code == 200 and published.json()["is_published"] is True
