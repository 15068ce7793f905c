"""Activities: create (or as a series), invite, answer, remind, attendance, minutes,
contributions, outcomes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.models import Case
from lianxi.committee.actions.common import (
    check_span,
    organising_area,
    require_manage,
    require_staff,
    tell_deputies,
    text_field,
)
from lianxi.committee.models import Activity, ActivitySeries, Contribution, Invitation, Outcome
from lianxi.committee.models.activities import (
    ActivityKind,
    ActivityStatus,
    ContributionKind,
    InvitationStatus,
    Recurrence,
)
from lianxi.committee.querysets import deputy_of
from lianxi.core.actions import action
from lianxi.core.choices import CongressLevel
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.directory.choices import Sector
from lianxi.directory.models import Deputy, Expertise

MAX_SERIES = 12
RECURRENCE_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.HALF_YEARLY: 6}


@dataclass
class ActivityInput:
    kind: str
    title: str
    topic: str
    starts_at: datetime
    ends_at: datetime
    place: str
    capacity: int
    agenda: str = ""
    expertise_ids: list[int] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    level: str = ""


def _validate(data: ActivityInput) -> None:
    if data.kind not in ActivityKind.values:
        raise InvalidInput(_("Choose a kind from the list."), field="kind")
    data.title = text_field(data.title, "title", 4, 120)
    data.topic = text_field(data.topic, "topic", 2, 200)
    data.place = text_field(data.place, "place", 2, 120)
    check_span(data.starts_at, data.ends_at)
    if not 1 <= int(data.capacity) <= 500:
        raise InvalidInput(_("The capacity is 1 to 500 people."), field="capacity")
    if any(s not in Sector.values for s in data.sectors):
        raise InvalidInput(_("Choose sectors from the list."), field="sectors")
    if data.level and data.level not in CongressLevel.values:
        raise InvalidInput(_("Choose levels from the list."), field="level")
    if data.expertise_ids and Expertise.objects.filter(pk__in=data.expertise_ids).count() != len(
        set(data.expertise_ids)
    ):
        raise InvalidInput(_("Choose fields of expertise from the list."), field="expertise")


def _fill(activity: Activity, data: ActivityInput) -> None:
    activity.kind, activity.title, activity.topic = data.kind, data.title, data.topic
    activity.agenda, activity.place = data.agenda[:4000], data.place
    activity.starts_at, activity.ends_at = data.starts_at, data.ends_at
    activity.capacity, activity.level = int(data.capacity), data.level
    activity.sectors = ",".join(dict.fromkeys(data.sectors))


@action("committee.save_activity")
def save_activity(actor: Any, *, data: ActivityInput, activity: Activity | None = None) -> Activity:
    require_staff(actor)
    if activity is not None:
        require_manage(actor, activity)
        if activity.status in {ActivityStatus.DONE, ActivityStatus.CANCELLED}:
            raise IllegalTransition(_("A held or cancelled activity cannot be edited."))
    _validate(data)
    created = activity is None
    if activity is None:
        activity = Activity(area=organising_area(actor), created_by=actor)
    elif activity.invitations.filter(status=InvitationStatus.ACCEPTED).count() > data.capacity:
        raise InvalidInput(_("More deputies have accepted than this capacity."), field="capacity")
    before = (activity.starts_at, activity.ends_at, activity.place)
    _fill(activity, data)
    activity.save()
    activity.expertise.set(data.expertise_ids)
    moved = not created and before != (activity.starts_at, activity.ends_at, activity.place)
    if moved:
        _tell_of_change(activity, actor)
    log(
        actor,
        "committee.create_activity" if created else "committee.edit_activity",
        activity,
        {} if created else {"moved": moved},
    )
    return activity


def _waiting(activity: Activity) -> Any:
    """The deputies still invited to the activity or coming to it."""
    return Deputy.objects.filter(
        committee_invitations__activity=activity,
        committee_invitations__status__in=[InvitationStatus.INVITED, InvitationStatus.ACCEPTED],
    ).select_related("user")


def _tell_of_change(activity: Activity, actor: Any) -> None:
    """Deputies invited or coming hear of a new time or place (once per version of it)."""
    place = hashlib.sha256(activity.place.encode()).hexdigest()[:8]
    version = f"{activity.starts_at:%Y%m%d%H%M}-{activity.ends_at:%H%M}-{place}"
    tell_deputies("committee.save_activity", activity, actor, _waiting(activity), version=version)


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month, day=day)


@action("committee.create_series")
def create_series(
    actor: Any, *, data: ActivityInput, recurrence: str, count: int
) -> ActivitySeries:
    """A regular activity (e.g. a quarterly symposium): `count` activities, one per period."""
    require_staff(actor)
    if recurrence not in Recurrence.values:
        raise InvalidInput(_("Choose how often from the list."), field="recurrence")
    if not 2 <= int(count) <= MAX_SERIES:
        raise InvalidInput(
            _("A series has 2 to %(n)d activities.") % {"n": MAX_SERIES}, field="count"
        )
    _validate(data)
    area = organising_area(actor)
    series = ActivitySeries.objects.create(
        title=data.title, kind=data.kind, recurrence=recurrence, area=area
    )
    months = RECURRENCE_MONTHS[Recurrence(recurrence)]
    local_start = timezone.localtime(data.starts_at)
    length = data.ends_at - data.starts_at
    for n in range(int(count)):
        start = _add_months(local_start, months * n)
        activity = Activity(area=area, created_by=actor, series=series)
        _fill(activity, data)
        activity.starts_at, activity.ends_at = start, start + length
        activity.title = f"{data.title}（{n + 1}/{count}）"[:120]
        activity.save()
        activity.expertise.set(data.expertise_ids)
    log(actor, "committee.create_series", series, {"count": int(count), "every": recurrence})
    return series


@action("committee.cancel_activity")
def cancel_activity(actor: Any, *, activity: Activity, reason: str = "") -> Activity:
    require_manage(actor, activity)
    if activity.status in {ActivityStatus.DONE, ActivityStatus.CANCELLED}:
        raise IllegalTransition(_("This activity is already held or cancelled."))
    activity.status = ActivityStatus.CANCELLED
    activity.save(update_fields=["status", "updated_at"])
    tell_deputies("committee.cancel_activity", activity, actor, _waiting(activity))
    log(actor, "committee.cancel_activity", activity, {"reason": reason[:200]})
    return activity


@action("committee.invite")
def invite(actor: Any, *, activity: Activity, deputy_ids: list[int]) -> int:
    """Invite deputies (the staff pick them from the ranked suggestion); repeats are ignored."""
    require_manage(actor, activity)
    if activity.status != ActivityStatus.OPEN:
        raise IllegalTransition(_("Invitations can only be sent while the activity is open."))
    ids = list(dict.fromkeys(deputy_ids))
    if not ids:
        raise InvalidInput(_("Choose at least one deputy."), field="deputies")
    deputies = list(
        Deputy.objects.visible_to(actor).filter(pk__in=ids, status="serving").select_related("user")
    )
    if len(deputies) != len(ids):
        raise InvalidInput(_("Choose deputies from the list."), field="deputies")
    already = set(activity.invitations.values_list("deputy_id", flat=True))
    new = [d for d in deputies if d.pk not in already]
    Invitation.objects.bulk_create([Invitation(activity=activity, deputy=d) for d in new])
    tell_deputies("committee.invite", activity, actor, new)
    log(actor, "committee.invite", activity, {"invited": [d.pk for d in new]})
    return len(new)


@action("committee.answer_invitation")
def answer_invitation(
    actor: Any, *, invitation: Invitation, accept: bool, reason: str = ""
) -> Invitation:
    """The deputy accepts or declines (with a reason) until the activity starts; a place is
    taken only while the capacity allows."""
    deputy = deputy_of(actor)
    if deputy is None or invitation.deputy_id != deputy.pk:
        raise NotAllowed(_("This invitation is not yours."))
    activity = Activity.objects.select_for_update().get(pk=invitation.activity_id)
    if activity.status != ActivityStatus.OPEN or activity.starts_at <= timezone.now():
        raise IllegalTransition(_("This activity no longer takes answers."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == InvitationStatus.WITHDRAWN:
        raise IllegalTransition(_("This invitation was withdrawn."))
    reason = (reason or "").strip()[:300]
    if accept:
        if invitation.status != InvitationStatus.ACCEPTED:
            taken = activity.invitations.filter(status=InvitationStatus.ACCEPTED).count()
            if taken >= activity.capacity:
                raise IllegalTransition(_("This activity is full."))
        invitation.status = InvitationStatus.ACCEPTED
    else:
        if not reason:
            raise InvalidInput(_("Give a reason for declining."), field="reason")
        invitation.status = InvitationStatus.DECLINED
    invitation.reason, invitation.responded_at = reason, timezone.now()
    invitation.save(update_fields=["status", "reason", "responded_at"])
    log(actor, "committee.answer_invitation", activity, {"accept": accept, "deputy": deputy.pk})
    return invitation


@action("committee.withdraw_invitation")
def withdraw_invitation(actor: Any, *, invitation: Invitation) -> Invitation:
    require_manage(actor, invitation.activity)
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.save(update_fields=["status"])
    log(
        actor,
        "committee.withdraw_invitation",
        invitation.activity,
        {"deputy": invitation.deputy_id},
    )
    return invitation


@action("committee.remind_invitation")
def remind_invitation(actor: Any, *, invitation_id: int) -> bool:
    """One reminder per invitation: to answer, or (accepted) that the activity is near."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("activity", "deputy__user")
        .filter(
            pk=invitation_id,
            reminded_at__isnull=True,
            status__in=[InvitationStatus.INVITED, InvitationStatus.ACCEPTED],
            activity__status=ActivityStatus.OPEN,
        )
        .first()
    )
    if invitation is None:
        log(actor, "committee.remind_invitation", None, {"invitation": invitation_id, "sent": 0})
        return False
    invitation.reminded_at = timezone.now()
    invitation.save(update_fields=["reminded_at"])
    activity = invitation.activity
    tell_deputies("committee.remind_invitation", invitation, actor, [invitation.deputy])
    log(actor, "committee.remind_invitation", activity, {"deputy": invitation.deputy_id})
    return True


