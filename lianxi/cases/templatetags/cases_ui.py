"""Template helpers of the case ledger: readable timeline steps and a deputy's answer rate."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from lianxi.cases.choices import Outcome
from lianxi.cases.stats import answer_stats
from lianxi.directory.models import Deputy

register = template.Library()

STEP_LABELS: dict[str, Any] = {
    "submitted": _("Submitted"),
    "accepted": _("Accepted"),
    "declined": _("Declined"),
    "merged": _("Merged into another case"),
    "absorbed": _("Another case merged into this one"),
    "unmerged": _("Merge undone: handled on its own again"),
    "unabsorbed": _("A case merged into this one was taken out again"),
    "reassigned": _("Reassigned"),
    "replied": _("The deputy replied"),
    "referred": _("Referred to a department"),
    "disclosed": _("Contact disclosed to the department"),
    "dept_accepted": _("The department accepted it"),
    "dept_returned": _("The department returned it"),
    "dept_answered": _("The department answered"),
    "reported": _("The deputy reported back"),
    "rated": _("Rated"),
    "reopened": _("Reopened"),
    "chased": _("The citizen pressed for an answer"),
    "closed_unrated": _("Closed without rating"),
    "note": _("Internal note"),
    "escalated": _("Escalated (督办)"),
    "published": _("Published"),
    "unpublished": _("Withdrawn from publication"),
    "publication_held": _("Publication held"),
    "rating_appealed": _("The department appealed the rating"),
    "appeal_upheld": _("Appeal upheld: the department's rating is set aside"),
    "appeal_rejected": _("Appeal rejected: the rating stands"),
    "proposal": _("Answered through a deputy's suggestion"),
}


@register.filter
def step_label(step: str) -> Any:
    return STEP_LABELS.get(step, step)


@register.filter
def answer_due(case: Any) -> Any:
    """The date the case's answer is due now: the deputy's deadline until the department signs
    for it, then the department's (deadlines.applicable); else the case's answer due, if any."""
    from lianxi.cases.deadlines import applicable

    deadline = applicable(case)
    return deadline.due if deadline is not None else case.due_date


@register.filter
def outcome_label(code: str) -> Any:
    """The outcome a `rated` step closed the case with (kept in the event's data)."""
    return dict(Outcome.choices).get(code or "", "")


@register.inclusion_tag("cases/published/_deputy_stats.html")
def deputy_answer_stats(deputy: Deputy) -> dict[str, Any]:
    """`{% load cases_ui %}{% deputy_answer_stats deputy %}` on a deputy's public page."""
    stats = answer_stats(deputy)
    share = stats["answered_in_time_share"]
    return {"stats": stats, "percent": None if share is None else round(share * 100)}
