"""Rankings and distributions of a year's scores for committee staff: the records of their
jurisdiction grouped by congress level, delegation, area (one level below the jurisdiction)
or sector, each group with its size, mean, median, range and grades; the grade distribution
and a histogram of scores; the export of all of it to .xlsx (lianxi/lib/sheets).

One query reads the year's records of the jurisdiction (about 5,000 at most), the rest is
arithmetic in Python, so the page stays fast without tables of its own."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from lianxi.core.choices import CongressLevel, Role
from lianxi.directory.choices import CODE_PREFIX_LENGTH, Sector
from lianxi.directory.models import Area
from lianxi.lib.sheets import Sheet, write_workbook
from lianxi.performance.choices import Grade
from lianxi.performance.models import Record

CENT = Decimal("0.01")
DIMENSIONS = {
    "level": gettext_lazy("Congress level"),
    "delegation": gettext_lazy("Delegation"),
    "area": gettext_lazy("Area"),
    "sector": gettext_lazy("Sector"),
}
GRADES = list(Grade.values)
NO_DELEGATION = "__none__"


@dataclass
class Row:
    """One record of the year, as the ranking needs it."""

    record_id: int
    deputy_id: int
    name: str
    level: str
    delegation: str
    sector: str
    prefix: str
    constituency: str
    score: Decimal | None
    grade: str
    area: str = ""  # the name of the area group, filled by `rows`

    @property
    def grade_label(self) -> str:
        return str(dict(Grade.choices).get(self.grade, "")) if self.grade else ""


@dataclass
class Group:
    key: str
    label: str
    deputies: int = 0
    scored: int = 0
    mean: Decimal | None = None
    median: Decimal | None = None
    highest: Decimal | None = None
    lowest: Decimal | None = None
    grades: dict[str, int] = field(default_factory=dict)
    rank: int = 0

    @property
    def grade_counts(self) -> list[int]:
        return [self.grades.get(g, 0) for g in GRADES]

    @property
    def excellent_share(self) -> str:
        return share(self.grades.get(Grade.EXCELLENT, 0), self.scored)


def share(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "–"


def cents(value: Decimal | float) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def scope_area(user: Any) -> Area | None:
    """The area the user's figures cover: the jurisdiction of committee staff; for an
    administrator the one root of the area tree (None when there are several)."""
    if getattr(user, "role", "") == Role.COMMITTEE:
        return user.jurisdiction
    roots = list(Area.objects.filter(parent__isnull=True).order_by("code")[:2])
    return roots[0] if len(roots) == 1 else None


def area_length(scope: Area | None) -> int:
    """How many digits of a constituency's prefix name its area group: one level below the
    scope (the top level when the scope is several roots)."""
    level = 1 if scope is None else min(int(scope.level) + 1, 5)
    return CODE_PREFIX_LENGTH[level]


def rows(user: Any, year: int) -> list[Row]:
    qs = (
        Record.objects.visible_to(user)
        .filter(year=year)
        .order_by()
        .values_list(
            "pk",
            "deputy_id",
            "deputy__name",
            "deputy__level",
            "deputy__delegation",
            "deputy__sector",
            "deputy__constituency__prefix",
            "deputy__constituency__name",
            "score",
            "grade",
        )
    )
    found = [Row(*values) for values in qs]
    length = area_length(scope_area(user))
    keys = {r.prefix[:length] for r in found}
    names = dict(Area.objects.filter(prefix__in=keys).values_list("prefix", "name"))
    for r in found:
        key = r.prefix[:length]
        r.area = names.get(key, r.constituency)
    return found


def key_of(row: Row, by: str) -> str:
    if by == "level":
        return row.level
    if by == "sector":
        return row.sector
    if by == "delegation":
        return row.delegation or NO_DELEGATION
    return row.area


def label_of(key: str, by: str) -> str:
    if by == "level":
        return str(dict(CongressLevel.choices).get(key, key))
    if by == "sector":
        return str(dict(Sector.choices).get(key, key))
    if by == "delegation" and key == NO_DELEGATION:
        return _("No delegation")
    return key


def groups(found: Iterable[Row], by: str) -> list[Group]:
    """The groups of `by`, best mean score first (unscored groups last), ranked 1, 2, …"""
    members: dict[str, list[Row]] = defaultdict(list)
    for row in found:
        members[key_of(row, by)].append(row)
    out = []
    for key, people in members.items():
        scores = sorted(r.score for r in people if r.score is not None)
        group = Group(key, label_of(key, by), deputies=len(people), scored=len(scores))
        group.grades = dict(Counter(r.grade for r in people if r.grade))
        if scores:
            group.mean = cents(sum(scores) / len(scores))
            group.median = cents(median(scores))
            group.highest, group.lowest = scores[-1], scores[0]
        out.append(group)
    out.sort(key=lambda g: (g.mean is None, -(g.mean or 0), g.label))
    for number, group in enumerate(out, start=1):
        group.rank = number
    return out


def grade_counts(found: Iterable[Row]) -> dict[str, int]:
    counts = Counter(r.grade for r in found)
    return {g: counts.get(g, 0) for g in [*GRADES, ""]}


def histogram(found: Iterable[Row], width: int = 10) -> list[tuple[str, int]]:
    """Scores in bands of `width` points ([0, 10), [10, 20) …) up to at least 100."""
    scores = [r.score for r in found if r.score is not None]
    top = max([Decimal(100), *scores])
    bands = max(1, math.floor(top / width) + 1)
    counts = [0] * bands
    for score in scores:
        counts[min(int(score // width), bands - 1)] += 1
    return [(f"{i * width}–{(i + 1) * width}", n) for i, n in enumerate(counts)]


def ranked(found: Iterable[Row]) -> list[tuple[int, Row]]:
    """Records by score (unscored last), with the rank: equal scores share a rank."""
    order = sorted(found, key=lambda r: (r.score is None, -(r.score or 0), r.name, r.record_id))
    out: list[tuple[int, Row]] = []
    previous: Decimal | None = None
    rank = 0
    for position, row in enumerate(order, start=1):
        if row.score is None or row.score != previous:
            rank = position
        previous = row.score
        out.append((rank, row))
    return out


def chart_data(found: Sequence[Row], by: str, grouped: Sequence[Group]) -> dict[str, Any]:
    """What the page's ECharts draw (json_script)."""
    labels = dict(Grade.choices)
    counts = grade_counts(found)
    return {
        "grades": {
            "labels": [str(labels[g]) for g in GRADES],
            "counts": [counts[g] for g in GRADES],
        },
        "histogram": [[band, n] for band, n in histogram(found)],
        "groups": {
            "labels": [g.label for g in grouped],
            "grades": [[str(labels[g]), [x.grades.get(g, 0) for x in grouped]] for g in GRADES],
            "mean": [None if g.mean is None else float(g.mean) for g in grouped],
        },
        "mean_label": _("Mean score"),
    }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def workbook(
    found: Sequence[Row], by: str, grouped: Sequence[Group], filters: list[tuple[str, Any]]
) -> bytes:
    labels = dict(Grade.choices)
    dimension = str(DIMENSIONS[by])
    group_sheet = Sheet(
        _("By %(dimension)s") % {"dimension": dimension},
        [
            _("Rank"),
            dimension,
            pgettext("count", "Deputies"),
            _("Scored"),
            _("Mean score"),
            _("Median score"),
            _("Highest"),
            _("Lowest"),
            *[str(labels[g]) for g in GRADES],
            _("Excellent (share)"),
        ],
        (
            [
                g.rank,
                g.label,
                g.deputies,
                g.scored,
                _number(g.mean),
                _number(g.median),
                _number(g.highest),
                _number(g.lowest),
                *g.grade_counts,
                g.excellent_share,
            ]
            for g in grouped
        ),
        widths=[6, 24, 8, 8, 10, 10, 8, 8, 8, 8, 10, 10, 12],
    )
    deputy_sheet = Sheet(
        pgettext("sheet", "Deputies"),
        [
            _("Rank"),
            _("Name"),
            _("Congress level"),
            _("Delegation"),
            _("Area"),
            _("Constituency"),
            _("Sector"),
            _("Score"),
            _("Grade"),
        ],
        (
            [
                rank,
                r.name,
                label_of(r.level, "level"),
                r.delegation,
                r.area,
                r.constituency,
                label_of(r.sector, "sector"),
                _number(r.score),
                str(labels.get(r.grade, "")) if r.grade else "",
            ]
            for rank, r in ranked(found)
        ),
        widths=[6, 12, 10, 20, 14, 20, 16, 8, 10],
    )
    counts = grade_counts(found)
    scored = sum(counts[g] for g in GRADES)
    grade_sheet = Sheet(
        _("Grades"),
        [_("Grade"), pgettext("count", "Deputies"), _("Share")],
        [
            *[[str(labels[g]), counts[g], share(counts[g], scored)] for g in GRADES],
            [_("Not scored"), counts[""], None],
        ],
        widths=[14, 10, 10],
    )
    band_sheet = Sheet(
        _("Scores"),
        [_("Score band"), pgettext("count", "Deputies")],
        [[band, n] for band, n in histogram(found)],
        widths=[14, 10],
    )
    return write_workbook(
        [group_sheet, deputy_sheet, grade_sheet, band_sheet, Sheet(_("Filters"), [], filters)]
    )
