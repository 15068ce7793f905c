"""The index stays in step with the actions, and `reindex` gives the same index every time."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection

from conftest import World
from lianxi.cases import actions
from lianxi.cases.models import Case
from lianxi.directory.models import Area
from lianxi.search.index import index_document, remove_document
from lianxi.search.kinds import KINDS, Kind, document_id, register
from lianxi.search.models import Document
from lianxi.search.reindex import reindex_cases
from lianxi.search.service import Params, search


def ids(user: Any, q: str, kind: str = "case") -> list[int]:
    return [r.object_id for r in search(user, Params(q=q, kind=kind)).rows]


def fulltext_rows() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH '\"电梯\"'")
        else:
            cursor.execute(
                "SELECT COUNT(*) FROM search_document WHERE tsv @@ plainto_tsquery('simple', '电梯')"
            )
        return int(cursor.fetchone()[0])


def test_intake_writes_one_document(world: World, submit: Any) -> None:
    case = submit(title="小区电梯长期故障")
    doc = Document.objects.get(kind="case", object_id=case.pk)
    assert doc.pk == document_id("case", case.pk) == case.pk
    assert doc.title == "小区电梯长期故障" and "电梯" in doc.title_tokens.split()
    assert doc.at == case.submitted_at
    assert ids(world["admin"], "电梯") == [case.pk]


def test_answers_become_searchable(world: World, submit: Any) -> None:
    admin = world["admin"]
    case = submit(title="小区电梯长期故障")
    case = actions.accept_case(world["committee"], case=case)
    assert ids(admin, "维保单位") == []
    actions.add_note(world["deputy_a"], case=case, text="内部备注：维保单位名单待核实，勿外传。")
    assert ids(admin, "维保单位") == []  # internal notes are never indexed
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    case = actions.department_accept(world["handler_x"], case=case)
    case = actions.department_answer(
        world["handler_x"],
        case=case,
        text="已责令维保单位更换曳引机，本周内完成验收。",
        result_class="A",
    )
    assert ids(admin, "曳引机") == [case.pk]
    case = actions.report_back(
        world["deputy_a"], case=case, text="部门已答复，曳引机更换后运行平稳，请您评价。"
    )
    assert ids(admin, "运行平稳") == [case.pk]


def test_deputy_reply_is_indexed(world: World, submit: Any) -> None:
    case = submit(title="路灯不亮影响出行")
    case = actions.accept_case(world["committee"], case=case)
    actions.reply_to_case(world["deputy_a"], case=case, text="已联系街道，路灯本周内修复。")
    assert ids(world["admin"], "街道 修复") == [case.pk]


def test_reindex_is_idempotent(world: World, submit: Any) -> None:
    a = submit(title="小区电梯长期故障")
    b = submit(title="电梯噪音扰民")
    before = list(Document.objects.order_by("pk").values_list("pk", "title", "body", "at"))
    first = reindex_cases()
    second = reindex_cases()
    assert first == second == {"written": 2, "removed": 0}
    after = list(Document.objects.order_by("pk").values_list("pk", "title", "body", "at"))
    assert before == after
    assert fulltext_rows() == 2
    assert sorted(ids(world["admin"], "电梯")) == sorted([a.pk, b.pk])


def test_reindex_repairs_and_drops_stale_documents(world: World, submit: Any) -> None:
    a = submit(title="小区电梯长期故障")
    Document.objects.filter(kind="case", object_id=a.pk).delete()
    index_document("case", 999_999, title="电梯 幽灵", body="已删除的诉求")
    assert ids(world["admin"], "电梯") == []
    call_command("reindex", "--no-progress", "--rebuild-fulltext", verbosity=0)
    assert ids(world["admin"], "电梯") == [a.pk]
    assert not Document.objects.filter(object_id=999_999).exists()
    assert fulltext_rows() == 1


def test_other_kinds_through_the_contract(world: World) -> None:
    """What the committee app does for notices and materials, with a kind made up here."""
    original = dict(KINDS)
    register(
        Kind(
            name="testarea",
            label="片区",
            visible_ids=lambda user: (
                Area.objects.filter(level=5).values("pk")
                if getattr(user, "role", "") == "admin"
                else Area.objects.none().values("pk")
            ),
            url=lambda pk: f"/areas/{pk}/",
        )
    )
    try:
        area = world.community1
        index_document("testarea", area.pk, title="电梯改造试点社区", body="本社区加装电梯")
        assert ids(world["admin"], "电梯", kind="testarea") == [area.pk]
        rows = search(world["admin"], Params(q="电梯")).rows
        assert [(r.kind, r.url) for r in rows] == [("testarea", f"/areas/{area.pk}/")]
        assert ids(world["deputy_a"], "电梯", kind="testarea") == []
        assert ids(AnonymousUser(), "电梯", kind="testarea") == []
        index_document("testarea", area.pk, title="老旧小区改造", body="停车位规划")
        assert ids(world["admin"], "电梯", kind="testarea") == []
        assert ids(world["admin"], "停车位", kind="testarea") == [area.pk]
        remove_document("testarea", area.pk)
        assert ids(world["admin"], "停车位", kind="testarea") == []
    finally:
        KINDS.clear()
        KINDS.update(original)


def test_demo_hook_indexes_every_case(world: World, submit: Any) -> None:
    from lianxi.search.demo.generate import generate

    submit()
    submit(title="路灯不亮影响出行")
    Document.objects.all().delete()
    assert generate(1) == {"搜索索引条目": 2}
    assert Document.objects.count() == Case.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_document_is_written_in_the_action_transaction(
    world: World, submit: Any, monkeypatch: Any
) -> None:
    from lianxi.core import events
    from lianxi.core.errors import InvalidInput

    def fail(event: Any) -> None:
        raise InvalidInput("boom")

    # Subscribed last, so it fails after the search subscriber wrote the document.
    monkeypatch.setitem(
        events._SUBSCRIBERS, "cases.submit", [*events._SUBSCRIBERS["cases.submit"], fail]
    )
    with pytest.raises(InvalidInput):
        submit(title="小区电梯长期故障")
    assert Case.objects.count() == 0
    assert Document.objects.count() == 0
    assert fulltext_rows() == 0
