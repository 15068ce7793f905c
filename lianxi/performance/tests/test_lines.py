"""Record lines are written by subscribers to the other apps' actions (no post_save), each
linked to its evidence, and disappear when the step is undone; out-of-scope cases never
count for or against anyone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from conftest import World
from lianxi.cases import actions as cases
from lianxi.cases.models import OutOfScopeRule
from lianxi.liaison import actions as liaison
from lianxi.liaison.actions.visits import VisitInput
from lianxi.liaison.models import Duty
from lianxi.performance.models import Line, Record

pytestmark = pytest.mark.django_db

DAY = datetime(2026, 5, 11, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(DAY, tick=False):
        yield


def kinds(deputy: Any, year: int = 2026) -> list[str]:
    return sorted(
        Line.objects.filter(record__deputy=deputy, record__year=year).values_list("kind", flat=True)
    )


def test_a_reviewed_visit_counts_for_every_deputy_on_it(world: World) -> None:
    visit = liaison.log_visit(
        world["deputy_a"],
        data=VisitInput(
            date=date(2026, 5, 8),
            community=world.community1,
            method="home",
            people_met=6,
            co_deputies=[world.deputy_b],
        ),
    )
    assert kinds(world.deputy_a) == []  # not yet reviewed
    liaison.review_visit(world["committee"], visit=visit, approve=True)
    assert kinds(world.deputy_a) == kinds(world.deputy_b) == ["visit"]
    line = Line.objects.get(record__deputy=world.deputy_a)
    assert line.url == f"/work/liaison/visits/{visit.pk}/" and line.day == date(2026, 5, 8)
    assert "青石社区" in line.label


def test_a_returned_visit_counts_nothing(world: World) -> None:
    visit = liaison.log_visit(
        world["deputy_a"],
        data=VisitInput(
            date=date(2026, 5, 8), community=world.community1, method="home", people_met=3
        ),
    )
    liaison.review_visit(world["committee"], visit=visit, approve=False, reason="照片不清楚")
    assert kinds(world.deputy_a) == []


def test_duty_kept_then_corrected_to_missed(world: World) -> None:
    start = timezone.make_aware(datetime(2026, 5, 11, 9, 0))
    shift = liaison.add_shift(
        world["staff_a"],
        station=world.station_a,
        kind="one_off",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        deputies=[world.deputy_a],
        capacity=5,
    )
    duty = Duty.objects.get(shift=shift)
    liaison.mark_attendance(world["staff_a"], duty=duty, attendance="attended")
    assert kinds(world.deputy_a) == ["duty_kept"]
    liaison.mark_attendance(world["staff_a"], duty=duty, attendance="absent", reason="未到岗")
    assert kinds(world.deputy_a) == ["duty_missed"]  # the kept line went with the correction
    liaison.record_reception(world["staff_a"], shift=shift, people_received=4)
    assert kinds(world.deputy_a) == ["duty_missed"]  # an absent deputy did not receive anyone
    liaison.mark_attendance(world["staff_a"], duty=duty, attendance="attended")
    liaison.record_reception(world["staff_a"], shift=shift, people_received=4)
    assert kinds(world.deputy_a) == ["duty_kept", "reception"]


def test_case_received_answered_and_reopened(world: World, submit: Any) -> None:
    case = cases.accept_case(
        world["committee"], case=submit(world["citizen"]), deputy=world.deputy_a
    )
    assert kinds(world.deputy_a) == ["case_received"]
    case = cases.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    case = cases.department_accept(world["handler_x"], case=case)
    case = cases.department_answer(
        world["handler_x"], case=case, text="已安排维保单位检修，正在推进。", result_class="B"
    )
    case = cases.report_back(world["deputy_a"], case=case, text="部门已答复，我会继续跟进。")
    assert kinds(world.deputy_a) == ["case_on_time", "case_received"]
    case = cases.rate_case(
        world["citizen"], case=case, deputy_rating="satisfied", department_rating="unsatisfied"
    )
    assert case.outcome == "not_solved"
    cases.reopen_case(world["citizen"], case=case, reason="问题仍然存在，请再处理")
    # The answer no longer stands: its line goes, the reopening is recorded.
    assert kinds(world.deputy_a) == ["case_received", "case_reopened"]


def test_a_late_answer_is_a_deduction_line(world: World, submit: Any) -> None:
    case = cases.accept_case(
        world["committee"], case=submit(world["citizen"]), deputy=world.deputy_a
    )
    due = case.deputy_due or case.due_date
    assert due is not None
    with time_machine.travel(
        datetime.combine(due + timedelta(days=3), datetime.min.time(), DAY.tzinfo).replace(hour=10),
        tick=False,
    ):
        cases.reply_to_case(world["deputy_a"], case=case, text="已向街道了解，下周统一处理。")
    assert kinds(world.deputy_a) == ["case_late", "case_received"]


def test_out_of_scope_cases_never_count(world: World, submit: Any) -> None:
    rule = OutOfScopeRule.objects.get(name="已进入诉讼程序")
    case = submit(world["citizen"])
    cases.decline_case(world["committee"], case=case, rule=rule)
    assert Line.objects.count() == 0


def test_reassigning_a_case_moves_its_line(world: World, submit: Any) -> None:
    case = cases.accept_case(
        world["committee"], case=submit(world["citizen"]), deputy=world.deputy_a
    )
    cases.reassign_case(world["committee"], case=case, deputy=world.deputy_b)
    assert kinds(world.deputy_a) == [] and kinds(world.deputy_b) == ["case_received"]
    assert Record.objects.filter(deputy=world.deputy_a, year=2026).exists()  # empty, kept


def test_suggestions_filed_cosigned_and_accepted(world: World) -> None:
    from lianxi.proposals import actions as proposals
    from lianxi.proposals.actions import Draft

    draft = proposals.save_draft(
        world["deputy_a"],
        Draft(
            kind="suggestion",
            title="关于加快老旧小区电梯改造的建议",
            body="多个社区反映老旧小区电梯故障频发，群众上下楼困难，建议统筹改造。",
        ),
    )
    invited = proposals.invite_cosigners(world["deputy_a"], draft, [world.deputy_b.pk])
    proposals.answer_invitation(world["deputy_b"], invited[0], True)
    assert kinds(world.deputy_a) == [] and kinds(world.deputy_b) == []  # a draft counts nothing
    proposals.file(world["deputy_a"], draft)
    assert kinds(world.deputy_a) == ["suggestion_filed"]
    assert kinds(world.deputy_b) == ["suggestion_cosigned"]
    proposals.review(world["committee"], draft, "accept")
    assert kinds(world.deputy_a) == ["suggestion_accepted", "suggestion_filed"]


def test_a_hidden_comment_loses_its_line(world: World) -> None:
    from lianxi.legislation import actions as legislation
    from lianxi.legislation.actions import Opinion
    from lianxi.legislation.tests.conftest import details, draft_text

    draft = legislation.create_consultation(
        world["committee"], details=details(), text=draft_text()
    )
    consultation = legislation.publish(world["committee"], draft)
    made = legislation.comment(
        world["deputy_a"], consultation, opinion=Opinion("建议明确执法主体。")
    )
    assert kinds(world.deputy_a) == ["comment"]
    legislation.hide(world["committee"], made, reason="与草案无关")
    assert kinds(world.deputy_a) == []


def test_notice_read_and_withdrawn(world: World) -> None:
    from lianxi.committee import actions as committee
    from lianxi.committee.actions import AudienceSpec, NoticeInput

    notice = committee.save_notice(
        world["committee"],
        data=NoticeInput(
            kind="briefing",
            title="关于开展生态环境保护专题调研的通知",
            body="<p>请各位代表认真阅读。</p>",
            must_confirm=False,
            closes_at=None,
            audience=AudienceSpec(everyone=True),
        ),
    )
    notice = committee.publish_notice(world["committee"], notice=notice)
    committee.read_notice(world["deputy_a"], notice=notice)
    committee.read_notice(world["deputy_a"], notice=notice)  # a second opening adds nothing
    committee.read_notice(world["deputy_b"], notice=notice)
    assert kinds(world.deputy_a) == ["notice_read"] and kinds(world.deputy_b) == ["notice_read"]
    committee.withdraw_notice(world["committee"], notice=notice)
    assert Line.objects.count() == 0


def test_a_subscriber_line_rolls_back_with_its_action(world: World, submit: Any) -> None:
    from lianxi.core.errors import ActionError

    case = submit(world["citizen"])
    with pytest.raises(ActionError):
        cases.accept_case(world["deputy_b"], case=case, deputy=world.deputy_a)  # not staff
    assert Line.objects.count() == 0
