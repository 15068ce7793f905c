"""The database side of backup and restore, per vendor: a consistent copy, its restore into an
empty database, and the manifest's per-table row counts and checksums.

Everything here talks to the database through the driver (sqlite3, psycopg), not Django's
connection: the same code digests the database being backed up and the one just restored,
which Django is not configured for. A target is a URL as in DATABASE_URL."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
from psycopg import sql

BATCH = 5000


class DumpError(Exception):
    pass


@dataclass(frozen=True)
class Target:
    vendor: str  # "sqlite" or "postgresql"
    name: str  # the SQLite file, or the PostgreSQL database
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, db: dict[str, Any]) -> Target:
        if "sqlite" in db["ENGINE"]:
            return cls("sqlite", str(db["NAME"]))
        if "postgresql" not in db["ENGINE"]:
            raise DumpError(f"unsupported database engine {db['ENGINE']}")
        return cls(
            "postgresql",
            str(db["NAME"]),
            str(db.get("HOST") or ""),
            str(db.get("PORT") or ""),
            str(db.get("USER") or ""),
            str(db.get("PASSWORD") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> Target:
        return cls.from_settings(dict(dj_database_url.parse(url)))

    def connect(self) -> Any:
        if self.vendor == "sqlite":
            return sqlite3.connect(self.name)
        return psycopg.connect(
            dbname=self.name,
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
        )

    def client_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def client_args(self) -> list[str]:
        args = ["--dbname", self.name]
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args


def _sqlite_tables(conn: sqlite3.Connection) -> list[tuple[str, list[str]]]:
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    tables = []
    for name, create in rows:
        if (create or "").upper().startswith("CREATE VIRTUAL TABLE"):
            continue  # full-text index: its shadow tables (plain tables) are digested instead
        info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
        key = [col[1] for col in sorted(info, key=lambda c: c[5]) if col[5] > 0]
        tables.append((name, key or [col[1] for col in info]))
    return tables


def _postgres_tables(conn: Any) -> list[tuple[str, list[str]]]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    tables = []
    for name in names:
        key = [
            row[0]
            for row in conn.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
                "ORDER BY array_position(i.indkey, a.attnum)",
                [f'public."{name}"'],
            )
        ]
        if not key:
            key = [
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                    "'public' AND table_name = %s ORDER BY ordinal_position",
                    [name],
                )
            ]
        tables.append((name, key))
    return tables


def _rows(conn: Any, vendor: str, table: str, key: list[str]) -> Iterator[Any]:
    if vendor == "sqlite":
        order = ", ".join(f'"{c}"' for c in key)
        cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}')  # noqa: S608 - names from the catalogue
    else:
        # The row's text form: exact, and the same on the database restored from the dump.
        query = sql.SQL("SELECT t::text FROM {} AS t ORDER BY {}").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in key)
        )
        cursor = conn.cursor(name="lianxi_digest")  # server-side: rows arrive in batches
        cursor.execute(query)
    while batch := cursor.fetchmany(BATCH):
        yield from batch
    cursor.close()


def digest(conn: Any, vendor: str) -> dict[str, dict[str, Any]]:
    """Per table: the number of rows and the SHA-256 of its rows in key order."""
    tables = _sqlite_tables(conn) if vendor == "sqlite" else _postgres_tables(conn)
    result = {}
    for table, key in tables:
        hasher, count = hashlib.sha256(), 0
        for row in _rows(conn, vendor, table, key):
            hasher.update(repr(tuple(row)).encode())
            hasher.update(b"\n")
            count += 1
        result[table] = {"rows": count, "sha256": hasher.hexdigest()}
    return result


def schema_of(conn: Any) -> dict[str, str]:
    """App → its last applied migration."""
    cursor = conn.execute("SELECT app, name FROM django_migrations")
    last: dict[str, str] = {}
    for app, name in cursor.fetchall():
        last[app] = max(last.get(app, ""), name)
    return dict(sorted(last.items()))


def is_empty(target: Target) -> bool:
    if target.vendor == "sqlite":
        path = Path(target.name)
        if not path.exists() or path.stat().st_size == 0:
            return True
        with _closing(sqlite3.connect(path)) as conn:
            return not conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
    try:
        with target.connect() as conn:
            found = conn.execute(
                "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' LIMIT 1"
            ).fetchone()
    except psycopg.OperationalError as exc:
        raise DumpError(f"cannot connect to database {target.name}: {exc}") from exc
    return found is None


@contextmanager
def _closing(conn: Any) -> Iterator[Any]:
    try:
        yield conn
    finally:
        conn.close()


def dump(source: Target, into: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """Write a consistent copy of `source` to `into`; return its tables' digest and schema,
    both read from that same copy (SQLite) or snapshot (PostgreSQL)."""
    if source.vendor == "sqlite":
        with (
            _closing(sqlite3.connect(source.name)) as live,
            _closing(sqlite3.connect(into)) as copy,
        ):
            live.backup(copy)  # the online backup API: writers go on meanwhile (WAL)
        with _closing(sqlite3.connect(into)) as copy:
            return digest(copy, "sqlite"), schema_of(copy)
    with source.connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            # pg_dump reads the snapshot this transaction holds: the digest and the dump
            # describe the same data.
            command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(into)]
            process = subprocess.Popen(  # noqa: S603 - pg_dump from PATH, fixed arguments
                command + source.client_args(),
                env=source.client_env(),
                stderr=subprocess.PIPE,
            )
            tables, schema = digest(conn, "postgresql"), schema_of(conn)
            _, err = process.communicate()
            if process.returncode != 0:
                raise DumpError(f"pg_dump failed: {err.decode(errors='replace').strip()}")
    return tables, schema


def load(dump_file: Path, target: Target) -> None:
    """Restore a dump made by `dump` into the empty `target`."""
    if target.vendor == "sqlite":
        with (
            _closing(sqlite3.connect(dump_file)) as copy,
            _closing(sqlite3.connect(target.name)) as restored,
        ):
            copy.backup(restored)
            restored.execute("PRAGMA journal_mode=WAL")
        return
    command = [
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    ]
    done = subprocess.run(  # noqa: S603 - pg_restore from PATH, fixed arguments
        [*command, *target.client_args(), str(dump_file)],
        env=target.client_env(),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise DumpError(f"pg_restore failed: {done.stderr.decode(errors='replace').strip()}")


def verify(target: Target, tables: dict[str, Any]) -> list[str]:
    """The tables whose rows differ from the manifest (empty when the restore is exact)."""
    conn = target.connect()
    try:
        found = digest(conn, target.vendor)
    finally:
        conn.close()
    problems = []
    for name in sorted(set(tables) | set(found)):
        want, got = tables.get(name), found.get(name)
        if want is None:
            problems.append(f"{name}: not in the backup")
        elif got is None:
            problems.append(f"{name}: missing after restore")
        elif want != got:
            problems.append(
                f"{name}: {got['rows']} rows, expected {want['rows']} (checksum differs)"
            )
    return problems
