"""What the poll operations take and answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from lianxi.api.bounds import Id
from lianxi.api.examples import example


class PollQuestionOut(Schema):
    id: int
    number: int
    kind: str
    text: str
    help: str
    required: bool
    options: list[str]
    branches: list[dict[str, int]] = Field(
        description="skip to question `goto` (0: the end) when the answer is `answer`"
    )


class PollOut(Schema):
    id: int
    title: str
    intro: str
    area: str
    audience: str
    status: str
    opens_on: date
    closes_on: date
    results_public: bool
    ask_area: bool
    ask_age: bool
    responses: int


class PollDetailOut(PollOut):
    questions: list[PollQuestionOut]


class PollAnswerIn(Schema):
    model_config = example(answers={"1": 0}, area_id=None, age_band="30_44")

    answers: dict[str, Any] = Field(
        ...,
        description=(
            "by question id: an option's index (single), a list of indexes (multi), 1–5 "
            "(scale), every option's index in order (rank), text"
        ),
    )
    area_id: Id | None = None
    age_band: str = Field("", max_length=8)


class PollAnswerOut(Schema):
    poll_id: int
    answers: dict[str, Any]
    area_id: int | None
    age_band: str
    created_at: datetime
    updated_at: datetime
    changes: int


class PollResultsOut(Schema):
    poll_id: int
    responses: int
    computed_at: datetime | None
    data: dict[str, Any]
