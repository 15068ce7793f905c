"""Personal data of closed cases (quality.md test 19): anonymised after the period, with exact
counts, audited; open and recent cases untouched; a second run changes nothing."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from freezegun import freeze_time

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases.models import Attachment, Case, CaseEvent
from lianxi.retention import actions
from lianxi.retention.anonymise import scrub
from lianxi.retention.models import AnonymisedCase

DAY = datetime.fromisoformat("2022-03-01T10:00:00+08:00")
LATER = DAY + timedelta(days=3 * 365 + 30)


def _close(case: Case, at: datetime, status: str = "closed") -> None:
    Case.objects.filter(pk=case.pk).update(status=status, closed_at=at)


def _old_cases(world: World, submit: Any) -> tuple[Case, Case, Case]:
    with freeze_time(DAY):
        old = submit(
            world["citizen"],
            contact_name="张三丰",
            address="青石社区3栋2单元",
            content="张三丰反映：电梯坏了，电话13612345678，身份证110101199003071234。",
        )
        recent = submit(world["citizen"])
        still_open = submit(world["citizen"])
    _close(old, DAY + timedelta(days=5))
    _close(recent, LATER - timedelta(days=30))
    CaseEvent.objects.create(case=old, at=DAY, step="note", text="联系张三丰 13612345678")
    return old, recent, still_open


def test_closed_cases_past_the_period_are_anonymised(
    world: World, submit: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    old, recent, still_open = _old_cases(world, submit)
    with override_settings(MEDIA_ROOT=tmp_path):
        attachment = Attachment(
            case=old, original_name="photo.jpg", content_type="image/jpeg", size=3, sha256="x"
        )
        attachment.file.save("photo.jpg", ContentFile(b"abc"), save=False)
        attachment.save()
        stored = Path(attachment.file.path)
        with freeze_time(LATER), django_capture_on_commit_callbacks(execute=True):
            counts = actions.anonymise_closed(None)
    assert (counts.cases, counts.attachments) == (1, 1)
    assert counts.texts == 2  # the content and the timeline note
    assert not stored.exists()
    old.refresh_from_db()
    assert (old.contact_name, old.contact_phone, old.address, old.citizen_id) == ("", "", "", None)
    assert "13612345678" not in old.content and "110101199003071234" not in old.content
    assert "张三丰" not in old.content and "某某反映" in old.content
    assert "13612345678" not in CaseEvent.objects.get(case=old, step="note").text
    for case in (recent, still_open):
        case.refresh_from_db()
        assert case.contact_phone and case.citizen_id
    event = AuditEvent.objects.get(action="retention.anonymise_closed")
    assert event.data["cases"] == 1 and event.data["attachments"] == 1
    assert AnonymisedCase.objects.get(case=old).reason == "period"

    # Nothing left to do: the second run changes and counts nothing.
    with freeze_time(LATER):
        again = actions.anonymise_closed(None)
    assert (again.cases, again.texts, again.attachments) == (0, 0, 0)


def test_declined_and_merged_cases_count_as_closed(world: World, submit: Any) -> None:
    with freeze_time(DAY):
        declined, merged = submit(), submit()
    _close(declined, DAY, "declined")
    _close(merged, DAY, "merged")
    out = io.StringIO()
    with freeze_time(LATER):
        call_command("anonymise_closed", stdout=out)
    assert "2 cases anonymised" in out.getvalue()


def test_the_period_is_a_setting(world: World, submit: Any) -> None:
    _old_cases(world, submit)
    with override_settings(PERSONAL_DATA_RETENTION_DAYS=10 * 365), freeze_time(LATER):
        assert actions.anonymise_closed(None).cases == 0


def test_scrub_removes_numbers_and_names() -> None:
    text = "王五电话13812345678，身份证11010119900307123X，王五住3栋"
    assert scrub(text, ["王五"]) == "某某电话***，身份证***，某某住3栋"


def test_the_nightly_job_works_through_every_batch(
    world: World, submit: Any, monkeypatch: Any
) -> None:
    from lianxi.retention import tasks

    with freeze_time(DAY):
        cases = [submit() for _ in range(3)]
    for case in cases:
        _close(case, DAY)
    monkeypatch.setattr(actions, "BATCH", 2)
    with freeze_time(LATER):
        assert tasks.anonymise_old_cases() == 3
    runs = AuditEvent.objects.filter(action="retention.anonymise_closed")
    assert sorted(e.data["cases"] for e in runs) == [1, 2]
