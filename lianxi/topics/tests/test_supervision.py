"""每月一题: proposals from recurring problems; idempotent; one click to plan an activity."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from lianxi.cases.models import Case, Rating, Referral
from lianxi.core.errors import IllegalTransition, NotAllowed
from lianxi.topics import actions
from lianxi.topics.models import SupervisionTopic, TopicStatus

pytestmark = pytest.mark.django_db


def _referred(world: World, submit: Any, n: int, *, late: bool, unhappy: bool, when: Any) -> None:
    for i in range(n):
        case = submit(title=f"小区停车收费混乱{i}")
        referral = Referral.objects.create(
            case=case,
            department=world.dept_x,
            role="lead",
            status="answered",
            referred_at=when,
            due_date=(when + timedelta(days=10)).date(),
            accept_by=(when + timedelta(days=3)).date(),
            answered_at=when + timedelta(days=20 if late else 5),
        )
        assert referral.pk
        Rating.objects.create(
            case=case,
            deputy_rating="satisfied",
            department_rating="unsatisfied" if unhappy else "satisfied",
            rated_at=when + timedelta(days=25),
        )


def test_recurring_problem_is_proposed_once(world: World, submit: Any) -> None:
    month = timezone.localdate().replace(day=1)
    when = timezone.now().replace(day=1) - timedelta(days=20)
    _referred(world, submit, 10, late=True, unhappy=True, when=when)
    first = actions.propose_topics(None, month=month)
    again = actions.propose_topics(None, month=month)
    assert len(first) == 1 and [t.pk for t in first] == [t.pk for t in again]
    topic = SupervisionTopic.objects.get()
    assert topic.department == world.dept_x and topic.cases == 10
    assert topic.overdue == 10 and topic.unsatisfied == 10 and topic.rated == 10


def test_few_or_well_handled_cases_are_not_proposed(world: World, submit: Any) -> None:
    month = timezone.localdate().replace(day=1)
    when = timezone.now().replace(day=1) - timedelta(days=20)
    _referred(world, submit, 10, late=False, unhappy=False, when=when)
    assert actions.propose_topics(None, month=month) == []
    Case.objects.all().delete()
    _referred(world, submit, 3, late=True, unhappy=True, when=when)
    assert actions.propose_topics(None, month=month) == []


def test_decisions_survive_a_rerun_and_are_committee_only(world: World, submit: Any) -> None:
    month = date.today().replace(day=1)
    when = timezone.now().replace(day=1) - timedelta(days=20)
    _referred(world, submit, 9, late=True, unhappy=False, when=when)
    topic = actions.propose_topics(None, month=month)[0]
    with pytest.raises(NotAllowed):
        actions.decide_topic(world.users["deputy_a"], topic=topic, adopt=True)
    actions.decide_topic(world.users["committee"], topic=topic, adopt=True)
    with pytest.raises(IllegalTransition):
        actions.decide_topic(world.users["committee"], topic=topic, adopt=False)
    actions.propose_topics(None, month=month)
    assert SupervisionTopic.objects.get().status == TopicStatus.ADOPTED


def test_topics_page_and_one_click(client: Any, login: Any, world: World, submit: Any) -> None:
    month = timezone.localdate().replace(day=1)
    when = timezone.now().replace(day=1) - timedelta(days=20)
    _referred(world, submit, 9, late=True, unhappy=True, when=when)
    topic = actions.propose_topics(None, month=month)[0]
    login(world.users["deputy_a"])
    assert client.get(reverse("topics_work:topics")).status_code == 404
    login(world.users["committee"])
    html = client.get(reverse("topics_work:topics")).content.decode()
    assert world.dept_x.name in html
    response = client.post(
        reverse("topics_work:decide", args=[topic.pk]),
        {"decision": "adopt", "kind": "enforcement"},
    )
    assert response.status_code == 302
    # One click on to the committee's activity form, as a law-enforcement check.
    assert response["Location"].startswith(reverse("committee_work:activity_new"))
    assert "kind=enforcement" in response["Location"]
    topic.refresh_from_db()
    assert topic.status == TopicStatus.ADOPTED and topic.decided_by == world.users["committee"]
