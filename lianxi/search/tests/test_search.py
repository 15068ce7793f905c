"""The search itself, on the database under test: words, phrases, filters, order, and above all
visibility — nobody finds what they may not see, the public never the citizen's data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from conftest import CANARY_NAME, CANARY_PHONE, World
from lianxi.cases import actions
from lianxi.cases.models import Case
from lianxi.directory.models import Category
from lianxi.search.cases import CaseFilters
from lianxi.search.models import Document
from lianxi.search.service import Params, search

pytestmark = pytest.mark.django_db(transaction=False)


def found(user: Any, q: str, *, public: bool = False, **kwargs: Any) -> list[int]:
    filters = kwargs.pop("filters", CaseFilters())
    results = search(user, Params(q=q, kind="case", filters=filters, **kwargs), public=public)
    return [row.object_id for row in results.rows]


def test_two_character_words_and_every_word(world: World, submit: Any) -> None:
    lift = submit(title="小区电梯长期故障", content="三栋的电梯停运两周，老人上下楼很困难。")
    light = submit(title="路灯不亮影响出行", content="幸福路的路灯坏了一个月，晚上很黑。")
    admin = world["admin"]
    assert found(admin, "电梯") == [lift.pk]
    assert found(admin, "路灯") == [light.pk]
    assert found(admin, "电梯 老人") == [lift.pk]
    assert found(admin, "电梯 路灯") == []  # both words must be there
    assert found(admin, "电梯坏了") == [lift.pk]  # 了 and 坏 are not required
    assert found(admin, "停车") == []


def test_phrases_must_appear_as_written(world: World, submit: Any) -> None:
    together = submit(title="老旧小区加装电梯难", content="我们想加装电梯，但审批一直谈不下来。")
    apart = submit(title="加装护栏的建议", content="楼道里的电梯口很危险，建议加装护栏。")
    admin = world["admin"]
    assert sorted(found(admin, "加装 电梯")) == sorted([together.pk, apart.pk])
    assert found(admin, '"加装电梯"') == [together.pk]
    assert found(admin, "“加装电梯”") == [together.pk]


def test_each_role_finds_only_the_cases_it_may_see(world: World, submit: Any) -> None:
    mine = submit(title="电梯故障无人维修", community=world.community1)  # deputy A, station A
    other = submit(title="电梯噪音扰民严重", community=world.community2)  # deputy B, station B
    assert sorted(found(world["admin"], "电梯")) == sorted([mine.pk, other.pk])
    assert sorted(found(world["committee"], "电梯")) == sorted([mine.pk, other.pk])
    assert found(world["committee_d1"], "电梯") == [mine.pk]
    assert found(world["deputy_a"], "电梯") == [mine.pk]
    assert found(world["deputy_b"], "电梯") == [other.pk]
    assert found(world["staff_a"], "电梯") == [mine.pk]
    assert found(world["handler_x"], "电梯") == []  # nothing referred to the department yet
    assert found(world["citizen"], "电梯") == []
    assert found(AnonymousUser(), "电梯") == []
    assert found(AnonymousUser(), "电梯", public=True) == []  # not published


def test_department_sees_cases_referred_to_it(world: World, submit: Any) -> None:
    case = submit(title="电梯故障无人维修")
    case = actions.accept_case(world["committee"], case=case)
    actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    assert found(world["handler_x"], "电梯") == [case.pk]
    assert found(world["handler_y"], "电梯") == []
    assert found(world["admin"], "电梯", filters=CaseFilters(department_id=world.dept_x.pk)) == [
        case.pk
    ]
    assert found(world["admin"], "电梯", filters=CaseFilters(department_id=world.dept_y.pk)) == []


def test_public_search_shows_published_cases_and_never_personal_data(
    world: World, submit: Any, published: Any
) -> None:
    case = published()
    hidden = submit(title="路灯损坏需要维修", consent_to_publish=True)
    anonymous = AnonymousUser()
    assert found(anonymous, "路灯", public=True) == [case.pk]
    assert found(world["citizen"], "路灯", public=True) == [case.pk]
    assert hidden.pk not in found(anonymous, "路灯", public=True)
    results = search(anonymous, Params(q="路灯 更换"), public=True)  # the deputy's reply
    assert [r.object_id for r in results.rows] == [case.pk]
    shown = " ".join(str(r.title) + str(r.snippet) for r in results.rows)
    assert CANARY_PHONE not in shown and CANARY_NAME not in shown
    assert "139****5678" in shown
    # The citizen's name and number are not in the index at all, for anyone.
    for user, public in ((anonymous, True), (world["admin"], False)):
        assert found(user, CANARY_NAME, public=public) == []
        assert found(user, CANARY_PHONE, public=public) == []
    stored = Document.objects.get(kind="case", object_id=case.pk)
    for column in (stored.title, stored.body, stored.title_tokens, stored.body_tokens):
        assert CANARY_PHONE not in column and CANARY_NAME not in column


def test_unpublishing_hides_the_case_again(world: World, published: Any) -> None:
    from lianxi.cases.publish import unpublish_case

    case = published()
    unpublish_case(world["committee"], case=case)
    assert found(AnonymousUser(), "路灯", public=True) == []


def test_filters(world: World, submit: Any) -> None:
    roads = Category.objects.create(code="T1", name="市政设施")
    lamps = Category.objects.create(code="T101", name="路灯", parent=roads)
    lift = Category.objects.create(code="T2", name="物业管理")
    a = submit(title="电梯和路灯都坏了", category=lamps, community=world.community1)
    b = submit(title="电梯长期故障", category=lift, community=world.community2)
    admin = world["admin"]

    def with_filters(**kwargs: Any) -> list[int]:
        return found(admin, "电梯", filters=CaseFilters(**kwargs))

    assert with_filters(category=roads) == [a.pk]  # a parent covers its children
    assert with_filters(category=lift) == [b.pk]
    assert with_filters(area=world.district1) == [a.pk]
    assert with_filters(area=world.street2) == [b.pk]
    assert with_filters(deputy_id=world.deputy_b.pk) == [b.pk]
    assert with_filters(deputy_name="李明") == [a.pk]
    actions.accept_case(world["committee"], case=a)
    assert with_filters(status="assigned") == [a.pk]
    assert with_filters(status="submitted") == [b.pk]
    today = timezone.localdate()
    assert sorted(found(admin, "电梯", start=today, end=today)) == sorted([a.pk, b.pk])
    assert found(admin, "电梯", end=today - timedelta(days=1)) == []
    assert found(admin, "电梯", start=today + timedelta(days=1)) == []


def test_sort_by_relevance_or_by_date(world: World, submit: Any) -> None:
    weak = submit(title="关于小区绿化的意见", content="小区绿化太少，另外电梯偶尔有异响。")
    strong = submit(title="电梯故障", content="电梯又坏了，电梯维修工三天没来，电梯里还困过人。")
    newest = submit(title="楼道堆物问题", content="楼道堆满杂物，电梯口也被堵住。")
    old = timezone.now() - timedelta(days=30)
    Case.objects.filter(pk=strong.pk).update(submitted_at=old)
    Document.objects.filter(kind="case", object_id=strong.pk).update(at=old)
    admin = world["admin"]
    assert found(admin, "电梯")[0] == strong.pk
    assert found(admin, "电梯", sort="date") == [newest.pk, weak.pk, strong.pk]


def test_pages_and_the_cap(world: World, submit: Any, monkeypatch: Any) -> None:
    from lianxi.search import engine

    for i in range(5):
        submit(title=f"电梯故障第{i + 1}次", content="电梯又坏了，请尽快维修，老人上下楼困难。")
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    results = search(world["admin"], Params(q="电梯", per_page=2, page=2))
    assert results.capped and results.total == 3
    assert len(results.rows) == 1 and results.page is not None
    assert results.page.number == 2


def test_empty_query_finds_nothing(world: World, submit: Any) -> None:
    submit()
    assert search(world["admin"], Params(q=" ，。")).rows == []


def test_a_tracking_number_finds_its_case_first(world: World, submit: Any) -> None:
    wanted = submit(title="楼道堆物占用消防通道", community=world.community1)
    other = submit(title="小区堆物清理", community=world.community2)
    number = wanted.tracking_number
    rows = search(world["committee"], Params(q=f" {number} ")).rows
    assert rows and rows[0].object_id == wanted.pk and rows[0].case.tracking_number == number
    # Only to whom may see it: deputy A sees community 1's cases, not community 2's.
    assert found(world["deputy_a"], number) == [wanted.pk]
    assert found(world["deputy_a"], other.tracking_number) == []
    assert found(world["handler_x"], number) == []
    assert found(AnonymousUser(), number, public=True) == []  # not published
