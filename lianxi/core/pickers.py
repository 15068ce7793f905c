"""Choices for the searchable pickers (static/js/picker.js): likely choices first, the rest
by pinyin, and a blank that says what to do instead of Django's "---------"."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from lianxi.core.collation import pinyin_key

Choices = list[tuple[Any, Any]]


def ordered_choices(
    objects: Iterable[Any],
    label: Callable[[Any], str],
    *,
    likely: Collection[Any] = (),
    likely_label: Any = "",
    others_label: Any = "",
    blank: Any = None,
    person: bool = False,
) -> Choices:
    """`objects` as select choices sorted by pinyin; those whose pk is in `likely` come first
    in a group of their own (`likely_label`), the others after (`others_label`)."""
    rows = sorted(
        ((obj.pk, label(obj)) for obj in objects), key=lambda r: pinyin_key(r[1], person=person)
    )
    first = [row for row in rows if row[0] in likely]
    rest = [row for row in rows if row[0] not in likely]
    choices: Choices = [("", blank)] if blank is not None else []
    if first and rest:
        return [*choices, (likely_label, first), (others_label, rest)]
    return [*choices, *first, *rest]


def likely_first(groups: Choices, likely: Collection[Any], likely_label: Any) -> Choices:
    """Grouped choices [(group, [(pk, label)…])…] with the `likely` pks moved into a first
    group of their own."""
    picked = [row for _, rows in groups for row in rows if row[0] in likely]
    if not picked:
        return list(groups)
    rest = [(name, [r for r in rows if r[0] not in likely]) for name, rows in groups]
    return [(likely_label, picked), *((name, rows) for name, rows in rest if rows)]
