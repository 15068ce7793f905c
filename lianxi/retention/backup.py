"""Backup files: an encrypted tar stream (lianxi/lib/sealed.py) holding `manifest.json`, the
database copy (`database.sqlite3` or `database.pgdump`, from dumps.py) and the uploaded files
under `media/`.

The manifest says when and from what the backup was made, the schema (last migration per
app), every table's row count and checksum, and the database copy's size and SHA-256. Restore
refuses a target that is not empty, a backup from a newer schema than the code, and ends in
an error unless the restored database matches the manifest table by table."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import psycopg
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from lianxi.lib import sealed
from lianxi.retention.dumps import DumpError, Target, dump, is_empty, load, verify

# What the database side can raise: said to the operator as one line, never a traceback.
DATABASE_ERRORS = (DumpError, OSError, sqlite3.Error, psycopg.Error)

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A refusal or failure, with a message for the operator."""


def backup_key() -> bytes:
    text = settings.BACKUP_KEY
    if not text:
        raise BackupError(
            "LIANXI_BACKUP_KEY is not set: backups are always encrypted. Make a key with "
            "`manage.py backup --new-key` and keep it apart from the backups."
        )
    try:
        return sealed.parse_key(text)
    except sealed.SealError as exc:
        raise BackupError(f"LIANXI_BACKUP_KEY: {exc}") from exc


def _sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            hasher.update(block)
    return hasher.hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def make_backup(output: Path, *, media: bool = True) -> dict[str, Any]:
    """Write the backup of the configured database (and media) to `output`; return the
    manifest."""
    key = backup_key()
    if output.exists():
        raise BackupError(f"{output} exists already: backups are never overwritten")
    output.parent.mkdir(parents=True, exist_ok=True)
    source = Target.from_settings(connection.settings_dict)
    media_root = Path(settings.MEDIA_ROOT)
    files = _media_files(media_root) if media else []
    with tempfile.TemporaryDirectory(prefix="lianxi-backup-") as tmp:
        name = "database.sqlite3" if source.vendor == "sqlite" else "database.pgdump"
        copy = Path(tmp, name)
        try:
            tables, schema = dump(source, copy)
        except DATABASE_ERRORS as exc:
            raise BackupError(str(exc)) from exc
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "vendor": source.vendor,
            "schema": schema,
            "tables": tables,
            "database": {"file": name, "bytes": copy.stat().st_size, "sha256": _sha256(copy)},
            "media": {"files": len(files), "bytes": sum(p.stat().st_size for p in files)},
        }
        partial = output.with_name(output.name + ".partial")
        try:
            _write(partial, key, manifest, copy, files, media_root)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.rename(output)
    return manifest


def _write(
    partial: Path,
    key: bytes,
    manifest: dict[str, Any],
    copy: Path,
    files: list[Path],
    media_root: Path,
) -> None:
    name = copy.name
    with partial.open("xb") as out:
        os.fchmod(out.fileno(), 0o600)
        writer = sealed.SealingWriter(out, key)
        with tarfile.open(fileobj=writer, mode="w|") as tar:  # type: ignore[call-overload]
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(body))
            tar.add(copy, arcname=name)
            for path in files:
                tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        writer.close()
        out.flush()
        os.fsync(out.fileno())


@dataclass
class Restored:
    manifest: dict[str, Any]
    media_files: int


def _check_schema(schema: dict[str, str]) -> None:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    newer = sorted(f"{app}.{name}" for app, name in schema.items() if (app, name) not in known)
    if newer:
        raise BackupError(
            "the backup was made by a newer version of lianxi (unknown migrations: "
            f"{', '.join(newer[:5])}); restore it with that version"
        )


def _copy_out(member: IO[bytes], into: Path) -> str:
    hasher = hashlib.sha256()
    with into.open("xb") as out:
        while block := member.read(1 << 20):
            hasher.update(block)
            out.write(block)
    return hasher.hexdigest()


def restore_backup(source: Path, target: Target, media_root: Path) -> Restored:
    """Restore `source` into the empty `target` and its media into `media_root` (absent or
    empty); verify the database against the manifest."""
    key = backup_key()
    try:
        if not is_empty(target):
            raise BackupError(
                f"the target database {target.name} is not empty: restore only into a fresh one"
            )
    except DATABASE_ERRORS as exc:
        raise BackupError(f"the target database {target.name}: {exc}") from exc
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"the media directory {media_root} is not empty")
    try:
        with source.open("rb") as raw, tempfile.TemporaryDirectory(prefix="lianxi-restore-") as tmp:
            reader = sealed.OpeningReader(raw, key)
            manifest, dump_file, media_files = _unpack(reader, Path(tmp), media_root, target)
            reader.read()  # authenticate up to the last chunk: a cut-off file fails here
            load(dump_file, target)
    except sealed.SealError as exc:
        raise BackupError(f"{source}: {exc}") from exc
    except (*DATABASE_ERRORS, tarfile.TarError) as exc:
        raise BackupError(str(exc)) from exc
    try:
        problems = verify(target, manifest["tables"])
    except DATABASE_ERRORS as exc:
        raise BackupError(f"cannot verify the restored database: {exc}") from exc
    if problems:
        raise BackupError(
            "the restored database does not match the manifest; do not use it: "
            + "; ".join(problems[:10])
        )
    return Restored(manifest, media_files)


def _unpack(
    reader: sealed.OpeningReader, tmp: Path, media_root: Path, target: Target
) -> tuple[dict[str, Any], Path, int]:
    manifest: dict[str, Any] | None = None
    dump_file: Path | None = None
    media_files = 0
    with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
        for member in tar:
            if manifest is None:
                if member.name != MANIFEST:
                    raise BackupError("the backup does not start with its manifest")
                manifest = json.loads(tar.extractfile(member).read())  # type: ignore[union-attr]
                if manifest.get("format") != FORMAT:
                    raise BackupError(f"unknown backup format {manifest.get('format')}")
                if manifest["vendor"] != target.vendor:
                    raise BackupError(
                        f"a {manifest['vendor']} backup cannot be restored into {target.vendor}"
                    )
                _check_schema(manifest["schema"])
            elif member.name == manifest["database"]["file"]:
                dump_file = tmp / member.name
                digest = _copy_out(tar.extractfile(member), dump_file)  # type: ignore[arg-type]
                if digest != manifest["database"]["sha256"]:
                    raise BackupError("the database copy does not match its checksum")
            elif member.name.startswith("media/") and member.isfile():
                media_root.mkdir(parents=True, exist_ok=True)
                member.name = member.name.removeprefix("media/")
                tar.extract(member, media_root, filter="data")  # no paths outside media_root
                media_files += 1
            else:
                raise BackupError(f"unexpected entry {member.name} in the backup")
    if manifest is None or dump_file is None:
        raise BackupError("the backup holds no database")
    if media_files != manifest["media"]["files"]:
        raise BackupError(
            f"{media_files} media files restored, the manifest lists {manifest['media']['files']}"
        )
    return manifest, dump_file, media_files


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BACKUP_DIR) / f"lianxi-{stamp}.lxbk"
