"""Actions announce, readers subscribe (core/events.py): every subscription names a real
action, the table in docs/architecture.md is the one in the code, and a subscriber's writes
commit or roll back with the action."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from conftest import World
from lianxi.core import events
from lianxi.core.actions import REGISTRY

DOC = Path(__file__).resolve().parents[3] / "docs" / "architecture.md"
PACKAGE = DOC.parents[1] / "lianxi"


def load_every_action() -> None:
    """Import each module that defines actions, so REGISTRY holds every action name."""
    for path in PACKAGE.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts) or "@action(" not in path.read_text():
            continue
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        importlib.import_module(".".join(rel.parts).removesuffix(".__init__"))


def table() -> str:
    rows = ["| action | subscribers |", "|---|---|"]
    for name, handlers in events.subscriptions().items():
        short = ", ".join(f"`{h.removeprefix('lianxi.')}`" for h in handlers)
        rows.append(f"| `{name}` | {short} |")
    return "\n".join(rows)


def test_every_subscription_names_an_action() -> None:
    load_every_action()
    subscribed = events.subscriptions()
    assert len(subscribed) >= 20  # the apps' subscribers really registered at start
    unknown = sorted(set(subscribed) - set(REGISTRY))
    assert not unknown, f"subscribed to names no action has: {unknown}"


def test_the_subscriber_table_in_the_docs_is_current() -> None:
    expected = table()
    assert expected in DOC.read_text(encoding="utf-8"), (
        "docs/architecture.md's subscriber table is out of date; paste:\n" + expected
    )


def test_announce_needs_the_action_transaction() -> None:
    with pytest.raises(RuntimeError):
        events.announce("cases.note", None)


@pytest.mark.django_db(transaction=True)
def test_subscribers_writes_roll_back_with_the_action(world: World) -> None:
    from lianxi.search.models import Document
    from lianxi.search.subscribers import index_new_case

    seen: list[str] = []

    @events.subscribe("cases.note")
    def fail_after_write(event: events.Announcement) -> None:
        seen.append(event.action)
        raise RuntimeError("subscriber failed")

    try:
        from lianxi.cases.actions import Intake, add_note, submit_case

        submitted = submit_case(
            None,
            data=Intake(
                kind="opinion",
                title="路灯不亮",
                content="小区门口的路灯坏了很久，晚上出行不安全。",
                channel="online",
                community=world.community1,
            ),
        )
        assert Document.objects.filter(kind="case", object_id=submitted.case.pk).exists()
        with pytest.raises(RuntimeError):
            add_note(world["committee"], case=submitted.case, text="跟进一下")
        assert seen == ["cases.note"]
        assert not submitted.case.events.filter(step="note").exists()  # rolled back
    finally:
        events._SUBSCRIBERS["cases.note"].remove(fail_after_write)
    assert index_new_case in events._SUBSCRIBERS["cases.submit"]


def test_subscribe_twice_registers_once() -> None:
    def handler(event: events.Announcement) -> None: ...

    events.subscribe("cases.note")(handler)
    events.subscribe("cases.note")(handler)
    try:
        assert events._SUBSCRIBERS["cases.note"].count(handler) == 1
    finally:
        events._SUBSCRIBERS["cases.note"].remove(handler)
