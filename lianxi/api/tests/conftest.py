"""A world with one of everything the API works on (built at a fixed time, so the documented
examples' dates stay in the future), and who acts on what."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from conftest import World
from lianxi.cases.actions import Intake, submit_case
from lianxi.cases.models import Case, OutOfScopeRule, ReplyTemplate
from lianxi.cases.reply_templates import TemplateInput, save_template
from lianxi.committee import actions as committee
from lianxi.committee.models import Course, Invitation, Material, Notice, TrainingSession
from lianxi.directory.models import Expertise
from lianxi.liaison import actions as liaison
from lianxi.liaison.actions.visits import VisitInput
from lianxi.liaison.models import Booking, Duty, DutyPattern, DutyRequest, Shift, Visit

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday

# Who may take each operation (by function name); the rest: committee staff.
PERSONA: dict[str, str | None] = {
    "submit": None,
    "track": None,
    "book": None,
    "reply": "deputy_a",
    "refer": "deputy_a",
    "disclose": "deputy_a",
    "report_back": "deputy_a",
    "notes": "deputy_a",
    "dept_accept": "handler_x",
    "dept_return": "handler_x",
    "dept_answer": "handler_x",
    "appeal_rating": "handler_x",
    "rate": "citizen",
    "reopen": "citizen",
    "chase": "citizen",
    "cancel_booking": "citizen",
    "request_change": "deputy_a",
    "log_visit": "deputy_a",
    "decide": "staff_a",
    "attendance": "staff_a",
    "patterns": "staff_a",
    "create_pattern": "staff_a",
    "generate": "staff_a",
    "read_notice": "deputy_a",
    "confirm_notice": "deputy_a",
    "enroll": "deputy_a",
    "check_in": "deputy_a",
    "session_feedback": "deputy_a",
    "answer_invitation": "deputy_a",
    "inbox": "deputy_a",
    "calendar": "deputy_a",
    "comment": "citizen",
    "proposal_draft": "deputy_a",
    "proposal_edit": "deputy_a",
    "proposal_invite": "deputy_a",
    "proposal_file": "deputy_a",
    "proposal_rate": "deputy_a",
    "proposal_cosign": "deputy_b",
    "proposal_return": "handler_x",
    "proposal_contact": "handler_x",
    "proposal_reply": "handler_x",
    "file_request": "citizen",
    "poll_answer": "citizen",
    "poll_submit": "deputy_a",
    "list_requests": "citizen",
}


def persona(operation_id: str) -> str | None:
    name = operation_id.split("_", 4)[-1]  # lianxi_api_routers_<router>_<function>
    return PERSONA.get(name, "committee")


@dataclass
class Things:
    case: Case
    other_case: Case
    rule: OutOfScopeRule
    expertise: Expertise
    notice: Notice
    material: Material
    course: Course
    session: TrainingSession
    activity: Any
    invitation: Invitation
    shift: Shift
    duty: Duty
    booking: Booking
    request: DutyRequest
    visit: Visit
    pattern: DutyPattern
    template: ReplyTemplate
    consultation: Any = None
    comment: Any = None

    def path_ids(self, world: World) -> dict[str, int]:
        return {
            "case_id": self.case.pk,
            "notice_id": self.notice.pk,
            "material_id": self.material.pk,
            "course_id": self.course.pk,
            "session_id": self.session.pk,
            "activity_id": self.activity.pk,
            "invitation_id": self.invitation.pk,
            "shift_id": self.shift.pk,
            "booking_id": self.booking.pk,
            "duty_id": self.duty.pk,
            "request_id": self.request.pk,
            "visit_id": self.visit.pk,
            "pattern_id": self.pattern.pk,
            "template_id": self.template.pk,
            "station_id": world.station_a.pk,
            "deputy_id": world.deputy_a.pk,
            "notification_id": self.notification_id(world),
            "consultation_id": self.consultation.pk,
            "comment_id": self.comment.pk,
            "proposal_id": 1,  # none in this world: a 404 after the body is validated
            "cosigner_id": 1,
            "deletion_id": 1,  # none in this world: a 404 after the body is validated
            "story_id": 1,  # none in this world: a 404
            "poll_id": 1,  # none in this world: a 404 after the body is validated
            "entry_id": 1,  # performance: none in this world, a 404 after the body is validated
            "record_id": 1,  # none in this world: a 404
            "commendation_id": 1,  # none in this world: a 404
            "talk_id": 1,  # none in this world: a 404
            "year": 2026,
        }

    @staticmethod
    def notification_id(world: World) -> int:
        """One of committee staff's own in-app notifications (the default persona's)."""
        from lianxi.notifications.models import OutboxMessage

        mine = OutboxMessage.objects.filter(channel="inapp", user=world["committee"])
        return mine.order_by("pk").values_list("pk", flat=True).first() or 1

    def body_ids(self, world: World) -> dict[str, Any]:
        """The example bodies' references, pointed at this world."""
        return {
            "deputy_id": world.deputy_a.pk,
            "station_id": world.station_a.pk,
            "community_id": world.community1.pk,
            "rule_id": self.rule.pk,
            "into_id": self.other_case.pk,
            "lead_id": world.dept_x.pk,
            "co_ids": [world.dept_y.pk],
            "deputy_ids": [world.deputy_a.pk],
            "invitee_ids": [world.deputy_b.pk],
            "expertise_ids": [self.expertise.pk],
            "token": self.session.checkin_token,
            "comment_ids": [self.comment.pk],
        }


