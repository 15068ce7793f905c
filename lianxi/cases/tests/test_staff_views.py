"""The staff side: lists per role, the case page's step forms, step posts, bulk reply."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases import actions
from lianxi.cases.models import Case, ReplyTemplate

LIST = reverse("casework:list")
REPLY = "青石社区的电梯已联系物业维修，维修队本周内上门处理，请留意通知。"


def detail(case: Case) -> str:
    return reverse("casework:detail", args=[case.pk])


def step_url(case: Case, step: str) -> str:
    return reverse("casework:step", args=[case.pk, step])


def reveal_url(case: Case) -> str:
    return reverse("casework:reveal", args=[case.pk])


@pytest.fixture
def two(world: World, submit: Any) -> tuple[Case, Case]:
    """case_a in community 1 (deputy_a, station A), case_b in community 2 (deputy_b, B)."""
    case_a = submit(title="甲案电梯故障维修")
    case_b = submit(title="乙案道路积水严重", community=world.community2)
    assert case_a.deputy == world.deputy_a and case_b.deputy == world.deputy_b
    return case_a, case_b


def shows(response: Any, *titles: str) -> set[str]:
    body = response.content.decode()
    return {t for t in titles if t in body}


TITLES = ("甲案电梯故障维修", "乙案道路积水严重")


@pytest.mark.parametrize(
    ("persona", "view", "expected"),
    [
        ("deputy_a", "mine", {"甲案电梯故障维修"}),
        ("deputy_b", "mine", {"乙案道路积水严重"}),
        ("staff_a", "inbox", {"甲案电梯故障维修"}),
        ("staff_b", "inbox", {"乙案道路积水严重"}),
        ("committee", "triage", set(TITLES)),
        ("committee_d1", "triage", {"甲案电梯故障维修"}),
        ("committee_d1", "all", {"甲案电梯故障维修"}),
        ("handler_x", "referred", set()),
        ("admin", "all", set(TITLES)),
    ],
)
def test_each_role_lists_exactly_its_cases(
    world: World, login: Any, two: Any, persona: str, view: str, expected: set[str]
) -> None:
    response = login(world[persona]).get(LIST, {"view": view})
    assert response.status_code == 200
    assert shows(response, *TITLES) == expected


def test_department_lists_only_cases_referred_to_it(world: World, login: Any, two: Any) -> None:
    case_a, _case_b = two
    case_a = actions.accept_case(world["committee"], case=case_a)
    actions.refer_case(world["deputy_a"], case=case_a, lead=world.dept_x)
    assert shows(login(world["handler_x"]).get(LIST), *TITLES) == {"甲案电梯故障维修"}
    assert shows(login(world["handler_y"]).get(LIST), *TITLES) == set()
    assert login(world["handler_y"]).get(detail(case_a)).status_code == 404


def test_other_deputy_gets_404_and_citizen_has_no_staff_list(
    world: World, login: Any, two: Any
) -> None:
    case_a, _ = two
    assert login(world["deputy_b"]).get(detail(case_a)).status_code == 404
    assert login(world["deputy_b"]).get(detail(Case(pk=999999))).status_code == 404
    assert login(world["citizen"]).get(LIST).status_code == 404
    assert login(world["deputy_a"]).get(detail(case_a)).status_code == 200


def test_filters_sort_and_pagination_never_fail(world: World, login: Any, two: Any) -> None:
    client = login(world["committee"])
    response = client.get(LIST, {"view": "all", "district": world.district2.pk, "sort": "due"})
    assert shows(response, *TITLES) == {"乙案道路积水严重"}
    response = client.get(LIST, {"view": "all", "status": "closed"})
    assert shows(response, *TITLES) == set()
    bad = client.get(LIST, {"view": "nope", "district": "x", "page": "zz", "deputy": "1e9"})
    assert bad.status_code == 200  # bad filters are ignored
    assert shows(bad, *TITLES) == set(TITLES)


def test_overdue_board_and_due_date_in_red(world: World, login: Any, two: Any) -> None:
    case_a, _ = two
    Case.objects.filter(pk=case_a.pk).update(due_date="2020-01-01")
    client = login(world["committee"])
    assert shows(client.get(LIST, {"view": "overdue"}), *TITLES) == {"甲案电梯故障维修"}
    body = client.get(detail(case_a)).content.decode()
    assert 'text-danger fw-semibold" id="case-due"' in body


def test_step_forms_only_for_allowed_role_and_state(world: World, login: Any, two: Any) -> None:
    case_a, _ = two
    committee = login(world["committee"]).get(detail(case_a)).content.decode()
    assert 'id="step-accept"' in committee and 'id="step-decline"' in committee
    assert 'id="step-reply"' not in committee
    deputy = login(world["deputy_a"]).get(detail(case_a)).content.decode()
    assert 'id="step-accept"' not in deputy and 'id="step-reply"' not in deputy
    assert 'id="step-note"' in deputy
    actions.accept_case(world["committee"], case=case_a)
    deputy = login(world["deputy_a"]).get(detail(case_a)).content.decode()
    assert 'id="step-reply"' in deputy and 'id="step-refer"' in deputy
    assert 'id="step-accept"' not in deputy
    committee = login(world["committee"]).get(detail(case_a)).content.decode()
    assert 'id="step-reassign"' in committee and 'id="step-reply"' not in committee


@pytest.mark.parametrize(("persona", "status"), [("deputy_a", 403), ("deputy_b", 404)])
def test_wrong_role_posting_a_step_changes_nothing(
    world: World, login: Any, two: Any, persona: str, status: int
) -> None:
    case_a, _ = two
    response = login(world[persona]).post(
        step_url(case_a, "accept"), {"accept-deputy": world.deputy_a.pk}
    )
    assert response.status_code == status
    case_a.refresh_from_db()
    assert case_a.status == "submitted" and case_a.version == 0


def test_wrong_state_is_refused(world: World, login: Any, two: Any) -> None:
    case_a, _ = two
    response = login(world["deputy_a"]).post(step_url(case_a, "reply"), {"reply-text": REPLY})
    assert response.status_code == 409  # not yet the deputy's to answer
    assert login(world["deputy_a"]).post(step_url(case_a, "nope")).status_code == 404
    case_a.refresh_from_db()
    assert case_a.status == "submitted"


def test_full_path_through_the_pages(world: World, login: Any, two: Any) -> None:
    case_a, _ = two
    committee = login(world["committee"])
    page = committee.get(detail(case_a)).content.decode()
    assert f'<option value="{world.deputy_a.pk}" selected>' in page  # proposed routing
    response = committee.post(
        step_url(case_a, "accept"),
        {"accept-deputy": world.deputy_a.pk, "accept-station": world.station_a.pk},
    )
    assert response.status_code == 302 and response["Location"] == detail(case_a)
    deputy = login(world["deputy_a"])
    response = deputy.post(
        step_url(case_a, "refer"),
        {"refer-lead": world.dept_x.pk, "refer-co": [world.dept_y.pk], "refer-note": ""},
    )
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == "referred" and case_a.referrals.count() == 2
    handler = login(world["handler_x"])
    page = handler.get(detail(case_a)).content.decode()
    assert 'id="step-dept_accept"' in page and 'id="step-dept_return"' in page
    assert "136****5678" in page and "13612345678" not in page  # masked for the department
    assert handler.post(step_url(case_a, "dept_accept")).status_code == 302
    response = handler.post(
        step_url(case_a, "dept_answer"),
        {
            "dept_answer-answer": "已安排维保单位更换主板，本周五前恢复运行。",
            "dept_answer-result_class": "A",
        },
    )
    assert response.status_code == 302
    deputy = login(world["deputy_a"])
    response = deputy.post(step_url(case_a, "report_back"), {"report_back-text": REPLY})
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == "reported"
    page = deputy.get(detail(case_a)).content.decode()
    assert "13612345678" not in page and 'id="reveal-form"' in page  # masked until revealed
    page = deputy.post(reveal_url(case_a), {"reason": "电话回访核实维修情况"}).content.decode()
    assert "13612345678" in page  # the assigned deputy reveals it, audited
    assert AuditEvent.objects.filter(
        action="cases.reveal_contact", actor=world["deputy_a"], outcome="ok"
    ).exists()


def test_action_errors_show_next_to_the_field(world: World, login: Any, two: Any) -> None:
    case_a, case_b = two
    committee = login(world["committee_d1"])
    response = committee.post(
        step_url(case_a, "merge"), {"merge-into": case_b.tracking_number, "merge-confirm": "on"}
    )
    assert response.status_code == 422  # case_b is outside district 1
    assert "invalid-feedback" in response.content.decode()
    actions.accept_case(world["committee"], case=case_a)
    response = login(world["deputy_a"]).post(step_url(case_a, "reply"), {"reply-text": "好的"})
    assert response.status_code == 422
    assert "10" in response.content.decode()  # "write at least 10 characters"
    case_a.refresh_from_db()
    assert case_a.status == "assigned"


def test_decline_shows_legal_basis_and_department_return_and_reroute(
    world: World, login: Any, two: Any, rule: Any
) -> None:
    case_a, case_b = two
    committee = login(world["committee"])
    assert rule.legal_basis in committee.get(detail(case_b)).content.decode()
    response = committee.post(step_url(case_b, "decline"), {"decline-rule": rule.pk})
    assert response.status_code == 302
    case_a = actions.accept_case(world["committee"], case=case_a)
    actions.refer_case(world["deputy_a"], case=case_a, lead=world.dept_x)
    response = login(world["handler_x"]).post(
        step_url(case_a, "dept_return"), {"dept_return-reason": "不属于本局职责范围"}
    )
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == "returned"
    committee = login(world["committee"])  # one test client: sign in again
    page = committee.get(detail(case_a)).content.decode()
    assert 'id="step-reroute"' in page
    # the district government (a government department of 东湖区) is the pre-selected fallback
    assert f'<option value="{world.dept_y.pk}" selected>' in page
    response = committee.post(step_url(case_a, "reroute"), {"reroute-lead": world.dept_y.pk})
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == "referred"


def test_reply_template_fills_the_textarea(world: World, login: Any, two: Any) -> None:
    case_a, _ = two
    actions.accept_case(world["committee"], case=case_a)
    template = ReplyTemplate.objects.create(
        title="通用答复", body="您反映的{title}（编号{tracking_number}）已由{deputy}代表跟进。"
    )
    client = login(world["deputy_a"])
    assert f'<option value="{template.pk}">' in client.get(detail(case_a)).content.decode()
    url = reverse("casework:reply_template", args=[case_a.pk])
    body = client.get(url, {"reply-template": template.pk}).content.decode()
    assert f"您反映的甲案电梯故障维修（编号{case_a.tracking_number}）已由李明华代表跟进。" in body
    assert login(world["deputy_b"]).get(url).status_code == 404


def test_bulk_reply_sends_each_and_reports_failures(world: World, login: Any, submit: Any) -> None:
    cases = [
        actions.accept_case(world["committee"], case=submit(title=f"批量答复第{i}件"))
        for i in range(3)
    ]
    template = ReplyTemplate.objects.create(
        title="批量", body="关于{title}，已协调相关单位处理，请留意。"
    )
    client = login(world["deputy_a"])
    page = client.get(LIST, {"view": "mine"}).content.decode()
    assert f'name="ids" value="{cases[0].pk}"' in page
    ids = [c.pk for c in cases]
    page = client.get(reverse("casework:bulk_reply"), {"ids": ids, "template": template.pk})
    assert page.status_code == 200
    assert "关于批量答复第1件，已协调相关单位处理，请留意。" in page.content.decode()
    data = {"ids": ids}
    data |= {f"text-{c.pk}": f"关于{c.title}，已协调相关单位处理，请留意。" for c in cases}
    data[f"text-{cases[2].pk}"] = "太短"
    response = client.post(reverse("casework:bulk_reply"), data)
    assert response.status_code == 422
    statuses = [Case.objects.get(pk=c.pk).status for c in cases]
    assert statuses == ["reported", "reported", "assigned"]
    assert f'id="text-{cases[2].pk}"' in response.content.decode()
    # another deputy's cases are silently out of reach
    other = login(world["deputy_b"]).post(reverse("casework:bulk_reply"), {"ids": [cases[2].pk]})
    assert other.status_code == 302
    assert Case.objects.get(pk=cases[2].pk).status == "assigned"


def test_publish_button_for_committee_only(world: World, login: Any, submit: Any) -> None:
    case = submit(consent_to_publish=True)
    case = actions.accept_case(world["committee"], case=case)
    case = actions.reply_to_case(world["deputy_a"], case=case, text=REPLY)
    Case.objects.filter(pk=case.pk).update(status="closed", outcome="solved")
    assert 'id="step-publish"' in login(world["committee"]).get(detail(case)).content.decode()
    assert 'id="step-publish"' not in login(world["deputy_a"]).get(detail(case)).content.decode()
    assert login(world["deputy_a"]).post(step_url(case, "publish")).status_code == 403
    assert login(world["committee"]).post(step_url(case, "publish")).status_code == 302
    case.refresh_from_db()
    assert case.is_published


def test_disclose_and_internal_note(world: World, login: Any, two: Any) -> None:
    case_a, _ = two
    case_a = actions.accept_case(world["committee"], case=case_a)
    actions.refer_case(world["deputy_a"], case=case_a, lead=world.dept_x)
    deputy = login(world["deputy_a"])
    assert 'id="step-disclose"' in deputy.get(detail(case_a)).content.decode()
    assert deputy.post(step_url(case_a, "disclose")).status_code == 302
    assert 'id="step-disclose"' not in deputy.get(detail(case_a)).content.decode()
    handler = login(world["handler_x"])
    page = handler.get(detail(case_a)).content.decode()
    assert "13612345678" not in page and 'id="reveal-form"' in page  # may reveal it now
    response = handler.post(step_url(case_a, "note"), {"note-text": "已电话联系居民确认"})
    assert response.status_code == 302
    page = login(world["staff_a"]).get(detail(case_a)).content.decode()
    assert "已电话联系居民确认" in page and "badge text-bg-warning" in page


def test_list_and_detail_queries_do_not_grow_with_rows(
    world: World, login: Any, submit: Any
) -> None:
    """Thirty more cases cost no extra query on the list or its export; each stays small."""
    client = login(world["committee"])

    def counts() -> list[int]:
        found = []
        for params in ({"view": "all"}, {"view": "all", "format": "xlsx"}):
            client.get(LIST, params)  # warm the session and per-process caches
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(LIST, params).status_code == 200
            found.append(len(ctx))
        return found

    submit(title="查询次数测试首件")
    before = counts()
    for i in range(30):
        submit(title=f"查询次数测试{i:02d}")
    after = counts()
    assert after == before and max(after) <= 25
    assert "查询次数测试29" in client.get(LIST, {"view": "all"}).content.decode()
