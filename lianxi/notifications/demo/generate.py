"""The demo's day of reminders: run the periodic jobs that tell people things over the demo
data, as the worker would on the morning the demo starts: deadline reminders and escalations
(督办), rota notices and the day before, booking reminders, the monthly liaison rules,
must-read notices, training sessions and invitations. A deputy of the demo station also asks
to swap a duty, so its staff have something waiting. Every demo role then has unread
notifications, and some cases are escalated.

Messages leaving the platform are marked sent ("demo data: not delivered") before commit, so
starting the demo does not flood the console transport."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lianxi.audit.log import log
from lianxi.core.errors import ActionError
from lianxi.notifications.models import Channel, OutboxMessage, Status

NOT_DELIVERED = "demo data: not delivered"


def _ask_for_a_swap() -> int:
    """A deputy of the demo station asks to hand over a coming duty (its staff are told)."""
    from lianxi.accounts.models import User
    from lianxi.liaison import actions
    from lianxi.liaison.choices import Attendance, ShiftStatus
    from lianxi.liaison.models import Duty

    staff = User.objects.filter(username="station").first()
    station = staff.stations.first() if staff is not None else None
    if station is None:
        return 0
    duty = (
        Duty.objects.filter(
            shift__station=station,
            shift__status=ShiftStatus.SCHEDULED,
            shift__starts_at__gt=timezone.now() + timedelta(days=1),
            deputy__user__isnull=False,
            attendance=Attendance.PENDING,
        )
        .select_related("deputy__user", "shift")
        .order_by("shift__starts_at")
        .first()
    )
    if duty is None:
        return 0
    try:
        actions.request_change(
            duty.deputy.user, duty=duty, kind="cancel", reason="当天需参加市人大专题调研"
        )
    except ActionError:
        return 0
    return 1


def run_jobs() -> dict[str, int]:
    from lianxi.cases import tasks as cases
    from lianxi.committee import tasks as committee
    from lianxi.liaison import actions as liaison

    return {
        "期限提醒": cases.remind_due_soon() + cases.remind_overdue_cases(),
        "督办": cases.escalate_overdue(),
        "值班提醒": liaison.send_rota_notices(None) + liaison.send_shift_reminders(None),
        "预约提醒": liaison.send_booking_reminders(None),
        "联系群众要求提醒": liaison.send_compliance_reminders(None),
        "通知、培训与活动提醒": committee.remind_unread()
        + committee.remind_invitations()
        + committee.remind_sessions(),
        "调班申请": _ask_for_a_swap(),
    }


def generate(seed: int, *, progress: bool = False) -> dict[str, Any]:
    with transaction.atomic():
        first = OutboxMessage.objects.aggregate(m=Max("id"))["m"] or 0
        counts = run_jobs()
        OutboxMessage.objects.filter(id__gt=first, status=Status.PENDING).exclude(
            channel=Channel.INAPP
        ).update(status=Status.SENT, sent_at=timezone.now(), last_error=NOT_DELIVERED)
        log(None, "demo.generate_reminders", None, counts)
    return counts
