"""The demo cases: generated through the real actions, spread over every state, backdated
consistently, with the outbox quiet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from lianxi.accounts.models import User
from lianxi.audit.log import verify_chain
from lianxi.audit.models import AuditEvent
from lianxi.cases import workflow
from lianxi.cases.actions import find_by_tracking
from lianxi.cases.choices import Status
from lianxi.cases.demo.generate import NOT_DELIVERED, generate_cases
from lianxi.cases.models import Case, CaseEvent, Referral
from lianxi.core.tests.rollback import built_once
from lianxi.core.workdays import add_workdays
from lianxi.directory.demo.city import generate_city
from lianxi.notifications.models import OutboxMessage

COUNT = 60
# Timeline step → workflow step (the other steps change no state).
STEP_OF_EVENT = {
    "accepted": "accept",
    "declined": "decline",
    "merged": "merge",
    "replied": "reply",
    "dept_accepted": "dept_accept",
    "dept_returned": "dept_return",
    "dept_answered": "dept_answer",
    "reported": "report_back",
    "rated": "rate",
    "closed_unrated": "close_unrated",
    "reopened": "reopen",
}


@pytest.fixture(scope="module")
def demo_cases(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """A small city with 60 cases, rolled back when the module is done."""

    def build() -> dict[str, Any]:
        generate_city(seed=2, size="small")
        return generate_cases(seed=2, count=COUNT)

    yield from built_once(django_db_blocker, build)


@pytest.fixture
def demo(demo_cases: dict[str, Any], db: Any) -> dict[str, Any]:
    return demo_cases


def test_every_state_and_outcome_appears(demo: dict[str, Any]) -> None:
    assert demo["cases"] == Case.objects.count() == COUNT
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    outcomes = set(Case.objects.values_list("outcome", flat=True))
    assert {"solved", "not_solved", "unrated", "declined", "merged"} <= outcomes
    assert Case.objects.filter(reopen_count=1).exists()
    assert Case.objects.filter(status="declined", decline_rule__isnull=False).exists()
    assert Case.objects.filter(status="merged", merged_into__isnull=False).exists()
    published = Case.objects.filter(is_published=True)
    assert published.exists() and demo["published"] == published.count()
    assert not published.exclude(status="closed").exists()
    assert not published.filter(consent_to_publish=False).exists()
    today = timezone.localdate()
    assert Case.objects.open().filter(due_date__lt=today).exists(), "some cases are overdue"
    channels = set(Case.objects.values_list("channel", flat=True))
    assert {"online", "station", "deputy", "hotline"} <= channels
    assert Case.objects.filter(is_anonymous=True).exists()
    assert Case.objects.exclude(contact_phone_hash="").count() > COUNT // 2


def test_texts_are_varied_and_sized(demo: dict[str, Any]) -> None:
    titles = list(Case.objects.values_list("title", flat=True))
    contents = list(Case.objects.values_list("content", flat=True))
    assert all(8 <= len(t) <= 30 for t in titles)
    assert all(40 <= len(c) <= 400 for c in contents)
    assert len(set(contents)) == len(contents)
    assert len(set(titles)) > len(titles) // 2


def test_answers_and_ratings_are_there(demo: dict[str, Any]) -> None:
    classes = set(Referral.objects.exclude(result_class="").values_list("result_class", flat=True))
    assert len(classes) >= 2
    assert Referral.objects.filter(status="returned").exists()
    assert CaseEvent.objects.filter(step="reported", text__contains="答复").exists()
    assert CaseEvent.objects.filter(step="replied").exists()


def test_no_case_is_half_made(demo: dict[str, Any]) -> None:
    """Replaying each timeline, in time order, through the state machine gives the status."""
    now = timezone.now()
    for case in Case.objects.prefetch_related("events"):
        events = sorted(case.events.all(), key=lambda e: (e.at, e.id))
        assert events[0].step == "submitted" and events[0].public
        assert abs(events[0].at - case.submitted_at) < timedelta(seconds=1)
        assert now - timedelta(days=367) < case.submitted_at < now
        state = Status.SUBMITTED
        for event in events:
            assert case.submitted_at - timedelta(seconds=1) <= event.at <= now
            if event.step == "referred":
                step = "reroute" if state == Status.RETURNED else "refer"
            else:
                step = STEP_OF_EVENT.get(event.step, "")
            if step:
                state = workflow.target(step, state)
        assert state == case.status, case.tracking_number
        assert case.tracking_number.startswith(f"{timezone.localdate(case.submitted_at):%y%m%d}")
        if case.closed_at:
            assert case.closed_at >= case.submitted_at


def test_due_dates_follow_the_backdated_referral(demo: dict[str, Any]) -> None:
    referrals = Referral.objects.select_related("case__category")
    assert referrals.exists()
    for referral in referrals:
        start = timezone.localdate(referral.referred_at)
        limit = referral.case.category.time_limit_days  # type: ignore[union-attr]
        assert referral.due_date == add_workdays(start, limit)
        assert referral.referred_at >= referral.case.submitted_at
    for case in Case.objects.filter(referrals__isnull=False).distinct():
        last = case.referrals.order_by("-id").first()
        assert last is not None and case.due_date == last.due_date


def test_the_demo_citizen_sees_some_of_their_own(demo: dict[str, Any]) -> None:
    citizen = User.objects.get(username="citizen")
    own = Case.objects.visible_to(citizen)
    assert 1 <= own.count() < COUNT
    assert own.filter(status="closed").exists() or own.exclude(status="closed").exists()


def test_tracking_pair_works(demo: dict[str, Any]) -> None:
    example = demo["example"]
    case = find_by_tracking(example["tracking_number"], example["query_code"])
    assert case is not None


def test_outbox_is_quiet_and_audit_is_intact(demo: dict[str, Any]) -> None:
    assert OutboxMessage.objects.exists()
    assert not OutboxMessage.objects.filter(status="pending").exists()
    assert OutboxMessage.objects.filter(last_error=NOT_DELIVERED, channel="sms").exists()
    # Messages carry the final tracking numbers.
    numbers = set(Case.objects.values_list("tracking_number", flat=True))
    sms = OutboxMessage.objects.filter(channel="sms").first()
    assert sms is not None and any(n in sms.body for n in numbers)
    # Every step was a real action, with its audit event; the chain still verifies.
    actions = dict(
        AuditEvent.objects.filter(action__startswith="cases.")
        .values_list("action")
        .annotate(n=Count("id"))
    )
    assert actions["cases.submit"] == COUNT
    for name in ("cases.accept", "cases.refer", "cases.dept_answer", "cases.rate"):
        assert actions.get(name, 0) > 0
    assert verify_chain() == (True, None)


def test_command_refuses_without_city_and_skips_when_cases_exist(
    demo: dict[str, Any],
) -> None:
    out = StringIO()
    call_command("demo_cases", "--count", "5", stdout=out, verbosity=0)
    assert "跳过" in out.getvalue()
    assert Case.objects.count() == COUNT


def test_committee_work_waits_in_the_demo(demo: dict[str, Any]) -> None:
    """Reply templates to pick from, cases waiting for publication and one held (issue 26)."""
    from lianxi.cases.models import ReplyTemplate
    from lianxi.cases.queues import queue

    today = timezone.localdate()
    assert Case.objects.filter(queue("publish", "committee", today)).exists()
    assert Case.objects.filter(queue("held", "committee", today)).count() == 1
    templates = ReplyTemplate.objects.all()
    assert templates.filter(owner__isnull=True).count() == 1
    assert templates.filter(
        owner__isnull=False,
        shared_station__isnull=True,
        shared_department__isnull=True,
        shared_area__isnull=True,
    ).exists()
    assert templates.filter(shared_department__isnull=False).exists()


def test_an_appeal_waits_for_the_committee(demo: dict[str, Any]) -> None:
    from lianxi.cases.models import RatingAppeal

    assert RatingAppeal.objects.filter(status="pending").count() == 1


def test_problems_happen_where_they_can(demo: dict[str, Any]) -> None:
    """No farm irrigation at a block of flats, no lift at a crossroads (issue 22)."""
    rows = list(Case.objects.values_list("title", "content", "community__name"))
    assert rows
    for title, content, community in rows:
        text = title + content
        if any(w in text for w in ("农田", "灌溉", "养猪场", "村道")):
            assert community and community.endswith("村"), (title, community)
        if community and not community.endswith("村"):
            assert "农田灌溉" not in text, title
        if "电梯" in content:
            assert "交叉口" not in content, content


def test_each_problem_gets_a_place_of_its_kind() -> None:
    """Composed many times: farmland only in villages, lifts only in blocks of flats."""
    from types import SimpleNamespace

    from lianxi.cases.demo import texts
    from lianxi.cases.demo.generate import CaseGenerator

    gen = CaseGenerator(seed=7, count=1)
    town = SimpleNamespace(name="工农里")
    village = SimpleNamespace(name="青石村")
    farm = SimpleNamespace(code="0801")
    housing = SimpleNamespace(code="0102")
    assert "0801" in texts.PROBLEMS and "0102" in texts.PROBLEMS
    assert texts.rural_category("0801") and not texts.rural_category("0102")
    for _ in range(200):
        _kind, _title, content, _issue = gen.compose(farm, village)  # type: ignore[arg-type]
        assert "栋" not in content and "交叉口" not in content, content
        _kind, _title, content, _issue = gen.compose(housing, town)  # type: ignore[arg-type]
        if "电梯" in content:
            assert "交叉口" not in content and "号" not in content.split("电梯")[0][-12:], content
