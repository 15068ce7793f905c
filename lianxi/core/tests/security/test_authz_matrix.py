"""quality.md row 1, the authorisation matrix: every page of the URL resolver and every
operation of the OpenAPI document, called by every persona (each role; for object routes also
the unrelated account of the same role) with each method, answers as authz_policy.yaml says.

Outcomes: `ok` 2xx, `redirect` 3xx elsewhere, `login` redirect to a sign-in page (or 401),
`deny` 403/404, `invalid` 400/409/410/422/429 (allowed in, input refused), `405`. A refusal
(`deny`/`login`) carries none of the target's fields. Each call is rolled back, so each cell
starts from the same world. A POST carries no form: `ok`/`invalid` there means "let in".

A new route without an entry fails: draft its entry with `LIANXI_AUTHZ_RECORD=1` (it writes
the observed answers into authz_policy.yaml), then read the drafted line and correct it to
what the policy should be before committing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from lianxi.core.tests.security import authz_world, routes
from lianxi.core.tests.security.authz_world import (
    PERSONAS,
    ROLES,
    Targets,
    arg_for,
    call,
)

targets = authz_world.targets  # the module's world, built once

POLICY = Path(__file__).with_name("authz_policy.yaml")
RECORD = os.environ.get("LIANXI_AUTHZ_RECORD") == "1"
# Routes about one object: every relation is tried (own / same unit, and unrelated).
RELATIONAL = {
    "case_id", "attachment_id", "visit_id", "booking_id", "template_id", "message_id",
    "notification_id", "proposal_id", "pk", "follow_id", "request_id", "comment_id",
    "tracking_number", "number", "duty_id", "cosigner_id", "invitation_id", "photo_id",
}  # fmt: skip
SIGN_IN = ("/accounts/login/", "/accounts/citizen/", "/admin/login/")
SCHEMA = routes.schema()
ALL = routes.pages() + routes.operations(SCHEMA)
observed: dict[str, dict[str, str]] = {}


def load() -> dict[str, dict[str, str]]:
    if not POLICY.exists():
        return {}
    return dict(yaml.safe_load(POLICY.read_text(encoding="utf-8")) or {})


EXPECTED = load()


def personas(route: routes.Route) -> tuple[str, ...]:
    return PERSONAS if RELATIONAL & set(route.params) else ROLES


def outcome(response: Any) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        if any(location.startswith(s) or f"{s}?" in location for s in SIGN_IN):
            return "login"
        return "redirect"
    if status == 401:
        return "login"
    if status in (403, 404):
        return "deny"
    if status == 405:
        return "405"
    if 200 <= status < 300:
        return "ok"
    if status in (400, 409, 410, 422, 429):
        return "invalid"
    return str(status)


def parse(line: str) -> dict[str, str]:
    return dict(cell.split("=", 1) for cell in line.split())


def render(cells: dict[str, str]) -> str:
    return " ".join(f"{p}={cells[p]}" for p in PERSONAS if p in cells)


def example(route: routes.Route, method: str, t: Targets) -> Any:
    if route.name.startswith("api:") and route.key.split(" ")[0].lower() == method:
        return routes.example_body(SCHEMA, route.template, method, t.bodies)
    return {} if method != "get" else None


def secrets_for(t: Targets, route: routes.Route, persona: str) -> list[str]:
    """What a refused persona must not see: the fields of each target it may not see at all
    (a handler refused a step on a case it works on still sees that case)."""
    return [
        s
        for p in route.params
        if persona not in t.viewers.get(p, set())
        for s in t.secrets.get(p, [])
    ]


@pytest.mark.parametrize("route", ALL, ids=[r.key for r in ALL])
def test_route_answers_as_the_policy_says(route: routes.Route, targets: Targets, db: Any) -> None:
    def arg(name: str, param: str) -> Any:
        return arg_for(name, param, targets.ids)

    url = route.url(arg)
    # The API's documented example (ids of this world), so validation lets the call through
    # to the authorisation; pages get an empty form.
    bodies = {m: example(route, m, targets) for m in route.methods}
    got: dict[str, str] = {}
    for method in route.methods:
        cells = {}
        for persona in personas(route):
            body = bodies.get(method) if method != "get" else None
            response = call(targets, persona, method, url, body)
            cells[persona] = outcome(response)
            assert response.status_code < 500, f"{method.upper()} {url} as {persona}: 5xx"
            if cells[persona] in ("deny", "login"):
                text = response.content.decode(errors="replace")
                leaked = [s for s in secrets_for(targets, route, persona) if s in text]
                assert not leaked, f"{method.upper()} {url} refused {persona} but shows {leaked}"
        got[method.upper()] = render(cells)
    observed[route.key] = got
    if RECORD:
        return
    entry = EXPECTED.get(route.key)
    assert entry is not None, (
        f"{route.key} has no entry in {POLICY.name}: add who may use it there "
        f"(LIANXI_AUTHZ_RECORD=1 drafts it from what the code does; review before committing)"
    )
    mismatches = {
        m: (parse(entry.get(m, "")), parse(line))
        for m, line in got.items()
        if parse(entry.get(m, "")) != parse(line)
    }
    assert not mismatches, "\n".join(
        f"{m} {url}: " + ", ".join(
            f"{p} expected {want.get(p)} got {have.get(p)}"
            for p in PERSONAS if want.get(p) != have.get(p)
        )
        for m, (want, have) in mismatches.items()
    )  # fmt: skip


def test_every_policy_entry_names_a_route() -> None:
    stale = set(EXPECTED) - {r.key for r in ALL}
    assert not stale, f"{POLICY.name} has entries for routes that no longer exist: {sorted(stale)}"


def test_the_resolver_and_the_openapi_document_agree(client: Any) -> None:
    """The operations from the served document are those the resolver routes, so the matrix
    generated from either misses none."""
    served = client.get("/api/v1/openapi.json").json()
    ops = routes.operations(served)
    assert {r.key for r in ops} == {r.key for r in routes.operations()}
    assert {r.template for r in ops} == routes.api_resolver_paths()


def test_no_role_outside_staff_is_let_into_the_workspace() -> None:
    """The policy file itself keeps the house rules: anonymous callers and citizens never get
    an `ok` from a staff page (work/, admin) or from an operation only staff use."""
    staff_only = [r for r in routes.pages() if r.template.startswith(("work/", "admin/"))]
    staff_only = [r for r in staff_only if r.key != "workbench:home"]
    for route in staff_only:
        for method, line in EXPECTED.get(route.key, {}).items():
            cells = parse(line)
            # 405: the method is refused before anyone is asked who they are; it shows nothing.
            assert cells.get("anonymous") in ("login", "deny", "405"), (route.key, method)
            assert cells.get("citizen") in ("deny", "login", "405"), (route.key, method)


def teardown_module() -> None:
    if not RECORD or not observed:
        return
    merged = {**load(), **observed}
    lines = [
        "# quality.md row 1: who may use each route (test_authz_matrix.py). One entry per page",
        "# (URL name) and API operation; per method, the answer each persona gets:",
        "# ok 2xx, redirect 3xx, login (sign-in redirect / 401), deny 403/404, invalid 4xx input",
        "# refusal, 405. Personas: see authz_world.py (`*_other`: same role, unrelated).",
    ]
    for key in sorted(merged):
        lines.append(f'"{key}":')
        for method, line in merged[key].items():
            lines.append(f"  {method}: {line}")
    POLICY.write_text("\n".join(lines) + "\n", encoding="utf-8")
