"""Pages: each role sees its side; everything else is the same 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import World
from lianxi.committee import actions
from lianxi.committee.actions import AudienceSpec, CourseInput, SessionInput
from lianxi.committee.models import Activity, Invitation, MaterialDownload, Notice, NoticeRead

STAFF_PAGES = [
    "/work/committee/notices/",
    "/work/committee/notices/new/",
    "/work/committee/materials/",
    "/work/committee/materials/new/",
    "/work/committee/trainings/",
    "/work/committee/trainings/new/",
    "/work/committee/activities/",
    "/work/committee/activities/new/",
]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_render(world: World, people: Any, login: Any, path: str) -> None:
    assert login(world["committee"]).get(path).status_code == 200


@pytest.mark.parametrize("name", ["staff_a", "handler_x", "citizen"])
def test_other_roles_get_404(world: World, people: Any, login: Any, name: str) -> None:
    client = login(world[name])
    for path in [*STAFF_PAGES, "/work/committee/", "/work/committee/calendar/"]:
        assert client.get(path).status_code == 404, path


def test_deputy_pages(
    world: World, people: Any, login: Any, make_notice: Any, make_activity: Any
) -> None:
    client = login(world["deputy_a"])
    for path in [
        "/work/committee/",
        "/work/committee/calendar/",
        "/work/committee/notices/",
        "/work/committee/materials/",
        "/work/committee/trainings/",
        "/work/committee/activities/",
    ]:
        assert client.get(path).status_code == 200, path
    assert client.get("/work/committee/notices/new/").status_code == 404
    assert client.get("/work/").status_code == 200  # the workbench panel renders


def test_staff_write_and_publish_a_notice(
    world: World, people: Any, fields: Any, login: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = login(world["committee"])
    response = client.post(
        "/work/committee/notices/new/",
        {
            "kind": "briefing",
            "title": "关于开展生态环境保护专题调研的通知",
            "body": "<p>请阅读</p><script>x</script>",
            "must_confirm": "on",
            "aud-levels": ["municipal"],
            "aud-expertise": [str(fields["环保"].pk)],
            "attachments": SimpleUploadedFile("通知.pdf", b"%PDF-1.4\nhello"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = Notice.objects.get()
    assert notice.status == "draft" and "script" not in notice.body
    assert (
        client.post(
            f"/work/committee/notices/{notice.pk}/publish/", {"publish_at": "", "confirm": "on"}
        ).status_code
        == 302
    )
    notice.refresh_from_db()
    assert notice.status == "published"
    page = client.get(f"/work/committee/notices/{notice.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "李明华" in page.content.decode() and "王秀英" not in page.content.decode()
    export = client.get(f"/work/committee/notices/{notice.pk}/receipts.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_bad_notice_input_names_the_field(world: World, people: Any, login: Any) -> None:
    client = login(world["committee"])
    response = client.post(
        "/work/committee/notices/new/",
        {"kind": "briefing", "title": "关于开展调研的通知", "body": "<p>正文</p>"},
    )
    assert response.status_code == 400
    assert Notice.objects.count() == 0
    assert (
        "invalid-feedback" in response.content.decode()
        or "alert-danger" in response.content.decode()
    )


def test_deputy_reads_and_confirms(
    world: World, people: Any, fields: Any, login: Any, make_notice: Any
) -> None:
    notice = make_notice(AudienceSpec(expertise_ids=[fields["环保"].pk]))
    client = login(world["deputy_a"])
    assert client.get(f"/work/committee/notices/{notice.pk}/").status_code == 200
    assert NoticeRead.objects.get(notice=notice).confirmed_at is None
    client.post(f"/work/committee/notices/{notice.pk}/confirm/")
    assert NoticeRead.objects.get(notice=notice).confirmed_at is not None
    other = login(world["deputy_b"])
    assert other.get(f"/work/committee/notices/{notice.pk}/").status_code == 404
    assert other.post(f"/work/committee/notices/{notice.pk}/confirm/").status_code == 404
    assert (
        login(world["committee_d1"]).get(f"/work/committee/notices/{notice.pk}/").status_code == 404
    )


def test_material_download_records(
    world: World, people: Any, login: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = login(world["committee"])
    response = client.post(
        "/work/committee/materials/new/",
        {
            "kind": "research",
            "title": "城市更新调研资料汇编",
            "tags": "城市更新 调研",
            "aud-everyone": "on",
            "file": SimpleUploadedFile("汇编.pdf", b"%PDF-1.4\nhello"),
        },
    )
    assert response.status_code == 302
    material_id = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    deputy = login(world["deputy_a"])
    download = deputy.post(f"/work/committee/materials/{material_id}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert (
        MaterialDownload.objects.filter(material_id=material_id, user=world["deputy_a"]).count()
        == 1
    )
    assert deputy.get(f"/work/committee/materials/{material_id}/download/").status_code == 405


def test_activity_flow_through_pages(world: World, people: Any, fields: Any, login: Any) -> None:
    staff = login(world["committee"])
    start = timezone.localtime(timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    response = staff.post(
        "/work/committee/activities/new/",
        {
            "kind": "legislative",
            "title": "《示范市生态环境保护条例》立法调研",
            "topic": "生态环境保护",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "place": "市人大常委会第一会议室",
            "capacity": "5",
            "expertise": [str(fields["环保"].pk)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get()
    page = staff.get(f"/work/committee/activities/{activity.pk}/").content.decode()
    assert f"suggest-{people['a'].pk}" in page and f"suggest-{people['b'].pk}" not in page
    staff.post(
        f"/work/committee/activities/{activity.pk}/invite/", {"deputies": [str(people["a"].pk)]}
    )
    invitation = Invitation.objects.get()
    deputy = login(world["deputy_a"])
    assert "inbox-invitations" in deputy.get("/work/committee/").content.decode()
    deputy.post(
        f"/work/committee/invitations/{invitation.pk}/answer/",
        {"answer": "accept", "next": "inbox"},
    )
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert (
        login(world["deputy_b"]).get(f"/work/committee/activities/{activity.pk}/").status_code
        == 404
    )
    assert (
        login(world["deputy_b"])
        .post(
            f"/work/committee/invitations/{invitation.pk}/answer/",
            {"answer": "decline", "reason": "x"},
        )
        .status_code
        == 404
    )


def test_training_pages_and_qr(world: World, people: Any, login: Any) -> None:
    course = actions.save_course(
        world["committee"],
        data=CourseInput(
            kind="induction",
            title="新任代表初任培训班",
            required=True,
            audience=AudienceSpec(everyone=True),
        ),
    )
    start = timezone.now() - timedelta(minutes=5)
    session = actions.add_session(
        world["committee"],
        course=course,
        data=SessionInput(
            title="代表法解读",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="培训中心",
        ),
    )
    staff = login(world["committee"])
    qr = staff.get(f"/work/committee/sessions/{session.pk}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert staff.get(f"/work/committee/sessions/{session.pk}/").status_code == 200
    deputy = login(world["deputy_a"])
    assert deputy.get(f"/work/committee/checkin/{session.checkin_token}/").status_code == 200
    deputy.post(f"/work/committee/checkin/{session.checkin_token}/")
    assert session.attendance.filter(deputy=people["a"], method="qr").exists()
    assert deputy.get(f"/work/committee/sessions/{session.pk}/").status_code == 200
    assert deputy.get(f"/work/committee/sessions/{session.pk}/qr.svg").status_code == 404


def test_staff_land_on_activities_and_close_a_course(world: World, people: Any, login: Any) -> None:
    client = login(world["committee"])
    response = client.get("/work/committee/")
    assert response.status_code == 302 and response["Location"].endswith("/activities/")
    course = actions.save_course(
        world["committee"],
        data=CourseInput(
            kind="thematic", title="代表履职能力提升培训", audience=AudienceSpec(everyone=True)
        ),
    )
    assert (
        login(world["committee_d1"])
        .post(f"/work/committee/trainings/{course.pk}/close/")
        .status_code
        == 404
    )
    client = login(world["committee"])
    client.post(f"/work/committee/trainings/{course.pk}/close/")
    course.refresh_from_db()
    assert course.status == "closed"
