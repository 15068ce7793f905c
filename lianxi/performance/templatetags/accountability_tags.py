"""Commendation and accountability on the performance pages: the panel of a record (the
liaison-rule standing and the monthly reminders the liaison app already sends, the talks, the
commendations, the flag), the flagged count on the ranking, and the published commendations
on a deputy's public page."""

from __future__ import annotations

from typing import Any

from django import template

from lianxi.performance.models import Record
from lianxi.performance.models_accountability import Commendee, Flag, Talk
from lianxi.performance.policies import is_owner, is_staff_over

register = template.Library()

REMINDER_KIND = "liaison.send_compliance_reminders"


def liaison_standing(record: Record) -> dict[str, Any]:
    """Where the deputy stands against the liaison rules of the year (the liaison app's own
    evaluation) and the reminders it sent them this year: reused, not sent a second time."""
    from lianxi.liaison.choices import Light
    from lianxi.liaison.compliance import evaluate
    from lianxi.notifications.models import Channel, OutboxMessage

    standing = evaluate(record.deputy, record.year)
    behind = [m for m in standing.measures if m.light != Light.GREEN]
    reminders: list[Any] = []
    if record.deputy.user_id:
        reminders = list(
            OutboxMessage.objects.filter(
                user_id=record.deputy.user_id,
                kind=REMINDER_KIND,
                channel=Channel.INAPP,
                created_at__year=record.year,
            )
            .order_by("-created_at")
            .only("created_at", "body")[:12]
        )
    return {"standing": standing, "behind": behind, "reminders": reminders}


@register.inclusion_tag("performance/accountability/_record_panel.html", takes_context=True)
def record_accountability(context: dict[str, Any], record: Record | None) -> dict[str, Any]:
    user = context["request"].user
    if record is None:
        return {"record": None}
    staff = is_staff_over(user, record.deputy)
    if not staff and not is_owner(user, record):
        return {"record": None}
    talks = list(
        Talk.objects.filter(deputy=record.deputy, day__year=record.year).order_by("-day", "-pk")
    )
    commended = list(
        Commendee.objects.filter(
            deputy=record.deputy, commendation__year=record.year, commendation__status="published"
        ).select_related("commendation")
    )
    flag = Flag.objects.filter(record=record).first() if staff else None
    return {
        "record": record,
        "staff": staff,
        "talks": talks,
        "commended": commended,
        "flag": flag,
        **liaison_standing(record),
    }


@register.simple_tag(takes_context=True)
def flagged_count(context: dict[str, Any], year: int) -> int:
    return Flag.objects.visible_to(context["request"].user).filter(record__year=year).count()


@register.inclusion_tag("performance/accountability/_public.html")
def deputy_commendations(deputy: Any) -> dict[str, Any]:
    """The published commendations naming the deputy, newest first."""
    return {
        "commended": list(
            Commendee.objects.filter(deputy=deputy, commendation__status="published")
            .select_related("commendation")
            .order_by("-commendation__year", "-commendation__published_at")[:5]
        )
    }
