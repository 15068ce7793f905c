"""The batch of a year's annual reports (run by tasks.report_batch_job): every serving deputy
of the batch's area gets a record for the year if missing (scored at once), then each record's report (the
stored file when final, else the draft rendered from the record) goes into one zip file, a
folder per constituency. `done` counts the reports written so the page shows the progress."""

from __future__ import annotations

import logging
import tempfile
import time
import zipfile

from django.core.files import File
from django.utils import timezone

from lianxi.directory.models import Deputy
from lianxi.performance import reports
from lianxi.performance.lines import records_for
from lianxi.performance.models import Record
from lianxi.performance.models_reports import BatchState, ReportBatch
from lianxi.performance.scoring import recompute_records

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 1.0  # seconds between progress writes


def scope(batch: ReportBatch) -> list[int]:
    """The ids of the serving deputies the batch covers."""
    deputies = Deputy.objects.filter(status="serving")
    if batch.area_id is not None and batch.area is not None:
        deputies = deputies.filter(constituency__prefix__startswith=batch.area.prefix)
    return list(deputies.values_list("pk", flat=True))


def run(batch_id: int) -> ReportBatch | None:
    """Make the batch's zip file; a batch that is not queued (already run, or running in
    another worker) is left alone, so a job delivered twice does the work once."""
    claimed = ReportBatch.objects.filter(pk=batch_id, status=BatchState.QUEUED).update(
        status=BatchState.RUNNING, started_at=timezone.now()
    )
    if claimed != 1:
        return None
    batch = ReportBatch.objects.select_related("area").get(pk=batch_id)
    try:
        _write(batch)
    except Exception as exc:  # the page says it failed; the log has the trace
        logger.exception("report batch %s failed", batch_id)
        ReportBatch.objects.filter(pk=batch_id).update(
            status=BatchState.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
    batch.refresh_from_db()
    return batch


def _write(batch: ReportBatch) -> None:
    ids = scope(batch)
    made = records_for((d, batch.year) for d in ids)
    # A record made just now has not been scored yet: score it, as the year's job would.
    recompute_records([r.pk for r in made.values() if r.computed_at is None])
    records = (
        Record.objects.filter(year=batch.year, deputy_id__in=ids)
        .select_related("deputy__constituency", "version")
        .order_by("deputy__constituency__code", "deputy__name", "pk")
    )
    total = len(ids)
    ReportBatch.objects.filter(pk=batch.pk).update(total=total, done=0)
    done, last = 0, time.monotonic()
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for record in records.iterator(chunk_size=200):
                body, name = reports.document(record, batch.format)
                folder = record.deputy.constituency.name.replace("/", "-")
                archive.writestr(f"{folder}/{name}", body)
                done += 1
                if time.monotonic() - last >= PROGRESS_EVERY:
                    ReportBatch.objects.filter(pk=batch.pk).update(done=done)
                    last = time.monotonic()
        spool.seek(0)
        batch.archive.save(f"{batch.year}-{batch.pk}.zip", File(spool), save=False)
    ReportBatch.objects.filter(pk=batch.pk).update(
        archive=batch.archive.name,
        total=total,
        done=done,
        status=BatchState.DONE,
        finished_at=timezone.now(),
    )
