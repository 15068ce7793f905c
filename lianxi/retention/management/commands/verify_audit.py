"""`manage.py verify_audit`: check the archive files and the audit events in the database as
one hash chain; exit with an error at the first break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lianxi.retention.archive import verify


class Command(BaseCommand):
    help = "Verify the audit hash chain across the archive files and the database."

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify()
        if not verdict.ok:
            raise CommandError(f"the audit chain is broken: {verdict.problem}")
        self.stdout.write(
            self.style.SUCCESS(
                f"the audit chain is intact: {verdict.archived} archived and "
                f"{verdict.in_database} stored events"
            )
        )
