"""Own entries: the deputy adds one with an attachment, staff of the jurisdiction approve or
reject it with a reason, each side is told, and an approved entry moves the score."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
import time_machine

from conftest import World
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage
from lianxi.performance import actions
from lianxi.performance.models import Line, ManualEntry, Record

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel("2026-06-01 10:00 +08:00", tick=False):
        yield


def entry_data(**extra: Any) -> actions.EntryData:
    return actions.EntryData(
        kind=extra.pop("kind", "manual_session"),
        title=extra.pop("title", "出席市人民代表大会第三次会议"),
        day=extra.pop("day", date(2026, 1, 15)),
        description=extra.pop("description", "全程出席大会。"),
    )


def submit(world: World, **extra: Any) -> ManualEntry:
    return actions.submit_entry(
        world["deputy_a"], year=2026, data=entry_data(**extra), file=("出席证.png", PNG)
    )


def inbox(user: Any) -> list[str]:
    return list(
        OutboxMessage.objects.filter(user=user, channel="inapp").values_list("body", flat=True)
    )


def test_approve_tells_both_and_moves_the_score(world: World, commit: Any) -> None:
    with commit():
        actions.save_scheme(
            world["committee"],
            year=2026,
            data=actions.SchemeData(items=[actions.ItemData("manual_session", 5, None)], base=50),
        )
    entry = submit(world)
    record = Record.objects.get(deputy=world.deputy_a, year=2026)
    assert record.score == D("50.00") and entry.status == "pending"
    assert any("李明华" in body for body in inbox(world["committee"]))
    assert any("李明华" in body for body in inbox(world["committee_d1"]))
    with pytest.raises(NotAllowed):
        actions.approve_entry(world["deputy_a"], entry=entry)
    actions.approve_entry(world["committee_d1"], entry=entry)
    record.refresh_from_db()
    assert record.score == D("55.00")
    line = Line.objects.get(record=record)
    assert line.kind == "manual_session" and line.url.endswith(f"#entry-{entry.pk}")
    assert [b for b in inbox(world["deputy_a"]) if "出席市人民代表大会第三次会议" in b]
    with pytest.raises(IllegalTransition):
        actions.reject_entry(world["committee"], entry=entry, reason="重复")


def test_reject_needs_a_reason_and_tells_the_deputy(world: World) -> None:
    entry = submit(world)
    with pytest.raises(InvalidInput) as bad:
        actions.reject_entry(world["committee"], entry=entry, reason=" ")
    assert bad.value.field == "reason"
    actions.reject_entry(world["committee"], entry=entry, reason="附件看不清")
    assert Line.objects.count() == 0
    assert any("附件看不清" in body for body in inbox(world["deputy_a"]))


def test_staff_of_another_district_cannot_review(world: World) -> None:
    entry = actions.submit_entry(
        world["deputy_b"], year=2026, data=entry_data(), file=("出席证.png", PNG)
    )
    with pytest.raises(NotAllowed):
        actions.approve_entry(world["committee_d1"], entry=entry)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "visit"}, "kind"),
        ({"title": "x"}, "title"),
        ({"day": date(2025, 12, 31)}, "day"),
        ({"day": date(2026, 7, 1)}, "day"),
    ],
)
def test_entries_are_checked_naming_the_field(world: World, extra: Any, field: str) -> None:
    with pytest.raises(InvalidInput) as bad:
        submit(world, **extra)
    assert bad.value.field == field


def test_the_attachment_is_required_and_checked(world: World) -> None:
    with pytest.raises(InvalidInput) as missing:
        actions.submit_entry(world["deputy_a"], year=2026, data=entry_data(), file=None)
    assert missing.value.field == "attachment"
    with pytest.raises(InvalidInput) as bad:
        actions.submit_entry(
            world["deputy_a"], year=2026, data=entry_data(), file=("a.exe", b"MZ" + b"\0" * 30)
        )
    assert bad.value.field == "attachment"
    with pytest.raises(NotAllowed):
        actions.submit_entry(world["committee"], year=2026, data=entry_data(), file=None)
