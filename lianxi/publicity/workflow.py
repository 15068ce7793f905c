"""The story's state machine (architecture.md rule 3): each step, the states it starts from
and the state it leads to. An illegal step raises IllegalTransition."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lianxi.core.errors import IllegalTransition
from lianxi.publicity.models import Story, StoryStatus

DRAFT, REVIEW, PUBLISHED, WITHDRAWN = (
    StoryStatus.DRAFT,
    StoryStatus.REVIEW,
    StoryStatus.PUBLISHED,
    StoryStatus.WITHDRAWN,
)

# step → (from states, to state); "edit" and the photo steps keep the state.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({DRAFT}), DRAFT),
    "photo": (frozenset({DRAFT}), DRAFT),
    "submit": (frozenset({DRAFT}), REVIEW),
    "publish": (frozenset({REVIEW}), PUBLISHED),
    "return": (frozenset({REVIEW}), DRAFT),
    "withdraw": (frozenset({PUBLISHED}), WITHDRAWN),
    "reopen": (frozenset({WITHDRAWN}), DRAFT),
}


def allowed(story: Story, step: str) -> bool:
    return story.status in TRANSITIONS[step][0]


def move(story: Story, step: str) -> str:
    """The state after `step`, or IllegalTransition naming the story's state."""
    starts, target = TRANSITIONS[step]
    if story.status not in starts:
        raise IllegalTransition(
            _("Not possible while the story is “%(status)s”.")
            % {"status": story.get_status_display()}
        )
    return target
