"""Print the near-duplicate pairs of an external CSV as JSON: [[id_a, id_b, score], …],
found by the same detector the platform uses for "likely duplicates"."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxi.topics.engine.index import Index, similar_pairs
from lianxi.topics.engine.text import terms
from lianxi.topics.management.commands._csv import read_rows
from lianxi.topics.similar import DUPLICATE_MIN_SCORE


def build(rows: list[dict[str, str]], id_column: str, text_columns: list[str]) -> Index:
    index = Index()
    for row in rows:
        title = row.get(text_columns[0], "") or ""
        rest = " ".join(row.get(c, "") or "" for c in text_columns[1:])
        index.add(row[id_column], terms(title, rest), weigh=False)
    index.finalise()
    return index


class Command(BaseCommand):
    help = "Near-duplicate pairs of a CSV file, as JSON [[id_a, id_b, score], …]."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", required=True)
        parser.add_argument("--id-column", required=True)
        parser.add_argument(
            "--text-columns", required=True, help="title column first, then the body columns"
        )
        parser.add_argument("--threshold", type=float, default=DUPLICATE_MIN_SCORE)

    def handle(self, *args: Any, **options: Any) -> None:
        columns = [c.strip() for c in options["text_columns"].split(",") if c.strip()]
        rows = read_rows(options["csv"], [options["id_column"], *columns])
        index = build(rows, options["id_column"], columns)
        pairs = similar_pairs(index, options["threshold"])
        pairs.sort(key=lambda p: (-p[2], str(p[0]), str(p[1])))
        self.stdout.write(json.dumps([list(p) for p in pairs], ensure_ascii=False))
