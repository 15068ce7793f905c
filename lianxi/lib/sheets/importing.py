"""All-or-nothing import: every row is read and checked first; any problem means nothing is
written, and the writing itself happens in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from django.db import IntegrityError, models, transaction

from lianxi.lib.sheets.errors import RowError, RowInvalid
from lianxi.lib.sheets.reading import Row, SheetFormat, Table, read_table

T = TypeVar("T")
P = TypeVar("P")


class Counts(NamedTuple):
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def messages(self) -> list[str]:
        return [str(error) for error in self.errors]


def import_table(
    data: bytes,
    fmt: SheetFormat,
    check: Callable[[Table], P],
    save: Callable[[P], Counts],
    *,
    filename: str = "",
) -> ImportResult:
    """Read the file; `check(table)` turns its rows into what to save, adding problems with
    `row.fail()` (it sees every row, so it can fetch what the rows name in a few queries and
    compare rows); if there is no problem, `save(checked)` writes in one transaction. `check`
    and `save` may raise RowInvalid; a unique clash while saving means someone else wrote the
    same records meanwhile. Nothing is written unless the result is `ok`."""
    problems = fmt.problems()
    result = ImportResult()
    table = read_table(data, fmt, problems, filename)
    if table is not None:
        result.rows = len(table.rows)
        try:
            checked = check(table)
        except RowInvalid as exc:
            problems.add(exc.detail, exc.row, exc.column)
        if not problems:
            try:
                with transaction.atomic():
                    counts = save(checked)
            except IntegrityError:
                problems.refuse("conflict")
            except RowInvalid as exc:
                problems.add(exc.detail, exc.row, exc.column)
            else:
                result.created, result.updated, result.unchanged = counts
    result.errors = problems.final()
    return result


def import_rows(
    data: bytes,
    fmt: SheetFormat,
    handle: Callable[[Row], T | None],
    save: Callable[[list[T]], Counts] | None = None,
    *,
    filename: str = "",
) -> ImportResult:
    """The simple case: `handle(row)` turns one parsed row into an object (or raises
    RowInvalid, or calls `row.fail()`); it runs for every row, also those whose cells did not
    parse, so that it can report its own problems next to theirs; rows with a problem are
    dropped. `save` writes the objects; by default each is a model instance, saved in file
    order and counted as created or updated."""

    def check(table: Table) -> list[T]:
        items: list[T] = []
        for row in table.rows:
            try:
                item = handle(row)
            except RowInvalid as exc:
                row.fail(exc.column, exc.detail)
                continue
            if item is not None and not row.failed:
                items.append(item)
        return items

    return import_table(data, fmt, check, save or save_instances, filename=filename)


def save_instances(items: list[Any]) -> Counts:
    """Save model instances in order: new ones count as created, the others as updated."""
    created = updated = 0
    for item in items:
        assert isinstance(item, models.Model)
        if item._state.adding:
            created += 1
        else:
            updated += 1
        item.save()
    return Counts(created, updated)


def repeats(items: Iterable[tuple[T, Hashable]]) -> Iterator[tuple[T, T]]:
    """(item, first item) for every item whose key an earlier item already had."""
    first: dict[Hashable, T] = {}
    for item, key in items:
        if key in first:
            yield item, first[key]
        else:
            first[key] = item
