"""Followers of a case hear of its public steps (lianxi/core/events.py)."""

from __future__ import annotations

from lianxi.core.events import Announcement, subscribe
from lianxi.topics.actions import notify_followers

CASE_STEPS = (
    "cases.submit",
    "cases.accept",
    "cases.decline",
    "cases.merge",
    "cases.reply",
    "cases.refer",
    "cases.reroute",
    "cases.dept_accept",
    "cases.dept_answer",
    "cases.report_back",
    "cases.rate",
    "cases.reopen",
    "cases.chase",
    "cases.close_unrated",
)


@subscribe(*CASE_STEPS)
def tell_followers(event: Announcement) -> None:
    if event.get("public"):
        case = event.target
        notify_followers(case, event["step"], f"{event['step']}{case.version}")
