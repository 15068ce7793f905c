"""Every change to performance records: the deputy's own entries and their review, the
scheme of a year (versioned once in use), recomputation on demand, the published summary.
Each is audited; entries are announced (notifications/rules/performance.py tells people)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.lib.files import FileRejected, check_bytes, safe_display_name
from lianxi.performance.choices import MANUAL_KINDS, EntryStatus, LineKind
from lianxi.performance.lines import Want, records_for
from lianxi.performance.models import ManualEntry, Record, Scheme, SchemeItem, SchemeVersion
from lianxi.performance.policies import can_configure, can_review, is_staff_over, own_deputy
from lianxi.performance.scoring import recompute_records
from lianxi.performance.sources import sync_and_score

MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass
class EntryData:
    kind: str
    title: str
    day: date | None
    description: str = ""


@dataclass
class ItemData:
    kind: str
    points: Any
    cap: Any = None


@dataclass
class SchemeData:
    items: list[ItemData]
    base: Any = 0
    excellent_from: Any = 90
    competent_from: Any = 60
    basic_from: Any = 45
    note: str = ""


def _year(year: int) -> int:
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise InvalidInput(_("Choose a year between 2000 and 2100."), field="year")
    return int(year)


@action("performance.submit_entry")
def submit_entry(
    actor: Any, *, year: int, data: EntryData, file: tuple[str, bytes] | None
) -> ManualEntry:
    """The deputy records what lianxi cannot know, with an attachment that shows it (their
    record of the year is made with the first entry)."""
    deputy = own_deputy(actor)
    if deputy is None:
        raise NotAllowed(_("Only the deputy can add entries to their own record."))
    year = _year(year)
    if data.kind not in MANUAL_KINDS:
        raise InvalidInput(_("Choose a kind from the list."), field="kind")
    title = (data.title or "").strip()
    if not 2 <= len(title) <= 120:
        raise InvalidInput(_("Enter a title of 2 to 120 characters."), field="title")
    if data.day is None or data.day.year != year:
        raise InvalidInput(_("The date must fall in %(year)s.") % {"year": year}, field="day")
    if data.day > timezone.localdate():
        raise InvalidInput(_("The date cannot be in the future."), field="day")
    if file is None:
        raise InvalidInput(_("Attach a photo or PDF that shows it."), field="attachment")
    name, body = file
    try:
        checked = check_bytes(name, body)
    except FileRejected as exc:
        raise InvalidInput(exc.message, field="attachment") from None
    record = records_for([(deputy.pk, year)])[(deputy.pk, year)]
    entry = ManualEntry(
        record=record,
        kind=data.kind,
        title=title,
        day=data.day,
        description=(data.description or "").strip()[:2000],
        attachment_name=safe_display_name(name)[:120],
        content_type=checked.content_type,
    )
    entry.attachment.save(checked.sha256[:24] + checked.extension, ContentFile(body), save=False)
    entry.save()
    log(actor, "performance.submit_entry", entry, {"record": record.pk, "kind": entry.kind})
    announce("performance.submit_entry", entry, actor)
    return entry


def _decide(actor: Any, entry: ManualEntry) -> None:
    if not can_review(actor, entry.record):
        raise NotAllowed(_("Only committee staff of this jurisdiction can review entries."))
    if entry.status != EntryStatus.PENDING:
        raise IllegalTransition(_("This entry has already been reviewed."))


def _entry_lines(entry: ManualEntry) -> set[int]:
    wanted = []
    if entry.status == EntryStatus.APPROVED:
        url = f"/work/performance/{entry.record_id}/#entry-{entry.pk}"
        wanted = [Want(entry.record.deputy_id, entry.kind, entry.day, entry.title, url)]
    return sync_and_score("performance.entry", entry.pk, wanted)


@action("performance.approve_entry")
def approve_entry(actor: Any, *, entry: ManualEntry) -> ManualEntry:
    _decide(actor, entry)
    updated = ManualEntry.objects.filter(pk=entry.pk, status=EntryStatus.PENDING).update(
        status=EntryStatus.APPROVED, decided_by=actor, decided_at=timezone.now(), reason=""
    )
    if updated != 1:
        raise IllegalTransition(_("This entry has already been reviewed."))
    entry.refresh_from_db()
    _entry_lines(entry)
    log(actor, "performance.approve_entry", entry, {"record": entry.record_id})
    announce("performance.approve_entry", entry, actor, reason="")
    return entry


@action("performance.reject_entry")
def reject_entry(actor: Any, *, entry: ManualEntry, reason: str) -> ManualEntry:
    _decide(actor, entry)
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= 300:
        raise InvalidInput(
            _("Say why the entry is rejected (2 to 300 characters)."), field="reason"
        )
    updated = ManualEntry.objects.filter(pk=entry.pk, status=EntryStatus.PENDING).update(
        status=EntryStatus.REJECTED, decided_by=actor, decided_at=timezone.now(), reason=reason
    )
    if updated != 1:
        raise IllegalTransition(_("This entry has already been reviewed."))
    entry.refresh_from_db()
    _entry_lines(entry)
    log(actor, "performance.reject_entry", entry, {"record": entry.record_id})
    announce("performance.reject_entry", entry, actor, reason=reason)
    return entry


def _number(
    value: Any, field: str, low: Decimal, high: Decimal, blank: bool = False
) -> Decimal | None:
    if value in (None, "") and blank:
        return None
    try:
        number = Decimal(str(value).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter a number."), field=field) from None
    if not low <= number <= high:
        raise InvalidInput(
            _("Enter a number between %(low)s and %(high)s.") % {"low": low, "high": high},
            field=field,
        )
    return number


def in_use(version: SchemeVersion) -> bool:
    return Record.objects.filter(version=version).exists()


@action("performance.save_scheme")
def save_scheme(actor: Any, *, year: int, data: SchemeData) -> SchemeVersion:
    """Set the year's scheme. A version that scores records already is kept as it was and a
    new version made; the year is recomputed after commit."""
    if not can_configure(actor):
        raise NotAllowed(_("Only committee staff can set the scoring scheme."))
    year = _year(year)
    items: dict[str, tuple[Decimal, Decimal | None]] = {}
    for n, item in enumerate(data.items):
        if item.kind not in LineKind.values:
            raise InvalidInput(_("Choose a kind from the list."), field=f"items.{n}.kind")
        if item.kind in items:
            raise InvalidInput(_("Each kind can be scored once."), field=f"items.{n}.kind")
        points = _number(item.points, f"items.{n}.points", Decimal(-100), Decimal(100))
        cap = _number(item.cap, f"items.{n}.cap", Decimal(0), Decimal(1000), blank=True)
        assert points is not None
        if points != 0:
            items[item.kind] = (points, cap)
    if not items:
        raise InvalidInput(_("Give at least one item points."), field="items")
    base = _number(data.base, "base", Decimal(0), Decimal(100))
    excellent = _number(data.excellent_from, "excellent_from", Decimal(0), Decimal(1000))
    competent = _number(data.competent_from, "competent_from", Decimal(0), Decimal(1000))
    basic = _number(data.basic_from, "basic_from", Decimal(0), Decimal(1000))
    assert (
        base is not None and excellent is not None and competent is not None and basic is not None
    )
    if not excellent > competent > basic:
        raise InvalidInput(
            _("The bands must descend: excellent above competent above basically competent."),
            field="competent_from",
        )
    scheme, _created = Scheme.objects.get_or_create(year=year)
    current = scheme.versions.order_by("-number").first()
    if current is None or in_use(current):
        version = SchemeVersion.objects.create(
            scheme=scheme, number=(current.number + 1) if current else 1, created_by=actor
        )
    else:
        version = current
        version.items.all().delete()
    version.base, version.excellent_from = base, excellent
    version.competent_from, version.basic_from = competent, basic
    version.note = (data.note or "").strip()[:200]
    version.created_by = actor
    version.save()
    SchemeItem.objects.bulk_create(
        [SchemeItem(version=version, kind=k, points=p, cap=c) for k, (p, c) in items.items()]
    )
    log(
        actor,
        "performance.save_scheme",
        version,
        {"year": year, "version": version.number, "items": len(items)},
    )
    _queue_year(year)
    return version


def _queue_year(year: int) -> None:
    from lianxi.performance.tasks import recompute_year_job

    transaction.on_commit(lambda: recompute_year_job(year))


@action("performance.recompute")
def recompute(actor: Any, *, year: int) -> int:
    """Recompute every score of the year (staff, on demand): queued after commit."""
    if not can_configure(actor):
        raise NotAllowed(_("Only committee staff can recompute scores."))
    year = _year(year)
    log(actor, "performance.recompute", None, {"year": year})
    _queue_year(year)
    return year


@action("performance.recompute_record")
def recompute_record(actor: Any, *, record: Record) -> Record:
    if not is_staff_over(actor, record.deputy):
        raise NotAllowed(_("Only committee staff of this jurisdiction can recompute scores."))
    recompute_records([record.pk])
    record.refresh_from_db()
    log(actor, "performance.recompute_record", record, {"score": str(record.score)})
    return record


@action("performance.publish_summary")
def publish_summary(actor: Any, *, record: Record, summary: str, published: bool) -> Record:
    """What the public sees on the deputy's page: the committee's words and the grade."""
    if not is_staff_over(actor, record.deputy):
        raise NotAllowed(_("Only committee staff of this jurisdiction can publish summaries."))
    summary = (summary or "").strip()
    if published and not 10 <= len(summary) <= 2000:
        raise InvalidInput(_("Write a summary of 10 to 2,000 characters."), field="summary")
    record.summary, record.published = summary[:2000], published
    record.save(update_fields=["summary", "published"])
    log(actor, "performance.publish_summary", record, {"published": published})
    return record
