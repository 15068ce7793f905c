"""Public answer rates per deputy, computed from the ledger's timestamps (S12, B12).

- cases: the deputy's cases, declined and merged ones excluded;
- answered_in_time_share: among the cases whose answer is known to be on time or late (answered,
  or past the due date unanswered), the share first answered on or before the due date (a case
  answered directly by the deputy has no due date and counts as answered in time); None when
  there is none yet;
- median_days_to_first_answer: the median of (first answer − submission) in days, one decimal;
  None when nothing is answered yet."""

from __future__ import annotations

from statistics import median
from typing import Any, TypedDict

from django.utils import timezone

from lianxi.cases.choices import Status
from lianxi.cases.models import Case
from lianxi.directory.models import Deputy

EXCLUDED = [Status.DECLINED, Status.MERGED]


class AnswerStats(TypedDict):
    cases: int
    answered_in_time_share: float | None
    median_days_to_first_answer: float | None


def answered_in_time(answered_at: Any, due_date: Any) -> bool:
    """On or before the due date, in local days; no due date (a direct answer) is in time.
    The statistics tables count by the same rule."""
    return due_date is None or timezone.localtime(answered_at).date() <= due_date


def answer_stats(deputy: Deputy) -> AnswerStats:
    rows: list[tuple[Any, Any, Any]] = list(
        Case.objects.filter(deputy=deputy)
        .exclude(status__in=EXCLUDED)
        .values_list("submitted_at", "first_answer_at", "due_date")
    )
    today = timezone.localdate()
    in_time = decided = 0
    days: list[float] = []
    for submitted_at, first_answer_at, due_date in rows:
        if first_answer_at is not None:
            decided += 1
            in_time += answered_in_time(first_answer_at, due_date)
            days.append((first_answer_at - submitted_at).total_seconds() / 86400)
        elif due_date is not None and due_date < today:
            decided += 1
    return {
        "cases": len(rows),
        "answered_in_time_share": round(in_time / decided, 3) if decided else None,
        "median_days_to_first_answer": round(median(days), 1) if days else None,
    }
