"""What the public side shows of the work: the home page's blocks (this month's resolved
cases, stories, open consultations, the headline figures) and a story's public links. Every
read here is a small table: the stories, the digest of published cases, the statistics'
rolling windows, the open consultations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.legislation.models import Consultation, Stage
from lianxi.publicity.models import PublishedCase, Story
from lianxi.stats.access import PUBLIC
from lianxi.stats.models import AreaMonth, RefreshRun
from lianxi.stats.queries import Filters, totals

HOME_CASES = 6
HOME_STORIES = 3
FIGURE_MONTHS = 12


def month_start(today: date) -> datetime:
    first = today.replace(day=1)
    return timezone.make_aware(datetime.combine(first, time.min))


def resolved_this_month(limit: int = HOME_CASES) -> tuple[list[PublishedCase], int]:
    """Published cases closed since the first of this month, newest first, and how many."""
    qs = PublishedCase.objects.filter(closed_at__gte=month_start(timezone.localdate()))
    return list(qs.order_by("-closed_at", "-case_id")[:limit]), qs.count()


def latest_stories(limit: int = HOME_STORIES) -> list[Story]:
    return list(
        Story.objects.published()
        .select_related("area")
        .prefetch_related("photos")
        .order_by("-published_at", "-pk")[:limit]
    )


def open_consultations(limit: int = 3) -> list[Consultation]:
    today = timezone.localdate()
    return list(
        Consultation.objects.filter(
            stage=Stage.OPEN, opens_on__lte=today, closes_on__gte=today
        ).order_by("closes_on", "pk")[:limit]
    )


def _shift(month: date, by: int) -> date:
    index = month.year * 12 + month.month - 1 + by
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Figure:
    key: str
    value: str
    label: str
    note: str


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.1f}%"


def figures(months: int = FIGURE_MONTHS) -> dict[str, Any]:
    """The headline figures of the last `months` months (the public statistics' rolling
    window), each counting exactly what its label says, and the monthly chart's series."""
    end = timezone.localdate().replace(day=1)
    filters = Filters(start=_shift(end, -(months - 1)), end=end, span=months)
    summed = totals(PUBLIC, filters)
    by_month: dict[Any, dict[str, Any]] = {
        row["month"]: dict(row)
        for row in AreaMonth.objects.filter(month__gte=filters.start, month__lte=filters.end)
        .order_by()
        .values("month")
        .annotate(cases=Sum("cases"), answered=Sum("answered"))
    }
    months_list = filters.months()
    handled = summed.get("handled", 0)
    answered = summed.get("answered", 0)
    answer_share = round(answered / handled, 3) if handled else None
    run = RefreshRun.objects.first()
    items = [
        Figure(
            "received",
            f"{summed.get('cases', 0):,}",
            _("matters received"),
            _("submitted in the period, by every channel"),
        ),
        Figure(
            "resolved",
            f"{summed.get('closed', 0):,}",
            _("of them resolved"),
            _("closed after an answer and the citizen's rating or its time running out"),
        ),
        Figure(
            "satisfaction",
            _percent(summed.get("deputy_satisfaction")),
            _("satisfaction"),
            _(
                "ratings “satisfied” or “basically satisfied” among all ratings of the deputy's handling"
            ),
        ),
        Figure(
            "answer_rate",
            _percent(answer_share),
            _("answer rate"),
            _("accepted matters with an answer, among all accepted (not declined or merged)"),
        ),
    ]
    return {
        "items": items,
        "period": {"start": months_list[0], "end": months_list[-1]},
        "months": months,
        "as_of": run.finished_at if run else None,
        "chart": {
            "months": [m.strftime("%Y-%m") for m in months_list],
            "cases": [by_month.get(m, {}).get("cases") or 0 for m in months_list],
            "answered": [by_month.get(m, {}).get("answered") or 0 for m in months_list],
            "labels": {"cases": _("Received"), "answered": _("Answered")},
        },
    }


@dataclass(frozen=True)
class PublicLink:
    kind: str
    label: str
    url: str


def public_links(story: Story, published: dict[int, PublishedCase]) -> dict[str, Any]:
    """What a story links to, as the public may see it: published cases with their masked
    titles (others only counted), published suggestions, visits and activities by date and
    place, the deputies with their public pages."""
    from lianxi.proposals.models import Proposal

    cases = [
        PublicLink("case", f"{p.tracking_number} {p.title}", f"/published/{p.tracking_number}/")
        for p in sorted(published.values(), key=lambda p: p.closed_at)
    ]
    hidden = story.cases.count() - len(cases)
    public_proposals = set(
        Proposal.objects.published()
        .values_list("pk", flat=True)
        .filter(pk__in=story.proposals.values("pk"))
    )
    return {
        "deputies": [
            (d, f"/deputies/{d.pk}/" if d.status == "serving" else "")
            for d in story.deputies.order_by("name")
        ],
        "cases": cases,
        "hidden_cases": hidden,
        "proposals": [p for p in story.proposals.order_by("pk") if p.pk in public_proposals],
        "visits": list(story.visits.select_related("community").order_by("date")),
        "activities": list(story.activities.order_by("starts_at")),
    }


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    answered_x: float
    received_y: float
    received_h: float
    answered_y: float
    answered_h: float
    label: str
    received: int
    answered: int
    show_label: bool


CHART_W, CHART_H, AXIS = 600.0, 200.0, 24.0


def chart_bars(chart: dict[str, Any]) -> dict[str, Any]:
    """The monthly chart as SVG geometry (drawn by the template, no script: the home page
    carries no chart library)."""
    months = chart["months"]
    top = max([*chart["cases"], *chart["answered"], 1])
    slot = CHART_W / max(len(months), 1)
    plot = CHART_H - AXIS
    bars = []
    for index, label in enumerate(months):
        received, answered = chart["cases"][index], chart["answered"][index]
        rh, ah = plot * received / top, plot * answered / top
        bars.append(
            Bar(
                x=round(index * slot + slot * 0.12, 1),
                width=round(slot * 0.38, 1),
                answered_x=round(index * slot + slot * 0.5, 1),
                received_y=round(plot - rh, 1),
                received_h=round(rh, 1),
                answered_y=round(plot - ah, 1),
                answered_h=round(ah, 1),
                label=label[5:] if len(label) == 7 else label,
                received=received,
                answered=answered,
                show_label=len(months) <= 12 or index % 2 == 0,
            )
        )
    return {
        "bars": bars,
        "width": CHART_W,
        "height": CHART_H,
        "axis_y": CHART_H - AXIS + 16,
        "top": top,
        "labels": chart["labels"],
    }


def home() -> dict[str, Any]:
    """Everything the public home shows of the work, in a handful of small reads."""
    cases, cases_count = resolved_this_month()
    numbers = figures()
    return {
        "resolved": cases,
        "resolved_count": cases_count,
        "stories": latest_stories(),
        "consultations": open_consultations(),
        "figures": numbers,
        "chart": chart_bars(numbers["chart"]),
    }
