"""The table of docs/notifications.md, written from the rules (a test keeps the file current)."""

from __future__ import annotations

from django.utils import translation

from lianxi.notifications.models import Channel
from lianxi.notifications.rules import table
from lianxi.notifications.send import default_on


def channels_for(role: str, family: str) -> str:
    names = [str(Channel.INAPP.label)]
    for channel in (Channel.SMS, Channel.EMAIL):
        if default_on(role, family, channel):
            names.append(str(channel.label))
    return "、".join(names)


def markdown() -> str:
    with translation.override("zh-hans"):
        rows = ["| 事件 | 告知谁 | 默认渠道 | 措辞 |", "|---|---|---|---|"]
        for rule in table():
            wording = str(rule.template).replace("|", "｜")
            channels = (
                "、".join(str(Channel(c).label) for c in rule.channels)
                if rule.channels
                else channels_for(rule.role, rule.family)
            )
            rows.append(f"| `{rule.action}` | {rule.who} | {channels} | {wording} |")
    return "\n".join(rows)
