"""Scheduled work of consultations."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianxi.legislation import actions
from lianxi.legislation.models import Consultation, Stage


def close_ended_consultations() -> int:
    """Close every open consultation whose last day has passed; the number closed."""
    ended = Consultation.objects.filter(stage=Stage.OPEN, closes_on__lt=timezone.localdate())
    return sum(
        actions.close_ended(None, consultation) is not None for consultation in ended.order_by("pk")
    )


@db_periodic_task(crontab(minute="5"))  # hourly: closes within the hour after midnight
def close_ended_task() -> int:
    return close_ended_consultations()
