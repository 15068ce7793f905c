"""The poll's answers as a workbook and its results as a Word report (lianxi/lib/documents)."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lianxi.lib.documents import BulletList, Chart, Heading, Paragraph, Report, Series, Table
from lianxi.lib.masking import mask_text
from lianxi.lib.sheets import Sheet, write_workbook
from lianxi.polls.choices import AgeBand, Kind
from lianxi.polls.models import Poll, Question, Result


def _shown(q: Question, value: Any) -> str:
    if value is None:
        return ""
    if q.kind == Kind.TEXT:
        return mask_text(str(value))
    if q.kind == Kind.SCALE:
        return str(value)
    if q.kind == Kind.SINGLE:
        return q.options[value] if 0 <= value < len(q.options) else ""
    return "、".join(q.options[v] for v in value if 0 <= v < len(q.options))


def answers_workbook(poll: Poll) -> bytes:
    """One row a response (no names or phones: respondents are counted, not identified), and a
    sheet of the counts."""
    questions = list(poll.questions.all())
    header = ["序号", "来源", "问卷编号", "所在地区", "年龄段", "提交时间"] + [
        f"第{q.number}题 {q.text}" for q in questions
    ]
    bands = dict(AgeBand.choices)

    def rows() -> Any:
        found = poll.responses.select_related("area").order_by("pk").iterator(chunk_size=2000)
        for n, r in enumerate(found, start=1):
            yield [
                n,
                r.get_source_display(),
                r.paper_number,
                r.area.name if r.area is not None else "",
                str(bands.get(r.age_band, "")),
                timezone.localtime(r.updated_at).strftime("%Y-%m-%d %H:%M"),
            ] + [_shown(q, r.answers.get(str(q.pk))) for q in questions]

    result = Result.objects.filter(poll=poll).first()
    counts: list[list[Any]] = []
    for item in (result.data if result else {}).get("questions", []):
        for label, count in zip(item.get("labels", []), item.get("counts", []), strict=False):
            counts.append([f"第{item['number']}题", item["text"], label, count])
        for theme in item.get("themes", []):
            counts.append([f"第{item['number']}题", item["text"], theme["label"], theme["size"]])
    return write_workbook(
        [
            Sheet("答卷", header, rows()),
            Sheet("统计", ["题号", "题目", "选项或主题", "人数（或得分）"], counts),
        ],
        creator=settings.SITE_NAME,
    )


def report(poll: Poll, user: Any) -> Report:
    result = Result.objects.filter(poll=poll).first()
    data: dict[str, Any] = result.data if result else {"total": 0, "questions": []}
    blocks: list[Any] = [
        Heading(_("Overview")),
        Paragraph(
            _(
                "The poll “%(title)s”, organised in %(area)s, was open from %(start)s to %(end)s. "
                "%(n)d people answered (%(online)d online, %(paper)d on paper)."
            )
            % {
                "title": poll.title,
                "area": poll.area.full_name or poll.area.name,
                "start": poll.opens_on.isoformat(),
                "end": poll.closes_on.isoformat(),
                "n": data.get("total", 0),
                "online": data.get("online", 0),
                "paper": data.get("paper", 0),
            }
        ),
    ]
    if poll.intro:
        blocks.append(Paragraph(poll.intro))
    blocks.append(Heading(_("Answers question by question")))
    questions: list[dict[str, Any]] = list(data.get("questions") or [])
    for item in questions:
        title = f"{item['number']}. {item['text']}"
        blocks.append(Heading(title, level=2))
        blocks.append(
            Paragraph(_("%(n)d people answered this question.") % {"n": item.get("answered", 0)})
        )
        if item.get("labels"):
            counts = item["counts"]
            total = sum(counts) or 1
            measure = _("points") if item["kind"] == Kind.RANK else _("people")
            rows = [
                [label, count, f"{count * 100 / total:.1f}%"]
                for label, count in zip(item["labels"], counts, strict=True)
            ]
            blocks.append(
                Table([pgettext("poll", "Answer"), measure, _("Share")], rows, widths=[4, 1, 1])
            )
            if any(counts):
                kind: Literal["pie", "barh"] = (
                    "pie" if item["kind"] == Kind.SINGLE and len(counts) <= 6 else "barh"
                )
                blocks.append(
                    Chart(kind, title[:40], list(item["labels"]), [Series(str(measure), counts)])
                )
            if item.get("mean") is not None:
                blocks.append(Paragraph(_("Mean score: %(m)s.") % {"m": item["mean"]}))
        for theme in item.get("themes", []):
            blocks.append(
                Paragraph(
                    _("Theme “%(label)s”: %(n)d answers.")
                    % {"label": theme["label"], "n": theme["size"]}
                )
            )
            if theme["samples"]:
                blocks.append(BulletList(theme["samples"]))
    return Report(
        title=poll.title,
        subtitle=_("Results of the poll"),
        organisation=settings.SITE_NAME,
        author=str(user),
        date=timezone.localdate(),
        blocks=blocks,
    )
