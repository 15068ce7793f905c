"""The database the admin tests walk: a small demo city with its cases and every app's demo
data, rows for the tables the demo leaves empty, and canaries of personal data that must never
show in the admin."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

from lianxi.accounts.models import OneTimeCode, User
from lianxi.accounts.second_factor import regenerate_recovery_codes
from lianxi.cases.keys import issue_key
from lianxi.cases.models import Attachment, Case, CaseEvent, Rating, Referral, ReplyTemplate
from lianxi.committee.models import (
    CalendarToken,
    Contribution,
    Notice,
    NoticeAttachment,
    NoticeReminder,
    SessionAttendance,
)
from lianxi.core.choices import Role
from lianxi.directory.models import Category, Department, Deputy, Station
from lianxi.liaison.models import (
    Booking,
    DeputySubscription,
    Duty,
    DutyRequest,
    Photo,
    Reception,
    Subscription,
    Visit,
)
from lianxi.notifications.models import ChannelPolicy, OutboxMessage, Preference
from lianxi.notifications.models import Settings as NotificationSettings
from lianxi.retention.models import AnonymisedCase, AuditArchive, DeletionRequest
from lianxi.topics.models import Follow, SupervisionTopic

CANARY_PHONE = "16600001234"
CANARY_NAME = "甄秘密"
CANARY_ADDRESS = "东湖区青石街道秘巷99号"
CANARY_STREET = "秘巷99号"
CANARIES = (CANARY_PHONE, CANARY_NAME, CANARY_STREET)
SAY_PHONE = f"请打{CANARY_PHONE}联系"  # free text with a phone number in it


def build() -> dict[str, Any]:
    """Generate the demo and fill the gaps; returns the canary rows by model."""
    from lianxi.cases.demo.generate import generate_cases
    from lianxi.directory.demo.city import generate_city
    from lianxi.directory.management.commands.demo_city import Command

    generate_city(seed=3, size="small")
    generate_cases(seed=3, count=40)
    Command().generate_apps(3, progress=False)
    top_up()
    return plant_canaries()


def committee_area() -> Any:
    """The jurisdiction of the demo's committee account (a batch of reports covers it)."""
    return User.objects.get(username="committee").jurisdiction


def top_up() -> None:
    """A row in each table the demo leaves empty, so every change page can be opened."""
    now = timezone.now()
    admin = User.objects.get(username="admin")
    citizen = User.objects.get(username="citizen")
    case = Case.objects.order_by("pk").first()
    OneTimeCode.objects.create(
        phone_hash="a" * 64,
        code_hash="b" * 64,
        ip="10.0.0.9",
        created_at=now,
        expires_at=now + timedelta(minutes=5),
    )
    from lianxi.performance.models import ManualEntry, Record

    record = Record.objects.order_by("pk").first()
    assert record is not None
    ManualEntry.objects.create(
        record=record,
        kind="manual_session",
        title="出席市人民代表大会第三次会议",
        day=now.date(),
        attachment="performance/2026/01/proof.png",
        attachment_name="出席证.png",
        content_type="image/png",
    )
    from lianxi.performance.models import Commendation, Commendee, Talk

    commendation = Commendation.objects.create(
        year=record.year, title="年度优秀代表表彰", decision="决定对以下代表予以表彰。"
    )
    Commendee.objects.create(
        commendation=commendation,
        deputy=record.deputy,
        score=record.score,
        grade="excellent",
        citation="全年走访选民，按时答复群众诉求。",
    )
    Talk.objects.create(
        deputy=record.deputy, kind="reminder", day=now.date(), reasons="走访选民次数不足"
    )
    from lianxi.performance.models import AnnualReport, ReportBatch

    latest = Record.objects.select_related("deputy").order_by("-year", "pk").first()
    assert latest is not None
    AnnualReport.objects.create(
        record=latest, title=f"{latest.deputy.name}代表{latest.year}年度履职报告", created_by=admin
    )
    ReportBatch.objects.create(
        year=latest.year, area=committee_area(), format="docx", requested_by=admin
    )
    Attachment.objects.create(
        case=case,
        file="cases/2026/01/photo.jpg",
        original_name="现场照片.jpg",
        content_type="image/jpeg",
        size=1024,
        sha256="0" * 64,
    )
    ReplyTemplate.objects.create(
        title="已转交承办单位", category=Category.objects.first(), body="您反映的事项已转交。"
    )
    issue_key(admin, name="测试热线")
    committee = User.objects.get(username="committee")
    regenerate_recovery_codes(committee, user=committee)
    duty = Duty.objects.select_related("shift").first()
    assert duty is not None
    DutyRequest.objects.create(duty=duty, kind="cancel", reason="外出开会")
    visit = Visit.objects.first()
    Photo.objects.create(
        visit=visit, file="liaison/a.jpg", content_type="image/jpeg", sha256="1" * 64, name="走访"
    )
    Photo.objects.create(
        reception=Reception.objects.first(),
        file="liaison/b.jpg",
        content_type="image/jpeg",
        sha256="2" * 64,
        name="接待",
    )
    Subscription.objects.create(user=citizen, station=Station.objects.first())
    DeputySubscription.objects.create(user=citizen, deputy=Deputy.objects.first())
    CalendarToken.objects.create(user=User.objects.get(username="deputy"), token="t" * 40)
    notice = Notice.objects.first()
    assert notice is not None
    NoticeAttachment.objects.create(
        notice=notice,
        file="committee/notices/a.pdf",
        original_name="通知.pdf",
        content_type="application/pdf",
        size=2048,
        sha256="3" * 64,
    )
    NoticeReminder.objects.create(notice=notice, deputy=Deputy.objects.first())
    SupervisionTopic.objects.create(
        month=now.date().replace(day=1),
        department=Department.objects.first(),
        cases=12,
        unsatisfied=4,
        rated=8,
        overdue=3,
        score=1.5,
    )
    AccessAttempt.objects.create(
        user_agent="test",
        ip_address="10.0.0.8",
        username="committee",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="username=committee",
        failures_since_start=2,
    )
    AccessFailureLog.objects.create(
        user_agent="test",
        ip_address="10.0.0.8",
        username="committee",
        http_accept="*/*",
        path_info="/accounts/login/",
    )
    AccessLog.objects.create(
        user_agent="test",
        ip_address="10.0.0.6",
        username="station",
        http_accept="*/*",
        path_info="/accounts/login/",
    )
    Preference.objects.create(user=citizen, family="cases", channel="sms", enabled=False)
    NotificationSettings.objects.create(user=citizen, quiet_hours=False)
    ChannelPolicy.objects.create(family="polls", channel="email", allowed=False)
    AuditArchive.objects.create(
        file_name="audit-000000000001-000000000002.jsonl.gz",
        first_id=1,
        last_id=2,
        first_at=now,
        last_at=now,
        events=2,
        start_hash="0" * 64,
        last_hash="c" * 64,
        sha256="d" * 64,
        created_at=now,
    )
    AnonymisedCase.objects.create(case=case, at=now, reason="period")


