from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases.actions import accept_case
from lianxi.cases.routing import suggest_category, suggest_department
from lianxi.core.errors import NotAllowed
from lianxi.directory.models import Category
from lianxi.insight import actions
from lianxi.insight.models import RoutingModel, RoutingSuggestion
from lianxi.insight.routing import service
from lianxi.insight.tasks import retrain_routing

PUMP = "蓝鲸泵站轰鸣声震耳"  # words the taxonomy does not know


def test_cold_start_from_taxonomy(world: World) -> None:
    category, confidence = suggest_category("幸福里小区物业费又涨了，物业公司保洁也不到位")
    assert category is not None and category.name == "物业管理"
    assert 0 < confidence <= 1
    school, _ = suggest_category("孩子上学的学校食堂饭菜太差，学生吃不饱")
    assert school is not None and school.parent is not None and school.parent.name == "教育文体"
    assert service.current()[0] is None  # no trained model yet: the taxonomy alone


def test_submit_records_suggestion(world: World, submit: Any) -> None:
    case = submit("小区电梯长期故障", "青石社区3栋电梯已经停运两周，物业公司不管，请尽快维修。")
    suggestion = RoutingSuggestion.objects.get(case=case)
    assert suggestion.applied
    assert suggestion.category_id == case.category_id
    assert case.category is not None and case.category.name == "物业管理"
    chosen = Category.objects.get(name="市政设施")
    other = submit(
        "小区电梯长期故障", "青石社区3栋电梯已经停运两周，物业公司不管。", category=chosen
    )
    row = RoutingSuggestion.objects.get(case=other)
    assert not row.applied and other.category == chosen


def test_corrections_improve_suggestions(world: World, submit: Any) -> None:
    before, _ = suggest_category(f"{PUMP}，晚上睡不着")
    target = Category.objects.filter(level=2).exclude(pk=getattr(before, "pk", None)).first()
    assert target is not None
    committee = world.users["committee"]
    for i in range(6):
        case = submit(f"{PUMP}{i}号", f"{PUMP}，第{i}天了，附近居民晚上都睡不着，请处理。")
        accept_case(committee, case=case, category=target)
    rows = RoutingSuggestion.objects.filter(corrected_category=target)
    assert rows.count() == 6
    assert all(r.corrected_by == committee for r in rows)
    assert AuditEvent.objects.filter(action="cases.accept", data__category=target.pk).count() == 6

    assert retrain_routing() == 1
    service.forget()
    after, confidence = suggest_category(f"{PUMP}，晚上睡不着")
    assert after == target
    assert confidence > 0.3


def test_retrain_is_idempotent_and_writes_a_file(world: World, submit: Any) -> None:
    submit("小区电梯长期故障", "青石社区3栋电梯已经停运两周，物业公司不管，请尽快维修。")
    assert retrain_routing() == 1
    assert retrain_routing() is None  # nothing changed
    row = RoutingModel.objects.get()
    path = Path(row.path)
    assert path.is_file() and path.stat().st_size == row.size_bytes
    assert path.is_relative_to(service.model_dir())
    assert row.is_active and row.samples >= row.categories and row.training_seconds > 0
    assert AuditEvent.objects.filter(action="insight.retrain").count() == 1
    call_command("routing_retrain", "--force", stdout=None)
    assert RoutingModel.objects.filter(is_active=True).get().version == 2
    service.forget()
    assert service.current()[0] == RoutingModel.objects.get(version=2).pk


def test_holdout_metrics_once_history_is_large(world: World, submit: Any) -> None:
    from lianxi.cases.models import Case
    from lianxi.insight.routing.synthetic import generate

    codes = {c.code: c for c in Category.objects.filter(level=2)}
    cases = [
        Case(
            tracking_number=f"T{i:08d}",
            kind="complaint",
            title=text[:20],
            content=text,
            channel="online",
            category=codes[code],
            submitted_at=timezone.now(),
        )
        for i, (text, code) in enumerate(generate(260, seed=5))
        if code in codes
    ]
    Case.objects.bulk_create(cases)
    row = actions.retrain(None)
    assert row.metrics["holdout"] >= 50
    assert row.metrics["macro_f1"] > 0.3
    assert row.source == RoutingModel.Source.HISTORY


def test_department_is_learnt_from_referrals(world: World, submit: Any) -> None:
    from lianxi.cases.models import Referral

    for i in range(3):
        for dept, text in ((world.dept_x, "楼盘开发商延期交房"), (world.dept_y, "超市卖过期食品")):
            case = submit(f"{text}{i}", f"{text}，已经{i + 2}个月，请相关部门调查处理。")
            Referral.objects.create(
                case=case, department=dept, role="lead", referred_at=case.submitted_at,
                due_date=case.submitted_at.date(), accept_by=case.submitted_at.date(),
            )  # fmt: skip
    retrain_routing()
    service.forget()
    dept, confidence = suggest_department("超市卖过期食品，请调查")
    assert dept == world.dept_y and confidence > 0.5
    dept, _ = suggest_department("开发商延期交房两个月")
    assert dept == world.dept_x


def test_request_retrain_is_for_committee_and_admin(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with pytest.raises(NotAllowed):
        actions.request_retrain(world.users["deputy_a"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_retrain(world.users["committee"])
    row = RoutingModel.objects.get()
    assert row.trained_by == world.users["committee"]
    assert AuditEvent.objects.filter(action="insight.request_retrain", outcome="ok").count() == 1
    assert (
        AuditEvent.objects.filter(action="insight.request_retrain", outcome="denied").count() == 1
    )
