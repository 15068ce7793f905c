"""quality.md row 3, per-role field allowlists (BOPLA): every API read (list and detail), called
by each role, returns only the JSON keys field_allowlist.yaml allows that role for it. A new
key — a serializer that starts sending `contact_phone` to deputies, say — fails until someone
adds it to the file on purpose (`LIANXI_FIELDS_RECORD=1` drafts the additions; review them).

Keys are paths: `items[].citizen.phone` is the `phone` of the `citizen` of each item."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from lianxi.core.tests.security import authz_world, routes
from lianxi.core.tests.security.authz_world import (
    ROLES,
    Targets,
    arg_for,
    call,
)

targets = authz_world.targets  # the module's world, built once

ALLOWLIST = Path(__file__).with_name("field_allowlist.yaml")
RECORD = os.environ.get("LIANXI_FIELDS_RECORD") == "1"
READS = [r for r in routes.operations() if r.methods == ("get",)]
# Secrets no read ever returns, whatever the role: their keys stay out of every allowlist.
# (Contact details are returned masked under their own keys; row 13's crawl checks values.)
# (`checkin_token` is read by the committee staff who run the session: allowed, by name.)
NEVER = {"password", "phone_hash", "code_hash", "query_code", "secret", "recovery_codes"}
observed: dict[str, dict[str, list[str]]] = {}
stats = {"requests": 0, "answered": 0}


def keys(value: Any, prefix: str = "") -> set[str]:
    """Every key path in a JSON value; a key that is an id (answers by question) reads {id}."""
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            k = "{id}" if str(k).isdigit() else k
            path = f"{prefix}.{k}" if prefix else str(k)
            found.add(path)
            found |= keys(v, path)
    elif isinstance(value, list):
        for item in value:
            found |= keys(item, f"{prefix}[]")
    return found


def load() -> dict[str, dict[str, list[str]]]:
    if not ALLOWLIST.exists():
        return {}
    loaded = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8")) or {}
    return {op: per_role or {} for op, per_role in loaded.items()}  # an op no role reads: {}


EXPECTED = load()


@pytest.mark.parametrize("route", READS, ids=[r.key for r in READS])
def test_each_role_reads_only_its_allowed_keys(
    route: routes.Route, targets: Targets, db: Any
) -> None:
    url = route.url(lambda name, param: arg_for(name, param, targets.ids))
    seen: dict[str, list[str]] = {}
    for role in ROLES:
        response = call(targets, role, "get", url)
        stats["requests"] += 1
        if response.status_code != 200 or not response["Content-Type"].startswith(
            "application/json"
        ):
            continue
        stats["answered"] += 1
        got = keys(response.json())
        seen[role] = sorted(got)
        leaf = {k.rsplit(".", 1)[-1].removesuffix("[]") for k in got}
        assert not leaf & NEVER, f"{route.key} gives {role} {sorted(leaf & NEVER)}"
        if RECORD:
            continue
        allowed = set(EXPECTED.get(route.key, {}).get(role, []))
        extra = got - allowed
        assert not extra, (
            f"{route.key} returns {role} keys not in {ALLOWLIST.name}: {sorted(extra)}. "
            "If that role should read them, add them there (LIANXI_FIELDS_RECORD=1 drafts it)."
        )
    observed[route.key] = seen


def test_every_allowlist_entry_names_an_operation() -> None:
    stale = set(EXPECTED) - {r.key for r in READS}
    assert not stale, stale


def test_no_allowlist_holds_full_personal_data() -> None:
    for op, per_role in EXPECTED.items():
        for role, paths in per_role.items():
            leaf = {p.rsplit(".", 1)[-1].removesuffix("[]") for p in paths}
            assert not leaf & NEVER, (op, role, leaf & NEVER)


def teardown_module() -> None:
    print(f"\nfields: {stats['requests']} reads, {stats['answered']} JSON answers checked")
    if not RECORD or not observed:
        return
    merged = load()
    for op, per_role in observed.items():
        merged.setdefault(op, {})
        for role, paths in per_role.items():
            merged[op][role] = sorted(set(merged[op].get(role, [])) | set(paths))
    lines = [
        "# quality.md row 3: the JSON keys each role may read from each API read",
        "# (test_fields.py). A key missing here fails the test: add it on purpose.",
    ]
    for op in sorted(merged):
        lines.append(f'"{op}":')
        for role in ROLES:
            if role in merged[op]:
                lines.append(f"  {role}: {json.dumps(merged[op][role])}")
    ALLOWLIST.write_text("\n".join(lines) + "\n", encoding="utf-8")
