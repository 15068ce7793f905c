"""Excel export of a staff case list. A file travels further than a page: the citizen's
contact and phone and ID numbers typed into a title are masked for every role (the full
contact only through a reveal, one case at a time: lianxi/cases/reveal.py). Every export is
audited."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.core.actions import action
from lianxi.lib.masking import mask_name, mask_phone, mask_text
from lianxi.lib.sheets import XLSX_CONTENT_TYPE, Sheet, write_workbook

MAX_ROWS = 10_000
WIDTHS = (14, 17, 8, 30, 20, 14, 14, 12, 10, 20, 10, 14)


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
    lines = (
        [
            case.tracking_number,
            timezone.localtime(case.submitted_at).strftime("%Y-%m-%d %H:%M"),
            case.get_kind_display(),
            mask_text(case.title),
            str(case.category) if case.category else "",
            case.community.name if case.community else "",
            case.get_status_display(),
            case.due_date.isoformat() if case.due_date else "",
            case.deputy.name if case.deputy else "",
            case.station.name if case.station else "",
            mask_name(case.contact_name),
            mask_phone(case.contact_phone),
        ]
        for case in rows
    )
    content = write_workbook([Sheet(_("Cases"), _headers(), lines, widths=WIDTHS)])
    log(actor, "cases.export", None, {"rows": len(rows)})
    return content


def xlsx_response(user: Any, cases: QuerySet[Case]) -> HttpResponse:
    body = export_cases(user, cases=cases)
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    name = f"cases-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Made for this request and kept nowhere: no copy in a browser's or a proxy's cache either.
    response["Cache-Control"] = "private, no-store"
    return response
