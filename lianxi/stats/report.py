"""The committee dashboard as a report (Word and PDF through lianxi.lib.documents): the figures,
charts and table the page shows for the same filters and scope, on a title page with the
filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lianxi.lib.documents import (
    Block,
    Chart,
    Heading,
    Paragraph,
    Report,
    Series,
    Table,
)

CHART_BARS = 20  # a bar chart of areas shows the largest ones; the table below lists them all


@dataclass(frozen=True)
class Source:
    """What the report is made from: the dashboard's data (queries.dashboard), one table's
    named rows (queries.name_rows), and the words for the title page."""

    data: dict[str, Any]
    table_label: str
    name_label: str  # the first column: deputy, station or department
    rows: list[dict[str, Any]]
    total_rows: int
    filters: list[tuple[str, str]]
    organisation: str
    author: str
    today: date
    as_of: str


def month(text: str) -> str:
    """ "2026-06" → 2026年6月 (the language's year-month format)."""
    return date_format(date.fromisoformat(text + "-01"), "YEAR_MONTH_FORMAT")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _overview(data: dict[str, Any]) -> list[Block]:
    totals = data["totals"]
    text = _(
        "From %(start)s to %(end)s, %(cases)d cases were submitted; %(declined)d were declined "
        "and %(merged)d merged. %(answered)d were answered; %(in_time)s were answered in time, "
        "and the first answer took %(days)s days on average. %(closed)d were closed, "
        "%(solved)d of them solved. Citizens were satisfied with the deputy's handling in "
        "%(deputy)s of ratings and with the department's result in %(department)s."
    ) % {
        "start": month(data["period"]["start"]),
        "end": month(data["period"]["end"]),
        "cases": totals.get("cases", 0),
        "declined": totals.get("declined", 0),
        "merged": totals.get("merged", 0),
        "answered": totals.get("answered", 0),
        "in_time": percent(totals.get("in_time_share")),
        "days": days(totals.get("mean_days")),
        "closed": totals.get("closed", 0),
        "solved": totals.get("solved", 0),
        "deputy": percent(totals.get("deputy_satisfaction")),
        "department": percent(totals.get("dept_satisfaction")),
    }
    figures = [
        (pgettext("count", "Cases"), str(totals.get("cases", 0))),
        (_("Answered in time"), percent(totals.get("in_time_share"))),
        (_("Mean days to first answer"), days(totals.get("mean_days"))),
        (_("Median time to first answer"), totals.get("median_bucket") or "–"),
        (_("Satisfied with the deputy"), percent(totals.get("deputy_satisfaction"))),
        (_("Satisfied with the department"), percent(totals.get("dept_satisfaction"))),
    ]
    return [
        Heading(_("Overview")),
        Paragraph(text),
        Table(
            [_("Figure"), _("Value")],
            figures,
            caption=_("Headline figures"),
            widths=[2, 1],
            align=["left", "right"],
        ),
    ]


def _trend(data: dict[str, Any]) -> list[Block]:
    trend, labels = data["trend"], data["labels"]
    return [
        Heading(_("Cases per month")),
        Chart(
            "bar",
            _("Cases and answers per month"),
            trend["months"],
            [
                Series(labels["cases"], trend["cases"]),
                Series(labels["answered"], trend["answered"]),
            ],
        ),
        Table(
            [_("Month"), labels["cases"], labels["answered"], _("Answered in time")],
            [
                [month, cases, answered, percent(share)]
                for month, cases, answered, share in zip(
                    trend["months"],
                    trend["cases"],
                    trend["answered"],
                    trend["in_time_share"],
                    strict=True,
                )
            ],
            caption=_("Cases per month"),
        ),
    ]


def _response(data: dict[str, Any]) -> list[Block]:
    response = data["response"]
    return [
        Heading(_("Time to first answer")),
        Chart(
            "bar",
            _("Answered cases by time to first answer"),
            response["labels"],
            [Series(data["labels"]["answered"], response["cases"])],
        ),
    ]


def _breakdown(
    title: str, chart_title: str, label: str, items: list[dict[str, Any]], pie: bool
) -> list[Block]:
    if not items:
        return []
    total = sum(i["cases"] for i in items) or 1
    shown = items[:CHART_BARS]
    series = [Series(pgettext("count", "Cases"), [i["cases"] for i in shown])]
    chart = (
        Chart("pie", chart_title, [i["name"] for i in shown], series)
        if pie
        else Chart("barh", chart_title, [i["name"] for i in shown], series)
    )
    table = Table(
        [label, pgettext("count", "Cases"), _("Share")],
        [[i["name"], i["cases"], percent(i["cases"] / total)] for i in items],
        caption=chart_title,
        widths=[3, 1, 1],
    )
    return [Heading(title, 2), chart, table]


def _satisfaction(data: dict[str, Any]) -> list[Block]:
    satisfaction, labels = data["satisfaction"], data["labels"]
    return [
        Heading(_("Satisfaction")),
        Chart(
            "bar",
            _("Ratings of the deputy and of the department"),
            satisfaction["labels"],
            [
                Series(labels["deputy"], satisfaction["deputy"]),
                Series(labels["department"], satisfaction["department"]),
            ],
        ),
    ]


def _entities(source: Source) -> list[Block]:
    header = [
        source.name_label,
        pgettext("count", "Cases"),
        _("Answered"),
        _("Answered in time"),
        _("Mean days"),
        pgettext("case status", "Closed"),
        _("Solved"),
        _("Satisfied with the deputy"),
        _("Satisfied with the department"),
    ]
    rows = [
        [
            row["name"],
            row["cases"],
            row["answered"],
            percent(row["in_time_share"]),
            days(row["mean_days"]),
            row["closed"],
            row["solved"],
            percent(row["deputy_satisfaction"]),
            percent(row["dept_satisfaction"]),
        ]
        for row in source.rows
    ]
    note = ""
    if source.total_rows > len(source.rows):
        note = _(
            "The %(shown)d with the most cases of %(total)d; the Excel export lists them all."
        ) % {"shown": len(source.rows), "total": source.total_rows}
    return [
        Heading(source.table_label),
        Table(
            header,
            rows,
            caption=source.table_label,
            widths=[2.6, 1, 1, 1.2, 1.1, 1, 1, 1.3, 1.3],
            note=note,
        ),
    ]


def build(source: Source) -> Report:
    data = source.data
    blocks: list[Block] = [*_overview(data), *_trend(data), *_response(data)]
    parts = [
        *_breakdown(
            _("By category"), _("Cases by category"), _("Category"), data["categories"], False
        ),
        *_breakdown(_("By area"), _("Cases by area"), _("Area"), data["areas"], False),
        *_breakdown(
            _("By status"), _("Cases by current status"), _("Status"), data["statuses"], True
        ),
        *_breakdown(_("By channel"), _("Cases by channel"), _("Channel"), data["channels"], True),
    ]
    if parts:
        blocks += [Heading(_("Breakdowns")), *parts]
    blocks += [*_satisfaction(data), *_entities(source)]
    notes = [_("%(label)s: %(value)s") % {"label": k, "value": v} for k, v in source.filters]
    notes.append(_("Figures as of %(at)s.") % {"at": source.as_of} if source.as_of else "")
    return Report(
        title=_("Report on citizens' cases"),
        subtitle=_("%(start)s to %(end)s")
        % {"start": month(data["period"]["start"]), "end": month(data["period"]["end"])},
        organisation=source.organisation,
        author=source.author,
        date=source.today,
        marking=_("Internal: handle with care"),
        blocks=blocks,
        notes=[n for n in notes if n],
        page_numbers="total",
    )
