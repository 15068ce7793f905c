"""Audit events past the retention period leave the database for a compressed JSON-lines file.

The hash chain goes on across the cut: each file holds its events with their hashes, its
record (AuditArchive) the hash before its first event and the hash of its last, and the
events left in the database chain on from the last archived hash. `verify()` walks every file
and then the database as one chain."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from lianxi.audit.log import GENESIS, event_hash, verify_chain
from lianxi.audit.models import AuditEvent
from lianxi.retention.models import AuditArchive

FIELDS = [
    "id",
    "at",
    "actor_id",
    "actor_label",
    "actor_role",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "ip",
    "user_agent",
    "outcome",
    "data",
    "prev_hash",
    "hash",
]
GATE = "retention archive"


def archive_dir() -> Path:
    return Path(settings.AUDIT_ARCHIVE_DIR)


def chain_start() -> str:
    """The hash the events in the database chain on from."""
    last = AuditArchive.objects.order_by("-last_id").values_list("last_hash", flat=True).first()
    return last or GENESIS


def due(now: datetime) -> Any:
    """The oldest events, up to the first one still inside the retention period. The newest
    event always stays: the next one chains on from its hash."""
    cutoff = now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    ids = AuditEvent.objects.order_by("id").values_list("id", flat=True)
    boundary = ids.filter(at__gte=cutoff).first() or ids.last()
    return AuditEvent.objects.filter(at__lt=cutoff, id__lt=boundary or 0)


def _line(event: AuditEvent) -> bytes:
    row = {name: getattr(event, name) for name in FIELDS}
    row["at"] = event.at.isoformat()
    return json.dumps(row, ensure_ascii=False, sort_keys=True).encode() + b"\n"


def _event(row: dict[str, Any]) -> AuditEvent:
    values = {name: row[name] for name in FIELDS if name != "at"}
    return AuditEvent(at=datetime.fromisoformat(row["at"]), **values)


class ChainBroken(Exception):
    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


def write(events: Any, now: datetime) -> AuditArchive | None:
    """Write the events (a queryset, oldest first) to a new file, checking their chain on the
    way; delete them from the database; return the file's record. None when there is none."""
    first = events.order_by("id").first()
    if first is None:
        return None
    start = chain_start()
    if first.prev_hash != start:
        raise ChainBroken(f"event {first.pk} does not follow the last archived event")
    folder = archive_dir()
    folder.mkdir(parents=True, exist_ok=True)
    last_id = events.order_by("-id").values_list("id", flat=True).first()
    name = f"audit-{first.pk:012d}-{last_id:012d}.jsonl.gz"
    partial = folder / (name + ".partial")
    prev, count, last_at = start, 0, first.at
    with partial.open("wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
            for event in events.order_by("id").iterator(chunk_size=2000):
                if event.prev_hash != prev or event.hash != event_hash(prev, event):
                    raise ChainBroken(f"event {event.pk}")
                out.write(_line(event))
                prev, count, last_at = event.hash, count + 1, event.at
        raw.flush()
        os.fsync(raw.fileno())
    os.replace(partial, folder / name)
    record = AuditArchive.objects.create(
        file_name=name,
        first_id=first.pk,
        last_id=last_id,
        first_at=first.at,
        last_at=last_at,
        events=count,
        start_hash=start,
        last_hash=prev,
        sha256=_sha256(folder / name),
        created_at=now,
    )
    # The database refuses to delete audit events unless the maintenance gate is open.
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit_maintenance (reason) VALUES (%s)", [GATE])
        AuditEvent.objects.filter(id__lte=last_id)._raw_delete(AuditEvent.objects.db)
        cursor.execute("DELETE FROM audit_maintenance WHERE reason = %s", [GATE])
    return record


def _sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            hasher.update(block)
    return hasher.hexdigest()


def read(record: AuditArchive) -> Iterator[AuditEvent]:
    with gzip.open(archive_dir() / record.file_name, "rb") as lines:
        for line in lines:
            yield _event(json.loads(line))


@dataclass
class Verdict:
    ok: bool
    archived: int
    in_database: int
    problem: str = ""


def verify() -> Verdict:
    """Every archive file, then the events in the database, as one chain from the start."""
    prev, archived = GENESIS, 0
    for record in AuditArchive.objects.order_by("first_id"):
        path = archive_dir() / record.file_name
        if not path.exists():
            return Verdict(False, archived, 0, f"{record.file_name}: missing")
        if _sha256(path) != record.sha256:
            return Verdict(False, archived, 0, f"{record.file_name}: the file was changed")
        if record.start_hash != prev:
            return Verdict(
                False, archived, 0, f"{record.file_name}: does not follow the previous file"
            )
        count = 0
        for event in read(record):
            if event.prev_hash != prev or event.hash != event_hash(prev, event):
                return Verdict(False, archived, 0, f"{record.file_name}: event {event.pk} broken")
            prev, count = event.hash, count + 1
        if count != record.events or prev != record.last_hash:
            return Verdict(
                False, archived, 0, f"{record.file_name}: {count} events, expected {record.events}"
            )
        archived += count
    ok, broken = verify_chain(start=prev)
    in_database = AuditEvent.objects.count()
    if not ok:
        return Verdict(False, archived, in_database, f"database: event {broken} broken")
    return Verdict(True, archived, in_database)
