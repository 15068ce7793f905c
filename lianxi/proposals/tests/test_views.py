"""The pages: a whole journey through the forms, and the 404s of other roles and units."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from conftest import World
from lianxi.proposals.models import Proposal

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-02 10:00 +08:00", tick=False)
def test_journey_through_the_pages(world: World, login: Any, case: Any) -> None:
    client = login(world["deputy_a"])
    page = client.get("/work/proposals/new/")
    assert page.status_code == 200 and case.tracking_number in page.content.decode()
    answer = client.post(
        "/work/proposals/new/",
        {
            "kind": "suggestion",
            "title": "关于加快老旧小区电梯改造的建议",
            "body": "多个社区反映老旧小区电梯故障频发，建议统筹改造。",
            "cases": [case.pk],
        },
    )
    item = Proposal.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/work/proposals/{item.pk}/"
    detail = client.get(f"/work/proposals/{item.pk}/").content.decode()
    assert "1" in detail and case.tracking_number in detail
    client.post(f"/work/proposals/{item.pk}/file/")
    staff = login(world["committee"])
    staff.post(f"/work/proposals/{item.pk}/review/", {"decision": "accept"})
    staff.post(
        f"/work/proposals/{item.pk}/assign/",
        {"lead": world.dept_x.pk, "co_units": [world.dept_y.pk]},
    )
    login(world["handler_y"]).post(
        f"/work/proposals/{item.pk}/co-opinion/", {"text": "同意改造安排，我局配合做好资金保障。"}
    )
    unit = login(world["handler_x"])
    unit.post(
        f"/work/proposals/{item.pk}/contact/",
        {"method": "meeting", "on": "2026-03-02", "notes": "当面沟通了改造安排"},
    )
    unit.post(
        f"/work/proposals/{item.pk}/reply/",
        {"result": "B", "text": "已列入今年改造计划，年底前完成。"},
    )
    # Drafted, not sent: the deputy has nothing to rate until the reply is signed off.
    item.refresh_from_db()
    assert (item.status, item.draft_result, item.result) == ("assigned", "B", "")
    page = unit.get(f"/work/proposals/{item.pk}/").content.decode()
    assert 'id="sign-off"' in page and "已列入今年改造计划" in page
    unit.post(f"/work/proposals/{item.pk}/sign-off/")
    deputy = login(world["deputy_a"])
    deputy.post(f"/work/proposals/{item.pk}/rate/", {"rating": "basic", "comment": "继续跟进"})
    item.refresh_from_db()
    assert (item.status, item.result, item.rating) == ("closed", "B", "basic")
    public = client.get("/proposals/").content.decode()
    assert item.title in public
    # The citizen behind it sees the outcome on their case.
    mine = login(world["citizen"]).get(f"/cases/mine/{case.pk}/").content.decode()
    assert "已通过代表建议得到答复" in mine and "正在解决" in mine


def test_a_bad_draft_names_the_field(world: World, login: Any) -> None:
    answer = login(world["deputy_a"]).post(
        "/work/proposals/new/", {"kind": "suggestion", "title": "短", "body": "太短"}
    )
    assert answer.status_code == 400
    assert not Proposal.objects.exists()


def test_other_roles_and_units_get_404(world: World, login: Any, assigned: Proposal) -> None:
    url = f"/work/proposals/{assigned.pk}/"
    assert login(world["handler_x"]).get(url).status_code == 200
    assert login(world["deputy_b"]).get(url).status_code == 404
    assert login(world["citizen"]).get("/work/proposals/").status_code == 404
    assert login(world["staff_a"]).get(url).status_code == 404
    other = login(world["committee_d1"])
    assert other.get(url).status_code == 200  # deputy A's constituency is in district 1
    assert login(world["deputy_b"]).post(f"{url}rate/", {"rating": "satisfied"}).status_code == 404


def test_another_unit_cannot_read_the_item(world: World, login: Any, assigned: Proposal) -> None:
    from lianxi.directory.tests import factories as f

    dept = f.department("示范市教育局", world.city)
    dept.handlers.add(world["handler_y"])
    assigned.co_units.clear()
    assert login(world["handler_y"]).get(f"/work/proposals/{assigned.pk}/").status_code == 404


def test_an_invited_deputy_cosigns_from_the_list(world: World, login: Any) -> None:
    from lianxi.proposals import actions
    from lianxi.proposals.actions import Draft

    item = actions.save_draft(
        world["deputy_a"], Draft("bill", "关于制定物业管理条例的议案", "物业管理纠纷逐年增多。")
    )
    actions.invite_cosigners(world["deputy_a"], item, [world.deputy_b.pk])
    client = login(world["deputy_b"])
    page = client.get("/work/proposals/").content.decode()
    assert item.title in page
    invite = item.cosigners.get()
    client.post(f"/work/proposals/cosign/{invite.pk}/", {"answer": "confirm"})
    invite.refresh_from_db()
    assert invite.status == "confirmed"
    assert login(world["deputy_a"]).post(f"/work/proposals/cosign/{invite.pk}/").status_code == 404


@time_machine.travel("2026-04-01 10:00 +08:00", tick=False)
def test_numbers_by_unit_and_their_export(world: World, login: Any, assigned: Proposal) -> None:
    from datetime import date

    from lianxi.lib.sheets import SheetFormat  # noqa: F401 - the one xlsx reader
    from lianxi.proposals import actions

    actions.record_contact(world["handler_x"], assigned, "phone", date(2026, 3, 20), "电话沟通")
    actions.give_co_opinion(world["handler_y"], assigned, "同意主办单位意见，配合推进。")
    actions.reply(world["handler_x"], assigned, "A", "已完成改造，问题已解决。")
    staff = login(world["committee"])
    page = staff.get("/work/proposals/numbers/").content.decode()
    assert world.dept_x.name in page
    assert 'id="numbers-deputies"' in page and world.deputy_a.name in page
    assert 'id="numbers-categories"' in page
    export = staff.get("/work/proposals/numbers.xlsx")
    assert export.status_code == 200 and export.content.startswith(b"PK")
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(export.content), read_only=True)
    assert book.sheetnames == ["按承办单位", "按代表", "按类别"]
    deputies = list(book["按代表"].iter_rows(values_only=True))
    assert deputies[1] == (world.deputy_a.name, 1, 1, 0, 1, 0)
    categories = list(book["按类别"].iter_rows(values_only=True))
    assert categories[1][1:7] == (1, 1, 1, 0, 0, 0)
    assert login(world["handler_x"]).get("/work/proposals/numbers/").status_code == 404
    assert login(world["deputy_a"]).get("/work/proposals/numbers.xlsx").status_code == 404


def test_a_deputy_builds_a_suggestion_from_a_hot_issue(
    world: World, login: Any, submit: Any
) -> None:
    from datetime import UTC, datetime

    from lianxi.cases.actions import accept_case
    from lianxi.topics.models import HotIssue

    cases = [submit(), submit(community=world.community2)]
    accept_case(world["committee"], case=cases[1], deputy=world.deputy_b)
    when = datetime(2026, 3, 1, tzinfo=UTC)
    issue = HotIssue.objects.create(
        rank=1,
        label="老旧小区电梯故障",
        size=2,
        recent=2,
        followers=0,
        score=1.0,
        first_at=when,
        last_at=when,
    )
    issue.cases.set(cases)
    client = login(world["deputy_b"])
    start = client.get("/work/proposals/new/").content.decode()
    assert f"?hot={issue.pk}" in start
    page = client.get(f"/work/proposals/new/?hot={issue.pk}").content.decode()
    assert "老旧小区电梯故障" in page
    client.post(
        "/work/proposals/new/",
        {
            "kind": "suggestion",
            "title": "关于老旧小区电梯故障的建议",
            "body": "两个社区反映电梯故障频发，建议统筹改造。",
            "hot_issue": issue.pk,
        },
    )
    item = Proposal.objects.get()
    assert set(item.cases.all()) == set(cases)
    # A deputy who sees no case of it cannot build from it.
    from conftest import make_user
    from lianxi.directory.tests import factories as f

    other = make_user("deputy_c", "deputy")
    f.deputy("赵新", world.district2, user=other)
    answer = login(other).post(
        "/work/proposals/new/",
        {"kind": "suggestion", "title": "借用热点问题", "body": "x" * 20, "hot_issue": issue.pk},
    )
    assert answer.status_code == 400 and Proposal.objects.count() == 1


def test_the_item_as_pdf_and_word(world: World, login: Any, assigned: Proposal) -> None:
    import io
    import subprocess

    from docx import Document

    client = login(world["handler_x"])
    pdf = client.get(f"/work/proposals/{assigned.pk}/document.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "老旧小区电梯" in text and world.dept_x.name in text
    word = client.get(f"/work/proposals/{assigned.pk}/document.docx")
    paragraphs = "".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert assigned.title in paragraphs
    assert (
        login(world["deputy_b"]).get(f"/work/proposals/{assigned.pk}/document.pdf").status_code
        == 404
    )


@time_machine.travel("2026-04-01 10:00 +08:00", tick=False)
def test_a_deputys_public_page_lists_their_answered_items(
    world: World, client: Any, assigned: Proposal
) -> None:
    from datetime import date

    from lianxi.proposals import actions

    page = client.get(f"/deputies/{world.deputy_a.pk}/").content.decode()
    assert 'id="deputy-proposals"' in page and assigned.title not in page
    actions.record_contact(world["handler_x"], assigned, "phone", date(2026, 3, 20), "电话沟通")
    actions.give_co_opinion(world["handler_y"], assigned, "同意主办单位意见，配合推进。")
    actions.reply(world["handler_x"], assigned, "B", "已列入本年度城市更新计划，年内完成改造。")
    page = client.get(f"/deputies/{world.deputy_a.pk}/").content.decode()
    assert assigned.title in page and f"/proposals/?deputy={world.deputy_a.pk}" in page
    own = client.get(f"/proposals/?deputy={world.deputy_a.pk}").content.decode()
    assert assigned.title in own
    other = client.get(f"/proposals/?deputy={world.deputy_b.pk}").content.decode()
    assert assigned.title not in other
    huge = client.get("/proposals/?deputy=99999999999999999999")
    assert huge.status_code == 200 and assigned.title in huge.content.decode()


@time_machine.travel("2026-04-01 10:00 +08:00", tick=False)
def test_a_co_handling_unit_gives_its_opinion_on_the_page(
    world: World, login: Any, assigned: Proposal
) -> None:
    url = f"/work/proposals/{assigned.pk}/"
    lead = login(world["handler_x"]).get(url).content.decode()
    assert 'id="co-opinions"' in lead and world.dept_y.name in lead
    assert 'id="send-co-opinion"' not in lead
    unit = login(world["handler_y"])
    assert 'id="send-co-opinion"' in unit.get(url).content.decode()
    unit.post(f"{url}co-opinion/", {"text": "同意主办单位的改造安排，配合推进。"})
    assert assigned.co_opinions.get().text == "同意主办单位的改造安排，配合推进。"
    page = login(world["committee"]).get(url).content.decode()
    assert "同意主办单位的改造安排" in page
