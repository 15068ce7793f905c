"""The state machine of a suggestion or bill (drawn in docs/proposals.md)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lianxi.core.errors import IllegalTransition
from lianxi.proposals.choices import Status as S

# step → (states it may start from, state it leads to)
# (None: the step keeps the state it starts from)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "edit": (frozenset({S.DRAFT}), S.DRAFT),
    "invite": (frozenset({S.DRAFT}), S.DRAFT),
    "file": (frozenset({S.DRAFT}), S.FILED),
    "accept": (frozenset({S.FILED}), S.ACCEPTED),
    "convert": (frozenset({S.FILED}), S.ACCEPTED),
    "decline": (frozenset({S.FILED}), S.DECLINED),
    "merge": (frozenset({S.FILED}), S.MERGED),
    "unmerge": (frozenset({S.MERGED}), S.FILED),
    "correct": (frozenset({S.FILED, S.ACCEPTED, S.ASSIGNED, S.RETURN_ASKED}), None),
    "draft_reply": (frozenset({S.ASSIGNED}), S.ASSIGNED),
    "assign": (frozenset({S.ACCEPTED}), S.ASSIGNED),
    "ask_return": (frozenset({S.ASSIGNED}), S.RETURN_ASKED),
    "grant_return": (frozenset({S.RETURN_ASKED}), S.ACCEPTED),
    "refuse_return": (frozenset({S.RETURN_ASKED}), S.ASSIGNED),
    "contact": (frozenset({S.ASSIGNED}), S.ASSIGNED),
    "sign_off": (frozenset({S.ASSIGNED}), S.REPLIED),
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
    return to or current


# The states of the item a duplicate may be merged into.
MERGE_TARGETS = frozenset({S.FILED, S.ACCEPTED, S.ASSIGNED, S.RETURN_ASKED})
