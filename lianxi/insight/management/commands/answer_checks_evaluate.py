"""Run the answer checks on a CSV of messages and their replies; prints JSON counts of what
each check flags, with examples."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxi.insight.answers import check, key_terms


class Command(BaseCommand):
    help = "Evaluate the answer checks on a CSV of questions and answers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", required=True, type=Path)
        parser.add_argument("--title-column", default="留言主题")
        parser.add_argument("--question-column", default="留言详情")
        parser.add_argument("--answer-column", default="答复意见")
        parser.add_argument("--examples", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            handle = options["csv"].open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        counts: Counter[str] = Counter()
        combos: Counter[str] = Counter()
        examples: dict[str, list[dict[str, Any]]] = {}
        rows = 0
        with handle:
            reader = csv.DictReader(handle)
            needed = {options["question_column"], options["answer_column"]}
            if missing := needed - set(reader.fieldnames or []):
                raise CommandError(f"no column {', '.join(sorted(missing))}")
            for row in reader:
                answer = (row.get(options["answer_column"]) or "").strip()
                if not answer:
                    continue
                rows += 1
                title = row.get(options["title_column"]) or ""
                question = row[options["question_column"]] or ""
                found = check(question, answer, title=title)
                combos["+".join(f.code for f in found) or "none"] += 1
                for f in found:
                    counts[f.code] += 1
                    bucket = examples.setdefault(f.code, [])
                    if len(bucket) < options["examples"]:
                        bucket.append(
                            {
                                "title": title[:60],
                                "key_terms": key_terms(f"{title} {title} {question}")[:5],
                                "answer": answer[:160],
                            }
                        )
        result = {
            "answers": rows,
            "flagged": {code: counts[code] for code in sorted(counts)},
            "flagged_share": {code: round(counts[code] / rows, 4) for code in sorted(counts)}
            if rows
            else {},
            "combinations": dict(combos.most_common()),
            "examples": examples,
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
