"""Schemathesis over every operation of the OpenAPI document, anonymous and as each role: valid
and invalid input, ids of real objects and made-up ones. Not one answer may be a server error,
and every refusal is the one body of api/problems.py. A few examples per operation here (fixed
seed); `make fuzz` runs many more (LIANXI_FUZZ_EXAMPLES)."""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import urlencode, urlsplit

import hypothesis.strategies as st
import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from schemathesis import GenerationMode

from conftest import World
from lianxi.api.tests import openapi
from lianxi.api.tests.conftest import Things

EXAMPLES = int(os.environ.get("LIANXI_FUZZ_EXAMPLES", "3"))
SEED = int(os.environ.get("LIANXI_FUZZ_SEED", "27"))
ROLES = [None, "citizen", "deputy_a", "staff_a", "handler_x", "committee", "admin"]


def send(client: Any, case: Any) -> Any:
    """The case through Django's test client (no network, the test's database)."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    url = urlsplit(kwargs["url"]).path
    if kwargs.get("params"):
        url += "?" + urlencode(kwargs["params"], doseq=True)
    headers = {
        k: v
        for k, v in (kwargs.get("headers") or {}).items()
        if k.lower() not in {"content-type", "content-length", "connection", "accept-encoding"}
    }
    data: Any = ""
    if "json" in kwargs:
        data = json.dumps(kwargs["json"])
    elif kwargs.get("data") is not None:
        data = kwargs["data"]
    return client.generic(
        kwargs["method"], url, data, content_type="application/json", headers=headers
    )


def check(response: Any, case: Any) -> None:
    where = f"{case.method} {case.formatted_path} {case.query} {case.body!r:.300}"
    assert response.status_code < 500, f"{response.status_code} on {where}"
    if 400 <= response.status_code < 500 and response.status_code != 405:
        problem = response.json()
        assert isinstance(problem.get("detail"), str) and "field" in problem, where


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_no_operation_answers_a_server_error(
    client: Any, login: Any, world: World, things: Things, role: str | None
) -> None:
    if role is not None:
        login(world[role])
    schema = schemathesis.openapi.from_dict(openapi.document(client))
    real_ids = things.path_ids(world)
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        real = {name: real_ids[name] for name in openapi.PARAM.findall(operation.path)}
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real),
            operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=real),
        )

        @seed(SEED)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def fuzz(case: Any) -> None:
            nonlocal calls
            calls += 1
            check(send(client, case), case)

        fuzz()
    assert calls >= EXAMPLES * 80
