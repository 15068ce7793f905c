"""Deputies' performance records: a deputy reads their own record and adds entries; committee
staff read the records of their jurisdiction, review entries, set the year's scoring scheme
and recompute scores. Every change goes through lianxi.performance.actions."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from lianxi.api.bounds import Day, Id, Limit, Offset, Year
from lianxi.api.examples import example
from lianxi.api.problems import ACTS, ACTS_ON, answers
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.performance import actions
from lianxi.performance.choices import EntryStatus, LineKind
from lianxi.performance.models import Line, ManualEntry, Record, Scheme
from lianxi.performance.models_accountability import Commendation, Flag, Talk, TalkStatus
from lianxi.performance.policies import can_review, is_staff, own_deputy
from lianxi.performance.policies_accountability import can_manage_commendation, can_see_flags
from lianxi.performance.shortlist import Rules as ShortlistRules

router = Router(tags=["performance"], auth=django_auth)

# A 1×1 PNG: the smallest attachment the example can carry.
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


class BreakdownOut(Schema):
    kind: str
    label: str
    count: str
    points: str
    cap: str | None
    value: str
    capped: bool


class PerformanceRecordOut(Schema):
    id: int
    deputy_id: int
    deputy: str
    year: int
    score: Decimal | None
    grade: str
    scheme_version: int | None
    computed_at: datetime | None
    published: bool
    breakdown: list[BreakdownOut] = []


class PerformanceLineOut(Schema):
    id: int
    kind: str
    day: date
    quantity: Decimal
    label: str
    url: str


class PerformanceEntryOut(Schema):
    id: int
    record_id: int
    deputy: str
    kind: str
    title: str
    day: date
    description: str
    attachment_name: str
    status: str
    reason: str
    decided_at: datetime | None


class PerformanceEntryIn(Schema):
    model_config = example(
        year=2026,
        kind="manual_session",
        title="出席市人民代表大会第三次会议",
        day="2026-01-15",
        description="全程出席大会，参加代表团审议。",
        attachment_name="出席证.png",
        attachment_base64=PIXEL,
    )

    year: Year
    kind: str = Field(max_length=24)
    title: str = Field(max_length=120)
    day: Day
    description: str = Field("", max_length=2000)
    attachment_name: str = Field(max_length=120)
    attachment_base64: str = Field(max_length=14_000_000)


class PerformanceRejectIn(Schema):
    model_config = example(reason="附件看不清，请重新上传会议签到证明。")

    reason: str = Field(max_length=300)


class SchemeItemIO(Schema):
    kind: str = Field(max_length=24)
    points: Decimal = Field(ge=-100, le=100)
    cap: Decimal | None = Field(None, ge=0, le=1000)


class PerformanceSchemeIn(Schema):
    model_config = example(
        base=30,
        excellent_from=90,
        competent_from=60,
        basic_from=45,
        note="走访每次加 2 分",
        items=[
            {"kind": "visit", "points": 2, "cap": 16},
            {"kind": "duty_missed", "points": -4, "cap": 16},
        ],
    )

    base: Decimal = Field(Decimal(0), ge=0, le=100)
    excellent_from: Decimal = Field(Decimal(90), ge=0, le=1000)
    competent_from: Decimal = Field(Decimal(60), ge=0, le=1000)
    basic_from: Decimal = Field(Decimal(45), ge=0, le=1000)
    note: str = Field("", max_length=200)
    items: list[SchemeItemIO] = Field(max_length=40)


class PerformanceSchemeOut(Schema):
    year: int
    version: int | None
    base: Decimal | None
    excellent_from: Decimal | None
    competent_from: Decimal | None
    basic_from: Decimal | None
    items: list[SchemeItemIO]


class RecomputeIn(Schema):
    model_config = example(year=2026)

    year: Year


class RecomputeOut(Schema):
    year: int
    queued: bool


class RecordFilters(Schema):
    year: Year | None = None
    offset: Offset = 0
    limit: Limit = 50


class LineFilters(Schema):
    kind: LineKind | None = None
    offset: Offset = 0
    limit: Limit = 50


class EntryFilters(Schema):
    status: EntryStatus | None = None
    offset: Offset = 0
    limit: Limit = 50


KIND_LABELS = dict(LineKind.choices)


def _record(record: Record, full: bool = False) -> dict[str, Any]:
    return {
        "id": record.pk,
        "deputy_id": record.deputy_id,
        "deputy": record.deputy.name,
        "year": record.year,
        "score": record.score,
        "grade": record.grade,
        "scheme_version": record.version.number if record.version_id and record.version else None,
        "computed_at": record.computed_at,
        "published": record.published,
        "breakdown": [
            row | {"label": str(KIND_LABELS.get(row["kind"], row["kind"]))}
            for row in (record.breakdown if full else [])
        ],
    }


def _entry(entry: ManualEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "record_id": entry.record_id,
        "deputy": entry.record.deputy.name,
        "kind": entry.kind,
        "title": entry.title,
        "day": entry.day,
        "description": entry.description,
        "attachment_name": entry.attachment_name,
        "status": entry.status,
        "reason": entry.reason,
        "decided_at": entry.decided_at,
    }


def _visible_record(request: HttpRequest, record_id: int) -> Record:
    found = (
        Record.objects.visible_to(request.user)
        .select_related("deputy__constituency", "version")
        .filter(pk=record_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _visible_entry(request: HttpRequest, entry_id: int) -> ManualEntry:
    found = (
        ManualEntry.objects.visible_to(request.user)
        .select_related("record__deputy__constituency")
        .filter(pk=entry_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.get(
    "/performance/records",
    response=answers(list[PerformanceRecordOut]),
    summary="Performance records: a deputy's own, or those of staff's jurisdiction",
)
def list_records(request: HttpRequest, filters: Query[RecordFilters]) -> Any:
    qs = Record.objects.visible_to(request.user).select_related("deputy", "version")
    if filters.year:
        qs = qs.filter(year=filters.year)
    qs = qs.order_by("-year", "-score", "deputy__name", "pk")
    return [_record(r) for r in qs[filters.offset : filters.offset + filters.limit]]


@router.get(
    "/performance/records/{record_id}",
    response=answers(PerformanceRecordOut, 404),
    summary="One performance record with its score, line by line",
)
def get_record(request: HttpRequest, record_id: Id) -> Any:
    return _record(_visible_record(request, record_id), full=True)


@router.get(
    "/performance/records/{record_id}/lines",
    response=answers(list[PerformanceLineOut], 404),
    summary="The lines of a record, each with the link to its evidence",
)
def list_lines(request: HttpRequest, record_id: Id, filters: Query[LineFilters]) -> Any:
    record = _visible_record(request, record_id)
    qs: Any = Line.objects.filter(record=record)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    qs = qs.order_by("-day", "-pk")[filters.offset : filters.offset + filters.limit]
    return [
        {
            "id": x.pk,
            "kind": x.kind,
            "day": x.day,
            "quantity": x.quantity,
            "label": x.label,
            "url": x.url,
        }
        for x in qs
    ]


@router.get(
    "/performance/entries",
    response=answers(list[PerformanceEntryOut]),
    summary="Own entries: a deputy's, or those staff review",
)
def list_entries(request: HttpRequest, filters: Query[EntryFilters]) -> Any:
    qs = ManualEntry.objects.visible_to(request.user).select_related("record__deputy")
    if filters.status:
        qs = qs.filter(status=filters.status)
    qs = qs.order_by("-created_at", "-pk")
    return [_entry(e) for e in qs[filters.offset : filters.offset + filters.limit]]


@router.post(
    "/performance/entries",
    response=answers(PerformanceEntryOut, *ACTS, status=201),
    summary="Add an own entry (a deputy), with its attachment in base64",
)
def add_entry(request: HttpRequest, payload: PerformanceEntryIn) -> Any:
    if own_deputy(request.user) is None:
        raise NotAllowed(gettext("Only the deputy can add entries to their own record."))
    try:
        body = base64.b64decode(payload.attachment_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(
            gettext("The attachment is not valid base64."), field="attachment_base64"
        ) from None
    data = actions.EntryData(
        kind=payload.kind, title=payload.title, day=payload.day, description=payload.description
    )
    made = actions.submit_entry(
        request.user, year=payload.year, data=data, file=(payload.attachment_name, body)
    )
    return Status(201, _entry(made))


def _reviewable(request: HttpRequest, entry_id: int) -> ManualEntry:
    entry = _visible_entry(request, entry_id)
    if not can_review(request.user, entry.record):
        raise NotAllowed(gettext("Only committee staff of this jurisdiction can review entries."))
    return entry


@router.post(
    "/performance/entries/{entry_id}/approve",
    response=answers(PerformanceEntryOut, *ACTS_ON),
    summary="Approve an own entry: it becomes a line of the record",
)
def approve_entry(request: HttpRequest, entry_id: Id) -> Any:
    entry = _reviewable(request, entry_id)
    return _entry(actions.approve_entry(request.user, entry=entry))


@router.post(
    "/performance/entries/{entry_id}/reject",
    response=answers(PerformanceEntryOut, *ACTS_ON),
    summary="Reject an own entry with the reason the deputy is told",
)
def reject_entry(request: HttpRequest, entry_id: Id, payload: PerformanceRejectIn) -> Any:
    entry = _reviewable(request, entry_id)
    return _entry(actions.reject_entry(request.user, entry=entry, reason=payload.reason))


def _scheme_out(year: int) -> dict[str, Any]:
    scheme = Scheme.objects.filter(year=year).first()
    version = scheme.current() if scheme else None
    if version is None:
        return {
            "year": year,
            "version": None,
            "base": None,
            "excellent_from": None,
            "competent_from": None,
            "basic_from": None,
            "items": [],
        }
    return {
        "year": year,
        "version": version.number,
        "base": version.base,
        "excellent_from": version.excellent_from,
        "competent_from": version.competent_from,
        "basic_from": version.basic_from,
        "items": [
            {"kind": i.kind, "points": i.points, "cap": i.cap} for i in version.items.order_by("pk")
        ],
    }


@router.get(
    "/performance/schemes/{year}",
    response=answers(PerformanceSchemeOut, 403, 404),
    summary="The scoring scheme of a year (its current version)",
)
def get_scheme(request: HttpRequest, year: Year) -> Any:
    if not is_staff(request.user) and own_deputy(request.user) is None:
        raise NotAllowed(gettext("Only deputies and committee staff see scoring schemes."))
    return _scheme_out(year)


@router.put(
    "/performance/schemes/{year}",
    response=answers(PerformanceSchemeOut, *ACTS, 404),
    summary="Set the scoring scheme of a year (a new version once it is in use)",
)
def put_scheme(request: HttpRequest, year: Year, payload: PerformanceSchemeIn) -> Any:
    data = actions.SchemeData(
        items=[actions.ItemData(i.kind, i.points, i.cap) for i in payload.items],
        base=payload.base,
        excellent_from=payload.excellent_from,
        competent_from=payload.competent_from,
        basic_from=payload.basic_from,
        note=payload.note,
    )
    actions.save_scheme(request.user, year=year, data=data)
    return _scheme_out(year)


@router.post(
    "/performance/recompute",
    response=answers(RecomputeOut, *ACTS),
    summary="Recompute every score of a year (queued)",
)
def recompute(request: HttpRequest, payload: RecomputeIn) -> Any:
    actions.recompute(request.user, year=payload.year)
    return {"year": payload.year, "queued": True}


# Commendation and accountability: read endpoints (the pages under /work/performance/ act).


class CommendeeOut(Schema):
    deputy_id: int
    deputy: str
    score: Decimal | None
    grade: str
    citation: str


class CommendationOut(Schema):
    id: int
    year: int
    title: str
    status: str
    area: str | None
    rules: list[str]
    decision: str
    published_at: datetime | None
    commended: list[CommendeeOut]


class TalkOut(Schema):
    id: int
    deputy_id: int
    deputy: str
    kind: str
    day: date
    reasons: str
    follow_ups: str
    outcome: str
    status: str
    closed_at: datetime | None


class FlagOut(Schema):
    record_id: int
    deputy_id: int
    deputy: str
    year: int
    score: Decimal | None
    incompetent: bool
    two_years_low: bool
    found_at: datetime


class CommendationFilters(Schema):
    year: Year | None = None
    offset: Offset = 0
    limit: Limit = 50


class TalkFilters(Schema):
    status: TalkStatus | None = None
    offset: Offset = 0
    limit: Limit = 50


class FlagFilters(Schema):
    year: Year | None = None  # this year when not given
    offset: Offset = 0
    limit: Limit = 50


def _commendation(c: Commendation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "year": c.year,
        "title": c.title,
        "status": c.status,
        "area": c.area.name if c.area_id and c.area else None,
        "rules": [str(r) for r in ShortlistRules.of(c).described()],
        "decision": c.decision,
        "published_at": c.published_at,
        "commended": [
            {
                "deputy_id": n.deputy_id,
                "deputy": n.deputy.name,
                "score": n.score,
                "grade": n.grade,
                "citation": n.citation,
            }
            for n in c.commendees.select_related("deputy").order_by("-score", "pk")
        ],
    }


def _commendations_for(request: HttpRequest) -> Any:
    user: Any = request.user
    if is_staff(user):
        return Commendation.objects.visible_to(user)
    if own_deputy(user) is None:
        raise NotAllowed(gettext("Only deputies and committee staff see commendations here."))
    return Commendation.objects.published()


@router.get(
    "/performance/commendations",
    response=answers(list[CommendationOut], 403),
    summary="Commendations: published ones, and staff's drafts of their jurisdiction",
)
def list_commendations(request: HttpRequest, filters: Query[CommendationFilters]) -> Any:
    qs = _commendations_for(request).select_related("area")
    if filters.year:
        qs = qs.filter(year=filters.year)
    qs = qs.order_by("-year", "-pk")[filters.offset : filters.offset + filters.limit]
    return [_commendation(c) for c in qs]


@router.get(
    "/performance/commendations/{commendation_id}",
    response=answers(CommendationOut, 403, 404),
    summary="One commendation with its rules and the deputies it names",
)
def get_commendation(request: HttpRequest, commendation_id: Id) -> Any:
    user: Any = request.user
    found = _commendations_for(request).select_related("area").filter(pk=commendation_id).first()
    if found is None or (found.status != "published" and not can_manage_commendation(user, found)):
        raise Http404
    return _commendation(found)


def _talk(t: Talk) -> dict[str, Any]:
    return {
        "id": t.pk,
        "deputy_id": t.deputy_id,
        "deputy": t.deputy.name,
        "kind": t.kind,
        "day": t.day,
        "reasons": t.reasons,
        "follow_ups": t.follow_ups,
        "outcome": t.outcome,
        "status": t.status,
        "closed_at": t.closed_at,
    }


@router.get(
    "/performance/talks",
    response=answers(list[TalkOut]),
    summary="Reminder talks and admonitions: a deputy's own, or those of staff's jurisdiction",
)
def list_talks(request: HttpRequest, filters: Query[TalkFilters]) -> Any:
    qs = Talk.objects.visible_to(request.user).select_related("deputy")
    if filters.status:
        qs = qs.filter(status=filters.status)
    qs = qs.order_by("-day", "-pk")[filters.offset : filters.offset + filters.limit]
    return [_talk(t) for t in qs]


@router.get(
    "/performance/talks/{talk_id}",
    response=answers(TalkOut, 404),
    summary="One talk (never public: the deputy concerned and staff of the jurisdiction)",
)
def get_talk(request: HttpRequest, talk_id: Id) -> Any:
    found = (
        Talk.objects.visible_to(request.user).select_related("deputy").filter(pk=talk_id).first()
    )
    if found is None:
        raise Http404
    return _talk(found)


@router.get(
    "/performance/flags",
    response=answers(list[FlagOut], 403),
    summary="Deputies flagged to the committee for a year",
)
def list_flags(request: HttpRequest, filters: Query[FlagFilters]) -> Any:
    if not can_see_flags(request.user):
        raise NotAllowed(gettext("Only committee staff see flagged deputies."))
    qs = (
        Flag.objects.visible_to(request.user)
        .filter(record__year=filters.year or timezone.localdate().year)
        .select_related("record__deputy")
        .order_by("record__score", "pk")[filters.offset : filters.offset + filters.limit]
    )
    return [
        {
            "record_id": f.record_id,
            "deputy_id": f.record.deputy_id,
            "deputy": f.record.deputy.name,
            "year": f.record.year,
            "score": f.record.score,
            "incompetent": f.incompetent,
            "two_years_low": f.two_years_low,
            "found_at": f.found_at,
        }
        for f in qs
    ]


# The annual performance report: its state and where to download it ------------------------


class PerformanceReportOut(Schema):
    record_id: int
    deputy_id: int
    deputy: str
    year: int
    status: str = Field(description="none (no draft yet), draft or final")
    title: str
    updated_at: datetime | None
    finalised_at: datetime | None
    final_score: str | None = Field(description="the record's score when the report was made final")
    pdf_url: str
    docx_url: str
    page_url: str


class PerformanceBatchOut(Schema):
    id: int
    year: int
    area: str | None
    format: str
    status: str
    done: int
    total: int
    created_at: datetime
    finished_at: datetime | None
    file_url: str | None


class ReportFilters(Schema):
    year: Year | None = None
    status: Literal["none", "draft", "final"] | None = None
    offset: Offset = 0
    limit: Limit = 50


class BatchFilters(Schema):
    year: Year | None = None
    offset: Offset = 0
    limit: Limit = 20


def _report(record: Record) -> dict[str, Any]:
    from lianxi.performance.models_reports import AnnualReport

    try:
        found: AnnualReport | None = record.annual_report
    except AnnualReport.DoesNotExist:
        found = None
    return {
        "record_id": record.pk,
        "deputy_id": record.deputy_id,
        "deputy": record.deputy.name,
        "year": record.year,
        "status": found.status if found else "none",
        "title": found.title if found else "",
        "updated_at": found.updated_at if found else None,
        "finalised_at": found.finalised_at if found else None,
        "final_score": (found.figures or {}).get("score") if found else None,
        "pdf_url": reverse("performance:report_pdf", args=[record.pk]),
        "docx_url": reverse("performance:report_docx", args=[record.pk]),
        "page_url": reverse("performance:report", args=[record.pk]),
    }


@router.get(
    "/performance/reports",
    response=answers(list[PerformanceReportOut]),
    summary="Annual performance reports: a deputy's own, or those of staff's jurisdiction",
)
def list_reports(request: HttpRequest, filters: Query[ReportFilters]) -> Any:
    qs = Record.objects.visible_to(request.user).select_related("deputy", "annual_report")
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.status == "none":
        qs = qs.filter(annual_report__isnull=True)
    elif filters.status:
        qs = qs.filter(annual_report__status=filters.status)
    qs = qs.order_by("-year", "deputy__name", "pk")
    return [_report(r) for r in qs[filters.offset : filters.offset + filters.limit]]


@router.get(
    "/performance/records/{record_id}/report",
    response=answers(PerformanceReportOut, 404),
    summary="The annual report of a record: its state and its downloads (PDF, Word)",
)
def get_report(request: HttpRequest, record_id: Id) -> Any:
    found = (
        Record.objects.visible_to(request.user)
        .select_related("deputy", "annual_report")
        .filter(pk=record_id)
        .first()
    )
    if found is None:
        raise Http404
    return _report(found)


@router.get(
    "/performance/report-batches",
    response=answers(list[PerformanceBatchOut], 403),
    summary="Batches of a year's annual reports (committee staff): progress and zip file",
)
def list_batches(request: HttpRequest, filters: Query[BatchFilters]) -> Any:
    from lianxi.performance.models_reports import ReportBatch

    if not is_staff(request.user):
        raise NotAllowed(gettext("Only committee staff can do this."))
    qs = ReportBatch.objects.visible_to(request.user).select_related("area")
    if filters.year:
        qs = qs.filter(year=filters.year)
    qs = qs.order_by("-created_at", "-pk")[filters.offset : filters.offset + filters.limit]
    return [
        {
            "id": b.pk,
            "year": b.year,
            "area": b.area.name if b.area else None,
            "format": b.format,
            "status": b.status,
            "done": b.done,
            "total": b.total,
            "created_at": b.created_at,
            "finished_at": b.finished_at,
            "file_url": reverse("performance:batch_file", args=[b.pk]) if b.archive else None,
        }
        for b in qs
    ]
