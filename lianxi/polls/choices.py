"""Choices of polls: audiences, states, question kinds, age bands, answer sources."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Audience(models.TextChoices):
    PUBLIC = "public", _("Anyone verified by phone")
    AREAS = "areas", _("Verified citizens of chosen areas")
    DEPUTIES = "deputies", _("Deputies")
    STATION = "station", _("Visitors of a liaison station")


class Status(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    PENDING = "pending", _("Waiting for approval")
    OPEN = "open", pgettext_lazy("poll status", "Open")
    CLOSED = "closed", pgettext_lazy("poll status", "Closed")
    CANCELLED = "cancelled", _("Withdrawn")


class Kind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTI = "multi", _("Multiple choice")
    SCALE = "scale", _("Scale of 1 to 5")
    RANK = "rank", _("Ranking")
    TEXT = "text", _("Free text")


class AgeBand(models.TextChoices):
    UNDER_18 = "u18", _("Under 18")
    A18 = "18_29", _("18 to 29")
    A30 = "30_44", _("30 to 44")
    A45 = "45_59", _("45 to 59")
    A60 = "60p", _("60 and over")


class Source(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper form")


class LinkKind(models.TextChoices):
    CASE = "case", _("Case filed from the poll")
    PROPOSAL = "proposal", _("Evidence for a suggestion")


SCALE_LABELS = {1: "1", 2: "2", 3: "3", 4: "4", 5: "5"}
