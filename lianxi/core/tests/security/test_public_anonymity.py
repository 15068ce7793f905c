"""quality.md row 14, public anonymity: a resolved case whose text (and answers) hold the
canaries is published; every public page reachable from the home page and the published list,
every anonymous API read, Open311, the public search and statistics, and the alerts its
followers get (SMS, in-app, e-mail) hold no canary, and no CN mobile, 18-digit ID or e-mail
address at all; the citizen's name is hidden (a pseudonym) by default. (There is no embed
widget: nothing to check there.)"""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import World, make_user
from lianxi.api.tests import openapi
from lianxi.cases import actions
from lianxi.cases.models import Case
from lianxi.cases.publish import publish_case
from lianxi.core.choices import Role
from lianxi.core.tests.security import canaries as c
from lianxi.core.tests.security.pii_crawl import crawl
from lianxi.notifications.models import Channel, Family, Preference
from lianxi.topics import tasks
from lianxi.topics.actions import follow_case

REPLY = f"已协调更换梧桐巷路灯，如有问题请拨打{c.TEXT_PHONE}或发邮件至{c.TEXT_EMAIL}。"
RATING = f"满意，我的身份证{c.TEXT_IDNO}，邮箱{c.EMAIL}"


@pytest.fixture
def published(world: World) -> Case:
    case = c.plant(world, consent_to_publish=True).case
    follower = make_user("follower", Role.CITIZEN, phone="13700009999", email="f@example.org")
    Preference.objects.create(user=follower, family=Family.FOLLOWS, channel=Channel.EMAIL)
    follow_case(follower, case=case)
    actions.department_accept(world["handler_x"], case=case)
    case = actions.department_answer(
        world["handler_x"], case=Case.objects.get(pk=case.pk), text=REPLY, result_class="A"
    )
    case = actions.report_back(world["deputy_a"], case=case, text=REPLY)
    case = actions.rate_case(
        world["citizen"],
        case=case,
        deputy_rating="satisfied",
        department_rating="satisfied",
        comment=RATING,
    )
    case = publish_case(world["committee"], case=case)
    tasks.index_new_cases()
    return case


def _findings(text: str) -> dict[str, list[str]]:
    found = {
        "canary": [k for k in c.hits(text)],
        "mobile": c.CN_MOBILE.findall(text),
        "id18": c.ID18.findall(text),
        "email": c.EMAIL_RE.findall(text),
    }
    return {k: v for k, v in found.items() if v}


def test_public_output_holds_no_personal_data(world: World, published: Case) -> None:
    anonymous = Client()
    number = published.tracking_number
    pages = crawl(
        anonymous,
        ["/", "/published/", f"/published/{number}/", "/search/?q=路灯", "/stats/"],
        limit=150,
    )
    assert pages.statuses[500] == 0
    detail = pages.texts[f"/published/{number}/"]
    assert "梧桐巷路灯" in detail and "已协调更换梧桐巷路灯" in detail  # it is the case
    assert c.MASKED["text phone"] in detail  # shown masked, not dropped
    assert c.NAME not in detail and "东湖区" in detail  # a pseudonym naming the district

    api = {}
    doc = openapi.document(anonymous)
    ids = {"deputy_id": world.deputy_a.pk, "station_id": world.station_a.pk}
    query = {"q": "路灯", "number": number, "content": "梧桐巷路灯坏了"}
    for op in openapi.operations(doc):
        if op.secured or op.method != "get" or "openapi" in op.path:
            continue
        if set(op.path_params) - set(ids):
            continue  # consultations: no case data behind them
        response = anonymous.get(op.url(ids), query)
        assert response.status_code < 500, op
        api[str(op)] = response.content.decode()
    open311 = {
        url: anonymous.get(url).content.decode()
        for url in [
            "/open311/v2/requests.json",
            f"/open311/v2/requests/{number}.json",
            "/open311/v2/services.json",
        ]
    }
    assert number in open311["/open311/v2/requests.json"]  # the published case is listed

    outputs = {**pages.texts, **api, **open311}
    leaks = {where: f for where, text in outputs.items() if (f := _findings(text))}
    assert leaks == {}
    print(f"public: {len(pages)} pages {dict(pages.kinds)}, {len(api)} API reads, 3 Open311")


def test_followers_alerts_hold_no_personal_data(world: World, published: Case) -> None:
    from lianxi.notifications.models import OutboxMessage

    to_follower = OutboxMessage.objects.filter(user__username="follower")
    channels = set(to_follower.values_list("channel", flat=True))
    assert {"email", "inapp"} <= channels, channels
    for message in to_follower:
        assert _findings(f"{message.subject}\n{message.body}") == {}, message.body
