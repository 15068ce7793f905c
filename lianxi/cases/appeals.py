"""A department appeals the citizen's rating of its result (B7): it gives its reason, committee
staff of the case's area uphold or reject it with theirs. Upheld, the department's rating is set
aside (`Rating.department_rating_void`) and leaves the statistics; the rating itself stays on
the case. Each step is audited and told (lianxi/notifications/rules/holes.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.cases.choices import ReferralRole, ReferralStatus, Satisfaction
from lianxi.cases.models import AppealStatus, Case, CaseEvent, Rating, RatingAppeal, Referral
from lianxi.cases.policies import can_see
from lianxi.core.actions import action
from lianxi.core.choices import Role
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.core.events import announce

APPEAL_WINDOW_DAYS = 15
APPEALABLE = frozenset({Satisfaction.UNSATISFIED, Satisfaction.BASIC})


def _reason(text: str, field: str = "reason") -> str:
    text = (text or "").strip()
    if not 10 <= len(text) <= 2000:
        raise InvalidInput(_("Give the reason in 10 to 2,000 characters."), field=field)
    return text


def appealing_referral(user: Any, case: Case) -> Referral | None:
    """The answered lead referral of `case` held by one of the user's departments."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.DEPARTMENT:
        return None
    return (
        case.referrals.filter(
            role=ReferralRole.LEAD, status=ReferralStatus.ANSWERED, department__handlers=user
        )
        .select_related("department")
        .first()
    )


def appealable_rating(case: Case) -> Rating | None:
    """The case's latest rating, if its department part may still be appealed."""
    rating = case.ratings.order_by("-round").first()
    if rating is None or rating.department_rating not in APPEALABLE:
        return None
    if rating.rated_at < timezone.now() - timedelta(days=APPEAL_WINDOW_DAYS):
        return None
    if RatingAppeal.objects.filter(rating=rating).exists():
        return None
    return rating


def can_decide(user: Any, case: Case) -> bool:
    role = getattr(user, "role", "")
    return bool(
        getattr(user, "is_active", False)
        and (role == Role.ADMIN or (role == Role.COMMITTEE and can_see(user, case)))
    )


def _event(case: Case, actor: Any, step: str, text: str, *, public: bool) -> None:
    CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor,
        actor_label=str(actor.get_role_display()),
        step=step,
        public=public,
        text=text,
    )


@action("cases.appeal_rating")
def appeal_rating(actor: Any, *, case: Case, reason: str) -> RatingAppeal:
    referral = appealing_referral(actor, case)
    if referral is None:
        raise NotAllowed(_("Only the department that answered this case may appeal its rating."))
    reason = _reason(reason)
    rating = appealable_rating(case)
    if rating is None:
        raise IllegalTransition(
            _(
                "There is no rating to appeal: only a rating below satisfied, once, "
                "within %(days)d days."
            )
            % {"days": APPEAL_WINDOW_DAYS}
        )
    try:
        with transaction.atomic():
            appeal = RatingAppeal.objects.create(
                rating=rating,
                case=case,
                department=referral.department,
                reason=reason,
                filed_by=actor,
                filed_at=timezone.now(),
            )
    except IntegrityError:  # another handler appealed it just now
        raise IllegalTransition(_("This rating has already been appealed.")) from None
    _event(case, actor, "rating_appealed", reason, public=False)
    log(actor, "cases.appeal_rating", case, {"appeal": appeal.pk, "rating": rating.pk})
    announce(
        "cases.appeal_rating", case, actor, step="rating_appealed", public=False,
        department=referral.department, reason=reason,
    )  # fmt: skip
    return appeal


@action("cases.decide_appeal")
def decide_appeal(actor: Any, *, appeal: RatingAppeal, uphold: bool, reason: str) -> RatingAppeal:
    case = appeal.case
    if not can_decide(actor, case):
        raise NotAllowed(_("Only committee staff of the case's area decide an appeal."))
    reason = (reason or "").strip()
    if not uphold or reason:
        reason = _reason(reason)
    status = AppealStatus.UPHELD if uphold else AppealStatus.REJECTED
    updated = RatingAppeal.objects.filter(pk=appeal.pk, status=AppealStatus.PENDING).update(
        status=status, decided_by=actor, decided_at=timezone.now(), decision_reason=reason
    )
    if updated != 1:
        raise IllegalTransition(_("This appeal has already been decided."))
    if uphold:
        Rating.objects.filter(pk=appeal.rating_id).update(department_rating_void=True)
    appeal.refresh_from_db()
    step = "appeal_upheld" if uphold else "appeal_rejected"
    _event(case, actor, step, reason, public=True)
    log(actor, "cases.decide_appeal", case, {"appeal": appeal.pk, "decision": status})
    announce(
        "cases.decide_appeal", case, actor, step=step, public=True,
        department=appeal.department, reason=reason, decision=status,
    )  # fmt: skip
    return appeal


def pending_appeal(case: Case) -> RatingAppeal | None:
    return (
        RatingAppeal.objects.filter(case=case, status=AppealStatus.PENDING)
        .select_related("department", "rating", "case")
        .first()
    )


def decide_pending(actor: Any, case: Case, *, uphold: bool, reason: str) -> RatingAppeal:
    """Decide the case's pending appeal (the pages and the API name the case, not the appeal)."""
    appeal = pending_appeal(case)
    if appeal is None:
        if not can_decide(actor, case):
            raise NotAllowed(_("Only committee staff of the case's area decide an appeal."))
        raise IllegalTransition(_("This case has no appeal waiting for a decision."))
    return decide_appeal(actor, appeal=appeal, uphold=uphold, reason=reason)
