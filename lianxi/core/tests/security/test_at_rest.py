"""quality.md row 20, encryption at rest: with the canaries in every field that holds a
citizen's contact (the account's phone, the case's contact name, phone and address, a booking's
and a follower's phone, the outbox's recipient) and an authenticator secret, the database as
stored (the SQLite file with its WAL; `pg_dump`'s output) and a `manage.py backup` file hold
none of them in plain text; the keys are in neither the repository nor the database.

Stored in clear by design, and so not planted here: the text a citizen types into a case (it
is searched; pages and exports mask phone, ID and e-mail in it), the account's display name
and e-mail address (shown masked), a booking's name."""

from __future__ import annotations

import base64
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from conftest import World, enrol, make_user
from lianxi.core.choices import Role
from lianxi.core.tests.security import canaries as c
from lianxi.retention.dumps import Target

BACKUP_KEY = base64.urlsafe_b64encode(b"r" * 32).decode()
REPO = Path(__file__).resolve().parents[4]


def _plant_everywhere(world: World) -> dict[str, str]:
    """The canaries in every encrypted field; what must not be found, by name."""
    from lianxi.liaison import actions as liaison
    from lianxi.topics.actions import follow_case

    planted = c.plant(world, account=False)  # the account's name and e-mail are in clear
    follower = make_user("follower", Role.CITIZEN, phone=c.PHONE_2)
    follow_case(follower, case=planted.case)
    shift = liaison.add_shift(
        world["staff_a"],
        station=world.station_a,
        kind="one_off",
        starts_at=c.SHIFT_START,
        ends_at=c.SHIFT_START.replace(hour=11),
        deputies=[world.deputy_a],
    )
    liaison.book_place(AnonymousUser(), shift=shift, name="来访群众", phone=c.PHONE_3)
    world.deputy_a.email = c.EMAIL
    world.deputy_a.save()
    device = enrol(world["committee"])
    return {
        **{k: v for k, v in c.CONTACT.items() if k != "address"},
        "address": c.ADDRESS,
        "follower phone": c.PHONE_2,
        "booking phone": c.PHONE_3,
        "totp secret": device.key,
        "field key": str(settings.FIELD_ENCRYPTION_KEY),
        "backup key": BACKUP_KEY,
    }


def _found(blob: bytes, secrets: dict[str, str]) -> dict[str, int]:
    hits = {}
    for name, value in secrets.items():
        for form in {value.encode(), value.encode("utf-16-le")}:
            if form in blob:
                hits[name] = blob.count(form)
    return hits


def _database_bytes(tmp_path: Path) -> bytes:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        name = Path(connection.settings_dict["NAME"])
        files = [name, name.with_name(name.name + "-wal")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    target = Target.from_settings(connection.settings_dict)
    dump = subprocess.run(
        ["pg_dump", "--no-owner", *target.client_args()],
        env=target.client_env(),
        capture_output=True,
        check=True,
    )
    return dump.stdout


def _where(value: str) -> list[str]:
    """The table.column that holds `value` in clear (to name the leak when there is one)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for col in connection.introspection.get_table_description(cursor, table):
                cast = f'CAST("{col.name}" AS TEXT)'
                query = f'SELECT COUNT(*) FROM "{table}" WHERE {cast} LIKE %s'  # noqa: S608
                cursor.execute(query, [f"%{value}%"])
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{col.name}")
    return found


@pytest.mark.django_db(transaction=True)
def test_no_canary_or_key_in_the_database_or_a_backup(
    world: World, fixed_now: Any, tmp_path: Path
) -> None:
    secrets = _plant_everywhere(world)
    stored = _database_bytes(tmp_path)
    assert len(stored) > 100_000  # the whole database was read
    # Sanity: the case is there, so the search would have found clear text.
    assert "梧桐巷路灯".encode() in stored
    hits = _found(stored, secrets)
    assert hits == {}, {name: _where(secrets[name]) for name in hits}

    backup = tmp_path / "at-rest.lxbk"
    with override_settings(BACKUP_KEY=BACKUP_KEY, MEDIA_ROOT=tmp_path / "media"):
        call_command("backup", output=backup, stdout=io.StringIO())
    blob = backup.read_bytes()
    assert len(blob) > 10_000
    assert _found(blob, {**secrets, "case text": "梧桐巷路灯"}) == {}
    print(f"at rest: {len(stored):,} database bytes, {len(blob):,} backup bytes, 0 hits")


def test_the_keys_are_not_in_the_repository() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    key = str(settings.FIELD_ENCRYPTION_KEY).encode()
    hits = [
        name.decode()
        for name in tracked
        if name and (REPO / name.decode()).is_file() and key in (REPO / name.decode()).read_bytes()
    ]
    assert hits == []
    assert len(tracked) > 200
    # The local key file lives in var/, which git ignores.
    ignored = subprocess.run(["git", "check-ignore", "-q", "var/field_key"], cwd=REPO)
    assert ignored.returncode == 0
