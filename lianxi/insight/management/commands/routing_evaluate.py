"""Train the routing classifier on a labelled CSV and score it (k-fold, or on a test CSV);
prints JSON: accuracy, macro_f1, per-class precision/recall/F1, training seconds and
milliseconds per suggestion."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxi.insight.routing.evaluate import read_csv, run


class Command(BaseCommand):
    help = "Evaluate the routing classifier on a labelled CSV (k-fold or train/test)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--train", required=True, type=Path)
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--test", type=Path)
        group.add_argument("--folds", type=int, default=5)
        parser.add_argument("--text-column", default="text")
        parser.add_argument("--label-column", default="label")

    def handle(self, *args: Any, **options: Any) -> None:
        columns = options["text_column"], options["label_column"]
        try:
            train = read_csv(options["train"], *columns)
            test = read_csv(options["test"], *columns) if options["test"] else None
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        folds = options["folds"]
        if test is None and not 2 <= folds <= len(train[0]):
            raise CommandError("--folds must be between 2 and the number of rows")
        result = run(train, test, folds)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
