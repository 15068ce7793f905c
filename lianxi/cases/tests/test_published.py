"""Publishing and the public pages: no name, phone or address ever; answer rates."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from conftest import CANARY_NAME, CANARY_PHONE, World
from lianxi.audit.models import AuditEvent
from lianxi.cases import actions
from lianxi.cases.models import Case
from lianxi.cases.publish import publish_case, unpublish_case
from lianxi.cases.stats import answer_stats
from lianxi.core.errors import ActionError

CONTENT = (
    f"我家楼下的路灯坏了一个月，晚上出行很危险。我叫{CANARY_NAME}，电话{CANARY_PHONE}，请联系我。"
)
REPLY = f"已联系街道更换路灯，如有问题可致电{CANARY_PHONE}转{CANARY_NAME}反映。"


def closed_case(world: World, submit: Any, **fields: Any) -> Case:
    fields.setdefault("consent_to_publish", True)
    case = submit(
        world["citizen"],
        title="路灯损坏需要维修",
        content=CONTENT,
        contact_name=CANARY_NAME,
        contact_phone=CANARY_PHONE,
        address="青石社区3栋2单元501室",
        **fields,
    )
    case = actions.accept_case(world["committee"], case=case)
    case = actions.reply_to_case(world["deputy_a"], case=case, text=REPLY)
    return actions.rate_case(
        world["citizen"], case=case, deputy_rating="satisfied", comment=f"谢谢，{CANARY_PHONE}"
    )


def test_published_pages_never_show_personal_data(
    world: World, submit: Any, client: Any, login: Any
) -> None:
    case = closed_case(world, submit)
    response = login(world["committee"]).post(reverse("casework:step", args=[case.pk, "publish"]))
    assert response.status_code == 302
    client.logout()
    pages = [
        client.get(reverse("published:list")),
        client.get(reverse("published:list"), {"district": world.district1.pk}),
        client.get(reverse("published:detail", args=[case.tracking_number])),
    ]
    for page in pages:
        assert page.status_code == 200
        body = page.content.decode()
        assert CANARY_PHONE not in body and CANARY_NAME not in body
        assert "3栋2单元" not in body
        assert "路灯损坏需要维修" in body
    detail = pages[2].content.decode()
    assert "139****5678" in detail  # masked inside the text
    assert "东湖区" in detail  # the pseudonym names the district only
    assert "已联系街道更换路灯" in detail


def test_only_closed_consented_cases_publish(world: World, submit: Any, client: Any) -> None:
    no_consent = closed_case(world, submit, consent_to_publish=False)
    with pytest.raises(ActionError):
        publish_case(world["committee"], case=no_consent)
    open_case = submit(consent_to_publish=True)
    with pytest.raises(ActionError):
        publish_case(world["committee"], case=open_case)
    case = closed_case(world, submit)
    for persona in ("deputy_a", "staff_a", "citizen"):
        with pytest.raises(ActionError):
            publish_case(world[persona], case=case)
    assert client.get(reverse("published:detail", args=[case.tracking_number])).status_code == 404
    case = publish_case(world["committee"], case=case)
    assert case.is_published
    assert AuditEvent.objects.filter(action="cases.publish", target_id=str(case.pk)).exists()
    assert client.get(reverse("published:detail", args=[case.tracking_number])).status_code == 200
    unpublish_case(world["committee"], case=case)
    assert client.get(reverse("published:detail", args=[case.tracking_number])).status_code == 404
    assert client.get(reverse("published:list"), {"category": "x", "page": "9"}).status_code == 200


def _case(
    deputy: Any, n: int, status: str, submitted: date, answered: date | None, due: Any
) -> Case:
    def aware(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(9)))

    return Case.objects.create(
        tracking_number=f"T{n:05d}",
        query_code_hash="x",
        kind="opinion",
        title=f"统计样例{n}",
        content="统计样例内容，用于计算答复率。",
        channel="online",
        deputy=deputy,
        status=status,
        submitted_at=aware(submitted),
        first_answer_at=aware(answered) if answered else None,
        due_date=due,
    )


def test_answer_stats_hand_computed(world: World) -> None:
    deputy = world.deputy_b
    d = date(2026, 3, 2)
    _case(deputy, 1, "closed", d, date(2026, 3, 4), date(2026, 3, 12))  # 2 days, in time
    _case(deputy, 2, "closed", d, date(2026, 3, 16), date(2026, 3, 12))  # 14 days, late
    _case(deputy, 3, "referred", d, None, date(2026, 3, 12))  # overdue, unanswered
    _case(deputy, 4, "referred", d, None, date(2099, 1, 1))  # not yet due: not counted
    _case(deputy, 5, "declined", d, date(2026, 3, 3), None)  # excluded
    _case(deputy, 6, "closed", d, date(2026, 3, 7), None)  # direct reply, 5 days, in time
    stats = answer_stats(deputy)
    # 5 cases; decided: 1, 2, 3, 6 → in time 1 and 6 → 2/4; median of 2, 14, 5 days = 5
    assert stats == {
        "cases": 5,
        "answered_in_time_share": 0.5,
        "median_days_to_first_answer": 5.0,
    }
    assert answer_stats(world.deputy_a) == {
        "cases": 0,
        "answered_in_time_share": None,
        "median_days_to_first_answer": None,
    }
    html = Template("{% load cases_ui %}{% deputy_answer_stats deputy %}").render(
        Context({"deputy": deputy})
    )
    assert "50%" in html and "5.0" in html


def test_published_list_filters_by_district(world: World, submit: Any, client: Any) -> None:
    case = publish_case(world["committee"], case=closed_case(world, submit))
    url = reverse("published:list")
    assert case.title in client.get(url, {"district": world.district1.pk}).content.decode()
    assert case.title not in client.get(url, {"district": world.district2.pk}).content.decode()
