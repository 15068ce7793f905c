"""Visits and their review, receptions with walk-in cases, photos checked by content,
liaison rules evaluated against hand-computed figures, monthly reminders sent once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases.actions import Intake
from lianxi.cases.models import Case
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.liaison import actions, compliance
from lianxi.liaison.actions.visits import VisitInput
from lianxi.liaison.models import Duty, LiaisonRule, Visit
from lianxi.notifications.models import OutboxMessage

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def visit_input(world: World, days_ago: int = 1, people: int = 6, **extra: Any) -> VisitInput:
    return VisitInput(
        date=timezone.localdate() - timedelta(days=days_ago),
        community=world.community1,
        method="home",
        people_met=people,
        **extra,
    )


def test_deputy_logs_and_only_edits_own_visits(world: World) -> None:
    visit = actions.log_visit(
        world["deputy_a"],
        data=visit_input(world, co_deputies=[world.deputy_b]),
        photos=[("现场.png", PNG)],
    )
    assert set(visit.deputies.all()) == {world.deputy_a, world.deputy_b}
    assert visit.photos.count() == 1
    with pytest.raises(NotAllowed):
        actions.log_visit(world["deputy_b"], data=visit_input(world), visit=visit)
    with pytest.raises(NotAllowed):
        actions.log_visit(world["staff_a"], data=visit_input(world))
    with pytest.raises(InvalidInput) as exc:
        actions.log_visit(
            world["deputy_a"], data=visit_input(world), photos=[("x.png", b"<html><script>")]
        )
    assert exc.value.field == "photos"
    with pytest.raises(InvalidInput):
        actions.log_visit(world["deputy_a"], data=visit_input(world, days_ago=-2))
    # A group visit is visible to both deputies but editable only by its author.
    assert Visit.objects.visible_to(world["deputy_b"]).filter(pk=visit.pk).exists()
    assert not Visit.objects.visible_to(world["citizen"]).exists()


def test_review_and_return(world: World) -> None:
    visit = actions.log_visit(world["deputy_a"], data=visit_input(world))
    with pytest.raises(NotAllowed):
        actions.review_visit(world["staff_a"], visit=visit, approve=True)
    with pytest.raises(InvalidInput):
        actions.review_visit(world["committee"], visit=visit, approve=False)
    actions.review_visit(world["committee"], visit=visit, approve=False, reason="缺少照片")
    assert OutboxMessage.objects.filter(channel="inapp", user=world["deputy_a"]).exists()
    visit = actions.log_visit(world["deputy_a"], data=visit_input(world), visit=visit)
    assert visit.status == "submitted"
    actions.review_visit(world["committee"], visit=visit, approve=True)
    with pytest.raises(NotAllowed):  # approved entries are closed
        actions.log_visit(world["deputy_a"], data=visit_input(world), visit=visit)


def test_matter_on_a_visit_becomes_a_case(world: World) -> None:
    visit = actions.log_visit(world["deputy_a"], data=visit_input(world))
    intake = Intake(
        kind="opinion",
        title="小区路灯不亮",
        content="青石社区三号楼前路灯坏了一个月。",
        channel="deputy",
    )
    case = actions.walkin_case(world["deputy_a"], intake=intake, visit=visit)
    assert case.channel == "deputy" and case.deputy == world.deputy_a
    assert list(visit.cases.all()) == [case]


def test_reception_with_walkin_case(world: World, make_shift: Any) -> None:
    shift = make_shift(days=1)
    intake = Intake(
        kind="help",
        title="老旧小区加装电梯",
        content="居民希望尽快加装电梯，方便老人出行。",
        channel="station",
        contact_name="王女士",
        contact_phone="13700004444",
    )
    case = actions.walkin_case(world["staff_a"], intake=intake, shift=shift)
    assert case.channel == "station" and case.station == world.station_a
    with pytest.raises(NotAllowed):
        actions.walkin_case(world["staff_b"], intake=intake, shift=shift)
    from freezegun import freeze_time

    with freeze_time(shift.starts_at + timedelta(minutes=30)):
        reception = actions.record_reception(
            world["staff_a"],
            shift=shift,
            people_received=4,
            matters="加装电梯",
            photos=[("desk.png", PNG)],
        )
    assert list(reception.cases.all()) == [case]
    assert reception.photos.count() == 1


def _attended_shift(world: World, day: date) -> None:
    from lianxi.liaison.models import Shift

    start = timezone.make_aware(datetime.combine(day, time(9)))
    shift = Shift.objects.create(
        station=world.station_a, kind="regular", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    Duty.objects.create(shift=shift, deputy=world.deputy_a, attendance="attended")


def test_rules_evaluated_against_hand_computed_figures(world: World) -> None:
    world.deputy_a.level = "county"
    world.deputy_a.save()
    rule = LiaisonRule.objects.create(
        level="county",
        year=2026,
        min_visits=4,
        min_people_per_visit=5,
        min_shifts=6,
        max_answer_workdays=5,
        min_trainings=0,
    )
    for day, people in [(date(2026, 3, 2), 10), (date(2026, 4, 8), 4), (date(2026, 5, 20), 7)]:
        v = Visit.objects.create(
            author=world.deputy_a,
            date=day,
            community=world.community1,
            method="home",
            people_met=people,
            status="approved",
        )
        v.deputies.add(world.deputy_a)
    returned = Visit.objects.create(
        author=world.deputy_a,
        date=date(2026, 6, 1),
        community=world.community1,
        method="home",
        people_met=50,
        status="returned",
    )
    returned.deputies.add(world.deputy_a)
    for day in [date(2026, 1, 14), date(2026, 2, 11)]:
        _attended_shift(world, day)
    # One case answered Mon 9 Mar for one accepted Mon 2 Mar: 5 working days.
    from lianxi.cases.actions import submit_case

    intake = Intake(
        kind="opinion",
        title="道路积水问题",
        content="雨后道路积水严重，需要疏通。",
        channel="deputy",
        target_deputy=world.deputy_a,
        community=world.community1,
    )
    case = submit_case(world["deputy_a"], data=intake).case
    tz = timezone.get_current_timezone()
    Case.objects.filter(pk=case.pk).update(
        deputy=world.deputy_a,
        submitted_at=datetime(2026, 3, 1, 10, tzinfo=tz),
        accepted_at=datetime(2026, 3, 2, 10, tzinfo=tz),
        first_answer_at=datetime(2026, 3, 11, 10, tzinfo=tz),  # Wed: 7 working days
    )
    standing = compliance.evaluate(world.deputy_a, 2026, today=date(2026, 7, 2), rule=rule)
    got = {m.key: (m.actual, m.light) for m in standing.measures}
    # Half the year gone (182/365 ≈ 0.499): 3 visits ≥ 4×0.499 → amber; 21/3 = 7.0 people
    # per visit → green; 2 shifts < 6×0.499 → red; 7 working days > 5 but ≤ 7.5 → amber.
    assert got["visits"] == (3, "amber")
    assert got["people"] == (7.0, "green")
    assert got["shifts"] == (2, "red")
    assert got["answer"] == (7.0, "amber")
    assert got["trainings"] == (0, "green")
    assert standing.light == "red"


def test_monthly_reminders_are_sent_once(world: World) -> None:
    world.deputy_a.level = "county"
    world.deputy_a.save()
    LiaisonRule.objects.create(level="county", year=2026, min_visits=12, min_shifts=10)
    day = date(2026, 9, 1)
    assert actions.send_compliance_reminders(None, today=day) == 1
    first = OutboxMessage.objects.filter(channel="inapp").count()
    assert OutboxMessage.objects.filter(channel="inapp", user=world["deputy_a"]).count() == 1
    assert OutboxMessage.objects.filter(channel="inapp", user=world["committee"]).count() == 1
    actions.send_compliance_reminders(None, today=day)
    assert OutboxMessage.objects.filter(channel="inapp").count() == first
    actions.send_compliance_reminders(None, today=date(2026, 10, 1))
    assert OutboxMessage.objects.filter(channel="inapp", user=world["deputy_a"]).count() == 2


def test_rules_are_set_by_committee_only(world: World) -> None:
    values = {
        "min_visits": 4,
        "min_people_per_visit": 5,
        "min_shifts": 6,
        "max_answer_workdays": 5,
        "min_trainings": 2,
    }
    with pytest.raises(NotAllowed):
        actions.save_rule(world["staff_a"], level="county", year=2026, values=values)
    rule = actions.save_rule(world["committee"], level="county", year=2026, values=values)
    assert rule.min_trainings == 2
    with pytest.raises(InvalidInput):
        actions.save_rule(
            world["committee"], level="county", year=2026, values=values | {"min_visits": -1}
        )
    assert LiaisonRule.objects.get().min_visits == 4


def test_a_year_without_rules_carries_the_latest_earlier_year_forward(world: World) -> None:
    level = world.deputy_a.level
    LiaisonRule.objects.create(level=level, year=2025, min_visits=9)
    LiaisonRule.objects.create(level=level, year=2026, min_visits=4)
    standing = compliance.evaluate(world.deputy_a, 2027, today=date(2027, 1, 1))
    assert standing.rule is not None and standing.rule.year == 2026
    assert standing.inherited_from == 2026 and len(standing.measures) == 5
    [many] = compliance.evaluate_many([world.deputy_a], 2027, date(2027, 1, 1))
    assert many.inherited_from == 2026 and many.measures[0].required == 4
    # A year before any rule has none; a year with its own uses it.
    assert compliance.evaluate(world.deputy_a, 2024).rule is None
    assert compliance.evaluate(world.deputy_a, 2025).inherited_from is None


def test_carrying_rules_forward_is_committee_only_and_once(world: World) -> None:
    LiaisonRule.objects.create(level="county", year=2026, min_visits=7, min_trainings=3)
    LiaisonRule.objects.create(level="city", year=2025, min_visits=5)
    with pytest.raises(NotAllowed):
        actions.carry_rules_forward(world["staff_a"], year=2027)
    made = actions.carry_rules_forward(world["committee"], year=2027)
    assert sorted((r.level, r.min_visits) for r in made) == [("city", 5), ("county", 7)]
    assert LiaisonRule.objects.get(level="county", year=2027).min_trainings == 3
    done = AuditEvent.objects.filter(action="liaison.carry_rules_forward", outcome="ok")
    assert done.count() == 2
    with pytest.raises(InvalidInput):
        actions.carry_rules_forward(world["committee"], year=2027)
    # Changing a carried-forward year's rule later does not touch the old year's.
    assert LiaisonRule.objects.get(level="county", year=2026).min_visits == 7


def test_monthly_reminders_in_january_use_last_years_rules(world: World) -> None:
    world.deputy_a.level = "county"
    world.deputy_a.save()
    LiaisonRule.objects.create(level="county", year=2026, min_visits=12, min_shifts=10)
    # By March a deputy with nothing done is behind under the carried-forward rules.
    assert actions.send_compliance_reminders(None, today=date(2027, 3, 1)) == 1
    assert OutboxMessage.objects.filter(channel="inapp", user=world["deputy_a"]).count() == 1
