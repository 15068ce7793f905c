"""Choices of the liaison app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ShiftKind(models.TextChoices):
    REGULAR = "regular", _("Regular duty")
    RECEPTION_DAY = "reception_day", _("Reception day")
    ONE_OFF = "one_off", _("One-off shift")


class ShiftStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    PENDING = "pending", _("Not marked")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")
    RELEASED = "released", _("Released from duty")


class RequestKind(models.TextChoices):
    SWAP = "swap", _("Swap with another deputy")
    CANCEL = "cancel", _("Cancel my duty")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", pgettext_lazy("approval", "Refused")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class VisitMethod(models.TextChoices):
    HOME = "home", _("Home visit")
    FORUM = "forum", _("Discussion meeting")
    PHONE = "phone", _("Telephone")
    ONLINE = "online", pgettext_lazy("meeting mode", "Online")
    RECEPTION = "reception", _("Collective reception")


class VisitStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Light(models.TextChoices):
    GREEN = "green", _("On track")
    AMBER = "amber", _("Falling behind")
    RED = "red", _("Behind")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
