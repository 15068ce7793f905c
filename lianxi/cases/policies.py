"""Who may take which step on a case (one policy for the Case model)."""

from __future__ import annotations

from typing import Any

from lianxi.cases.choices import ReferralStatus
from lianxi.cases.models import Case, Referral
from lianxi.core.choices import Role

TRIAGE_STEPS = frozenset(
    {"accept", "decline", "merge", "unmerge", "reassign", "reroute", "publish"}
)
DEPUTY_STEPS = frozenset({"reply", "refer", "report_back", "disclose"})
DEPARTMENT_STEPS = frozenset({"dept_accept", "dept_return", "dept_answer"})
CITIZEN_STEPS = frozenset({"rate", "reopen", "chase"})


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_see(user: Any, case: Case) -> bool:
    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


def lead_referral_for(user: Any, case: Case) -> Referral | None:
    """The open lead referral of `case` held by one of the user's departments."""
    if not _active(user) or user.role != Role.DEPARTMENT:
        return None
    return (
        case.referrals.filter(
            role="lead",
            department__handlers=user,
            status__in=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED],
        )
        .select_related("department")
        .first()
    )


def can_step(user: Any, case: Case, step: str) -> bool:
    if not _active(user):
        return False
    role = user.role
    if step in TRIAGE_STEPS:
        return role == Role.ADMIN or (role == Role.COMMITTEE and can_see(user, case))
    if step in DEPUTY_STEPS:
        return role == Role.DEPUTY and case.deputy is not None and case.deputy.user_id == user.pk
    if step in DEPARTMENT_STEPS:
        return lead_referral_for(user, case) is not None
    if step in CITIZEN_STEPS:
        return role == Role.CITIZEN and case.citizen_id == user.pk
    if step == "note":
        return role != Role.CITIZEN and can_see(user, case)
    if step == "appeal_rating":  # the department that answered it (lianxi/cases/appeals.py)
        return (
            role == Role.DEPARTMENT
            and case.referrals.filter(
                role="lead", status=ReferralStatus.ANSWERED, department__handlers=user
            ).exists()
        )
    if step == "decide_appeal":
        return role == Role.ADMIN or (role == Role.COMMITTEE and can_see(user, case))
    return False


def can_see_contact(user: Any, case: Case) -> bool:
    """Need to know: may reveal the citizen's name, phone and address (one at a time, with a
    reason, audited: lianxi/cases/reveal.py) and reads phone and ID numbers typed into the
    case's text in clear. The case's deputy, the staff of its station and the committee staff
    of its jurisdiction; a department's handlers while their unit works on it (pending or
    accepted) and only after the deputy disclosed the contact to it; the citizen for their own
    case. Not administrators (they run the system, not cases), other deputies or other units."""
    return can_see(user, case) and case.pk in contact_visible_ids(user, [case])


# A department needs the contact only while its unit works on the case.
WORKING = (ReferralStatus.PENDING, ReferralStatus.ACCEPTED)


def contact_visible_ids(user: Any, cases: list[Case]) -> set[int]:
    """Of `cases` (already visible to `user`), those the user needs to know, in at most one
    query for a whole page."""
    if not cases or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    role = user.role
    ids = {c.pk for c in cases}
    if role in {Role.COMMITTEE, Role.STATION_STAFF}:
        return ids
    if role == Role.DEPUTY:
        return {c.pk for c in cases if c.deputy is not None and c.deputy.user_id == user.pk}
    if role == Role.CITIZEN:
        return {c.pk for c in cases if c.citizen_id == user.pk}
    if role == Role.DEPARTMENT:
        return set(
            Referral.objects.filter(
                case_id__in=ids,
                department__handlers=user,
                contact_disclosed=True,
                status__in=WORKING,
            ).values_list("case_id", flat=True)
        )
    return set()
