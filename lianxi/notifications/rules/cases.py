"""Who hears of each step of a case (lianxi/cases/actions.py, publish.py, supervision.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxi.core.choices import Role
from lianxi.core.events import Announcement
from lianxi.lib.masking import mask_text
from lianxi.notifications.models import Family
from lianxi.notifications.recipients import (
    citizen_of,
    committee_of,
    deputy_of,
    handlers_of,
    lead_handlers,
)
from lianxi.notifications.rules import Rule

SITE = "人大代表联络平台"
CASES = Family.CASES


def staff_url(event: Announcement) -> str:
    return f"/work/cases/{event.target.pk}/"


def citizen_url(event: Announcement) -> str:
    case = event.target
    return f"/cases/mine/{case.pk}/" if case.citizen_id else "/cases/track/"


def step_key(event: Announcement) -> str:
    """Once per step: the case's version moves with every step."""
    return f"{event.action}:{event.target.pk}:{event.target.version}"


def case_params(event: Announcement) -> dict[str, Any]:
    case = event.target
    deputy = event.get("deputy") or case.deputy
    lead = event.get("lead") or event.get("department")
    return {
        "site": SITE,
        "number": case.tracking_number,
        "title": mask_text(case.title),  # messages and e-mails hold no typed-in numbers
        "deputy": deputy.name if deputy is not None else "",
        "dept": lead.name if lead is not None else "",
        "due": case.due_date or "",
        "reason": mask_text(event.get("reason") or ""),
        "into": event["into"].tracking_number if event.get("into") else "",
        "explanation": event["rule"].explanation if event.get("rule") else "",
        "result": event.get("result_class", ""),
    }


def departments_referred(event: Announcement) -> list[Any]:
    return handlers_of([event["lead"], *event.get("co", [])])


def unsatisfied(event: Announcement) -> bool:
    return "unsatisfied" in {event.get("deputy_rating"), event.get("department_rating")}


def _citizen(action: str, template: Any, *, when: Any = None) -> Rule:
    return Rule(
        action=action,
        who=_("the citizen"),
        role=Role.CITIZEN,
        family=CASES,
        template=template,
        params=case_params,
        recipients=lambda e: citizen_of(e.target),
        url=citizen_url,
        key=step_key,
        **({"when": when} if when else {}),
    )


def _staff(action: str, who: Any, role: str, recipients: Any, template: Any, **extra: Any) -> Rule:
    return Rule(
        action=action,
        who=who,
        role=role,
        family=CASES,
        template=template,
        params=extra.pop("params", case_params),
        recipients=recipients,
        url=extra.pop("url", staff_url),
        key=extra.pop("key", step_key),
        **extra,
    )


def _deputy(action: str, template: Any, **extra: Any) -> Rule:
    return _staff(
        action,
        _("the case's deputy"),
        Role.DEPUTY,
        lambda e: deputy_of(e.target),
        template,
        **extra,
    )


def _committee(action: str, template: Any, **extra: Any) -> Rule:
    return _staff(
        action,
        _("committee staff of the case's area"),
        Role.COMMITTEE,
        lambda e: committee_of(e.target),
        template,
        **extra,
    )


def must_act(event: Announcement) -> list[Any]:
    """The party of the applicable deadline: the deputy, or the signed lead department."""
    deadline = event["deadline"]
    if deadline.referral is not None:
        return handlers_of([deadline.referral.department])
    return deputy_of(event.target)


def deadline_params(event: Announcement) -> dict[str, Any]:
    deadline = event["deadline"]
    party: Any
    if deadline.referral is not None:
        dept = deadline.referral.department.name
        party = _("%(dept)s must answer") % {"dept": dept}
    else:
        dept = ""
        party = _("the deputy must answer or refer")
    return case_params(event) | {"due": deadline.due, "dept": dept, "party": party}


def daily_key(event: Announcement) -> str:
    return f"{event.action}:{event.target.pk}:{timezone.localdate().isoformat()}"


