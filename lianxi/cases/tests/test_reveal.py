"""A citizen's contact revealed on purpose: masked for every staff role on the case page, the
list, the API and the export; the full value only through a reveal (page button or API), for
those who need to know, with a reason, rate-limited and audited. Phone and ID numbers typed
into the text are masked for the rest; the stored text stays as written."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World, force_login
from lianxi.audit.models import AuditEvent
from lianxi.cases import actions
from lianxi.cases.models import Case

PHONE = "13812340001"
IDNO = "110101199003074514"
NAME = "甄隐私"
ADDRESS = "东湖区青石街道幸福里8号3单元502室"
TYPED_PHONE = "13698760002"  # typed into the text by the citizen
CLEAR = (PHONE, IDNO, NAME, ADDRESS, TYPED_PHONE)
REASON = {"reason": "电话回访，约定上门查看的时间"}
STAFF = ["admin", "committee", "committee_d1", "staff_a", "deputy_a", "handler_x"]


def sign_in(world: World, name: str) -> Client:
    client = Client()
    force_login(client, world[name])
    return client


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def api_reveal(client: Client, case: Case, body: dict[str, Any] | None = None) -> Any:
    return post(client, f"/api/v1/cases/{case.pk}/reveal", REASON if body is None else body)


def api_text(client: Client, url: str) -> str:
    """The answer as text, Chinese unescaped (a name must not hide behind \\u escapes)."""
    return json.dumps(client.get(url).json(), ensure_ascii=False)


def leaks(text: str) -> list[str]:
    return [value for value in CLEAR if value in text]


@pytest.fixture
def secret(world: World, submit: Any) -> Case:
    """A case of deputy A's station, referred to unit X with the contact disclosed: every staff
    persona but deputy B, staff B and handler Y sees it."""
    case = submit(
        title=f"电梯故障，请回电{TYPED_PHONE}",
        content=f"青石社区3栋电梯停运两周。我的身份证号{IDNO}，电话{TYPED_PHONE}。",
        contact_name=NAME,
        contact_phone=PHONE,
        address=ADDRESS,
    )
    case = actions.accept_case(
        world["committee"], case=case, deputy=world.deputy_a, station=world.station_a
    )
    return actions.refer_case(
        world["deputy_a"], case=case, lead=world.dept_x, disclose_contact=True
    )


def surfaces(client: Client, case: Case) -> dict[str, str]:
    """Everything a staff user reads about the case without revealing."""
    export = client.get(reverse("casework:list"), {"format": "xlsx", "view": "all"})
    book = load_workbook(io.BytesIO(export.content))
    assert book.active is not None
    cells = " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row)
    return {
        "page": client.get(reverse("casework:detail", args=[case.pk])).content.decode(),
        "list": client.get(reverse("casework:list"), {"view": "all"}).content.decode(),
        "api list": api_text(client, "/api/v1/cases"),
        "api detail": api_text(client, f"/api/v1/cases/{case.pk}"),
        "export": cells,
        "home": client.get("/work/").content.decode(),
        "search": client.get("/work/search/", {"q": "电梯"}).content.decode(),
        "notifications": client.get("/notifications/").content.decode(),
        "api notifications": api_text(client, "/api/v1/notifications"),
    }


@pytest.mark.parametrize("name", STAFF)
def test_contact_is_masked_for_every_staff_role_on_every_surface(
    world: World, secret: Case, name: str
) -> None:
    seen = surfaces(sign_in(world, name), secret)
    for surface, text in seen.items():
        for value in (PHONE, NAME, ADDRESS):
            assert value not in text, (name, surface, value)
        if surface not in {"page", "api detail", "api list"}:  # text in clear if known
            assert leaks(text) == [], (name, surface)
    assert "138****0001" in seen["page"] and "138****0001" in seen["api detail"]
    assert "甄**" in seen["api list"] and "东湖区青石街***" in seen["api detail"]
    assert not AuditEvent.objects.filter(action="cases.reveal_contact").exists()


def test_probe_deputy_and_handler_read_every_case_and_see_no_full_number(
    world: World, submit: Any
) -> None:
    """The probe of issue 27: a deputy (34 full numbers) and a handler (24) walking the API's
    list and every case's detail. Now: 0 full numbers, only masks; reading reveals nothing, so
    nothing needs auditing."""
    phones = [f"1351234{n:04d}" for n in range(6)]
    for phone in phones:
        case = submit(contact_phone=phone, contact_name=NAME)
        case = actions.accept_case(
            world["committee"], case=case, deputy=world.deputy_a, station=world.station_a
        )
        actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x, disclose_contact=True)
    for name in ("deputy_a", "handler_x"):
        client = sign_in(world, name)
        listed = client.get("/api/v1/cases", {"page_size": 100})
        bodies = [json.dumps(listed.json(), ensure_ascii=False)] + [
            api_text(client, f"/api/v1/cases/{item['id']}") for item in listed.json()["items"]
        ]
        assert len(bodies) == 1 + len(phones)
        full = sum(body.count(phone) for body in bodies for phone in phones)
        assert full == 0 and not any(NAME in body for body in bodies), name
        assert all(mask in bodies[0] for mask in ("135****0000", "135****0005"))
        assert all(item["can_reveal"] for item in listed.json()["items"])
    assert not AuditEvent.objects.filter(action="cases.reveal_contact").exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("deputy_a", 200),  # the case's deputy
        ("staff_a", 200),  # the staff of its station
        ("committee", 200),  # committee staff of the city
        ("committee_d1", 200),  # … and of its district
        ("handler_x", 200),  # the unit working on it, disclosed to
        ("admin", 403),  # runs the system, not the case
        ("deputy_b", 404),  # another deputy: does not see the case at all
        ("staff_b", 404),
        ("handler_y", 404),  # another unit
    ],
)
def test_reveal_follows_need_to_know(world: World, secret: Case, name: str, status: int) -> None:
    response = api_reveal(sign_in(world, name), secret)
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json() == {
            "contact_name": NAME,
            "contact_phone": PHONE,
            "address": ADDRESS,
        }
    else:
        assert leaks(json.dumps(response.json(), ensure_ascii=False)) == []
        assert set(response.json()) == {"detail", "field"}
    outcome = "ok" if status == 200 else "denied"
    events = AuditEvent.objects.filter(action="cases.reveal_contact", actor=world[name])
    assert events.filter(outcome=outcome).count() == (0 if status == 404 else 1)


def test_a_department_may_reveal_only_while_disclosed_and_working_on_it(
    world: World, submit: Any
) -> None:
    case = submit(contact_phone=PHONE)
    case = actions.accept_case(world["committee"], case=case)
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    handler = sign_in(world, "handler_x")
    refused = api_reveal(handler, case)
    assert refused.status_code == 403 and "联系方式" in refused.json()["detail"]
    actions.disclose_contact(world["deputy_a"], case=case)
    assert api_reveal(handler, case).status_code == 200
    case = actions.department_accept(world["handler_x"], case=case)
    actions.department_answer(
        world["handler_x"],
        case=case,
        text="已安排维保单位更换主板，本周五前恢复运行。",
        result_class="A",
    )
    assert api_reveal(handler, case).status_code == 403  # answered: no longer working on it


@pytest.mark.parametrize("reason", ["", "   ", "看看", "x" * 201])
def test_reveal_needs_a_reason(world: World, secret: Case, reason: str) -> None:
    response = api_reveal(sign_in(world, "deputy_a"), secret, {"reason": reason})
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "reason" and body["detail"].startswith("理由")
    assert leaks(response.content.decode()) == []
    event = AuditEvent.objects.get(action="cases.reveal_contact")
    assert event.outcome == "failed" and event.target_id == str(secret.pk)


def test_reveal_without_a_body_names_the_field(world: World, secret: Case) -> None:
    response = api_reveal(sign_in(world, "deputy_a"), secret, {})
    assert response.status_code == 422 and response.json()["field"] == "reason"


def test_reveals_are_limited_per_user(world: World, secret: Case, settings: Any) -> None:
    settings.CONTACT_REVEALS_PER_HOUR = 2
    deputy = sign_in(world, "deputy_a")
    assert [api_reveal(deputy, secret).status_code for _ in range(2)] == [200, 200]
    third = api_reveal(deputy, secret)
    assert third.status_code == 429 and int(third["Retry-After"]) > 0
    assert leaks(third.content.decode()) == []
    assert api_reveal(sign_in(world, "staff_a"), secret).status_code == 200  # others unaffected
    # the page shares the count
    page = deputy.post(reverse("casework:reveal", args=[secret.pk]), REASON)
    assert page.status_code == 429 and page["Retry-After"]
    assert PHONE not in page.content.decode()
    denied = AuditEvent.objects.filter(
        action="cases.reveal_contact", actor=world["deputy_a"], outcome="denied"
    )
    assert denied.count() == 2 and {e.target_id for e in denied} == {str(secret.pk)}


def test_every_reveal_is_audited_with_who_which_case_and_why(world: World, secret: Case) -> None:
    response = api_reveal(
        sign_in(world, "committee"), secret, {"reason": f"核实身份，回电{TYPED_PHONE}"}
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="cases.reveal_contact")
    assert event.actor == world["committee"] and event.actor_role == "committee"
    assert (event.target_type, event.target_id) == ("cases.case", str(secret.pk))
    assert event.outcome == "ok" and event.data["fields"] == ["name", "phone", "address"]
    assert event.data["reason"] == "核实身份，回电136****0002"
    assert leaks(json.dumps(event.data, ensure_ascii=False) + event.target_label) == []


def test_the_page_reveals_inline_after_a_reason(world: World, secret: Case) -> None:
    deputy = sign_in(world, "deputy_a")
    url = reverse("casework:reveal", args=[secret.pk])
    blank = deputy.post(url, {"reason": ""})
    assert blank.status_code == 422
    page = blank.content.decode()
    assert "理由" in page and "is-invalid" in page and PHONE not in page
    shown = deputy.post(url, REASON)
    assert shown.status_code == 200
    page = shown.content.decode()
    assert f'href="tel:{PHONE}"' in page and NAME in page and ADDRESS in page
    assert 'id="contact-revealed"' in page
    again = deputy.get(reverse("casework:detail", args=[secret.pk])).content.decode()
    assert PHONE not in again  # a reload masks it again
    fragment = deputy.post(url, REASON, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert text.startswith('<div id="case-contact-card"') and PHONE in text
    refused = sign_in(world, "admin").post(url, REASON, headers={"HX-Request": "true"})
    assert refused.status_code == 200 and PHONE not in refused.content.decode()
    assert "alert-danger" in refused.content.decode()  # htmx swaps only 2xx: the card says no
    assert sign_in(world, "deputy_b").post(url, REASON).status_code == 404
    assert sign_in(world, "citizen").post(url, REASON).status_code == 404


def test_only_those_who_may_reveal_get_the_button(world: World, secret: Case) -> None:
    for name in STAFF:
        page = sign_in(world, name).get(reverse("casework:detail", args=[secret.pk]))
        assert ('id="reveal-form"' in page.content.decode()) is (name != "admin"), name
    anonymous = Case.objects.get(pk=secret.pk)
    anonymous.is_anonymous = True
    anonymous.save()
    page = sign_in(world, "deputy_a").get(reverse("casework:detail", args=[secret.pk]))
    assert 'id="reveal-form"' not in page.content.decode()
    assert api_reveal(sign_in(world, "deputy_a"), secret).status_code == 409


def test_typed_numbers_are_masked_without_need_to_know(world: World, secret: Case) -> None:
    actions.add_note(world["committee"], case=secret, text=f"已电话联系居民{TYPED_PHONE}确认")
    detail = reverse("casework:detail", args=[secret.pk])
    for name in ("admin",):  # no need to know: masked on the page and in the API
        client = sign_in(world, name)
        for text in (
            client.get(detail).content.decode(),
            api_text(client, f"/api/v1/cases/{secret.pk}"),
        ):
            assert TYPED_PHONE not in text and IDNO not in text
            assert "136****0002" in text and "110101********4" in text
    deputy = sign_in(world, "deputy_a")  # needs to know: the text as written
    page = deputy.get(detail).content.decode()
    assert IDNO in page and f"已电话联系居民{TYPED_PHONE}确认" in page
    body = deputy.get(f"/api/v1/cases/{secret.pk}").json()
    assert IDNO in body["content"] and TYPED_PHONE in body["title"]
    assert PHONE not in json.dumps(body)  # the contact itself still only by reveal
    listed = deputy.get(reverse("casework:list")).content.decode()
    assert TYPED_PHONE not in listed and "136****0002" in listed  # lists mask titles for all
    stored = Case.objects.get(pk=secret.pk)
    assert IDNO in stored.content and TYPED_PHONE in stored.title  # kept as written


def test_a_department_before_disclosure_reads_the_text_masked(world: World, submit: Any) -> None:
    case = submit(content=f"电梯停运两周。身份证号{IDNO}，电话{TYPED_PHONE}。")
    case = actions.accept_case(world["committee"], case=case)
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    actions.add_note(world["deputy_a"], case=case, text=f"已约居民面谈，回电{TYPED_PHONE}。")
    handler = sign_in(world, "handler_x")
    for text in (
        handler.get(reverse("casework:detail", args=[case.pk])).content.decode(),
        api_text(handler, f"/api/v1/cases/{case.pk}"),
    ):
        assert leaks(text) == [] and "136****0002" in text
