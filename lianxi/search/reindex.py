"""Rebuilding the index from the source tables (the `reindex` command and the demo hook)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction

from lianxi.cases.models import Case
from lianxi.search.cases import KIND, all_case_entries
from lianxi.search.index import index_many
from lianxi.search.models import Document

BATCH = 1000


def reindex_cases(progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write every case's document again and drop documents of cases that are gone. Running it
    twice gives the same index (upserts keyed on kind and id)."""
    written = 0
    for entries in all_case_entries(BATCH):
        with transaction.atomic():
            written += index_many(entries)
        if progress is not None:
            progress(len(entries))
    stale = Document.objects.filter(kind=KIND).exclude(object_id__in=Case.objects.values("pk"))
    removed, _detail = stale.delete()
    return {"written": written, "removed": removed}


def optimise() -> None:
    """Merge the full-text index's segments (SQLite) or refresh planner statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE search_document")


def rebuild_fulltext() -> None:
    """Rebuild the full-text structures from `search_document` alone."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            cursor.execute("REINDEX INDEX search_document_tsv")
