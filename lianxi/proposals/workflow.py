"""The state machine of a suggestion or bill (drawn in docs/proposals.md)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lianxi.core.errors import IllegalTransition
from lianxi.proposals.choices import Status as S

# step → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({S.DRAFT}), S.DRAFT),
    "invite": (frozenset({S.DRAFT}), S.DRAFT),
    "file": (frozenset({S.DRAFT}), S.FILED),
    "accept": (frozenset({S.FILED}), S.ACCEPTED),
    "convert": (frozenset({S.FILED}), S.ACCEPTED),
    "decline": (frozenset({S.FILED}), S.DECLINED),
    "assign": (frozenset({S.ACCEPTED}), S.ASSIGNED),
    "ask_return": (frozenset({S.ASSIGNED}), S.RETURN_ASKED),
    "grant_return": (frozenset({S.RETURN_ASKED}), S.ACCEPTED),
    "refuse_return": (frozenset({S.RETURN_ASKED}), S.ASSIGNED),
    "contact": (frozenset({S.ASSIGNED}), S.ASSIGNED),
    "reply": (frozenset({S.ASSIGNED}), S.REPLIED),
    "rate": (frozenset({S.REPLIED}), S.CLOSED),
    "rehandle": (frozenset({S.REPLIED}), S.ASSIGNED),
}

OPEN_STATES = frozenset({S.FILED, S.ACCEPTED, S.ASSIGNED, S.RETURN_ASKED, S.REPLIED})


def target(step: str, current: str) -> str:
    sources, to = TRANSITIONS[step]
    if current not in sources:
        raise IllegalTransition(
            _("This step is not possible while the item is “%(status)s”.")
            % {"status": S(current).label}
        )
    return to
