"""What the committee's actions share: audiences from input, notices to deputies, checks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.committee.models import Audience
from lianxi.committee.policies import can_manage, is_committee_staff
from lianxi.core.choices import CongressLevel
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.core.events import announce
from lianxi.directory.choices import Sector
from lianxi.directory.models import Area, Deputy, Expertise


@dataclass
class AudienceSpec:
    everyone: bool = False
    levels: list[str] = field(default_factory=list)
    delegations: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)
    expertise_ids: list[int] = field(default_factory=list)
    deputy_ids: list[int] = field(default_factory=list)

    @property
    def has_criteria(self) -> bool:
        return bool(
            self.levels or self.delegations or self.sectors or self.area_ids or self.expertise_ids
        )


def require_staff(actor: Any) -> None:
    if not is_committee_staff(actor):
        raise NotAllowed(_("Only committee staff can do this."))


def require_manage(actor: Any, obj: Any) -> None:
    if not can_manage(actor, obj):
        raise NotAllowed(_("Only committee staff of this jurisdiction can do this."))


def organising_area(actor: Any) -> Area:
    """The area an item belongs to: the actor's jurisdiction (the city for administrators)."""
    if actor.jurisdiction_id:
        return actor.jurisdiction  # type: ignore[no-any-return]
    area = Area.objects.filter(level=2).order_by("code").first() or Area.objects.first()
    if area is None:
        raise InvalidInput(_("The directory has no areas yet."))
    return area


def check_audience(actor: Any, spec: AudienceSpec) -> None:
    levels = set(CongressLevel.values)
    if any(v not in levels for v in spec.levels):
        raise InvalidInput(_("Choose levels from the list."), field="levels")
    sectors = set(Sector.values)
    if any(v not in sectors for v in spec.sectors):
        raise InvalidInput(_("Choose sectors from the list."), field="sectors")
    if any(len(d) > 60 for d in spec.delegations):
        raise InvalidInput(_("A delegation name has at most 60 characters."), field="delegations")
    if spec.area_ids and Area.objects.filter(pk__in=spec.area_ids).count() != len(
        set(spec.area_ids)
    ):
        raise InvalidInput(_("Choose areas from the list."), field="areas")
    if spec.expertise_ids and Expertise.objects.filter(pk__in=spec.expertise_ids).count() != len(
        set(spec.expertise_ids)
    ):
        raise InvalidInput(_("Choose fields of expertise from the list."), field="expertise")
    if spec.deputy_ids and Deputy.objects.visible_to(actor).filter(
        pk__in=spec.deputy_ids
    ).count() != len(set(spec.deputy_ids)):
        raise InvalidInput(_("Choose deputies from the list."), field="deputies")
    if not (spec.everyone or spec.has_criteria or spec.deputy_ids):
        raise InvalidInput(
            _("Choose who should receive it: all deputies, some criteria or named deputies."),
            field="audience",
        )


def save_audience(actor: Any, spec: AudienceSpec, audience: Audience | None = None) -> Audience:
    check_audience(actor, spec)
    audience = audience or Audience()
    audience.everyone = spec.everyone
    audience.has_criteria = spec.has_criteria
    audience.set_lists(levels=spec.levels, delegations=spec.delegations, sectors=spec.sectors)
    audience.save()
    audience.areas.set(spec.area_ids)
    audience.expertise.set(spec.expertise_ids)
    audience.deputies.set(spec.deputy_ids)
    return audience


def spec_of(audience: Audience) -> AudienceSpec:
    return AudienceSpec(
        everyone=audience.everyone,
        levels=audience.level_list,
        delegations=audience.delegation_list,
        sectors=audience.sector_list,
        area_ids=list(audience.areas.values_list("pk", flat=True)),
        expertise_ids=list(audience.expertise.values_list("pk", flat=True)),
        deputy_ids=list(audience.deputies.values_list("pk", flat=True)),
    )


def tell_deputies(
    name: str, target: Any, actor: Any, deputies: Iterable[Deputy], **facts: Any
) -> int:
    """Announce `name` with the deputies it concerns; the notification rules
    (lianxi/notifications/rules/committee.py) word it and tell those with an account.
    Returns how many have one."""
    people = list(deputies)
    announce(name, target, actor, deputies=people, **facts)
    return sum(1 for d in people if d.user_id)


def aware(value: datetime | None, field_name: str) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        raise InvalidInput(_("Give the time with its time zone."), field=field_name)
    return value


def check_span(starts_at: datetime, ends_at: datetime) -> None:
    aware(starts_at, "starts_at")
    aware(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise InvalidInput(_("The end must be after the start."), field="ends_at")
    if (ends_at - starts_at).days > 14:
        raise InvalidInput(_("It can last at most 14 days."), field="ends_at")


def text_field(value: str, name: str, low: int, high: int) -> str:
    value = (value or "").strip()
    if not low <= len(value) <= high:
        raise InvalidInput(
            _("This field needs %(low)d to %(high)d characters.") % {"low": low, "high": high},
            field=name,
        )
    return value
