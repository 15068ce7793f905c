"""Background jobs of performance records: recompute a year's scores (queued by the scheme
page and on demand) or some records; jobs take ids, never objects."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from lianxi.performance.scoring import recompute_records, recompute_year


@db_task()
def recompute_year_job(year: int) -> int:
    return recompute_year(year)


@db_task()
def recompute_records_job(record_ids: list[int]) -> int:
    return recompute_records(record_ids)


@db_task()
def report_batch_job(batch_id: int) -> int:
    """Render a batch of annual reports into its zip file (see batch.py)."""
    from lianxi.performance.batch import run

    batch = run(batch_id)
    return batch.done if batch is not None else 0
