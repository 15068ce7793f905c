"""The staff summary for the committee, as Word (lib/documents) and Excel (lib/sheets): per
article, counts by audience and by disposition; the themes the grouping found, each with
representative comments; totals with a chart."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from django.db.models import Count, Min
from django.utils.translation import gettext as _

from lianxi.legislation import report
from lianxi.legislation.models import Comment, Consultation, Disposition, Source
from lianxi.lib.documents import BulletList, Chart, Heading, Paragraph, Report, Series, Table
from lianxi.lib.sheets import Sheet

THEMES = 20  # groups described in the summary
EXAMPLES = 3  # representative comments per group


def _counts_row(line: report.ArticleLine) -> list[int]:
    return [
        *(line.by_source[s] for s in report.SOURCES),
        line.total,
        *(line.by_disposition[d] for d in report.DISPOSITIONS),
        line.by_disposition[""],
    ]


def header() -> list[str]:
    return [
        _("Article"),
        *(str(label) for _v, label in Source.choices),
        _("Total"),
        *(str(label) for _v, label in Disposition.choices),
        _("No disposition"),
    ]


def themes(consultation: Consultation) -> list[tuple[int, int, list[str], list[str]]]:
    """(group, size, articles, representative comments) of the largest groups."""
    shown = consultation.comments.shown()
    sizes = list(
        shown.exclude(group=None)
        .values_list("group")
        .annotate(n=Count("id"), first=Min("id"))
        .order_by("-n", "group")[:THEMES]
    )
    out = []
    for number, size, _first in sizes:
        members = shown.filter(group=number).select_related("article").order_by("pk")
        labels = sorted({c.article.label for c in members[:200] if c.article}, key=str)[:5]
        examples = [c.body[:150] for c in members[:EXAMPLES]]
        out.append((number, size, labels, examples))
    return out


STEPS = 4  # calls of `step` while building


def build(
    consultation: Consultation,
    *,
    author: str,
    organisation: str,
    today: date,
    step: Callable[[str], None] = lambda _name: None,
) -> Report:
    """The report; `step(name)` is called as each part is done (the command's progress bar)."""
    found = report.lines(consultation)
    step(_("Article by article"))
    total = report.totals(found)
    rows: list[list[str | int | None]] = [
        [line.label, *_counts_row(line)] for line in found if line.total
    ]
    top = sorted((line for line in found if line.article and line.total), key=lambda x: -x.total)[
        :15
    ]
    blocks: list[Any] = [
        Heading(_("Overview")),
        Paragraph(
            _(
                "The draft was open for comment from %(a)s to %(b)s. %(n)d comments were "
                "received: %(public)d from the public and citizens, %(deputies)d from deputies "
                "and %(points)d from grassroots legislative contact points."
            )
            % {
                "a": consultation.opens_on.isoformat(),
                "b": consultation.closes_on.isoformat(),
                "n": total.total,
                "public": total.by_source[Source.PUBLIC] + total.by_source[Source.CITIZEN],
                "deputies": total.by_source[Source.DEPUTY],
                "points": total.by_source[Source.CONTACT_POINT],
            }
        ),
        Table(
            [_("Disposition"), _("Comments")],
            [
                [str(label), total.by_disposition[str(v)]]
                for v, label in [*Disposition.choices, ("", _("No disposition"))]
            ],
            caption=_("Dispositions"),
            widths=[3, 1],
        ),
    ]
    if top:
        blocks.append(
            Chart(
                "barh",
                _("Articles with the most comments"),
                [line.label for line in top],
                [Series(_("Comments"), [line.total for line in top])],
            )
        )
    blocks += [
        Heading(_("Article by article")),
        Table(
            header(),
            rows or [[_("No comments"), *([None] * (len(header()) - 1))]],
            caption=_("Comments per article"),
            widths=[2] + [1] * (len(header()) - 1),
        ),
        Heading(_("Themes")),
    ]
    step(_("Overview"))
    found_themes = themes(consultation)
    step(_("Themes"))
    if not found_themes:
        blocks.append(Paragraph(_("The comments have not been grouped yet.")))
    for number, size, labels, examples in found_themes:
        blocks.append(
            Heading(
                _("Group %(g)d: %(n)d comments (%(articles)s)")
                % {"g": number, "n": size, "articles": "、".join(labels) or _("the whole draft")},
                level=2,
            )
        )
        blocks.append(BulletList(examples))
    step(_("Dispositions"))
    return Report(
        title=_("Summary of the comments on %(title)s") % {"title": consultation.title},
        subtitle=consultation.get_stage_display(),
        organisation=organisation,
        author=author,
        date=today,
        marking=_("Internal: handle with care"),
        toc=True,
        page_numbers="dash",
        blocks=blocks,
    )


def comment_rows(consultation: Consultation) -> Iterator[list[Any]]:
    """Every comment without personal data, streamed (20,000 rows stay small in memory)."""
    qs = (
        Comment.objects.filter(consultation=consultation)
        .select_related("provision__parent__parent", "contact_point", "covered_by")
        .order_by("pk")
    )
    for c in qs.iterator(chunk_size=2000):
        yield [
            c.pk,
            c.provision.citation if c.provision else _("The whole draft"),
            c.get_source_display(),
            c.contact_point.name if c.contact_point else "",
            c.participants,
            c.body,
            c.get_visibility_display(),
            c.group,
            c.get_disposition_display() if c.disposition else "",
            c.reason,
            c.covered_by.label if c.covered_by else "",
        ]


def sheets(consultation: Consultation) -> list[Sheet]:
    found = report.lines(consultation)
    return [
        Sheet(_("Per article"), header(), [[line.label, *_counts_row(line)] for line in found]),
        Sheet(
            _("Comments"),
            [
                _("No."),
                _("Provision"),
                _("Source"),
                _("Contact point"),
                _("People taking part"),
                _("Comment"),
                _("Visibility"),
                _("Group"),
                _("Disposition"),
                _("Reason"),
                _("Covered by"),
            ],
            comment_rows(consultation),
        ),
    ]
