"""Duplicates merged (and the merge undone), corrections after filing kept as versions, replies
drafted then signed off with each round kept, evidence from a supervision topic: each with
its refusals, through the actions, the pages and the API."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from conftest import World
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage
from lianxi.proposals import actions
from lianxi.proposals.actions import Draft
from lianxi.proposals.duplicates import candidates
from lianxi.proposals.models import Proposal

pytestmark = pytest.mark.django_db
API = "/api/v1/proposals"


def told(user: Any, kind: str) -> list[str]:
    rows = OutboxMessage.objects.filter(user=user, kind=kind, channel="inapp")
    return list(rows.values_list("body", flat=True))


def post(client: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


def filed_by_b(world: World, submit: Any, title: str = "关于加快老旧小区电梯改造的建议") -> Any:
    from lianxi.cases.actions import accept_case

    other = submit(community=world.community2)
    accept_case(world["committee"], case=other, deputy=world.deputy_b)
    item = actions.save_draft(
        world["deputy_b"],
        Draft(
            "suggestion", title, "松林社区老旧小区电梯故障多，建议统筹改造。", case_ids=[other.pk]
        ),
    )
    return actions.file(world["deputy_b"], item), other


# ---------------------------------------------------------------- duplicates


def test_a_duplicate_is_found_merged_and_the_merge_undone(
    world: World, draft: Proposal, case: Any, submit: Any
) -> None:
    actions.file(world["deputy_a"], draft)
    dup, other_case = filed_by_b(world, submit)
    found = candidates(world["committee"], dup)
    assert [d.item for d in found] == [draft] and found[0].similarity == 1.0
    # Only staff of the jurisdiction merge; not into itself, not into a closed item.
    with pytest.raises(NotAllowed):
        actions.merge(world["deputy_b"], dup, draft)
    with pytest.raises(InvalidInput) as err:
        actions.merge(world["committee"], dup, dup)
    assert err.value.field == "into"
    actions.merge(world["committee"], dup, draft, "内容相同，并案办理。")
    dup.refresh_from_db()
    assert dup.status == "merged" and dup.merged_into == draft
    assert set(draft.cases.all()) == {case, other_case}
    assert told(world["deputy_b"], "proposals.merge")
    # The merged item cannot be reviewed; undone, it is filed on its own and the cases the
    # merge added are taken back (the item's own case stays).
    with pytest.raises(IllegalTransition):
        actions.review(world["committee"], dup, "accept")
    with pytest.raises(InvalidInput) as err:
        actions.unmerge(world["committee"], dup, "")
    assert err.value.field == "reason"
    actions.unmerge(world["committee"], dup, "并案有误，分别办理。")
    dup.refresh_from_db()
    assert dup.status == "filed" and dup.merged_into is None
    assert list(draft.cases.all()) == [case]
    assert told(world["deputy_b"], "proposals.unmerge")


def test_staff_of_another_area_cannot_merge(world: World, draft: Proposal, submit: Any) -> None:
    actions.file(world["deputy_a"], draft)
    dup, _case = filed_by_b(world, submit)
    with pytest.raises(NotAllowed):
        actions.merge(world["committee_d1"], dup, draft)  # deputy B is in district 2
    assert Proposal.objects.get(pk=dup.pk).status == "filed"


def test_merging_through_the_page_and_the_api(
    world: World, login: Any, draft: Proposal, submit: Any
) -> None:
    actions.file(world["deputy_a"], draft)
    dup, _case = filed_by_b(world, submit)
    staff = login(world["committee"])
    page = staff.get(f"/work/proposals/{dup.pk}/").content.decode()
    assert 'id="duplicates"' in page and draft.title in page
    staff.post(f"/work/proposals/{dup.pk}/merge/", {"into": draft.pk, "reason": "重复"})
    assert Proposal.objects.get(pk=dup.pk).status == "merged"
    page = staff.get(f"/work/proposals/{draft.pk}/").content.decode()
    assert 'id="merged-here"' in page
    # The deputy sees where it went only if they may read the other item.
    mine = login(world["deputy_b"]).get(f"/work/proposals/{dup.pk}/").content.decode()
    assert 'id="merged-into"' in mine and f"/work/proposals/{draft.pk}/" not in mine
    staff = login(world["committee"])
    undone = post(staff, f"{API}/{dup.pk}/unmerge", {"reason": "并案有误"})
    assert undone.status_code == 200 and undone.json()["status"] == "filed"
    unseen = post(staff, f"{API}/{dup.pk}/merge", {"into_id": 999999})
    assert unseen.status_code == 422 and unseen.json()["field"] == "into"
    handler = post(login(world["handler_x"]), f"{API}/{dup.pk}/merge", {"into_id": draft.pk})
    assert handler.status_code == 404


# ---------------------------------------------------------------- corrections


def test_a_correction_after_filing_is_a_new_version(world: World, assigned: Proposal) -> None:
    first, why, what = assigned.body, assigned.reasons, assigned.measures
    text = Draft("suggestion", assigned.title, first + "建议分两年实施。", why, what)
    with pytest.raises(NotAllowed):
        actions.correct(world["deputy_b"], assigned, text, "补充实施年限")
    with pytest.raises(InvalidInput) as err:
        actions.correct(world["deputy_a"], assigned, text, "")
    assert err.value.field == "note"
    same = Draft("suggestion", assigned.title, first, why, what)
    with pytest.raises(InvalidInput):
        actions.correct(world["deputy_a"], assigned, same, "没有改动")
    actions.correct(world["deputy_a"], assigned, text, "补充实施年限")
    assigned.refresh_from_db()
    v1, v2 = assigned.versions.all()
    assert (v1.number, v1.body) == (1, first)
    assert (v2.number, v2.body, v2.note) == (2, first + "建议分两年实施。", "补充实施年限")
    assert assigned.version == 2 and assigned.body == v2.body
    assert told(world["handler_x"], "proposals.correct")
    assert told(world["committee"], "proposals.correct")


def test_no_correction_before_filing_or_after_the_reply(world: World, draft: Proposal) -> None:
    text = Draft("suggestion", draft.title, draft.body + "补充。")
    with pytest.raises(IllegalTransition):
        actions.correct(world["deputy_a"], draft, text, "补充内容")


def test_the_correction_page_keeps_the_history_visible(
    world: World, login: Any, assigned: Proposal
) -> None:
    deputy = login(world["deputy_a"])
    assert 'id="correct"' in deputy.get(f"/work/proposals/{assigned.pk}/").content.decode()
    answer = deputy.post(
        f"/work/proposals/{assigned.pk}/correct/",
        {"title": assigned.title, "body": assigned.body + "建议分两年实施。", "note": "补充"},
    )
    assert answer.status_code == 400  # a note of 2 characters names its field
    assert "note" in answer.content.decode() or "更正" in answer.content.decode()
    deputy.post(
        f"/work/proposals/{assigned.pk}/correct/",
        {"title": assigned.title, "body": assigned.body + "建议分两年实施。", "note": "补充年限"},
    )
    page = login(world["handler_x"]).get(f"/work/proposals/{assigned.pk}/").content.decode()
    assert 'id="versions"' in page and "v2" in page and "补充年限" in page
    assert (
        login(world["deputy_b"]).get(f"/work/proposals/{assigned.pk}/correct/").status_code == 404
    )


# ---------------------------------------------------------------- sign-off and rounds


@time_machine.travel("2026-04-01 10:00 +08:00", tick=False)
def test_a_drafted_reply_is_sent_only_when_signed_off_and_rounds_are_kept(
    world: World, assigned: Proposal, case: Any
) -> None:
    handler = world["handler_x"]
    actions.record_contact(handler, assigned, "phone", date(2026, 3, 20), "电话沟通")
    with pytest.raises(InvalidInput) as err:
        actions.sign_off(handler, assigned)
    assert err.value.field == "reply"
    actions.draft_reply(handler, assigned, "C", "条件具备时解决，已作说明。")
    with pytest.raises(NotAllowed):  # a co-handling unit does not draft the lead's reply
        actions.draft_reply(world["handler_y"], assigned, "A", "已经全部解决到位。")
    assigned.refresh_from_db()
    assert (assigned.status, assigned.result, assigned.draft_result) == ("assigned", "", "C")
    assert not told(world["deputy_a"], "proposals.reply")
    assert not case.events.filter(step="proposal").exists()
    with pytest.raises(InvalidInput) as err:  # the co-handling unit has not spoken yet
        actions.sign_off(handler, assigned)
    assert err.value.field == "co_opinions"
    actions.give_co_opinion(world["handler_y"], assigned, "同意主办单位意见，配合推进。")
    with pytest.raises(NotAllowed):
        actions.sign_off(world["handler_y"], assigned)
    actions.sign_off(handler, assigned)
    assert assigned.status == "replied" and assigned.result == "C" and not assigned.draft_reply
    actions.rate(world["deputy_a"], assigned, "unsatisfied", "答复不具体")
    actions.record_contact(handler, assigned, "visit", date(2026, 3, 31), "现场查看")
    actions.draft_reply(handler, assigned, "B", "已列入计划，分批改造。")
    actions.sign_off(handler, assigned)
    first, second = assigned.answers.all()
    assert (first.number, first.result, second.number, second.result) == (1, "C", 2, "B")
    assert second.signed_off_by == handler and assigned.result == "B"
    assert case.events.filter(step="proposal").count() == 2


def test_the_api_drafts_then_signs_off(world: World, login: Any, assigned: Proposal) -> None:
    actions.record_contact(world["handler_x"], assigned, "phone", date(2026, 3, 2), "电话沟通")
    actions.give_co_opinion(world["handler_y"], assigned, "同意主办单位意见，配合推进。")
    unit = login(world["handler_x"])
    body = {"result": "B", "text": "已列入今年改造计划，年底前完成。"}
    drafted = post(unit, f"{API}/{assigned.pk}/draft-reply", body)
    assert drafted.json()["status"] == "assigned" and drafted.json()["draft_reply"]["result"] == "B"
    # The deputy does not read the unit's unsent draft.
    theirs = login(world["deputy_a"]).get(f"{API}/{assigned.pk}").json()
    assert theirs["draft_reply"] is None and theirs["result"] == ""
    unit = login(world["handler_x"])
    sent = post(unit, f"{API}/{assigned.pk}/sign-off")
    assert sent.json()["status"] == "replied" and sent.json()["answers"][0]["result"] == "B"
    again = post(unit, f"{API}/{assigned.pk}/sign-off")
    assert again.status_code == 409


# ---------------------------------------------------------------- supervision topic


def test_a_suggestion_from_a_supervision_topic_taken_up(
    world: World, login: Any, case: Any
) -> None:
    from lianxi.cases.models import Referral
    from lianxi.topics.models import SupervisionTopic

    when = datetime(2026, 2, 10, 2, 0, tzinfo=UTC)
    Referral.objects.create(
        case=case,
        department=world.dept_x,
        role="lead",
        referred_at=when,
        due_date=date(2026, 3, 1),
        accept_by=date(2026, 2, 20),
    )
    topic = SupervisionTopic.objects.create(
        month=date(2026, 3, 1),
        department=world.dept_x,
        cases=1,
        unsatisfied=0,
        rated=0,
        overdue=1,
        score=1.5,
    )
    deputy = login(world["deputy_b"])  # case is deputy A's: the topic still links it
    text = {"kind": "suggestion", "title": "关于住建局电梯问题的建议", "body": "x" * 20}
    refused = deputy.post("/work/proposals/new/", {**text, "topic": topic.pk})
    assert refused.status_code == 400  # only a topic the committee took up
    topic.status = "adopted"
    topic.save()
    start = deputy.get("/work/proposals/new/").content.decode()
    assert f"?topic={topic.pk}" in start
    assert (
        'id="from-topic"' in deputy.get(f"/work/proposals/new/?topic={topic.pk}").content.decode()
    )
    deputy.post("/work/proposals/new/", {**text, "topic": topic.pk})
    item = Proposal.objects.get()
    assert item.topic == topic and list(item.cases.all()) == [case]
    # The evidence counts the case; its text is not shown to a deputy who may not read it.
    page = deputy.get(f"/work/proposals/{item.pk}/").content.decode()
    assert case.tracking_number not in page
