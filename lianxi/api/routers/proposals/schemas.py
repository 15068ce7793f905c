"""What the proposals operations take."""

from __future__ import annotations

from ninja import Schema

from lianxi.api.bounds import Day, Id, Ids
from lianxi.api.examples import example
from lianxi.proposals.actions import Draft


class ProposalDraftIn(Schema):
    model_config = example(
        kind="suggestion",
        title="关于加快老旧小区电梯改造的建议",
        body="多个社区反映老旧小区电梯故障频发，群众上下楼困难，建议统筹改造。",
        reasons="群众反映集中。",
        measures="列入年度民生实事。",
        case_ids=[],
    )

    kind: str
    title: str
    body: str
    reasons: str = ""
    measures: str = ""
    category_id: Id | None = None
    case_ids: Ids = []
    hot_issue_id: Id | None = None
    topic_id: Id | None = None

    def draft(self) -> Draft:
        return Draft(**self.dict())


class ProposalInviteIn(Schema):
    model_config = example(invitee_ids=[2])

    invitee_ids: Ids


class ProposalReviewIn(Schema):
    model_config = example(decision="accept", reason="")

    decision: str
    reason: str = ""


class ProposalAssignIn(Schema):
    model_config = example(lead_id=1, co_ids=[2], complex_item=False, key_supervision=False)

    lead_id: Id
    co_ids: Ids = []
    complex_item: bool = False
    key_supervision: bool = False


class ProposalReturnIn(Schema):
    model_config = example(reason="该事项不属于本单位职责范围。")

    reason: str


class ProposalDecisionIn(Schema):
    model_config = example(grant=True)

    grant: bool


class ProposalCoOpinionIn(Schema):
    model_config = example(text="我单位同意主办单位的改造安排，将配合做好资金保障。")

    text: str


class ProposalContactIn(Schema):
    model_config = example(method="meeting", on="2027-02-26", notes="与代表当面沟通了办理安排。")

    method: str
    on: Day
    notes: str


class ProposalReplyIn(Schema):
    model_config = example(result="B", text="已列入今年改造计划，年底前完成。", confidential=False)

    result: str
    text: str
    confidential: bool = False
    confidential_reason: str = ""


class ProposalRatingIn(Schema):
    model_config = example(rating="basic", comment="继续跟进")

    rating: str
    comment: str = ""


class CosignAnswerIn(Schema):
    model_config = example(confirm=True)

    confirm: bool


class ProposalCorrectIn(Schema):
    model_config = example(
        title="关于加快老旧小区电梯改造的建议",
        body="多个社区反映老旧小区电梯故障频发，群众上下楼困难，建议分两年统筹改造。",
        reasons="群众反映集中。",
        measures="列入年度民生实事。",
        note="补充了改造年限。",
    )

    title: str
    body: str
    reasons: str = ""
    measures: str = ""
    note: str

    def draft(self, kind: str) -> Draft:
        return Draft(
            kind=kind,
            title=self.title,
            body=self.body,
            reasons=self.reasons,
            measures=self.measures,
        )


class ProposalMergeIn(Schema):
    model_config = example(into_id=1, reason="与该代表建议内容重复，并案办理。")

    into_id: Id
    reason: str = ""


class ProposalReasonIn(Schema):
    model_config = example(reason="误将不同事项并案。")

    reason: str
