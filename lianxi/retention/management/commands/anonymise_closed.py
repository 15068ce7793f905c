"""`manage.py anonymise_closed`: remove the personal data of closed cases past
PERSONAL_DATA_RETENTION_DAYS, printing exactly what changed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lianxi.core.errors import ActionError
from lianxi.retention.actions import BATCH, anonymise_closed


class Command(BaseCommand):
    help = "Anonymise closed cases past the personal-data retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        cases = texts = attachments = 0
        while True:
            try:
                counts = anonymise_closed(None)
            except ActionError as exc:
                raise CommandError(exc.message) from exc
            cases, texts = cases + counts.cases, texts + counts.texts
            attachments += counts.attachments
            if counts.cases < BATCH:
                break
        self.stdout.write(
            self.style.SUCCESS(
                f"{cases} cases anonymised, {texts} texts cleaned, {attachments} attachments deleted"
            )
        )
