"""Excel export of a staff case list, with the citizen's contact masked unless the policy
allows it (the bulk form of `policies.can_see_contact`). Every export is audited."""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.cases.policies import contact_visible_ids
from lianxi.core.actions import action
from lianxi.lib.masking import mask_name, mask_phone

MAX_ROWS = 10_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers() -> list[str]:
    return [
        _("Tracking number"),
        _("Submitted at"),
        _("Kind"),
        _("Title"),
        _("Category"),
        _("Community"),
        _("Status"),
        _("Due date"),
        _("Deputy"),
        _("Station"),
        _("Contact name"),
        _("Contact phone"),
    ]


@action("cases.export")
def export_cases(actor: Any, *, cases: QuerySet[Case]) -> bytes:
    """The list as an xlsx workbook (at most MAX_ROWS rows)."""
    rows = list(cases[:MAX_ROWS])
    full = contact_visible_ids(actor, rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Cases")[:31]
    sheet.append(_headers())
    for case in rows:
        shown = case.pk in full
        sheet.append(
            [
                case.tracking_number,
                timezone.localtime(case.submitted_at).strftime("%Y-%m-%d %H:%M"),
                case.get_kind_display(),
                case.title,
                str(case.category) if case.category else "",
                case.community.name if case.community else "",
                case.get_status_display(),
                case.due_date.isoformat() if case.due_date else "",
                case.deputy.name if case.deputy else "",
                case.station.name if case.station else "",
                case.contact_name if shown else mask_name(case.contact_name),
                case.contact_phone if shown else mask_phone(case.contact_phone),
            ]
        )
    for index, width in enumerate([14, 17, 8, 30, 20, 14, 14, 12, 10, 20, 10, 14], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    log(actor, "cases.export", None, {"rows": len(rows), "contact_in_full": len(full)})
    return buffer.getvalue()


def xlsx_response(user: Any, cases: QuerySet[Case]) -> HttpResponse:
    body = export_cases(user, cases=cases)
    response = HttpResponse(body, content_type=XLSX)
    name = f"cases-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
