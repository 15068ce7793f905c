"""The public digest of published cases (`PublishedCase`): what the public may see of each
(the title with phone and ID numbers and the contact's name masked, the district, the top
category, when it closed), kept by the case steps' announcements (subscribers.py) so the home
page and the feeds read a small table, not the ledger. `rebuild()` fills it from the ledger
(after deploying, and in the demo)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from lianxi.cases.choices import Status
from lianxi.cases.models import Case
from lianxi.directory.choices import AreaLevel
from lianxi.lib.masking import mask_name, mask_text
from lianxi.publicity.models import PublishedCase

RELATED = ("category__parent", "community__parent__parent__parent")


def is_public(case: Case) -> bool:
    return bool(case.is_published and case.status == Status.CLOSED and case.consent_to_publish)


def masked_title(case: Case) -> str:
    text = mask_text(case.title or "")
    name = (case.contact_name or "").strip()
    if len(name) >= 2:
        text = text.replace(name, mask_name(name))
    return text[:200]


def _district(case: Case) -> Any:
    node = case.community
    while node is not None and node.level > AreaLevel.DISTRICT:
        node = node.parent
    return node


def row_for(case: Case) -> PublishedCase:
    category = case.category
    while category is not None and category.parent_id is not None:
        category = category.parent
    district = _district(case)
    return PublishedCase(
        case=case,
        tracking_number=case.tracking_number,
        title=masked_title(case),
        category=category.name[:60] if category else "",
        district=district.name[:60] if district else "",
        area_prefix=case.community.prefix if case.community else "",
        closed_at=case.closed_at or timezone.now(),
    )


def refresh_case(case_id: int) -> None:
    """Bring one case's digest row in line with the ledger (idempotent)."""
    case = Case.objects.select_related(*RELATED).filter(pk=case_id).first()
    if case is None or not is_public(case):
        PublishedCase.objects.filter(case_id=case_id).delete()
        return
    row = row_for(case)
    PublishedCase.objects.update_or_create(
        case=case,
        defaults={
            f: getattr(row, f)
            for f in (
                "tracking_number",
                "title",
                "category",
                "district",
                "area_prefix",
                "closed_at",
            )
        },
    )


def rebuild(batch: int = 2000) -> int:
    """Replace the whole digest from the ledger in one transaction; the number of rows."""
    qs = (
        Case.objects.published()
        .filter(status=Status.CLOSED, consent_to_publish=True)
        .select_related(*RELATED)
        .order_by("pk")
    )
    with transaction.atomic():
        PublishedCase.objects.all().delete()
        rows = [row_for(case) for case in qs.iterator(chunk_size=batch)]
        PublishedCase.objects.bulk_create(rows, batch_size=batch)
    return len(rows)
