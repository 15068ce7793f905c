"""What the performance records do when other apps act (lianxi/core/events.py): each
subscriber re-reads the object the action touched and makes its record lines match (a step
undone removes its line). Runs inside the acting transaction: no line survives a rollback.
The acting apps never import this one (architecture.md, rule 11)."""

from __future__ import annotations

from lianxi.core.events import Announcement, subscribe
from lianxi.performance import sources

CASE_STEPS = (
    "cases.accept",
    "cases.decline",
    "cases.merge",
    "cases.unmerge",
    "cases.reassign",
    "cases.reply",
    "cases.report_back",
    "cases.reopen",
)


@subscribe("liaison.review_visit")
def visit_reviewed(event: Announcement) -> None:
    sources.visit(event.target)


@subscribe("liaison.mark_attendance", "liaison.check_in")
def duty_marked(event: Announcement) -> None:
    sources.duty(event.target)


@subscribe("liaison.record_reception")
def reception_recorded(event: Announcement) -> None:
    sources.reception(event.target)


@subscribe(*CASE_STEPS)
def case_moved(event: Announcement) -> None:
    sources.case(event.target)


@subscribe("proposals.file", "proposals.review")
def proposal_moved(event: Announcement) -> None:
    sources.proposal(event.target)


@subscribe("legislation.comment", "legislation.record_offline", "legislation.hide")
def comment_made(event: Announcement) -> None:
    sources.comment(event.target)


@subscribe("legislation.import_offline")
def comments_imported(event: Announcement) -> None:
    for comment in event.get("comments") or ():
        sources.comment(comment)


@subscribe("committee.mark_activity_attendance", "committee.cancel_activity")
def activity_attendance(event: Announcement) -> None:
    sources.activity(event.target)


@subscribe("committee.check_in", "committee.mark_session_attendance")
def training_attendance(event: Announcement) -> None:
    sources.training_session(event.target)


@subscribe("committee.read_notice")
def notice_read(event: Announcement) -> None:
    sources.notice_read(event.target)


@subscribe("committee.withdraw_notice")
def notice_withdrawn(event: Announcement) -> None:
    sources.notice_withdrawn(event.target)
