"""The demo makes six published stories with drawn photos and last year's final report, once."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.publicity.demo import draw
from lianxi.publicity.demo.generate import generate
from lianxi.publicity.models import AnnualReport, Story, StoryStatus
from lianxi.publicity.tests.conftest import resolved_case

pytestmark = pytest.mark.django_db


def test_drawings_differ_before_and_after() -> None:
    for theme in ("lift", "lamp", "road", "bins", "park", "bus"):
        before, after = draw.scene(theme, "before", 1), draw.scene(theme, "after", 1)
        assert before.startswith(b"\xff\xd8") and before != after
        assert b"DemoPhone" in before  # the EXIF a phone would write (stripped on upload)


def test_generate_once(world: World, submit: Any, client: Any) -> None:
    from lianxi.accounts.models import User

    User.objects.filter(username="committee").update(jurisdiction=world.city)
    case = resolved_case(world, submit)
    counts = generate(3)
    assert counts["履职成果"] == 6 and counts["年度报告"] == 1
    stories = Story.objects.all()
    assert all(s.status == StoryStatus.PUBLISHED and s.photos.count() == 2 for s in stories)
    assert stories.filter(cases=case).count() == 1
    for photo in stories.first().photos.all():  # type: ignore[union-attr]
        with photo.file.open("rb") as handle:
            assert b"DemoPhone" not in handle.read()
    report = AnnualReport.objects.get()
    assert report.status == "final" and report.year == 2025 and report.pdf
    assert AuditEvent.objects.filter(action="demo.generate_publicity").count() == 1
    assert generate(3) == {}
    assert client.get("/stories/").status_code == 200
    assert "老旧小区电梯停运两周" in client.get("/").content.decode()
