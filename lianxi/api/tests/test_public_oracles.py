"""Nothing to learn from the public API that the public pages do not show (issue 27,
docs/security.md): every anonymous operation, called with the ids of a world that holds
unpublished cases, shows none of them; Open311 lists published cases only and its look-up by
number is limited like tracking."""

from __future__ import annotations

from typing import Any

from conftest import CANARY_NAME, CANARY_PHONE, World
from lianxi.api.tests import openapi
from lianxi.api.tests.conftest import Things
from lianxi.cases.choices import Channel
from lianxi.cases.models import Case
from lianxi.cases.throttle import TRACK_LIMIT
from lianxi.topics import tasks

DOCUMENTED = {  # every anonymous operation, and docs/security.md says what each may reveal
    "GET /api/v1/areas",
    "GET /api/v1/deputies",
    "GET /api/v1/deputies/{deputy_id}",
    "GET /api/v1/stations",
    "GET /api/v1/stations/{station_id}",
    "GET /api/v1/departments",
    "GET /api/v1/categories",
    "POST /api/v1/cases",
    "GET /api/v1/cases/track",
    "GET /api/v1/liaison/shifts",
    "POST /api/v1/liaison/shifts/{shift_id}/bookings",
    "GET /api/v1/topics/similar",
    "GET /api/v1/stats/public",
    "GET /api/v1/search/public",
    "GET /api/v1/legislation/consultations",
    "GET /api/v1/legislation/consultations/{consultation_id}",
    "GET /api/v1/legislation/consultations/{consultation_id}/comments",
    "POST /api/v1/legislation/consultations/{consultation_id}/comments",
    "GET /api/v1/stories",
    "GET /api/v1/stories/{story_id}",
    "GET /api/v1/polls",
    "GET /api/v1/polls/{poll_id}",
    "GET /api/v1/polls/{poll_id}/results",
}


def test_every_anonymous_operation_is_documented(client: Any) -> None:
    doc = openapi.document(client)
    anonymous = {str(op) for op in openapi.operations(doc) if not op.secured}
    assert anonymous == DOCUMENTED, "say in docs/security.md what a new one may reveal"
    with open("docs/security.md", encoding="utf-8") as handle:
        text = handle.read()
    for op in sorted(DOCUMENTED):
        assert f"`{op.split(' ', 1)[1]}`" in text, op


def test_no_anonymous_read_shows_an_unpublished_case(
    client: Any, world: World, things: Things
) -> None:
    secret = things.case
    Case.objects.filter(pk=secret.pk).update(contact_name=CANARY_NAME, contact_phone=CANARY_PHONE)
    tasks.index_new_cases()
    doc = openapi.document(client)
    ids = things.path_ids(world)
    query = {
        "q": "电梯",
        "title": secret.title,
        "content": "青石社区3栋电梯已经停运两周，老人上下楼非常困难",
        "number": secret.tracking_number,
        "code": "WRONG1",
    }
    for op in openapi.operations(doc):
        if op.secured or op.method != "get":
            continue
        response = client.get(op.url(ids), query)
        assert response.status_code < 500, op
        body = response.content.decode()
        for leak in (secret.tracking_number, secret.title, CANARY_NAME, CANARY_PHONE):
            assert leak not in body, f"{op} shows {leak}"
        assert '"case_id"' not in body, op


def _open311_case(things: Things) -> Case:
    Case.objects.filter(pk=things.case.pk).update(channel=Channel.OPEN311)
    return Case.objects.get(pk=things.case.pk)


def test_open311_lists_published_cases_only(client: Any, things: Things) -> None:
    filed = _open311_case(things)
    listed = client.get("/open311/v2/requests.json", {"start_date": "2027-01-01"}).json()
    assert filed.tracking_number not in str(listed)
    [one] = client.get(f"/open311/v2/requests/{filed.tracking_number}.json").json()
    assert one["address"] == "" and one["description"] == ""  # its filer's view, no place


def test_open311_look_ups_by_number_are_limited(client: Any, things: Things) -> None:
    filed = _open311_case(things)
    url = f"/open311/v2/requests/{filed.tracking_number}.json"
    for _i in range(TRACK_LIMIT):
        assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429 and refused.json()[0]["code"] == 429
    many = client.get("/open311/v2/requests.json", {"service_request_id": "1,2,3"})
    assert many.status_code == 429
