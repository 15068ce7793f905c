"""Receptions at the desk, deputies' visits and their review, liaison rules, and the monthly
reminders to deputies who are behind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.actions import Intake, submit_case
from lianxi.cases.models import Case
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.directory.models import Area, Deputy, Station
from lianxi.liaison.choices import Light, VisitMethod, VisitStatus
from lianxi.liaison.compliance import evaluate_many, rules_for
from lianxi.liaison.models import LiaisonRule, Photo, Reception, Shift, StationPhoto, Visit
from lianxi.liaison.policies import (
    can_edit_visit,
    can_manage_station,
    can_review_visits,
    can_set_rules,
    deputy_of,
)
from lianxi.lib.files import FileRejected, check_bytes, safe_display_name

MAX_PHOTOS = 9


def _photos(files: Iterable[tuple[str, bytes]]) -> list[Photo]:
    photos = []
    for name, data in list(files)[: MAX_PHOTOS + 1]:
        try:
            checked = check_bytes(name, data)
        except FileRejected as exc:
            raise InvalidInput(exc.message, field="photos") from None
        if checked.content_type == "application/pdf":
            raise InvalidInput(_("Photos must be JPEG, PNG or WebP images."), field="photos")
        photo = Photo(
            content_type=checked.content_type, sha256=checked.sha256, name=safe_display_name(name)
        )
        photo.file.save(checked.sha256[:24] + checked.extension, ContentFile(data), save=False)
        photos.append(photo)
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput(_("Attach at most 9 photos."), field="photos")
    return photos


@action("liaison.record_reception")
def record_reception(
    actor: Any,
    *,
    shift: Shift,
    people_received: int,
    matters: str = "",
    minutes: str = "",
    photos: Iterable[tuple[str, bytes]] = (),
) -> Reception:
    if not can_manage_station(actor, shift.station):
        raise NotAllowed(_("Only the station's staff can do this."))
    if shift.starts_at > timezone.now():
        raise IllegalTransition(_("A reception can be recorded once the shift has started."))
    if not 0 <= people_received <= 5000:
        raise InvalidInput(_("Enter the number of people received."), field="people_received")
    reception, created = Reception.objects.get_or_create(
        shift=shift, defaults={"recorded_by": actor}
    )
    reception.people_received = people_received
    reception.matters = matters.strip()[:5000]
    reception.minutes = minutes.strip()[:10000]
    reception.recorded_by = actor
    reception.save()
    for photo in _photos(photos):
        photo.reception = reception
        photo.save()
    log(
        actor,
        "liaison.record_reception",
        reception,
        {"created": created, "people": people_received},
    )
    announce("liaison.record_reception", reception, actor, created=created)
    return reception


@action("liaison.walkin_case")
def walkin_case(
    actor: Any, *, intake: Intake, shift: Shift | None = None, visit: Visit | None = None
) -> Case:
    """A matter raised at the desk or on a visit becomes a case of the ledger in one step
    (the ledger's walk-in channel), linked to the reception or visit."""
    if shift is not None:
        if not can_manage_station(actor, shift.station):
            raise NotAllowed(_("Only the station's staff can do this."))
        intake.channel = "station"
        intake.target_station = shift.station
    elif visit is not None:
        if not can_edit_visit(actor, visit):
            raise NotAllowed(_("You can only change your own visits."))
        intake.channel = "deputy"
        intake.target_deputy = visit.author
        intake.community = intake.community or visit.community
    else:
        raise InvalidInput(_("Choose a shift or a visit."))
    case = submit_case(actor, data=intake).case
    if shift is not None:
        reception, _created = Reception.objects.get_or_create(
            shift=shift, defaults={"recorded_by": actor}
        )
        reception.cases.add(case)
        log(actor, "liaison.walkin_case", reception, {"case": case.pk})
    else:
        assert visit is not None
        visit.cases.add(case)
        log(actor, "liaison.walkin_case", visit, {"case": case.pk})
    return case


@dataclass
class VisitInput:
    date: date
    community: Area
    method: str
    people_met: int
    people_note: str = ""
    matters: str = ""
    co_deputies: list[Deputy] = field(default_factory=list)


def _check_visit(data: VisitInput) -> None:
    today = timezone.localdate()
    if data.date > today:
        raise InvalidInput(_("A visit cannot be in the future."), field="date")
    if data.date < today - timedelta(days=366):
        raise InvalidInput(_("Log visits within a year."), field="date")
    if data.community.level != 5:
        raise InvalidInput(_("Choose a community or village."), field="community")
    if data.method not in VisitMethod.values:
        raise InvalidInput(_("Choose how the visit was made."), field="method")
    if not 1 <= data.people_met <= 5000:
        raise InvalidInput(_("Enter how many people were met."), field="people_met")


@action("liaison.log_visit")
def log_visit(
    actor: Any,
    *,
    data: VisitInput,
    visit: Visit | None = None,
    photos: Iterable[tuple[str, bytes]] = (),
) -> Visit:
    """Log a visit (or change one that was returned); a group visit names the other deputies
    once and counts for each of them."""
    deputy = deputy_of(actor)
    if deputy is None:
        raise NotAllowed(_("Only a serving deputy can log visits."))
    if visit is not None and not can_edit_visit(actor, visit):
        raise NotAllowed(_("You can only change your own visits."))
    _check_visit(data)
    others = [d for d in data.co_deputies if d.pk != deputy.pk]
    if any(d.status != "serving" for d in others):
        raise InvalidInput(_("Every deputy on a group visit must be serving."), field="co_deputies")
    created = visit is None
    visit = visit or Visit(author=deputy)
    for name in ("date", "community", "method", "people_met"):
        setattr(visit, name, getattr(data, name))
    visit.people_note = data.people_note.strip()[:200]
    visit.matters = data.matters.strip()[:5000]
    visit.status = VisitStatus.SUBMITTED
    visit.return_reason = ""
    visit.save()
    visit.deputies.set([deputy, *others])
    for photo in _photos(photos):
        photo.visit = visit
        photo.save()
    log(
        actor,
        "liaison.log_visit",
        visit,
        {"created": created, "deputies": [deputy.pk, *(d.pk for d in others)]},
    )
    return visit


@action("liaison.review_visit")
def review_visit(actor: Any, *, visit: Visit, approve: bool, reason: str = "") -> Visit:
    if (
        not can_review_visits(actor)
        or not Visit.objects.visible_to(actor).filter(pk=visit.pk).exists()
    ):
        raise NotAllowed(_("Only committee staff can review visits."))
    reason = reason.strip()
    if not approve and len(reason) < 2:
        raise InvalidInput(_("Say why the entry is returned."), field="reason")
    updated = Visit.objects.filter(pk=visit.pk, status=VisitStatus.SUBMITTED).update(
        status=VisitStatus.APPROVED if approve else VisitStatus.RETURNED,
        return_reason="" if approve else reason[:300],
        reviewed_by=actor,
    )
    if updated != 1:
        raise IllegalTransition(_("This visit has already been reviewed."))
    visit.refresh_from_db()
    log(actor, "liaison.review_visit", visit, {"approve": approve})
    announce("liaison.review_visit", visit, actor, approve=approve, reason=reason[:300])
    return visit


RULE_FIELDS = (
    "min_visits",
    "min_people_per_visit",
    "min_shifts",
    "max_answer_workdays",
    "min_trainings",
)


@action("liaison.save_rule")
def save_rule(actor: Any, *, level: str, year: int, values: dict[str, int]) -> LiaisonRule:
    if not can_set_rules(actor):
        raise NotAllowed(_("Only committee staff can set liaison rules."))
    for name in RULE_FIELDS:
        value = values.get(name)
        if value is None or not 0 <= int(value) <= 1000:
            raise InvalidInput(_("Enter a whole number from 0 to 1000."), field=name)
    rule, created = LiaisonRule.objects.update_or_create(
        level=level, year=year, defaults={k: int(values[k]) for k in RULE_FIELDS}
    )
    log(
        actor,
        "liaison.save_rule",
        rule,
        {"created": created, **{k: int(values[k]) for k in RULE_FIELDS}},
    )
    return rule


@action("liaison.carry_rules_forward")
def carry_rules_forward(actor: Any, *, year: int) -> list[LiaisonRule]:
    """Confirm, for `year`, the rules it has been using from an earlier year: each level
    without a rule of its own gets a copy of the one that applied."""
    if not can_set_rules(actor):
        raise NotAllowed(_("Only committee staff can set liaison rules."))
    inherited = [r for r in rules_for(year).values() if r.year != year]
    if not inherited:
        raise InvalidInput(_("This year has no rules to carry forward."), field="year")
    made = []
    for old in inherited:
        rule, created = LiaisonRule.objects.get_or_create(
            level=old.level, year=year, defaults={k: getattr(old, k) for k in RULE_FIELDS}
        )
        if created:
            made.append(rule)
            log(actor, "liaison.carry_rules_forward", rule, {"from_year": old.year})
    if not made:
        raise InvalidInput(_("This year has no rules to carry forward."), field="year")
    return made


@action("liaison.send_compliance_reminders")
def send_compliance_reminders(actor: Any, *, today: date | None = None) -> int:
    """Once a month: each deputy who is behind hears which rules; committee staff get a
    summary (lianxi/notifications/rules/liaison.py). Dedupe keys carry the month, so a second
    run sends nothing."""
    name = "liaison.send_compliance_reminders"
    today = today or timezone.localdate()
    month = f"{today:%Y-%m}"
    deputies = Deputy.objects.filter(status="serving").select_related("user", "constituency")
    standings = evaluate_many(deputies, today.year, today)
    behind = [s for s in standings if s.rule is not None and s.light == Light.RED]
    for standing in behind:
        labels = "、".join(m.label for m in standing.measures if m.light == Light.RED)
        announce(name, standing.deputy, actor, rules=labels, month=month)
    from lianxi.accounts.models import User

    for staff in User.objects.filter(
        role=Role.COMMITTEE, is_active=True, jurisdiction__isnull=False
    ).select_related("jurisdiction"):
        area = staff.jurisdiction
        if area is None:
            continue
        mine = [s for s in behind if area.contains(s.deputy.constituency)]
        announce(name, staff, actor, behind=len(mine), month=month)
    log(actor, "liaison.send_compliance_reminders", None, {"month": month, "behind": len(behind)})
    return len(behind)


MAX_STATION_PHOTOS = 6


@action("liaison.add_station_photo")
def add_station_photo(
    actor: Any, station: Station, *, name: str, data: bytes, caption: str = ""
) -> StationPhoto:
    """A photo on the station's public page (at most six; those who run the station's rota:
    its staff and administrators)."""
    if not can_manage_station(actor, station):
        raise NotAllowed(_("You do not manage this station."))
    caption = (caption or "").strip()
    if len(caption) > 60:
        raise InvalidInput(_("The caption has at most 60 characters."), field="caption")
    if StationPhoto.objects.filter(station=station).count() >= MAX_STATION_PHOTOS:
        raise InvalidInput(_("A station shows at most 6 photos: remove one first."), field="photo")
    try:
        checked = check_bytes(name, data)
    except FileRejected as exc:
        raise InvalidInput(exc.message, field="photo") from None
    if checked.content_type == "application/pdf":
        raise InvalidInput(_("Photos must be JPEG, PNG or WebP images."), field="photo")
    photo = StationPhoto(
        station=station,
        content_type=checked.content_type,
        sha256=checked.sha256,
        caption=caption,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    photo.file.save(checked.sha256[:24] + checked.extension, ContentFile(data), save=False)
    photo.save()
    log(actor, "liaison.add_station_photo", photo, {"station": station.pk, "caption": caption})
    return photo


@action("liaison.remove_station_photo")
def remove_station_photo(actor: Any, photo: StationPhoto) -> None:
    if not can_manage_station(actor, photo.station):
        raise NotAllowed(_("You do not manage this station."))
    log(
        actor,
        "liaison.remove_station_photo",
        photo,
        {"station": photo.station_id, "caption": photo.caption, "sha256": photo.sha256},
    )
    storage, name = photo.file.storage, photo.file.name or ""
    photo.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))  # the file only once the row is gone
