"""The kinds of line a performance record holds, entry states and grades."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LineKind(models.TextChoices):
    VISIT = "visit", _("Visit to constituents (reviewed)")
    DUTY_KEPT = "duty_kept", _("Duty shift kept")
    DUTY_MISSED = "duty_missed", _("Duty shift missed")
    RECEPTION = "reception", _("Reception of constituents")
    CASE_RECEIVED = "case_received", _("Case received")
    CASE_ON_TIME = "case_on_time", _("Case answered on time")
    CASE_LATE = "case_late", _("Case answered late")
    CASE_REOPENED = "case_reopened", _("Case reopened")
    SUGGESTION_FILED = "suggestion_filed", _("Suggestion or bill filed")
    SUGGESTION_COSIGNED = "suggestion_cosigned", _("Suggestion or bill co-signed")
    SUGGESTION_ACCEPTED = "suggestion_accepted", _("Suggestion or bill accepted")
    COMMENT = "comment", _("Comment on a draft law")
    TRAINING = "training", _("Training session attended")
    ACTIVITY = "activity", _("Activity attended")
    ACTIVITY_MISSED = "activity_missed", _("Activity missed after accepting")
    NOTICE_READ = "notice_read", _("Notice read")
    MANUAL_SESSION = "manual_session", _("Congress session attended (own entry)")
    MANUAL_INSPECTION = "manual_inspection", _("Inspection or survey (own entry)")
    MANUAL_OTHER = "manual_other", _("Other duty work (own entry)")


MANUAL_KINDS = (LineKind.MANUAL_SESSION, LineKind.MANUAL_INSPECTION, LineKind.MANUAL_OTHER)


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", pgettext_lazy("review", "Approved")
    REJECTED = "rejected", pgettext_lazy("review", "Rejected")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASIC = "basic", _("Basically competent")
    INCOMPETENT = "incompetent", _("Not competent")
