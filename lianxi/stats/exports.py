"""Excel export of a dashboard's per-deputy / station / department table (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font


def _safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is prefixed with a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def header() -> list[str]:
    return [
        _("Name"),
        _("Cases"),
        _("Declined"),
        _("Merged"),
        _("Answered"),
        _("Answered in time (share)"),
        _("Mean days to first answer"),
        _("Closed"),
        _("Solved"),
        _("Satisfied with the deputy (share)"),
        _("Satisfied with the department (share)"),
    ]


def row(item: dict[str, Any]) -> list[Any]:
    return [
        item["name"],
        item["cases"],
        item["declined"],
        item["merged"],
        item["answered"],
        item["in_time_share"],
        item["mean_days"],
        item["closed"],
        item["solved"],
        item["deputy_satisfaction"],
        item["dept_satisfaction"],
    ]


def workbook(title: str, summary: list[tuple[str, Any]], items: Iterable[dict[str, Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in items:
        sheet.append([_safe(v) for v in row(item)])
    sheet.freeze_panes = "A2"
    about = book.create_sheet(_("Filters"))
    for key, value in summary:
        about.append([_safe(key), _safe(value)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
