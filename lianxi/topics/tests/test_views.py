"""Pages: similar cases while typing (no leaks), following, duplicates, hot issues, topics."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from lianxi.cases.models import Case
from lianxi.notifications.models import OutboxMessage
from lianxi.topics import tasks
from lianxi.topics.models import Follow, FollowVia, HotIssue

pytestmark = pytest.mark.django_db

CANARY_NAME = "欧阳守恒"
CANARY_PHONE = "13987654321"
TITLE = "翠湖名苑小区3栋电梯频繁故障困人"
CONTENT = (
    "翠湖名苑小区3栋的电梯最近一个月坏了好几次，老人被困在电梯里，物业只是简单修一下。"
    f"我是{CANARY_NAME}，电话{CANARY_PHONE}，住3栋1201。"
)


@pytest.fixture
def secret_case(world: World, submit: Any) -> Case:
    case = submit(title=TITLE, content=CONTENT, contact_name=CANARY_NAME)
    tasks.index_new_cases()
    return case


def similar(client: Any, title: str, content: str) -> Any:
    return client.get(reverse("topics:similar"), {"title": title, "content": content})


def follow_url(html: str) -> str:
    found = re.search(r'href="(/topics/follow/[^"/]+/)"', html)
    assert found is not None, html
    return found.group(1)


def test_open_case_is_only_counted(client: Any, world: World, secret_case: Case) -> None:
    """Nothing of an unpublished case but that it exists: not its id, community, category,
    month or status (the anonymous oracle of issue 27)."""
    response = similar(
        client, "翠湖名苑小区电梯又坏了", "翠湖名苑小区电梯坏了好几次，老人被困在电梯里"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 件类似事项正在办理" in html
    for secret in (CANARY_NAME, CANARY_PHONE, "1201", TITLE, "欧阳", "3987", "青石社区"):
        assert secret not in html
    assert secret_case.tracking_number not in html
    assert f"/{secret_case.pk}/" not in html and "2027-" not in html and "已受理" not in html
    in_place = client.get(
        reverse("topics:similar"),
        {
            "title": "翠湖名苑小区电梯又坏了",
            "content": CONTENT[:30],
            "community": world.community1.pk,
        },
    ).content.decode()
    assert "青石社区有 1 件类似事项正在办理" in in_place
    elsewhere = client.get(
        reverse("topics:similar"),
        {
            "title": "翠湖名苑小区电梯又坏了",
            "content": CONTENT[:30],
            "community": world.community2.pk,
        },
    ).content.decode()
    assert "similar-handled" not in elsewhere


def test_a_follow_link_cannot_be_made_up(client: Any, secret_case: Case) -> None:
    for token in [str(secret_case.pk), "W10:1abc:xyz", "x" * 40]:
        assert client.get(reverse("topics:follow", args=[token])).status_code == 404


def test_typing_the_canary_reveals_nothing(client: Any, secret_case: Case) -> None:
    html = similar(client, CANARY_NAME, f"{CANARY_NAME} {CANARY_PHONE}").content.decode()
    assert CANARY_NAME not in html and CANARY_PHONE not in html
    assert "topics/follow" not in html  # a name and a phone do not make a similar matter


def test_unrelated_text_shows_nothing(client: Any, secret_case: Case) -> None:
    html = similar(
        client, "松林社区路灯不亮", "松林社区主干道路灯坏了三个月，晚上一片漆黑"
    ).content.decode()
    assert "topics/follow" not in html


def test_published_case_shows_its_masked_title(client: Any, secret_case: Case) -> None:
    Case.objects.filter(pk=secret_case.pk).update(
        status="closed", is_published=True, consent_to_publish=True
    )
    html = similar(
        client, "翠湖名苑小区电梯又坏了", "翠湖名苑小区电梯坏了好几次，老人被困"
    ).content.decode()
    assert reverse("published:detail", args=[secret_case.tracking_number]) in html
    assert CANARY_PHONE not in html


def test_closed_unpublished_case_is_not_offered(client: Any, secret_case: Case) -> None:
    Case.objects.filter(pk=secret_case.pk).update(status="closed")
    html = similar(
        client, "翠湖名苑小区电梯又坏了", "翠湖名苑小区电梯坏了好几次，老人被困"
    ).content.decode()
    assert "topics/follow" not in html


def _token_url(client: Any) -> str:
    html = similar(client, "翠湖名苑小区电梯又坏了", "翠湖名苑小区电梯坏了好几次，老人被困")
    return follow_url(html.content.decode())


def test_follow_page_leaks_nothing(client: Any, secret_case: Case) -> None:
    html = client.get(_token_url(client)).content.decode()
    for secret in (CANARY_NAME, CANARY_PHONE, TITLE, secret_case.tracking_number):
        assert secret not in html
    assert "青石社区有 1 件类似事项正在办理" in html  # how many and where, nothing else


def test_intake_page_has_the_similar_slot(client: Any, world: World) -> None:
    html = client.get(reverse("cases:new")).content.decode()
    assert 'id="similar-cases"' in html and "input delay:500ms" in html


def test_follow_by_phone_code(client: Any, secret_case: Case) -> None:
    client.post(reverse("cases:send_code"), {"phone": "13755550009"})
    sms = OutboxMessage.objects.filter(channel="sms").latest("id")
    code = re.search(r"\b(\d{6})\b", sms.body).group(1)  # type: ignore[union-attr]
    url = _token_url(client)
    wrong = client.post(url, {"phone": "13755550009", "code": "000000"})
    assert wrong.status_code == 400 and not Follow.objects.exists()
    response = client.post(url, {"phone": "13755550009", "code": code})
    assert response.status_code == 302
    follow = Follow.objects.get()
    assert follow.via == FollowVia.PHONE and follow.phone == "13755550009"
    page = client.get(reverse("topics:following")).content.decode()
    assert CANARY_NAME not in page and "青石社区" in page


def test_signed_in_citizen_follows_and_stops(
    client: Any, login: Any, world: World, secret_case: Case
) -> None:
    login(world.users["citizen"])
    assert client.post(_token_url(client)).status_code == 302
    follow = Follow.objects.get(user=world.users["citizen"])
    assert client.post(reverse("topics:unfollow", args=[follow.pk])).status_code == 302
    assert not Follow.objects.exists()


def test_someone_elses_follow_cannot_be_stopped(
    client: Any, login: Any, world: World, secret_case: Case
) -> None:
    from conftest import make_user

    other = make_user("other", "citizen", phone="13755550010")
    follow = Follow.objects.create(case=secret_case, user=other, via=FollowVia.ACCOUNT)
    login(world.users["citizen"])
    assert client.post(reverse("topics:unfollow", args=[follow.pk])).status_code == 404


def test_staff_page_shows_likely_duplicates_in_scope(
    client: Any, login: Any, world: World, submit: Any, secret_case: Case
) -> None:
    dup = submit(
        title="翠湖名苑小区电梯又困人了",
        content="翠湖名苑小区3栋电梯坏了好几次，老人被困在电梯里。",
    )
    elsewhere = submit(
        title="翠湖名苑小区电梯故障",
        content="翠湖名苑小区电梯坏了，老人被困。",
        community=world.community2,
    )
    tasks.index_new_cases()
    login(world.users["committee_d1"])
    html = client.get(reverse("casework:detail", args=[dup.pk])).content.decode()
    assert 'id="likely-duplicates"' in html
    assert secret_case.tracking_number in html
    assert elsewhere.tracking_number not in html  # outside committee_d1's district
    assert 'name="merge-into"' in html


LIGHT = "一带的路灯坏了好几盏，晚上一片漆黑，行人经常摔倒。"


def test_duplicates_are_at_the_same_place_and_say_why(
    client: Any, login: Any, world: World, submit: Any
) -> None:
    """The demo's triage page offered street-light cases of five other communities: the same
    problem elsewhere is another matter, unless the texts name the same place."""
    case = submit(title="路灯长期不亮", content="东风路与建设路交叉口" + LIGHT)
    same = submit(title="路灯坏了没人修", content="东风路与建设路交叉口" + LIGHT + "请尽快修。")
    other = submit(title="路灯长期不亮", content="红星路" + LIGHT, community=world.community2)
    named = submit(
        title="建设路路灯不亮", content="东风路与建设路交叉口" + LIGHT, community=world.community2
    )
    tasks.index_new_cases()
    login(world.users["committee"])
    html = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    section = html[html.index('id="likely-duplicates"') :]
    assert same.tracking_number in section and "同一社区" in section
    assert other.tracking_number not in section  # the same words in another community
    assert named.tracking_number in section and "都提到" in section


def test_hot_issue_pages_are_for_committee_and_scoped(
    client: Any, login: Any, world: World, submit: Any
) -> None:
    for n in range(3):
        submit(
            title=f"翠湖名苑小区电梯频繁故障{n}",
            content="翠湖名苑小区的电梯坏了好几次，老人被困在电梯里。",
        )
    for n in range(3):
        submit(
            title=f"松林新村路灯长期不亮{n}",
            content="松林新村的路灯坏了三个月，晚上一片漆黑，行人容易摔倒。",
            community=world.community2,
        )
    tasks.regroup()
    assert HotIssue.objects.count() == 2
    login(world.users["citizen"])
    assert client.get(reverse("topics_work:hot_issues")).status_code == 404
    login(world.users["committee_d1"])
    html = client.get(reverse("topics_work:hot_issues")).content.decode()
    assert "翠湖名苑" in html and "松林新村" not in html
    assert "topics-chart-data" in html and "<script>" not in html
    hidden = HotIssue.objects.filter(cases__community=world.community2).distinct().get()
    assert client.get(reverse("topics_work:hot_issue", args=[hidden.pk])).status_code == 404
    shown = HotIssue.objects.exclude(pk=hidden.pk).get()
    detail = client.get(reverse("topics_work:hot_issue", args=[shown.pk])).content.decode()
    assert detail.count("list-group-item-action") == 3
    workbench = client.get(reverse("workbench:home")).content.decode()
    assert 'id="topics-panel"' in workbench
