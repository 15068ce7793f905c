"""`manage.py archive_audit`: move audit events past AUDIT_RETENTION_DAYS to an archive file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lianxi.core.errors import ActionError
from lianxi.retention.actions import archive_audit


class Command(BaseCommand):
    help = "Archive audit events past the retention period (compressed JSON lines)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            record = archive_audit(None)
        except ActionError as exc:
            raise CommandError(exc.message) from exc
        if record is None:
            self.stdout.write("0 events archived: none is past the retention period")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{record.events} events archived (ids {record.first_id}–{record.last_id}) to "
                f"{record.file_name}; the chain continues from {record.last_hash}"
            )
        )
