"""quality.md test 24, across clients: an Idempotency-Key is unique per client, not across the
whole service. Two accounts sending the same key each file their own case and get their own
answer (never the other's tracking number and query code), and neither is refused because the
other used the key first; a key used without an account is not an account's. Filings without an
account share one scope (nothing else identifies them across a retry from another network): a
replay there needs the same key and the identical body. The web form's one-time tokens, minted
by the server, are a scope of their own. The comment API's keys are per author likewise
(lianxi/legislation/tests/test_api.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import World, make_user
from lianxi.accounts.models import Role
from lianxi.cases.models import Case, IdempotencyKey

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "complaint",
    "title": "小区电梯长期故障",
    "content": "青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。",
    "contact_phone": "13612345678",
}
KEY = "2f9d6c1e-0b7a-4f55-9d0e-3c1a8b7e6d54"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def file(client: Client, body: dict[str, Any] | None = None, key: str = KEY) -> Any:
    return client.post(
        "/api/v1/cases",
        json.dumps(body or BODY),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


@pytest.fixture
def two_citizens(world: World) -> tuple[Any, Any]:
    return world["citizen"], make_user("citizen_2", Role.CITIZEN, phone="13700002222")


def test_two_accounts_with_the_same_key_and_body_file_two_cases(
    world: World, two_citizens: tuple[Any, Any]
) -> None:
    one, two = (signed_in(u) for u in two_citizens)
    first, second = file(one), file(two)
    assert first.status_code == second.status_code == 201
    assert "Idempotent-Replayed" not in second  # not the other's answer replayed
    a, b = first.json(), second.json()
    assert a["id"] != b["id"] and a["tracking_number"] != b["tracking_number"]
    assert a["query_code"] != b["query_code"]
    owners = dict(Case.objects.values_list("pk", "citizen__username"))
    assert owners == {a["id"]: "citizen", b["id"]: "citizen_2"}
    # each account's own retry still replays its own answer
    again_one, again_two = file(one), file(two)
    assert again_one.json() == a and again_two.json() == b
    assert again_one["Idempotent-Replayed"] == again_two["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 2
    assert IdempotencyKey.objects.filter(key=KEY).count() == 2


def test_another_account_using_a_key_with_another_body_is_not_refused(
    world: World, two_citizens: tuple[Any, Any]
) -> None:
    one, two = (signed_in(u) for u in two_citizens)
    assert file(one).status_code == 201
    other = file(two, BODY | {"title": "路灯不亮", "content": "松林社区南门路灯坏了一个月。"})
    assert other.status_code == 201, other.content  # not 422: the key is not theirs
    assert Case.objects.get(pk=other.json()["id"]).title == "路灯不亮"
    # the first account's own reuse with another body is still a conflict
    changed = file(one, BODY | {"title": "另一件事情的标题"})
    assert changed.status_code == 422 and set(changed.json()) == {"detail", "field"}
    assert Case.objects.count() == 2


def test_a_key_in_flight_for_one_account_does_not_block_another(
    world: World, two_citizens: tuple[Any, Any]
) -> None:
    one, two = (signed_in(u) for u in two_citizens)
    assert file(one).status_code == 201
    IdempotencyKey.objects.filter(key=KEY).update(response=None)  # as while it runs
    assert file(one).status_code == 409
    assert file(two).status_code == 201
    assert Case.objects.count() == 2


def test_a_key_used_without_an_account_is_not_an_accounts(
    world: World, two_citizens: tuple[Any, Any]
) -> None:
    anonymous = file(Client())
    citizen = file(signed_in(two_citizens[0]))
    assert anonymous.status_code == citizen.status_code == 201
    assert anonymous.json()["id"] != citizen.json()["id"]
    assert Case.objects.get(pk=anonymous.json()["id"]).citizen is None
    # a retry without an account (from any address) replays the first filing without one
    retry = file(Client(REMOTE_ADDR="10.9.8.7"))
    assert retry.json() == anonymous.json() and retry["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 2
