"""Periodic jobs of the committee app. Each job body is a plain function (the tests call
them); jobs take ids, call actions, and are safe to run twice (reminders are sent once)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianxi.committee import actions
from lianxi.committee.actions.notices import REMIND_AFTER
from lianxi.committee.models import Invitation, Notice, TrainingSession
from lianxi.committee.models.activities import ActivityStatus, InvitationStatus
from lianxi.committee.models.notices import NoticeStatus

BATCH = 2000
INVITATION_HORIZON = timedelta(days=3)
SESSION_HORIZON = timedelta(days=1)


def publish_due() -> int:
    ids = Notice.objects.filter(
        status=NoticeStatus.SCHEDULED, publish_at__lte=timezone.now()
    ).values_list("pk", flat=True)[:BATCH]
    return sum(actions.publish_scheduled(None, notice_id=pk) for pk in list(ids))


def remind_unread() -> int:
    """Must-read notices published more than two days ago: remind non-readers once."""
    cutoff = timezone.now() - REMIND_AFTER
    ids = list(
        Notice.objects.open()
        .filter(must_confirm=True, published_at__lte=cutoff)
        .values_list("pk", flat=True)[:BATCH]
    )
    total = 0
    for pk in ids:
        # cheap skip: everyone reminded or confirmed → the action finds nobody
        total += actions.remind_readers(None, notice_id=pk)
    return total


def remind_invitations() -> int:
    now = timezone.now()
    ids = list(
        Invitation.objects.filter(
            reminded_at__isnull=True,
            status__in=[InvitationStatus.INVITED, InvitationStatus.ACCEPTED],
            activity__status=ActivityStatus.OPEN,
            activity__starts_at__gt=now,
            activity__starts_at__lte=now + INVITATION_HORIZON,
        ).values_list("pk", flat=True)[:BATCH]
    )
    return sum(actions.remind_invitation(None, invitation_id=pk) for pk in ids)


def remind_sessions() -> int:
    now = timezone.now()
    ids = list(
        TrainingSession.objects.filter(
            reminded_at__isnull=True, starts_at__gt=now, starts_at__lte=now + SESSION_HORIZON
        ).values_list("pk", flat=True)[:BATCH]
    )
    return sum(bool(actions.remind_session(None, session_id=pk)) for pk in ids)


@db_periodic_task(crontab(minute="*/5"))
def committee_publish_due() -> int:
    return publish_due()


@db_periodic_task(crontab(minute="15", hour="*"))
def committee_reminders() -> int:
    return remind_unread() + remind_invitations() + remind_sessions()
