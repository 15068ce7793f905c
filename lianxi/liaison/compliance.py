"""Where each deputy stands against the liaison rules of their level and year, with the
evidence behind each number, as red/amber/green."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.cases.models import Case
from lianxi.core.workdays import workdays_between
from lianxi.directory.models import Deputy
from lianxi.liaison.choices import Attendance, Light, VisitStatus
from lianxi.liaison.models import Duty, LiaisonRule, Visit


@dataclass
class Measure:
    key: str
    label: str
    required: float
    actual: float
    light: str
    evidence: list[str] = field(default_factory=list)  # paths or labels behind the number
    short: str = ""  # the label in a row's one-line summary ("走访")
    is_limit: bool = False  # a ceiling (answer days), not a minimum

    @property
    def light_label(self) -> str:
        return str(Light(self.light).label)

    @property
    def met(self) -> bool:
        return self.light == Light.GREEN


@dataclass
class Standing:
    deputy: Deputy
    rule: LiaisonRule | None
    measures: list[Measure]
    year: int | None = None

    @property
    def inherited_from(self) -> int | None:
        """The earlier year whose rule applies, when the year has none of its own."""
        if self.rule is not None and self.year is not None and self.rule.year != self.year:
            return self.rule.year
        return None

    @property
    def light(self) -> str:
        lights = {m.light for m in self.measures}
        for worst in (Light.RED, Light.AMBER):
            if worst in lights:
                return str(worst)
        return str(Light.GREEN)

    @property
    def light_label(self) -> str:
        """The light in words (a colour alone tells nothing to a screen reader)."""
        return str(Light(self.light).label)


def year_fraction(year: int, today: date) -> float:
    """How much of `year` has passed on `today` (0 before it, 1 after it)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    if today <= start:
        return 0.0
    if today >= end:
        return 1.0
    return (today - start).days / (end - start).days


def light_for_minimum(actual: float, required: float, fraction: float) -> str:
    """Green once the year's minimum is met; amber while on pace for the part of the year
    gone; red when behind even that pace."""
    if actual >= required:
        return str(Light.GREEN)
    if actual >= required * fraction:
        return str(Light.AMBER)
    return str(Light.RED)


def light_for_maximum(actual: float, limit: float) -> str:
    if actual <= limit:
        return str(Light.GREEN)
    if actual <= limit * 1.5:
        return str(Light.AMBER)
    return str(Light.RED)


def _bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=tz),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=tz),
    )


def trainings(deputy_id: int, year: int) -> int:
    from lianxi.committee.records import trainings_completed

    return trainings_completed(deputy_id, year)


def rules_for(year: int) -> dict[str, LiaisonRule]:
    """Per level, the rule that applies in `year`: its own, or else the latest earlier
    year's (carried forward until staff confirm or change it), so that 1 January does not
    leave every deputy without a rule."""
    found: dict[str, LiaisonRule] = {}
    for rule in LiaisonRule.objects.filter(year__lte=year).order_by("level", "-year"):
        found.setdefault(rule.level, rule)
    return found


def rule_for(level: str, year: int) -> LiaisonRule | None:
    return LiaisonRule.objects.filter(level=level, year__lte=year).order_by("-year").first()


def evaluate(
    deputy: Deputy, year: int, today: date | None = None, rule: LiaisonRule | None = None
) -> Standing:
    today = today or timezone.localdate()
    rule = rule or rule_for(deputy.level, year)
    if rule is None:
        return Standing(deputy, None, [], year)
    fraction = year_fraction(year, today)
    start, end = _bounds(year)
    visits = list(
        Visit.objects.filter(deputies=deputy, status=VisitStatus.APPROVED, date__year=year)
        .order_by("date")
        .values("pk", "date", "people_met")
    )
    people = sum(v["people_met"] for v in visits)
    per_visit = round(people / len(visits), 1) if visits else 0.0
    shifts = list(
        Duty.objects.filter(
            deputy=deputy,
            attendance=Attendance.ATTENDED,
            shift__starts_at__gte=start,
            shift__starts_at__lt=end,
        ).values_list("shift_id", "shift__starts_at")
    )
    answered = list(
        Case.objects.filter(
            deputy=deputy,
            first_answer_at__isnull=False,
            submitted_at__gte=start,
            submitted_at__lt=end,
        ).values_list("pk", "tracking_number", "accepted_at", "submitted_at", "first_answer_at")
    )
    days = [
        workdays_between(timezone.localdate(acc or sub), timezone.localdate(ans))
        for _pk, _no, acc, sub, ans in answered
    ]
    avg_days = round(sum(days) / len(days), 1) if days else 0.0
    trained = trainings(deputy.pk, year)
    measures = [
        Measure(
            "visits",
            _("Visits to constituents"),
            rule.min_visits,
            len(visits),
            light_for_minimum(len(visits), rule.min_visits, fraction),
            [f"{v['date']:%Y-%m-%d} · {v['people_met']}" for v in visits],
            short=_("Visits"),
        ),
        Measure(
            "people",
            _("People met per visit (average)"),
            rule.min_people_per_visit,
            per_visit,
            light_for_minimum(per_visit, rule.min_people_per_visit, 0.8)
            if visits
            else light_for_minimum(0, rule.min_people_per_visit, fraction),
            [f"{people} / {len(visits)}"],
            short=_("People per visit"),
        ),
        Measure(
            "shifts",
            _("Duty shifts attended"),
            rule.min_shifts,
            len(shifts),
            light_for_minimum(len(shifts), rule.min_shifts, fraction),
            [timezone.localtime(at).strftime("%Y-%m-%d %H:%M") for _pk, at in shifts],
            short=_("Duty shifts"),
        ),
        Measure(
            "answer",
            _("Working days to a first answer (average)"),
            rule.max_answer_workdays,
            avg_days,
            light_for_maximum(avg_days, rule.max_answer_workdays),
            [f"{no}: {d}" for (_pk, no, *_rest), d in zip(answered, days, strict=True)],
            short=_("Days to answer"),
            is_limit=True,
        ),
        Measure(
            "trainings",
            _("Trainings completed"),
            rule.min_trainings,
            trained,
            light_for_minimum(trained, rule.min_trainings, fraction),
            [],
            short=_("Trainings"),
        ),
    ]
    return Standing(deputy, rule, measures, year)


def evaluate_many(deputies: Any, year: int, today: date | None = None) -> list[Standing]:
    rules = rules_for(year)
    return [evaluate(d, year, today, rules.get(d.level)) for d in deputies]


def summary_counts(standings: list[Standing]) -> dict[str, int]:
    counts = {str(Light.GREEN): 0, str(Light.AMBER): 0, str(Light.RED): 0}
    for s in standings:
        if s.rule is not None:
            counts[s.light] += 1
    return counts
