"""Every step of a suggestion or bill, and the refusals of the issue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.directory.tests import factories as f
from lianxi.notifications.models import OutboxMessage
from lianxi.proposals import actions
from lianxi.proposals.actions import Draft
from lianxi.proposals.models import Proposal
from lianxi.proposals.tests.conftest import MONDAY

pytestmark = pytest.mark.django_db


def told(user: Any, kind: str) -> list[str]:
    rows = OutboxMessage.objects.filter(user=user, kind=kind, channel="inapp")
    return list(rows.values_list("body", flat=True))


def bill(world: World) -> Proposal:
    return actions.save_draft(
        world["deputy_a"],
        Draft(
            kind="bill",
            title="关于制定物业管理条例的议案",
            body="物业管理纠纷逐年增多，需要立法规范。",
        ),
    )


def test_draft_links_the_deputys_case_and_files_a_frozen_version(
    world: World, draft: Proposal, case: Any
) -> None:
    assert list(draft.cases.all()) == [case]
    actions.file(world["deputy_a"], draft)
    draft.refresh_from_db()
    assert draft.status == "filed" and draft.filed_at is not None
    assert draft.versions.get().body == draft.body
    with pytest.raises(IllegalTransition):
        actions.save_draft(world["deputy_a"], Draft("suggestion", "改个标题试试", "x" * 20), draft)


def test_a_deputy_cannot_link_another_deputys_case(world: World, case: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        actions.save_draft(
            world["deputy_b"], Draft("suggestion", "借用别人的案件", "x" * 20, case_ids=[case.pk])
        )
    assert err.value.field == "cases"
    assert not Proposal.objects.exists()


def test_short_title_names_the_field(world: World) -> None:
    with pytest.raises(InvalidInput) as err:
        actions.save_draft(world["deputy_a"], Draft("suggestion", "短", "x" * 20))
    assert err.value.field == "title"


def test_only_deputies_draft(world: World) -> None:
    with pytest.raises(NotAllowed):
        actions.save_draft(world["committee"], Draft("suggestion", "员工代写建议", "x" * 20))


def test_bill_short_of_cosigners_cannot_be_filed(world: World, settings: Any) -> None:
    settings.PROPOSAL_COSIGNERS = {"municipal": 2}
    item = bill(world)
    others = [f.deputy(f"附议{i}", world.district1) for i in range(2)]
    actions.invite_cosigners(world["deputy_a"], item, [world.deputy_b.pk, others[0].pk])
    invite = item.cosigners.get(deputy=world.deputy_b)
    assert told(world["deputy_b"], "proposals.invite")
    actions.answer_invitation(world["deputy_b"], invite, confirm=True)
    with pytest.raises(InvalidInput) as err:
        actions.file(world["deputy_a"], item)
    assert err.value.field == "cosigners"
    item.refresh_from_db()
    assert item.status == "draft"
    # The second co-signer confirms (with an account now) and the bill can be filed.
    other = item.cosigners.get(deputy=others[0])
    other.status = "confirmed"
    other.save()
    actions.file(world["deputy_a"], item)
    assert item.status == "filed"


def test_cosigners_must_be_of_the_same_congress(world: World) -> None:
    item = bill(world)
    county = f.deputy("县级代表", world.district1, level="county")
    with pytest.raises(InvalidInput):
        actions.invite_cosigners(world["deputy_a"], item, [county.pk])
    with pytest.raises(InvalidInput):
        actions.invite_cosigners(world["deputy_a"], item, [world.deputy_a.pk])


def test_someone_elses_invitation_cannot_be_answered(world: World) -> None:
    item = bill(world)
    actions.invite_cosigners(world["deputy_a"], item, [world.deputy_b.pk])
    with pytest.raises(NotAllowed):
        actions.answer_invitation(world["deputy_a"], item.cosigners.get(), confirm=True)


def test_review_converts_a_bill_with_a_reason_the_deputy_hears(world: World) -> None:
    item = bill(world)
    item.kind = "suggestion"  # file it without co-signers, then staff turn a "bill" over
    item.save()
    actions.file(world["deputy_a"], item)
    item.kind = "bill"
    item.save()
    with pytest.raises(InvalidInput) as err:
        actions.review(world["committee"], item, "convert", "")
    assert err.value.field == "reason"
    actions.review(world["committee"], item, "convert", "内容属于工作建议，不属于立法事项")
    assert item.kind == "suggestion" and item.converted and item.status == "accepted"
    (note,) = told(world["deputy_a"], "proposals.review")
    assert "不属于立法事项" in note


def test_staff_of_another_area_cannot_review(world: World) -> None:
    item = actions.save_draft(world["deputy_b"], Draft("suggestion", "西山区的建议事项", "x" * 20))
    actions.file(world["deputy_b"], item)
    with pytest.raises(NotAllowed):
        actions.review(world["committee_d1"], item, "accept")


def test_assignment_sets_units_due_date_and_tells_the_handlers(
    world: World, assigned: Proposal
) -> None:
    assert assigned.lead == world.dept_x and list(assigned.co_units.all()) == [world.dept_y]
    assert assigned.due_date == date(2026, 6, 2)
    for name in ("handler_x", "handler_y"):
        assert told(world[name], "proposals.assign")


def test_complex_items_get_six_months(world: World, draft: Proposal) -> None:
    actions.file(world["deputy_a"], draft)
    actions.review(world["committee"], draft, "accept")
    actions.assign(world["committee"], draft, world.dept_x.pk, complex_item=True, today=MONDAY)
    assert draft.due_date == date(2026, 9, 2)


def test_return_within_seven_working_days_and_staff_decide(
    world: World, assigned: Proposal
) -> None:
    with pytest.raises(NotAllowed):
        actions.ask_return(world["handler_y"], assigned, "协办单位不能退回", today=MONDAY)
    actions.ask_return(
        world["handler_x"], assigned, "不属于本单位职责", today=MONDAY + timedelta(9)
    )
    assert assigned.status == "return_asked"
    actions.decide_return(world["committee"], assigned, grant=True)
    assert assigned.status == "accepted" and assigned.lead is None


def test_return_after_seven_working_days_is_refused(world: World, assigned: Proposal) -> None:
    with pytest.raises(InvalidInput):
        actions.ask_return(
            world["handler_x"], assigned, "不属于本单位职责", today=MONDAY + timedelta(10)
        )
    assigned.refresh_from_db()
    assert assigned.status == "assigned"


@time_machine.travel("2026-04-01 10:00 +08:00", tick=False)
def test_reply_needs_contact_first_and_tells_the_citizens(
    world: World, assigned: Proposal, case: Any
) -> None:
    with pytest.raises(InvalidInput) as err:
        actions.reply(world["handler_x"], assigned, "B", "已列入今年改造计划，年底前完成。")
    assert err.value.field == "contact"
    with pytest.raises(NotAllowed):
        actions.record_contact(world["handler_y"], assigned, "phone", date(2026, 3, 20), "电话沟通")
    actions.record_contact(
        world["handler_x"], assigned, "meeting", date(2026, 3, 20), "当面沟通改造计划"
    )
    with pytest.raises(InvalidInput) as err:
        actions.reply(world["handler_x"], assigned, "B", "已列入今年改造计划，年底前完成。")
    assert err.value.field == "co_opinions" and world.dept_y.name in err.value.message
    with pytest.raises(NotAllowed):  # the lead unit does not give a co-handling opinion
        actions.give_co_opinion(world["handler_x"], assigned, "同意，配合做好改造资金保障。")
    actions.give_co_opinion(world["handler_y"], assigned, "同意，配合做好改造资金保障。")
    actions.give_co_opinion(world["handler_y"], assigned, "同意，我局负责做好改造资金保障。")
    (opinion,) = assigned.co_opinions.all()
    assert opinion.text.startswith("同意，我局") and opinion.department == world.dept_y
    assert len(told(world["handler_x"], "proposals.co_opinion")) == 2
    actions.reply(world["handler_x"], assigned, "B", "已列入今年改造计划，年底前完成。")
    with pytest.raises(InvalidInput):  # no opinions once the reply went out
        actions.give_co_opinion(world["handler_y"], assigned, "补充意见：资金已到位。")
    assert assigned.status == "replied"
    event = case.events.get(step="proposal")
    assert event.public and "示范市住房和城乡建设局" in event.text
    (text,) = told(world["citizen"], "proposals.reply")
    assert "李明华" in text and "正在解决" in text
    assert told(world["deputy_a"], "proposals.reply")


@time_machine.travel("2026-04-01 10:00 +08:00", tick=False)
def test_unsatisfied_sends_it_back_once(world: World, assigned: Proposal) -> None:
    actions.record_contact(world["handler_x"], assigned, "phone", date(2026, 3, 20), "电话沟通")
    actions.give_co_opinion(world["handler_y"], assigned, "同意主办单位意见，配合推进。")
    actions.reply(world["handler_x"], assigned, "C", "条件具备时解决，已作说明。")
    with pytest.raises(NotAllowed):
        actions.rate(world["deputy_b"], assigned, "satisfied")
    actions.rate(world["deputy_a"], assigned, "unsatisfied", "答复不具体")
    assert assigned.status == "assigned" and assigned.rehandled
    assert assigned.due_date == date(2026, 7, 1)
    assert told(world["handler_x"], "proposals.rate")
    actions.record_contact(world["handler_x"], assigned, "visit", date(2026, 3, 31), "现场查看")
    actions.reply(world["handler_x"], assigned, "B", "已列入计划，分批改造。")
    actions.rate(world["deputy_a"], assigned, "unsatisfied")
    assert assigned.status == "closed"


def test_every_step_is_audited(world: World, assigned: Proposal) -> None:
    names = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "proposals.save_draft",
        "proposals.file",
        "proposals.review",
        "proposals.assign",
    } <= names


def test_overdue_items_are_chased_once_a_day(world: World, assigned: Proposal) -> None:
    from lianxi.proposals.tasks import chase_overdue

    with time_machine.travel("2026-06-03 09:00 +08:00", tick=False):  # a Wednesday, 1 day late
        assert chase_overdue() == 1
        assert chase_overdue() == 1  # the rule's key: told once that day
        assert len(told(world["handler_x"], "proposals.chase")) == 1
        assert not told(world["committee"], "proposals.chase")
    with time_machine.travel("2026-06-09 09:00 +08:00", tick=False):  # 7 days late: escalated
        chase_overdue()
        assert told(world["committee"], "proposals.chase")
