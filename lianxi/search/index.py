"""The search index other apps write to from their actions (inside the action's transaction).

Cases are indexed by the search app itself (`index_case`, `index_new_case`); other kinds
(notices, materials) are registered by their app in `lianxi.search.kinds` and indexed with
`index_document`. A write is one INSERT … ON CONFLICT DO UPDATE of `search_document`; the
database keeps its full-text index in step (SQLite triggers, PostgreSQL generated column)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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


# ---------------------------------------------------------------- cases


def index_new_case(case: Any) -> None:
    """At intake: title and content only (no answers yet). Tokenising a case takes tens of
    microseconds; the write is one INSERT."""
    from lianxi.search.cases import case_entry

    index_many([case_entry(case, answers=())])


def refresh_case_keys(case: Any) -> None:
    """After a step that may change who sees the case (its deputy, station, status, publishing):
    one UPDATE of the keys, no tokenising."""
    from lianxi.search.cases import KIND, case_keys

    Document.objects.filter(kind=KIND, object_id=case.pk).update(
        keys=keys.compose(case.submitted_at, case_keys(case))
    )


def index_case(case: Any) -> None:
    """After a step that changes the case's public text (an answer, publishing)."""
    from lianxi.search.cases import case_entries

    index_many(case_entries([case.pk]))
