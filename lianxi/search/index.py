"""The search index other apps write to from their actions (inside the action's transaction).

Cases are indexed by the search app itself; other kinds (notices, materials) are registered
by their app in `lianxi.search.kinds` and indexed with `index_document`."""

from __future__ import annotations

from datetime import datetime


def index_document(
    kind: str, object_id: int, *, title: str, body: str, when: datetime | None = None
) -> None:
    """Add or replace the searchable text of one object."""


def remove_document(kind: str, object_id: int) -> None:
    """Drop one object from the index (deleted, withdrawn)."""
