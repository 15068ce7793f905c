"""quality.md test 9, what cases/tests/test_intake_limits.py and accounts/tests/test_otp.py do
not already hold: a forged X-Forwarded-For never resets a count (directly, and behind a trusted
proxy), a burst sent at once files no more than the limit, sign-up (a citizen's first sign-in
by SMS code) is limited per network, other clients go on, and every block is an audit event
with the client's address."""

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
from lianxi.accounts.models import OneTimeCode, User
from lianxi.audit.models import AuditEvent
from lianxi.cases.models import Case
from lianxi.cases.tests.test_intake_views import form_data
from lianxi.notifications.models import OutboxMessage

CONTENT = "青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。"


@pytest.fixture
def limits(settings: Any) -> Any:
    settings.INTAKE_LIMITS = {
        "address": (3, 3600),
        "phone": (0, 3600),
        "session": (0, 3600),
        "client": (3, 3600),
    }
    return settings


def denied(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, outcome="denied").order_by("id"))


def web_filing(world: World, **meta: Any) -> Any:
    data = form_data(world, contact="anonymous", kind="suggestion")
    return Client(**meta).post("/cases/new/", data)


def api_filing(phone: str, **meta: Any) -> Any:
    body = {"kind": "complaint", "title": "小区电梯长期故障", "content": CONTENT}
    return Client(**meta).post(
        "/api/v1/cases",
        json.dumps(body | {"contact_phone": phone}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
    )


def test_a_forged_forwarded_for_does_not_reset_the_web_address_limit(
    world: World, limits: Any
) -> None:
    statuses = [
        web_filing(world, REMOTE_ADDR="7.7.7.7", HTTP_X_FORWARDED_FOR=f"5.5.5.{i}").status_code
        for i in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert Case.objects.count() == 3
    blocks = denied("cases.submit")
    assert len(blocks) == 2 and {b.ip for b in blocks} == {"7.7.7.7"}
    assert web_filing(world, REMOTE_ADDR="7.7.7.8").status_code == 302  # another client


def test_a_forged_forwarded_for_does_not_reset_the_api_client_limit(
    world: World, limits: Any
) -> None:
    statuses = [
        api_filing(
            f"1361234560{i}", REMOTE_ADDR="7.7.7.7", HTTP_X_FORWARDED_FOR=f"5.5.5.{i}"
        ).status_code
        for i in range(5)
    ]
    assert statuses == [201, 201, 201, 429, 429]
    assert Case.objects.count() == 3 and len(denied("cases.submit")) == 2
    assert api_filing("13612345699", REMOTE_ADDR="7.7.7.8").status_code == 201


def test_behind_a_trusted_proxy_only_the_address_it_saw_counts(world: World, limits: Any) -> None:
    """The proxy appends the address it saw; what the client put before it is ignored."""
    limits.TRUSTED_PROXY_COUNT = 1
    statuses = [
        web_filing(
            world, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"5.5.5.{i}, 9.9.9.9"
        ).status_code
        for i in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert Case.objects.count() == 3
    assert denied("cases.submit")[0].ip == "9.9.9.9"
    other = web_filing(world, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.10")
    assert other.status_code == 302  # another client behind the same proxy


@pytest.mark.django_db(transaction=True)
def test_a_burst_sent_at_once_files_no_more_than_the_limit(world: World, limits: Any) -> None:
    sends = 12
    start = threading.Barrier(sends)
    statuses: list[int] = []
    lock = threading.Lock()

    def go(i: int) -> None:
        try:
            start.wait()
            status = api_filing(f"1371234{i:04d}", REMOTE_ADDR="7.7.7.7").status_code
            with lock:
                statuses.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(statuses)) == [201, 429], statuses
    assert Case.objects.count() == statuses.count(201) <= 3
    assert len(denied("cases.submit")) == statuses.count(429)


def _code_for(phone: str) -> str:
    sms = OutboxMessage.objects.filter(channel="sms").latest("id")
    assert sms.recipient == phone
    found = re.search(r"\b(\d{6})\b", sms.body)
    assert found is not None
    return found.group(1)


def test_sign_up_is_limited_per_network(world: World, settings: Any) -> None:
    """A citizen's account is made at their first sign-in with an SMS code: no code, no
    account. Codes per network are limited, so accounts made from one network are too."""
    settings.OTP_PER_IP_PER_HOUR = 3
    before = User.objects.count()
    statuses = []
    for i in range(5):
        client = Client(REMOTE_ADDR="7.7.7.7", HTTP_X_FORWARDED_FOR=f"5.5.5.{i}")
        phone = f"1391234500{i}"
        sent = client.post("/accounts/citizen/", {"step": "send", "phone": phone})
        statuses.append(sent.status_code)
        if sent.status_code == 200:
            signed = client.post(
                "/accounts/citizen/", {"step": "verify", "phone": phone, "code": _code_for(phone)}
            )
            assert signed.status_code == 302
    assert statuses == [200, 200, 200, 429, 429]
    assert User.objects.count() - before == 3
    assert AuditEvent.objects.filter(action="accounts.citizen_registered").count() == 3
    blocks = denied("accounts.request_login_code")
    assert len(blocks) == 2 and {b.ip for b in blocks} == {"7.7.7.7"}
    other = Client(REMOTE_ADDR="7.7.7.8")
    assert (
        other.post("/accounts/citizen/", {"step": "send", "phone": "13912345999"}).status_code
        == 200
    )


@pytest.mark.django_db(transaction=True)
def test_code_requests_sent_at_once_send_no_more_than_the_limit(
    world: World, settings: Any
) -> None:
    settings.OTP_PER_IP_PER_HOUR = 3
    sends = 10
    start = threading.Barrier(sends)
    statuses: list[int] = []
    lock = threading.Lock()

    def go(i: int) -> None:
        try:
            start.wait()
            client = Client(REMOTE_ADDR="7.7.7.7")
            answer = client.post("/accounts/citizen/", {"step": "send", "phone": f"1391234600{i}"})
            with lock:
                statuses.append(answer.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert OneTimeCode.objects.count() == statuses.count(200) <= 3, statuses
    assert statuses.count(429) == sends - statuses.count(200)
    assert len(denied("accounts.request_login_code")) == statuses.count(429)
