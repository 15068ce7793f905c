"""quality.md row 5, workflow authorisation as a full matrix: every step of the case state
machine (and publication), tried by every persona in every state a case can be in. Only the
designated role, in a state the step starts from, succeeds; every other try is refused and
leaves the case as it was. lianxi/cases/tests/test_workflow.py walks the paths and refuses
wrong roles for five steps from their own state; this covers each step × persona × state."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from conftest import World
from lianxi.cases import actions
from lianxi.cases.models import Case, OutOfScopeRule
from lianxi.cases.publish import publish_case
from lianxi.cases.workflow import TRANSITIONS
from lianxi.core.errors import ActionError

PERSONAS = [
    "anonymous", "admin", "committee", "committee_d1", "staff_a", "staff_b", "deputy_a",
    "deputy_b", "handler_x", "handler_y", "citizen",
]  # fmt: skip
TRIAGE = {"admin", "committee", "committee_d1"}  # committee_d1's district holds the case
DESIGNATED = {
    "accept": TRIAGE, "decline": TRIAGE, "merge": TRIAGE, "unmerge": TRIAGE, "reassign": TRIAGE,
    "reroute": TRIAGE, "publish": TRIAGE,
    "reply": {"deputy_a"}, "refer": {"deputy_a"}, "report_back": {"deputy_a"},
    "dept_accept": {"handler_x"}, "dept_return": {"handler_x"}, "dept_answer": {"handler_x"},
    "rate": {"citizen"}, "reopen": {"citizen"},
}  # fmt: skip
STEPS: dict[str, Any] = {
    "accept": lambda u, c, w, x: actions.accept_case(u, case=c),
    "decline": lambda u, c, w, x: actions.decline_case(u, case=c, rule=x["rule"]),
    "merge": lambda u, c, w, x: actions.merge_case(u, case=c, into=x["other"]),
    "unmerge": lambda u, c, w, x: actions.unmerge_case(u, case=c, reason="合并有误，是两件事"),
    "reassign": lambda u, c, w, x: actions.reassign_case(u, case=c, deputy=w.deputy_a),
    "reroute": lambda u, c, w, x: actions.reroute_case(u, case=c, lead=w.dept_y),
    "reply": lambda u, c, w, x: actions.reply_to_case(u, case=c, text="我已经联系街道，明天到场处理。"),
    "refer": lambda u, c, w, x: actions.refer_case(u, case=c, lead=w.dept_x),
    "report_back": lambda u, c, w, x: actions.report_back(u, case=c, text="住建局已安排维修，请留意。"),
    "dept_accept": lambda u, c, w, x: actions.department_accept(u, case=c),
    "dept_return": lambda u, c, w, x: actions.department_return(
        u, case=c, reason="不属于本局职责，应由其他部门办理"
    ),
    "dept_answer": lambda u, c, w, x: actions.department_answer(
        u, case=c, text="已安排维保单位更换主板，本周五前恢复运行。", result_class="A"
    ),
    # Not solved, so that the closed case may be reopened (once).
    "rate": lambda u, c, w, x: actions.rate_case(
        u, case=c, deputy_rating="satisfied", department_rating="unsatisfied"
    ),
    "reopen": lambda u, c, w, x: actions.reopen_case(u, case=c, reason="问题还没有解决，请再看看"),
    "publish": lambda u, c, w, x: publish_case(u, case=c),
}  # fmt: skip
# Each state a case can be in, and the designated steps that lead there from intake.
PATHS = {
    "submitted": [],
    "assigned": ["accept"],
    "referred": ["accept", "refer"],
    "returned": ["accept", "refer", "dept_return"],
    "in_progress": ["accept", "refer", "dept_accept"],
    "answered": ["accept", "refer", "dept_accept", "dept_answer"],
    "reported": ["accept", "refer", "dept_accept", "dept_answer", "report_back"],
    "closed": ["accept", "refer", "dept_accept", "dept_answer", "report_back", "rate"],
    "declined": ["decline"],
    "merged": ["merge"],
}
SOURCES = {step: sources for step, (sources, _to) in TRANSITIONS.items()}
SOURCES["publish"] = frozenset({"closed"})  # a closed case whose citizen consented


@pytest.fixture
def rule(db: Any) -> OutOfScopeRule:
    return OutOfScopeRule.objects.get(name="已进入诉讼程序")  # shipped by a migration


def who(world: World, persona: str) -> Any:
    return AnonymousUser() if persona == "anonymous" else world[persona]


def test_the_matrix_covers_every_transition() -> None:
    users_steps = set(TRANSITIONS) - {"close_unrated"}  # the periodic job's, below
    assert set(DESIGNATED) == users_steps | {"publish"}
    assert set(PATHS) == {s for sources, to in TRANSITIONS.values() for s in (*sources, to)}


@pytest.mark.parametrize("state", list(PATHS))
def test_only_the_designated_role_in_a_valid_state_moves_the_case(
    world: World, submit: Any, rule: Any, state: str
) -> None:
    extra = {"rule": rule, "other": submit(title="同一部电梯又坏了")}
    case = submit(actor=world["citizen"])
    Case.objects.filter(pk=case.pk).update(consent_to_publish=True)
    case.refresh_from_db()
    for step in PATHS[state]:
        case = STEPS[step](world[sorted(DESIGNATED[step])[0]], case, world, extra)
    assert case.status == state
    violations = []
    tries = 0
    for step, call in STEPS.items():
        for persona in PERSONAS:
            should = persona in DESIGNATED[step] and state in SOURCES[step]
            before = Case.objects.values_list("status", "version", "is_published").get(pk=case.pk)
            fresh = Case.objects.get(pk=case.pk)
            with transaction.atomic():
                try:
                    call(who(world, persona), fresh, world, extra)
                    moved = True
                except ActionError:
                    moved = False
                after = Case.objects.values_list("status", "version", "is_published").get(
                    pk=case.pk
                )
                transaction.set_rollback(True)
            tries += 1
            if moved != should:
                violations.append(
                    f"{step} by {persona} in {state}: {'ran' if moved else 'refused'}"
                )
            if not moved:
                assert after == before, f"{step} by {persona} in {state} changed the case"
    assert not violations, violations
    assert tries == len(STEPS) * len(PERSONAS)


@pytest.mark.parametrize("state", list(PATHS))
def test_closing_unrated_runs_only_after_the_window_from_reported(
    world: World, submit: Any, rule: Any, state: str
) -> None:
    """The periodic job's step (no route calls it): only a reported case past the window."""
    extra = {"rule": rule, "other": submit(title="同一部电梯又坏了")}
    case = submit(actor=world["citizen"])
    for step in PATHS[state]:
        case = STEPS[step](world[sorted(DESIGNATED[step])[0]], case, world, extra)
    Case.objects.filter(pk=case.pk).update(reported_at=timezone.now() - timedelta(days=8))
    case.refresh_from_db()
    if state == "reported":
        assert actions.close_unrated(None, case=case).status == "closed"
    else:
        with pytest.raises(ActionError):
            actions.close_unrated(None, case=case)
