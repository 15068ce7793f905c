"""Demo data of the stats app, made after the city and its cases: the app's own refresh job
over every month of the demo cases, so the dashboards have figures at once."""

from __future__ import annotations

from lianxi.stats import actions
from lianxi.stats.models import AreaMonth, DeputyMonth


def generate(seed: int, *, progress: bool = False) -> dict[str, int]:
    """Fill the demo city; returns counts by Chinese label for the command's summary."""
    run = actions.refresh_statistics(None, full=True)
    if progress:
        print(f"stats: {run.months} months, {run.cases} cases aggregated")
    return {
        "统计月份": run.months,
        "统计行（区域×类别×月）": AreaMonth.objects.count(),
        "统计行（代表×类别×月）": DeputyMonth.objects.count(),
    }
