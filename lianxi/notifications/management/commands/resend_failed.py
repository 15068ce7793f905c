"""`resend_failed [--channel sms|email]`: queue every failed message again (audited)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxi.core.errors import ActionError
from lianxi.notifications.actions import resend_failed


class Command(BaseCommand):
    help = "Queue failed text messages and e-mails for delivery again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--channel", choices=["sms", "email"], default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = resend_failed(None, channel=options["channel"])
        except ActionError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"{count} messages queued again"))
