"""Jobs of polls: the results are counted again as answers arrive (house rule 6: pages read
the stored counts), ended polls close every hour, and a sweep recounts any poll left stale."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lianxi.core.events import Announcement, subscribe
from lianxi.polls import actions
from lianxi.polls.models import Poll


def refresh_if_stale(poll_id: int) -> bool:
    """Count the poll's responses again if any arrived since the last count (idempotent: a
    burst of answers queues many jobs, the first brings the counts up to date, the others
    find nothing to do)."""
    if not actions.results_stale(poll_id):
        return False
    poll = Poll.objects.filter(pk=poll_id).first()
    if poll is None:
        return False
    actions.refresh_results(None, poll)
    return True


@db_task()
def refresh_results_task(poll_id: int) -> bool:
    return refresh_if_stale(poll_id)


@subscribe("polls.answer", "polls.import_paper", "polls.close", "polls.close_ended")
def queue_refresh(event: Announcement) -> None:
    poll_id = event.target.pk
    transaction.on_commit(lambda: refresh_results_task(poll_id))


def close_ended_polls() -> int:
    ended = Poll.objects.filter(status="open", closes_on__lt=timezone.localdate())
    return sum(actions.close_ended(None, poll) is not None for poll in ended.order_by("pk"))


@db_periodic_task(crontab(minute="7"))  # hourly: closes within the hour after midnight
def close_ended_task() -> int:
    return close_ended_polls()


def sweep_stale() -> int:
    """Open (and lately closed) polls whose counts lag behind: a job lost with a worker."""
    recent = timezone.now() - timedelta(days=7)
    polls = Poll.objects.filter(
        Q(status="open") | Q(status="closed", closed_at__gte=recent)
    ).values_list("pk", flat=True)
    return sum(refresh_if_stale(pk) for pk in polls)


@db_periodic_task(crontab(minute="*/10"))
def sweep_stale_task() -> int:
    return sweep_stale()