@action("committee.mark_activity_attendance")
def mark_activity_attendance(actor: Any, *, activity: Activity, present_ids: list[int]) -> int:
    """Staff record who came (from the invited deputies); others who accepted are absent."""
    require_manage(actor, activity)
    if activity.status == ActivityStatus.CANCELLED:
        raise IllegalTransition(_("This activity was cancelled."))
    if activity.starts_at - timedelta(hours=2) > timezone.now():
        raise IllegalTransition(_("Attendance can be recorded from two hours before the start."))
    invited = activity.invitations.exclude(status=InvitationStatus.WITHDRAWN)
    known = set(invited.values_list("deputy_id", flat=True))
    present = set(present_ids)
    if present - known:
        raise InvalidInput(_("Choose deputies invited to this activity."), field="present")
    invited.filter(deputy_id__in=present).update(attended=True)
    invited.exclude(deputy_id__in=present).filter(status=InvitationStatus.ACCEPTED).update(
        attended=False
    )
    invited.exclude(deputy_id__in=present).exclude(status=InvitationStatus.ACCEPTED).update(
        attended=None
    )
    log(actor, "committee.mark_activity_attendance", activity, {"present": len(present)})
    announce("committee.mark_activity_attendance", activity, actor, present=sorted(present))
    return len(present)


