"""Demo data of the publicity app, made after the cases and the statistics: the digest of
published cases, six success stories (each linked to a published case of the same matter
when the demo has one, its deputy, with before/after photos drawn by draw.py) written by the
city's committee staff and published after review, and last year's annual report, final.
One audit event `demo.generate_publicity` with the seed and the counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lianxi.accounts.models import User
from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.core.choices import Role
from lianxi.lib.documents import render_docx, render_pdf
from lianxi.publicity import actions, annual, digest
from lianxi.publicity.demo import draw, texts
from lianxi.publicity.models import AnnualReport, PublishedCase, Story


def _case_for(keyword: str, used: set[int]) -> Case | None:
    row = (
        PublishedCase.objects.filter(title__contains=keyword)
        .exclude(case_id__in=used)
        .order_by("-closed_at")
        .first()
    ) or PublishedCase.objects.exclude(case_id__in=used).order_by("-closed_at").first()
    return Case.objects.select_related("deputy").get(pk=row.case_id) if row else None


def _story(author: User, reviewer: User, spec: dict[str, Any], seed: int, used: set[int]) -> Story:
    case = _case_for(spec["keyword"], used)
    deputies = [case.deputy_id] if case is not None and case.deputy_id else []
    if case is not None:
        used.add(case.pk)
    story = actions.create_story(
        author,
        details=actions.Details(
            title=spec["title"],
            summary=spec["summary"],
            body=spec["body"],
            case_numbers=[case.tracking_number] if case else [],
            deputy_ids=[d for d in deputies if d],
        ),
    )
    for state, caption in (("before", spec["before"]), ("after", spec["after"])):
        actions.add_photo(
            author,
            story,
            name=f"{spec['scene']}-{state}.jpg",
            data=draw.scene(spec["scene"], state, seed),
            kind=state,
            caption=caption,
        )
    actions.submit_story(author, story, reviewer_id=reviewer.pk)
    return actions.publish_story(reviewer, story)


def _report(author: User, year: int) -> AnnualReport:
    report = actions.create_report(author, year=year)
    report = actions.edit_report(
        author,
        report,
        text=actions.ReportText(
            title=report.title,
            foreword=texts.REPORT_FOREWORD,
            highlights=texts.REPORT_HIGHLIGHTS,
            plans=texts.REPORT_PLANS,
        ),
    )
    built = annual.build(report, annual.gather(report), author=str(author), final=True)
    return actions.finalise_report(author, report, pdf=render_pdf(built), docx=render_docx(built))


def generate(seed: int, *, progress: bool = False) -> dict[str, int]:
    """Fill the demo city once; returns counts by Chinese label for the command's summary."""
    if Story.objects.exists():
        return {}
    author = (
        User.objects.filter(role=Role.COMMITTEE, is_active=True, jurisdiction__level=2)
        .order_by("pk")
        .first()
    )
    reviewer = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    if author is None or reviewer is None:
        return {}
    cases = digest.rebuild()
    now = timezone.now()
    with transaction.atomic():
        used: set[int] = set()
        stories = [_story(author, reviewer, spec, seed, used) for spec in texts.STORIES]
        # Spread the publication dates over the last months, newest first in the list.
        for age, story in enumerate(stories):
            Story.objects.filter(pk=story.pk).update(published_at=now - timedelta(days=9 * age + 1))
    report = None
    if not AnnualReport.objects.filter(year=now.year - 1).exists():
        report = _report(author, now.year - 1)
    counts = {"公开诉求摘要": cases, "履职成果": len(stories), "年度报告": 1 if report else 0}
    log(None, "demo.generate_publicity", None, {"seed": seed, "counts": counts})
    return counts
