"""Every documented request body is one the API accepts: posted by a user who may act, on
objects of the test world, it never gets a 422 (a 404 or 409 for the object's state is fine:
the body passed validation before that)."""

from __future__ import annotations

from typing import Any

from conftest import World
from lianxi.api.tests import openapi
from lianxi.api.tests.conftest import Things, fill, persona
from lianxi.cases import actions


def test_every_request_body_documents_an_example(client: Any) -> None:
    doc = openapi.document(client)
    missing = [
        str(op)
        for op in openapi.operations(doc)
        if (schema := openapi.body_schema(doc, op)) is not None and not schema.get("examples")
    ]
    assert not missing


def test_documented_examples_are_accepted(
    client: Any, login: Any, world: World, things: Things
) -> None:
    doc = openapi.document(client)
    path_ids, body_ids = things.path_ids(world), things.body_ids(world)
    posted = []
    for op in openapi.operations(doc):
        schema = openapi.body_schema(doc, op)
        if schema is None:
            continue
        who = persona(op.id)
        if who is None:
            client.logout()
        else:
            login(world[who])
        response = openapi.call(client, op, op.url(path_ids), fill(schema["examples"][0], body_ids))
        assert response.status_code != 422, f"{op}: {response.content.decode()}"
        if response.status_code >= 400:
            openapi.assert_problem(response, op)
        else:
            assert response.status_code in op.statuses, op
        posted.append((op.id, response.status_code))
    assert len(posted) >= 40


def test_documented_department_answer_is_taken(
    client: Any, login: Any, world: World, things: Things
) -> None:
    """Its body was documented wrong once (another schema of the same name took its place)."""
    case = things.case
    case = actions.accept_case(world["committee"], case=case, deputy=world.deputy_a)
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    actions.department_accept(world["handler_x"], case=case)
    doc = openapi.document(client)
    op = next(o for o in openapi.operations(doc) if o.id.endswith("_cases_dept_answer"))
    login(world["handler_x"])
    answered = openapi.call(client, op, op.url({"case_id": case.pk}), openapi.example(doc, op))
    assert answered.status_code == 200, answered.content.decode()
    assert answered.json()["referrals"][0]["result_class"] == "A"
