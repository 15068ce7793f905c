"""Lines for a year from what the other apps already hold: for data that predates this app,
and for the demo city (whose rows are bulk-written, so no action announced them). The same
rules as the subscribers (sources.py), written in bulk: one query per kind of evidence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.performance.choices import LineKind
from lianxi.performance.lines import records_for
from lianxi.performance.models import Line

BATCH = 5000


def _span(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(date(year, 1, 1), time.min), tz),
        timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min), tz),
    )


def _day(moment: Any) -> date:
    return timezone.localtime(moment).date()


Row = tuple[int, str, date, str, int, str, str]  # deputy, kind, day, source, id, label, url


def _rows(year: int) -> Iterator[Row]:
    from lianxi.cases.models import Case
    from lianxi.committee.models import Invitation, NoticeRead, SessionAttendance
    from lianxi.legislation.models import Comment
    from lianxi.liaison.models import Duty, Visit
    from lianxi.proposals.models import Cosigner, Proposal

    start, end = _span(year)
    v: Any
    c: Any
    for v in Visit.objects.filter(status="approved", date__year=year).values(
        "pk", "author_id", "date", "community__name", "people_met"
    ):
        label = _("Visit to %(place)s (%(n)s people met)") % {
            "place": v["community__name"],
            "n": v["people_met"],
        }
        yield (
            v["author_id"],
            LineKind.VISIT,
            v["date"],
            "liaison.visit",
            v["pk"],
            label,
            f"/work/liaison/visits/{v['pk']}/",
        )
    through = Visit.deputies.through
    for v in through.objects.filter(visit__status="approved", visit__date__year=year).values(
        "visit_id", "deputy_id", "visit__date", "visit__community__name", "visit__people_met"
    ):
        yield (
            v["deputy_id"],
            LineKind.VISIT,
            v["visit__date"],
            "liaison.visit",
            v["visit_id"],
            _("Visit to %(place)s (%(n)s people met)")
            % {"place": v["visit__community__name"], "n": v["visit__people_met"]},
            f"/work/liaison/visits/{v['visit_id']}/",
        )
    for d in (
        Duty.objects.filter(
            attendance__in=["attended", "absent"],
            shift__starts_at__gte=start,
            shift__starts_at__lt=end,
        )
        .exclude(shift__status="cancelled")
        .values(
            "pk",
            "deputy_id",
            "attendance",
            "shift__starts_at",
            "shift__station__name",
            "shift__station_id",
        )
    ):
        day = _day(d["shift__starts_at"])
        kind = LineKind.DUTY_KEPT if d["attendance"] == "attended" else LineKind.DUTY_MISSED
        yield (
            d["deputy_id"],
            kind,
            day,
            "liaison.duty",
            d["pk"],
            _("Duty at %(station)s on %(day)s")
            % {"station": d["shift__station__name"], "day": f"{day:%Y-%m-%d}"},
            f"/work/liaison/stations/{d['shift__station_id']}/",
        )
    cases = Case.objects.filter(
        deputy__isnull=False,
        accepted_at__gte=start,
        accepted_at__lt=end,
        decline_rule__isnull=True,
        merged_into__isnull=True,
    ).exclude(status__in=["declined", "merged"])
    for c in cases.values(
        "pk",
        "deputy_id",
        "tracking_number",
        "accepted_at",
        "reported_at",
        "deputy_due",
        "due_date",
        "reopen_count",
    ):
        url, no = f"/work/cases/{c['pk']}/", c["tracking_number"]
        received = _day(c["accepted_at"])
        yield (
            c["deputy_id"],
            LineKind.CASE_RECEIVED,
            received,
            "cases.case",
            c["pk"],
            _("Case %(no)s received") % {"no": no},
            url,
        )
        if c["reported_at"]:
            answered, due = _day(c["reported_at"]), c["deputy_due"] or c["due_date"]
            late = due is not None and answered > due
            yield (
                c["deputy_id"],
                LineKind.CASE_LATE if late else LineKind.CASE_ON_TIME,
                answered,
                "cases.case",
                c["pk"],
                (_("Case %(no)s answered after %(due)s") % {"no": no, "due": f"{due:%Y-%m-%d}"})
                if late and due
                else _("Case %(no)s answered on time") % {"no": no},
                url,
            )
        if c["reopen_count"]:
            yield (
                c["deputy_id"],
                LineKind.CASE_REOPENED,
                received,
                "cases.case",
                c["pk"],
                _("Case %(no)s reopened") % {"no": no},
                url,
            )
    accepted = {"accepted", "assigned", "return_asked", "replied", "closed"}
    for p in (
        Proposal.objects.filter(filed_at__gte=start, filed_at__lt=end)
        .exclude(status="draft")
        .values("pk", "author_id", "title", "filed_at", "status")
    ):
        day, url = _day(p["filed_at"]), f"/work/proposals/{p['pk']}/"
        yield (
            p["author_id"],
            LineKind.SUGGESTION_FILED,
            day,
            "proposals.proposal",
            p["pk"],
            _("Filed: %(title)s") % {"title": p["title"][:60]},
            url,
        )
        if p["status"] in accepted:
            yield (
                p["author_id"],
                LineKind.SUGGESTION_ACCEPTED,
                day,
                "proposals.proposal",
                p["pk"],
                _("Accepted: %(title)s") % {"title": p["title"][:60]},
                url,
            )
    for c in (
        Cosigner.objects.filter(
            status="confirmed", proposal__filed_at__gte=start, proposal__filed_at__lt=end
        )
        .exclude(proposal__status="draft")
        .values("deputy_id", "proposal_id", "proposal__title", "proposal__filed_at")
    ):
        yield (
            c["deputy_id"],
            LineKind.SUGGESTION_COSIGNED,
            _day(c["proposal__filed_at"]),
            "proposals.proposal",
            c["proposal_id"],
            _("Co-signed: %(title)s") % {"title": c["proposal__title"][:60]},
            f"/work/proposals/{c['proposal_id']}/",
        )
    for c in (
        Comment.objects.filter(deputy__isnull=False, created_at__gte=start, created_at__lt=end)
        .exclude(visibility="hidden")
        .values("pk", "deputy_id", "created_at", "consultation_id", "consultation__title")
    ):
        yield (
            c["deputy_id"],
            LineKind.COMMENT,
            _day(c["created_at"]),
            "legislation.comment",
            c["pk"],
            _("Comment on %(title)s") % {"title": c["consultation__title"][:80]},
            f"/work/legislation/{c['consultation_id']}/",
        )
    for i in (
        Invitation.objects.filter(
            attended__isnull=False, activity__starts_at__gte=start, activity__starts_at__lt=end
        )
        .exclude(status="withdrawn")
        .exclude(activity__status="cancelled")
        .values("deputy_id", "attended", "activity_id", "activity__title", "activity__starts_at")
    ):
        kind = LineKind.ACTIVITY if i["attended"] else LineKind.ACTIVITY_MISSED
        label = (_("Attended: %(title)s") if i["attended"] else _("Missed: %(title)s")) % {
            "title": i["activity__title"]
        }
        yield (
            i["deputy_id"],
            kind,
            _day(i["activity__starts_at"]),
            "committee.activity",
            i["activity_id"],
            label,
            f"/work/committee/activities/{i['activity_id']}/",
        )
    for a in SessionAttendance.objects.filter(
        session__starts_at__gte=start, session__starts_at__lt=end
    ).values("deputy_id", "session_id", "session__starts_at", "session__course__title"):
        yield (
            a["deputy_id"],
            LineKind.TRAINING,
            _day(a["session__starts_at"]),
            "committee.session",
            a["session_id"],
            _("Training: %(course)s") % {"course": a["session__course__title"]},
            f"/work/committee/sessions/{a['session_id']}/",
        )
    for r in NoticeRead.objects.filter(
        read_at__gte=start, read_at__lt=end, notice__status="published"
    ).values("deputy_id", "notice_id", "read_at", "notice__title"):
        yield (
            r["deputy_id"],
            LineKind.NOTICE_READ,
            _day(r["read_at"]),
            "committee.notice",
            r["notice_id"],
            _("Read: %(title)s") % {"title": r["notice__title"]},
            f"/work/committee/notices/{r['notice_id']}/",
        )


AUTOMATIC = tuple(k for k in LineKind.values if not k.startswith("manual_"))


@transaction.atomic
def rebuild_year(year: int) -> int:
    """Replace the year's automatic lines by those the evidence gives now; returns the count.
    Own entries (approved manual lines) stay."""
    rows = list(_rows(year))
    records = records_for({(r[0], year) for r in rows if r[2].year == year})
    Line.objects.filter(record__year=year, kind__in=AUTOMATIC).delete()
    seen: set[tuple[int, str, str, int]] = set()
    batch: list[Line] = []
    made = 0
    for deputy_id, kind, day, source, source_id, label, url in rows:
        record = records.get((deputy_id, year))
        if record is None or day.year != year:
            continue
        key = (record.pk, kind, source, source_id)
        if key in seen:
            continue
        seen.add(key)
        batch.append(
            Line(
                record_id=record.pk,
                kind=kind,
                day=day,
                source=source,
                source_id=source_id,
                label=label[:200],
                url=url[:200],
            )
        )
        if len(batch) >= BATCH:
            Line.objects.bulk_create(batch)
            made, batch = made + len(batch), []
    Line.objects.bulk_create(batch)
    return made + len(batch)
