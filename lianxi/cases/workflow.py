"""The case state machine (architecture.md rule 3). Drawn in docs/case-workflow.md."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lianxi.cases.choices import Status as S
from lianxi.core.errors import IllegalTransition

# step name → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({S.SUBMITTED}), S.ASSIGNED),
    "decline": (frozenset({S.SUBMITTED}), S.DECLINED),
    "merge": (frozenset({S.SUBMITTED, S.ASSIGNED}), S.MERGED),
    # Undoing a merge brings the case back to triage, to be accepted (or merged) afresh.
    "unmerge": (frozenset({S.MERGED}), S.SUBMITTED),
    "reassign": (frozenset({S.ASSIGNED}), S.ASSIGNED),
    "reply": (frozenset({S.ASSIGNED}), S.REPORTED),
    "refer": (frozenset({S.ASSIGNED}), S.REFERRED),
    "reroute": (frozenset({S.RETURNED}), S.REFERRED),
    "dept_accept": (frozenset({S.REFERRED}), S.IN_PROGRESS),
    "dept_return": (frozenset({S.REFERRED}), S.RETURNED),
    "dept_answer": (frozenset({S.IN_PROGRESS}), S.ANSWERED),
    "report_back": (frozenset({S.ANSWERED}), S.REPORTED),
    "rate": (frozenset({S.REPORTED}), S.CLOSED),
    "close_unrated": (frozenset({S.REPORTED}), S.CLOSED),
    "reopen": (frozenset({S.CLOSED}), S.ASSIGNED),
}

OPEN_STATES = frozenset(
    {S.SUBMITTED, S.ASSIGNED, S.REFERRED, S.RETURNED, S.IN_PROGRESS, S.ANSWERED, S.REPORTED}
)

# The states in which a deadline runs (lianxi/cases/deadlines.py): the case waits on its deputy
# (the deputy's deadline) or on the department that signed for it (the department's).
DEPUTY_TURN = frozenset({S.ASSIGNED, S.REFERRED, S.RETURNED})
SUPERVISED = DEPUTY_TURN | {S.IN_PROGRESS}


def target(step: str, current: str) -> str:
    """The state `step` leads to from `current`; raise IllegalTransition otherwise."""
    sources, to = TRANSITIONS[step]
    if current not in sources:
        raise IllegalTransition(
            _("This step is not possible while the case is “%(status)s”.")
            % {"status": S(current).label}
        )
    return to
