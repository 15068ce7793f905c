"""Audit retention (quality.md test 19): events past the period leave the database for a
compressed file, the hash chain verifies across the cut, a changed file or a removed event is
found, and a setting under 180 days is refused."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from freezegun import freeze_time

from conftest import World
from lianxi.audit.log import log, verify_chain
from lianxi.audit.models import AuditEvent
from lianxi.retention import actions, archive
from lianxi.retention.models import AuditArchive

OLD = datetime.fromisoformat("2025-01-10T10:00:00+08:00")
LATER = OLD + timedelta(days=400)


@pytest.fixture
def archive_dir(tmp_path: Path) -> Any:
    with override_settings(AUDIT_ARCHIVE_DIR=tmp_path / "audit", AUDIT_RETENTION_DAYS=365):
        yield tmp_path / "audit"


@pytest.fixture
def closed_gate(db: Any) -> None:
    """As in production: deleting audit events needs the archive's own gate."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_maintenance")


def _history(world: World) -> None:
    with freeze_time(OLD):
        for i in range(5):
            log(world["admin"], "test.old", None, {"i": i})
    with freeze_time(LATER - timedelta(days=10)):
        for i in range(3):
            log(world["admin"], "test.recent", None, {"i": i})


def test_archive_moves_old_events_and_the_chain_verifies_across_the_cut(
    world: World, archive_dir: Path, closed_gate: None
) -> None:
    _history(world)
    before = AuditEvent.objects.count()
    old = AuditEvent.objects.filter(at__lt=LATER - timedelta(days=365)).count()
    with freeze_time(LATER):
        record = actions.archive_audit(world["admin"])
    assert record is not None and record.events == old
    assert AuditEvent.objects.count() == before - old + 1  # + the archiving's own event
    assert not AuditEvent.objects.filter(action="test.old").exists()
    lines = [json.loads(x) for x in gzip.open(archive_dir / record.file_name).read().splitlines()]
    assert [x["action"] for x in lines].count("test.old") == 5
    assert lines[-1]["hash"] == record.last_hash
    # The database's chain starts from the last archived hash, not from the beginning.
    assert verify_chain() == (False, AuditEvent.objects.order_by("id").first().pk)
    assert verify_chain(start=record.last_hash) == (True, None)
    verdict = archive.verify()
    assert verdict.ok and verdict.archived == old and verdict.in_database == before - old + 1
    done = AuditEvent.objects.get(action="retention.archive_audit")
    assert done.data["events"] == old and done.data["last_hash"] == record.last_hash

    # A second cut later chains on from the first file.
    with freeze_time(LATER + timedelta(days=400)):
        log(world["admin"], "test.after", None)
        second = actions.archive_audit(None)
    assert second is not None and second.start_hash == record.last_hash
    assert archive.verify().ok
    out = __import__("io").StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()


def test_a_changed_archive_or_a_missing_event_is_found(
    world: World, archive_dir: Path, closed_gate: None
) -> None:
    _history(world)
    with freeze_time(LATER):
        record = actions.archive_audit(None)
    assert record is not None
    path = archive_dir / record.file_name
    body = gzip.open(path).read().replace(b'"i": 2', b'"i": 9')
    path.write_bytes(gzip.compress(body))
    verdict = archive.verify()
    assert not verdict.ok and "changed" in verdict.problem
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit")
    # With the file's checksum matching the forgery, the chain itself catches it.
    AuditArchive.objects.filter(pk=record.pk).update(sha256=archive._sha256(path))
    assert "broken" in archive.verify().problem


def test_nothing_to_archive_inside_the_period(world: World, archive_dir: Path) -> None:
    with freeze_time(LATER):
        log(world["admin"], "test.new", None)
        assert actions.archive_audit(None) is None
    assert AuditEvent.objects.filter(action="test.new").exists()
    assert not AuditArchive.objects.exists()


def test_the_newest_event_always_stays(world: World, archive_dir: Path) -> None:
    with freeze_time(OLD):
        for i in range(3):
            log(world["admin"], "test.old", None, {"i": i})
    # Every event is past the period (the world's too, whatever today is).
    far = max(AuditEvent.objects.values_list("at", flat=True)) + timedelta(days=400)
    newest = AuditEvent.objects.order_by("-id").first()
    with freeze_time(far):
        record = actions.archive_audit(None)
    assert record is not None and record.last_id < newest.pk
    # The newest event stayed, so the archiving's own event chains on from it.
    assert AuditEvent.objects.order_by("id").first() == newest
    assert archive.verify().ok


def test_only_administrators_archive_by_hand(world: World, archive_dir: Path) -> None:
    from lianxi.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        actions.archive_audit(world["committee"])
    refused = AuditEvent.objects.get(action="retention.archive_audit")
    assert refused.outcome == "denied"


def test_a_retention_under_180_days_is_refused(db: Any) -> None:
    with override_settings(AUDIT_RETENTION_DAYS=179):
        errors = [e.id for e in run_checks()]
    assert "retention.E001" in errors
    with override_settings(AUDIT_RETENTION_DAYS=180):
        assert "retention.E001" not in [e.id for e in run_checks()]
