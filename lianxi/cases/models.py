"""The case ledger: what a citizen raised, who handles it, and every step it took."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxi.cases.choices import (
    Channel,
    Kind,
    Outcome,
    ReferralRole,
    ReferralStatus,
    ResultClass,
    Satisfaction,
    Status,
)
from lianxi.cases.querysets import CaseQuerySet, ReplyTemplateQuerySet
from lianxi.cases.workflow import SUPERVISED
from lianxi.core.fields import EncryptedTextField
from lianxi.lib.masking import mask_address, mask_name, mask_phone, mask_text

USER = settings.AUTH_USER_MODEL


class OutOfScopeRule(models.Model):
    """Why a matter is declined (e.g. already in litigation), with its legal basis (B7)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    explanation = models.TextField(_("explanation for the citizen"), max_length=1000)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("out-of-scope rule")
        verbose_name_plural = _("out-of-scope rules")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    query_code_hash = models.CharField(_("query code hash"), max_length=64, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=80)
    content = models.TextField(_("content"), max_length=5000)
    category = models.ForeignKey(
        "directory.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    community = models.ForeignKey(
        "directory.Area",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    address = EncryptedTextField(_("address"), blank=True)
    # Where an outside system (Open311) placed it; shown to staff only.
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Who raised it. A signed-in citizen, or contact details given at intake, or nobody.
    citizen = models.ForeignKey(
        USER,
        verbose_name=_("citizen account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    contact_name = EncryptedTextField(_("contact name"), blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    contact_phone_hash = models.CharField(
        _("contact phone hash"), max_length=64, blank=True, db_index=True, editable=False
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    consent_to_publish = models.BooleanField(_("consent to publish"), default=False)
    # Routing.
    target_deputy = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("deputy chosen by the citizen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_station = models.ForeignKey(
        "directory.Station",
        verbose_name=_("station chosen by the citizen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deputy = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("responsible deputy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    station = models.ForeignKey(
        "directory.Station",
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    created_by = models.ForeignKey(
        USER,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # State.
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    decline_rule = models.ForeignKey(
        OutOfScopeRule,
        verbose_name=_("declined under"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    due_date = models.DateField(_("answer due"), null=True, blank=True, db_index=True)
    # Supervision (lianxi/cases/deadlines.py): the deputy's own deadline, set at acceptance,
    # applies until a department signs for the case; the last day a reminder went out; when
    # the case was escalated to committee staff (督办), set once.
    deputy_due = models.DateField(_("deputy's answer due"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True, db_index=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    is_published = models.BooleanField(_("published"), default=False)
    # Committee staff held publication back (a consented, closed case not fit to show).
    publication_held_at = models.DateTimeField(_("publication held at"), null=True, blank=True)
    publication_hold_reason = models.TextField(
        _("why publication is held"), blank=True, max_length=1000
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    # Timestamps of the ledger (answer rates are computed from these).
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    first_answer_at = models.DateTimeField(_("first answer at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported back at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.tracking_number} {mask_text(self.title)}"  # audit labels hold no PII

    @property
    def is_escalated(self) -> bool:
        """Escalated (督办) and still waiting on its deputy or department (queues.escalated)."""
        return self.escalated_at is not None and self.status in SUPERVISED

    @property
    def contact_phone_masked(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def contact_name_masked(self) -> str:
        return mask_name(self.contact_name)

    @property
    def address_masked(self) -> str:
        return mask_address(self.address)


class CaseEvent(models.Model):
    """One step of a case's timeline. `public` steps show on the tracking page; the rest are
    internal notes and staff-only steps."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        USER,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("by (public label)"), max_length=60, blank=True)
    step = models.CharField(_("step"), max_length=20)
    public = models.BooleanField(_("public"), default=False)
    text = models.TextField(_("text"), blank=True, max_length=5000)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.step}"


class Referral(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals"
    )
    department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    role = models.CharField(_("role"), max_length=4, choices=ReferralRole.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    referred_at = models.DateTimeField(_("referred at"))
    due_date = models.DateField(_("answer due"))
    accept_by = models.DateField(_("accept or return by"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    returned_reason = models.TextField(_("reason for returning"), blank=True, max_length=1000)
    answer = models.TextField(_("answer"), blank=True, max_length=5000)
    result_class = models.CharField(
        _("result"), max_length=1, choices=ResultClass.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    contact_disclosed = models.BooleanField(_("citizen's contact disclosed"), default=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["case", "role", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.department_id}"


class Rating(models.Model):
    """The citizen rates the deputy's handling and the department's result separately (B1)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="ratings"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    deputy_rating = models.CharField(
        _("deputy's handling"), max_length=12, choices=Satisfaction.choices
    )
    department_rating = models.CharField(
        _("department's result"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    rated_at = models.DateTimeField(_("rated at"))
    # An upheld appeal (RatingAppeal) takes the department's rating out of the scores.
    department_rating_void = models.BooleanField(_("department's rating set aside"), default=False)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="one_rating_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.deputy_rating}/{self.department_rating}"


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the committee")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Rejected")


class RatingAppeal(models.Model):
    """A department disputes the citizen's rating of its result (B7); committee staff decide.
    Upheld, the rating stays on the case but leaves the department's scores."""

    rating = models.OneToOneField(
        Rating, verbose_name=_("rating"), on_delete=models.CASCADE, related_name="appeal"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="appeals"
    )
    department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="rating_appeals",
    )
    reason = models.TextField(_("reason for the appeal"), max_length=2000)
    filed_by = models.ForeignKey(
        USER, verbose_name=_("filed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AppealStatus.choices,
        default=AppealStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("rating appeal")
        verbose_name_plural = _("rating appeals")
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_status_display()}"


class IdempotencyKey(models.Model):
    """A retried intake returns the first answer instead of creating a second case. A key is
    unique per client: a signed-in account has its own keys (another account sending the same
    key files its own case and never sees this one's answer); filings without an account share
    one scope, as nothing else identifies them across a retry from another network."""

    client = models.CharField(_("client"), max_length=40, default="", blank=True)
    key = models.CharField(_("key"), max_length=100)
    body_hash = models.CharField(_("request hash"), max_length=64)
    case = models.ForeignKey(Case, verbose_name=_("case"), null=True, on_delete=models.CASCADE)
    response = models.JSONField(_("response"), null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="cases_idempotency_per_client")
        ]

    def __str__(self) -> str:
        return self.key


class Attachment(models.Model):
    """A file sent with a case. Stored under a server-generated name, served only through an
    access-checked view as an attachment (quality.md test 15)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("original name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ReplyTemplate(models.Model):
    """A reply with placeholders ({tracking_number}, {title}, {deputy}, {department}) (B8).
    Without an owner it is the administrators' and every staff member may use it; with one it
    is the owner's, shared with at most one of their units (a station, a department, or a
    committee's jurisdiction) when `shared_*` is set."""

    title = models.CharField(_("title"), max_length=60)
    category = models.ForeignKey(
        "directory.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reply_templates",
    )
    body = models.TextField(_("text"), max_length=3000)
    is_active = models.BooleanField(_("in use"), default=True)
    owner = models.ForeignKey(
        USER,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reply_templates",
    )
    shared_station = models.ForeignKey(
        "directory.Station",
        verbose_name=_("shared with the station"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    shared_department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("shared with the department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    shared_area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("shared within the jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    objects = ReplyTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["category__code", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def shared_with(self) -> Any:
        """The unit it is shared with, or None (personal, or the administrators')."""
        return self.shared_station or self.shared_department or self.shared_area


class IntakeClient(models.Model):
    """A named outside system (Open311 client, hotline) allowed to file cases with an API key.
    Only a keyed hash of the key is stored; the key is shown once when issued."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    key_prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("intake client")
        verbose_name_plural = _("intake clients")

    def __str__(self) -> str:
        return self.name
