"""Background jobs of the search."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianxi.search import recent


@db_periodic_task(crontab(hour="0", minute="20"))
def refresh_recent_indexes_task() -> dict[str, list[str]]:
    """PostgreSQL: the partial indexes of recent months move on with the month."""
    return recent.refresh()
