"""Building, approving, answering, paper forms, results and follow-up of polls."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import openpyxl
import pytest

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage
from lianxi.polls import actions, tasks
from lianxi.polls.actions import QuestionSpec
from lianxi.polls.models import Poll, Response, Result
from lianxi.polls.tests.conftest import TODAY, answer, build, citizen, details, full, ids

pytestmark = pytest.mark.django_db


def test_staff_build_and_open(world: World, draft: Poll) -> None:
    assert draft.status == "draft" and draft.questions.count() == 5
    q1 = draft.questions.get(number=1)
    assert q1.branches == [{"answer": 1, "goto": 3}]
    poll = actions.publish(world["committee"], draft)
    assert poll.status == "open" and Result.objects.filter(poll=poll).exists()
    assert AuditEvent.objects.filter(action="polls.publish").exists()


def test_staff_outside_jurisdiction_cannot_build_there(world: World) -> None:
    with pytest.raises(InvalidInput) as err:
        actions.create_poll(world["committee_d1"], details(world, area_id=world.district2.pk))
    assert err.value.field == "area"
    with pytest.raises(NotAllowed):
        actions.create_poll(world["citizen"], details(world))


def test_branch_must_go_forward_and_name_an_answer(world: World, draft: Poll) -> None:
    staff = world["committee"]
    with pytest.raises(InvalidInput) as err:
        actions.save_question(
            staff,
            draft,
            QuestionSpec("single", "再问一次", options=["是", "否"], branches=[(1, 2)]),
        )
    assert err.value.field == "branches" and "只能跳到后面" in err.value.message
    with pytest.raises(InvalidInput):
        actions.save_question(
            staff,
            draft,
            QuestionSpec("single", "再问一次", options=["是", "否"], branches=[(3, 0)]),
        )
    with pytest.raises(InvalidInput):
        actions.save_question(
            staff, draft, QuestionSpec("multi", "多选", options=["甲", "乙"], branches=[(1, 0)])
        )


def test_deleting_a_question_moves_branches(world: World, draft: Poll) -> None:
    q2 = draft.questions.get(number=2)
    actions.delete_question(world["committee"], q2)
    q1 = draft.questions.get(number=1)
    assert q1.branches == [{"answer": 1, "goto": 2}]
    assert list(draft.questions.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_deputy_poll_needs_approval(world: World) -> None:
    deputy = world["deputy_a"]
    poll = build(world, actor=deputy, area_id=None)
    assert poll.deputy == world.deputy_a and poll.area == world.district1
    with pytest.raises(IllegalTransition):
        actions.publish(world["committee"], poll)
    actions.submit(deputy, poll)
    assert OutboxMessage.objects.filter(
        user=world["committee"], dedupe_key__contains="polls.submit:"
    ).exists()
    actions.return_poll(world["committee"], poll, reason="请补充说明调查目的。")
    poll.refresh_from_db()
    assert poll.status == "draft" and poll.review_note
    assert OutboxMessage.objects.filter(user=deputy, dedupe_key__contains="polls.return:").exists()
    actions.submit(deputy, poll)
    with pytest.raises(NotAllowed):
        actions.approve(world["committee_d1"].__class__.objects.get(username="deputy_b"), poll)
    actions.approve(world["committee_d1"], poll)
    poll.refresh_from_db()
    assert poll.status == "open"
    assert OutboxMessage.objects.filter(user=deputy, dedupe_key__contains="polls.approve:").exists()


def test_every_illegal_step_is_refused(world: World, open_poll: Poll) -> None:
    staff = world["committee"]
    for step in (actions.publish, actions.approve, actions.withdraw):
        with pytest.raises((IllegalTransition, NotAllowed)):
            step(staff, open_poll)
    with pytest.raises(IllegalTransition):
        actions.save_question(staff, open_poll, QuestionSpec("text", "追加问题"))
    actions.close(staff, open_poll)
    with pytest.raises(IllegalTransition):
        actions.close(staff, open_poll)


def test_one_answer_per_person_changeable_until_closing(world: World, open_poll: Poll) -> None:
    first = answer(open_poll, world["citizen"])
    q = ids(open_poll)
    changed = answer(open_poll, world["citizen"], {**full(open_poll), q[2]: 1})
    assert changed.pk == first.pk and changed.changes == 1
    assert Response.objects.filter(poll=open_poll).count() == 1
    actions.close(world["committee"], open_poll)
    with pytest.raises(IllegalTransition):
        answer(open_poll, world["citizen"])


def test_branching_and_required_checked_on_the_server(world: World, open_poll: Poll) -> None:
    q = ids(open_poll)
    with pytest.raises(InvalidInput) as err:
        answer(open_poll, world["citizen"], {q[0]: 0, q[2]: 3, q[3]: [0, 1, 2]})
    assert err.value.field == f"q{q[1]}" and "第2题" in err.value.message
    # 不支持 skips question 2: it need not be answered, and an answer given is not kept.
    made = answer(open_poll, world["citizen"], {q[0]: 1, q[1]: [1], q[2]: 3, q[3]: [0, 1, 2]})
    assert q[1] not in made.answers and made.answers[q[0]] == 1
    with pytest.raises(InvalidInput):
        answer(open_poll, world["citizen"], {**full(open_poll), q[3]: [0, 1]})  # not a ranking
    with pytest.raises(InvalidInput):
        answer(open_poll, world["citizen"], {**full(open_poll), q[2]: 6})
    with pytest.raises(InvalidInput):
        answer(open_poll, world["citizen"], {**full(open_poll), q[0]: "支持"})


def test_who_may_answer(world: World, draft: Poll) -> None:
    from django.contrib.auth.models import AnonymousUser

    poll = actions.publish(world["committee"], draft)
    for who in (AnonymousUser(), world["committee"], world["deputy_a"], world["staff_a"]):
        with pytest.raises(NotAllowed):
            answer(poll, who)
    unverified = citizen(1)
    unverified.phone = ""
    unverified.save()
    with pytest.raises(NotAllowed):
        answer(poll, unverified)


def test_areas_and_deputies_audiences(world: World) -> None:
    poll = build(world, audience="areas", area_ids=[world.district1.pk])
    actions.publish(world["committee"], poll)
    with pytest.raises(InvalidInput) as err:
        answer(poll, world["citizen"])
    assert err.value.field == "area"
    with pytest.raises(NotAllowed):
        answer(poll, world["citizen"], area_id=world.community2.pk)
    assert answer(poll, world["citizen"], area_id=world.community1.pk).area == world.community1
    deputies = build(world, audience="deputies")
    actions.publish(world["committee"], deputies)
    assert OutboxMessage.objects.filter(
        user=world["deputy_b"], dedupe_key__contains="polls.publish:"
    ).exists()
    with pytest.raises(NotAllowed):
        answer(deputies, world["citizen"])
    assert answer(deputies, world["deputy_a"]).person_key == f"u{world['deputy_a'].pk}"
    assert not Poll.objects.public().filter(pk=deputies.pk).exists()


def test_results_are_counted_by_the_worker(world: World, open_poll: Poll) -> None:
    for n in range(4):
        answer(open_poll, citizen(n), area_id=world.community1.pk, age_band="30_44")
    answer(
        open_poll, world["citizen"], {**full(open_poll, "电梯费用太高了。"), ids(open_poll)[0]: 1}
    )
    assert tasks.refresh_if_stale(open_poll.pk)  # the worker's job
    result = Result.objects.get(poll=open_poll)
    data = result.data
    assert result.responses == 5 and data["total"] == 5
    q1, q2, q3, q4, q5 = data["questions"]
    assert q1["counts"] == [4, 1]
    assert q2["counts"] == [4, 0, 4, 0] and q2["answered"] == 4
    assert q3["counts"] == [0, 0, 0, 5, 0] and q3["mean"] == 4.0
    assert q4["counts"] == [10, 5, 15] and q4["firsts"] == [0, 0, 5]
    assert q1["by_area"]["groups"] == ["东湖区"] and q1["by_area"]["rows"] == [[4, 0]]
    assert q1["by_age"]["rows"] == [[4, 0]]
    assert q5["answered"] == 5 and q5["themes"] and q5["themes"][0]["size"] >= 4
    assert not tasks.refresh_if_stale(open_poll.pk)  # up to date: nothing to do


def test_close_ended_by_the_job(world: World, open_poll: Poll, time_machine: Any) -> None:
    time_machine.move_to(open_poll.closes_on + timedelta(days=1))
    assert tasks.close_ended_polls() == 1
    open_poll.refresh_from_db()
    assert open_poll.status == "closed"
    assert OutboxMessage.objects.filter(
        user=world["committee"], dedupe_key__contains="polls.close_ended:"
    ).exists()
    assert tasks.close_ended_polls() == 0


def _sheet(rows: list[list[Any]], poll: Poll) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["问卷编号", "所在社区", "年龄段"] + [f"第{n}题" for n in range(1, 6)])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_paper_forms_all_or_nothing(world: World, open_poll: Poll) -> None:
    staff = world["committee"]
    good = ["A001", "青石社区", "45至59岁", "1", "1、3", "5", "3,1,2", "电梯早该装了"]
    skip = ["A002", "", "", "2", "", "2", "1、2、3", ""]
    bad = [
        ["A003", "火星社区", "", "1", "1", "5", "1、2、3", ""],
        ["A004", "", "", "1", "", "5", "1、2、3", ""],
        ["A005", "", "", "1", "9", "5", "1、2、3", ""],
        ["A001", "", "", "2", "", "2", "1、2、3", ""],
    ]
    with pytest.raises(InvalidInput) as err:
        actions.import_paper(staff, open_poll, data=_sheet([good, skip, *bad], open_poll))
    lines = err.value.message.splitlines()
    assert len(lines) == 4 and all("第" in line and "行" in line for line in lines)
    assert not Response.objects.filter(poll=open_poll).exists()
    assert actions.import_paper(staff, open_poll, data=_sheet([good, skip], open_poll)) == 2
    made = Response.objects.get(poll=open_poll, paper_number="A001")
    assert made.area == world.community1 and made.source == "paper"
    assert made.answers[ids(open_poll)[3]] == [2, 0, 1]
    with pytest.raises(NotAllowed):
        actions.import_paper(world["staff_a"], open_poll, data=_sheet([good], open_poll))


def test_follow_up_case_and_suggestion(world: World, open_poll: Poll, submit: Any) -> None:
    from lianxi.proposals import actions as proposals
    from lianxi.proposals.actions import Draft

    staff = world["committee"]
    with pytest.raises(IllegalTransition):
        actions.file_case(
            staff,
            open_poll,
            title="加装电梯诉求",
            content="调查显示多数居民支持。",
            community_id=None,
        )
    answer(open_poll, world["citizen"])
    actions.close(staff, open_poll)
    link = actions.file_case(
        staff,
        open_poll,
        title="居民普遍支持加装电梯",
        content="民意调查显示多数居民支持加装电梯，建议统筹推进。",
        community_id=world.community1.pk,
    )
    assert link.case.status == "submitted" and link.case.community == world.community1
    draft = proposals.save_draft(
        world["deputy_a"],
        Draft(
            kind="suggestion",
            title="关于推进加装电梯的建议",
            body="多个社区居民反映上下楼困难，建议统筹推进。",
        ),
    )
    with pytest.raises(InvalidInput):  # a draft staff cannot see
        actions.link_proposal(staff, open_poll, proposal_id=draft.pk)
    proposals.file(world["deputy_a"], draft)
    made = actions.link_proposal(staff, open_poll, proposal_id=draft.pk, note="调查数据作为依据")
    assert made.proposal == draft
    assert OutboxMessage.objects.filter(
        user=world["deputy_a"], dedupe_key__contains="polls.link_proposal:"
    ).exists()
    with pytest.raises(InvalidInput):
        actions.link_proposal(staff, open_poll, proposal_id=draft.pk)


def test_refusals_are_audited(world: World, open_poll: Poll) -> None:
    with pytest.raises(NotAllowed):
        answer(open_poll, world["staff_a"])
    assert AuditEvent.objects.filter(action="polls.answer", outcome="denied").exists()
    assert TODAY == open_poll.opens_on


def test_an_answer_queues_the_count_after_commit(
    world: World, open_poll: Poll, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        answer(open_poll, world["citizen"])
    assert callbacks  # huey runs the job at once in tests
    assert Result.objects.get(poll=open_poll).responses == 1
