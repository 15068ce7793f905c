"""Notices: sanitising, attachments, scheduled publishing, receipts, reminders once, scoping."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import World
from e2e.helpers import tiny_png
from lianxi.audit.models import AuditEvent
from lianxi.committee import actions, tasks
from lianxi.committee.actions import AudienceSpec, MaterialInput, NoticeInput
from lianxi.committee.actions.notices import REMIND_AFTER
from lianxi.committee.models import MaterialDownload, Notice, NoticeRead
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage


def test_body_is_sanitised(world: World, people: Any, make_notice: Any) -> None:
    notice = make_notice(
        AudienceSpec(everyone=True),
        body='<p onclick="x()">正文<script>alert(1)</script><a href="javascript:x">链</a>'
        "<strong>重点</strong><img src=x onerror=y></p>",
    )
    assert "script" not in notice.body and "onclick" not in notice.body
    assert "javascript" not in notice.body and "<img" not in notice.body
    assert "<strong>重点</strong>" in notice.body


def test_empty_audience_and_bad_input_are_refused(world: World, people: Any) -> None:
    data = NoticeInput(kind="briefing", title="关于年度履职的通知", body="<p>内容</p>")
    with pytest.raises(InvalidInput) as exc:
        actions.save_notice(world["committee"], data=data)
    assert exc.value.field == "audience"
    data.audience = AudienceSpec(levels=["galactic"])
    with pytest.raises(InvalidInput) as exc:
        actions.save_notice(world["committee"], data=data)
    assert exc.value.field == "levels"
    data = NoticeInput(
        kind="briefing", title="短", body="<p>x</p>", audience=AudienceSpec(everyone=True)
    )
    with pytest.raises(InvalidInput) as exc:
        actions.save_notice(world["committee"], data=data)
    assert exc.value.field == "title"
    assert not Notice.objects.exists()


def test_only_committee_staff_write_notices(world: World, people: Any) -> None:
    data = NoticeInput(
        kind="briefing",
        title="关于年度履职的通知",
        body="<p>内容</p>",
        audience=AudienceSpec(everyone=True),
    )
    for name in ["deputy_a", "staff_a", "handler_x", "citizen"]:
        with pytest.raises(NotAllowed):
            actions.save_notice(world[name], data=data)


def test_attachments_are_checked_by_content(
    world: World, people: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    data = NoticeInput(
        kind="briefing",
        title="关于年度履职的通知",
        body="<p>内容</p>",
        audience=AudienceSpec(everyone=True),
    )
    fake = SimpleUploadedFile("a.png", tiny_png() + b"<script>alert(1)</script>")
    with pytest.raises(InvalidInput) as exc:
        actions.save_notice(world["committee"], data=data, files=[fake])
    assert exc.value.field == "attachments"
    assert not Notice.objects.exists()
    good = SimpleUploadedFile("图.png", tiny_png())
    notice = actions.save_notice(world["committee"], data=data, files=[good])
    assert notice.attachments.get().content_type == "image/png"


def test_draft_is_invisible_to_deputies_until_published(
    world: World, people: Any, make_notice: Any, login: Any
) -> None:
    notice = make_notice(AudienceSpec(everyone=True), publish=False)
    assert not Notice.objects.visible_to(world["deputy_a"]).filter(pk=notice.pk).exists()
    actions.publish_notice(world["committee"], notice=notice)
    assert Notice.objects.visible_to(world["deputy_a"]).filter(pk=notice.pk).exists()
    assert OutboxMessage.objects.filter(channel="inapp", user=world["deputy_a"]).count() == 1


def test_scheduled_publishing_by_the_job(world: World, people: Any, make_notice: Any) -> None:
    notice = make_notice(AudienceSpec(everyone=True), publish=False)
    at = timezone.now() + timedelta(hours=2)
    actions.publish_notice(world["committee"], notice=notice, at=at)
    notice.refresh_from_db()
    assert notice.status == "scheduled"
    assert tasks.publish_due() == 0
    Notice.objects.filter(pk=notice.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert tasks.publish_due() == 1
    assert tasks.publish_due() == 0
    notice.refresh_from_db()
    assert notice.status == "published" and notice.published_at is not None
    assert OutboxMessage.objects.filter(channel="inapp", user=world["deputy_a"]).count() == 1


def test_read_receipt_and_confirmation(world: World, people: Any, make_notice: Any) -> None:
    notice = make_notice(AudienceSpec(everyone=True))
    first = actions.read_notice(world["deputy_a"], notice=notice)
    again = actions.read_notice(world["deputy_a"], notice=notice)
    assert first.pk == again.pk and again.read_at == first.read_at
    assert again.confirmed_at is None
    confirmed = actions.confirm_notice(world["deputy_a"], notice=notice)
    assert confirmed.confirmed_at is not None
    assert NoticeRead.objects.filter(notice=notice).count() == 1


def test_deputy_outside_the_audience_cannot_read(
    world: World, people: Any, fields: Any, make_notice: Any
) -> None:
    notice = make_notice(AudienceSpec(expertise_ids=[fields["环保"].pk]))
    with pytest.raises(NotAllowed):
        actions.read_notice(world["deputy_b"], notice=notice)
    assert AuditEvent.objects.filter(action="committee.read_notice", outcome="denied").exists()


def test_reminders_go_once_to_non_readers(world: World, people: Any, make_notice: Any) -> None:
    notice = make_notice(AudienceSpec(everyone=True))
    actions.confirm_notice(world["deputy_b"], notice=notice)
    assert tasks.remind_unread() == 0  # too early
    Notice.objects.filter(pk=notice.pk).update(
        published_at=timezone.now() - REMIND_AFTER - timedelta(minutes=1)
    )
    reminded = tasks.remind_unread()
    assert reminded == 3  # a, county, plain (b confirmed, resigned is not serving)
    assert tasks.remind_unread() == 0  # run twice: nothing more
    bodies = OutboxMessage.objects.filter(channel="inapp", user=world["deputy_a"]).values_list(
        "body", flat=True
    )
    assert sum("Reminder" in b or "提醒" in b for b in bodies) == 1
    assert (
        OutboxMessage.objects.filter(channel="inapp", user=world["deputy_a"]).count() == 2
    )  # published, reminder
    assert (
        OutboxMessage.objects.filter(channel="inapp", user=world["deputy_b"]).count() == 1
    )  # published only


def test_withdraw_hides_and_is_final(world: World, people: Any, make_notice: Any) -> None:
    notice = make_notice(AudienceSpec(everyone=True))
    actions.withdraw_notice(world["committee"], notice=notice)
    assert not Notice.objects.visible_to(world["deputy_a"]).filter(pk=notice.pk).exists()
    with pytest.raises(IllegalTransition):
        actions.withdraw_notice(world["committee"], notice=notice)


def test_district_staff_see_and_manage_only_their_own(
    world: World, people: Any, make_notice: Any
) -> None:
    notice = make_notice(AudienceSpec(everyone=True))  # organised by the city
    assert not Notice.objects.visible_to(world["committee_d1"]).filter(pk=notice.pk).exists()
    with pytest.raises(NotAllowed):
        actions.withdraw_notice(world["committee_d1"], notice=notice)
    for name in ["staff_a", "handler_x", "citizen"]:
        assert not Notice.objects.visible_to(world[name]).exists()


def test_search_is_kept_in_step(world: World, people: Any, make_notice: Any) -> None:
    """The search app subscribes to the notice actions and writes in their transaction."""
    from lianxi.search.models import Document

    notice = make_notice(AudienceSpec(everyone=True), body="<p>请<b>认真</b>阅读</p>")
    document = Document.objects.get(kind="notice", object_id=notice.pk)
    assert document.body == "请认真阅读" and document.title == notice.title
    actions.withdraw_notice(world["committee"], notice=notice)
    assert not Document.objects.filter(kind="notice", object_id=notice.pk).exists()


def test_material_downloads_are_recorded(
    world: World, people: Any, fields: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    data = MaterialInput(
        kind="study",
        title="预算审查监督学习资料",
        tags="预算 财政",
        audience=AudienceSpec(expertise_ids=[fields["环保"].pk]),
    )
    material = actions.add_material(
        world["committee"], data=data, upload=SimpleUploadedFile("资料.pdf", b"%PDF-1.4\n1 0 obj\n")
    )
    actions.download_material(world["deputy_a"], material=material)
    actions.download_material(world["deputy_a"], material=material)
    with pytest.raises(NotAllowed):
        actions.download_material(world["deputy_b"], material=material)
    assert MaterialDownload.objects.filter(material=material).count() == 2
    assert material.tag_list == ["预算", "财政"]


def test_notice_attachments_reach_only_the_audience(
    world: World, people: Any, settings: Any, tmp_path: Any, client: Any
) -> None:
    """quality.md test 15: downloaded as an attachment with nosniff by the audience; anonymous,
    a deputy outside the audience and a signed-out session get nothing; the file's name,
    however hostile, cannot break out of the header."""
    from django.urls import reverse

    from conftest import force_login

    settings.MEDIA_ROOT = tmp_path
    data = NoticeInput(
        kind="briefing",
        title="关于年度履职的通知",
        body="<p>内容</p>",
        audience=AudienceSpec(expertise_ids=[world.deputy_a.expertise.get().pk]),
    )
    hostile = SimpleUploadedFile('a";\r\nX-Evil: 1; <script>.png', tiny_png())
    notice = actions.save_notice(world["committee"], data=data, files=[hostile])
    actions.publish_notice(world["committee"], notice=notice)
    item = notice.attachments.get()
    url = reverse("committee_work:notice_file", args=[notice.pk, item.pk])
    assert client.get(url).status_code in (302, 403, 404)  # anonymous: to the sign-in
    force_login(client, world["deputy_a"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "X-Evil" not in response and "\n" not in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == tiny_png()
    assert item.file.name not in url and "<" not in item.file.name
    force_login(client, world["deputy_b"])  # not in the audience
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code in (302, 403, 404)
    assert client.get(f"/media/{item.file.name}").status_code == 404  # no direct path
