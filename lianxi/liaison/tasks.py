"""Periodic jobs of the liaison app; each is idempotent (dedupe keys, sent markers)."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianxi.liaison import actions


@db_periodic_task(crontab(hour="8", minute="10"))
def rota_notices() -> None:
    """Deputies on duty and the station's subscribers hear of a shift N days ahead."""
    actions.send_rota_notices(None)


@db_periodic_task(crontab(hour="17", minute="0"))
def shift_reminders() -> None:
    """The day before: deputies on duty tomorrow are reminded."""
    actions.send_shift_reminders(None)


@db_periodic_task(crontab(minute="20"))
def booking_reminders() -> None:
    actions.send_booking_reminders(None)


# Monthly by default; LIAISON_REMINDER_DAY picks the day of the month.
@db_periodic_task(
    crontab(day=str(getattr(settings, "LIAISON_REMINDER_DAY", 1)), hour="9", minute="0")
)
def compliance_reminders() -> None:
    actions.send_compliance_reminders(None)
