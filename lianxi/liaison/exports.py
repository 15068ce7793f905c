"""Excel exports of the rota, attendance, visits and compliance."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lianxi.liaison.compliance import Standing
from lianxi.lib.masking import mask_text
from lianxi.lib.sheets import Sheet, write_workbook


def workbook(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return write_workbook([Sheet(title, header, rows)])


def _t(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def rota_rows(duties: Iterable[Any]) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Station"),
        _("Starts at"),
        _("Ends at"),
        _("Kind"),
        _("Deputy"),
        _("Attendance"),
        _("Reason for absence"),
        _("Checked in at"),
    ]
    rows = [
        [
            d.shift.station.name,
            _t(d.shift.starts_at),
            _t(d.shift.ends_at),
            d.shift.get_kind_display(),
            d.deputy.name,
            d.get_attendance_display(),
            d.absence_reason,
            _t(d.checked_in_at),
        ]
        for d in duties
    ]
    return header, rows


def _made_by(visit: Any, deputy: Any) -> bool:
    return deputy is not None and (
        visit.author_id == deputy.pk or any(d.pk == deputy.pk for d in visit.deputies.all())
    )


def visit_rows(visits: Iterable[Any], reader: Any = None) -> tuple[list[str], list[list[Any]]]:
    """`reader`: the exporting deputy, who reads their own visits' notes in clear; everyone
    else's (and everyone else) get phone and ID numbers masked (policies.can_read_visit_notes)."""
    header = [
        _("Date"),
        _("Deputies"),
        _("Community"),
        _("Method"),
        _("People met"),
        _("Matters raised"),
        pgettext("count", "Cases"),
        _("Status"),
    ]
    rows = [
        [
            f"{v.date:%Y-%m-%d}",
            "、".join(d.name for d in v.deputies.all()),
            v.community.name,
            v.get_method_display(),
            v.people_met,
            v.matters if _made_by(v, reader) else mask_text(v.matters),
            len(v.cases.all()),
            v.get_status_display(),
        ]
        for v in visits
    ]
    return header, rows


def compliance_rows(standings: Iterable[Standing]) -> tuple[list[str], list[list[Any]]]:
    header = [_("Deputy"), _("Level"), _("Overall"), _("Rules of year")]
    rows: list[list[Any]] = []
    labels: list[str] = []
    for s in standings:
        if not labels and s.measures:
            labels = [m.label for m in s.measures]
        rows.append(
            [
                s.deputy.name,
                s.deputy.get_level_display(),
                _light_label(s.light) if s.rule else _("No rule"),
                s.rule.year if s.rule else "",
            ]
            + [f"{m.actual:g} / {m.required:g}" for m in s.measures]
        )
    for label in labels:
        header.append(label)
    return header, rows


def _light_label(light: str) -> str:
    from lianxi.liaison.choices import Light

    return str(Light(light).label)
