"""Excel export of a dashboard's per-deputy / station / department table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lianxi.lib.sheets import Sheet, write_workbook


def header() -> list[str]:
    return [
        pgettext("row label", "Name"),
        pgettext("count", "Cases"),
        _("Declined"),
        _("Merged"),
        _("Answered"),
        _("Answered in time (share)"),
        _("Mean days to first answer"),
        pgettext("case status", "Closed"),
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
    return write_workbook(
        [
            Sheet(title, header(), (row(item) for item in items)),
            Sheet(_("Filters"), [], summary),
        ]
    )
