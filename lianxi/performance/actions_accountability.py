"""Commendation and accountability: open a year-end commendation, decide whom it names and
with which citations, publish it (the deputies are told, their public pages show it); record
a reminder talk or an admonition, edit it while open, close it with its outcome (the deputy
is told each time). Every step is audited; notifications/rules/performance_accountability.py
says who hears of what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.directory.models import Deputy
from lianxi.performance.actions import MAX_YEAR, MIN_YEAR
from lianxi.performance.models import Scheme
from lianxi.performance.models_accountability import (
    Commendation,
    CommendationStatus,
    Commendee,
    Talk,
    TalkKind,
    TalkStatus,
)
from lianxi.performance.policies_accountability import (
    can_commend,
    can_hold_talk,
    can_manage_commendation,
)
from lianxi.performance.shortlist import Rules, eligible_ids


@dataclass
class CommendationData:
    title: str
    min_score: Any
    excellent_only: bool = True
    no_absence: bool = True
    no_admonition: bool = True
    decision: str = ""
    # deputy id → citation (事迹) of the deputies ticked
    picks: dict[int, str] | None = None


@dataclass
class TalkData:
    kind: str
    day: date | None
    reasons: str
    follow_ups: str = ""
    outcome: str = ""


def _text(value: str | None, field: str, low: int, high: int, message: str) -> str:
    text = (value or "").strip()
    if not low <= len(text) <= high:
        raise InvalidInput(message, field=field)
    return text


def _score(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter a number."), field="min_score") from None
    if not Decimal(0) <= number <= Decimal(1000):
        raise InvalidInput(
            _("Enter a number between %(low)s and %(high)s.") % {"low": 0, "high": 1000},
            field="min_score",
        )
    return number


def default_min_score(year: int) -> Decimal:
    """The year's 优秀 band when a scheme is set, else 90."""
    scheme = Scheme.objects.filter(year=year).first()
    version = scheme.current() if scheme else None
    return version.excellent_from if version else Decimal(90)


@action("performance.open_commendation")
def open_commendation(actor: Any, *, year: int, title: str) -> Commendation:
    """A draft for the actor's jurisdiction (an administrator's covers every deputy), its
    rules at their defaults: graded excellent, no unexcused absence, no admonition."""
    if not can_commend(actor):
        raise NotAllowed(_("Only committee staff can commend deputies."))
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise InvalidInput(_("Choose a year between 2000 and 2100."), field="year")
    title = _text(title, "title", 2, 120, _("Enter a title of 2 to 120 characters."))
    commendation = Commendation.objects.create(
        year=int(year),
        area=actor.jurisdiction if actor.jurisdiction_id else None,
        title=title,
        min_score=default_min_score(int(year)),
        created_by=actor,
    )
    log(actor, "performance.open_commendation", commendation, {"year": commendation.year})
    return commendation


def _draft(actor: Any, commendation: Commendation) -> None:
    if not can_manage_commendation(actor, commendation):
        raise NotAllowed(_("Only committee staff of this jurisdiction can act on it."))
    if commendation.status != CommendationStatus.DRAFT:
        raise IllegalTransition(_("This commendation is published and can no longer change."))


def _not_eligible(names: list[str]) -> InvalidInput:
    return InvalidInput(
        _("Not on the shortlist by the rules: %(names)s.") % {"names": "、".join(names)},
        field="picks",
    )


@action("performance.save_commendation")
def save_commendation(
    actor: Any, *, commendation: Commendation, data: CommendationData
) -> Commendation:
    """Set the rules, the decision's text and the deputies named with their citations; only
    deputies on the shortlist by the rules may be ticked."""
    _draft(actor, commendation)
    title = _text(data.title, "title", 2, 120, _("Enter a title of 2 to 120 characters."))
    decision = (data.decision or "").strip()
    if len(decision) > 5000:
        raise InvalidInput(_("The decision can be at most 5,000 characters."), field="decision")
    rules = Rules(
        _score(data.min_score),
        bool(data.excellent_only),
        bool(data.no_absence),
        bool(data.no_admonition),
    )
    picks = data.picks or {}
    for citation in picks.values():
        if len((citation or "").strip()) > 2000:
            raise InvalidInput(_("A citation can be at most 2,000 characters."), field="picks")
    commendation.min_score, commendation.excellent_only = rules.min_score, rules.excellent_only
    commendation.no_absence, commendation.no_admonition = rules.no_absence, rules.no_admonition
    eligible = eligible_ids(commendation, rules)
    outside = [d for d in picks if d not in eligible]
    if outside:
        names = list(Deputy.objects.filter(pk__in=outside).values_list("name", flat=True))
        raise _not_eligible(names or [str(d) for d in outside])
    commendation.title, commendation.decision = title, decision
    commendation.save()
    commendation.commendees.exclude(deputy_id__in=list(picks)).delete()
    existing = {c.deputy_id: c for c in commendation.commendees.all()}
    for deputy_id, citation in picks.items():
        record = eligible[deputy_id]
        row = existing.get(deputy_id) or Commendee(commendation=commendation, deputy_id=deputy_id)
        row.score, row.grade = record.score, record.grade
        row.citation = (citation or "").strip()
        row.save()
    log(
        actor,
        "performance.save_commendation",
        commendation,
        {"year": commendation.year, "named": len(picks)},
    )
    return commendation


