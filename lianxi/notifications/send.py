"""The one way to tell people something: `notify()` writes, inside the caller's transaction,
the in-app notification and the outbox rows each recipient's preferences ask for. Delivery
happens after commit (lianxi/notifications/tasks.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from lianxi.core.choices import Role
from lianxi.lib.crypto import keyed_hash
from lianxi.notifications.models import Channel, ChannelPolicy, Family, Preference, Settings
from lianxi.notifications.outbox import message, write

QUIET_START, QUIET_END = time(22, 0), time(8, 0)

# What each role gets by default, per channel, besides in-app (always on for an account).
STAFF = {Role.DEPUTY, Role.STATION_STAFF, Role.DEPARTMENT, Role.COMMITTEE, Role.ADMIN}
DEFAULT_SMS: dict[str, set[str]] = {
    Family.CASES: {Role.CITIZEN, Role.DEPUTY},
    Family.LIAISON: {Role.CITIZEN, Role.DEPUTY},
    Family.COMMITTEE: {Role.DEPUTY},
    Family.FOLLOWS: {Role.CITIZEN},
    Family.ACCOUNT: {Role.CITIZEN, *STAFF},
    Family.LEGISLATION: {Role.CITIZEN, Role.DEPUTY},
    Family.PERFORMANCE: set(),
    Family.POLLS: {Role.CITIZEN},
}
DEFAULT_EMAIL: dict[str, set[str]] = {family: set(STAFF) for family in Family.values}


@dataclass(frozen=True)
class Recipient:
    """An account, or a phone number of someone without one (a case's contact, a follower)."""

    user: Any = None
    phone: str = ""

    @property
    def key(self) -> str:
        if self.user is not None:
            return f"u{self.user.pk}"
        return "p" + keyed_hash(self.phone, "notify")[:16]


def phone_of(user: Any) -> str:
    """An account's mobile: its own, or (a deputy's account) the deputy's on file."""
    if user is None:
        return ""
    if user.phone:
        return str(user.phone)
    deputy = getattr(user, "deputy", None) if user.role == Role.DEPUTY else None
    return str(deputy.phone) if deputy is not None and deputy.phone else ""


def as_recipient(who: Any) -> Recipient:
    return who if isinstance(who, Recipient) else Recipient(user=who)


@dataclass(frozen=True)
class Choices:
    """One person's channels for one kind, resolved from defaults, policy and preferences."""

    sms: bool
    email: bool
    digest: bool
    quiet: bool


def _allowed() -> dict[tuple[str, str], bool]:
    return {(p.family, p.channel): p.allowed for p in ChannelPolicy.objects.all()}


def _preferences(user_ids: list[int], family: str) -> dict[tuple[int, str], bool]:
    rows = Preference.objects.filter(user_id__in=user_ids, family=family)
    return {(p.user_id, p.channel): p.enabled for p in rows}


def _settings(user_ids: list[int]) -> dict[int, Settings]:
    return {s.user_id: s for s in Settings.objects.filter(user_id__in=user_ids)}


def default_on(role: str, family: str, channel: str) -> bool:
    table = DEFAULT_SMS if channel == Channel.SMS else DEFAULT_EMAIL
    return role in table.get(family, set())


def quiet_until(moment: datetime) -> datetime | None:
    """The end of the quiet hours `moment` falls in (local time), or None outside them."""
    local = timezone.localtime(moment)
    if QUIET_END <= local.time() < QUIET_START:
        return None
    day = local.date() if local.time() < QUIET_END else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, QUIET_END))


def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    family: str,
    text: str,
    key: str,
    url: str = "",
    subject: str = "",
    urgent: bool = False,
    channels: Iterable[str] | None = None,
) -> int:
    """Queue `text` for each recipient (users or `Recipient`s), once per `key`: in-app for an
    account, then SMS and e-mail as preferences allow (a phone-only recipient gets SMS).
    `urgent` messages (sign-in codes) ignore quiet hours, the digest, preferences and the
    committee's switch for SMS. `channels` limits the
    channels used. Returns the number of rows written or found."""
    people = list(dict.fromkeys(as_recipient(r) for r in recipients))
    if not people:
        return 0
    only = set(channels) if channels is not None else None
    users = [p.user for p in people if p.user is not None]
    ids = [u.pk for u in users]
    allowed = _allowed()
    prefs = _preferences(ids, family)
    settings_of = _settings(ids)
    now = timezone.now()
    hold = None if urgent else quiet_until(now)
    written = 0
    rows: list[Any] = []
    for person in people:
        base = f"{key}:{person.key}"
        user = person.user
        if user is not None and not user.is_active:
            continue

        def wants(channel: str, person_user: Any = user) -> bool:
            if only is not None and channel not in only:
                return False
            if urgent and channel == Channel.SMS:
                return True  # sign-in codes always go by SMS
            if not allowed.get((family, channel), True):
                return False
            if person_user is None:
                return channel == Channel.SMS
            chosen = prefs.get((person_user.pk, channel))
            return chosen if chosen is not None else default_on(person_user.role, family, channel)

        if user is not None and (only is None or Channel.INAPP in only):
            rows.append(
                message(
                    Channel.INAPP,
                    text,
                    user=user,
                    subject=subject,
                    dedupe_key=f"{base}:app",
                    kind=kind,
                    family=family,
                    url=url,
                )
            )
            written += 1
        phone = person.phone or phone_of(user)
        if phone and wants(Channel.SMS):
            mine = settings_of.get(user.pk) if user is not None else None
            quiet = mine.quiet_hours if mine is not None else True
            rows.append(
                message(
                    Channel.SMS,
                    text,
                    recipient=phone,
                    user=user,
                    dedupe_key=f"{base}:sms",
                    kind=kind,
                    family=family,
                    url=url,
                    not_before=hold if quiet else None,
                )
            )
            written += 1
        email = getattr(user, "email", "") if user is not None else ""
        if email and wants(Channel.EMAIL):
            mine = settings_of.get(user.pk)
            rows.append(
                message(
                    Channel.EMAIL,
                    text,
                    recipient=email,
                    user=user,
                    subject=subject or text[:60],
                    dedupe_key=f"{base}:email",
                    kind=kind,
                    family=family,
                    url=url,
                    digest=bool(mine and mine.email_digest) and not urgent,
                )
            )
            written += 1
    write(rows, fetch=False)
    return written
