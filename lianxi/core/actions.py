"""The `@action` decorator: every change of state is a named action (architecture.md rule 1).

An action runs in one transaction, takes the acting user first, must write at least one
audit event, and is refused audibly: a refusal (any ActionError) is logged outside the rolled-back
transaction: "denied" for permission and rate limits, "failed" for bad input.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

from lianxi.audit import log as audit
from lianxi.core.errors import ActionError, NotAllowed, RateLimited

P = ParamSpec("P")
R = TypeVar("R")

REGISTRY: dict[str, Callable[..., Any]] = {}


def action(
    name: str, *, prepare: Callable[..., dict[str, Any]] | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """`prepare`, if given, runs first, outside the transaction, with the action's arguments;
    it returns extra keyword arguments for the action. It is for read-only work (validation,
    lookups, hashing) that need not hold the database's write lock; its refusals are audited
    like the action's own."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            actor = args[0] if args else kwargs.get("actor")
            try:
                if prepare is not None:
                    kwargs.update(prepare(*args, **kwargs))
                with transaction.atomic(), audit.expect_events(name):
                    return func(*args, **kwargs)
            except ActionError as exc:
                # The action's own writes rolled back; the refusal itself is kept.
                outcome = "denied" if isinstance(exc, NotAllowed | RateLimited) else "failed"
                data = {"reason": exc.message, "field": exc.field}
                audit.log(actor, name, exc.target, data, outcome=outcome)
                raise

        run.action_name = name  # type: ignore[attr-defined]
        REGISTRY[name] = run
        return run

    return decorate
