"""quality.md test 22 names schemathesis' `ignored_auth` check; api/tests/test_fuzz.py checks
for server errors and the refusal body, not this. Here, the same check made exhaustive: every
operation the OpenAPI document marks as needing a sign-in, called without one (with the ids of
real objects, so a 404 cannot hide a leak), answers 401 with the one refusal body, and changes
nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.apps import apps
from django.test import Client

from conftest import World
from lianxi.api.tests import openapi
from lianxi.api.tests.conftest import Things, fixed_now, things  # noqa: F401


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_no_signed_in_operation_answers_without_a_sign_in(
    world: World,
    things: Things,  # noqa: F811
    fixed_now: datetime,  # noqa: F811
) -> None:
    client = Client()
    doc = openapi.document(client)
    ids = things.path_ids(world)
    before = row_counts()
    secured = [op for op in openapi.operations(doc) if op.secured]
    assert len(secured) >= 50  # the document still marks its operations
    wrong = {}
    for op in secured:
        url = op.url({name: ids[name] for name in op.path_params})
        answer: Any = client.generic(op.method.upper(), url, "{}", content_type="application/json")
        if answer.status_code != 401 or set(answer.json()) != {"detail", "field"}:
            wrong[str(op)] = answer.status_code
    assert wrong == {}
    assert row_counts() == before
    print(f"{len(secured)} signed-in operations called anonymously: all 401")
