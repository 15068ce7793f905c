"""The demo makes two consultations once: one open, one closed with every comment disposed."""

from __future__ import annotations

from typing import Any

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.legislation.demo import texts
from lianxi.legislation.demo.generate import draft_text, generate, revised_text
from lianxi.legislation.drafts import parse
from lianxi.legislation.models import Comment, Consultation, ContactPoint, Stage


def test_demo_drafts_parse() -> None:
    assert len(parse(draft_text(texts.DOGS)).articles()) == 28
    assert len(parse(revised_text(texts.EBIKES)).articles()) == 15


def test_generate_once(world: World, client: Any) -> None:
    counts = generate(3)
    assert counts["征求意见"] == 2
    open_one = Consultation.objects.get(stage=Stage.OPEN)
    closed = Consultation.objects.get(stage=Stage.REPORTED)
    assert ContactPoint.objects.exists()
    assert not closed.comments.shown().filter(disposition="").exists()
    assert closed.versions.count() == 2
    assert open_one.comments.filter(source="contact_point").exists()
    assert Comment.objects.filter(source="deputy").exists()
    assert AuditEvent.objects.filter(action="demo.generate_legislation").count() == 1
    assert generate(3) == {}
    assert client.get(f"/legislation/{closed.pk}/feedback/").status_code == 200
    assert client.get(f"/legislation/{closed.pk}/compare/").status_code == 200
    assert client.get(f"/legislation/{open_one.pk}/").status_code == 200
