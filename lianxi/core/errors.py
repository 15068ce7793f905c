"""Errors raised by actions; views and the API turn them into responses."""

from __future__ import annotations

from typing import Any


class ActionError(Exception):
    """A refused action, with a message fit to show the user (already translated)."""

    # The object the refused action was about, for its audit event (None: not recorded).
    target: Any = None

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(ActionError):
    """The actor may not do this. Views answer 404 where existence must not leak."""


class InvalidInput(ActionError):
    """The input is wrong; `field` names the field when there is one."""


class IllegalTransition(ActionError):
    """The object is not in a state where this step is possible."""


class RateLimited(ActionError):
    """Too many requests; the view answers 429, the API with `Retry-After: retry_after`."""

    def __init__(self, message: str, field: str | None = None, retry_after: int = 60) -> None:
        super().__init__(message, field)
        self.retry_after = retry_after
