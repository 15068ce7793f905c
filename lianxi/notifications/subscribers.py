"""The notifications app subscribes the table of lianxi/notifications/rules to the actions it
names: each announcement tells exactly the rules' recipients, inside the action's
transaction (so a rolled-back step tells no one)."""

from __future__ import annotations

from lianxi.core.events import Announcement, subscribe
from lianxi.notifications.rules import Rule, table
from lianxi.notifications.send import notify

BY_ACTION: dict[str, list[Rule]] = {}


def tell(event: Announcement) -> None:
    for rule in BY_ACTION.get(event.action, ()):
        if not rule.when(event):
            continue
        people = list(rule.recipients(event))
        if people:
            notify(
                people,
                kind=event.action,
                family=rule.family,
                text=rule.text(event),
                key=rule.key(event),
                url=rule.url(event),
                urgent=rule.urgent,
                channels=rule.channels,
            )


def register() -> None:
    for rule in table():
        BY_ACTION.setdefault(rule.action, []).append(rule)
    subscribe(*BY_ACTION)(tell)
