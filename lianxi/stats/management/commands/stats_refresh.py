"""Rebuild the statistics tables: `stats_refresh --full` or `stats_refresh --days N`."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxi.stats.actions import refresh_statistics


class Command(BaseCommand):
    help = "Rebuild the statistics tables from the cases (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--full", action="store_true", help="rebuild every month")
        group.add_argument(
            "--days", type=int, default=3, help="months of cases changed in the last N days"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        verbose = options["verbosity"] > 0

        def progress(month: date, cases: int) -> None:
            if verbose:
                self.stdout.write(f"{month:%Y-%m}: {cases} cases", ending="\n")
                self.stdout.flush()

        run = refresh_statistics(
            None, full=options["full"], days=options["days"], progress=progress
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.months} months, {run.cases} cases, {time.perf_counter() - started:.1f} s"
            )
        )
