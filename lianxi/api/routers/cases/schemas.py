"""What the cases operations take and answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from lianxi.api.bounds import Id
from lianxi.api.examples import example
from lianxi.cases.choices import Kind
from lianxi.cases.choices import Status as CaseStatus

MAX_PAGE_SIZE = 100
COMPLAINT = "青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。"


class CaseIn(Schema):
    model_config = example(
        kind="complaint",
        title="小区电梯长期故障",
        content=COMPLAINT,
        community_id=1,
        address="青石社区3栋",
        contact_name="张女士",
        contact_phone="13612345678",
        consent_to_publish=True,
    )

    kind: Kind
    title: str = Field(..., max_length=200)
    content: str = Field(..., max_length=20000)
    category_id: Id | None = None
    community_id: Id | None = None
    address: str = Field("", max_length=200)
    deputy_id: Id | None = None
    station_id: Id | None = None
    contact_name: str = Field("", max_length=40)
    contact_phone: str = Field("", max_length=30)
    anonymous: bool = False
    consent_to_publish: bool = False


class SubmittedOut(Schema):
    id: int
    tracking_number: str
    query_code: str
    status: str


class PublicEventOut(Schema):
    at: datetime
    step: str
    by: str
    text: str


class PublicCaseOut(Schema):
    tracking_number: str
    kind: str
    title: str
    content: str
    category: str | None
    status: str
    status_label: str
    outcome: str
    submitted_at: datetime
    due_date: date | None
    closed_at: datetime | None
    events: list[PublicEventOut]


class EventOut(PublicEventOut):
    public: bool


class ReferralOut(Schema):
    department_id: int
    department: str
    role: str
    status: str
    due_date: date
    accept_by: date
    result_class: str
    answer: str
    contact_disclosed: bool


class CaseOut(Schema):
    id: int
    tracking_number: str
    kind: str
    title: str
    status: str
    outcome: str
    channel: str
    category_id: int | None
    category: str | None
    community_id: int | None
    community: str | None
    deputy_id: int | None
    deputy: str | None
    station_id: int | None
    station: str | None
    due_date: date | None
    deputy_due: date | None
    escalated: bool
    submitted_at: datetime
    closed_at: datetime | None
    is_anonymous: bool
    contact_name: str
    contact_phone: str
    can_reveal: bool = Field(
        description="the contact is masked; true when this user may reveal it (POST …/reveal)"
    )


class CaseDetailOut(CaseOut):
    content: str
    address: str
    version: int
    reopen_count: int
    consent_to_publish: bool
    is_published: bool
    referrals: list[ReferralOut]
    events: list[EventOut]


class RevealIn(Schema):
    model_config = example(reason="电话回访，约定上门查看电梯的时间。")

    reason: str = Field(..., max_length=1000, description="why you need the contact (audited)")


class ContactOut(Schema):
    """A citizen's contact in full, revealed on purpose (the reveal is audited)."""

    contact_name: str
    contact_phone: str
    address: str


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CaseOut]


class CaseFilters(Schema):
    status: CaseStatus | None = None
    kind: Kind | None = None
    category: Id | None = None
    deputy: Id | None = None
    station: Id | None = None
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


# ---------------------------------------------------------------- the steps' input


class AcceptIn(Schema):
    model_config = example(deputy_id=1, station_id=1, note="由青石社区代表联络站接待。")

    deputy_id: Id | None = None
    station_id: Id | None = None
    note: str = Field(
        "", max_length=1000, description="public: shown to the citizen on the tracking page"
    )


class DeclineIn(Schema):
    model_config = example(rule_id=1, note="该事项已进入诉讼程序，依法不予受理。")

    rule_id: Id
    note: str = Field("", max_length=1000, description="staff only: an internal note")


class MergeIn(Schema):
    model_config = example(into_id=2)

    into_id: Id


class ReassignIn(Schema):
    model_config = example(deputy_id=2, station_id=2)

    deputy_id: Id
    station_id: Id | None = None


class TextIn(Schema):
    model_config = example(text="您反映的电梯问题已转交住建局，我们会跟进处理结果。")

    text: str = Field(..., max_length=5000)


class ReasonIn(Schema):
    model_config = example(reason="问题仍未解决，电梯依旧停运，请继续督办。")

    reason: str = Field(..., max_length=1000)


class AppealDecisionIn(Schema):
    model_config = example(
        decision="reject", reason="承办单位已按程序答复，但问题确未解决，市民评价有据，维持评价。"
    )

    decision: Literal["uphold", "reject"]
    reason: str = Field("", max_length=2000, description="required to reject")


class ReferIn(Schema):
    model_config = example(lead_id=1, co_ids=[2], note="请尽快组织维修。", disclose_contact=False)

    lead_id: Id
    co_ids: list[Id] = Field(default_factory=list, max_length=10)
    note: str = Field(
        "", max_length=1000, description="staff only: for the department, never shown publicly"
    )
    disclose_contact: bool = False


class RerouteIn(Schema):
    model_config = example(lead_id=2, co_ids=[])

    lead_id: Id
    co_ids: list[Id] = Field(default_factory=list, max_length=10)


class DepartmentAnswerIn(Schema):
    model_config = example(
        text="已督促物业公司更换电梯控制柜，电梯已于本周恢复运行。", result_class="A"
    )

    text: str = Field(..., max_length=5000)
    result_class: Literal["A", "B", "C", "D"] = Field(
        description="A solved, B being solved, C planned, D cannot be solved now (explained)"
    )


class RateIn(Schema):
    model_config = example(
        deputy_rating="satisfied", department_rating="satisfied", comment="处理及时，谢谢。"
    )

    deputy_rating: Literal["satisfied", "basic", "unsatisfied"]
    department_rating: Literal["satisfied", "basic", "unsatisfied", ""] = ""
    comment: str = Field("", max_length=1000)