RULES = [
    # Intake
    _citizen(
        "cases.submit",
        _("[%(site)s] Your matter %(number)s: received; keep your query code to follow it."),
    ),
    _committee(
        "cases.submit",
        _("New matter %(number)s “%(title)s” is waiting for triage: accept it or decline it."),
        key=lambda e: f"triage:{e.target.pk}",
    ),
    # Triage
    _citizen(
        "cases.accept",
        _("[%(site)s] Your matter %(number)s: accepted and passed to deputy %(deputy)s."),
    ),
    _deputy(
        "cases.accept",
        _(
            "Matter %(number)s “%(title)s” is assigned to you: answer it or refer it to a department."
        ),
    ),
    _citizen(
        "cases.decline",
        _("[%(site)s] Your matter %(number)s: not accepted: %(explanation)s"),
    ),
    _citizen(
        "cases.merge",
        _(
            "[%(site)s] Your matter %(number)s: merged with matter %(into)s; you will hear how "
            "that one ends."
        ),
    ),
    _citizen(
        "cases.unmerge",
        _(
            "[%(site)s] Your matter %(number)s is no longer merged with another: it is handled "
            "on its own again (%(reason)s)."
        ),
    ),
    _deputy(
        "cases.reassign",
        _(
            "Matter %(number)s “%(title)s” is assigned to you: answer it or refer it to a department."
        ),
    ),
    # The deputy
    _citizen(
        "cases.reply",
        _(
            "[%(site)s] Your matter %(number)s: your deputy has answered. Please rate the "
            "handling within 7 days."
        ),
    ),
    _citizen(
        "cases.refer",
        _("[%(site)s] Your matter %(number)s: referred to %(dept)s, answer due by %(due)s."),
    ),
    _staff(
        "cases.refer",
        _("the handlers of the departments it is referred to"),
        Role.DEPARTMENT,
        departments_referred,
        _("Matter %(number)s “%(title)s” is referred to your unit: sign for it or return it."),
    ),
    _staff(
        "cases.reroute",
        _("the handlers of the departments it is referred to"),
        Role.DEPARTMENT,
        departments_referred,
        _("Matter %(number)s “%(title)s” is referred to your unit: sign for it or return it."),
    ),
    _citizen(
        "cases.report_back",
        _(
            "[%(site)s] Your matter %(number)s: your deputy has reported back. Please rate the "
            "handling within 7 days."
        ),
    ),
    # The department
    _committee(
        "cases.dept_return",
        _("Matter %(number)s “%(title)s” was returned by %(dept)s: refer it elsewhere."),
    ),
    _deputy(
        "cases.dept_return",
        _("Matter %(number)s “%(title)s” was returned by %(dept)s: refer it elsewhere."),
    ),
    _deputy(
        "cases.dept_answer",
        _(
            "%(dept)s has answered matter %(number)s “%(title)s”: review the answer and report "
            "back to the citizen."
        ),
    ),
    # The citizen
    _deputy(
        "cases.rate",
        _("The citizen is not satisfied with matter %(number)s “%(title)s”: see the rating."),
        when=unsatisfied,
    ),
    _staff(
        "cases.rate",
        _("the lead department's handlers"),
        Role.DEPARTMENT,
        lambda e: lead_handlers(e.target, ("answered",)),
        _("The citizen is not satisfied with matter %(number)s “%(title)s”: see the rating."),
        when=lambda e: e.get("department_rating") == "unsatisfied",
    ),
    _deputy(
        "cases.reopen",
        _("The citizen reopened matter %(number)s “%(title)s”: %(reason)s"),
    ),
    _staff(
        "cases.reopen",
        _("the lead department's handlers"),
        Role.DEPARTMENT,
        lambda e: lead_handlers(e.target, ("answered",)),
        _("The citizen reopened matter %(number)s “%(title)s”: %(reason)s"),
    ),
    _deputy(
        "cases.chase",
        _("The citizen is pressing for the overdue answer to matter %(number)s “%(title)s”."),
        key=lambda e: f"chase:{e.target.pk}:{timezone.localdate().isoformat()}",
    ),
    _staff(
        "cases.chase",
        _("the lead department's handlers"),
        Role.DEPARTMENT,
        lambda e: lead_handlers(e.target),
        _("The citizen is pressing for the overdue answer to matter %(number)s “%(title)s”."),
        key=lambda e: f"chase:{e.target.pk}:{timezone.localdate().isoformat()}",
    ),
    # Deadlines (lianxi/cases/supervision.py): the target is the case, `deadline` the one that
    # applies (lianxi/cases/deadlines.py); the one who must act is told.
    _staff(
        "cases.remind_due",
        _("the one who must act: the deputy, or the department once it signed for the case"),
        Role.DEPUTY,
        must_act,
        _("The answer to matter %(number)s “%(title)s” is due on %(due)s (%(party)s)."),
        params=deadline_params,
        key=daily_key,
    ),
    _staff(
        "cases.remind_overdue",
        _("the one who must act: the deputy, or the department once it signed for the case"),
        Role.DEPUTY,
        must_act,
        _(
            "The answer to matter %(number)s “%(title)s” was due on %(due)s (%(party)s): answer it now."
        ),
        params=deadline_params,
        key=daily_key,
    ),
    _committee(
        "cases.escalate",
        _(
            "Matter %(number)s “%(title)s” is overdue since %(due)s (%(party)s) and is now "
            "escalated (督办): press for an answer."
        ),
        params=deadline_params,
        key=lambda e: f"escalate:{e.target.pk}",
    ),
    _staff(
        "cases.escalate",
        _("the one who must act: the deputy, or the department once it signed for the case"),
        Role.DEPUTY,
        must_act,
        _(
            "Matter %(number)s “%(title)s” is overdue since %(due)s and committee staff now "
            "supervise it (督办): answer it at once."
        ),
        params=deadline_params,
        key=lambda e: f"escalate:{e.target.pk}",
    ),
]
