"""The story's steps: who may take each, in which state, what is written, audited and told."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from conftest import World
from lianxi.audit.models import AuditEvent
from lianxi.core.errors import IllegalTransition, InvalidInput, NotAllowed
from lianxi.notifications.models import OutboxMessage
from lianxi.publicity import actions
from lianxi.publicity.models import PublishedCase, Story, StoryStatus
from lianxi.publicity.tests.conftest import details, photo_bytes, resolved_case

pytestmark = pytest.mark.django_db


def test_a_story_is_written_sanitised_and_linked(world: World, draft: Story, case: Any) -> None:
    assert draft.status == StoryStatus.DRAFT
    assert draft.area == world.district1
    assert list(draft.cases.all()) == [case]
    assert list(draft.deputies.all()) == [world.deputy_a]
    assert draft.body.startswith("<p>") and "</p><p>" in draft.body
    assert AuditEvent.objects.filter(action="publicity.create").exists()


def test_the_text_is_cleaned_of_scripts(world: World) -> None:
    story = actions.create_story(
        world["committee"],
        details=details(
            body='<p onclick="x()">好</p><script>alert(1)</script><a href="javascript:x">链接</a>'
            + "代表履职" * 20
        ),
    )
    assert "script" not in story.body and "onclick" not in story.body
    assert "javascript" not in story.body


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("title", {"title": "短"}),
        ("summary", {"summary": "太短"}),
        ("body", {"body": "太短的故事"}),
    ],
)
def test_bad_text_names_its_field(world: World, field: str, values: dict[str, str]) -> None:
    with pytest.raises(InvalidInput) as refused:
        actions.create_story(world["committee"], details=details(**values))
    assert refused.value.field == field
    assert not Story.objects.exists()


def test_only_resolved_cases_the_author_sees_can_be_linked(
    world: World, submit: Any, case: Any
) -> None:
    open_case = submit(world["citizen"])
    with pytest.raises(InvalidInput) as refused:
        actions.create_story(
            world["committee"], details=details(case_numbers=[open_case.tracking_number])
        )
    assert refused.value.field == "cases" and open_case.tracking_number in refused.value.message
    with pytest.raises(InvalidInput):
        actions.create_story(world["committee"], details=details(case_numbers=["2099-999999"]))


@pytest.mark.parametrize("persona", ["citizen", "deputy_a", "staff_a", "handler_x"])
def test_only_committee_staff_write_stories(world: World, persona: str) -> None:
    with pytest.raises(NotAllowed):
        actions.create_story(world[persona], details=details())


def test_photos_are_resized_turned_and_stripped_of_their_location(
    world: World, draft: Story
) -> None:
    before = draft.photos.get(kind="before")
    with before.file.open("rb") as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert max(image.size) == 1600
    # EXIF orientation 6 (rotated): the stored photo is upright, portrait.
    assert image.size == (1200, 1600) == (before.width, before.height)
    assert not image.getexif()  # no GPS, no camera
    assert b"CanaryCam" not in data and b"GPS" not in data


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("photo.png", photo_bytes(fmt="JPEG", gps=False)),  # name does not match the content
        ("doc.pdf", b"%PDF-1.4\n%%EOF"),
        ("tiny.png", photo_bytes((50, 50), "PNG", gps=False)),
        ("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200),
    ],
)
def test_bad_photos_are_refused(world: World, draft: Story, name: str, data: bytes) -> None:
    with pytest.raises(InvalidInput) as refused:
        actions.add_photo(world["committee_d1"], draft, name=name, data=data, kind="after")
    assert refused.value.field == "photo"
    assert draft.photos.count() == 2


def test_review_tells_the_reviewer_and_the_author_cannot_publish(
    world: World, in_review: Story
) -> None:
    assert in_review.status == StoryStatus.REVIEW and in_review.reviewer == world["committee"]
    told = OutboxMessage.objects.filter(user=world["committee"], kind="publicity.submit")
    assert told.exists() and "等待您审核" in told.first().body  # type: ignore[union-attr]
    with pytest.raises(NotAllowed):
        actions.publish_story(world["committee_d1"], in_review)


def test_the_author_cannot_review_their_own_story(world: World, draft: Story) -> None:
    with pytest.raises(InvalidInput) as refused:
        actions.submit_story(world["committee_d1"], draft, reviewer_id=world["committee_d1"].pk)
    assert refused.value.field == "reviewer"
    with pytest.raises(InvalidInput):  # not staff of the story's area
        actions.submit_story(world["committee_d1"], draft, reviewer_id=world["staff_a"].pk)


def test_publishing_tells_the_author_and_the_deputies(world: World, published: Story) -> None:
    assert published.status == StoryStatus.PUBLISHED and published.published_at is not None
    assert OutboxMessage.objects.filter(
        user=world["committee_d1"], kind="publicity.publish"
    ).exists()
    assert OutboxMessage.objects.filter(user=world["deputy_a"], kind="publicity.publish").exists()
    assert Story.objects.published().count() == 1


def test_returning_needs_a_reason_and_tells_the_author(world: World, in_review: Story) -> None:
    with pytest.raises(InvalidInput):
        actions.return_story(world["committee"], in_review, reason="")
    story = actions.return_story(world["committee"], in_review, reason="请补充整改后的照片说明")
    assert story.status == StoryStatus.DRAFT and story.return_reason
    message = OutboxMessage.objects.get(
        user=world["committee_d1"], kind="publicity.return", channel="inapp"
    )
    assert "请补充整改后的照片说明" in message.body


def test_the_state_machine_refuses_illegal_steps(
    world: World, draft: Story, published: Any
) -> None:
    story = Story.objects.get(pk=draft.pk)
    with pytest.raises(IllegalTransition):
        actions.publish_story(world["committee"], story)
    with pytest.raises(IllegalTransition):
        actions.edit_story(world["committee_d1"], story, details=details())
    with pytest.raises(IllegalTransition):
        actions.add_photo(
            world["committee_d1"], story, name="a.jpg", data=photo_bytes(), kind="after"
        )
    story = actions.withdraw_story(world["committee"], story, reason="照片涉及群众隐私")
    assert story.status == StoryStatus.WITHDRAWN and not Story.objects.published().exists()
    story = actions.reopen_story(world["committee_d1"], story)
    assert story.status == StoryStatus.DRAFT and story.published_at is None


def test_a_refused_step_is_audited_and_changes_nothing(world: World, in_review: Story) -> None:
    with pytest.raises(NotAllowed):
        actions.publish_story(world["deputy_a"], in_review)
    assert Story.objects.get(pk=in_review.pk).status == StoryStatus.REVIEW
    assert AuditEvent.objects.filter(action="publicity.publish", outcome="denied").exists()


def test_the_published_case_digest_follows_the_case(world: World, submit: Any) -> None:
    from lianxi.cases.publish import unpublish_case
    from lianxi.publicity import digest

    case = resolved_case(world, submit, title="电话13912345678的路灯坏了")
    row = PublishedCase.objects.get(case=case)
    assert "13912345678" not in row.title and row.district == "东湖区"
    unpublish_case(world["committee"], case=case)
    assert not PublishedCase.objects.filter(case=case).exists()
    assert digest.rebuild() == 0
    unpublished = resolved_case(world, submit, publish=False)
    assert not PublishedCase.objects.filter(case=unpublished).exists()
