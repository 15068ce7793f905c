"""Trainings: courses of sessions, enrollment, attendance (QR or staff), feedback."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.committee.querysets import CourseQuerySet
from lianxi.core.models import TimeStamped


class CourseKind(models.TextChoices):
    INDUCTION = "induction", _("Induction training")
    THEMATIC = "thematic", _("Thematic training")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("training status", "Open")
    CLOSED = "closed", pgettext_lazy("training status", "Closed")


class Course(TimeStamped):
    kind = models.CharField(_("kind"), max_length=16, choices=CourseKind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    required = models.BooleanField(
        _("attendance required"),
        default=False,
        help_text=_("Required: everyone in the audience is enrolled. Optional: deputies enrol."),
    )
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("organising area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    audience = models.OneToOneField(
        "committee.Audience",
        verbose_name=_("audience"),
        on_delete=models.PROTECT,
        related_name="course",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CourseStatus.choices, default=CourseStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    lecturer = models.CharField(_("lecturer"), max_length=60, blank=True)
    materials = models.ManyToManyField(
        "committee.Material", verbose_name=_("materials"), blank=True, related_name="+"
    )
    checkin_token = models.CharField(_("check-in code"), max_length=32, unique=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class Enrollment(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrollments"
    )
    deputy = models.ForeignKey(
        "directory.Deputy", verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="+"
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["course", "deputy"], name="committee_one_enrollment")
        ]

    def __str__(self) -> str:
        return f"{self.course_id}/{self.deputy_id}"


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("QR check-in")
    STAFF = "staff", _("Marked by staff")


class SessionAttendance(models.Model):
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=pgettext_lazy("training", "session"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    deputy = models.ForeignKey(
        "directory.Deputy", verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="+"
    )
    method = models.CharField(_("how"), max_length=8, choices=AttendanceMethod.choices)
    at = models.DateTimeField(_("checked in at"), auto_now_add=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    feedback = models.TextField(_("feedback"), blank=True, max_length=1000)
    feedback_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "deputy"], name="committee_one_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.deputy_id}"
