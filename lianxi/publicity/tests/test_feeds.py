"""The Atom feeds: well-formed Atom 1.0 that feedparser reads without complaint, for the city
and for one area, with nothing unpublished and no personal data."""

from __future__ import annotations

from datetime import date
from typing import Any

import feedparser
import pytest
from django.urls import reverse

from conftest import CANARY_PHONE, World
from lianxi.legislation import actions as legislation
from lianxi.publicity.models import Story
from lianxi.publicity.tests.conftest import resolved_case

pytestmark = pytest.mark.django_db


def parse(client: Any, name: str, **params: Any) -> Any:
    response = client.get(reverse(f"publicity:{name}"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_story_feed(world: World, published: Story, draft: Any, client: Any) -> None:
    feed = parse(client, "feed_stories")
    assert feed.feed.title.endswith("履职成果")
    assert [e.title for e in feed.entries] == [published.title]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver/stories/{published.pk}/"
    assert entry.id and entry.updated_parsed and entry.summary == published.summary
    assert [e.title for e in parse(client, "feed_stories", area=world.district1.pk).entries] == [
        published.title
    ]
    assert parse(client, "feed_stories", area=world.district2.pk).entries == []


def test_the_case_feed_masks_and_filters(world: World, submit: Any, client: Any) -> None:
    case = resolved_case(world, submit, title=f"路灯坏了请联系{CANARY_PHONE}")
    resolved_case(world, submit, publish=False, title="未公开的诉求")
    body = client.get(reverse("publicity:feed_cases")).content.decode()
    assert CANARY_PHONE not in body and "未公开的诉求" not in body
    feed = parse(client, "feed_cases")
    assert [e.link for e in feed.entries] == [
        f"http://testserver/published/{case.tracking_number}/"
    ]
    assert len(parse(client, "feed_cases", area=world.community1.pk).entries) == 1
    assert parse(client, "feed_cases", area=world.district2.pk).entries == []


def test_the_consultation_feed(world: World, client: Any) -> None:
    from lianxi.legislation.tests.conftest import details, draft_text

    made = legislation.create_consultation(
        world["committee_d1"],
        details=details(opens_on=date(2026, 5, 1), closes_on=date(2026, 6, 30)),
        text=draft_text(),
    )
    legislation.create_consultation(
        world["committee"], details=details(title="尚未发布的草案"), text=draft_text()
    )
    legislation.publish(world["committee_d1"], made)
    feed = parse(client, "feed_consultations")
    assert [e.title for e in feed.entries] == [made.title]
    assert len(parse(client, "feed_consultations", area=world.community1.pk).entries) == 1
    assert parse(client, "feed_consultations", area=world.district2.pk).entries == []


def test_a_bad_area_is_the_whole_city(client: Any, world: World) -> None:
    for value in ("abc", "999999999", "-1"):
        parse(client, "feed_stories", area=value)
