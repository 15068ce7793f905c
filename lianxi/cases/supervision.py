"""Supervision of due dates (督办): reminders before a referral falls due and escalation of
overdue referrals to committee staff. Run by the periodic jobs in `tasks.py`; each step is an
audited action that is safe to repeat."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.choices import ReferralRole, ReferralStatus, Status
from lianxi.cases.models import CaseEvent, Referral
from lianxi.core.actions import action
from lianxi.core.events import announce

ACTIVE_REFERRAL = [ReferralStatus.PENDING, ReferralStatus.ACCEPTED]
ACTIVE_CASE = [Status.REFERRED, Status.IN_PROGRESS]


def _lead(referral_id: int) -> Referral | None:
    return (
        Referral.objects.select_related("case__deputy__user", "case__community", "department")
        .filter(
            pk=referral_id,
            role=ReferralRole.LEAD,
            status__in=ACTIVE_REFERRAL,
            case__status__in=ACTIVE_CASE,
        )
        .first()
    )


@action("cases.remind_due")
def remind_due_referral(actor: Any, *, referral_id: int) -> bool:
    """Remind the lead department's handlers and the deputy; at most once a day per referral."""
    today = timezone.localdate()
    referral = _lead(referral_id)
    if referral is None:
        log(actor, "cases.remind_due", None, {"referral": referral_id, "skipped": "closed"})
        return False
    claimed = (
        Referral.objects.filter(pk=referral.pk)
        .filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today))
        .update(last_reminded_on=today)
    )
    if claimed != 1:
        log(actor, "cases.remind_due", referral.case, {"skipped": "already today"})
        return False
    case = referral.case
    log(actor, "cases.remind_due", case, {"referral": referral.pk})
    announce("cases.remind_due", referral, actor)
    return True


@action("cases.escalate")
def escalate_referral(actor: Any, *, referral_id: int) -> bool:
    """Mark an overdue lead referral as escalated (督办), note it and tell committee staff."""
    referral = _lead(referral_id)
    today = timezone.localdate()
    if referral is None or referral.due_date >= today:
        log(actor, "cases.escalate", None, {"referral": referral_id, "skipped": "not overdue"})
        return False
    now = timezone.now()
    claimed = Referral.objects.filter(pk=referral.pk, escalated_at__isnull=True).update(
        escalated_at=now
    )
    if claimed != 1:
        log(actor, "cases.escalate", referral.case, {"skipped": "already escalated"})
        return False
    case = referral.case
    CaseEvent.objects.create(
        case=case,
        at=now,
        step="escalated",
        public=False,
        text=_("Overdue since %(due)s: escalated to committee staff (督办).")
        % {"due": referral.due_date},
        data={"department": referral.department.name, "referral": referral.pk},
    )
    log(actor, "cases.escalate", case, {"referral": referral.pk})
    announce("cases.escalate", referral, actor)
    return True
