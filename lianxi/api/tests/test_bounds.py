"""Input never breaks the server: every number and date an operation takes is bounded (checked
on the OpenAPI document, so a new parameter without bounds fails here), and the probes that
used to answer 500 answer 422 naming the field, in the one refusal body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import World
from lianxi.api.tests import openapi

HUGE = "9223372036854775807"


def _unbounded(doc: dict[str, Any], schema: dict[str, Any], where: str) -> Iterator[str]:
    if "$ref" in schema:
        yield from _unbounded(doc, openapi.resolve(doc, schema), where)
        return
    for branch in schema.get("anyOf", []) + schema.get("allOf", []):
        yield from _unbounded(doc, branch, where)
    kind = schema.get("type")
    if kind in ("integer", "number") and not {"minimum", "maximum"} <= set(schema):
        yield where
    if kind == "string" and schema.get("format") in ("date", "date-time"):
        if not {"formatMinimum", "formatMaximum"} <= set(schema):
            yield where
    if kind == "array":
        yield from _unbounded(doc, schema.get("items", {}), where + "[]")
    for name, prop in schema.get("properties", {}).items():
        yield from _unbounded(doc, prop, f"{where}.{name}")


def test_every_number_and_date_an_operation_takes_is_bounded(client: Any) -> None:
    doc = openapi.document(client)
    found = []
    for op in openapi.operations(doc):
        for param in op.spec.get("parameters", []):
            found += [f"{op} {w}" for w in _unbounded(doc, param["schema"], param["name"])]
        body = openapi.body_schema(doc, op)
        if body is not None:
            found += [f"{op} {w}" for w in _unbounded(doc, body, "body")]
    assert found == [], (
        "\n".join(found) + " unbounded input (use the types of lianxi/api/bounds.py)"
    )


def _refused(response: Any, field: str) -> None:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["field"] == field, body
    assert field in body["detail"], body


@pytest.mark.parametrize("url", ["areas", "deputies", "stations", "departments"])
def test_a_page_past_the_last_is_refused(client: Any, world: World, url: str) -> None:
    _refused(client.get(f"/api/v1/{url}", {"page": HUGE}), "page")
    _refused(client.get(f"/api/v1/{url}", {"page": 0}), "page")
    assert client.get(f"/api/v1/{url}", {"page": 1}).status_code == 200


def test_huge_ids_years_and_dates_are_refused(client: Any, world: World, login: Any) -> None:
    _refused(client.get(f"/api/v1/deputies/{HUGE}"), "deputy_id")
    _refused(client.get("/api/v1/stations", {"area": HUGE}), "area")
    _refused(client.get("/api/v1/search/public", {"q": "电梯", "start": "0001-01-01"}), "start")
    _refused(client.get("/api/v1/liaison/shifts", {"start": "9999-12-31"}), "start")
    login(world["committee"])
    _refused(client.get("/api/v1/cases", {"deputy": HUGE}), "deputy")
    _refused(client.get("/api/v1/liaison/visits", {"year": 253074}), "year")
    _refused(client.get("/api/v1/liaison/visits", {"offset": HUGE}), "offset")
    _refused(client.get("/api/v1/committee/calendar", {"end": "9999-12-31T23:59:59Z"}), "end")
    assert client.get("/api/v1/liaison/visits", {"year": 2027}).status_code == 200


def test_an_unknown_api_url_answers_the_one_refusal_body(client: Any, world: World) -> None:
    for url in ["/api/v1/nothing-here", "/api/v2/", "/api/v1/cases/-1"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response.json() == {"detail": "未找到。", "field": None}
    assert "<html" in client.get("/no-such-page/").content.decode().lower()


def test_open311_dates_out_of_range_are_refused(client: Any, world: World) -> None:
    response = client.get("/open311/v2/requests.json", {"start_date": "0001-01-01T00:00:00+14:00"})
    assert response.status_code == 400
