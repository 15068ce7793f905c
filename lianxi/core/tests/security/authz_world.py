"""The world the authorisation tests walk (quality.md rows 1–4): the small demo city with every
app's demo data (admin_world.build), one target object of each kind arranged so that each
persona stands in a known relation to it, and a signed-in session per persona.

Personas: `anonymous`, and for each role an "own" account related to the targets (`citizen`
filed the case and holds the booking, `deputy` is the case's deputy and on the visit, `station`
staffs the case's and the visit's station, `handler` works in the department the case is
referred to) and an unrelated one of the same role (`*_other`)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from conftest import force_login
from lianxi.core.tests import admin_world
from lianxi.core.tests.rollback import built_once

ROLES = ("anonymous", "citizen", "deputy", "station", "handler", "committee", "admin")
OTHERS = ("citizen_other", "deputy_other", "station_other", "handler_other")
PERSONAS = ROLES + OTHERS
USERNAMES = {
    "citizen": "citizen",
    "citizen_other": "citizen-canary",
    "deputy": "deputy",
    "deputy_other": "deputy001",
    "station": "station",
    "station_other": "station002",
    "handler": "handler",
    "handler_other": "handler002",
    "committee": "committee",
    "admin": "admin",
}


@dataclass
class Targets:
    """The arranged objects: `ids[param]` for URL arguments, `secrets[param]` the strings a
    refused answer must not carry, `users` the persona accounts."""

    ids: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, list[str]] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    viewers: dict[str, set[str]] = field(default_factory=dict)
    bodies: dict[str, Any] = field(default_factory=dict)  # ids for the API's example bodies
    files: list[str] = field(default_factory=list)  # written to storage, deleted at the end


def arrange() -> Targets:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from lianxi.accounts.models import User
    from lianxi.cases.models import Attachment, Case, OutOfScopeRule, Referral, ReplyTemplate
    from lianxi.committee.models import (
        Activity,
        CalendarToken,
        Course,
        Invitation,
        Material,
        NoticeAttachment,
        TrainingSession,
    )
    from lianxi.directory.models import Category, Department, Deputy, Expertise, Station
    from lianxi.legislation.models import Comment, Consultation
    from lianxi.liaison.models import Booking, Duty, DutyPattern, DutyRequest, Shift, Visit
    from lianxi.notifications.models import OutboxMessage
    from lianxi.polls.models import Poll
    from lianxi.proposals.models import Cosigner, Proposal
    from lianxi.retention.models import DeletionRequest
    from lianxi.topics.models import Follow, HotIssue, SupervisionTopic

    t = Targets()
    t.users = {p: User.objects.get(username=u) for p, u in USERNAMES.items()}
    u = t.users
    station = Station.objects.get(staff=u["station"])
    department = Department.objects.get(handlers=u["handler"])
    deputy = Deputy.objects.get(user=u["deputy"])
    community = station.communities.order_by("pk").first() or station.area

    # The case: in progress at `handler`'s department, filed by `citizen` at `station`.
    referral = Referral.objects.filter(status="accepted", case__status="in_progress").first()
    assert referral is not None
    case = referral.case
    # Pinned: whether the demo disclosed the contact to the unit is drawn at random, and the
    # reveal routes answer by it (the policy's rows are for an undisclosed contact).
    Referral.objects.filter(pk=referral.pk).update(department=department, contact_disclosed=False)
    Case.objects.filter(pk=case.pk).update(
        citizen=u["citizen"], station=station, deputy=deputy, community=community
    )
    case.refresh_from_db()
    stored = default_storage.save("authz/secret.jpg", ContentFile(b"\xff\xd8\xff secret"))
    attachment = Attachment.objects.create(
        case=case,
        file=stored,
        original_name="秘密现场.jpg",
        content_type="image/jpeg",
        size=10,
        sha256="9" * 64,
    )
    # A visit by `deputy`, in `station`'s community.
    visit = Visit.objects.order_by("pk").first()
    assert visit is not None
    # Its state is pinned: the generated demo's order differs between runs and databases.
    Visit.objects.filter(pk=visit.pk).update(author=deputy, community=community, status="submitted")
    visit.deputies.set([deputy])
    # A booking by `citizen` on a future shift at `station`.
    shift = Shift.objects.filter(station=station).order_by("pk").first()
    assert shift is not None
    booking = Booking.objects.order_by("pk").first()
    assert booking is not None
    Booking.objects.filter(pk=booking.pk).update(shift=shift, citizen=u["citizen"])
    booking.refresh_from_db()
    duty = Duty.objects.filter(deputy=deputy).first() or Duty.objects.first()
    assert duty is not None
    Duty.objects.filter(pk=duty.pk).update(deputy=deputy)
    duty_request = DutyRequest.objects.first()
    assert duty_request is not None
    DutyRequest.objects.filter(pk=duty_request.pk).update(duty=duty)
    pattern = DutyPattern.objects.filter(station=station).first() or DutyPattern.objects.first()
    template = ReplyTemplate.objects.create(
        title="站内秘密模板", body="站内专用答复。", owner=u["station"],
        category=Category.objects.first(),
    )  # fmt: skip
    message = OutboxMessage.objects.create(
        channel="inapp", user=u["citizen"], subject="秘密通知标题", body="您的诉求有新进展。",
        dedupe_key="authz-inbox-1", url=f"/cases/mine/{case.pk}/",
    )  # fmt: skip
    proposal = Proposal.objects.filter(author=deputy).first() or Proposal.objects.first()
    assert proposal is not None
    Proposal.objects.filter(pk=proposal.pk).update(author=deputy)
    proposal.refresh_from_db()
    cosigner = (
        Cosigner.objects.exclude(proposal__author=deputy)
        .exclude(proposal__cosigners__deputy=deputy)
        .first()
    )
    assert cosigner is not None
    Cosigner.objects.filter(pk=cosigner.pk).update(deputy=deputy)
    published = Case.objects.filter(is_published=True).exclude(pk=case.pk).first()
    assert published is not None
    consultation = Consultation.objects.order_by("pk").first()
    assert consultation is not None
    comment = Comment.objects.filter(consultation=consultation).first()
    assert comment is not None
    Comment.objects.filter(pk=comment.pk).update(author=u["citizen"])
    follow = Follow.objects.first()
    assert follow is not None
    Follow.objects.filter(pk=follow.pk).update(user=u["citizen"], case=case)
    deletion = DeletionRequest.objects.order_by("pk").first()
    assert deletion is not None
    DeletionRequest.objects.filter(pk=deletion.pk).update(citizen=u["citizen"])
    notice_file = NoticeAttachment.objects.order_by("pk").first()
    assert notice_file is not None
    notice = notice_file.notice
    # Its state pinned (the demo's order differs between runs and databases): published to
    # every deputy, open.
    type(notice).objects.filter(pk=notice.pk).update(status="published", closes_at=None)
    type(notice.audience).objects.filter(pk=notice.audience_id).update(everyone=True)
    notice.refresh_from_db()
    name = default_storage.save("authz/notice.pdf", ContentFile(b"%PDF-1.4 notice"))
    NoticeAttachment.objects.filter(pk=notice_file.pk).update(file=name)
    t.files += [stored, name]
    # A photo on the station's public page (its staff may remove it).
    from lianxi.liaison.models import StationPhoto

    photo_file = default_storage.save("authz/station.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    station_photo = StationPhoto.objects.create(
        station=station, file=photo_file, content_type="image/png", sha256="0" * 64, caption="正门"
    )
    t.files.append(photo_file)
    material = Material.objects.order_by("pk").first()
    course = Course.objects.order_by("pk").first()
    session = TrainingSession.objects.order_by("pk").first()
    activity = Activity.objects.order_by("pk").first()
    # An invitation to `deputy`, and a co-signature asked of `deputy` on another's proposal.
    invitation = Invitation.objects.exclude(activity__invitations__deputy=deputy).first()
    assert invitation is not None
    Invitation.objects.filter(pk=invitation.pk).update(deputy=deputy)
    calendar = CalendarToken.objects.filter(user=u["deputy"]).first()
    hot = HotIssue.objects.order_by("pk").first()
    topic = SupervisionTopic.objects.order_by("pk").first()
    for x in (material, course, session, activity, invitation, calendar):
        assert x is not None
    assert hot is not None and topic is not None and pattern is not None and cosigner is not None
    assert session is not None and calendar is not None

    poll = Poll.objects.filter(status="open").order_by("pk").first()
    assert poll is not None
    t.objects = {
        "case": case, "attachment": attachment, "visit": visit, "booking": booking,
        "template": template, "message": message, "proposal": proposal, "comment": comment,
        "consultation": consultation, "station": station, "department": department,
        "deputy": deputy, "deletion": deletion, "follow": follow,
    }  # fmt: skip
    t.ids = {
        "case_id": case.pk,
        "attachment_id": attachment.pk,
        "visit_id": visit.pk,
        "booking_id": booking.pk,
        "shift_id": shift.pk,
        "duty_id": duty.pk,
        "pattern_id": pattern.pk,
        "template_id": template.pk,
        "message_id": message.pk,
        "notification_id": message.pk,
        "proposal_id": proposal.pk,
        "pk": proposal.pk,
        "cosigner_id": cosigner.pk,
        "consultation_id": consultation.pk,
        "comment_id": comment.pk,
        "follow_id": follow.pk,
        "station_id": station.pk,
        "photo_id": station_photo.pk,
        "department_id": department.pk,
        "deputy_id": deputy.pk,
        "notice_id": notice.pk,
        "material_id": material.pk,  # type: ignore[union-attr]
        "course_id": course.pk,  # type: ignore[union-attr]
        "session_id": session.pk,
        "activity_id": activity.pk,  # type: ignore[union-attr]
        "invitation_id": invitation.pk,  # type: ignore[union-attr]
        "issue_id": hot.pk,
        "topic_id": topic.pk,
        "tracking_number": case.tracking_number,
        "number": case.tracking_number,
        "kind": "deputies",
        "fmt": "json",
        "code": (
            Category.objects.filter(parent__isnull=False).first() or Category.objects.first()
        ).code,  # type: ignore[union-attr]
        "step": "dept_answer",
        # Per route (namespace or name) where one parameter name means different things.
        "liaison_work:decide/request_id": duty_request.pk,
        "api:lianxi_api_routers_liaison_decide/request_id": duty_request.pk,
        "published:detail/tracking_number": published.tracking_number,
        "open311:request/number": published.tracking_number,
        "request_id": deletion.pk,
        "deletion_id": deletion.pk,
        "notice_file/attachment_id": notice_file.pk,
        "committee:ical/token": calendar.feed_key(),
        "liaison:deputy_feed/token": "0" * 40,
        "committee_work:checkin/token": session.checkin_token,
        "topics:follow/token": "0" * 32,
        "liaison_work:export/kind": "visits",
        "proposals_work:document/fmt": "docx",
        **publicity_ids(),
        **performance_ids(deputy, u["committee"]),
        # Polls: the demo's open city poll, its first question; a step that any staff sees.
        "poll_id": poll.pk,
        "qid": poll.questions.order_by("number").first().pk,  # type: ignore[union-attr]
        "polls/pk": poll.pk,
        "polls_work/pk": poll.pk,
        "polls_work/step": "close",
        "polls_work/kind": "proposal",
    }
    t.secrets = {
        "case_id": [case.title, case.tracking_number, case.contact_phone],
        "attachment_id": [attachment.original_name],
        "visit_id": [visit.matters[:20]] if visit.matters else [],
        "booking_id": [booking.phone, booking.name] if booking.phone else [],
        "template_id": [template.title, template.body],
        "message_id": [message.subject],
        "notification_id": [message.subject],
        "proposal_id": [proposal.title],
        "pk": [proposal.title],
        "request_id": [deletion.reason] if deletion.reason else [],
    }
    t.secrets = {k: [s for s in v if s] for k, v in t.secrets.items()}
    t.secrets["poll_id"] = []

    def seen_by(queryset: Any, pk: int) -> set[str]:
        return {p for p, user in u.items() if queryset.visible_to(user).filter(pk=pk).exists()}

    cases = seen_by(Case.objects, case.pk)
    proposals = seen_by(Proposal.objects, proposal.pk)
    t.viewers = {
        "poll_id": seen_by(Poll.objects, poll.pk),
        "case_id": cases,
        "attachment_id": cases,
        "tracking_number": cases,
        "number": cases,
        "visit_id": seen_by(Visit.objects, visit.pk),
        "template_id": seen_by(ReplyTemplate.objects, template.pk),
        "proposal_id": proposals,
        "pk": proposals,
        "request_id": seen_by(DeletionRequest.objects, deletion.pk),
        "message_id": {"citizen"},
        "notification_id": {"citizen"},
        # No queryset: the citizen who booked, and the staff of its station and above.
        "booking_id": {"citizen", "station", "deputy", "committee", "admin"},
    }
    t.bodies = {
        "deputy_id": deputy.pk,
        "station_id": station.pk,
        "community_id": community.pk,
        "rule_id": OutOfScopeRule.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        "into_id": Case.objects.exclude(pk=case.pk).order_by("pk").first().pk,  # type: ignore[union-attr]
        "lead_id": department.pk,
        "co_ids": [Department.objects.get(handlers=u["handler_other"]).pk],
        "deputy_ids": [deputy.pk],
        "invitee_ids": [Deputy.objects.get(user=u["deputy_other"]).pk],
        "expertise_ids": list(Expertise.objects.order_by("pk").values_list("pk", flat=True)[:1]),
        "token": session.checkin_token,
        "comment_ids": [comment.pk],
    }
    return t


def performance_ids(deputy: Any, committee: Any) -> dict[str, int]:
    """The demo's first entry, record and batch of reports when it made them (else ids that
    answer 404 to all), and the year of its records; a talk with `deputy` (on their record of
    the year) and a draft commendation of `committee`'s jurisdiction."""
    from datetime import date

    from lianxi.performance.lines import records_for
    from lianxi.performance.models import ManualEntry, Record
    from lianxi.performance.models_accountability import Commendation, Talk
    from lianxi.performance.models_reports import ReportBatch

    entry = ManualEntry.objects.order_by("pk").first()
    record = Record.objects.order_by("-year", "pk").first()
    batch = ReportBatch.objects.order_by("pk").first()
    year = record.year if record else 2026
    own = records_for([(deputy.pk, year)])[(deputy.pk, year)]
    talk = Talk.objects.create(
        deputy=deputy, kind="reminder", day=date(year, 3, 2), reasons="走访选民次数不足"
    )
    commendation = Commendation.objects.create(
        year=year, area=committee.jurisdiction, title="年度优秀代表表彰"
    )
    return {
        "entry_id": entry.pk if entry else 999_999,
        "record_id": record.pk if record else 999_999,
        "year": year,
        "batch_id": batch.pk if batch else 999_999,
        "talk_id": talk.pk,
        "commendation_id": commendation.pk,
        "performance:talk/pk": talk.pk,
        "performance:talk_close/pk": talk.pk,
        "performance:talk_new/pk": own.pk,
        "performance:commendation/pk": commendation.pk,
        "performance:commendation_publish/pk": commendation.pk,
    }


