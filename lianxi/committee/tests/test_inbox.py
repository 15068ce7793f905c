"""The deputy's inbox and calendar, and the private iCal feed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from icalendar import Calendar

from conftest import World
from lianxi.committee import actions
from lianxi.committee.actions import AudienceSpec, CourseInput, SessionInput
from lianxi.committee.inbox import calendar_items, inbox_for
from lianxi.committee.models import Invitation


def test_inbox_lists_what_needs_the_deputy(
    world: World, people: Any, fields: Any, make_notice: Any, make_activity: Any
) -> None:
    notice = make_notice(AudienceSpec(everyone=True))
    make_notice(AudienceSpec(everyone=True), must_confirm=False, title="一般工作动态通报")
    activity = make_activity()
    actions.invite(world["committee"], activity=activity, deputy_ids=[people["a"].pk])
    course = actions.save_course(
        world["committee"],
        data=CourseInput(
            kind="induction",
            title="新任代表初任培训",
            required=True,
            audience=AudienceSpec(everyone=True),
        ),
    )
    start = timezone.now() + timedelta(days=2)
    actions.add_session(
        world["committee"],
        course=course,
        data=SessionInput(
            title="代表法解读",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="培训中心",
        ),
    )
    box = inbox_for(world["deputy_a"])
    assert [n.pk for n in box.notices] == [notice.pk]
    assert [i.activity_id for i in box.invitations] == [activity.pk]
    assert len(box.sessions) == 1
    actions.confirm_notice(world["deputy_a"], notice=notice)
    actions.answer_invitation(
        world["deputy_a"], invitation=Invitation.objects.get(activity=activity), accept=True
    )
    box = inbox_for(world["deputy_a"])
    assert box.notices == [] and box.invitations == []
    assert inbox_for(world["committee"]).total == 0


def test_calendar_merges_sessions_and_activities(
    world: World, people: Any, make_activity: Any, monkeypatch: Any
) -> None:
    from lianxi.core.calendar import CalendarItem

    now = timezone.now()
    shift = CalendarItem(
        uid="shift-1@lianxi",
        kind="shift",
        title="接待选民",
        start=now + timedelta(days=1),
        end=now + timedelta(days=1, hours=2),
    )
    monkeypatch.setattr("lianxi.committee.inbox.deputy_items", lambda d, s, e: [shift])
    activity = make_activity(starts_at=now + timedelta(days=3))
    actions.invite(world["committee"], activity=activity, deputy_ids=[people["a"].pk])
    items = calendar_items(people["a"], now, now + timedelta(days=30))
    assert [i.kind for i in items] == ["shift", "activity"]
    assert items[1].status == "tentative"
    actions.answer_invitation(
        world["deputy_a"], invitation=Invitation.objects.get(activity=activity), accept=True
    )
    assert calendar_items(people["a"], now, now + timedelta(days=30))[1].status == "confirmed"
    assert calendar_items(people["b"], now, now + timedelta(days=30)) == [shift]


def test_ical_feed_with_private_token(
    world: World, people: Any, make_activity: Any, client: Any, login: Any
) -> None:
    activity = make_activity(
        starts_at=timezone.now() + timedelta(days=3), title="《示范市物业管理条例》立法调研，第一站"
    )
    actions.invite(world["committee"], activity=activity, deputy_ids=[people["a"].pk])
    token = actions.reset_calendar_token(world["deputy_a"])
    assert client.get(f"/committee/calendar/{token.token}.ics").status_code == 404  # the nonce
    forged = f"{token.user_id}-{'0' * 40}"
    assert client.get(f"/committee/calendar/{forged}.ics").status_code == 404
    response = client.get(f"/committee/calendar/{token.feed_key()}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 1
    assert "物业管理条例" in str(events[0]["SUMMARY"]) and "第一站" in str(events[0]["SUMMARY"])
    assert events[0]["DTSTART"].dt == activity.starts_at.replace(microsecond=0)
    old = token.feed_key()
    actions.reset_calendar_token(world["deputy_a"])
    assert client.get(f"/committee/calendar/{old}.ics").status_code == 404
    assert client.get("/committee/calendar/guess.ics").status_code == 404
