"""The notification centre: each person sees only their own, unread first; opening an item
marks it read and leads to its object; nothing changes on GET; CSRF guards every POST."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, force_login
from lianxi.notifications.models import OutboxMessage
from lianxi.notifications.tests.factories import note

LIST = "/notifications/"


def body(client: Client, url: str = LIST) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_anonymous_is_sent_to_sign_in(client: Client, world: World) -> None:
    mine = note(world["deputy_a"])
    for url in (LIST, reverse("notifications:preferences")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    mine.refresh_from_db()
    assert mine.read_at is None


def test_every_role_reaches_its_list(login: Any, world: World) -> None:
    for persona in ("citizen", "deputy_a", "staff_a", "handler_x", "committee", "admin"):
        note(world[persona], f"给{persona}的消息")
        page = body(login(world[persona]))
        assert f"给{persona}的消息" in page
        assert "给deputy_b的消息" not in page


def test_only_my_own_in_app_rows(login: Any, world: World) -> None:
    note(world["deputy_a"], "甲的消息")
    note(world["deputy_b"], "乙的消息")
    OutboxMessage.objects.create(
        channel="sms",
        user=world["deputy_a"],
        body="短信不在列表里",
        dedupe_key="s1",
        recipient="13900001111",
    )
    page = body(login(world["deputy_a"]))
    assert "甲的消息" in page and "乙的消息" not in page and "短信不在列表里" not in page


def test_unread_first_then_newest(login: Any, world: World) -> None:
    user = world["deputy_a"]
    note(user, "最早未读")
    note(user, "已读较新", read=True)
    note(user, "较新未读")
    page = body(login(user))
    order = [page.index(t) for t in ("较新未读", "最早未读", "已读较新")]
    assert order == sorted(order)
    assert page.count("lx-unread") == 2


def test_filter_by_kind_and_unread(login: Any, world: World) -> None:
    user = world["deputy_a"]
    note(user, "诉求消息", family="cases")
    note(user, "值班消息", family="liaison")
    note(user, "旧的值班消息", family="liaison", read=True)
    client = login(user)
    page = body(client, LIST + "?kind=liaison")
    assert "值班消息" in page and "诉求消息" not in page
    page = body(client, LIST + "?kind=liaison&unread=1")
    assert "值班消息" in page and "旧的值班消息" not in page
    page = body(client, LIST + "?kind=nonsense")  # an unknown kind shows everything
    assert "诉求消息" in page and "值班消息" in page


def test_pages_of_twenty(login: Any, world: World) -> None:
    user = world["deputy_a"]
    for i in range(25):
        note(user, f"第{i:02d}条")
    client = login(user)
    first = body(client)
    assert first.count('class="list-group-item lx-notification') == 20
    assert "第24条" in first and "第00条" not in first
    second = body(client, LIST + "?page=2")
    assert second.count('class="list-group-item lx-notification') == 5
    assert body(client, LIST + "?page=x").count("lx-notification lx-unread") == 20


def test_empty_state_in_chinese(login: Any, world: World) -> None:
    page = body(login(world["citizen"]))
    assert 'id="notification-empty"' in page
    assert "还没有消息" in page


def test_opening_marks_read_and_leads_to_the_object(login: Any, world: World, submit: Any) -> None:
    case = submit()
    user = world["committee"]
    mine = note(user, "请分办", url=f"/work/cases/{case.pk}/")
    client = login(user)
    page = body(client)
    assert f'action="/notifications/{mine.pk}/open/"' in page
    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == f"/work/cases/{case.pk}/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    first_read = mine.read_at
    client.post(reverse("notifications:open", args=[mine.pk]))  # again: still read, same time
    mine.refresh_from_db()
    assert mine.read_at == first_read


def test_get_changes_nothing(login: Any, world: World) -> None:
    mine = note(world["deputy_a"], url="/work/")
    client = login(world["deputy_a"])
    for url in (
        reverse("notifications:open", args=[mine.pk]),
        reverse("notifications:read", args=[mine.pk]),
        reverse("notifications:read_all"),
    ):
        assert client.get(url).status_code == 405
    body(client)
    mine.refresh_from_db()
    assert mine.read_at is None


def test_another_persons_notification_is_404(login: Any, world: World) -> None:
    theirs = note(world["deputy_b"], url="/work/")
    client = login(world["deputy_a"])
    for name in ("notifications:open", "notifications:read"):
        forbidden = client.post(reverse(name, args=[theirs.pk]))
        missing = client.post(reverse(name, args=[987654]))
        assert forbidden.status_code == missing.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_off_the_site_is_not_followed(login: Any, world: World) -> None:
    client = login(world["deputy_a"])
    for bad in ("https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:x"):
        item = note(world["deputy_a"], url=bad)
        response = client.post(reverse("notifications:open", args=[item.pk]))
        assert response.status_code == 302 and response["Location"] == LIST, bad


def test_mark_one_and_mark_all(login: Any, world: World) -> None:
    user = world["deputy_a"]
    plain = note(user, "没有链接的消息")
    note(user, "值班消息", family="liaison")
    note(user, "诉求消息", family="cases")
    other = note(world["deputy_b"])
    client = login(user)
    assert f'action="/notifications/{plain.pk}/read/"' in body(client)
    response = client.post(reverse("notifications:read", args=[plain.pk]), {"next": "?kind=cases"})
    assert response["Location"] == LIST  # a next outside the list is not followed
    response = client.post(
        reverse("notifications:read", args=[plain.pk]), {"next": LIST + "?kind=cases"}
    )
    assert response["Location"] == LIST + "?kind=cases"
    assert OutboxMessage.objects.inbox(user).unread().count() == 2
    client.post(reverse("notifications:read_all"), {"kind": "liaison"})
    assert list(OutboxMessage.objects.inbox(user).unread().values_list("body", flat=True)) == [
        "诉求消息"
    ]
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert OutboxMessage.objects.inbox(user).unread().count() == 0
    assert "已将 1 条消息标为已读" in response.content.decode()
    other.refresh_from_db()
    assert other.read_at is None


def test_posts_need_the_csrf_token(world: World) -> None:
    user = world["deputy_a"]
    mine = note(user, url="/work/")
    client = Client(enforce_csrf_checks=True)
    force_login(client, user)
    for url in (
        reverse("notifications:open", args=[mine.pk]),
        reverse("notifications:read", args=[mine.pk]),
        reverse("notifications:read_all"),
        reverse("notifications:preferences"),
    ):
        assert client.post(url).status_code == 403, url
    mine.refresh_from_db()
    assert mine.read_at is None
    page = client.get(LIST).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    ok = client.post(
        reverse("notifications:open", args=[mine.pk]), {"csrfmiddlewaretoken": token.group(1)}
    )
    assert ok.status_code == 302
    assert settings.CSRF_COOKIE_NAME in client.cookies


def test_list_queries_do_not_grow_with_rows(login: Any, world: World) -> None:
    user = world["deputy_a"]
    client = login(user)
    note(user)
    client.get(LIST)
    with CaptureQueriesContext(connection) as before:
        client.get(LIST)
    for i in range(30):
        note(user, f"消息{i}", family="liaison" if i % 2 else "cases", read=i % 3 == 0)
    with CaptureQueriesContext(connection) as after:
        client.get(LIST)
    assert len(after) == len(before)
