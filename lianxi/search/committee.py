"""The committee's notices and materials in the search: who sees which, their text, and the
writes that keep them in step (called by lianxi/search/subscribers.py and the reindex)."""

from __future__ import annotations

from typing import Any

from lianxi.committee.models import Material, Notice
from lianxi.committee.text import plain
from lianxi.search.index import Entry, index_many, remove_document

PUBLISHED = "published"


def notice_ids(user: Any) -> Any:
    return Notice.objects.visible_to(user).filter(status=PUBLISHED).values("pk")


def material_ids(user: Any) -> Any:
    return Material.objects.visible_to(user).filter(status=PUBLISHED).values("pk")


def notice_url(pk: int) -> str:
    return f"/work/committee/notices/{pk}/"


def material_url(pk: int) -> str:
    return f"/work/committee/materials/{pk}/"


def notice_entry(notice: Notice) -> Entry:
    return Entry("notice", notice.pk, notice.title, plain(notice.body), notice.published_at)


def material_entry(material: Material) -> Entry:
    body = " ".join([material.description, material.tags])
    return Entry("material", material.pk, material.title, body, material.created_at)


def index_notice(notice: Notice) -> None:
    """Published notices are searchable; drafts, scheduled and withdrawn ones are not."""
    if notice.status == PUBLISHED:
        index_many([notice_entry(notice)])
    else:
        remove_document("notice", notice.pk)


def index_material(material: Material) -> None:
    if material.status == PUBLISHED:
        index_many([material_entry(material)])
    else:
        remove_document("material", material.pk)


def reindex_committee() -> int:
    """Every published notice and material again (the demo and `reindex`)."""
    entries = [notice_entry(n) for n in Notice.objects.filter(status=PUBLISHED)]
    entries += [material_entry(m) for m in Material.objects.filter(status=PUBLISHED)]
    return index_many(entries)
