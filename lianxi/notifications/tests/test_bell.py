"""The bell in the top bar: no query for the anonymous, one indexed COUNT for the signed-in
(shared with the home's tile), and the number it shows is the person's own unread count."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import World
from lianxi.notifications.tests.factories import note


def outbox_queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries if "notifications_outboxmessage" in q["sql"]]


def test_anonymous_pages_do_not_count(client: Client, world: World) -> None:
    note(world["citizen"])
    for url in ("/", "/cases/new/", "/published/"):
        assert outbox_queries(client, url) == []
        assert 'id="bell"' not in client.get(url).content.decode()


def test_signed_in_pages_count_once(login: Any, world: World) -> None:
    user = world["deputy_a"]
    note(user)
    note(user)
    note(user, read=True)
    note(world["deputy_b"])
    client = login(user)
    for url in ("/", "/work/", "/work/cases/", "/notifications/"):
        queries = outbox_queries(client, url)
        counts = [q for q in queries if "COUNT(" in q.upper() and "read_at" in q]
        assert len(counts) == 1, (url, queries)
        page = client.get(url).content.decode()
        assert '<span class="lx-bell-count" id="bell-count">2</span>' in page, url
        assert "消息通知，2 条未读" in page


def test_no_badge_when_all_read_and_99_plus(login: Any, world: World) -> None:
    user = world["citizen"]
    client = login(user)
    page = client.get("/").content.decode()
    assert 'id="bell"' in page and 'id="bell-count"' not in page
    assert "没有未读消息" in page
    for _ in range(100):
        note(user)
    assert (
        '<span class="lx-bell-count" id="bell-count">99+</span>' in client.get("/").content.decode()
    )
