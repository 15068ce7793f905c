"""The deputy's annual performance report (年度履职报告): the figures of one record (score,
breakdown item by item, lines by kind and by month, the work done listed), read once by
`gather`, and the `Report` that lianxi/lib/documents renders as Word and PDF (`build`). The
text parts (about the deputy, main work and results, shortcomings and plans) are the
deputy's; a new draft starts from `default_text`, written from the same figures."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

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
from lianxi.performance.choices import MANUAL_KINDS, LineKind
from lianxi.performance.models import Line, Record
from lianxi.performance.models_reports import AnnualReport, ReportState

KIND_LABELS = dict(LineKind.choices)
# Lines that count against the deputy: shown apart in the monthly chart.
SHORTFALLS = frozenset(
    {LineKind.DUTY_MISSED, LineKind.CASE_LATE, LineKind.CASE_REOPENED, LineKind.ACTIVITY_MISSED}
)
# Kinds whose lines are listed one by one in the report (the rest are counted).
LISTED = (
    LineKind.SUGGESTION_FILED,
    LineKind.SUGGESTION_ACCEPTED,
    *MANUAL_KINDS,
    LineKind.TRAINING,
    LineKind.ACTIVITY,
)
LISTED_MAX = 30  # lines listed per kind; more are summed up in one sentence


@dataclass
class Figures:
    """Everything the report says about the record, read once (also shown on the page)."""

    year: int
    name: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    score: Decimal | None = None
    grade: str = ""
    grade_label: str = ""
    version: int | None = None
    base: Decimal | None = None
    breakdown: list[dict[str, Any]] = field(default_factory=list)
    kinds: list[tuple[str, str, Decimal, int]] = field(default_factory=list)  # kind, label, sum, n
    months: list[tuple[int, int, int]] = field(default_factory=list)  # month, done, shortfalls
    listed: list[tuple[str, str, list[str], int]] = field(default_factory=list)  # kind, label…
    lines: int = 0
    computed_at: Any = None

    def count(self, kind: str) -> Decimal:
        for value, _label, total, _n in self.kinds:
            if value == kind:
                return total
        return Decimal(0)

    def snapshot(self) -> dict[str, Any]:
        """What a final report keeps of the record (the API shows it)."""
        return {
            "score": None if self.score is None else str(self.score),
            "grade": self.grade,
            "version": self.version,
            "lines": self.lines,
            "kinds": {k: number(total) for k, _label, total, _n in self.kinds},
        }


def number(value: Decimal | int | float | None) -> str:
    """2 → "2", 2.50 → "2.5", None → "–"."""
    if value is None:
        return "–"
    text = f"{Decimal(value).normalize():f}"
    return text


def gather(record: Record) -> Figures:
    deputy = record.deputy
    figures = Figures(record.year, deputy.name)
    facts = [(_("Name"), deputy.name)]
    if deputy.gender:
        facts.append((_("Gender"), str(deputy.get_gender_display())))
    if deputy.birth_year:
        facts.append((_("Year of birth"), str(deputy.birth_year)))
    facts += [
        (_("Level"), str(deputy.get_level_display())),
        (_("Term"), _("Term %(term)d") % {"term": deputy.term}),
        (_("Constituency"), deputy.constituency.full_name or deputy.constituency.name),
    ]
    if deputy.delegation:
        facts.append((_("Delegation"), deputy.delegation))
    facts.append((_("Sector"), str(deputy.get_sector_display())))
    if deputy.occupation:
        facts.append((_("Occupation"), deputy.occupation))
    figures.facts = facts
    figures.score, figures.grade = record.score, record.grade
    figures.grade_label = str(record.get_grade_display()) if record.grade else ""
    figures.computed_at = record.computed_at
    if record.version_id is not None and record.version is not None:
        figures.version, figures.base = record.version.number, record.version.base
    figures.breakdown = [
        row | {"label": str(KIND_LABELS.get(row["kind"], row["kind"]))}
        for row in record.breakdown or []
    ]
    lines = Line.objects.filter(record=record).order_by()
    per_kind = {
        r["kind"]: (r["total"], r["n"])
        for r in lines.values("kind").annotate(total=Sum("quantity"), n=Count("id"))
    }
    figures.kinds = [
        (k, str(KIND_LABELS[k]), per_kind[k][0], per_kind[k][1])
        for k in LineKind.values
        if k in per_kind
    ]
    figures.lines = sum(n for _total, n in per_kind.values())
    done: dict[int, int] = defaultdict(int)
    missed: dict[int, int] = defaultdict(int)
    for row in lines.values_list("kind", "day"):
        kind, day = row
        (missed if kind in SHORTFALLS else done)[day.month] += 1
    figures.months = [(m, done[m], missed[m]) for m in range(1, 13)]
    for kind in LISTED:
        total = per_kind.get(kind, (0, 0))[1]
        if not total:
            continue
        items = [
            f"{day:%m-%d}　{label}"
            for day, label in lines.filter(kind=kind)
            .order_by("day", "pk")
            .values_list("day", "label")[:LISTED_MAX]
        ]
        figures.listed.append((kind, str(KIND_LABELS[kind]), items, total))
    return figures


def default_title(record: Record) -> str:
    return _("%(name)s's annual performance report, %(year)d") % {
        "name": record.deputy.name,
        "year": record.year,
    }


def default_text(record: Record, figures: Figures) -> dict[str, str]:
    """The text a new draft starts from: the deputy's particulars and a summary of the record;
    the deputy rewrites it in their own words."""
    deputy = record.deputy
    intro = _(
        "%(name)s is a deputy to the %(level)s people's congress (term %(term)d), elected "
        "in %(constituency)s."
    ) % {
        "name": deputy.name,
        "level": deputy.get_level_display(),
        "term": deputy.term,
        "constituency": deputy.constituency.full_name or deputy.constituency.name,
    }
    if deputy.occupation:
        intro += _("Occupation: %(occupation)s.") % {"occupation": deputy.occupation}
    done = [
        _("%(label)s: %(count)s") % {"label": label, "count": number(total)}
        for kind, label, total, _n in figures.kinds
        if kind not in SHORTFALLS
    ]
    if done:
        highlights = _("In %(year)d the record shows: %(items)s.") % {
            "year": record.year,
            "items": _("; ").join(done),
        }
    else:
        highlights = ""
    return {"title": default_title(record)[:80], "intro": intro, "highlights": highlights}


def paragraphs(text: str) -> list[Paragraph]:
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text or "")]
    return [Paragraph(p) for p in parts if p]


def _score_blocks(figures: Figures) -> list[Block]:
    if figures.score is None:
        return [
            Paragraph(
                _("No scoring scheme is set for %(year)d yet: the record is not scored.")
                % {"year": figures.year}
            )
        ]
    blocks: list[Block] = [
        Paragraph(
            _(
                "The record of %(year)d holds %(lines)d lines. By the scheme of the year "
                "(version %(version)s) it scores %(score)s points: %(grade)s."
            )
            % {
                "year": figures.year,
                "lines": figures.lines,
                "version": figures.version or "–",
                "score": figures.score,
                "grade": figures.grade_label or "–",
            }
        )
    ]
    rows: list[list[Any]] = [[_("Base points"), None, None, None, number(figures.base)]]
    for row in figures.breakdown:
        rows.append(
            [
                row["label"],
                number(Decimal(row["count"])),
                number(Decimal(row["points"])),
                None if row["cap"] is None else number(Decimal(row["cap"])),
                number(Decimal(row["value"])),
            ]
        )
    rows.append([_("Total"), None, None, None, number(figures.score)])
    blocks.append(
        Table(
            [_("Item"), _("Count"), _("Points per unit"), _("Cap"), _("Points")],
            rows,
            caption=_("How the score is made, %(year)d") % {"year": figures.year},
            widths=[5, 1.2, 1.5, 1.2, 1.2],
        )
    )
    return blocks


def _work_blocks(figures: Figures) -> list[Block]:
    if not figures.kinds:
        return [Paragraph(_("Nothing is recorded for this year."))]
    blocks: list[Block] = [
        Table(
            [_("Kind of work"), _("Number")],
            [[label, number(total)] for _k, label, total, _n in figures.kinds],
            caption=_("The record by kind of work, %(year)d") % {"year": figures.year},
            widths=[5, 1],
        ),
        Chart(
            "barh",
            _("The record by kind of work"),
            [label for _k, label, _t, _n in figures.kinds],
            [Series(_("Number"), [float(total) for _k, _l, total, _n in figures.kinds])],
        ),
        Chart(
            "bar",
            _("Lines of the record by month"),
            [_("Month %(month)d") % {"month": m} for m, _d, _s in figures.months],
            [
                Series(_("Work done"), [d for _m, d, _s in figures.months]),
                Series(_("Shortfalls"), [s for _m, _d, s in figures.months]),
            ],
        ),
    ]
    for _kind, label, items, total in figures.listed:
        blocks.append(Heading(label, level=2))
        blocks.append(BulletList(items))
        if total > len(items):
            blocks.append(
                Paragraph(
                    _("And %(more)d more, listed in the record.") % {"more": total - len(items)}
                )
            )
    return blocks


def build(
    report: AnnualReport, figures: Figures, *, final: bool | None = None, when: date | None = None
) -> Report:
    final = report.status == ReportState.FINAL if final is None else final
    blocks: list[Block] = [Heading(_("About the deputy"))]
    blocks.append(
        Table(
            [_("Particular"), _("Value")],
            [[label, value] for label, value in figures.facts],
            widths=[1, 3],
            align=["left", "left"],
        )
    )
    blocks += paragraphs(report.intro)
    blocks += [Heading(_("Score and grade")), *_score_blocks(figures)]
    blocks += [Heading(_("The work of the year")), *_work_blocks(figures)]
    if report.highlights.strip():
        blocks += [Heading(_("Main work and results")), *paragraphs(report.highlights)]
    if report.plans.strip():
        blocks += [Heading(_("Shortcomings and next year's plans")), *paragraphs(report.plans)]
    computed = (
        timezone.localtime(figures.computed_at).strftime("%Y-%m-%d %H:%M")
        if figures.computed_at
        else "–"
    )
    if when is None:
        when = (
            timezone.localtime(report.finalised_at).date()
            if report.finalised_at
            else timezone.localdate()
        )
    return Report(
        title=report.title,
        blocks=blocks,
        subtitle=_("1 January to 31 December %(year)d") % {"year": figures.year},
        organisation=settings.SITE_NAME,
        author=figures.name,
        date=when,
        marking="" if final else _("Draft: not final"),
        page_numbers="total",
        filename=f"performance-report-{figures.year}",
        notes=[
            _("Figures from the performance record as scored at %(when)s.") % {"when": computed}
        ],
    )


def unsaved(record: Record, figures: Figures) -> AnnualReport:
    """The draft a record would start with (not saved): the batch and the download of a record
    without a report use it."""
    text = default_text(record, figures)
    return AnnualReport(record=record, status=ReportState.DRAFT, **text)


def document(record: Record, fmt: str, *, final: bool | None = None) -> tuple[bytes, str]:
    """The report of `record` as `fmt` ("pdf" or "docx"): the stored file of a final report,
    else rendered from the record and the draft's text (or the text a draft starts with)."""
    from lianxi.lib.documents import render_docx, render_pdf

    report = AnnualReport.objects.filter(record=record).first()
    if report is not None and report.status == ReportState.FINAL and final is None:
        stored = report.pdf if fmt == "pdf" else report.docx
        with stored.open("rb") as handle:
            return handle.read(), filename(record, fmt, final=True)
    figures = gather(record)
    if report is None:
        report = unsaved(record, figures)
    built = build(report, figures, final=final)
    body = render_pdf(built) if fmt == "pdf" else render_docx(built)
    return body, filename(record, fmt, final=bool(final))


def filename(record: Record, fmt: str, *, final: bool) -> str:
    """李明华-2026年度履职报告.docx (…-草稿.docx before it is final)."""
    stem = _("%(name)s-%(year)d annual performance report") % {
        "name": record.deputy.name,
        "year": record.year,
    }
    if not final:
        stem += "-" + _("draft")
    return f"{stem}.{fmt}".replace("/", "-")
