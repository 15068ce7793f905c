"""What the legislation operations take and answer."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from lianxi.api.bounds import Id
from lianxi.api.examples import example


class ProvisionOut(Schema):
    id: int
    kind: str
    label: str
    citation: str
    text: str
    parent_id: int | None
    article_id: int | None
    comments: int = Field(0, description="comments shown on this article (articles only)")


class DraftVersionOut(Schema):
    number: int
    label: str


class ConsultationOut(Schema):
    id: int
    title: str
    explanation: str
    stage: str
    opens_on: date
    closes_on: date
    for_public: bool
    for_citizens: bool
    for_deputies: bool
    for_contact_points: bool
    max_length: int
    versions: list[DraftVersionOut]


class DraftOut(ConsultationOut):
    version: DraftVersionOut | None
    provisions: list[ProvisionOut]


class DraftCommentIn(Schema):
    model_config = example(body="建议明确夜间遛犬必须束犬链。", provision_id=None, named=False)

    body: str = Field(..., max_length=20000)
    provision_id: Id | None = None
    named: bool = False
    signature: str = Field("", max_length=40)


class DraftCommentOut(Schema):
    id: int
    consultation_id: int
    provision_id: int | None
    article_id: int | None
    source: str
    name: str = Field(description="the name shown: empty unless the author chose to be named")
    body: str
    created_at: datetime
    visibility: str
    disposition: str
    reason: str
    covered_by_id: int | None
    mine: bool = False


class DispositionIn(Schema):
    model_config = example(comment_ids=[1], disposition="not_adopted", reason="上位法已有规定。")

    comment_ids: list[Id] = Field(..., max_length=5000)
    disposition: str = Field(..., max_length=16)
    reason: str = Field("", max_length=2000)
    covered_by_id: Id | None = None


class DisposedOut(Schema):
    disposed: int


class ConsultationFeedbackIn(Schema):
    model_config = example(summary="共收到意见三百余条，采纳一百二十条。")

    summary: str = Field("", max_length=5000)


class HideCommentIn(Schema):
    model_config = example(reason="含有侮辱性语言")

    reason: str = Field(..., max_length=200)


class GroupsOut(Schema):
    groups: int
