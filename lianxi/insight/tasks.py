"""Background jobs of the insight app. Bodies are plain functions the tests call; each is
safe to run twice (a retrain with unchanged data does nothing)."""

from __future__ import annotations

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lianxi.accounts.models import User
from lianxi.core.events import Announcement, subscribe
from lianxi.insight import actions


def retrain_routing() -> int | None:
    """Retrain from the platform's history if it changed; the new version, or None."""
    row = actions.retrain_if_changed(None)
    return row.version if row else None


@db_periodic_task(crontab(hour="2", minute="40"))
def nightly_retrain() -> None:
    retrain_routing()


@db_task()
def retrain_now(actor_id: int) -> None:
    """On demand (button or API): as the person who asked, even if nothing changed."""
    actor = User.objects.filter(pk=actor_id, is_active=True).first()
    if actor is not None:
        actions.retrain_if_changed(actor, force=True)


@subscribe("insight.request_retrain")
def queue_retrain(event: Announcement) -> None:
    actor_id = event.actor.pk
    transaction.on_commit(lambda: retrain_now(actor_id))
