"""Retrain the routing model from the platform's history now (the nightly job's work)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxi.insight.actions import retrain_if_changed


class Command(BaseCommand):
    help = "Retrain the routing model from the platform's history (skips if nothing changed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="retrain even if unchanged")

    def handle(self, *args: Any, **options: Any) -> None:
        row = retrain_if_changed(None, force=options["force"])
        if row is None:
            self.stdout.write("Unchanged since the model in use; nothing to do.")
            return
        self.stdout.write(
            f"v{row.version}: {row.samples} samples ({row.corrections} corrections), "
            f"{row.training_seconds:.1f} s, {row.size_bytes} bytes, metrics {row.metrics}"
        )
