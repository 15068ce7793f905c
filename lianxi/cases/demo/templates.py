"""A few reply templates in the demo city: the administrators' one, and staff's own, personal
or shared with their unit (B8)."""

from __future__ import annotations

from typing import Any

from lianxi.cases.models import ReplyTemplate
from lianxi.cases.querysets import template_units
from lianxi.cases.reply_templates import TemplateInput, save_template

GENERAL = (
    "收悉回复",
    "您好！您反映的“{title}”（编号{tracking_number}）已收悉，{deputy}代表将在规定时限内"
    "跟进办理并答复您，感谢您对人大工作的支持。",
)
OWN = [
    (
        "deputy",
        "实地走访后答复",
        "您好！关于“{title}”，我已到现场实地查看，并与社区、物业进行了沟通，具体处理意见如下：",
        False,
    ),
    (
        "staff",
        "联络站受理告知",
        "您好！您在联络站反映的“{title}”已登记（编号{tracking_number}），"
        "我站将协助{deputy}代表办理，办理进展可凭编号和查询码查看。",
        True,
    ),
    (
        "handler",
        "已派员核查",
        "您好！{department}已收到“{title}”（编号{tracking_number}）的交办，"
        "已派工作人员现场核查，处理结果如下：",
        True,
    ),
    (
        "committee",
        "转办说明",
        "您好！您反映的“{title}”属于相关职能部门职责范围，已转{department}办理，"
        "人大常委会将跟踪督办。",
        True,
    ),
]


def make_templates(users: dict[str, Any]) -> int:
    """`users`: one account per role key of OWN ("deputy", "staff", "handler", "committee")."""
    ReplyTemplate.objects.get_or_create(title=GENERAL[0], owner=None, defaults={"body": GENERAL[1]})
    made = 1
    for role, title, body, shared in OWN:
        user = users.get(role)
        if user is None:
            continue
        units = template_units(user)
        share = units[0] if shared and units else None
        save_template(user, data=TemplateInput(title, body, share=share))
        made += 1
    return made
