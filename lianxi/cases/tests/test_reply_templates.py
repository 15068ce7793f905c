"""Reply templates (B8): staff write them for themselves or share them with their unit, and
use them in single and bulk replies (and a department's answer), editing before sending."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.cases import actions
from lianxi.cases.models import Case, ReplyTemplate
from lianxi.cases.reply_templates import TemplateInput, delete_template, save_template
from lianxi.core.errors import InvalidInput, NotAllowed

BODY = "您反映的{title}（编号{tracking_number}）已收到，{deputy}代表将跟进处理。"
LIST = reverse("casework:templates")


def make(world: World, who: str, title: str = "我的答复", share: Any = None) -> ReplyTemplate:
    return save_template(world[who], data=TemplateInput(title, BODY, share=share))


def titles(user: Any) -> set[str]:
    return set(ReplyTemplate.objects.visible_to(user).values_list("title", flat=True))


def test_personal_and_shared_templates_reach_exactly_their_unit(world: World) -> None:
    make(world, "deputy_a", "甲代表个人")
    make(world, "staff_a", "甲站共享", share=world.station_a)
    make(world, "handler_x", "住建局共享", share=world.dept_x)
    make(world, "committee_d1", "东湖区共享", share=world.district1)
    ReplyTemplate.objects.create(title="平台通用", body=BODY)  # the administrators'
    assert titles(world["deputy_a"]) == {"甲代表个人", "甲站共享", "东湖区共享", "平台通用"}
    assert titles(world["deputy_b"]) == {"平台通用"}  # station B, district 2
    assert titles(world["staff_a"]) == {"甲站共享", "平台通用"}
    assert titles(world["staff_b"]) == {"平台通用"}
    assert titles(world["handler_x"]) == {"住建局共享", "平台通用"}
    assert titles(world["handler_y"]) == {"平台通用"}
    assert titles(world["committee_d1"]) == {"东湖区共享", "平台通用"}
    assert titles(world["committee"]) == {"平台通用"}  # another jurisdiction
    assert titles(world["citizen"]) == set()
    assert len(titles(world["admin"])) == 5


def test_save_checks_input_owner_and_unit(world: World) -> None:
    with pytest.raises(InvalidInput) as bad:
        save_template(world["deputy_a"], data=TemplateInput("短", BODY))
    assert bad.value.field == "title"
    with pytest.raises(InvalidInput) as bad:
        save_template(world["deputy_a"], data=TemplateInput("标题", "太短"))
    assert bad.value.field == "body"
    with pytest.raises(InvalidInput) as bad:  # not one of deputy A's stations
        make(world, "deputy_a", share=world.station_b)
    assert bad.value.field == "share"
    with pytest.raises(NotAllowed):
        make(world, "citizen")
    mine = make(world, "deputy_a")
    with pytest.raises(NotAllowed):
        save_template(world["staff_a"], data=TemplateInput("改标题", BODY), template=mine)
    with pytest.raises(NotAllowed):
        delete_template(world["deputy_b"], template=mine)
    shared = save_template(
        world["deputy_a"],
        data=TemplateInput("改后的标题", BODY, share=world.station_a),
        template=mine,
    )
    assert shared.shared_station == world.station_a and "甲" not in shared.title
    delete_template(world["deputy_a"], template=shared)
    assert not ReplyTemplate.objects.exists()
    done = AuditEvent.objects.filter(action__endswith="_reply_template", outcome="ok")
    assert done.count() == 3
    assert AuditEvent.objects.filter(
        action="cases.delete_reply_template", outcome="denied"
    ).exists()


def test_pages_create_edit_share_delete(world: World, login: Any) -> None:
    c = login(world["staff_a"])
    page = c.get(LIST).content.decode()
    assert "您还没有答复模板" in page and "还没有人与您共享模板" in page
    form = c.get(reverse("casework:template_new")).content.decode()
    assert world.station_a.name in form and world.station_b.name not in form
    bad = c.post(reverse("casework:template_new"), {"title": "站点通用答复", "body": "短"})
    assert bad.status_code == 422 and not ReplyTemplate.objects.exists()
    share = f"station:{world.station_a.pk}"
    data = {"title": "站点通用答复", "body": BODY, "share": share, "is_active": "on"}
    assert c.post(reverse("casework:template_new"), data).status_code == 302
    template = ReplyTemplate.objects.get()
    assert template.owner == world["staff_a"] and template.shared_station == world.station_a
    edit = reverse("casework:template_edit", args=[template.pk])
    assert c.post(edit, data | {"title": "站点答复（修订）"}).status_code == 302
    assert "站点答复（修订）" in c.get(LIST).content.decode()
    # Deputy A sees it shared; neither A nor another station may change or delete it.
    assert "站点答复（修订）" in login(world["deputy_a"]).get(LIST).content.decode()
    assert login(world["deputy_a"]).get(edit).status_code == 404
    delete = reverse("casework:template_delete", args=[template.pk])
    assert login(world["staff_b"]).post(delete).status_code == 404
    assert login(world["citizen"]).get(LIST).status_code == 404
    assert login(world["staff_a"]).post(delete).status_code == 302
    assert not ReplyTemplate.objects.exists()


def test_a_personal_template_fills_a_reply_and_bulk_replies(
    world: World, login: Any, submit: Any
) -> None:
    case = actions.accept_case(world["committee"], case=submit(title="楼道灯不亮"))
    mine = make(world, "deputy_a", "甲代表的答复")
    theirs = make(world, "deputy_b", "乙代表的答复")
    c = login(world["deputy_a"])
    page = c.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert f'<option value="{mine.pk}">甲代表的答复' in page and "乙代表的答复" not in page
    url = reverse("casework:reply_template", args=[case.pk])
    filled = c.get(url, {"step": "reply", "reply-template": mine.pk}).content.decode()
    assert f"您反映的楼道灯不亮（编号{case.tracking_number}）已收到，李明华代表" in filled
    other = c.get(url, {"step": "reply", "reply-template": theirs.pk}).content.decode()
    assert "已收到" not in other  # another's personal template fills nothing
    bulk = c.get(reverse("casework:bulk_reply"), {"ids": [case.pk], "template": mine.pk})
    assert "楼道灯不亮（编号" in bulk.content.decode()
    edited = "关于楼道灯不亮：已请物业今日更换灯泡，请留意。"
    sent = c.post(reverse("casework:bulk_reply"), {"ids": [case.pk], f"text-{case.pk}": edited})
    assert sent.status_code == 302
    assert Case.objects.get(pk=case.pk).events.filter(step="replied", text=edited).exists()


def test_a_department_answers_from_its_shared_template(
    world: World, login: Any, submit: Any
) -> None:
    case = actions.accept_case(world["committee"], case=submit())
    case = actions.refer_case(world["deputy_a"], case=case, lead=world.dept_x)
    case = actions.department_accept(world["handler_x"], case=case)
    shared = make(world, "handler_x", "住建局答复", share=world.dept_x)
    c = login(world["handler_x"])
    page = c.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert (
        'name="dept_answer-template"' in page and f'<option value="{shared.pk}">住建局答复' in page
    )
    url = reverse("casework:reply_template", args=[case.pk])
    filled = c.get(url, {"step": "dept_answer", "dept_answer-template": shared.pk})
    assert 'name="dept_answer-answer"' in filled.content.decode()
    assert "已收到" in filled.content.decode()
    assert c.get(url, {"step": "secret"}).status_code == 404


def test_api_manages_templates(world: World, login: Any, submit: Any) -> None:
    base = "/api/v1/reply-templates"
    c = login(world["handler_x"])
    units = c.get(f"{base}/units").json()
    assert units == [{"key": f"department:{world.dept_x.pk}", "name": world.dept_x.name}]
    body = {"title": "住建局答复", "body": BODY, "share": units[0]["key"]}
    made = c.post(base, body, content_type="application/json")
    assert made.status_code == 200, made.content
    tid = made.json()["id"]
    assert made.json()["mine"] and made.json()["shared_with"] == world.dept_x.name
    bad = c.post(
        base, body | {"share": f"department:{world.dept_y.pk}"}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["field"] == "share"
    short = c.post(base, body | {"body": "短"}, content_type="application/json")
    assert short.status_code == 422 and short.json()["field"] == "body"
    # handler Y (another department) does not see it; handler X's colleague would.
    y = login(world["handler_y"])
    assert y.put(f"{base}/{tid}", body, content_type="application/json").status_code == 404
    assert y.delete(f"{base}/{tid}").status_code == 404
    mine = make(world, "deputy_a", "甲代表的答复", share=world.station_a)
    s = login(world["staff_a"])
    assert (
        s.put(
            f"{base}/{mine.pk}", body | {"share": ""}, content_type="application/json"
        ).status_code
        == 403
    )
    case = actions.accept_case(world["committee"], case=submit(title="楼道灯不亮"))
    listed = login(world["deputy_a"]).get(base, {"case_id": case.pk}).json()
    assert [t["title"] for t in listed] == ["甲代表的答复"]
    assert listed[0]["filled"].startswith("您反映的楼道灯不亮")
    assert login(world["deputy_b"]).get(base, {"case_id": case.pk}).status_code == 404
    assert login(world["handler_x"]).delete(f"{base}/{tid}").status_code == 204
    assert not ReplyTemplate.objects.filter(pk=tid).exists()
