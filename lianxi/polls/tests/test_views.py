"""The poll pages: building, answering signed in by phone, results, paper, exports."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import openpyxl
import pytest

from conftest import World
from lianxi.polls import actions, tasks
from lianxi.polls.models import Link, Poll, Response
from lianxi.polls.tests.conftest import TODAY, answer, build, citizen, ids

pytestmark = pytest.mark.django_db


def test_staff_build_a_poll_with_branching(client: Any, login: Any, world: World) -> None:
    login(world["committee"])
    assert client.get("/work/polls/").status_code == 200
    page = client.post(
        "/work/polls/new/",
        {
            "title": "社区养老服务需求调查",
            "intro": "",
            "area": world.district1.pk,
            "audience": "public",
            "opens_on": TODAY.isoformat(),
            "closes_on": "2026-04-01",
            "results_public": "on",
            "ask_area": "on",
        },
    )
    assert page.status_code == 302
    poll = Poll.objects.get(title="社区养老服务需求调查")
    base = f"/work/polls/{poll.pk}/"
    bad = client.post(
        base + "questions/new/",
        {
            "kind": "single",
            "text": "家中是否有老人？",
            "options": "有\n没有",
            "branches": "2 -> 1",
            "required": "on",
        },
    )
    assert bad.status_code == 400 and "只能跳到后面" in bad.content.decode()
    made = client.post(
        base + "questions/new/",
        {
            "kind": "single",
            "text": "家中是否有老人？",
            "options": "有\n没有",
            "branches": "2 -> 结束",
            "required": "on",
        },
    )
    assert made.status_code == 302
    client.post(
        base + "questions/new/", {"kind": "scale", "text": "对养老服务满意吗？", "required": "on"}
    )
    detail = client.get(base).content.decode()
    assert "家中是否有老人？" in detail and "结束" in detail
    assert client.post(base + "step/publish/").status_code == 302
    poll.refresh_from_db()
    assert poll.status == "open"
    assert client.get(f"/polls/{poll.pk}/").status_code == 200


def test_anonymous_is_asked_to_sign_in_by_phone(client: Any, open_poll: Poll) -> None:
    page = client.get(f"/polls/{open_poll.pk}/").content.decode()
    assert "sign-in-to-answer" in page and "/accounts/citizen/?next=" in page
    refused = client.post(f"/polls/{open_poll.pk}/", {})
    assert refused.status_code == 404 or "登录" in refused.content.decode()
    assert Response.objects.count() == 0


def test_citizen_answers_and_changes(
    client: Any, login: Any, world: World, open_poll: Poll
) -> None:
    login(world["citizen"])
    q = ids(open_poll)
    url = f"/polls/{open_poll.pk}/"
    missing = client.post(url, {f"q{q[0]}": "0", f"q{q[2]}": "4"})
    assert missing.status_code == 400 and "第2题为必答题" in missing.content.decode()
    form = {
        f"q{q[0]}": "0",
        f"q{q[1]}": ["0", "3"],
        f"q{q[2]}": "5",
        f"q{q[3]}_0": "2",
        f"q{q[3]}_1": "3",
        f"q{q[3]}_2": "1",
        f"q{q[4]}": "电梯维护费用要公开。",
        "area": str(world.community1.pk),
        "age_band": "60p",
    }
    assert client.post(url, form).status_code == 302
    made = Response.objects.get(poll=open_poll)
    assert made.answers[q[3]] == [2, 0, 1] and made.answers[q[1]] == [0, 3]
    page = client.get(url).content.decode()
    assert 'id="answered"' in page and "保存修改后的答案" in page
    skipped = {
        f"q{q[0]}": "1",
        f"q{q[2]}": "2",
        f"q{q[3]}_0": "1",
        f"q{q[3]}_1": "2",
        f"q{q[3]}_2": "3",
    }
    assert client.post(url, skipped).status_code == 302
    made.refresh_from_db()
    assert made.changes == 1 and q[1] not in made.answers
    clash = {**skipped, f"q{q[3]}_1": "1"}
    assert client.post(url, clash).status_code == 400


def test_a_refused_answer_keeps_what_the_person_chose(
    client: Any, login: Any, world: World, open_poll: Poll
) -> None:
    """The required question 2 left empty: the page comes back refused with the choice of
    question 1, the scale of question 3 and the ranking checked as they were given."""
    login(world["citizen"])
    q = ids(open_poll)
    given = {f"q{q[0]}": "0", f"q{q[2]}": "4", f"q{q[3]}_0": "2", f"q{q[4]}": "要公开费用。"}
    refused = client.post(f"/polls/{open_poll.pk}/", given)
    assert refused.status_code == 400
    html = refused.content.decode()
    checked = re.findall(r'id="(q\d+-\d+)" value="\d+" checked', html)
    assert checked == [f"q{q[0]}-0", f"q{q[2]}-4"]
    assert "要公开费用。" in html
    with_multi = client.post(f"/polls/{open_poll.pk}/", {f"q{q[0]}": "0", f"q{q[1]}": ["1", "3"]})
    assert with_multi.status_code == 400
    boxes = re.findall(r'id="(q\d+-\d+)" value="\d+" checked', with_multi.content.decode())
    assert boxes == [f"q{q[0]}-0", f"q{q[1]}-1", f"q{q[1]}-3"]
    assert Response.objects.count() == 0


def test_results_page_public_and_private(client: Any, login: Any, world: World) -> None:
    public = actions.publish(world["committee"], build(world))
    private = actions.publish(world["committee"], build(world, results_public=False))
    for n in range(3):
        person = citizen(n)
        answer(public, person)
        answer(private, person)
    tasks.refresh_if_stale(public.pk)
    tasks.refresh_if_stale(private.pk)
    page = client.get(f"/polls/{public.pk}/results/")
    text = page.content.decode()
    assert page.status_code == 200 and "poll-results-data" in text and "echarts" in text
    assert "共 3 份答卷" in text
    assert client.get(f"/polls/{private.pk}/results/").status_code == 404
    login(world["committee"])
    assert client.get(f"/polls/{private.pk}/results/").status_code == 200


def test_drafts_are_not_public(client: Any, login: Any, world: World, draft: Poll) -> None:
    assert client.get(f"/polls/{draft.pk}/").status_code == 404
    for who in ("citizen", "deputy_b", "staff_a", "handler_x"):
        login(world[who])
        assert client.get(f"/polls/{draft.pk}/").status_code == 404
        assert client.get(f"/work/polls/{draft.pk}/").status_code == 404
    login(world["committee_d1"])  # another jurisdiction: the city's draft is outside it
    assert client.get(f"/work/polls/{draft.pk}/").status_code == 404


def test_print_version_has_a_qr_code(client: Any, open_poll: Poll) -> None:
    page = client.get(f"/polls/{open_poll.pk}/print/").content.decode()
    assert "<svg" in page and "如选“2. 不支持”，请跳至第3题。" in page


def test_deputy_poll_through_the_pages(client: Any, login: Any, world: World) -> None:
    poll = build(world, actor=world["deputy_a"], area_id=None)
    login(world["deputy_a"])
    assert client.post(f"/work/polls/{poll.pk}/step/submit/").status_code == 302
    poll.refresh_from_db()
    assert poll.status == "pending"
    login(world["committee_d1"])
    assert "approve-poll" in client.get(f"/work/polls/{poll.pk}/").content.decode()
    client.post(f"/work/polls/{poll.pk}/step/approve/")
    poll.refresh_from_db()
    assert poll.status == "open"


def test_paper_upload_and_exports(client: Any, login: Any, world: World, open_poll: Poll) -> None:
    login(world["committee"])
    template = client.get(f"/work/polls/{open_poll.pk}/paper-template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["问卷编号", "所在社区", "年龄段"]
    sheet.append(["B1", "青石社区", "30至44岁", "1", "2", "4", "1,2,3", ""])
    sheet.append(["B2", "", "", "1", "", "4", "1,2,3", ""])
    sheet.delete_rows(2)  # the example row
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "paper.xlsx"
    refused = client.post(f"/work/polls/{open_poll.pk}/paper/", {"file": out})
    assert refused.status_code == 400 and "第3行" in refused.content.decode()
    assert not Response.objects.exists()
    book.worksheets[0].delete_rows(3)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "paper.xlsx"
    assert client.post(f"/work/polls/{open_poll.pk}/paper/", {"file": out}).status_code == 302
    assert Response.objects.filter(source="paper").count() == 1
    tasks.refresh_if_stale(open_poll.pk)
    xlsx = client.get(f"/work/polls/{open_poll.pk}/answers.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0].values)
    assert rows[1][1] == "纸质问卷" and rows[1][2] == "B1"
    report = client.get(f"/work/polls/{open_poll.pk}/report.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report.content)).paragraphs)
    assert "共有 1 人参与" in text


def test_follow_up_from_the_page(client: Any, login: Any, world: World, open_poll: Poll) -> None:
    actions.close(world["committee"], open_poll)
    login(world["committee"])
    page = client.post(
        f"/work/polls/{open_poll.pk}/follow-up/case/",
        {
            "title": "居民支持加装电梯",
            "content": "调查显示大多数居民支持加装电梯，请统筹推进。",
            "community": world.community1.pk,
        },
    )
    assert page.status_code == 302
    assert Link.objects.filter(poll=open_poll, kind="case").exists()
    assert "poll-links" in client.get(f"/work/polls/{open_poll.pk}/").content.decode()
