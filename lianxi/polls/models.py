"""Polls and surveys (民意调查): a questionnaire, its questions, one response per person,
the pre-aggregated results the worker refreshes, and what a closed poll led to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxi.core.models import TimeStamped
from lianxi.polls.choices import AgeBand, Audience, Kind, LinkKind, Source, Status
from lianxi.polls.querysets import PollQuerySet, ResponseQuerySet


class Poll(TimeStamped):
    title = models.CharField(_("title"), max_length=120)
    intro = models.TextField(_("introduction"), max_length=3000, blank=True)
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("organising area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    deputy = models.ForeignKey(
        "directory.Deputy",
        verbose_name=_("deputy who asks"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="polls",
        help_text=_("A deputy's poll of their own constituency; staff approve it."),
    )
    audience = models.CharField(
        _("who may answer"), max_length=12, choices=Audience.choices, default=Audience.PUBLIC
    )
    areas = models.ManyToManyField(
        "directory.Area",
        verbose_name=_("areas asked"),
        blank=True,
        related_name="+",
        help_text=_("For a poll of chosen areas: citizens living in these areas."),
    )
    station = models.ForeignKey(
        "directory.Station",
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="polls",
        help_text=_("For a poll of a station's visitors."),
    )
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    results_public = models.BooleanField(_("results shown to the public"), default=True)
    ask_area = models.BooleanField(_("ask where the person lives"), default=True)
    ask_age = models.BooleanField(_("ask the person's age band"), default=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_note = models.CharField(_("note of the review"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("poll", "closed at"), null=True, blank=True)

    objects = PollQuerySet.as_manager()

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField(pgettext_lazy("poll question", "number"))
    kind = models.CharField(
        pgettext_lazy("poll question", "kind"), max_length=8, choices=Kind.choices
    )
    text = models.CharField(_("question"), max_length=200)
    help = models.CharField(_("explanation"), max_length=200, blank=True)
    required = models.BooleanField(_("answer required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    branches = models.JSONField(
        _("branching"),
        default=list,
        blank=True,
        help_text=_("Skip to question N when the answer is X: a list of {answer, goto}."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["poll", "number"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "number"], name="polls_one_question_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def choices_shown(self) -> list[tuple[int, str]]:
        if self.kind == Kind.SCALE:
            return [(n, str(n)) for n in range(1, 6)]
        return list(enumerate(self.options))

    def goto_for(self, value: Any) -> int | None:
        """The question number to go to after this answer (0: the end), or None: the next."""
        for branch in self.branches or []:
            if value is not None and str(branch.get("answer")) == str(value):
                return int(branch.get("goto", 0))
        return None


class Response(models.Model):
    """One person's answers to one poll: a verified account (changeable until closing) or a
    paper form entered by staff (keyed by its number)."""

    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="responses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person_key = models.CharField(_("person key"), max_length=40)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    area = models.ForeignKey(
        "directory.Area",
        verbose_name=_("lives in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    station = models.ForeignKey(
        "directory.Station",
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answers = models.JSONField(_("answers"), default=dict)
    paper_number = models.CharField(_("paper form number"), max_length=30, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(pgettext_lazy("poll", "answered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    changes = models.PositiveIntegerField(_("times changed"), default=0)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("poll response")
        verbose_name_plural = _("poll responses")
        ordering = ["poll", "id"]
        indexes = [models.Index(fields=["poll", "updated_at"])]
        constraints = [
            models.UniqueConstraint(fields=["poll", "person_key"], name="polls_one_response_each")
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.pk}"


class Result(models.Model):
    """The poll's counts, pre-aggregated by the worker (architecture.md rule 6)."""

    poll = models.OneToOneField(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="result"
    )
    responses = models.PositiveIntegerField(_("responses"), default=0)
    data = models.JSONField(_("counts"), default=dict)
    up_to = models.DateTimeField(_("answers counted up to"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    seconds = models.FloatField(_("seconds taken"), default=0)

    class Meta:
        verbose_name = _("poll result")
        verbose_name_plural = _("poll results")

    def __str__(self) -> str:
        return f"{self.poll} · {self.responses}"


class Link(models.Model):
    """What a closed poll led to: a case filed from it, or a suggestion it is evidence for."""

    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LinkKind.choices)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("suggestion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("poll follow-up")
        verbose_name_plural = _("poll follow-ups")
        ordering = ["poll", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "proposal"],
                condition=models.Q(proposal__isnull=False),
                name="polls_one_link_per_proposal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.poll_id} → {self.get_kind_display()}"
