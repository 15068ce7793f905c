"""The notification centre in the API: my own notifications only (another's is 404), unread
first, filters, the unread count, marking read, preferences; session auth with CSRF."""

from __future__ import annotations

import json
from typing import Any, get_args

from django.conf import settings
from django.test import Client

from conftest import World, force_login
from lianxi.api.routers.notifications import ChannelName, FamilyName
from lianxi.notifications.models import ChannelPolicy, Family, OutboxMessage
from lianxi.notifications.policies import CHOOSABLE
from lianxi.notifications.tests.factories import note

API = "/api/v1/notifications"


def put(client: Client, url: str, data: Any, **extra: Any) -> Any:
    return client.put(url, json.dumps(data), content_type="application/json", **extra)


def test_the_schema_names_every_kind_and_channel() -> None:
    assert set(get_args(FamilyName)) == set(Family.values)
    assert set(get_args(ChannelName)) == set(CHOOSABLE)


def test_sign_in_is_required(client: Client, world: World) -> None:
    mine = note(world["deputy_a"])
    for url in (API, f"{API}/unread-count", f"{API}/preferences"):
        assert client.get(url).status_code == 401
    assert client.post(f"{API}/{mine.pk}/read").status_code == 401
    assert client.post(f"{API}/read-all").status_code == 401


def test_list_is_mine_unread_first_and_filtered(login: Any, world: World) -> None:
    user = world["deputy_a"]
    old = note(user, "旧的未读", family="liaison")
    read = note(user, "已读", read=True)
    new = note(user, "新的未读", url="/work/cases/1/")
    note(world["deputy_b"], "别人的")
    client = login(user)
    body = client.get(API).json()
    assert [i["id"] for i in body["items"]] == [new.pk, old.pk, read.pk]
    assert body["count"] == 3 and body["unread"] == 2
    first = body["items"][0]
    assert first["text"] == "新的未读" and first["url"] == "/work/cases/1/"
    assert first["unread"] is True and first["family"] == "cases"
    assert first["family_label"] == "群众诉求" and first["kind"] == "cases.accept"
    only = client.get(API, {"family": "liaison"}).json()
    assert [i["id"] for i in only["items"]] == [old.pk]
    unread = client.get(API, {"unread": "true"}).json()
    assert {i["id"] for i in unread["items"]} == {new.pk, old.pk}
    paged = client.get(API, {"page_size": 1, "page": 2}).json()
    assert [i["id"] for i in paged["items"]] == [old.pk] and paged["page"] == 2
    assert client.get(API, {"family": "nonsense"}).status_code == 422
    assert client.get(API, {"page_size": 1000}).status_code == 422


def test_unread_count_and_marking(login: Any, world: World) -> None:
    user = world["deputy_a"]
    one = note(user)
    note(user, family="liaison")
    note(user, family="liaison")
    theirs = note(world["deputy_b"])
    client = login(user)
    assert client.get(f"{API}/unread-count").json() == {"unread": 3}
    marked = client.post(f"{API}/{one.pk}/read").json()
    assert marked["id"] == one.pk and marked["unread"] is False and marked["read_at"]
    assert client.get(f"{API}/unread-count").json() == {"unread": 2}
    forbidden = client.post(f"{API}/{theirs.pk}/read")
    missing = client.post(f"{API}/987654/read")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    note(user, family="cases")
    assert client.post(f"{API}/read-all?family=liaison").json() == {"marked": 2, "unread": 1}
    note(user)
    assert client.post(f"{API}/read-all").json() == {"marked": 2, "unread": 0}
    assert OutboxMessage.objects.inbox(world["deputy_b"]).unread().count() == 1


def test_posts_need_csrf(world: World) -> None:
    user = world["deputy_a"]
    mine = note(user)
    client = Client(enforce_csrf_checks=True)
    force_login(client, user)
    assert client.post(f"{API}/{mine.pk}/read").status_code == 403
    assert client.post(f"{API}/read-all").status_code == 403
    assert put(client, f"{API}/preferences", {"quiet_hours": False}).status_code == 403
    mine.refresh_from_db()
    assert mine.read_at is None
    token = "b" * 32
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    assert client.post(f"{API}/{mine.pk}/read", HTTP_X_CSRFTOKEN=token).status_code == 200


def test_preferences_get_and_put(login: Any, world: World) -> None:
    ChannelPolicy.objects.create(family="committee", channel="sms", allowed=False)
    user = world["deputy_a"]
    client = login(user)
    body = client.get(f"{API}/preferences").json()
    assert body["sign_in_codes"] == "sms" and body["quiet_hours"] is True
    assert body["email_digest_available"] is False
    items = {(i["family"], i["channel"]): i for i in body["items"]}
    assert items[("cases", "inapp")] | {} == {
        **items[("cases", "inapp")],
        "enabled": True,
        "editable": False,
    }
    assert items[("committee", "sms")]["editable"] is False
    assert "人大常委会" in items[("committee", "sms")]["note"]
    assert items[("cases", "sms")]["enabled"] is True
    saved = put(
        client,
        f"{API}/preferences",
        {"items": [{"family": "cases", "channel": "sms", "enabled": False}], "quiet_hours": False},
    )
    assert saved.status_code == 200
    after = {(i["family"], i["channel"]): i for i in saved.json()["items"]}
    assert after[("cases", "sms")]["enabled"] is False and saved.json()["quiet_hours"] is False
    refused = put(
        client,
        f"{API}/preferences",
        {"items": [{"family": "committee", "channel": "sms", "enabled": True}]},
    )
    assert refused.status_code == 422 and refused.json()["field"] == "committee__sms"
    no_digest = put(client, f"{API}/preferences", {"email_digest": True})
    assert no_digest.status_code == 422 and no_digest.json()["field"] == "email_digest"
    bad = put(client, f"{API}/preferences", {"items": [{"family": "cases", "channel": "inapp"}]})
    assert bad.status_code == 422
