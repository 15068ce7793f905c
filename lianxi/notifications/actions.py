"""What a person does with their own notifications.

Marking read is not audited (docs/decisions/0007-notification-reads-not-audited.md): it
changes only what the reader's own list highlights, so these two are plain functions, each
one UPDATE limited to the reader's inbox. Saving preferences decides what reaches a person
outside the platform, so it is an audited action."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.notifications.models import (
    Channel,
    Family,
    OutboxMessage,
    Preference,
    Settings,
    Status,
)
from lianxi.notifications.outbox import schedule
from lianxi.notifications.policies import (
    CHOOSABLE,
    allowed_channels,
    can_resend,
    email_of,
    families_for,
    user_phone,
    why_not,
)
from lianxi.notifications.send import default_on


def mark_read(actor: Any, *, message: OutboxMessage) -> bool:
    """Mark one of the actor's notifications read; True if it was unread."""
    changed = (
        OutboxMessage.objects.inbox(actor)
        .unread()
        .filter(pk=message.pk)
        .update(read_at=timezone.now())
    )
    return changed == 1


def mark_all_read(actor: Any, *, family: str = "") -> int:
    """Mark all the actor's unread notifications (of one kind, if given) read; how many."""
    qs = OutboxMessage.objects.inbox(actor).unread()
    if family:
        qs = qs.filter(family=family)
    return qs.update(read_at=timezone.now())


def _check(actor: Any, choices: Mapping[tuple[str, str], bool], email_digest: bool | None) -> None:
    mine = set(families_for(actor))
    allowed = allowed_channels()
    phone = user_phone(actor)
    for (family, channel), enabled in choices.items():
        field = f"{family}__{channel}"
        if family not in mine or channel not in CHOOSABLE:
            raise InvalidInput(_("This kind of notification cannot be chosen here."), field=field)
        reason = why_not(actor, family, channel, allowed, phone)
        if enabled and reason:
            label = Family(family).label
            raise InvalidInput(
                _("%(kind)s by %(channel)s: %(reason)s")
                % {"kind": label, "channel": Channel(channel).label, "reason": reason},
                field=field,
            )
    if email_digest and not email_of(actor):
        raise InvalidInput(
            _("The daily digest needs an e-mail address on your account."),
            field="email_digest",
        )


@action("notifications.save_preferences")
def save_preferences(
    actor: Any,
    *,
    choices: Mapping[tuple[str, str], bool],
    quiet_hours: bool | None = None,
    email_digest: bool | None = None,
) -> Settings:
    """Set the actor's channels per kind (`choices`: (kind, channel) → on), quiet hours and
    the digest; what is not given stays as it was. A choice equal to the role's default is
    not stored, so the person follows the default until they choose otherwise."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Sign in to choose your notifications."))
    _check(actor, choices, email_digest)
    stored = {
        (p.family, p.channel): p
        for p in Preference.objects.filter(user=actor, channel__in=CHOOSABLE)
    }
    changed: list[str] = []
    for (family, channel), enabled in sorted(choices.items()):
        row = stored.get((family, channel))
        before = row.enabled if row is not None else default_on(actor.role, family, channel)
        if enabled == default_on(actor.role, family, channel):
            if row is not None:
                row.delete()
        elif row is None:
            Preference.objects.create(user=actor, family=family, channel=channel, enabled=enabled)
        elif row.enabled != enabled:
            row.enabled = enabled
            row.save(update_fields=["enabled"])
        if before != enabled:
            changed.append(f"{family}:{channel}:{'on' if enabled else 'off'}")
    settings, _created = Settings.objects.get_or_create(user=actor)
    fields = []
    if quiet_hours is not None and settings.quiet_hours != quiet_hours:
        settings.quiet_hours = quiet_hours
        fields.append("quiet_hours")
    if email_digest is not None and settings.email_digest != email_digest:
        settings.email_digest = email_digest
        fields.append("email_digest")
    if fields:
        settings.save(update_fields=fields)
    log(
        actor,
        "notifications.save_preferences",
        actor,
        {
            "changed": changed,
            "quiet_hours": settings.quiet_hours,
            "email_digest": settings.email_digest,
        },
    )
    return settings


@action("notifications.resend_failed")
def resend_failed(actor: Any, *, channel: str = "") -> int:
    """Queue every failed message (of one channel, if given) again, with a fresh count of
    attempts; the reason of the last failure stays until it is sent. `actor` None is the
    `resend_failed` command. How many were queued."""
    if actor is not None and not can_resend(actor):
        raise NotAllowed(_("Only administrators and committee staff may resend messages."))
    if channel and channel not in CHOOSABLE:
        raise InvalidInput(_("Choose text messages or e-mail."), field="channel")
    failed = OutboxMessage.objects.filter(status=Status.FAILED).exclude(channel=Channel.INAPP)
    if channel:
        failed = failed.filter(channel=channel)
    ids = sorted(failed.values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids, status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, not_before=None, claimed_at=None
    )
    schedule(ids, None)
    log(actor, "notifications.resend_failed", None, {"channel": channel, "count": len(ids)})
    return len(ids)
