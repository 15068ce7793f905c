"""Bounded input types: every number and date the API takes has a least and a greatest value,
so that no query, path or body value reaches the database or date arithmetic out of range
(a page past 2**63 used to be a 500). Out of range is a 422 naming the field.
`api/tests/test_bounds.py` fails when an operation takes an integer or a date without them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, PageNumberPagination
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

MAX_ID = 2**53 - 1  # the largest integer a JavaScript client holds exactly
MAX_PAGE = 10_000
MAX_OFFSET = 1_000_000
MAX_LIMIT = 200
FIRST_YEAR, LAST_YEAR = 1949, 2199
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)

Id = Annotated[int, Field(ge=1, le=MAX_ID, description="an id")]
Ids = Annotated[list[Id], Field(max_length=1000)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Small = Annotated[int, Field(ge=0, le=10_000)]  # a level, a count of days, a rating


def Count(most: int, least: int = 0) -> Any:
    """A small whole number, `least`..`most`."""
    return Annotated[int, Field(ge=least, le=most)]


def _within(value: Any) -> Any:
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise PydanticCustomError(
            "date_range",
            "date out of range",
            {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )
    return value


_RANGE = {"formatMinimum": FIRST_DAY.isoformat(), "formatMaximum": LAST_DAY.isoformat()}
Day = Annotated[date, AfterValidator(_within), Field(json_schema_extra=_RANGE)]
Moment = Annotated[datetime, AfterValidator(_within), Field(json_schema_extra=_RANGE)]


class Pages(PageNumberPagination):
    """Page-number pagination with a last page a client may ask for."""

    class Input(Schema):
        page: Page = 1
        page_size: Annotated[int, Field(ge=1, le=MAX_LIMIT)] | None = None


class Slice(LimitOffsetPagination):
    """Limit and offset, bounded."""

    class Input(Schema):
        limit: Limit = 100
        offset: Offset = 0
