"""Supervision of deadlines (督办): reminders before and after the applicable deadline falls due
(lianxi/cases/deadlines.py), told to the one who must act, and escalation to committee staff
once a case is more than ESCALATE_AFTER_WORKDAYS working days overdue. Run by the periodic jobs
in `tasks.py`; each step is an audited action that is safe to repeat."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.deadlines import SUPERVISED, Deadline, applicable
from lianxi.cases.models import Case, CaseEvent
from lianxi.core.actions import action
from lianxi.core.events import announce
from lianxi.core.workdays import add_workdays

REMIND_WORKDAYS = 2


def _case(case_id: int) -> Case | None:
    return (
        Case.objects.select_related("deputy__user", "community", "station__area")
        .filter(pk=case_id, status__in=list(SUPERVISED))
        .first()
    )


def _claim_today(case: Case) -> bool:
    """At most one reminder a day per case, whoever runs the job."""
    today = timezone.localdate()
    return (
        Case.objects.filter(pk=case.pk)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .update(reminded_on=today)
        == 1
    )


def _remind(actor: Any, name: str, case_id: int, fits: Any) -> bool:
    case = _case(case_id)
    deadline = applicable(case) if case is not None else None
    if case is None or deadline is None or not fits(deadline):
        log(actor, name, None, {"case": case_id, "skipped": "not due"})
        return False
    if not _claim_today(case):
        log(actor, name, case, {"skipped": "already today"})
        return False
    log(actor, name, case, {"due": str(deadline.due), "party": deadline.party})
    announce(name, case, actor, deadline=deadline)
    return True


@action("cases.remind_due")
def remind_due(actor: Any, *, case_id: int) -> bool:
    """The deadline falls within REMIND_WORKDAYS working days: remind the one who must act."""
    today = timezone.localdate()
    horizon = add_workdays(today, REMIND_WORKDAYS)
    return _remind(actor, "cases.remind_due", case_id, lambda d: today <= d.due <= horizon)


@action("cases.remind_overdue")
def remind_overdue(actor: Any, *, case_id: int) -> bool:
    """The deadline has passed: remind the one who must act, once a day until it moves on."""
    today = timezone.localdate()
    return _remind(actor, "cases.remind_overdue", case_id, lambda d: d.due < today)


def beyond_threshold(deadline: Deadline) -> bool:
    return deadline.overdue_workdays() > settings.ESCALATE_AFTER_WORKDAYS


@action("cases.escalate")
def escalate(actor: Any, *, case_id: int) -> bool:
    """Escalate a case overdue beyond the threshold to committee staff (督办), once."""
    case = _case(case_id)
    deadline = applicable(case) if case is not None else None
    if case is None or deadline is None or not beyond_threshold(deadline):
        log(actor, "cases.escalate", None, {"case": case_id, "skipped": "not overdue"})
        return False
    now = timezone.now()
    if Case.objects.filter(pk=case.pk, escalated_at__isnull=True).update(escalated_at=now) != 1:
        log(actor, "cases.escalate", case, {"skipped": "already escalated"})
        return False
    case.escalated_at = now
    who = deadline.referral.department.name if deadline.referral else case.deputy
    CaseEvent.objects.create(
        case=case,
        at=now,
        step="escalated",
        public=False,
        text=_("Overdue since %(due)s: escalated to committee staff (督办).")
        % {"due": deadline.due},
        data={"party": deadline.party, "who": str(who or "")},
    )
    log(actor, "cases.escalate", case, {"due": str(deadline.due), "party": deadline.party})
    announce("cases.escalate", case, actor, deadline=deadline)
    return True
