"""Preferences: defaults by role, each person's choices within what the committee allows,
quiet hours and the digest; saved through one audited action, and honoured by `notify()`."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.notifications.actions import save_preferences
from lianxi.notifications.models import ChannelPolicy, OutboxMessage, Preference, Settings
from lianxi.notifications.preferences import grid
from lianxi.notifications.send import notify

URL = "/notifications/preferences/"


def cell(user: Any, family: str, channel: str) -> Any:
    found = grid(user).cell(family, channel)
    assert found is not None
    return found


def test_defaults_come_from_the_role(world: World) -> None:
    deputy = world["deputy_a"]  # a deputy's phone is on the deputy record
    assert cell(deputy, "cases", "sms").enabled and cell(deputy, "cases", "sms").editable
    assert cell(deputy, "cases", "inapp").enabled and not cell(deputy, "cases", "inapp").editable
    citizen = world["citizen"]
    assert cell(citizen, "cases", "sms").enabled
    assert not cell(citizen, "cases", "email").editable  # no address
    assert grid(citizen).cell("performance", "sms") is None  # not a citizen's kind
    handler = world["handler_x"]  # no phone, no address
    assert not cell(handler, "cases", "sms").editable
    assert "手机号码" in cell(handler, "cases", "sms").note


def test_a_channel_the_committee_switched_off_is_shown_disabled(world: World) -> None:
    ChannelPolicy.objects.create(family="cases", channel="sms", allowed=False)
    found = cell(world["deputy_a"], "cases", "sms")
    assert not found.enabled and not found.editable and "人大常委会" in found.note
    with pytest.raises(InvalidInput) as refused:
        save_preferences(world["deputy_a"], choices={("cases", "sms"): True})
    assert refused.value.field == "cases__sms"
    assert AuditEvent.objects.filter(
        action="notifications.save_preferences", outcome="failed"
    ).exists()


def test_saving_stores_only_what_differs_from_the_default(world: World) -> None:
    deputy = world["deputy_a"]
    save_preferences(deputy, choices={("cases", "sms"): False, ("liaison", "sms"): True})
    assert set(Preference.objects.values_list("family", "channel", "enabled")) == {
        ("cases", "sms", False)
    }
    assert not cell(deputy, "cases", "sms").enabled
    save_preferences(deputy, choices={("cases", "sms"): True})
    assert not Preference.objects.exists()
    event = AuditEvent.objects.filter(action="notifications.save_preferences").order_by("id").last()
    assert event is not None and event.data["changed"] == ["cases:sms:on"]


def test_refusals(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        save_preferences(AnonymousUser(), choices={})
    with pytest.raises(InvalidInput) as refused:
        save_preferences(world["citizen"], choices={("performance", "sms"): True})
    assert refused.value.field == "performance__sms"
    with pytest.raises(InvalidInput):
        save_preferences(world["handler_x"], choices={("cases", "email"): True})
    with pytest.raises(InvalidInput) as refused:
        save_preferences(world["citizen"], choices={}, email_digest=True)
    assert refused.value.field == "email_digest"


def test_choices_reach_notify(world: World) -> None:
    deputy = world["deputy_a"]
    deputy.email = "deputy@example.org"
    deputy.save()
    save_preferences(
        deputy,
        choices={("cases", "sms"): False, ("cases", "email"): True},
        quiet_hours=False,
        email_digest=True,
    )
    notify([deputy], kind="cases.accept", family="cases", text="交办", key="k1")
    rows = {m.channel: m for m in OutboxMessage.objects.filter(user=deputy)}
    assert set(rows) == {"inapp", "email"}
    assert rows["email"].status == "held"  # the digest holds it
    assert Settings.objects.get(user=deputy).quiet_hours is False


def test_page_shows_and_saves(login: Any, world: World) -> None:
    deputy = world["deputy_a"]
    client = login(deputy)
    page = client.get(URL).content.decode()
    assert 'name="cases__sms"' in page and 'name="cases__email"' in page
    assert "登录验证码" in page  # codes always come by SMS, shown as such
    assert 'name="email_digest"' in page and "disabled" in page.split('name="email_digest"')[1][:80]
    response = client.post(URL, {"liaison__sms": "on", "quiet_hours": "on"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "notifications:preferences"
    )
    # every box left unticked is off now (cases by SMS was on by default)
    assert not cell(deputy, "cases", "sms").enabled
    assert cell(deputy, "liaison", "sms").enabled
    assert Settings.objects.get(user=deputy).quiet_hours is True
    page = client.get(URL).content.decode()
    assert "已保存" in page or 'name="cases__sms"' in page


def test_page_ignores_a_posted_disabled_box(login: Any, world: World) -> None:
    ChannelPolicy.objects.create(family="cases", channel="sms", allowed=False)
    deputy = world["deputy_a"]
    response = login(deputy).post(URL, {"cases__sms": "on", "liaison__sms": "on"})
    assert response.status_code == 302
    assert not Preference.objects.filter(family="cases").exists()


def test_page_error_names_the_field(login: Any, world: World, monkeypatch: Any) -> None:
    """A policy switched off between showing the page and saving it: a clear error, 422."""
    from lianxi.notifications import forms as notification_forms

    deputy = world["deputy_a"]
    stale = grid(deputy)  # built before the committee's change
    monkeypatch.setattr(notification_forms, "Grid", type(stale))
    ChannelPolicy.objects.create(family="liaison", channel="sms", allowed=False)
    from lianxi.notifications import views

    monkeypatch.setattr(views, "grid", lambda user: stale)
    response = login(deputy).post(URL, {"liaison__sms": "on"})
    assert response.status_code == 422
    assert "人大常委会" in response.content.decode()


def test_nothing_ticked_turns_every_choice_off(login: Any, world: World) -> None:
    deputy = world["deputy_a"]
    response = login(deputy).post(URL, {})
    assert response.status_code == 302
    assert not any(c.enabled for row in grid(deputy).rows for c in row.cells[1:])
    assert Settings.objects.get(user=deputy).quiet_hours is False
