"""Reading an external CSV for the evaluation commands (never imported by the app)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from django.core.management.base import CommandError

TIME_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d")


def read_rows(path: str, needed: list[str]) -> list[dict[str, str]]:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"No such file: {path}")
    with file.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in needed if c and c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"Missing columns: {', '.join(missing)}")
        return list(reader)


def parse_time(value: str) -> datetime | None:
    value = (value or "").strip()
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None
