from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    OPINION = "opinion", _("Opinion")
    SUGGESTION = "suggestion", _("Suggestion")
    COMPLAINT = "complaint", _("Complaint")
    HELP = "help", _("Request for help")
    INQUIRY = "inquiry", _("Inquiry")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    STATION = "station", _("At a liaison station")
    DEPUTY = "deputy", _("Heard by a deputy")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311 client")
    HOTLINE = "hotline", _("12345 hotline")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged into another case")
    ASSIGNED = "assigned", _("With the deputy")
    REFERRED = "referred", _("Referred to a department")
    RETURNED = "returned", _("Returned by the department")
    IN_PROGRESS = "in_progress", _("Being handled by the department")
    ANSWERED = "answered", _("Answered by the department")
    REPORTED = "reported", _("Reported back, awaiting rating")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


class Outcome(models.TextChoices):
    """How a closed case ended. Solved only when the department answered A (solved) and the
    citizen did not say otherwise; the rating alone never makes a case solved."""

    SOLVED = "solved", _("Solved")
    UNDER_WAY = "under_way", _("Closed, being solved")
    PLANNED = "planned", _("Closed, solution planned")
    CANNOT = "cannot", _("Closed, cannot be solved now")
    ANSWERED = "answered", _("Closed, answered by the deputy")
    NOT_SOLVED = "not_solved", _("Closed, not solved")
    UNRATED = "unrated", _("Closed without rating")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged")


class ResultClass(models.TextChoices):
    """A department's answer, as for deputies' suggestions (A/B/C/D)."""

    SOLVED = "A", _("Solved")
    IN_PROGRESS = "B", _("Being solved")
    PLANNED = "C", _("Planned")
    CANNOT = "D", _("Cannot be solved now (explained)")


# The outcome a case closes with when the citizen accepts the department's answer.
OUTCOME_OF_RESULT: dict[str, str] = {
    ResultClass.SOLVED: Outcome.SOLVED,
    ResultClass.IN_PROGRESS: Outcome.UNDER_WAY,
    ResultClass.PLANNED: Outcome.PLANNED,
    ResultClass.CANNOT: Outcome.CANNOT,
}


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class ReferralRole(models.TextChoices):
    LEAD = "lead", _("Lead department")
    CO = "co", _("Co-handling department")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting acceptance")
    ACCEPTED = "accepted", pgettext_lazy("referral status", "Accepted")
    RETURNED = "returned", _("Returned")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")
