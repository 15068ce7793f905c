"""The demo generator fills a year of committee work once, quickly, with one audit event."""

from __future__ import annotations

import time
from typing import Any

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.committee.demo.generate import generate
from lianxi.committee.inbox import inbox_for
from lianxi.committee.models import Activity, Course, Invitation, Notice, NoticeRead


def test_generate_once(world: World, people: Any) -> None:
    started = time.monotonic()
    counts = generate(7)
    assert time.monotonic() - started < 30
    assert counts["通报与工作动态"] == Notice.objects.count() == 40
    assert counts["联系代表活动"] == Activity.objects.count() == 64
    assert Course.objects.count() == 6
    assert Invitation.objects.exists() and NoticeRead.objects.exists()
    kinds = set(Activity.objects.values_list("kind", flat=True))
    assert kinds == {"symposium", "legislative", "inspection", "enforcement", "inquiry", "group"}
    assert Notice.objects.filter(status="scheduled").count() == 2
    assert AuditEvent.objects.filter(action="demo.generate_committee").count() == 1
    assert generate(7) == {}
    # a real read of it: the deputies' side works on generated rows
    inbox_for(world["deputy_a"])
