"""`manage.py import_hotline FILE --mapping 12345 --user NAME`: import 12345 work orders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxi.accounts.models import User
from lianxi.cases.hotline import HotlineImportError, import_hotline
from lianxi.core.errors import ActionError


class Command(BaseCommand):
    help = "Import a 12345-hotline work-order export (xlsx or csv): every row, or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--mapping", default="12345", help="A preset name (12345) or a JSON object."
        )
        parser.add_argument(
            "--user", required=True, help="Username of the committee staff or administrator."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no such user: {options['user']}")
        try:
            numbers = import_hotline(
                user, data=path.read_bytes(), filename=path.name, mapping=options["mapping"]
            )
        except HotlineImportError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        except ActionError as exc:
            raise CommandError(exc.message) from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{len(numbers)}")