def plant_canaries() -> dict[str, Any]:
    """Personal data where citizens leave it; returns the rows that hold it."""
    citizen = User(
        username="citizen-canary", role=Role.CITIZEN, display_name=CANARY_NAME, phone=CANARY_PHONE
    )
    citizen.set_unusable_password()
    citizen.save()
    case = Case.objects.order_by("-pk").first()
    assert case is not None
    case.contact_name, case.contact_phone, case.address = CANARY_NAME, CANARY_PHONE, CANARY_ADDRESS
    case.content = f"{case.content}\n{SAY_PHONE}"
    case.citizen = citizen
    case.save()
    event = CaseEvent.objects.create(case=case, at=timezone.now(), step="note", text=SAY_PHONE)
    referral = Referral.objects.filter(answer__gt="").first() or Referral.objects.first()
    assert referral is not None
    Referral.objects.filter(pk=referral.pk).update(answer=SAY_PHONE)
    rating = Rating.objects.first()
    assert rating is not None
    Rating.objects.filter(pk=rating.pk).update(comment=SAY_PHONE)
    booking = Booking.objects.first()
    assert booking is not None
    Booking.objects.filter(pk=booking.pk).update(topic=SAY_PHONE, citizen=citizen)
    booking.name, booking.phone = CANARY_NAME, CANARY_PHONE
    booking.save(update_fields=["name", "phone"])
    reception = Reception.objects.first()
    visit = Visit.objects.first()
    Reception.objects.filter(pk=reception.pk).update(minutes=SAY_PHONE)  # type: ignore[union-attr]
    Visit.objects.filter(pk=visit.pk).update(people_note=SAY_PHONE)  # type: ignore[union-attr]
    follow = Follow.objects.first()
    assert follow is not None
    follow.phone = CANARY_PHONE
    follow.save(update_fields=["phone"])
    message = OutboxMessage.objects.create(
        channel="sms", user=citizen, recipient=CANARY_PHONE, body="验证码 123456", dedupe_key="c1"
    )
    attendance = SessionAttendance.objects.first()
    contribution = Contribution.objects.first()
    SessionAttendance.objects.filter(pk=attendance.pk).update(feedback=SAY_PHONE)  # type: ignore[union-attr]
    Contribution.objects.filter(pk=contribution.pk).update(text=SAY_PHONE)  # type: ignore[union-attr]
    deletion = DeletionRequest.objects.create(
        citizen=citizen, reason=SAY_PHONE, filed_at=timezone.now(), answer=SAY_PHONE
    )
    attempt = AccessAttempt.objects.create(
        user_agent="test",
        ip_address="10.0.0.7",
        username=CANARY_PHONE,
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data=f"username={CANARY_PHONE}",
        failures_since_start=1,
    )
    rows = [
        citizen, case, event, referral, rating, booking, reception, visit, follow, message,
        attendance, contribution, attempt, deletion,
    ]  # fmt: skip
    return {type(row): row for row in rows}
