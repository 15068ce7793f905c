"""What each person may choose about their notifications: which kinds concern their role,
and which channels they can use for each (within what the committee allows)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.notifications.models import Channel, ChannelPolicy, Family
from lianxi.notifications.send import phone_of

# The kinds each role hears of (the preferences page offers only these).
FAMILIES_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.CITIZEN: (
        Family.CASES,
        Family.FOLLOWS,
        Family.LIAISON,
        Family.LEGISLATION,
        Family.POLLS,
        Family.ACCOUNT,
    ),
    Role.DEPUTY: (
        Family.CASES,
        Family.LIAISON,
        Family.COMMITTEE,
        Family.LEGISLATION,
        Family.PERFORMANCE,
        Family.POLLS,
        Family.ACCOUNT,
    ),
    Role.STATION_STAFF: (Family.CASES, Family.LIAISON, Family.COMMITTEE, Family.ACCOUNT),
    Role.DEPARTMENT: (Family.CASES, Family.LEGISLATION, Family.ACCOUNT),
    Role.COMMITTEE: tuple(Family.values),
    Role.ADMIN: tuple(Family.values),
}
# Channels a person chooses; in-app is always on.
CHOOSABLE = (Channel.SMS, Channel.EMAIL)

NOT_ALLOWED = _("The standing committee has switched this channel off for this kind.")
NO_PHONE = _("Your account has no mobile number (the administrator records it).")
NO_EMAIL = _("Your account has no e-mail address (the administrator records it).")


def families_for(user: Any) -> tuple[str, ...]:
    return FAMILIES_BY_ROLE.get(getattr(user, "role", ""), ())


def allowed_channels() -> dict[tuple[str, str], bool]:
    """(kind, channel) → allowed, for the pairs the committee has decided (default: allowed)."""
    return {(p.family, p.channel): p.allowed for p in ChannelPolicy.objects.all()}


def email_of(user: Any) -> str:
    """The address e-mail is sent to (what `notify()` uses)."""
    return str(getattr(user, "email", "") or "")


def blocked_by(
    user: Any, family: str, channel: str, allowed: dict[tuple[str, str], bool], phone: str
) -> str:
    """What stops `user` choosing `channel` for `family`: "policy", "phone", "email" or ""."""
    if not allowed.get((family, channel), True):
        return "policy"
    if channel == Channel.SMS and not phone:
        return "phone"
    if channel == Channel.EMAIL and not email_of(user):
        return "email"
    return ""


REASONS = {"policy": NOT_ALLOWED, "phone": NO_PHONE, "email": NO_EMAIL}


def why_not(
    user: Any, family: str, channel: str, allowed: dict[tuple[str, str], bool], phone: str
) -> str:
    """Why `user` cannot choose `channel` for `family`, in words ("" when they can)."""
    reason = blocked_by(user, family, channel, allowed, phone)
    return str(REASONS[reason]) if reason else ""


def user_phone(user: Any) -> str:
    return phone_of(user)


# Delivery across the platform (figures, failures, resending): administrators and committee.
DELIVERY_ROLES = frozenset({Role.ADMIN, Role.COMMITTEE})


def can_see_delivery(user: Any) -> bool:
    active = getattr(user, "is_authenticated", False) and user.is_active
    return bool(active) and user.role in DELIVERY_ROLES


def can_resend(user: Any) -> bool:
    return can_see_delivery(user)
