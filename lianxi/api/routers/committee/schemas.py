"""What the committee operations take (and the few answers with a fixed shape)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from ninja import Field, Schema

from lianxi.api.bounds import Id, Moment, Small
from lianxi.api.examples import example
from lianxi.committee import actions

T = TypeVar("T")
AUDIENCE = {"levels": ["municipal"], "expertise_ids": [1]}
STARTS = "2027-04-15T09:00:00+08:00"
ENDS = "2027-04-15T12:00:00+08:00"


class AudienceIn(Schema):
    model_config = example(**AUDIENCE)

    everyone: bool = False
    levels: list[str] = []
    delegations: list[str] = []
    sectors: list[str] = []
    area_ids: list[Id] = []
    expertise_ids: list[Id] = []
    deputy_ids: list[Id] = []

    def spec(self) -> actions.AudienceSpec:
        return actions.AudienceSpec(**self.dict())


class AudienceOut(AudienceIn):
    model_config = example(**AUDIENCE, reached=12)

    reached: int


class AddressedIn(Schema):
    """What is addressed to an audience of deputies: a notice, a material, a course."""

    title: str = Field(..., max_length=200)
    audience: AudienceIn

    def data(self, into: Callable[..., T]) -> T:
        """The action's input (`NoticeInput`, …), the audience as its spec."""
        return into(**self.dict(exclude={"audience"}), audience=self.audience.spec())


class NoticeIn(AddressedIn):
    model_config = example(
        title="关于开展生态环境保护专题调研的通知",
        audience=AUDIENCE,
        kind="briefing",
        body="<p>请各位代表于四月中旬前提交调研意见。</p>",
        must_confirm=True,
    )

    kind: str = "briefing"
    body: str = Field(..., max_length=100_000)
    must_confirm: bool = False
    closes_at: Moment | None = None


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    must_confirm: bool
    status: str
    publish_at: datetime | None
    published_at: datetime | None
    closes_at: datetime | None
    read_at: datetime | None = None
    confirmed_at: datetime | None = None
    attachments: list[dict[str, Any]] = []


class ReceiptOut(Schema):
    deputy_id: int
    deputy: str
    read_at: datetime | None
    confirmed_at: datetime | None


class PublishIn(Schema):
    model_config = example(at="2027-04-01T08:00:00+08:00")

    at: Moment | None = Field(None, description="schedule for then; publish now without it")


class MaterialIn(AddressedIn):
    model_config = example(
        title="生态环境保护法律法规汇编",
        audience=AUDIENCE,
        link="https://www.example.gov.cn/huanbao.pdf",
        tags="环保,法规",
        kind="study",
        description="供代表调研前学习。",
    )

    link: str = Field(..., max_length=400, description="files are uploaded on the page")
    tags: str = Field("", max_length=200)
    kind: str = "study"
    description: str = Field("", max_length=2000)


class CourseIn(AddressedIn):
    model_config = example(
        title="生态环境保护专题培训",
        audience=AUDIENCE,
        required=False,
        kind="thematic",
        description="解读新修订的大气污染防治条例。",
    )

    required: bool = Field(False, description="for every deputy of the audience")
    kind: str = "thematic"
    description: str = Field("", max_length=4000)


class SessionIn(Schema):
    model_config = example(
        title="第一讲：条例解读",
        starts_at=STARTS,
        ends_at=ENDS,
        place="市人大常委会第二会议室",
        lecturer="王教授",
        material_ids=[],
    )

    title: str = Field(..., max_length=200)
    starts_at: Moment
    ends_at: Moment
    place: str = Field("", max_length=120)
    online_link: str = Field("", max_length=400)
    lecturer: str = Field("", max_length=60)
    material_ids: list[Id] = []


class IdsIn(Schema):
    model_config = example(deputy_ids=[1, 2])

    deputy_ids: list[Id]


class FeedbackIn(Schema):
    model_config = example(rating=5, comment="讲解清楚，案例实用。")

    rating: Small
    comment: str = Field("", max_length=1000)


class CheckinIn(Schema):
    model_config = example(token="kq3x7p2m9t")  # noqa: S106 (a session's QR token)

    token: str = Field(..., max_length=64)


class ActivityIn(Schema):
    model_config = example(
        kind="legislative",
        title="《示范市生态环境保护条例》立法调研",
        topic="生态环境保护条例修订",
        agenda="听取环保部门汇报；实地察看污水处理厂。",
        starts_at=STARTS,
        ends_at=ENDS,
        place="市人大常委会第一会议室",
        capacity=10,
        expertise_ids=[1],
    )

    kind: str
    title: str = Field(..., max_length=200)
    topic: str = Field(..., max_length=200)
    agenda: str = Field("", max_length=4000)
    starts_at: Moment
    ends_at: Moment
    place: str = Field(..., max_length=120)
    capacity: Small
    expertise_ids: list[Id] = []
    sectors: list[str] = []
    level: str = ""
    recurrence: str = Field("", description="monthly, quarterly or half_yearly: a series")
    count: Small = Field(0, description="how many activities in the series")

    def data(self) -> actions.ActivityInput:
        d = self.dict()
        d.pop("recurrence")
        d.pop("count")
        return actions.ActivityInput(**d)


class InvitationAnswerIn(Schema):
    model_config = example(accept=False, reason="当天需出席另一场会议。")

    accept: bool
    reason: str = Field("", max_length=300)


class MinutesIn(Schema):
    model_config = example(minutes="与会代表就条例第十二条提出三条修改意见。", held=True)

    minutes: str = Field(..., max_length=20000)
    held: bool = True


class ContributionIn(Schema):
    model_config = example(deputy_id=1, kind="speech", text="建议加大对小微企业排污的帮扶力度。")

    deputy_id: Id
    kind: str
    text: str = Field(..., max_length=4000)


class OutcomeIn(Schema):
    model_config = example(text="形成调研报告一份，报送市人大常委会。", case_id=None)

    text: str = Field(..., max_length=2000)
    case_id: Id | None = None
