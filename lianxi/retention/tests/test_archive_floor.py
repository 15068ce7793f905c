"""quality.md row 19, first half: the archive job run with a retention under 180 days is
refused (audited as failed, nothing archived); the real schedule then archives exactly the old events."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from freezegun import freeze_time

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.core.errors import IllegalTransition
from lianxi.retention import tasks
from lianxi.retention.models import AuditArchive
from lianxi.retention.tests.test_archive import (  # noqa: F401 (fixtures)
    LATER,
    _history,
    archive_dir,
    closed_gate,
)


def test_the_job_refuses_under_180_days_then_runs_on_schedule(
    world: World,
    archive_dir: Any,  # noqa: F811
    closed_gate: None,  # noqa: F811
) -> None:
    _history(world)
    with freeze_time(LATER), override_settings(AUDIT_RETENTION_DAYS=179):
        with pytest.raises(IllegalTransition, match="180"):
            tasks.archive_old_audit()
    assert not AuditArchive.objects.exists()
    assert AuditEvent.objects.filter(action="test.old").count() == 5
    refusal = AuditEvent.objects.get(action="retention.archive_audit")
    assert refusal.outcome == "failed"  # an illegal step, recorded as refused
    with freeze_time(LATER):  # the fixture's 365 days
        assert tasks.archive_old_audit() == 5
    assert AuditEvent.objects.filter(action="test.old").count() == 0
    assert AuditArchive.objects.get().events == 5
