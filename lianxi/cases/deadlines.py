"""Which deadline applies to a case, and whose it is.

The deputy's deadline (`Case.deputy_due`, DEPUTY_ANSWER_WORKDAYS working days from acceptance,
decision 0008) applies while the case is in the deputy's hands, and still while a referral
waits to be signed for; once the lead department signs for the case, its referral's due date
applies and the department is the one who must act. Chasing (reminders, escalation, a
citizen pressing for an answer) follows `applicable(case)`; the task queries follow the same
rule in SQL (`applicable_due()`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Case as CaseWhen
from django.db.models import DateField, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from lianxi.cases.choices import ReferralRole, ReferralStatus, Status
from lianxi.cases.models import Case, Referral
from lianxi.cases.workflow import DEPUTY_TURN, SUPERVISED
from lianxi.core.workdays import add_workdays, workdays_between

DEPUTY, DEPARTMENT = "deputy", "department"


@dataclass(frozen=True)
class Deadline:
    due: date
    party: str  # DEPUTY or DEPARTMENT: who must act
    referral: Referral | None = None  # the signed lead referral, for DEPARTMENT

    def overdue_workdays(self, today: date | None = None) -> int:
        return workdays_between(self.due, today or timezone.localdate())


def deputy_due_from(day: date) -> date:
    return add_workdays(day, settings.DEPUTY_ANSWER_WORKDAYS)


def _signed_lead() -> Any:
    return Referral.objects.filter(
        case=OuterRef("pk"), role=ReferralRole.LEAD, status=ReferralStatus.ACCEPTED
    )


def applicable(case: Case) -> Deadline | None:
    """The deadline that applies to `case` now, or None (not in a supervised state)."""
    if case.status not in SUPERVISED:
        return None
    if case.status == Status.IN_PROGRESS:
        lead = (
            case.referrals.select_related("department")
            .filter(role=ReferralRole.LEAD, status=ReferralStatus.ACCEPTED)
            .first()
        )
        if lead is not None:
            return Deadline(lead.due_date, DEPARTMENT, lead)
    if case.deputy_due is None:
        return None
    return Deadline(case.deputy_due, DEPUTY)


def applicable_due() -> Any:
    """`applicable(case).due` as an expression, to annotate a queryset of cases."""
    signed_due = Subquery(_signed_lead().values("due_date")[:1], output_field=DateField())
    return CaseWhen(
        When(status=Status.IN_PROGRESS, then=Coalesce(signed_due, F("deputy_due"))),
        When(status__in=list(DEPUTY_TURN), then=F("deputy_due")),
        default=Value(None),
        output_field=DateField(),
    )
