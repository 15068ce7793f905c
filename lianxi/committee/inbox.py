"""What needs a deputy now (the inbox) and what is on their calendar (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from lianxi.cases.models import Case
from lianxi.cases.workflow import OPEN_STATES
from lianxi.committee.models import (
    Activity,
    Course,
    Invitation,
    Notice,
    NoticeRead,
    TrainingSession,
)
from lianxi.committee.models.activities import ActivityStatus, InvitationStatus
from lianxi.committee.models.trainings import CourseStatus
from lianxi.committee.querysets import deputy_of
from lianxi.core.calendar import CalendarItem
from lianxi.legislation.calendar import deputy_items as consultation_items
from lianxi.liaison.calendar import deputy_items

CASE_HORIZON_DAYS = 7


@dataclass
class Inbox:
    notices: list[Notice]
    invitations: list[Invitation]
    sessions: list[TrainingSession]
    cases: list[Case]

    @property
    def total(self) -> int:
        return len(self.notices) + len(self.invitations) + len(self.sessions) + len(self.cases)


def deputy_courses(deputy: Any) -> Any:
    """Courses the deputy takes part in: required ones addressed to them, and enrolments."""
    from lianxi.committee.models.audience import audience_ids_for

    return Course.objects.filter(
        Q(required=True, status=CourseStatus.OPEN, audience_id__in=audience_ids_for(deputy))
        | Q(enrollments__deputy=deputy)
    ).distinct()


def inbox_for(user: Any) -> Inbox:
    deputy = deputy_of(user)
    if deputy is None:
        return Inbox([], [], [], [])
    now = timezone.now()
    confirmed = NoticeRead.objects.filter(deputy=deputy, confirmed_at__isnull=False).values(
        "notice_id"
    )
    notices = list(
        Notice.objects.for_deputy(deputy)
        .filter(must_confirm=True)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .exclude(pk__in=confirmed)
        .order_by("-published_at")[:20]
    )
    invitations = list(
        Invitation.objects.filter(
            deputy=deputy,
            status=InvitationStatus.INVITED,
            activity__status=ActivityStatus.OPEN,
            activity__starts_at__gt=now,
        )
        .select_related("activity")
        .order_by("activity__starts_at")[:20]
    )
    sessions = list(
        TrainingSession.objects.filter(
            course__in=deputy_courses(deputy),
            ends_at__gt=now,
            starts_at__lte=now + timedelta(days=30),
        )
        .exclude(attendance__deputy=deputy)
        .select_related("course")
        .order_by("starts_at")[:20]
    )
    cases = list(
        Case.objects.visible_to(user)
        .filter(
            status__in=OPEN_STATES,
            due_date__isnull=False,
            due_date__lte=timezone.localdate() + timedelta(days=CASE_HORIZON_DAYS),
        )
        .order_by("due_date", "pk")[:20]
    )
    return Inbox(notices, invitations, sessions, cases)


def calendar_items(deputy: Any, start: datetime, end: datetime) -> list[CalendarItem]:
    """Shifts (from the liaison app), training sessions and activities in [start, end)."""
    items: list[CalendarItem] = list(deputy_items(deputy.pk, start, end))
    items += consultation_items(deputy, start, end)
    for session in (
        TrainingSession.objects.filter(
            course__in=deputy_courses(deputy), starts_at__lt=end, ends_at__gt=start
        )
        .select_related("course")
        .order_by("starts_at")
    ):
        items.append(
            CalendarItem(
                uid=f"session-{session.pk}@lianxi",
                kind="session",
                title=f"{session.course.title} · {session.title}",
                start=session.starts_at,
                end=session.ends_at,
                place=session.place or session.online_link,
                url=f"/work/committee/trainings/{session.course_id}/",
                status="confirmed",
            )
        )
    for invitation in (
        Invitation.objects.filter(
            deputy=deputy,
            status__in=[InvitationStatus.INVITED, InvitationStatus.ACCEPTED],
            activity__starts_at__lt=end,
            activity__ends_at__gt=start,
        )
        .exclude(activity__status=ActivityStatus.DRAFT)
        .select_related("activity")
    ):
        activity: Activity = invitation.activity
        if activity.status == ActivityStatus.CANCELLED:
            status = "cancelled"
        elif invitation.status == InvitationStatus.ACCEPTED:
            status = "confirmed"
        else:
            status = "tentative"
        items.append(
            CalendarItem(
                uid=f"activity-{activity.pk}@lianxi",
                kind="activity",
                title=f"{activity.get_kind_display()} · {activity.title}",
                start=activity.starts_at,
                end=activity.ends_at,
                place=activity.place,
                url=f"/work/committee/activities/{activity.pk}/",
                status=status,
            )
        )
    items.sort(key=lambda item: (item.start, item.uid))
    return items


def ical(items: list[CalendarItem], name: str) -> bytes:
    """An iCalendar (RFC 5545) document of the items."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//lianxi//committee//ZH",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + _escape(name),
    ]
    stamp = _utc(timezone.now())
    for item in items:
        lines += [
            "BEGIN:VEVENT",
            "UID:" + item.uid,
            "DTSTAMP:" + stamp,
            "DTSTART:" + _utc(item.start),
            "DTEND:" + _utc(item.end),
            "SUMMARY:" + _escape(item.title),
        ]
        if item.place:
            lines.append("LOCATION:" + _escape(item.place))
        if item.status in {"confirmed", "tentative", "cancelled"}:
            lines.append("STATUS:" + item.status.upper())
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for ch in line:
        enc = ch.encode()
        if len(current) + len(enc) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += enc
    parts.append(current.decode())
    return "\r\n ".join(parts)
