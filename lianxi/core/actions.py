"""The `@action` decorator: every change of state is a named action (architecture.md rule 1).

An action runs in one transaction, takes the acting user first, must write at least one
audit event, and is refused audibly: a refusal is logged with outcome "denied" outside the
rolled-back transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

from lianxi.audit import log as audit
from lianxi.core.errors import NotAllowed

P = ParamSpec("P")
R = TypeVar("R")

REGISTRY: dict[str, Callable[..., Any]] = {}


def action(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            actor = args[0] if args else kwargs.get("actor")
            try:
                with transaction.atomic(), audit.expect_events(name):
                    return func(*args, **kwargs)
            except NotAllowed as exc:
                audit.log(actor, name, None, {"reason": exc.message}, outcome="denied")  # type: ignore[arg-type]
                raise

        run.action_name = name  # type: ignore[attr-defined]
        REGISTRY[name] = run
        return run

    return decorate
