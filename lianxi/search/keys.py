"""Index keys: lexemes of our own written beside a document's words, so that PostgreSQL's GIN
index can narrow a search by month and by who may see the document before a row is read.

Every document carries its month, quarter and year (`~m`, `~q`, `~y`, months counted from
year 0); cases add `~pub` (on the public site), `~d<deputy>` and `~s<station>`. A search asks
for one of them at a time, so the GIN index can skip straight to that stretch of time. The keys only narrow: every hit is still checked against `visible_to`, so a key
that is out of date can hide a document but never show one. The tilde keeps them apart from
words: no query a user types can produce one (plainto_tsquery drops it)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

PUBLIC = "~pub"


def month(at: datetime) -> int:
    """Months since year 0, in UTC."""
    at = at.astimezone(UTC) if at.tzinfo else at
    return at.year * 12 + at.month - 1


def month_start(number: int) -> datetime:
    return datetime(number // 12, number % 12 + 1, 1, tzinfo=UTC)


def month_key(number: int) -> str:
    return f"~m{number}"


def time_keys(number: int) -> list[str]:
    return [month_key(number), f"~q{number // 3}", f"~y{number // 12}"]


def bucket(last: int, months: int) -> tuple[str, int]:
    """The widest of year, quarter or month that ends with month `last` and spans at most
    `months` (at least the month itself): its key and how many months it spans."""
    if months >= 12 and last % 12 == 11:
        return f"~y{last // 12}", 12
    if months >= 3 and last % 3 == 2:
        return f"~q{last // 3}", 3
    return month_key(last), 1


def deputy_key(deputy_id: int) -> str:
    return f"~d{deputy_id}"


def station_key(station_id: int) -> str:
    return f"~s{station_id}"


def cover(first: int, last: int) -> list[str]:
    """The fewest month, quarter and year keys that cover months `first`..`last` exactly."""
    found: list[str] = []
    while last >= first:
        key, size = bucket(last, last - first + 1)
        found.append(key)
        last -= size
    return found


def compose(at: datetime, extra: Iterable[str] = ()) -> str:
    return " ".join([*time_keys(month(at)), *extra])


def named_in(tsquery: str) -> list[str]:
    """The keys a tsquery of `any_of` and `&` names."""
    return re.findall(r"'([^']+)'", tsquery)


def any_of(keys: Iterable[str]) -> str:
    """A tsquery (text form) true for documents carrying one of `keys`; "" for none."""
    quoted = [f"'{k}'" for k in keys]
    if not quoted:
        return ""
    return quoted[0] if len(quoted) == 1 else "(" + " | ".join(quoted) + ")"
