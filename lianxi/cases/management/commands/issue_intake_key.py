"""`manage.py issue_intake_key NAME [--rotate]`: print a new API key for an intake client."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxi.cases.keys import issue_key
from lianxi.core.errors import ActionError


class Command(BaseCommand):
    help = "Issue an API key to a named intake client (Open311, hotline) and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Name of the client system.")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Replace the key of an existing client (the old key stops working).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = issue_key(None, name=options["name"], rotate=options["rotate"])
        except ActionError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(key)
