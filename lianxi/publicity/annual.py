"""The congress's annual report of its liaison work (年度代表工作报告): one `Report` (rendered
as Word and PDF by lianxi/lib/documents) from the year's statistics tables, published
stories, deputies' suggestions and liaison records of the report's area, with the text the
staff wrote (foreword, main work and results, next year's work)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.committee.models import Activity
from lianxi.directory.models import Category, Deputy
from lianxi.liaison.models import Reception, Visit
from lianxi.lib.documents import (
    Block,
    BulletList,
    Chart,
    Heading,
    Paragraph,
    Report,
    Series,
    Table,
)
from lianxi.proposals.models import Proposal
from lianxi.publicity.models import AnnualReport, Story
from lianxi.stats.models import AreaMonth


@dataclass
class YearFigures:
    """Everything the report counts, read once (also shown on the staff page)."""

    year: int
    cases: dict[str, int] = field(default_factory=dict)
    months: list[tuple[str, int, int]] = field(default_factory=list)
    categories: list[tuple[str, int]] = field(default_factory=list)
    proposals: dict[str, int] = field(default_factory=dict)
    results: list[tuple[str, int]] = field(default_factory=list)
    visits: int = 0
    people_met: int = 0
    receptions: int = 0
    people_received: int = 0
    activities: list[tuple[str, int]] = field(default_factory=list)
    deputies: int = 0
    stories: list[Story] = field(default_factory=list)


def _bounds(year: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))
    return start, end


def share(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "–"


def gather(report: AnnualReport) -> YearFigures:
    year, prefix = report.year, report.area.prefix
    start, end = _bounds(year)
    figures = YearFigures(year)
    rows = AreaMonth.objects.filter(
        month__gte=date(year, 1, 1), month__lt=date(year + 1, 1, 1), area_prefix__startswith=prefix
    ).order_by()
    measures = (
        "cases", "handled", "answered", "closed", "in_time", "decided",
        "deputy_satisfied", "deputy_basic", "deputy_unsatisfied",
    )  # fmt: skip
    totals = rows.aggregate(**{m: Sum(m) for m in measures})
    figures.cases = {k: v or 0 for k, v in totals.items()}
    by_month: dict[int, dict[str, Any]] = {
        r["month"].month: dict(r)
        for r in rows.values("month").annotate(cases=Sum("cases"), answered=Sum("answered"))
    }
    figures.months = [
        (f"{m}月", by_month.get(m, {}).get("cases") or 0, by_month.get(m, {}).get("answered") or 0)
        for m in range(1, 13)
    ]
    names = dict(Category.objects.filter(parent__isnull=True).values_list("pk", "name"))
    figures.categories = [
        (names.get(r["category_id"], _("Not classified")), r["n"])
        for r in rows.values("category_id").annotate(n=Sum("cases")).order_by("-n")[:10]
        if r["n"]
    ]
    proposals = Proposal.objects.filter(
        area__prefix__startswith=prefix, filed_at__gte=start, filed_at__lt=end
    )
    figures.proposals = {
        "filed": proposals.count(),
        "replied": proposals.filter(status__in=["replied", "closed"]).count(),
        "declined": proposals.filter(status="declined").count(),
    }
    labels = dict(Proposal._meta.get_field("result").choices or [])
    figures.results = [
        (str(labels.get(r["result"], r["result"])), r["n"])
        for r in proposals.exclude(result="")
        .values("result")
        .annotate(n=Count("pk"))
        .order_by("result")
    ]
    visits = Visit.objects.filter(
        status="approved",
        date__year=year,
        community__prefix__startswith=prefix,
    )
    figures.visits = visits.count()
    figures.people_met = visits.aggregate(n=Sum("people_met"))["n"] or 0
    receptions = Reception.objects.filter(
        shift__starts_at__gte=start,
        shift__starts_at__lt=end,
        shift__station__area__prefix__startswith=prefix,
    )
    figures.receptions = receptions.count()
    figures.people_received = receptions.aggregate(n=Sum("people_received"))["n"] or 0
    kinds = dict(Activity._meta.get_field("kind").choices or [])
    figures.activities = [
        (str(kinds.get(r["kind"], r["kind"])), r["n"])
        for r in Activity.objects.filter(
            status="done", starts_at__gte=start, starts_at__lt=end, area__prefix__startswith=prefix
        )
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n")
    ]
    figures.deputies = (
        Deputy.objects.public().filter(constituency__prefix__startswith=prefix).count()
    )
    figures.stories = list(
        Story.objects.published()
        .filter(published_at__gte=start, published_at__lt=end)
        .in_area(prefix)
        .order_by("published_at", "pk")
    )
    return figures


def paragraphs(text: str) -> list[Paragraph]:
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text or "")]
    return [Paragraph(p) for p in parts if p]


def build(
    report: AnnualReport, figures: YearFigures, *, author: str = "", final: bool | None = None
) -> Report:
    c = figures.cases
    rated = c.get("deputy_satisfied", 0) + c.get("deputy_basic", 0) + c.get("deputy_unsatisfied", 0)
    satisfied = c.get("deputy_satisfied", 0) + c.get("deputy_basic", 0)
    blocks: list[Block] = []
    if report.foreword.strip():
        blocks += [Heading(_("Foreword")), *paragraphs(report.foreword)]
    blocks += [
        Heading(_("The year in figures")),
        Paragraph(
            _(
                "In %(year)d the %(deputies)d serving deputies of %(area)s received %(cases)d "
                "matters from the people; %(answered)d of the %(handled)d accepted were answered "
                "(%(answer_rate)s) and %(closed)d are resolved. Of %(rated)d ratings of the "
                "deputies' handling, %(satisfaction)s were satisfied or basically satisfied."
            )
            % {
                "year": figures.year,
                "deputies": figures.deputies,
                "area": report.area.name,
                "cases": c.get("cases", 0),
                "answered": c.get("answered", 0),
                "handled": c.get("handled", 0),
                "answer_rate": share(c.get("answered", 0), c.get("handled", 0)),
                "closed": c.get("closed", 0),
                "rated": rated,
                "satisfaction": share(satisfied, rated),
            }
        ),
        Table(
            [_("Figure"), _("Value"), _("What it counts")],
            [
                [
                    _("Matters received"),
                    c.get("cases", 0),
                    _("submitted in the year, every channel"),
                ],
                [_("Accepted"), c.get("handled", 0), _("not declined or merged")],
                [_("Answered"), c.get("answered", 0), _("accepted matters with a first answer")],
                [
                    _("Answer rate"),
                    share(c.get("answered", 0), c.get("handled", 0)),
                    _("answered ÷ accepted"),
                ],
                [_("Resolved"), c.get("closed", 0), _("closed after answer and rating")],
                [
                    _("Answered in time"),
                    share(c.get("in_time", 0), c.get("decided", 0)),
                    _("in time ÷ answers due or given"),
                ],
                [
                    _("Satisfaction"),
                    share(satisfied, rated),
                    _("satisfied or basically satisfied ÷ ratings"),
                ],
            ],
            caption=_("Matters from the people, %(year)d") % {"year": figures.year},
            widths=[2, 1, 3],
        ),
        Chart(
            "bar",
            _("Matters received and answered by month"),
            [m for m, _n, _a in figures.months],
            [
                Series(_("Received"), [n for _m, n, _a in figures.months]),
                Series(_("Answered"), [a for _m, _n, a in figures.months]),
            ],
        ),
    ]
    if figures.categories:
        blocks.append(
            Chart(
                "barh",
                _("Matters by category (the ten largest)"),
                [name for name, _n in figures.categories],
                [Series(_("Matters"), [n for _name, n in figures.categories])],
            )
        )
    blocks += [
        Heading(_("Deputies' suggestions")),
        Paragraph(
            _(
                "Deputies filed %(filed)d suggestions and bills in the year; %(replied)d have "
                "been answered by the units that handle them, %(declined)d were not accepted."
            )
            % figures.proposals
        ),
    ]
    if figures.results:
        blocks.append(
            Table(
                [_("Result class"), _("Suggestions")],
                [[label, n] for label, n in figures.results],
                caption=_("Answers by result class"),
                widths=[4, 1],
            )
        )
    blocks += [
        Heading(_("Keeping in touch with the people")),
        Table(
            [_("Kind of work"), _("Number"), _("People")],
            [
                [_("Visits to constituents (approved)"), figures.visits, figures.people_met],
                [_("Receptions at liaison stations"), figures.receptions, figures.people_received],
                *[[_("Activity: %(kind)s") % {"kind": k}, n, None] for k, n in figures.activities],
            ],
            caption=_("Liaison records, %(year)d") % {"year": figures.year},
            widths=[4, 1, 1],
        ),
    ]
    blocks.append(Heading(_("Main work and results")))
    blocks += paragraphs(report.highlights)
    if figures.stories:
        blocks += [
            Heading(_("Success stories"), level=2),
            BulletList([f"{s.title}：{s.summary}" for s in figures.stories]),
        ]
    if report.plans.strip():
        blocks += [Heading(_("Next year's work")), *paragraphs(report.plans)]
    final = report.status == "final" if final is None else final
    return Report(
        title=report.title,
        blocks=blocks,
        subtitle=_("1 January to 31 December %(year)d") % {"year": figures.year},
        organisation=settings.SITE_NAME,
        author=author,
        date=(
            timezone.localtime(report.finalised_at).date()
            if report.finalised_at
            else timezone.localdate()
        ),
        marking="" if final else _("Draft: not final"),
        toc=True,
        page_numbers="dash",
        filename=f"annual-report-{figures.year}",
        notes=[
            _("Figures from the platform's statistics tables, stories and records of %(area)s.")
            % {"area": report.area.name}
        ],
    )
