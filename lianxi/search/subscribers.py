"""What the search index does when other apps act (lianxi/core/events.py). Runs inside the
acting transaction, so the index never shows a step that rolled back."""

from __future__ import annotations

from lianxi.core.events import Announcement, subscribe
from lianxi.search import cases, committee, legislation

# Steps that may change who sees a case (its deputy, station, status): one UPDATE of the keys.
KEY_STEPS = (
    "cases.accept",
    "cases.decline",
    "cases.merge",
    "cases.unmerge",
    "cases.reassign",
    "cases.refer",
    "cases.reroute",
    "cases.dept_accept",
    "cases.dept_return",
    "cases.rate",
    "cases.reopen",
    "cases.close_unrated",
)
# Steps that change a case's public text (an answer) or publishing: the document again.
TEXT_STEPS = (
    "cases.reply",
    "cases.dept_answer",
    "cases.report_back",
    "cases.publish",
    "cases.unpublish",
)


@subscribe("cases.submit")
def index_new_case(event: Announcement) -> None:
    cases.index_new_case(event.target)


@subscribe(*KEY_STEPS)
def refresh_case_keys(event: Announcement) -> None:
    cases.refresh_case_keys(event.target)


@subscribe(*TEXT_STEPS)
def index_case(event: Announcement) -> None:
    cases.index_case(event.target)


@subscribe(
    "committee.save_notice",
    "committee.publish_notice",
    "committee.publish_scheduled",
    "committee.withdraw_notice",
)
def index_notice(event: Announcement) -> None:
    committee.index_notice(event.target)


@subscribe("committee.add_material", "committee.withdraw_material")
def index_material(event: Announcement) -> None:
    committee.index_material(event.target)


@subscribe("legislation.publish", "legislation.report")
def index_consultation(event: Announcement) -> None:
    legislation.index_consultation(event.target)


@subscribe("legislation.comment", "legislation.record_offline", "legislation.hide")
def index_comment(event: Announcement) -> None:
    legislation.index_comments([event.target])


@subscribe("legislation.import_offline", "legislation.merge")
def index_comments(event: Announcement) -> None:
    legislation.index_comments(event["comments"])
