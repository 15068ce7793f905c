"""The shortlist of a commendation: the year's records of the deputies of its jurisdiction
that meet its rules, each rule explicit (shown on the page as it is applied here):

1. score at least the commendation's minimum;
2. if `excellent_only`, graded 优秀 by the year's scheme;
3. if `no_absence`, no unexcused absence: no missed duty shift and no activity missed after
   accepting (lines DUTY_MISSED and ACTIVITY_MISSED) in the year;
4. if `no_admonition`, no admonition talk (诫勉谈话) held with the deputy in the year.

Deputies who meet the score rules but fail another are listed apart with the reason, so staff
see why someone with a high score is not on the shortlist."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from lianxi.performance.choices import Grade, LineKind
from lianxi.performance.models import Record
from lianxi.performance.models_accountability import Commendation, Talk, TalkKind

ABSENCE = (LineKind.DUTY_MISSED, LineKind.ACTIVITY_MISSED)
LIMIT = 500


@dataclass
class Candidate:
    record: Record
    missed: int
    admonished: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.reasons


@dataclass
class Rules:
    min_score: Decimal
    excellent_only: bool
    no_absence: bool
    no_admonition: bool

    @classmethod
    def of(cls, commendation: Commendation) -> Rules:
        return cls(
            commendation.min_score,
            commendation.excellent_only,
            commendation.no_absence,
            commendation.no_admonition,
        )

    def described(self) -> list[str]:
        shown = [_("Score at least %(score)s points") % {"score": self.min_score}]
        if self.excellent_only:
            shown.append(_("Graded excellent by the year's scoring scheme"))
        if self.no_absence:
            shown.append(
                _(
                    "No unexcused absence: no duty shift missed and no activity missed after accepting"
                )
            )
        if self.no_admonition:
            shown.append(_("No admonition talk in the year"))
        return shown


def candidates(commendation: Commendation, rules: Rules | None = None) -> list[Candidate]:
    """Records at or above the minimum score (and graded excellent when required), best
    first, each with the reasons it fails the other rules."""
    rules = rules or Rules.of(commendation)
    year = commendation.year
    qs = Record.objects.filter(year=year, score__gte=rules.min_score, deputy__status="serving")
    if commendation.area_id:
        qs = qs.filter(deputy__constituency__prefix__startswith=commendation.area.prefix)  # type: ignore[union-attr]
    if rules.excellent_only:
        qs = qs.filter(grade=Grade.EXCELLENT)
    admonitions = Talk.objects.filter(
        deputy_id=OuterRef("deputy_id"), kind=TalkKind.ADMONITION, day__year=year
    )
    qs = (
        qs.select_related("deputy__constituency")
        .annotate(
            missed=Count("lines", filter=Q(lines__kind__in=ABSENCE)),
            admonished=Exists(admonitions),
        )
        .order_by("-score", "deputy__name", "pk")
    )
    found = []
    for record in qs[:LIMIT]:
        row: Any = record
        candidate = Candidate(record, row.missed, bool(row.admonished))
        if rules.no_absence and candidate.missed:
            candidate.reasons.append(
                _("%(n)s unexcused absence(s) in the year") % {"n": candidate.missed}
            )
        if rules.no_admonition and candidate.admonished:
            candidate.reasons.append(_("An admonition talk in the year"))
        found.append(candidate)
    return found


def eligible_ids(commendation: Commendation, rules: Rules | None = None) -> dict[int, Record]:
    """Deputy id → record of those on the shortlist."""
    return {c.record.deputy_id: c.record for c in candidates(commendation, rules) if c.eligible}
