"""The search index: documents written inside the acting transaction by the search app's own
subscribers (lianxi/search/subscribers.py) when cases, notices and materials change.

Cases are indexed by `lianxi.search.cases`; other kinds (notices, materials) are registered in
`lianxi.search.kinds` and indexed with `index_document`. A write is one INSERT … ON CONFLICT DO UPDATE of `search_document`; the
database keeps its full-text index in step (SQLite triggers, PostgreSQL generated column)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from lianxi.search import keys
from lianxi.search.kinds import document_id
from lianxi.search.models import Document
from lianxi.search.text import token_string

TITLE_MAX = 300
BODY_MAX = 20_000
UPDATE_FIELDS = ["title", "body", "title_tokens", "body_tokens", "at", "keys"]


@dataclass(frozen=True)
class Entry:
    """One object's searchable text, for `index_many`."""

    kind: str
    object_id: int
    title: str
    body: str
    when: datetime | None = None
    keys: tuple[str, ...] = ()  # besides the month (lianxi/search/keys.py)


def _document(entry: Entry) -> Document:
    title = (entry.title or "")[:TITLE_MAX]
    body = (entry.body or "")[:BODY_MAX]
    at = entry.when or timezone.now()
    return Document(
        id=document_id(entry.kind, entry.object_id),
        kind=entry.kind,
        object_id=entry.object_id,
        title=title,
        body=body,
        title_tokens=token_string(title),
        body_tokens=token_string(body),
        at=at,
        keys=keys.compose(at, entry.keys),
    )


def index_many(entries: Iterable[Entry]) -> int:
    """Add or replace many objects in one statement (reindexing); returns how many."""
    documents = [_document(e) for e in entries]
    if documents:
        Document.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=UPDATE_FIELDS,
        )
    return len(documents)


def index_document(
    kind: str, object_id: int, *, title: str, body: str, when: datetime | None = None
) -> None:
    """Add or replace the searchable text of one object."""
    index_many([Entry(kind, object_id, title, body, when)])


def remove_document(kind: str, object_id: int) -> None:
    """Drop one object from the index (deleted, withdrawn)."""
    Document.objects.filter(kind=kind, object_id=object_id).delete()
