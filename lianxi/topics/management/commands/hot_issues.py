"""Group an external CSV into hot issues with the platform's grouping and print JSON groups
(label, size, score, ids, places, terms)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxi.topics.engine.grouping import Group, cluster, describe, rank
from lianxi.topics.management.commands._csv import parse_time, read_rows
from lianxi.topics.management.commands.similar_pairs import build


class Command(BaseCommand):
    help = "Hot issues of a CSV file, as JSON groups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", required=True)
        parser.add_argument("--id-column", required=True)
        parser.add_argument("--text-columns", required=True)
        parser.add_argument("--time-column", default="")
        parser.add_argument("--votes-column", default="", help="one or more, comma-separated")
        parser.add_argument("--top", type=int, default=20)
        parser.add_argument(
            "--max-gap-days",
            type=float,
            default=90.0,
            help="messages further apart than this are not linked (needs --time-column)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        columns = [c.strip() for c in options["text_columns"].split(",") if c.strip()]
        votes = [c.strip() for c in options["votes_column"].split(",") if c.strip()]
        needed = [options["id_column"], *columns, options["time_column"], *votes]
        rows = read_rows(options["csv"], needed)
        index = build(rows, options["id_column"], columns)
        times = [parse_time(r.get(options["time_column"], "")) for r in rows]
        known = [t for t in times if t is not None]
        weights = [float(sum(_int(r.get(c, "")) for c in votes)) for r in rows]
        groups = [
            Group(m)
            for m in cluster(
                index,
                times=times if known else None,
                max_gap_days=options["max_gap_days"] if known else None,
            )
        ]
        rank(groups, times, weights, max(known) if known else None)
        titles = [r.get(columns[0], "") or "" for r in rows]
        out = []
        for group in groups[: options["top"]]:
            describe(index, group, titles)
            out.append(
                {
                    "label": group.label,
                    "size": len(group.members),
                    "score": group.score,
                    "ids": [index.keys[d] for d in group.members],
                    "places": group.places,
                    "terms": group.terms,
                    "votes": group.weight,
                }
            )
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))


def _int(value: str) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0
