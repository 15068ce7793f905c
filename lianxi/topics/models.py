"""Models of the topics app: the term index of cases, followers, hot issues and proposed
supervision topics. Hot issues and topics are small tables refilled by idempotent jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.core.fields import EncryptedTextField
from lianxi.lib.masking import mask_phone


class CaseTerms(models.Model):
    """A case's weighted terms (rjieba words and title bigrams), written once by the index
    job; the similar-case index and the hot-issue grouping read these instead of re-cutting."""

    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="terms",
    )
    terms = models.TextField(_("terms"))
    indexed_at = models.DateTimeField(_("indexed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case terms")
        verbose_name_plural = _("case terms")

    def __str__(self) -> str:
        return str(self.case_id)


class FollowVia(models.TextChoices):
    ACCOUNT = "account", _("Signed-in citizen")
    PHONE = "phone", _("Phone verified by a code")
    MERGED = "merged", _("Carried over from a merged case")


class Follow(models.Model):
    """Someone who wants a case's public updates instead of filing the same matter again."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="followers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_hash = models.CharField(_("phone hash"), max_length=64, blank=True, editable=False)
    via = models.CharField(_("followed via"), max_length=10, choices=FollowVia.choices)
    created_at = models.DateTimeField(_("followed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(user__isnull=False),
                name="topics_one_follow_per_user",
            ),
            models.UniqueConstraint(
                fields=["case", "phone_hash"],
                condition=~models.Q(phone_hash=""),
                name="topics_one_follow_per_phone",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(phone_hash=""),
                name="topics_follow_has_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ← {self.user_id or mask_phone(self.phone)}"


class HotIssueRun(models.Model):
    """One run of the grouping job; the newest is what the pages show."""

    computed_at = models.DateTimeField(_("computed at"), db_index=True)
    window_days = models.PositiveSmallIntegerField(_("window in days"))
    cases = models.PositiveIntegerField(_("cases considered"))
    groups = models.PositiveIntegerField(_("groups found"))
    seconds = models.FloatField(_("seconds taken"))

    class Meta:
        verbose_name = _("hot-issue run")
        verbose_name_plural = _("hot-issue runs")
        ordering = ["-computed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M}"


class HotIssue(models.Model):
    """A group of recent cases about one concrete problem at one place."""

    rank = models.PositiveSmallIntegerField(_("rank"))
    label = models.CharField(pgettext_lazy("hot issue", "label"), max_length=120)
    places = models.JSONField(pgettext_lazy("hot issue", "places"), default=list)
    terms = models.JSONField(_("key terms"), default=list)
    size = models.PositiveIntegerField(_("cases"))
    recent = models.PositiveIntegerField(_("cases in the last 7 days"))
    followers = models.PositiveIntegerField(_("followers"))
    score = models.FloatField(pgettext_lazy("popularity", "score"))
    first_at = models.DateTimeField(_("first case at"))
    last_at = models.DateTimeField(_("latest case at"))
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    trend = models.JSONField(_("cases per week"), default=list)
    cases: models.ManyToManyField = models.ManyToManyField(
        "cases.Case", verbose_name=_("cases"), related_name="hot_issues"
    )

    class Meta:
        verbose_name = _("hot issue")
        verbose_name_plural = _("hot issues")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.label


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Taken up")
    DISMISSED = "dismissed", _("Dismissed")


class SupervisionTopic(models.Model):
    """每月一题: a department with a recurring problem on one theme, proposed to the committee
    as a topic for an inspection (视察) or law-enforcement check (执法检查)."""

    month = models.DateField(_("month"), db_index=True)
    department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    category = models.ForeignKey(
        "directory.Category",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cases = models.PositiveIntegerField(_("cases"))
    unsatisfied = models.PositiveIntegerField(_("unsatisfied ratings"))
    rated = models.PositiveIntegerField(pgettext_lazy("count", "ratings"))
    overdue = models.PositiveIntegerField(_("overdue answers"))
    score = models.FloatField(pgettext_lazy("popularity", "score"))
    status = models.CharField(
        _("status"), max_length=10, choices=TopicStatus.choices, default=TopicStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("supervision topic", "decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(
        pgettext_lazy("supervision topic", "decided at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("supervision topic")
        verbose_name_plural = _("supervision topics")
        ordering = ["-month", "-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "department", "category"], name="topics_one_topic_per_theme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.department_id}"

    @property
    def unsatisfied_share(self) -> float:
        return self.unsatisfied / self.rated if self.rated else 0.0

    @property
    def overdue_share(self) -> float:
        return self.overdue / self.cases if self.cases else 0.0