@action("performance.publish_commendation")
def publish_commendation(actor: Any, *, commendation: Commendation) -> Commendation:
    """Publish the decision: it shows on each named deputy's public page and they are told.
    The shortlist is checked again (a score may have changed since the draft was saved)."""
    _draft(actor, commendation)
    named = list(commendation.commendees.select_related("deputy__user"))
    if not named:
        raise InvalidInput(_("Tick at least one deputy to commend."), field="picks")
    if len(commendation.decision.strip()) < 10:
        raise InvalidInput(
            _("Write the commendation decision (at least 10 characters) before publishing."),
            field="decision",
        )
    eligible = eligible_ids(commendation)
    outside = [c.deputy.name for c in named if c.deputy_id not in eligible]
    if outside:
        raise _not_eligible(outside)
    updated = Commendation.objects.filter(
        pk=commendation.pk, status=CommendationStatus.DRAFT
    ).update(status=CommendationStatus.PUBLISHED, published_by=actor, published_at=timezone.now())
    if updated != 1:
        raise IllegalTransition(_("This commendation is published and can no longer change."))
    commendation.refresh_from_db()
    for row in named:
        record = eligible[row.deputy_id]
        Commendee.objects.filter(pk=row.pk).update(score=record.score, grade=record.grade)
        announce("performance.publish_commendation", row, actor)
    log(
        actor,
        "performance.publish_commendation",
        commendation,
        {"year": commendation.year, "named": len(named)},
    )
    return commendation


def _talk_fields(data: TalkData) -> dict[str, Any]:
    if data.kind not in TalkKind.values:
        raise InvalidInput(_("Choose a kind from the list."), field="kind")
    if data.day is None or not MIN_YEAR <= data.day.year <= MAX_YEAR:
        raise InvalidInput(_("Enter the date of the talk."), field="day")
    if data.day > timezone.localdate():
        raise InvalidInput(_("The date cannot be in the future."), field="day")
    reasons = _text(
        data.reasons,
        "reasons",
        2,
        2000,
        _("Give the reasons for the talk (2 to 2,000 characters)."),
    )
    follow_ups = (data.follow_ups or "").strip()
    outcome = (data.outcome or "").strip()
    if len(follow_ups) > 2000:
        raise InvalidInput(_("At most 2,000 characters."), field="follow_ups")
    if len(outcome) > 2000:
        raise InvalidInput(_("At most 2,000 characters."), field="outcome")
    return {
        "kind": data.kind,
        "day": data.day,
        "reasons": reasons,
        "follow_ups": follow_ups,
        "outcome": outcome,
    }


@action("performance.record_talk")
def record_talk(actor: Any, *, deputy: Deputy, data: TalkData) -> Talk:
    if not can_hold_talk(actor, deputy):
        raise NotAllowed(_("Only committee staff of this jurisdiction can record talks."))
    talk = Talk.objects.create(deputy=deputy, created_by=actor, **_talk_fields(data))
    log(actor, "performance.record_talk", talk, {"deputy": deputy.pk, "kind": talk.kind})
    announce("performance.record_talk", talk, actor)
    return talk


def _open(actor: Any, talk: Talk) -> None:
    if not can_hold_talk(actor, talk.deputy):
        raise NotAllowed(_("Only committee staff of this jurisdiction can record talks."))
    if talk.status != TalkStatus.OPEN:
        raise IllegalTransition(_("This talk is closed and can no longer change."))


@action("performance.update_talk")
def update_talk(actor: Any, *, talk: Talk, data: TalkData) -> Talk:
    _open(actor, talk)
    fields = _talk_fields(data)
    updated = Talk.objects.filter(pk=talk.pk, status=TalkStatus.OPEN).update(
        updated_at=timezone.now(), **fields
    )
    if updated != 1:
        raise IllegalTransition(_("This talk is closed and can no longer change."))
    talk.refresh_from_db()
    log(actor, "performance.update_talk", talk, {"deputy": talk.deputy_id, "kind": talk.kind})
    return talk


@action("performance.close_talk")
def close_talk(actor: Any, *, talk: Talk, outcome: str) -> Talk:
    """Close with the outcome the deputy is told of; the talk can no longer change."""
    _open(actor, talk)
    outcome = _text(
        outcome,
        "outcome",
        2,
        2000,
        _("Write the outcome (2 to 2,000 characters) to close the talk."),
    )
    updated = Talk.objects.filter(pk=talk.pk, status=TalkStatus.OPEN).update(
        status=TalkStatus.CLOSED, outcome=outcome, closed_at=timezone.now()
    )
    if updated != 1:
        raise IllegalTransition(_("This talk is closed and can no longer change."))
    talk.refresh_from_db()
    log(actor, "performance.close_talk", talk, {"deputy": talk.deputy_id, "kind": talk.kind})
    announce("performance.close_talk", talk, actor)
    return talk