def fill(body: Any, ids: dict[str, Any]) -> Any:
    if isinstance(body, dict):
        return {k: ids[k] if k in ids else fill(v, ids) for k, v in body.items()}
    return body


@pytest.fixture
def fixed_now() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=True):
        yield NOW


def _case(title: str, world: World) -> Case:
    data = Intake(
        kind="complaint",
        title=title,
        content="青石社区3栋电梯已经停运两周，老人上下楼非常困难，请尽快维修。",
        channel="online",
        community=world.community1,
        contact_phone="13612345678",
    )
    return submit_case(AnonymousUser(), data=data).case


def _consultation(world: World) -> tuple[Any, Any]:
    """A draft open for comment, with one citizen's comment."""
    from lianxi.legislation import actions as legislation

    details = legislation.Details(
        "示范市养犬管理条例（草案）",
        "",
        NOW.date() - timedelta(days=5),
        NOW.date() + timedelta(days=25),
    )
    text = "第一章 总则\n第一条 为了规范养犬行为，制定本条例。\n第二条 本条例适用于本市。"
    consultation = legislation.create_consultation(world["committee"], details=details, text=text)
    legislation.publish(world["committee"], consultation)
    made = legislation.comment(
        world["citizen"], consultation, opinion=legislation.Opinion("建议增加文明养犬宣传。")
    )
    return consultation, made


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=NOW.tzinfo)


@pytest.fixture
def things(world: World, fixed_now: datetime) -> Things:
    staff, deputy = world["committee"], world["deputy_a"]
    expertise = Expertise.objects.create(name="环保")
    world.deputy_a.expertise.add(expertise)
    audience = committee.AudienceSpec(levels=["municipal"], expertise_ids=[expertise.pk])
    notice_data = committee.NoticeInput(
        "briefing", "专题调研通知", "<p>请阅。</p>", audience=audience
    )
    notice = committee.save_notice(staff, data=notice_data)
    committee.publish_notice(staff, notice=notice)
    link = "https://www.example.gov.cn/a.pdf"
    material_data = committee.MaterialInput("study", "法规汇编", link=link, audience=audience)
    material = committee.add_material(staff, data=material_data)
    course_data = committee.CourseInput("thematic", "专题培训班", audience=audience)
    course = committee.save_course(staff, data=course_data)
    start = NOW + timedelta(days=1)
    hours = timedelta(hours=2)
    session_data = committee.SessionInput("第一讲", start, start + hours, place="二楼")
    session = committee.add_session(staff, course=course, data=session_data)
    start = NOW + timedelta(days=10)
    activity_data = committee.ActivityInput(
        "legislative", "条例立法调研", "生态环境保护", start, start + hours, "第一会议室", 10
    )
    activity = committee.save_activity(staff, data=activity_data)
    committee.invite(staff, activity=activity, deputy_ids=[world.deputy_a.pk])
    day = NOW.date() + timedelta(days=2)
    shift = liaison.add_shift(
        world["staff_a"],
        station=world.station_a,
        kind="one_off",
        starts_at=_at(day, 9),
        ends_at=_at(day, 11),
        deputies=[world.deputy_a],
    )
    duty = Duty.objects.get(shift=shift, deputy=world.deputy_a)
    visit = liaison.log_visit(
        deputy,
        data=VisitInput(
            date=NOW.date() - timedelta(days=5),
            community=world.community1,
            method="forum",
            people_met=10,
        ),
    )
    pattern = liaison.save_pattern(
        world["staff_a"],
        station=world.station_a,
        data={
            "weekday": 3,
            "start_time": time(9),
            "end_time": time(11),
            "capacity": 8,
            "valid_from": NOW.date(),
            "valid_until": None,
            "skip_holidays": True,
            "deputies": [world.deputy_a],
        },
    )
    consultation, comment = _consultation(world)
    return Things(
        consultation=consultation,
        comment=comment,
        case=_case("小区电梯长期故障", world),
        other_case=_case("电梯再次停运", world),
        rule=OutOfScopeRule.objects.get(name="已进入诉讼程序"),
        expertise=expertise,
        notice=notice,
        material=material,
        course=course,
        session=session,
        activity=activity,
        invitation=Invitation.objects.get(activity=activity, deputy=world.deputy_a),
        shift=shift,
        duty=duty,
        booking=liaison.book_place(world["citizen"], shift=shift, name="张三", phone="13700001111"),
        request=liaison.request_change(deputy, duty=duty, kind="cancel", reason="当天需出差。"),
        visit=visit,
        pattern=pattern,
        template=save_template(
            staff, data=TemplateInput("通用答复", "您反映的{title}已收到，我们将尽快处理。")
        ),
    )
