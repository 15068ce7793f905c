"""`manage.py restore FILE [--to URL] [--media-root DIR]`: restore a backup into an empty
database and check it against the backup's manifest."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from lianxi.retention.backup import BackupError, restore_backup
from lianxi.retention.dumps import DumpError, Target


class Command(BaseCommand):
    help = "Restore a backup into an empty database and verify it against its manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--to", help="the target database URL (default: the configured database)"
        )
        parser.add_argument(
            "--media-root", type=Path, help="where uploaded files go (default: MEDIA_ROOT)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["to"]:
                target = Target.from_url(options["to"])
            else:
                target = Target.from_settings(connection.settings_dict)
                connection.close()
        except DumpError as exc:
            raise CommandError(str(exc)) from exc
        media_root = options["media_root"] or Path(settings.MEDIA_ROOT)
        started = time.perf_counter()
        try:
            done = restore_backup(options["file"], target, media_root)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = done.manifest["tables"]
        rows = sum(t["rows"] for t in tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {target.name} from a backup made {done.manifest['created_at']}: "
                f"{len(tables)} tables and {rows} rows match the manifest, {done.media_files} "
                f"media files; {time.perf_counter() - started:.1f} s"
            )
        )
