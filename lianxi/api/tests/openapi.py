"""Walking the OpenAPI document: its operations, their documented bodies, and calls to them."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

PARAM = re.compile(r"{(\w+)}")


@dataclass
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.spec["operationId"])

    @property
    def secured(self) -> bool:
        return bool(self.spec.get("security"))

    @property
    def path_params(self) -> list[str]:
        return PARAM.findall(self.path)

    @property
    def query_params(self) -> list[dict[str, Any]]:
        return [p for p in self.spec.get("parameters", []) if p["in"] == "query"]

    @property
    def statuses(self) -> set[int]:
        return {int(code) for code in self.spec["responses"]}

    def url(self, ids: dict[str, int]) -> str:
        return PARAM.sub(lambda m: str(ids[m.group(1)]), self.path)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def document(client: Any) -> dict[str, Any]:
    """The document as served."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def operations(doc: dict[str, Any]) -> list[Operation]:
    return [
        Operation(method, path, spec)
        for path, methods in doc["paths"].items()
        for method, spec in methods.items()
    ]


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def body_schema(doc: dict[str, Any], op: Operation) -> dict[str, Any] | None:
    body = op.spec.get("requestBody")
    if body is None:
        return None
    return resolve(doc, body["content"]["application/json"]["schema"])


def example(doc: dict[str, Any], op: Operation) -> dict[str, Any] | None:
    schema = body_schema(doc, op)
    return None if schema is None else dict(schema["examples"][0])


def call(client: Any, op: Operation, url: str, body: Any = None, query: Any = None) -> Any:
    if op.method == "get":
        return client.get(url, query or {})
    if query:
        url = f"{url}?{urlencode(query)}"
    payload = "" if body is None else json.dumps(body)
    key = {"HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex}  # intake requires one; others ignore it
    return getattr(client, op.method)(url, payload, content_type="application/json", **key)


def assert_problem(response: Any, op: Operation) -> dict[str, Any]:
    """The one refusal body, with a status the operation declares."""
    where = f"{op} answered {response.status_code}: {response.content[:300]!r}"
    assert response.status_code in op.statuses, where
    assert response["Content-Type"].startswith("application/json"), where
    body = response.json()
    assert isinstance(body, dict) and {"detail", "field"} <= set(body), where
    assert isinstance(body["detail"], str) and body["detail"], where
    assert body["field"] is None or isinstance(body["field"], str), where
    assert set(body) <= {"detail", "field", "errors"}, where
    return body
