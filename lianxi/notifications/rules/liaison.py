"""Who hears of duty and visits (lianxi/liaison/actions/): shifts, swaps, bookings, returned
visits and the monthly liaison-rule reminders."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.notifications.models import Family
from lianxi.notifications.rules import Rule
from lianxi.notifications.send import Recipient

SITE = "人大代表联络平台"
LIAISON = Family.LIAISON


def when(shift: Any) -> str:
    return timezone.localtime(shift.starts_at).strftime("%Y-%m-%d %H:%M")


def accounts(deputies: Any) -> list[Any]:
    return [d.user for d in deputies if d is not None and d.user_id]


def shift_params(event: Announcement) -> dict[str, Any]:
    shift = event.get("shift") or event.target
    return {
        "site": SITE,
        "station": shift.station.name,
        "time": when(shift),
        "names": event.get("names", ""),
    }


def request_params(event: Announcement) -> dict[str, Any]:
    request = event.target
    return shift_params(Announcement(event.action, request.duty.shift)) | {
        "name": request.duty.deputy.name
    }


def booking_params(event: Announcement) -> dict[str, Any]:
    booking = event.target
    return shift_params(Announcement(event.action, booking.shift)) | {
        "no": booking.pk,
        "name": booking.name,
        "topic": booking.topic or "—",
    }


def booker(event: Announcement) -> list[Recipient]:
    booking = event.target
    if booking.citizen_id:
        return [Recipient(user=booking.citizen, phone=booking.phone or "")]
    return [Recipient(phone=booking.phone)] if booking.phone else []


def on_duty(shift: Any) -> list[Any]:
    from lianxi.liaison.choices import Attendance

    duties = shift.duties.exclude(attendance=Attendance.RELEASED).select_related("deputy__user")
    return accounts(d.deputy for d in duties)


def rule(action: str, who: Any, role: str, template: Any, **parts: Any) -> Rule:
    return Rule(action=action, who=who, role=role, family=LIAISON, template=template, **parts)


def _key(prefix: str) -> Any:
    return lambda e: f"liaison:{prefix}:{e.target.pk}"


RULES = [
    # The rota
    rule(
        "liaison.send_rota_notices",
        _("the deputies on duty"),
        Role.DEPUTY,
        _("Reminder: you are on duty at %(station)s on %(time)s."),
        params=shift_params,
        recipients=lambda e: e["on_duty"],
        url=lambda e: "/work/liaison/",
        key=_key("shift"),
    ),
    rule(
        "liaison.send_rota_notices",
        _("citizens following the station or a deputy on duty"),
        Role.CITIZEN,
        _("%(names)s will receive constituents at %(station)s on %(time)s."),
        params=shift_params,
        recipients=lambda e: e["watchers"],
        url=lambda e: f"/liaison/stations/{e.target.station_id}/rota/",
        key=_key("shift-watch"),
    ),
    rule(
        "liaison.send_shift_reminders",
        _("the deputies on duty"),
        Role.DEPUTY,
        _("Tomorrow you are on duty at %(station)s, %(time)s."),
        params=shift_params,
        recipients=lambda e: on_duty(e.target),
        url=lambda e: "/work/liaison/",
        key=_key("tomorrow"),
    ),
    rule(
        "liaison.request_change",
        _("the station's staff"),
        Role.STATION_STAFF,
        _("%(name)s asks to change the duty of %(time)s at %(station)s."),
        params=request_params,
        recipients=lambda e: list(e.target.duty.shift.station.staff.filter(is_active=True)),
        url=lambda e: f"/work/liaison/stations/{e.target.duty.shift.station_id}/",
        key=_key("request"),
    ),
    rule(
        "liaison.decide_request",
        _("the deputy who asked"),
        Role.DEPUTY,
        _("Your request for %(time)s at %(station)s was approved."),
        params=request_params,
        recipients=lambda e: accounts([e.target.duty.deputy]),
        url=lambda e: "/work/liaison/",
        key=_key("request-asker"),
        when=lambda e: bool(e["approve"]),
    ),
    rule(
        "liaison.decide_request",
        _("the deputy who asked"),
        Role.DEPUTY,
        _("Your request for %(time)s at %(station)s was refused."),
        params=request_params,
        recipients=lambda e: accounts([e.target.duty.deputy]),
        url=lambda e: "/work/liaison/",
        key=_key("request-asker"),
        when=lambda e: not e["approve"],
    ),
    rule(
        "liaison.decide_request",
        _("the deputy who takes over the duty"),
        Role.DEPUTY,
        _("You take over the duty of %(time)s at %(station)s."),
        params=request_params,
        recipients=lambda e: accounts([e.target.swap_with]),
        url=lambda e: "/work/liaison/",
        key=_key("request-taker"),
        when=lambda e: bool(e["approve"]) and e.target.swap_with_id is not None,
    ),
    # Bookings
    rule(
        "liaison.book",
        _("the citizen who booked"),
        Role.CITIZEN,
        _("[%(site)s] Your place at %(station)s on %(time)s is booked (number %(no)s)."),
        params=booking_params,
        recipients=booker,
        url=lambda e: f"/liaison/stations/{e.target.shift.station_id}/rota/",
        key=_key("booking"),
    ),
    rule(
        "liaison.book",
        _("the deputies on duty in that shift"),
        Role.DEPUTY,
        _("%(name)s booked a place at your duty of %(time)s at %(station)s: %(topic)s"),
        params=booking_params,
        recipients=lambda e: on_duty(e.target.shift),
        url=lambda e: "/work/liaison/",
        key=_key("booking-duty"),
    ),
    rule(
        "liaison.send_booking_reminders",
        _("the citizen who booked"),
        Role.CITIZEN,
        _("[%(site)s] Reminder: your place at %(station)s on %(time)s."),
        params=booking_params,
        recipients=booker,
        url=lambda e: f"/liaison/stations/{e.target.shift.station_id}/rota/",
        key=_key("booking-remind"),
    ),
    # Visits and the liaison rules
    rule(
        "liaison.review_visit",
        _("the deputy who recorded the visit"),
        Role.DEPUTY,
        _("Your visit of %(date)s was returned: %(reason)s"),
        params=lambda e: {"date": f"{e.target.date:%Y-%m-%d}", "reason": e.get("reason", "")},
        recipients=lambda e: accounts([e.target.author]),
        url=lambda e: f"/work/liaison/visits/{e.target.pk}/",
        key=lambda e: (
            f"liaison:visit:{e.target.pk}:returned:{int(e.target.updated_at.timestamp())}"
        ),
        when=lambda e: not e["approve"],
    ),
    rule(
        "liaison.send_compliance_reminders",
        _("a deputy behind on the liaison rules (monthly)"),
        Role.DEPUTY,
        _("You are behind on these liaison rules this year: %(rules)s."),
        params=lambda e: {"rules": e["rules"]},
        recipients=lambda e: accounts([e.target]),
        url=lambda e: "/work/liaison/compliance/",
        key=lambda e: f"liaison:behind:{e.target.pk}:{e['month']}",
        when=lambda e: "rules" in e.facts,
    ),
    rule(
        "liaison.send_compliance_reminders",
        _("committee staff (monthly summary of their area)"),
        Role.COMMITTEE,
        _("Liaison rules, %(month)s: %(n)d deputies in your area are behind."),
        params=lambda e: {"month": e["month"], "n": e["behind"]},
        recipients=lambda e: [e.target],
        url=lambda e: "/work/liaison/compliance/",
        key=lambda e: f"liaison:summary:{e.target.pk}:{e['month']}",
        when=lambda e: "behind" in e.facts,
    ),
]
