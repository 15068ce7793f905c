"""Intake limits (issue 27): per client address, phone and session on the web form, per client
in the API and Open311; 429 with Retry-After and a denied audit event; nothing filed past a
limit. And one case per form: a double click or a resend shows the first filing."""

from __future__ import annotations

import json
import re
import threading
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases.keys import issue_key
from lianxi.cases.models import Case
from lianxi.cases.tests.test_intake_views import form_data
from lianxi.directory.tests import factories as f
from lianxi.notifications.models import OutboxMessage

CONTENT = "青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。"


@pytest.fixture
def limits(settings: Any) -> dict[str, tuple[int, int]]:
    settings.INTAKE_LIMITS = {
        "address": (3, 3600),
        "phone": (2, 3600),
        "session": (2, 3600),
        "client": (3, 3600),
    }
    return dict(settings.INTAKE_LIMITS)


def _denied() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="cases.submit", outcome="denied"))


def _form(client: Client) -> dict[str, Any]:
    page = client.get("/cases/new/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert token, "the form carries a one-time token"
    return {"form_token": token.group(1)}


def _file_anonymously(client: Client, world: World, **extra: Any) -> Any:
    data = form_data(world, contact="anonymous", kind="suggestion")
    return client.post("/cases/new/", data | extra)


def test_web_filing_is_limited_per_session(client: Client, world: World, limits: Any) -> None:
    for _i in range(2):
        assert _file_anonymously(client, world).status_code == 302
    refused = _file_anonymously(client, world)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "刚刚已提交多件诉求" in refused.content.decode()
    assert Case.objects.count() == 2
    [event] = _denied()
    assert "刚刚已提交多件诉求" in event.data["reason"]


def test_web_filing_is_limited_per_address(world: World, limits: Any) -> None:
    for _i in range(3):  # new sessions each time: only the address is shared
        assert _file_anonymously(Client(), world).status_code == 302
    refused = _file_anonymously(Client(), world)
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 3600
    assert Case.objects.count() == 3 and len(_denied()) == 1
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _file_anonymously(other, world).status_code == 302


def _latest_code() -> str:
    sms = OutboxMessage.objects.filter(channel="sms", body__contains="验证码").latest("id")
    found = re.search(r"\b(\d{6})\b", sms.body)
    assert found is not None
    return found.group(1)


def test_web_filing_is_limited_per_phone(world: World, limits: Any, settings: Any) -> None:
    settings.INTAKE_LIMITS = limits | {"session": (0, 3600), "address": (0, 3600)}
    settings.OTP_PER_PHONE_INTERVAL_SECONDS = 0
    for i in range(3):
        client = Client()
        client.post("/cases/new/code/", {"phone": "13812345678"})
        data = form_data(world, contact="phone", phone="13812345678", code=_latest_code())
        response = client.post("/cases/new/", data | {"title": f"电梯停运两周{i}"})
        assert response.status_code == (302 if i < 2 else 429), i
    assert Case.objects.count() == 2
    assert "此手机号" in _denied()[0].data["reason"]


def test_a_double_click_or_a_resend_files_one_case(client: Client, world: World) -> None:
    token = _form(client)
    first = _file_anonymously(client, world, **token)
    assert first.status_code == 302
    shown = client.get(first["Location"]).content.decode()
    number = Case.objects.get().tracking_number
    assert number in shown
    again = _file_anonymously(client, world, **token)  # the browser sends the form again
    assert again.status_code == 302 and Case.objects.count() == 1
    assert number in client.get(again["Location"]).content.decode()
    elsewhere = _file_anonymously(Client(), world, **token)  # the same form from elsewhere
    assert elsewhere.status_code == 302 and Case.objects.count() == 1
    assert _file_anonymously(client, world, **_form(client)).status_code == 302
    assert Case.objects.count() == 2  # a new form is a new case


def test_a_refused_form_can_be_sent_again_with_its_token(client: Client, world: World) -> None:
    token = _form(client)
    refused = _file_anonymously(client, world, content="太短", **token)
    assert refused.status_code == 400 and Case.objects.count() == 0
    assert token["form_token"] in refused.content.decode()  # the page keeps its token
    assert _file_anonymously(client, world, **token).status_code == 302
    assert Case.objects.count() == 1


# ---------------------------------------------------------------- API and Open311


def _api(client: Client, phone: str, key: str | None = None) -> Any:
    body = {"kind": "complaint", "title": "小区电梯长期故障", "content": CONTENT}
    return client.post(
        "/api/v1/cases",
        json.dumps(body | {"contact_phone": phone}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key or uuid.uuid4().hex,
    )


def test_api_intake_is_limited_per_client(client: Client, world: World, limits: Any) -> None:
    for i in range(3):
        assert _api(client, f"1361234567{i}").status_code == 201
    refused = _api(client, "13612345679")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert set(refused.json()) == {"detail", "field"} and "客户端" in refused.json()["detail"]
    assert Case.objects.count() == 3 and len(_denied()) == 1
    assert _api(Client(REMOTE_ADDR="10.0.0.9"), "13612345679").status_code == 201


def test_api_intake_is_limited_per_phone_and_a_replay_does_not_count(
    client: Client, world: World, limits: Any
) -> None:
    first = _api(client, "13612345678", key="replayed-key")
    for _i in range(3):  # a client's retries of one case
        assert _api(client, "13612345678", key="replayed-key").json() == first.json()
    assert _api(Client(REMOTE_ADDR="10.0.0.9"), "13612345678").status_code == 201
    refused = _api(Client(REMOTE_ADDR="10.0.0.10"), "13612345678")
    assert refused.status_code == 429 and "手机号" in refused.json()["detail"]
    assert Case.objects.count() == 2


def test_open311_intake_is_limited_per_client(client: Client, world: World, limits: Any) -> None:
    group = f.category("测试市政", "Z9")
    f.category("测试路灯", "Z901", group)
    key = issue_key(None, name="demo-311")
    for i in range(4):
        response = client.post(
            "/open311/v2/requests.json",
            {
                "api_key": key,
                "service_code": "Z901",
                "description": "青石社区东门外路灯连续一周不亮，夜间行人很不安全，请尽快修复。",
                "address_string": "青石街道东门路1号",
                "phone": f"1381234567{i}",
            },
        )
        assert response.status_code == (200 if i < 3 else 429), response.content
    assert int(response["Retry-After"]) > 0
    assert response.json()[0]["code"] == 429
    assert Case.objects.count() == 3 and len(_denied()) == 1


@pytest.mark.django_db(transaction=True)
def test_a_form_sent_five_times_at_once_files_one_case(world: World) -> None:
    token = _form(Client())
    statuses: list[int] = []
    start = threading.Barrier(5)

    def send() -> None:
        try:
            start.wait()
            statuses.append(_file_anonymously(Client(), world, **token).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 5
    assert Case.objects.count() == 1
