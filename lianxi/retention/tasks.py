"""Nightly retention jobs: archive audit events past their period, then anonymise closed cases
past theirs (in batches, each its own transaction, until none is left)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianxi.retention import actions


def archive_old_audit() -> int:
    record = actions.archive_audit(None)
    return record.events if record is not None else 0


def anonymise_old_cases() -> int:
    return actions.anonymise_all(None).cases


@db_periodic_task(crontab(hour="3", minute="20"))
def retention_archive_job() -> None:
    archive_old_audit()


@db_periodic_task(crontab(hour="3", minute="40"))
def retention_anonymise_job() -> None:
    anonymise_old_cases()
