"""`manage.py backup [--output FILE] [--no-media]`: an encrypted backup with its manifest.
`manage.py backup --new-key` prints a fresh key for LIANXI_BACKUP_KEY."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxi.audit.log import log
from lianxi.lib.sealed import new_key
from lianxi.retention.backup import BackupError, default_output, make_backup


class Command(BaseCommand):
    help = "Back up the database (and uploaded files), encrypted with LIANXI_BACKUP_KEY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="the backup file (default: BACKUP_DIR)")
        parser.add_argument("--no-media", action="store_true", help="leave uploaded files out")
        parser.add_argument("--new-key", action="store_true", help="print a new key and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        output = options["output"] or default_output()
        started = time.perf_counter()
        try:
            manifest = make_backup(output, media=not options["no_media"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["tables"]
        rows = sum(t["rows"] for t in tables.values())
        log(
            None,
            "retention.backup",
            None,
            {"file": output.name, "tables": len(tables), "rows": rows, "media": manifest["media"]},
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{output}: {len(tables)} tables, {rows} rows, {manifest['media']['files']} "
                f"media files, {output.stat().st_size} bytes, {time.perf_counter() - started:.1f} s"
            )
        )
