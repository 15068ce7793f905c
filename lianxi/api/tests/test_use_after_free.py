"""quality.md row 22, schemathesis's `use_after_free` check as a sweep: an object deleted, then
used. A reply template deleted through the API answers 404 to every later read, change and
delete; and every object a path names (a case, a notice, a booking, …), deleted as a retention
job or an administrator would, is then asked for by every operation naming it, as each role:
4xx every time (the problem body), never a 2xx for the gone object, never a server error.
The suite asks as three roles (a sweep: `make test` runs it on one database, `make sweeps` on
both); `make fuzz` (LIANXI_FUZZ_ROLES=all) as all seven."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.test import Client

from conftest import World, force_login
from lianxi.api.tests import openapi
from lianxi.api.tests.conftest import Things, fill

pytestmark = pytest.mark.sweep  # make test runs it once, on one database or the other

ALL_ROLES = [None, "citizen", "deputy_a", "staff_a", "handler_x", "committee", "admin"]
ROLES = (
    ALL_ROLES if os.environ.get("LIANXI_FUZZ_ROLES") == "all" else [None, "staff_a", "committee"]
)
# Path parameters whose object the world holds, and how to reach it.
OBJECTS = {
    "case_id": lambda t, w: t.case,
    "notice_id": lambda t, w: t.notice,
    "material_id": lambda t, w: t.material,
    "course_id": lambda t, w: t.course,
    "session_id": lambda t, w: t.session,
    "activity_id": lambda t, w: t.activity,
    "invitation_id": lambda t, w: t.invitation,
    "shift_id": lambda t, w: t.shift,
    "booking_id": lambda t, w: t.booking,
    "duty_id": lambda t, w: t.duty,
    "request_id": lambda t, w: t.request,
    "visit_id": lambda t, w: t.visit,
    "pattern_id": lambda t, w: t.pattern,
    "template_id": lambda t, w: t.template,
    "consultation_id": lambda t, w: t.consultation,
    "comment_id": lambda t, w: t.comment,
    "station_id": lambda t, w: w.station_a,
    "deputy_id": lambda t, w: w.deputy_a,
}


class Rollback(Exception):
    pass


def test_a_template_deleted_through_the_api_is_gone(
    client: Any, login: Any, world: World, things: Things
) -> None:
    doc = openapi.document(client)
    body_ids = things.body_ids(world)
    ops = [o for o in openapi.operations(doc) if "{template_id}" in o.path]
    assert {o.method for o in ops} >= {"delete"}
    login(things.template.owner)
    url = f"/api/v1/reply-templates/{things.template.pk}"
    first = client.delete(url)
    assert first.status_code == 204, first.content
    for op in ops:
        body = fill(openapi.example(doc, op), body_ids) if op.spec.get("requestBody") else None
        again = openapi.call(client, op, op.url({"template_id": things.template.pk}), body)
        assert again.status_code == 404, f"{op}: {again.status_code} {again.content[:200]!r}"
        openapi.assert_problem(again, op)


def _uses(
    client: Client, doc: dict[str, Any], param: str, ids: dict[str, Any], body_ids: Any
) -> list[str]:
    wrong = []
    for op in openapi.operations(doc):
        if "{" + param + "}" not in op.path:
            continue
        body = fill(openapi.example(doc, op), body_ids) if op.spec.get("requestBody") else None
        response = openapi.call(client, op, op.url(ids), body)
        if not 400 <= response.status_code < 500:
            wrong.append(f"{op} → {response.status_code} {response.content[:160]!r}")
        else:
            openapi.assert_problem(response, op)
    return wrong


@pytest.mark.parametrize("param", sorted(OBJECTS))
def test_every_operation_on_a_deleted_object_is_refused(
    world: World, things: Things, param: str
) -> None:
    doc = openapi.document(Client())
    ids, body_ids = things.path_ids(world), things.body_ids(world)
    target = OBJECTS[param](things, world)
    assert ids[param] == target.pk
    wrong: list[str] = []
    try:
        with transaction.atomic():
            try:
                target.delete()
            except ProtectedError as protected:  # kept while others refer to it: delete those
                for row in protected.protected_objects:
                    type(row).objects.filter(pk=row.pk).delete()
                target.delete()
            for role in ROLES:
                client = Client()
                if role is not None:
                    force_login(client, world[role])
                wrong += [
                    f"{role or 'anonymous'}: {w}" for w in _uses(client, doc, param, ids, body_ids)
                ]
            raise Rollback
    except Rollback:
        pass
    assert wrong == [], "\n".join(wrong[:20])
