from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from lianxi.cases.actions import accept_case
from lianxi.cases.models import Referral
from lianxi.directory.models import Category
from lianxi.insight.models import RoutingModel, RoutingSuggestion
from lianxi.insight.routing import service
from lianxi.insight.tasks import retrain_routing

TITLE, CONTENT = "小区电梯长期故障", "青石社区3栋电梯已经停运两周，物业公司不管，请尽快维修电梯。"


@pytest.fixture
def case(world: World, submit: Any) -> Any:
    return submit(TITLE, CONTENT)


def check_url(case: Any) -> str:
    return reverse("insight_work:answer_check", args=[case.pk])


def test_answer_check_warns(world: World, login: Any, case: Any) -> None:
    client = login(world.users["committee"])
    response = client.post(check_url(case), {"reply-text": "已收悉"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-check="too_short"' in body and 'data-check="no_basis_or_next_step"' in body
    good = (
        "经核查，青石社区3栋电梯因主板损坏停运。根据物业服务合同，已责成物业公司更换主板，"
        "预计本月20日前恢复运行，届时社区将回访住户。"
    )
    body = client.post(check_url(case), {"dept_answer-answer": good}).content.decode()
    assert "data-check" not in body and "text-success" in body
    assert client.post(check_url(case), {"reply-text": ""}).content.decode().strip() == ""


def test_answer_check_is_scoped(world: World, login: Any, case: Any) -> None:
    assert login(world.users["deputy_b"]).post(check_url(case), {"text": "x"}).status_code == 404
    assert login(world.users["citizen"]).post(check_url(case), {"text": "x"}).status_code == 404
    assert login(world.users["committee"]).get(check_url(case)).status_code == 405


def test_case_page_loads_the_check(world: World, login: Any, case: Any) -> None:
    page = login(world.users["committee"]).get(reverse("casework:detail", args=[case.pk]))
    body = page.content.decode()
    assert 'id="insight-answer-check"' in body and "insight/answer_check.js" in body
    assert 'name="accept-category"' in body


def test_accept_page_correction(world: World, login: Any, case: Any) -> None:
    other = Category.objects.get(name="市政设施")
    response = login(world.users["committee"]).post(
        reverse("casework:step", args=[case.pk, "accept"]),
        {"accept-deputy": world.deputy_a.pk, "accept-category": other.pk},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.category == other and case.status == "assigned"
    assert RoutingSuggestion.objects.get(case=case).corrected_category == other


def test_refer_form_defaults_to_suggested_department(world: World, login: Any, submit: Any) -> None:
    for i in range(3):
        for dept, text in ((world.dept_x, "电梯停运物业不管"), (world.dept_y, "超市卖过期食品")):
            c = submit(f"{text}{i}", f"{text}，已经{i + 2}个月，请相关部门调查处理。")
            Referral.objects.create(
                case=c, department=dept, role="lead", referred_at=c.submitted_at,
                due_date=c.submitted_at.date(), accept_by=c.submitted_at.date(),
            )  # fmt: skip
    retrain_routing()
    service.forget()
    case = submit("超市卖过期食品", "东湖区某超市卖过期食品，请调查处理。")
    accept_case(world.users["committee"], case=case, deputy=world.deputy_a)
    row = RoutingSuggestion.objects.get(case=case)
    assert row.department == world.dept_y
    page = login(world.users["deputy_a"]).get(reverse("casework:detail", args=[case.pk]))
    body = page.content.decode()
    assert f'<option value="{world.dept_y.pk}" selected>' in body
    assert "系统建议，把握程度" in body


def test_routing_page_and_retrain_button(
    world: World, login: Any, case: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("insight_work:routing")
    assert login(world.users["deputy_a"]).get(url).status_code == 404
    assert login(world.users["deputy_a"]).post(reverse("insight_work:retrain")).status_code == 404
    client = login(world.users["committee"])
    assert 'id="routing-empty"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insight_work:retrain"))
    assert response.status_code == 302
    assert RoutingModel.objects.get().trained_by == world.users["committee"]  # huey immediate
    page = client.get(url).content.decode()
    assert 'id="routing-models"' in page and "v1" in page


def test_nav_and_panel(world: World, login: Any) -> None:
    retrain_routing()
    page = login(world.users["committee"]).get(reverse("workbench:home")).content.decode()
    assert reverse("insight_work:routing") in page and 'id="insight-panel"' in page
    page = login(world.users["citizen"]).get("/").content.decode()
    assert 'id="insight-panel"' not in page


def test_api_suggest_and_answer_check(world: World, login: Any, case: Any, client: Any) -> None:
    """The API gives what the pages give: a suggestion for staff, answer checks scoped to the
    cases the user may see; bad input is 422, others 401/404."""
    body = {"title": "电梯坏了", "content": "小区电梯停运两周，老人上下楼困难，请尽快维修电梯。"}
    url = "/api/v1/insight/suggest"
    assert client.post(url, body, content_type="application/json").status_code == 401
    committee = login(world.users["committee"])
    got = committee.post(url, body, content_type="application/json")
    assert got.status_code == 200
    data = got.json()
    expected = service.suggest(f"{body['title']} {body['content']}")
    assert data["category"]["id"] == expected.category_id
    assert Category.objects.get(pk=data["category"]["id"]).name == data["category"]["name"]
    assert len(data["alternatives"]) == 2
    assert 0 < data["category"]["confidence"] <= 1
    short = committee.post(url, {"content": "电梯"}, content_type="application/json")
    assert short.status_code == 422
    assert (
        login(world.users["citizen"]).post(url, body, content_type="application/json").status_code
        == 404
    )

    check = f"/api/v1/insight/cases/{case.pk}/answer-check"
    committee = login(world.users["committee"])
    codes = [
        f["code"]
        for f in committee.post(check, {"answer": "已收悉"}, content_type="application/json").json()
    ]
    assert "too_short" in codes and "no_basis_or_next_step" in codes
    good = (
        "经核查，青石社区3栋电梯因主板损坏停运。根据物业服务合同，已责成物业公司更换主板，"
        "预计本月20日前恢复运行，届时社区将回访住户。"
    )
    assert committee.post(check, {"answer": good}, content_type="application/json").json() == []
    other = login(world.users["deputy_b"]).post(
        check, {"answer": good}, content_type="application/json"
    )
    assert other.status_code == 404
