"""`python manage.py reindex`: write the search index again from the cases (idempotent)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.search import recent
from lianxi.search.committee import reindex_committee
from lianxi.search.legislation import reindex_legislation
from lianxi.search.reindex import optimise, rebuild_fulltext, reindex_cases


class Command(BaseCommand):
    help = "Rebuild the full-text search index of cases, notices and materials."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild-fulltext",
            action="store_true",
            help="also rebuild the database's full-text structures from the stored tokens",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        show = options["verbosity"] > 0 and not options["no_progress"]
        with tqdm(total=Case.objects.count(), desc="索引诉求", unit="件", disable=not show) as bar:
            counts = reindex_cases(bar.update)
        counts["notices_and_materials"] = reindex_committee()
        counts["consultations_and_comments"] = reindex_legislation()
        if options["rebuild_fulltext"]:
            rebuild_fulltext()
        optimise()
        recent.refresh()
        log(None, "search.reindex", None, counts)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"已索引诉求 {counts['written']} 件、通知和资料 {counts['notices_and_materials']} 条，"
            f"移除失效条目 {counts['removed']} 条，"
            f"用时 {elapsed:.1f} 秒。"
        )
