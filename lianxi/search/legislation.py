"""Consultations on draft laws and their comments in the search: who sees which, their text,
and the writes that keep them in step (called by lianxi/search/subscribers.py, the reindex
and the demo)."""

from __future__ import annotations

from typing import Any

from lianxi.legislation.models import Comment, Consultation
from lianxi.search.index import Entry, index_many, remove_document

CONSULTATION, COMMENT = "consultation", "draft_comment"


def consultation_ids(user: Any) -> Any:
    return Consultation.objects.visible_to(user).published().values("pk")


def comment_ids(user: Any) -> Any:
    return Comment.objects.visible_to(user).filter(visibility="shown").values("pk")


def consultation_url(pk: int) -> str:
    return f"/legislation/{pk}/"


def comment_url(pk: int) -> str:
    """A page that sends each reader to where they see the comment."""
    return f"/legislation/comments/{pk}/"


def consultation_entry(consultation: Consultation) -> Entry:
    return Entry(
        CONSULTATION,
        consultation.pk,
        consultation.title,
        consultation.explanation,
        consultation.published_at,
    )


def comment_entry(comment: Comment, title: str) -> Entry:
    return Entry(COMMENT, comment.pk, title, comment.body, comment.created_at)


def index_consultation(consultation: Consultation) -> None:
    if consultation.stage == "draft":
        remove_document(CONSULTATION, consultation.pk)
    else:
        index_many([consultation_entry(consultation)])


def index_comments(comments: list[Comment]) -> None:
    """Shown comments are searchable; hidden and merged ones leave the index."""
    shown = [c for c in comments if c.visibility == "shown"]
    for comment in comments:
        if comment.visibility != "shown":
            remove_document(COMMENT, comment.pk)
    if shown:
        titles = dict(
            Consultation.objects.filter(pk__in={c.consultation_id for c in shown}).values_list(
                "pk", "title"
            )
        )
        index_many([comment_entry(c, titles[c.consultation_id]) for c in shown])


def reindex_legislation() -> int:
    """Every published consultation and shown comment again (the demo and `reindex`)."""
    consultations = list(Consultation.objects.published())
    titles = {c.pk: c.title for c in consultations}
    entries = [consultation_entry(c) for c in consultations]
    entries += [
        comment_entry(c, titles[c.consultation_id])
        for c in Comment.objects.filter(consultation__in=consultations, visibility="shown")
    ]
    return index_many(entries)
