"""Mass assignment (quality.md test 17): fields a user must not set, posted to every form of
every page and to every API write operation by a user who may use it, change nothing.

Each form and operation is sent twice from the same state, once as a browser would send it
and once with the protected fields added; the protected columns of every table must end the
same. An AST scan finds no ModelForm or schema that takes `fields = "__all__"` or `exclude`."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import html5lib
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.test import Client

from conftest import World, force_login
from lianxi.api.tests import openapi
from lianxi.api.tests.conftest import Things, fill, fixed_now, persona, things
from lianxi.core.tests.security.crawl import Crawl

__all__ = ["fixed_now", "things"]

# Columns a form or API body must never set unless it is the operation's own purpose.
PROTECTED = {
    "status", "owner", "deputy", "station", "score", "is_staff", "is_superuser", "role",
    "published", "published_at", "citizen", "department", "jurisdiction", "user", "author",
    "created_by", "stage", "visibility", "outcome", "result", "rating", "is_active",
    "public", "lead", "handler", "assigned_to", "decided_by",
}  # fmt: skip
ROLES = ("citizen", "deputy_a", "staff_a", "committee", "handler_x", "admin")


def extras(world: World) -> dict[str, Any]:
    """Values no legitimate request carries: another station's, deputy's and department's ids,
    the top role, flags set."""
    return {
        "status": "closed",
        "owner_id": world["admin"].pk,
        "owner": world["admin"].pk,
        "user_id": world["admin"].pk,
        "author_id": world["admin"].pk,
        "citizen_id": world["admin"].pk,
        "deputy_id": world.deputy_b.pk,
        "station_id": world.station_b.pk,
        "department_id": world.dept_y.pk,
        "jurisdiction_id": world.city.pk,
        "score": 100,
        "rating": "satisfied",
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "on",
        "role": "admin",
        "published": "on",
        "public": "on",
        "visibility": "public",
        "stage": "closed",
        "outcome": "resolved",
        "tracking_number": "X0000000001",
    }


def protected_models() -> list[tuple[type[models.Model], list[str]]]:
    found = []
    for model in apps.get_models():
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if f.name in PROTECTED and not f.primary_key
        ]
        if columns and not model._meta.proxy:
            found.append((model, columns))
    return found


def snapshot(baseline: dict[str, set[Any]]) -> dict[str, Any]:
    """Protected columns of every row: by pk for rows in `baseline`, as a multiset for new rows
    (whose ids differ between two runs on PostgreSQL)."""
    out: dict[str, Any] = {}
    for model, columns in protected_models():
        rows = model._default_manager.values_list("pk", *columns)
        old = baseline.get(model._meta.label, set())
        out[model._meta.label] = (
            {row[0]: row[1:] for row in rows if row[0] in old},
            Counter(row[1:] for row in rows if row[0] not in old),
        )
    return out


def pks() -> dict[str, set[Any]]:
    return {
        model._meta.label: set(model._default_manager.values_list("pk", flat=True))
        for model, _columns in protected_models()
    }


def twice(send: Any, plain: dict[str, Any], hostile: dict[str, Any]) -> list[str]:
    """Send `plain` and then `hostile` from the same state; the protected columns that differ."""
    baseline = pks()
    ends = []
    for body in (plain, hostile):
        with transaction.atomic():
            cache.clear()
            send(body)
            ends.append(snapshot(baseline))
            transaction.set_rollback(True)
    return [table for table in ends[0] if ends[0][table] != ends[1][table]]


def forms(html: bytes, page: str) -> list[tuple[str, dict[str, Any], set[str]]]:
    """Each POST form of the page: where it goes, what a browser would send unchanged, and
    every field name it has (an unchecked box is the form's own field, not an extra)."""
    tree = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    found = []
    for form in tree.iter("form"):
        if form.get("method", "get").lower() != "post":
            continue
        data: dict[str, Any] = {}
        names: set[str] = set()
        for field in form.iter():
            name = field.get("name")
            if not name or field.get("disabled") is not None:
                continue
            names.add(name)
            kind = (field.get("type") or "text").lower()
            if field.tag == "input" and kind in ("file", "image", "reset", "button"):
                continue
            if field.tag == "input" and kind == "submit":
                data.setdefault(name, field.get("value", ""))
            elif field.tag == "input" and kind in ("checkbox", "radio"):
                if field.get("checked") is not None or (kind == "radio" and name not in data):
                    data[name] = field.get("value", "on")
            elif field.tag == "input":
                data[name] = field.get("value", "")
            elif field.tag == "textarea":
                data[name] = field.text or "群众反映的情况已经核实。"
            elif field.tag == "select":
                options = [o for o in field.iter("option") if o.get("value")]
                chosen = [o for o in options if o.get("selected") is not None] or options[:1]
                if chosen:
                    data[name] = chosen[0].get("value")
        found.append((urljoin(page, form.get("action") or page), data, names))
    return found


def test_forms_ignore_protected_fields(world: World, things: Things) -> None:
    hostile = extras(world)
    changed, replayed, seen = [], 0, set()
    for who in ROLES:
        client = force_login(Client(), world[who])
        pages: list[tuple[str, bytes]] = []

        def visit(url: str, response: Any, pages: list[tuple[str, bytes]] = pages) -> None:
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                pages.append((url, response.content))

        Crawl(who, per_route=1, limit=120).run(client, visit)
        for page, html in pages:
            for action, data, names in forms(html, page):
                key = (who, action.split("?")[0], tuple(sorted(data)))
                if key in seen or action.startswith("/accounts/logout"):
                    continue
                seen.add(key)
                added = {k: v for k, v in hostile.items() if k not in names}

                def send(
                    body: dict[str, Any],
                    action: str = action,
                    client: Client = client,
                    who: str = who,
                ) -> None:
                    force_login(client, world[who])
                    client.post(action, body)

                differs = twice(send, data, {**data, **added})
                replayed += 1
                if differs:
                    changed.append(f"{who} POST {action}: {differs}")
    print(f"mass assignment: {replayed} forms replayed with {len(hostile)} protected fields")
    assert replayed > 40
    assert not changed, "\n".join(changed)


def test_api_writes_ignore_protected_fields(client: Any, world: World, things: Things) -> None:
    doc = openapi.document(client)
    path_ids, body_ids = things.path_ids(world), things.body_ids(world)
    hostile = extras(world)
    changed, sent = [], 0
    for op in openapi.operations(doc):
        if op.method.lower() not in ("post", "put", "patch"):
            continue
        schema = openapi.body_schema(doc, op)
        body = fill(schema["examples"][0], body_ids) if schema else {}
        declared = set((schema or {}).get("properties", {}))
        added = {k: v for k, v in hostile.items() if k not in declared}
        who = persona(op.id)

        def send(payload: dict[str, Any], op: Any = op, who: str | None = who) -> None:
            client.logout()
            if who is not None:
                force_login(client, world[who])
            openapi.call(client, op, op.url(path_ids), payload)

        differs = twice(send, body, {**body, **added})
        sent += 1
        if differs:
            changed.append(f"{op}: {differs}")
    print(f"mass assignment: {sent} API write operations with {len(hostile)} protected fields")
    assert sent > 40
    assert not changed, "\n".join(changed)


# ModelForms and schemas that may take `__all__` or `exclude`, and why.
ALLOWED_ALL_OR_EXCLUDE: dict[str, str] = {}


def scan(path: Path) -> list[str]:
    """`fields = "__all__"` or `exclude = ...` in a ModelForm's or ModelSchema's Meta (or Config).
    The admin's own `exclude` lists are not here: only administrators post to the admin."""
    hits = []
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef) or node.name not in ("Meta", "Config"):
            continue
        for statement in node.body:
            targets: list[Any] = []
            value: Any = None
            if isinstance(statement, ast.Assign):
                targets, value = statement.targets, statement.value
            elif isinstance(statement, ast.AnnAssign):
                targets, value = [statement.target], statement.value
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            all_fields = (
                "fields" in names and isinstance(value, ast.Constant) and value.value == "__all__"
            )
            if all_fields or "exclude" in names or "model_exclude" in names:
                hits.append(f"{path}:{statement.lineno} {node.name}")
    return hits


def test_no_form_or_schema_takes_all_fields_or_excludes() -> None:
    root = Path(settings.BASE_DIR) / "lianxi"
    files = [
        p for p in root.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts
    ]
    hits = [hit for path in files for hit in scan(path)]
    unreviewed = [hit for hit in hits if hit.split(" ")[-1] not in ALLOWED_ALL_OR_EXCLUDE]
    assert len(files) > 200
    assert not unreviewed, unreviewed


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "forms.py"
    sample.write_text(
        "class A:\n    class Meta:\n        fields = '__all__'\n"
        "class B:\n    class Meta:\n        exclude = ['x']\n"
        "class C:\n    class Meta:\n        fields = ['title']\n"
    )
    assert [hit.split(" ")[-1] for hit in scan(sample)] == ["Meta", "Meta"]
