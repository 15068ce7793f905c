"""The table of who is told what: for each action, the recipients (a relationship to the
object the action touched), the wording and the link. `lianxi/notifications/subscribers.py`
subscribes the table to the actions; docs/notifications.md shows it (a test keeps it so).

Each app's rules live in a module of this package; TABLE is all of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lianxi.core.events import Announcement


def always(event: Announcement) -> bool:
    return True


@dataclass(frozen=True)
class Rule:
    action: str
    who: Any  # lazy label for the docs: "the case's deputy"
    role: str  # the recipients' role, for the docs' default channels
    family: str
    template: Any  # lazy msgid with %(name)s placeholders filled by `params`
    params: Callable[[Announcement], dict[str, Any]]
    recipients: Callable[[Announcement], Iterable[Any]]
    url: Callable[[Announcement], str]
    key: Callable[[Announcement], str]
    when: Callable[[Announcement], bool] = always
    # Sign-in codes: SMS only, at once, whatever the quiet hours or the committee's switches.
    urgent: bool = False
    channels: tuple[str, ...] | None = None

    def text(self, event: Announcement) -> str:
        return str(self.template) % self.params(event)


def table() -> list[Rule]:
    from lianxi.notifications.rules import (
        accounts,
        cases,
        committee,
        follows,
        holes,
        legislation,
        liaison,
        performance,
        performance_accountability,
        polls,
        proposals,
        publicity,
        retention,
    )

    return [
        *accounts.RULES,
        *cases.RULES,
        *holes.RULES,
        *follows.RULES,
        *liaison.RULES,
        *committee.RULES,
        *retention.RULES,
        *legislation.RULES,
        *proposals.RULES,
        *publicity.RULES,
        *polls.RULES,
        *performance.RULES,
        *performance_accountability.RULES,
    ]
