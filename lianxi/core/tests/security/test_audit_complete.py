"""quality.md row 18, audit completeness: M security events scripted through the site (sign-in
ok and failed, a lockout, a contact reveal, an export, routing, a status change, a role change,
a deletion) leave exactly M rows, each with who, role, time with its offset, IP, action,
object and outcome and no full personal data; the hash chain verifies; changing or deleting a
row is refused by the database, and a change that got past it is found by verify_audit."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from conftest import PASSWORD, World, force_login
from lianxi.audit.log import verify_chain
from lianxi.audit.models import AuditEvent
from lianxi.cases.actions import Intake, submit_case
from lianxi.cases.models import ReplyTemplate
from lianxi.cases.reply_templates import TemplateInput, save_template
from lianxi.core.choices import Role
from lianxi.core.tests.security import canaries as c

IP = "203.0.113.7"


def _client(user: Any = None) -> Client:
    client = Client(REMOTE_ADDR=IP)
    return force_login(client, user) if user is not None else client


def _script(world: World) -> tuple[list[tuple[str, str]], list[AuditEvent]]:
    """Take the M events; return the (action, outcome) rows they must leave, in order, and
    the rows they left."""
    case = c.plant(world).case  # set-up, before the count starts
    fresh = submit_case(
        world["citizen"],
        data=Intake(
            "complaint",
            "楼道灯不亮",
            "青石社区5栋楼道灯坏了很久，晚上看不见。",
            "online",
            community=world.community1,
        ),
    ).case
    template = save_template(
        world["committee"], data=TemplateInput("临时模板", "您反映的{title}已收到。")
    )
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    expected: list[tuple[str, str]] = []

    anonymous = _client()
    ok = anonymous.post("/accounts/login/", {"username": "deputy_b", "password": PASSWORD})
    assert ok.status_code == 302
    expected.append(("accounts.login", "ok"))
    bad = _client().post("/accounts/login/", {"username": "deputy_a", "password": "wrong-one"})
    assert bad.status_code == 200
    expected.append(("accounts.login", "failed"))
    # Lockout: the limit's worth of failures (the first one above counts). The try that
    # reaches it is refused and locks the account (axes signals the lock first); the right
    # password afterwards is refused as locked, and recorded as such.
    intruder = _client()
    for _i in range(settings.AXES_FAILURE_LIMIT - 1):
        intruder.post("/accounts/login/", {"username": "deputy_a", "password": "wrong-one"})
    expected += [("accounts.login", "failed")] * (settings.AXES_FAILURE_LIMIT - 2)
    expected += [("accounts.locked", "denied"), ("accounts.login", "failed")]
    refused = intruder.post("/accounts/login/", {"username": "deputy_a", "password": PASSWORD})
    assert refused.status_code == 429  # the right password after the lock: refused
    expected += [("accounts.locked", "denied"), ("accounts.login", "failed")]

    committee = _client(world["committee"])
    reveal = committee.post(f"/work/cases/{case.pk}/reveal/", {"reason": "回访核实情况"})
    assert c.PHONE in reveal.content.decode()
    expected.append(("cases.reveal_contact", "ok"))
    export = committee.get("/work/cases/", {"format": "xlsx"})
    assert export.status_code == 200
    expected.append(("cases.export", "ok"))
    accepted = committee.post(
        f"/api/v1/cases/{fresh.pk}/accept",
        {"deputy_id": world.deputy_a.pk, "station_id": world.station_a.pk, "note": ""},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.content
    expected.append(("cases.accept", "ok"))
    routed = _client(world["deputy_a"]).post(
        f"/api/v1/cases/{fresh.pk}/refer",
        {"lead_id": world.dept_y.pk, "co_ids": [], "note": "", "disclose_contact": False},
        content_type="application/json",
    )
    assert routed.status_code == 200, routed.content
    expected.append(("cases.refer", "ok"))

    admin = _client(world["admin"])
    user = world["handler_x"]
    page = admin.get(f"/admin/accounts/user/{user.pk}/change/")
    assert page.status_code == 200
    changed = admin.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "username": user.username,
            "display_name": user.display_name,
            "role": Role.STATION_STAFF,
            "is_active": "on",
            "jurisdiction": "",
            "home_community": "",
        },
    )
    assert changed.status_code == 302, changed.content.decode()[:2000]
    expected.append(("records.change", "ok"))
    gone = committee.post(f"/work/cases/templates/{template.pk}/delete/")
    assert gone.status_code == 302 and not ReplyTemplate.objects.filter(pk=template.pk).exists()
    expected.append(("cases.delete_reply_template", "ok"))
    events = list(AuditEvent.objects.filter(id__gt=start).order_by("id"))
    return expected, events


def test_every_security_event_leaves_one_complete_row(world: World) -> None:
    expected, events = _script(world)
    assert [(e.action, e.outcome) for e in events] == expected
    for event in events:
        where = f"{event.action} #{event.pk}"
        assert event.ip == IP, where
        assert event.at.utcoffset() is not None and event.at.isoformat()[-6:] in (
            "+00:00",
            "+08:00",
        ), where
        assert event.outcome in ("ok", "denied", "failed"), where
        if event.outcome == "ok":
            assert event.actor_id and event.actor_label and event.actor_role != "public", where
            # The object: a row, or for an export the list it wrote (its size).
            assert (event.target_type and event.target_id) or "rows" in event.data, where
        else:
            assert event.data.get("username"), where  # who tried
        row = json.dumps(
            [event.actor_label, event.target_label, event.data, event.user_agent],
            ensure_ascii=False,
        )
        assert c.hits(row) == {}, where
    role_change = next(e for e in events if e.action == "records.change")
    assert "role" in role_change.data["fields"]
    print(f"M = {len(events)} events")
    assert verify_chain() == (True, None)


@pytest.fixture
def closed_gate(db: Any) -> None:
    """Inside this test's transaction, close the maintenance gate the test harness opened."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_maintenance")


def test_audit_rows_cannot_be_changed_or_deleted(world: World, closed_gate: None) -> None:
    from lianxi.audit.log import log

    event = log(world["admin"], "test.kept", world.station_a)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(outcome="denied")
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).outcome == "ok"


def test_a_change_past_the_database_is_found(world: World) -> None:
    """Someone with the database owner's rights drops the trigger's protection: verify_audit
    names the changed row."""
    from lianxi.audit.log import log

    for i in range(3):
        log(world["admin"], "test.step", None, {"i": i})
    victim = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_auditevent'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute(
            "UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"i": 99}', victim.pk]
        )
    assert verify_chain() == (False, victim.pk)
    with pytest.raises(CommandError, match=f"\\b{victim.pk}\\b"):
        call_command("verify_audit")
