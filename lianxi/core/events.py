"""Actions announce what they did; the apps that react subscribe to action names
(architecture.md rule 11).

An action calls `announce("cases.accept", case, actor, step="accepted", ...)` once it has done
its work; every subscriber of that name runs at once, inside the action's transaction, so what
it writes commits or rolls back with the action. Slow work goes to a task after commit
(`transaction.on_commit`). Subscribers register when their app starts (`AppConfig.ready`
imports the app's `subscribers` module), so the acting app never imports the reacting one.

These are domain events named by actions, not `post_save` signals: they carry the facts the
action knows (who, which object, what changed), and nothing happens on a bare `save()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction


@dataclass(frozen=True)
class Announcement:
    """What an action did: its name, the object it acted on, who acted, and a few facts."""

    action: str
    target: Any
    actor: Any = None
    facts: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.facts[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.facts.get(key, default)


Subscriber = Callable[[Announcement], None]

_SUBSCRIBERS: dict[str, list[Subscriber]] = {}


def subscribe(*actions: str) -> Callable[[Subscriber], Subscriber]:
    """Decorator: run the function for each announcement of these action names."""

    def register(func: Subscriber) -> Subscriber:
        for name in actions:
            handlers = _SUBSCRIBERS.setdefault(name, [])
            if func not in handlers:
                handlers.append(func)
        return func

    return register


def announce(action: str, target: Any, actor: Any = None, **facts: Any) -> None:
    """Tell the subscribers of `action`. Must run inside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"announce({action!r}) outside a transaction: call it from the action")
    announcement = Announcement(action, target, actor, facts)
    for handler in _SUBSCRIBERS.get(action, ()):
        handler(announcement)


def subscriptions() -> dict[str, list[str]]:
    """Action name → the subscribers' dotted names, for docs and the test that lists them."""
    return {
        name: [f"{h.__module__}.{h.__qualname__}" for h in handlers]
        for name, handlers in sorted(_SUBSCRIBERS.items())
        if handlers
    }
