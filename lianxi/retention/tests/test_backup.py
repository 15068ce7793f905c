"""Backup and restore (quality.md test 28): the restore drill on the test database itself
(SQLite or PostgreSQL, whichever the suite runs on), and every refusal: no key, a wrong key, a
changed or cut-off file, a target that is not empty."""

from __future__ import annotations

import base64
import io
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases.models import Case
from lianxi.lib import sealed
from lianxi.retention.dumps import Target

KEY = base64.urlsafe_b64encode(b"k" * 32).decode()
OTHER_KEY = base64.urlsafe_b64encode(b"o" * 32).decode()


@pytest.fixture
def fresh_target(tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of the suite's kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    source = Target.from_settings(connection.settings_dict)
    name = f"lx_drill_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(
        dbname="postgres",
        host=source.host or None,
        port=source.port or None,
        user=source.user or None,
        password=source.password or None,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    auth = f"{source.user}:{source.password}@" if source.password else f"{source.user}@"
    try:
        yield f"postgres://{auth}{source.host or '127.0.0.1'}:{source.port or 5432}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _count(url: str, table: str) -> int:
    conn = Target.from_url(url).connect()
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
@override_settings(BACKUP_KEY=KEY)
def test_restore_drill(world: World, submit: Any, tmp_path: Path, fresh_target: str) -> None:
    media = tmp_path / "media"
    (media / "cases").mkdir(parents=True)
    (media / "cases" / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    case = submit(world["citizen"], title="路灯不亮", contact_phone="13612345678")
    cases, events = Case.objects.count(), AuditEvent.objects.count()
    backup = tmp_path / "drill.lxbk"
    out = io.StringIO()
    with override_settings(MEDIA_ROOT=media):
        call_command("backup", output=backup, stdout=out)
    assert "1 media files" in out.getvalue()
    assert b"13612345678" not in backup.read_bytes()  # encrypted (and the phone is, at rest)
    assert "路灯不亮".encode() not in backup.read_bytes()

    restored_media = tmp_path / "restored-media"
    out = io.StringIO()
    call_command("restore", str(backup), to=fresh_target, media_root=restored_media, stdout=out)
    assert "match the manifest" in out.getvalue()
    assert _count(fresh_target, "cases_case") == cases
    # The backup's own audit event came after the copy: the restored trail is the one copied.
    assert _count(fresh_target, "audit_auditevent") == events
    assert (restored_media / "cases" / "photo.jpg").read_bytes() == b"\xff\xd8 a photo"
    assert case.pk

    # A second restore into the now restored (not empty) database is refused.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup), to=fresh_target, media_root=tmp_path / "m2")


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_without_a_key(world: World, tmp_path: Path) -> None:
    with override_settings(BACKUP_KEY=""), pytest.raises(CommandError, match="LIANXI_BACKUP_KEY"):
        call_command("backup", output=tmp_path / "x.lxbk")
    with override_settings(BACKUP_KEY="c2hvcnQ="), pytest.raises(CommandError, match="32 bytes"):
        call_command("backup", output=tmp_path / "x.lxbk")
    assert not (tmp_path / "x.lxbk").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_wrong_key_a_changed_or_cut_file(
    world: World, tmp_path: Path, fresh_target: str
) -> None:
    backup = tmp_path / "b.lxbk"
    with override_settings(BACKUP_KEY=KEY, MEDIA_ROOT=tmp_path / "none"):
        call_command("backup", output=backup, stdout=io.StringIO())
    body = backup.read_bytes()
    changed = bytearray(body)
    changed[len(body) // 2] ^= 1
    (tmp_path / "changed.lxbk").write_bytes(bytes(changed))
    (tmp_path / "cut.lxbk").write_bytes(body[: len(body) - 100])
    media = tmp_path / "m"
    with override_settings(BACKUP_KEY=OTHER_KEY), pytest.raises(CommandError, match="wrong key"):
        call_command("restore", str(backup), to=fresh_target, media_root=media)
    with override_settings(BACKUP_KEY=KEY):
        for name in ("changed.lxbk", "cut.lxbk"):
            with pytest.raises(CommandError, match=r"changed|truncated"):
                call_command("restore", str(tmp_path / name), to=fresh_target, media_root=media)
        with pytest.raises(CommandError, match="exists already"):
            call_command("backup", output=backup)
        if connection.vendor == "postgresql":
            sqlite_url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
            with pytest.raises(CommandError, match="cannot be restored into sqlite"):
                call_command("restore", str(backup), to=sqlite_url, media_root=media)
    # Nothing was restored by the refused attempts.
    assert _count_tables(fresh_target) == 0


def _count_tables(url: str) -> int:
    target = Target.from_url(url)
    if target.vendor == "sqlite":
        if not Path(target.name).exists():
            return 0
        conn = target.connect()
        try:
            return int(conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0])
        finally:
            conn.close()
    with target.connect() as conn:
        row = conn.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        return int(row[0])


def test_sealed_stream_round_trip_and_truncation() -> None:
    key = os.urandom(32)
    plain = os.urandom(sealed.CHUNK * 2 + 123)
    out = io.BytesIO()
    writer = sealed.SealingWriter(out, key)
    writer.write(plain[:1000])
    writer.write(plain[1000:])
    writer.close()
    body = out.getvalue()
    assert sealed.OpeningReader(io.BytesIO(body), key).read() == plain
    # Cut exactly at a chunk boundary: still refused (the last chunk is marked).
    first_chunk = len(sealed.MAGIC) + 8 + 4 + sealed.CHUNK + 16
    with pytest.raises(sealed.SealError, match="truncated"):
        sealed.OpeningReader(io.BytesIO(body[:first_chunk]), key).read()
    with pytest.raises(sealed.SealError, match="not a lianxi backup"):
        sealed.OpeningReader(io.BytesIO(b"PK\x03\x04 zip"), key)
    empty = io.BytesIO()
    sealed.SealingWriter(empty, key).close()
    assert sealed.OpeningReader(io.BytesIO(empty.getvalue()), key).read() == b""
