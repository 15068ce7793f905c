"""Open311 GeoReport v2: read with the `georeport` client library from PyPI against a live
server; write (which that library does not implement) with form-encoded POSTs per the spec."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from georeport import GeoReport

from conftest import CANARY_NAME, CANARY_PHONE, World
from lianxi.audit.models import AuditEvent
from lianxi.cases import actions
from lianxi.cases.keys import client_for_key, issue_key
from lianxi.cases.models import Case, IntakeClient
from lianxi.directory.models import Category
from lianxi.directory.tests import factories as f

DESCRIPTION = "青石社区东门外路灯连续一周不亮，夜间行人很不安全，请尽快修复。联系13812345678"


@pytest.fixture
def service(world: World) -> Category:
    group = f.category("测试市政", "Z9")
    return f.category("测试路灯", "Z901", group, keywords="路灯 照明")


@pytest.fixture
def api_key(db: Any) -> str:
    return issue_key(None, name="demo-311")


def file_request(client: Any, key: str, **extra: str) -> Any:
    form = {
        "api_key": key,
        "service_code": "Z901",
        "description": DESCRIPTION,
        "address_string": "青石街道东门路1号",
        "first_name": "秘密",
        "last_name": "甄",
        "phone": CANARY_PHONE,
        **extra,
    }
    return client.post("/open311/v2/requests.json", form)


def test_post_creates_a_case_through_intake(client: Any, service: Category, api_key: str) -> None:
    response = file_request(client, api_key)
    assert response.status_code == 200, response.content
    [body] = response.json()
    assert set(body) == {"service_request_id", "service_notice", "account_id"}
    case = Case.objects.get(tracking_number=body["service_request_id"])
    assert case.channel == "open311" and case.category == service
    assert case.title == DESCRIPTION[:30] and case.contact_name == CANARY_NAME
    assert case.events.get().step == "submitted"
    # The audit trail names the client system that relayed it.
    event = AuditEvent.objects.get(action="cases.submit", target_id=str(case.pk))
    assert event.data["via"] == "open311:demo-311"
    assert CANARY_PHONE not in str(event.data)


def test_post_works_without_csrf_token(service: Category, api_key: str) -> None:
    response = file_request(Client(enforce_csrf_checks=True), api_key)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("extra", "status", "word"),
    [
        ({"api_key": "wrong"}, 403, "api_key"),
        ({"api_key": ""}, 403, "api_key"),
        ({"service_code": "NOPE"}, 400, "service_code"),
        ({"description": "太短"}, 400, "description"),
        ({"address_string": ""}, 400, "lat"),
        ({"address_string": "", "lat": "x", "long": "1"}, 400, "lat"),
        ({"phone": "123"}, 400, "phone"),
    ],
)
def test_post_errors_in_open311_format(
    client: Any, service: Category, api_key: str, extra: dict[str, str], status: int, word: str
) -> None:
    response = file_request(client, api_key, **extra)
    assert response.status_code == status
    [error] = response.json()
    assert error["code"] == status and word in error["description"]
    assert Case.objects.count() == 0


def test_lat_long_is_enough(client: Any, service: Category, api_key: str) -> None:
    response = file_request(client, api_key, address_string="", lat="30.5", long="114.3")
    assert response.status_code == 200


def test_inactive_client_is_refused(client: Any, service: Category, api_key: str) -> None:
    IntakeClient.objects.update(is_active=False)
    assert file_request(client, api_key).status_code == 403


def test_only_json(client: Any, service: Category) -> None:
    response = client.get("/open311/v2/services.xml")
    assert response.status_code == 400 and "JSON" in response.json()[0]["description"]
    assert client.get("/open311/v2/services/NOPE.json").status_code == 404
    assert client.get("/open311/v2/requests/000.json").status_code == 404
    assert client.get("/open311/v2/requests.json", {"start_date": "junk"}).status_code == 400
    assert client.get("/open311/v2/requests.json", {"status": "maybe"}).status_code == 400
    assert client.put("/open311/v2/requests.json").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_georeport_client_reads_services_and_requests(
    live_server: Any, world: World, service: Category, api_key: str, submit: Any
) -> None:
    filed = file_request(Client(), api_key).json()[0]["service_request_id"]
    hidden = submit(title="未同意公开的事项", contact_phone=CANARY_PHONE)  # online, unpublished
    published = submit(category=service, consent_to_publish=True)
    Case.objects.filter(pk=published.pk).update(is_published=True)

    geo = GeoReport(live_server.url + "/open311/v2")
    services = geo.get_service_list()
    codes = {s["service_code"]: s for s in services}
    assert codes["Z901"]["group"] == "测试市政" and codes["Z901"]["metadata"] is False
    assert "Z9" not in codes  # first-level categories are groups, not services
    assert geo.get_service_definition("Z901") == {"service_code": "Z901", "attributes": []}

    requests = geo.get_service_requests()
    numbers = {r["service_request_id"] for r in requests}
    assert published.tracking_number in numbers
    assert filed not in numbers  # the list is what the public pages show: published cases
    assert hidden.tracking_number not in numbers
    text = str(requests)
    assert CANARY_PHONE not in text and CANARY_NAME not in text and "13812345678" not in text
    one = geo.get_service_request(filed)
    assert one["status"] == "open" and one["description"] == ""  # not published: no text
    assert one["service_name"] == "测试路灯" and one["address"] == ""  # its filer's view
    shown = geo.get_service_request(published.tracking_number)
    assert shown["description"] and shown["address"] == world.street1.full_name

    assert {r["service_request_id"] for r in geo.get_service_requests(status="closed")} == set()
    assert len(geo.get_service_requests(service_code="Z901")) == 1
    assert geo.get_service_requests(start_date="2000-01-01T00:00:00Z", end_date="2000-02-01") == []
    assert (
        len(geo.get_service_requests(service_request_id=f"{filed},{hidden.tracking_number}")) == 1
    )
    case = Case.objects.get(tracking_number=filed)
    actions.accept_case(world["admin"], case=case, deputy=world.deputy_a)
    assert geo.get_service_request(filed)["status"] == "open"


def test_keys_are_stored_hashed_and_rotate(db: Any) -> None:
    key = issue_key(None, name="hotline")
    client = IntakeClient.objects.get(name="hotline")
    assert len(key) == 32 and key not in (client.key_hash, client.key_prefix)
    assert client.key_prefix == key[:8] and client_for_key(key) == client
    with pytest.raises(actions.InvalidInput):
        issue_key(None, name="hotline")
    new = issue_key(None, name="hotline", rotate=True)
    assert client_for_key(key) is None and client_for_key(new) == client


def test_only_administrators_issue_keys(world: World) -> None:
    with pytest.raises(actions.NotAllowed):
        issue_key(world["committee"], name="x")
    assert issue_key(world["admin"], name="x")


def test_issue_intake_key_command(db: Any, capsys: Any) -> None:
    from django.core.management import CommandError, call_command

    call_command("issue_intake_key", "demo")
    key = capsys.readouterr().out.strip()
    assert client_for_key(key) is not None
    with pytest.raises(CommandError):
        call_command("issue_intake_key", "demo")
    call_command("issue_intake_key", "demo", "--rotate")
    assert client_for_key(key) is None


def test_admin_adds_a_client_and_shows_the_key_once(world: World, login: Any) -> None:
    client = login(world["admin"])
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}  # the assertions read the English message
    response = client.post(
        "/admin/cases/intakeclient/add/", {"name": "区12345热线"}, follow=True, **english
    )
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"] if "API key" in str(m)]
    key = message.rsplit(" ", 1)[-1]
    assert client_for_key(key) == IntakeClient.objects.get(name="区12345热线")
    assert key not in client.get("/admin/cases/intakeclient/").content.decode()
    rotated = client.post(
        "/admin/cases/intakeclient/",
        {"action": "issue_new_key", "_selected_action": [IntakeClient.objects.get().pk]},
        follow=True,
        **english,
    )
    new = next(str(m) for m in rotated.context["messages"] if "API key" in str(m)).rsplit(" ", 1)[
        -1
    ]
    assert client_for_key(key) is None and client_for_key(new) is not None


def test_a_request_is_routed_by_the_community_in_its_address(
    client: Any, world: World, service: Category, api_key: str, login: Any
) -> None:
    [body] = file_request(client, api_key, address_string="东湖区青石社区东门外").json()
    case = Case.objects.get(tracking_number=body["service_request_id"])
    assert case.community == world.community1 and case.deputy == world.deputy_a
    assert case.station == world.station_a
    triage = login(world["committee_d1"]).get("/work/cases/", {"view": "triage"})
    assert case.tracking_number in triage.content.decode()


def test_a_request_goes_to_the_nearest_station_and_keeps_its_place(
    client: Any, world: World, service: Category, api_key: str, login: Any
) -> None:
    from decimal import Decimal

    from lianxi.directory.models import Station

    Station.objects.filter(pk=world.station_a.pk).update(
        latitude=Decimal("30.500000"), longitude=Decimal("114.300000")
    )
    Station.objects.filter(pk=world.station_b.pk).update(
        latitude=Decimal("30.600000"), longitude=Decimal("114.400000")
    )
    near_b = {"lat": "30.601", "long": "114.399", "address_string": ""}
    [body] = file_request(client, api_key, **near_b).json()
    case = Case.objects.get(tracking_number=body["service_request_id"])
    assert case.community == world.community2 and case.deputy == world.deputy_b
    assert (case.latitude, case.longitude) == (Decimal("30.601000"), Decimal("114.399000"))
    page = login(world["deputy_b"]).get(f"/work/cases/{case.pk}/").content.decode()
    assert "30.601000, 114.399000" in page
    assert login(world["deputy_a"]).get(f"/work/cases/{case.pk}/").status_code == 404


def test_an_unplaced_request_waits_in_the_top_committee_triage(
    client: Any, world: World, service: Category, api_key: str, login: Any
) -> None:
    far = {"lat": "45.0", "long": "126.0", "address_string": "不知名的地方"}
    [body] = file_request(client, api_key, **far).json()
    case = Case.objects.get(tracking_number=body["service_request_id"])
    assert case.community is None and case.deputy is None and case.latitude == 45
    top = login(world["committee"]).get("/work/cases/", {"view": "triage"}).content.decode()
    assert case.tracking_number in top
    assert login(world["committee_d1"]).get(f"/work/cases/{case.pk}/").status_code == 404
    assert login(world["deputy_a"]).get(f"/work/cases/{case.pk}/").status_code == 404


def test_answers_name_the_agency_the_due_time_and_the_status(
    client: Any, world: World, service: Category, api_key: str
) -> None:
    [body] = file_request(client, api_key, address_string="青石社区东门外").json()
    number = body["service_request_id"]
    [fresh] = client.get(f"/open311/v2/requests/{number}.json").json()
    assert fresh["status_notes"] == "已提交" and fresh["agency_responsible"] == "青石社区代表联络站"
    case = Case.objects.get(tracking_number=number)
    case = actions.accept_case(world["committee"], case=case, deputy=world.deputy_a)
    actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    [shown] = client.get(f"/open311/v2/requests/{number}.json").json()
    assert shown["agency_responsible"] == world.dept_x.name
    assert shown["status_notes"] and shown["status_notes"] != "已提交"
    due = Case.objects.get(pk=case.pk).referrals.get().due_date
    assert shown["expected_datetime"].startswith(due.isoformat())
    assert shown["lat"] is None and shown["long"] is None  # never more than the street
