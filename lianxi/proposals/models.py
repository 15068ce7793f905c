"""Deputies' suggestions (建议、批评和意见) and bills (议案), their co-signers and versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxi.core.models import TimeStamped
from lianxi.proposals.choices import (
    ContactMethod,
    CosignStatus,
    Kind,
    Rating,
    Result,
    Status,
)
from lianxi.proposals.querysets import ProposalQuerySet


class Proposal(TimeStamped):
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=8000)
    reasons = models.TextField(_("reasons"), max_length=4000, blank=True)
    measures = models.TextField(_("what is proposed"), max_length=4000, blank=True)
    category = models.ForeignKey(
        "directory.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    area = models.ForeignKey(
        "directory.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("linked cases"), blank=True, related_name="proposals"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    review_reason = models.CharField(_("review reason"), max_length=500, blank=True)
    converted = models.BooleanField(_("converted from a bill"), default=False)
    lead = models.ForeignKey(
        "directory.Department",
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_proposals",
    )
    co_units = models.ManyToManyField(
        "directory.Department",
        verbose_name=_("co-handling units"),
        blank=True,
        related_name="co_proposals",
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    key_supervision = models.BooleanField(_("key supervision"), default=False)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervising leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.CharField(_("reason for return"), max_length=500, blank=True)
    contact_method = models.CharField(
        _("contact method"), max_length=12, choices=ContactMethod.choices, blank=True
    )
    contact_on = models.DateField(_("contacted on"), null=True, blank=True)
    contact_notes = models.TextField(_("what was agreed"), max_length=2000, blank=True)
    result = models.CharField(_("result class"), max_length=1, choices=Result.choices, blank=True)
    reply = models.TextField(_("reply"), max_length=8000, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    confidential_reason = models.CharField(_("why confidential"), max_length=300, blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("rating comment"), max_length=500, blank=True)
    rehandled = models.BooleanField(_("re-handled"), default=False)
    # The lead unit's reply while it is drafted, before it is signed off and sent.
    draft_result = models.CharField(
        _("drafted result class"), max_length=1, choices=Result.choices, blank=True
    )
    draft_reply = models.TextField(_("drafted reply"), max_length=8000, blank=True)
    draft_confidential = models.BooleanField(_("drafted as confidential"), default=False)
    draft_confidential_reason = models.CharField(
        _("why confidential (draft)"), max_length=300, blank=True
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reply drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A duplicate merged by committee staff into another item, and the cases the merge added
    # there (taken back if the merge is undone).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    merge_added = models.JSONField(_("cases the merge added"), default=list, blank=True)
    topic = models.ForeignKey(
        "topics.SupervisionTopic",
        verbose_name=_("supervision topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion or bill")
        verbose_name_plural = _("suggestions and bills")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["area", "status"], name="proposal_area_status")]

    def __str__(self) -> str:
        return self.title


class Cosigner(models.Model):
    """A deputy invited to co-sign a bill (附议)."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("suggestion or bill"),
        on_delete=models.CASCADE,
        related_name="cosigners",
    )
    deputy = models.ForeignKey(
        "directory.Deputy", verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CosignStatus.choices, default=CosignStatus.INVITED
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "deputy"], name="proposals_one_cosign")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.deputy_id}"


class CoOpinion(TimeStamped):
    """A co-handling unit's opinion (协办意见), given before the lead unit replies."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("suggestion or bill"),
        on_delete=models.CASCADE,
        related_name="co_opinions",
    )
    department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("co-handling unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("opinion"), max_length=4000)

    class Meta:
        verbose_name = _("co-handling opinion")
        verbose_name_plural = _("co-handling opinions")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "department"], name="proposals_one_co_opinion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.department_id}"


class Answer(models.Model):
    """Each reply as signed off and sent: a re-handled item's first reply is kept."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("suggestion or bill"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    number = models.PositiveIntegerField(_("round"))
    result = models.CharField(_("result class"), max_length=1, choices=Result.choices)
    text = models.TextField(_("reply"))
    confidential = models.BooleanField(_("confidential"), default=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("sent reply")
        verbose_name_plural = _("sent replies")
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposals_one_answer")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} #{self.number}"


class Version(models.Model):
    """The text as filed, and each later correction: the old text is kept."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("suggestion or bill"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    reasons = models.TextField(_("reasons"), blank=True)
    measures = models.TextField(_("what is proposed"), blank=True)
    note = models.CharField(_("what was corrected"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposals_one_version")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.number}"
