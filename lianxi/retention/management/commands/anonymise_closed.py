"""`manage.py anonymise_closed`: remove the personal data of closed cases past
PERSONAL_DATA_RETENTION_DAYS, printing exactly what changed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lianxi.core.errors import ActionError
from lianxi.retention.actions import anonymise_all


class Command(BaseCommand):
    help = "Anonymise closed cases past the personal-data retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = anonymise_all(None)
        except ActionError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts.cases} cases anonymised, {counts.texts} texts cleaned, "
                f"{counts.attachments} attachments deleted, {counts.messages} messages cleaned, "
                f"{counts.follows} follows removed, {counts.bookings} bookings cleaned"
            )
        )
