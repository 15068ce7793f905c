"""The daily e-mail digest: the e-mails held for people who chose one e-mail a day go out as
one message per person each morning (from DIGEST_HOUR, local time). Held rows are folded into
a digest row in one transaction (their `provider_ref` names it), so a second run the same day
finds nothing to fold and sends nothing twice; the digest row is delivered like any other."""

from __future__ import annotations

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lianxi.notifications.models import Channel, OutboxMessage, Status
from lianxi.notifications.outbox import message, write

DIGEST_KIND = "notifications.digest"
DIGEST_HOUR = time(7, 0)


def member_ref(digest: OutboxMessage) -> str:
    return f"digest:{digest.pk}"


def members(digest: OutboxMessage) -> list[OutboxMessage]:
    """The notifications a digest row carries, oldest first."""
    return list(OutboxMessage.objects.filter(provider_ref=member_ref(digest)).order_by("id"))


def compose(now: datetime | None = None) -> int:
    """Fold each person's held e-mails into today's digest; how many digests were written."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.time() < DIGEST_HOUR:
        return 0
    held = OutboxMessage.objects.filter(
        channel=Channel.EMAIL, status=Status.HELD, user__isnull=False
    )
    written = 0
    for user_id in held.values_list("user_id", flat=True).distinct().order_by("user_id"):
        with transaction.atomic():
            rows = list(held.filter(user_id=user_id).select_for_update().order_by("id"))
            if not rows:
                continue
            key = f"digest:{user_id}:{local:%Y-%m-%d}"
            if OutboxMessage.objects.filter(dedupe_key=key).exists():
                continue  # today's digest is out: these wait for tomorrow's
            count = len(rows)
            subject = ngettext(
                "Your daily digest: %(n)d notification",
                "Your daily digest: %(n)d notifications",
                count,
            ) % {"n": count}
            text = "\n".join(f"- {row.body}" for row in rows)
            [digest] = write(
                [
                    message(
                        Channel.EMAIL,
                        text,
                        recipient=rows[-1].recipient,
                        user=rows[-1].user,
                        subject=subject,
                        dedupe_key=key,
                        kind=DIGEST_KIND,
                        family=rows[-1].family,
                    )
                ]
            )
            OutboxMessage.objects.filter(pk__in=[r.pk for r in rows]).update(
                status=Status.SENT, sent_at=now, provider_ref=member_ref(digest)
            )
            written += 1
    return written


def intro(count: int) -> str:
    return _("What happened for you since the last digest (%(n)d):") % {"n": count}
