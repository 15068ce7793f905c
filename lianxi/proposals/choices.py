"""The choices of deputies' suggestions and bills."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion")
    BILL = "bill", _("Bill")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FILED = "filed", _("Filed")
    ACCEPTED = "accepted", _("Accepted, awaiting assignment")
    DECLINED = "declined", _("Not accepted")
    MERGED = "merged", _("Merged into another item")
    ASSIGNED = "assigned", _("Being handled")
    RETURN_ASKED = "return_asked", _("Return requested")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class Result(models.TextChoices):
    A = "A", _("A: solved or basically solved")
    B = "B", _("B: being solved or in this year's plan")
    C = "C", _("C: to be solved when conditions allow")
    D = "D", _("D: cannot be solved now, explained")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class CosignStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", pgettext_lazy("proposal status", "Confirmed")
    DECLINED = "declined", _("Declined")


class ContactMethod(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Site visit")
    OTHER = "other", _("Other")
