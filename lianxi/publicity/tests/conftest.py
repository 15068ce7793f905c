"""Fixtures of the publicity tests: a fixed day, a resolved and published case, drawn photos
(with a GPS position in their EXIF), a story in each state."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from PIL import Image

from conftest import World
from lianxi.cases import actions as case_actions
from lianxi.cases.models import Case
from lianxi.cases.publish import publish_case
from lianxi.publicity import actions
from lianxi.publicity.models import Story

FIXED_NOW = datetime(2026, 5, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
BODY = (
    "青石社区3栋电梯停运两周，老人上下楼十分困难。李明华代表接到群众反映后，当天到现场查看，"
    "联系物业和住建部门，协调维修资金。\n\n两周后电梯恢复运行，并加装了安全监控。居民表示满意。"
)


@pytest.fixture(autouse=True)
def fixed_day(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(FIXED_NOW, tick=True):
        yield


def photo_bytes(
    size: tuple[int, int] = (2400, 1800), fmt: str = "JPEG", *, gps: bool = True
) -> bytes:
    """A drawn photo; with a GPS position and a camera make in its EXIF when `gps`."""
    image = Image.new("RGB", size, (90, 140, 200))
    for x in range(0, size[0], 200):
        image.paste((200, 80, 60), (x, size[1] // 2, x + 100, size[1] // 2 + 100))
    out = io.BytesIO()
    if gps and fmt == "JPEG":
        exif = Image.Exif()
        exif[0x010F] = "CanaryCam"  # Make
        exif[0x0112] = 6  # Orientation: rotated 90° clockwise
        exif[0x8825] = {1: "N", 2: (31.0, 14.0, 5.0), 3: "E", 4: (121.0, 28.0, 9.0)}
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def resolved_case(world: World, submit: Any, *, publish: bool = True, **fields: Any) -> Case:
    fields.setdefault("consent_to_publish", True)
    case = submit(world["citizen"], title=fields.pop("title", "青石社区3栋电梯停运"), **fields)
    case = case_actions.accept_case(world["committee"], case=case)
    case = case_actions.reply_to_case(
        world["deputy_a"], case=case, text="已协调物业和住建部门维修电梯，已恢复运行。"
    )
    case = case_actions.rate_case(world["citizen"], case=case, deputy_rating="satisfied")
    if publish:
        case = publish_case(world["committee"], case=case)
    return case


@pytest.fixture
def case(world: World, submit: Any) -> Case:
    return resolved_case(world, submit)


def details(**extra: Any) -> actions.Details:
    return actions.Details(
        title=extra.pop("title", "代表督办，老旧小区电梯恢复运行"),
        summary=extra.pop("summary", "青石社区电梯停运两周，代表现场协调，两周内修复并加装监控。"),
        body=extra.pop("body", BODY),
        **extra,
    )


@pytest.fixture
def draft(world: World, case: Case) -> Story:
    story = actions.create_story(
        world["committee_d1"],
        details=details(case_numbers=[case.tracking_number], deputy_ids=[world.deputy_a.pk]),
    )
    actions.add_photo(
        world["committee_d1"], story, name="before.jpg", data=photo_bytes(), kind="before"
    )
    actions.add_photo(
        world["committee_d1"], story, name="after.jpg", data=photo_bytes(gps=False), kind="after"
    )
    return story


@pytest.fixture
def in_review(world: World, draft: Story) -> Story:
    return actions.submit_story(world["committee_d1"], draft, reviewer_id=world["committee"].pk)


@pytest.fixture
def published(world: World, in_review: Story) -> Story:
    return actions.publish_story(world["committee"], in_review)
