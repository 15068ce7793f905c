"""Activities (座谈会, 立法调研, 视察 …) with invitations, attendance, minutes and outcomes."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.committee.querysets import ActivityQuerySet
from lianxi.core.models import TimeStamped


class ActivityKind(models.TextChoices):
    SYMPOSIUM = "symposium", _("Symposium")
    LEGISLATIVE = "legislative", _("Legislative research")
    INSPECTION = "inspection", _("Inspection")
    ENFORCEMENT = "enforcement", _("Law-enforcement inspection")
    INQUIRY = "inquiry", _("Special inquiry")
    GROUP = "group", _("Deputy group activity")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Inviting")
    DONE = "done", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")


class ActivitySeries(TimeStamped):
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    recurrence = models.CharField(_("recurrence"), max_length=16, choices=Recurrence.choices)
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("organising area"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("activity series")
        verbose_name_plural = _("activity series")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Activity(TimeStamped):
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=120)
    topic = models.CharField(_("topic"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True, max_length=4000)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=120)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("organising area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expertise = models.ManyToManyField(
        "directory.Expertise",
        verbose_name=_("fields of expertise sought"),
        blank=True,
        related_name="+",
    )
    sectors = models.CharField(_("sectors sought"), max_length=200, blank=True)
    level = models.CharField(_("level sought"), max_length=16, blank=True)
    series = models.ForeignKey(
        ActivitySeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ActivityStatus.choices,
        default=ActivityStatus.OPEN,
        db_index=True,
    )
    minutes = models.TextField(pgettext_lazy("meeting", "minutes"), blank=True, max_length=20000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def sector_list(self) -> list[str]:
        return [s for s in self.sectors.split(",") if s]


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Awaiting reply")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation", "Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Invitation(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="invitations"
    )
    deputy = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="committee_invitations",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InvitationStatus.choices,
        default=InvitationStatus.INVITED,
        db_index=True,
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["activity", "deputy__name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "deputy"], name="committee_one_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.deputy_id}"


class ContributionKind(models.TextChoices):
    SPEECH = "speech", _("Speech")
    WRITTEN = "written", _("Written opinion")


class Contribution(models.Model):
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    deputy = models.ForeignKey(
        "directory.Deputy", verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ContributionKind.choices)
    text = models.TextField(_("summary"), max_length=4000)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:40]


class Outcome(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="outcomes"
    )
    text = models.TextField(pgettext_lazy("activity", "outcome"), max_length=2000)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("linked case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("activity", "outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:40]