def publicity_ids() -> dict[str, int]:
    """A story of the demo (published), one of its photos, last year's report (final)."""
    from lianxi.publicity.models import AnnualReport, Story, StoryPhoto

    story = Story.objects.order_by("pk").first()
    photo = StoryPhoto.objects.order_by("pk").first()
    report = AnnualReport.objects.order_by("pk").first()
    assert story is not None and photo is not None and report is not None
    # The photo only for the publicity routes: `photo_id` alone is the station's photo.
    return {
        "story_id": story.pk,
        "publicity/photo_id": photo.pk,
        "publicity_work/photo_id": photo.pk,
        "report_id": report.pk,
    }


def arg_for(name: str, param: str, ids: dict[str, Any]) -> Any:
    """The argument for `param` of route `name` ("ns:view"): the most specific key wins."""
    namespace = name.split(":", 1)[0]
    for key in (f"{name}/{param}", f"{name.split(':')[-1]}/{param}", f"{namespace}/{param}"):
        if key in ids:
            return ids[key]
    return ids[param]


@pytest.fixture(scope="module")
def targets(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Targets]:
    """Built once per module inside a transaction rolled back at the end."""

    def build() -> Targets:
        admin_world.build()
        t = arrange()
        for persona, user in t.users.items():
            client = force_login(Client(), user)
            t.sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        return t

    for t in built_once(django_db_blocker, build):
        yield t
        from django.core.files.storage import default_storage

        for name in t.files:
            default_storage.delete(name)


def client_for(t: Targets, persona: str) -> Client:
    """A fresh client carrying the persona's session (a request that logs out, or rotates the
    key, leaves the next request's session untouched)."""
    client = Client(HTTP_HOST="testserver")
    if persona != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = t.sessions[persona]
    return client


def call(t: Targets, persona: str, method: str, url: str, body: Any = None, **extra: Any) -> Any:
    """One request whose database effects are rolled back (each cell of a matrix starts from
    the same world)."""
    from django.core.cache import cache

    client = client_for(t, persona)
    if url.startswith("/api/") and method != "get":
        extra.setdefault("HTTP_IDEMPOTENCY_KEY", uuid.uuid4().hex)  # intake requires one
    cache.clear()  # rate limits count per test: a matrix must not trip them
    with transaction.atomic():
        if method in ("get", "head"):
            response = getattr(client, method)(url, body or {}, **extra)
        elif isinstance(body, dict) and url.startswith("/api/"):
            response = getattr(client, method)(
                url, json.dumps(body), content_type="application/json", **extra
            )
        else:
            response = getattr(client, method)(url, body or {}, **extra)
        transaction.set_rollback(True)
    return response
