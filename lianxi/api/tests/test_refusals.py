"""How the API says no, checked on every operation of the OpenAPI document: the one problem
schema is declared once and every refusal an operation answers is declared and uses it —
401 unsigned, 404 for an id that does not exist, 422 for input of the wrong type."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pydantic

import lianxi.api
from conftest import World
from lianxi.api.tests import openapi
from lianxi.api.tests.conftest import Things, fill, persona

PROBLEM = "#/components/schemas/Problem"


def test_problem_schema_is_declared_once_and_used_for_every_refusal(client: Any) -> None:
    doc = openapi.document(client)
    schemas = doc["components"]["schemas"]
    assert {"detail", "field"} <= set(schemas["Problem"]["properties"])
    assert schemas["Problem"]["required"] == ["detail"]
    assert not [name for name in schemas if "problem" in name.lower() and name != "Problem"]
    for op in openapi.operations(doc):
        for code, answer in op.spec["responses"].items():
            if int(code) >= 400:
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": PROBLEM}, f"{op} {code}"


def test_every_operation_declares_what_the_framework_answers(client: Any) -> None:
    for op in openapi.operations(openapi.document(client)):
        if op.secured:
            assert 401 in op.statuses, op
        if op.spec.get("parameters") or op.spec.get("requestBody"):
            assert 422 in op.statuses, op
        if op.path_params:
            assert 404 in op.statuses, op


def test_schema_and_operation_names_are_unique(client: Any) -> None:
    """Two schemas of one name are one component in the document: one of them is then
    documented wrong (it happened to the department's answer)."""
    seen: dict[str, str] = {}
    for info in pkgutil.walk_packages(lianxi.api.__path__, "lianxi.api."):
        if ".tests" in info.name:
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, pydantic.BaseModel)
                and value.__module__ == info.name
            ):
                where = f"{info.name}.{value.__name__}"
                assert seen.setdefault(value.__name__, where) == where
    ids = [op.id for op in openapi.operations(openapi.document(client))]
    assert len(ids) == len(set(ids))


def _sign_in(client: Any, login: Any, world: World, op: openapi.Operation) -> None:
    who = persona(op.id)
    if who is None:
        client.logout()
    else:
        login(world[who])


def _wrong_body(
    doc: dict[str, Any], op: openapi.Operation, body: dict[str, Any]
) -> tuple[str, Any]:
    """The body with its first field of the wrong type, and that field's name."""
    schema = openapi.body_schema(doc, op)
    assert schema is not None
    name, prop = next(iter(schema["properties"].items()))
    is_object = "$ref" in prop or prop.get("type") == "object"
    return name, body | {name: "x" if is_object else {"wrong": [1]}}


def _wrong_query(doc: dict[str, Any], op: openapi.Operation) -> tuple[str, str] | None:
    for param in op.query_params:
        options = [openapi.resolve(doc, s) for s in param["schema"].get("anyOf", [param["schema"]])]
        for s in options:
            if s.get("enum") or s.get("type") in {"integer", "number", "boolean"}:
                return param["name"], "zz"
            if s.get("format") in {"date", "date-time"}:
                return param["name"], "zz"
        for s in options:
            if "maxLength" in s:
                return param["name"], "x" * (s["maxLength"] + 1)
    return None


# Path parameters that name no row (a year): out of range they answer 422, never 404.
NOT_IDS = {"year"}


def test_every_refusal_uses_the_problem_body(
    client: Any, login: Any, world: World, things: Things
) -> None:
    doc = openapi.document(client)
    ids, body_ids = things.path_ids(world), things.body_ids(world)
    probed = {401: 0, 404: 0, 422: 0}
    for op in openapi.operations(doc):
        body = fill(openapi.example(doc, op), body_ids) if op.spec.get("requestBody") else None
        if op.secured:
            client.logout()
            response = openapi.call(client, op, op.url(ids), body)
            assert response.status_code == 401, op
            openapi.assert_problem(response, op)
            probed[401] += 1
        _sign_in(client, login, world, op)
        if op.path_params and not NOT_IDS & set(op.path_params):
            missing = {name: 999999 for name in op.path_params}
            response = openapi.call(client, op, op.url(missing), body)
            assert response.status_code == 404, f"{op}: {response.content.decode()}"
            assert openapi.assert_problem(response, op)["field"] is None
            probed[404] += 1
        wrong = None
        if body is not None:
            field, wrong_body = _wrong_body(doc, op, body)
            response = openapi.call(client, op, op.url(ids), wrong_body)
            wrong = field
        elif (query := _wrong_query(doc, op)) is not None:
            field, value = query
            response = openapi.call(client, op, op.url(ids), query={field: value})
            wrong = field
        if wrong is not None:
            assert response.status_code == 422, f"{op}: {response.content.decode()}"
            problem = openapi.assert_problem(response, op)
            assert problem["field"] == wrong, op
            assert wrong in problem["detail"], op
            assert problem["errors"] and problem["errors"][0]["field"] == wrong, op
            probed[422] += 1
    assert probed[401] > 60 and probed[404] > 45 and probed[422] > 55, probed


def test_validation_errors_are_said_in_chinese_naming_the_field(client: Any, world: World) -> None:
    response = client.post(
        "/api/v1/cases",
        {"kind": "complaint", "title": "电" * 201, "content": "青石社区3栋电梯停运两周。"},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 422
    assert body["field"] == "title"
    assert body["detail"] == "title 最多 200 个字符。"
    assert body["errors"] == [
        {"field": "title", "detail": body["detail"], "type": "string_too_long"}
    ]
    english = client.get("/api/v1/cases/track", {"number": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Not found.", "field": None}


def test_not_json_and_rate_limits(client: Any, world: World) -> None:
    broken = client.post("/api/v1/cases", "{not json", content_type="application/json")
    assert broken.status_code == 422
    assert broken.json() == {"detail": "请求正文不是有效的 JSON。", "field": None}
    for _ in range(25):
        limited = client.get("/api/v1/cases/track", {"number": "1", "code": "X"})
    assert limited.status_code == 429
    assert limited["Retry-After"] == "600"
    assert limited.json()["field"] is None and limited.json()["detail"]
