"""What the committee app tells other apps about a deputy (the liaison rules count trainings)."""

from __future__ import annotations


def trainings_completed(deputy_id: int, year: int) -> int:
    """Training sessions the deputy attended in the calendar year."""
    return 0
