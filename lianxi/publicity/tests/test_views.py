"""The pages: staff write, illustrate, send, review and publish a story; the public reads it
(Open Graph tags), sees its photos and finds it on the home page; drafts stay hidden."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from lianxi.publicity.models import Story, StoryStatus
from lianxi.publicity.tests.conftest import BODY, photo_bytes

pytestmark = pytest.mark.django_db


def test_staff_write_a_story_end_to_end(world: World, case: Any, login: Any, client: Any) -> None:
    author = login(world["committee_d1"])
    page = author.get(reverse("publicity_work:new"))
    assert page.status_code == 200 and "撰写宣传稿" in page.content.decode()
    response = author.post(
        reverse("publicity_work:new"),
        {
            "title": "代表督办，老旧小区电梯恢复运行",
            "summary": "青石社区电梯停运两周，代表现场协调，两周内修复。",
            "body": BODY,
            "case_numbers": case.tracking_number,
            "deputies": [world.deputy_a.pk],
        },
    )
    assert response.status_code == 302
    story = Story.objects.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("after.jpg", photo_bytes(), content_type="image/jpeg")
    response = author.post(
        reverse("publicity_work:photo_add", args=[story.pk]),
        {"photo": upload, "kind": "after", "caption": "修复后的电梯"},
    )
    assert response.status_code == 302 and story.photos.count() == 1
    response = author.post(
        reverse("publicity_work:submit", args=[story.pk]), {"reviewer": world["committee"].pk}
    )
    assert response.status_code == 302
    reviewer = login(world["committee"])
    page = reviewer.get(reverse("publicity_work:detail", args=[story.pk])).content.decode()
    assert 'id="publish-story"' in page
    assert reviewer.post(reverse("publicity_work:publish", args=[story.pk])).status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    client.logout()
    public = client.get(reverse("publicity:detail", args=[story.pk]))
    body = public.content.decode()
    assert public.status_code == 200
    assert '<meta property="og:title" content="代表督办，老旧小区电梯恢复运行">' in body
    assert re.search(
        r'<meta property="og:image" content="http://testserver/stories/photos/\d+\.jpg">', body
    )
    assert case.tracking_number in body and "李明华" in body
    home = client.get("/").content.decode()
    assert "代表督办，老旧小区电梯恢复运行" in home
    assert case.tracking_number in home  # resolved this month


def test_bad_input_answers_400_in_chinese(world: World, login: Any) -> None:
    page = login(world["committee_d1"]).post(
        reverse("publicity_work:new"), {"title": "短", "summary": "太短", "body": "太短"}
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert "标题应为 4 至 80 个字" in body
    assert not Story.objects.exists()


def test_a_bad_photo_is_refused_on_the_page(world: World, draft: Story, login: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "x.jpg", b"<html><script>alert(1)</script>", content_type="image/jpeg"
    )
    page = login(world["committee_d1"]).post(
        reverse("publicity_work:photo_add", args=[draft.pk]), {"photo": upload, "kind": "after"}
    )
    assert page.status_code == 400 and draft.photos.count() == 2


def test_drafts_and_their_photos_are_not_public(
    world: World, draft: Story, client: Any, login: Any
) -> None:
    photo = draft.photos.first()
    assert photo is not None
    assert client.get(reverse("publicity:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("publicity:photo", args=[photo.pk])).status_code == 404
    assert client.get(reverse("publicity:list")).content.decode().count(draft.title) == 0
    for persona in ("citizen", "deputy_a", "staff_a", "handler_x"):
        user = login(world[persona])
        assert user.get(reverse("publicity:detail", args=[draft.pk])).status_code == 404
        assert user.get(reverse("publicity_work:detail", args=[draft.pk])).status_code == 404
        assert user.get(reverse("publicity_work:list")).status_code == 404
    staff = login(world["committee_d1"])
    preview = staff.get(reverse("publicity:detail", args=[draft.pk]))
    assert preview.status_code == 200 and "尚未公开" in preview.content.decode()
    image = staff.get(reverse("publicity:photo", args=[photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image["Cache-Control"] == "private, no-store"


def test_staff_of_another_district_do_not_see_the_draft(
    world: World, draft: Story, login: Any
) -> None:
    from lianxi.accounts.models import User
    from lianxi.core.choices import Role

    other = User.objects.create(
        username="committee_d2", role=Role.COMMITTEE, jurisdiction=world.district2
    )
    assert login(other).get(reverse("publicity_work:detail", args=[draft.pk])).status_code == 404


def test_published_photos_are_served_inline_to_anyone(published: Story, client: Any) -> None:
    photo = published.photos.first()
    assert photo is not None
    response = client.get(reverse("publicity:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


def test_story_list_filters_by_district(world: World, published: Story, client: Any) -> None:
    everything = client.get(reverse("publicity:list")).content.decode()
    assert published.title in everything
    own = client.get(reverse("publicity:list"), {"district": world.district1.pk}).content.decode()
    other = client.get(reverse("publicity:list"), {"district": world.district2.pk}).content.decode()
    assert published.title in own and published.title not in other
    assert "该区县还没有发布履职成果" in other


def test_staff_list_tabs(world: World, in_review: Story, login: Any) -> None:
    page = login(world["committee"]).get(reverse("publicity_work:list"), {"tab": "review"})
    body = page.content.decode()
    assert page.status_code == 200 and in_review.title in body and "等待您审核" in body


def test_return_and_withdraw_need_a_reason_on_the_page(
    world: World, in_review: Story, login: Any
) -> None:
    reviewer = login(world["committee"])
    page = reviewer.post(reverse("publicity_work:return", args=[in_review.pk]), {"reason": ""})
    assert page.status_code == 400
    page = reviewer.post(
        reverse("publicity_work:return", args=[in_review.pk]), {"reason": "请补充说明"}
    )
    assert page.status_code == 302
    assert Story.objects.get(pk=in_review.pk).status == StoryStatus.DRAFT


def test_the_nav_reaches_every_public_section(client: Any, world: World) -> None:
    body = client.get("/").content.decode()
    for url in (
        "/find/",
        "/published/",
        "/stories/",
        "/legislation/",
        "/proposals/",
        "/stats/",
        "/cases/new/",
    ):
        assert f'href="{url}"' in body, url
    assert "site-footer" in body and "/stories/feeds/stories.atom" in body
