"""What each kind of evidence puts into the records. One function per source object: it
reads the object's state now and returns the lines it should have (none once undone)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from lianxi.performance.choices import LineKind
from lianxi.performance.lines import Want, local_day, sync
from lianxi.performance.scoring import recompute_records


def sync_and_score(
    source: str, source_id: int, wanted: Iterable[Want], deputy_ids: Iterable[int] | None = None
) -> set[int]:
    changed = sync(source, source_id, wanted, deputy_ids)
    if changed:
        recompute_records(sorted(changed))
    return changed


ACCEPTED_PROPOSAL = {"accepted", "assigned", "return_asked", "replied", "closed"}


def visit(obj: Any) -> set[int]:
    wanted: list[Want] = []
    if obj.status == "approved":
        deputies = {obj.author_id, *obj.deputies.values_list("pk", flat=True)}
        label = _("Visit to %(place)s (%(n)s people met)") % {
            "place": obj.community.name,
            "n": obj.people_met,
        }
        url = f"/work/liaison/visits/{obj.pk}/"
        wanted = [Want(d, LineKind.VISIT, obj.date, label, url) for d in sorted(deputies)]
    return sync_and_score("liaison.visit", obj.pk, wanted)


def duty(obj: Any) -> set[int]:
    shift = obj.shift
    day = local_day(shift.starts_at)
    kind = {"attended": LineKind.DUTY_KEPT, "absent": LineKind.DUTY_MISSED}.get(obj.attendance)
    wanted = []
    if kind is not None and shift.status != "cancelled":
        label = _("Duty at %(station)s on %(day)s") % {
            "station": shift.station.name,
            "day": f"{day:%Y-%m-%d}",
        }
        url = f"/work/liaison/stations/{shift.station_id}/"
        wanted = [Want(obj.deputy_id, kind, day, label, url)]
    return sync_and_score("liaison.duty", obj.pk, wanted)


def reception(obj: Any) -> set[int]:
    shift = obj.shift
    day = local_day(shift.starts_at)
    deputies = shift.duties.exclude(attendance__in=["released", "absent"]).values_list(
        "deputy_id", flat=True
    )
    label = _("Reception at %(station)s: %(n)s people received") % {
        "station": shift.station.name,
        "n": obj.people_received,
    }
    url = f"/work/liaison/stations/{shift.station_id}/"
    wanted = [Want(d, LineKind.RECEPTION, day, label, url) for d in sorted(set(deputies))]
    return sync_and_score("liaison.reception", obj.pk, wanted)


def case(obj: Any) -> set[int]:
    """A case counts for the deputy it is with. Out-of-scope (declined by a rule) and merged
    cases never count, for or against anyone."""
    wanted: list[Want] = []
    if (
        obj.deputy_id
        and obj.accepted_at
        and obj.decline_rule_id is None
        and obj.merged_into_id is None
        and obj.status not in {"declined", "merged"}
    ):
        url = f"/work/cases/{obj.pk}/"
        title = obj.tracking_number
        received = local_day(obj.accepted_at)
        wanted.append(
            Want(
                obj.deputy_id,
                LineKind.CASE_RECEIVED,
                received,
                _("Case %(no)s received") % {"no": title},
                url,
            )
        )
        if obj.reported_at:
            answered = local_day(obj.reported_at)
            due = obj.deputy_due or obj.due_date
            if due is None or answered <= due:
                wanted.append(
                    Want(
                        obj.deputy_id,
                        LineKind.CASE_ON_TIME,
                        answered,
                        _("Case %(no)s answered on time") % {"no": title},
                        url,
                    )
                )
            else:
                wanted.append(
                    Want(
                        obj.deputy_id,
                        LineKind.CASE_LATE,
                        answered,
                        _("Case %(no)s answered after %(due)s")
                        % {"no": title, "due": f"{due:%Y-%m-%d}"},
                        url,
                    )
                )
        if obj.reopen_count:
            wanted.append(
                Want(
                    obj.deputy_id,
                    LineKind.CASE_REOPENED,
                    received,
                    _("Case %(no)s reopened") % {"no": title},
                    url,
                )
            )
    return sync_and_score("cases.case", obj.pk, wanted)


def proposal(obj: Any) -> set[int]:
    wanted: list[Want] = []
    if obj.filed_at and obj.status != "draft":
        day = local_day(obj.filed_at)
        url = f"/work/proposals/{obj.pk}/"
        title = obj.title[:60]
        wanted.append(
            Want(
                obj.author_id,
                LineKind.SUGGESTION_FILED,
                day,
                _("Filed: %(title)s") % {"title": title},
                url,
            )
        )
        for deputy_id in obj.cosigners.filter(status="confirmed").values_list(
            "deputy_id", flat=True
        ):
            wanted.append(
                Want(
                    deputy_id,
                    LineKind.SUGGESTION_COSIGNED,
                    day,
                    _("Co-signed: %(title)s") % {"title": title},
                    url,
                )
            )
        if obj.status in ACCEPTED_PROPOSAL:
            wanted.append(
                Want(
                    obj.author_id,
                    LineKind.SUGGESTION_ACCEPTED,
                    day,
                    _("Accepted: %(title)s") % {"title": title},
                    url,
                )
            )
    return sync_and_score("proposals.proposal", obj.pk, wanted)


def comment(obj: Any) -> set[int]:
    wanted = []
    if obj.deputy_id and obj.visibility != "hidden":  # a merged duplicate still counts
        day = local_day(obj.created_at)
        label = _("Comment on %(title)s") % {"title": obj.consultation.title[:80]}
        url = f"/work/legislation/{obj.consultation_id}/"
        wanted = [Want(obj.deputy_id, LineKind.COMMENT, day, label, url)]
    return sync_and_score("legislation.comment", obj.pk, wanted)


def activity(obj: Any) -> set[int]:
    wanted: list[Want] = []
    if obj.status != "cancelled":
        day = local_day(obj.starts_at)
        url = f"/work/committee/activities/{obj.pk}/"
        for deputy_id, attended in obj.invitations.exclude(status="withdrawn").values_list(
            "deputy_id", "attended"
        ):
            if attended is True:
                wanted.append(
                    Want(
                        deputy_id,
                        LineKind.ACTIVITY,
                        day,
                        _("Attended: %(title)s") % {"title": obj.title},
                        url,
                    )
                )
            elif attended is False:
                wanted.append(
                    Want(
                        deputy_id,
                        LineKind.ACTIVITY_MISSED,
                        day,
                        _("Missed: %(title)s") % {"title": obj.title},
                        url,
                    )
                )
    return sync_and_score("committee.activity", obj.pk, wanted)


def training_session(obj: Any) -> set[int]:
    day = local_day(obj.starts_at)
    label = _("Training: %(course)s") % {"course": obj.course.title}
    url = f"/work/committee/sessions/{obj.pk}/"
    deputies = obj.attendance.values_list("deputy_id", flat=True)
    wanted = [Want(d, LineKind.TRAINING, day, label, url) for d in sorted(set(deputies))]
    return sync_and_score("committee.session", obj.pk, wanted)


def notice_read(receipt: Any) -> set[int]:
    notice = receipt.notice
    wanted = []
    if notice.status == "published":
        label = _("Read: %(title)s") % {"title": notice.title}
        wanted = [
            Want(
                receipt.deputy_id,
                LineKind.NOTICE_READ,
                local_day(receipt.read_at),
                label,
                f"/work/committee/notices/{notice.pk}/",
            )
        ]
    return sync_and_score("committee.notice", notice.pk, wanted, deputy_ids=[receipt.deputy_id])


def notice_withdrawn(notice: Any) -> set[int]:
    return sync_and_score("committee.notice", notice.pk, [])
