"""One suggestion or bill as a Word or PDF document: its text, evidence, handling and reply."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lianxi.lib.documents import BulletList, Chart, Heading, PageBreak, Paragraph, Report, Table
from lianxi.proposals.models import Proposal

Block = Heading | Paragraph | BulletList | Table | Chart | PageBreak


def build(p: Proposal, author: str, today: date) -> Report:
    blocks: list[Block] = [Heading(_("text")), Paragraph(p.body)]
    if p.reasons:
        blocks += [Heading(_("reasons")), Paragraph(p.reasons)]
    if p.measures:
        blocks += [Heading(_("what is proposed")), Paragraph(p.measures)]
    rows = [
        [_("deputy"), p.author.name],
        [_("status"), str(p.get_status_display())],
        [_("linked cases"), str(p.cases.count())],
        [_("lead unit"), p.lead.name if p.lead else "–"],
        [_("co-handling units"), "、".join(d.name for d in p.co_units.all()) or "–"],
        [_("due date"), f"{p.due_date:%Y-%m-%d}" if p.due_date else "–"],
    ]
    blocks += [
        Heading(_("Handling")),
        Table([_("Item"), pgettext("handling table", "Value")], rows, widths=[1, 3]),
    ]
    if p.result:
        blocks += [Heading(_("reply")), Paragraph(str(p.get_result_display())), Paragraph(p.reply)]
    return Report(
        title=p.title,
        subtitle=str(p.get_kind_display()),
        organisation=settings.SITE_NAME,
        author=author,
        date=today,
        blocks=blocks,
    )