@action("committee.record_minutes")
def record_minutes(actor: Any, *, activity: Activity, minutes: str, held: bool = True) -> Activity:
    require_manage(actor, activity)
    if activity.status == ActivityStatus.CANCELLED:
        raise IllegalTransition(_("This activity was cancelled."))
    if held and activity.starts_at > timezone.now():
        raise IllegalTransition(_("An activity can be marked as held only after it starts."))
    activity.minutes = text_field(minutes, "minutes", 10, 20000)
    if held:
        activity.status = ActivityStatus.DONE
    activity.save(update_fields=["minutes", "status", "updated_at"])
    log(actor, "committee.record_minutes", activity, {"held": held})
    return activity


@action("committee.add_contribution")
def add_contribution(
    actor: Any, *, activity: Activity, deputy: Deputy, kind: str, text: str
) -> Contribution:
    """Staff record a deputy's speech or written opinion; a deputy may file their own
    written opinion."""
    own = deputy_of(actor)
    if own is not None:
        if own.pk != deputy.pk or kind != ContributionKind.WRITTEN:
            raise NotAllowed(_("You can only submit your own written opinion."))
    else:
        require_manage(actor, activity)
    if kind not in ContributionKind.values:
        raise InvalidInput(_("Choose a kind from the list."), field="kind")
    if (
        not activity.invitations.filter(deputy=deputy)
        .exclude(status=InvitationStatus.WITHDRAWN)
        .exists()
    ):
        raise InvalidInput(_("Choose deputies invited to this activity."), field="deputy")
    if activity.status == ActivityStatus.CANCELLED:
        raise IllegalTransition(_("This activity was cancelled."))
    body = text_field(text, "text", 5, 4000)
    item = Contribution.objects.create(activity=activity, deputy=deputy, kind=kind, text=body)
    log(actor, "committee.add_contribution", activity, {"deputy": deputy.pk, "kind": kind})
    return item


@action("committee.add_outcome")
def add_outcome(
    actor: Any, *, activity: Activity, text: str, case_id: int | None = None
) -> Outcome:
    require_manage(actor, activity)
    case = None
    if case_id is not None:
        case = Case.objects.visible_to(actor).filter(pk=case_id).first()
        if case is None:
            raise InvalidInput(_("Choose a case you can see."), field="case")
    body = text_field(text, "text", 4, 2000)
    outcome = Outcome.objects.create(activity=activity, text=body, case=case)
    log(actor, "committee.add_outcome", activity, {"case": case_id})
    return outcome
