"""A world built once for a module (or a class) inside a transaction rolled back at its end;
each test's own transaction nests inside it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.db import connection, transaction

T = TypeVar("T")


def built_once(django_db_blocker: Any, build: Callable[[], T]) -> Iterator[T]:
    """For a module or class fixture: `yield from built_once(django_db_blocker, build)`.
    The world's deferred foreign keys are checked once, when it is built. Each test ends with
    a check of its own (Django's TestCase) inside the test's savepoint: on PostgreSQL, rolling
    that savepoint back put the world's pending checks back in the queue, so that every test
    checked every row of the world again (0.85 s per sweep item)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build()
            connection.check_constraints()
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
