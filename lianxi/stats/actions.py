"""Actions of the stats app: the refresh of the statistics tables (the jobs, and on demand)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.stats import refresh
from lianxi.stats.models import RefreshRun
from lianxi.stats.policies import can_refresh

MAX_DAYS = 366


@action("stats.refresh")
def refresh_statistics(
    actor: Any, *, full: bool = False, days: int = 3, progress: refresh.Progress | None = None
) -> RefreshRun:
    """Rebuild every month (`full`) or the months of the cases changed in the last `days`
    days. `actor` None is the scheduled job. Idempotent: a second run gives the same rows."""
    if actor is not None and not can_refresh(actor):
        raise NotAllowed(_("You may not refresh the statistics."))
    if not full and not 1 <= days <= MAX_DAYS:
        raise InvalidInput(_("Days must be 1 to 366."), field="days")
    run = (
        refresh.refresh_full(progress=progress)
        if full
        else refresh.refresh_recent(days, progress=progress)
    )
    log(actor, "stats.refresh", run, {"full": full, "months": run.months, "cases": run.cases})
    return run
