"""A citizen raises a matter on a phone: signs in by code inside the form, attaches a photo,
gets a tracking number and query code, and follows the matter on the tracking page."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from conftest import World, in_thread
from lianxi.cases.models import Attachment, Case
from lianxi.notifications.models import OutboxMessage

pytestmark = pytest.mark.browser


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def latest_sms_code() -> str:
    body = OutboxMessage.objects.filter(channel="sms").latest("id").body
    match = re.search(r"\b(\d{6})\b", body)
    assert match, body
    return match.group(1)


def test_citizen_submits_with_attachment_and_tracks_it(
    transactional_db: Any,
    live_server: Any,
    world: World,
    settings: Any,
    tmp_path: Path,
    open_page: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "现场.png"
    photo.write_bytes(tiny_png())
    page = open_page(390)
    page.goto(live_server.url + f"/cases/new/?deputy={world.deputy_a.pk}")
    assert world.deputy_a.name in page.locator("main").inner_text()

    page.select_option("#id_kind", "complaint")
    page.fill("#id_title", "电梯停运两周")
    page.fill("#id_content", "青石社区3栋电梯已经停运两周，老人上下楼非常困难。")
    assert page.locator("#content-count").inner_text().startswith("25")
    # District → street → community through the portal's htmx option lists.
    page.select_option("#find-district", str(world.district1.pk))
    page.wait_for_selector(f"#find-street option[value='{world.street1.pk}']", state="attached")
    page.select_option("#find-street", str(world.street1.pk))
    page.wait_for_selector(
        f"#find-community option[value='{world.community1.pk}']", state="attached"
    )
    page.select_option("#find-community", str(world.community1.pk))
    page.set_input_files("#id_attachments", str(photo))

    page.fill("#id_phone", "13812345678")
    page.click("#send-code")
    page.wait_for_selector("#code-status .text-success")
    page.fill("#id_code", in_thread(latest_sms_code))
    page.click("#intake-submit")
    page.wait_for_url("**/cases/new/done/")

    number = page.locator("#tracking-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"\d{12}", number) and re.fullmatch(r"[A-Z2-9]{6}", code)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    def stored() -> tuple[str, str, int]:
        case = Case.objects.get(tracking_number=number)
        return case.target_deputy.name, case.channel, Attachment.objects.filter(case=case).count()

    assert in_thread(stored) == (world.deputy_a.name, "online", 1)

    page.click("#track-link")
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#track-result")
    assert page.locator("#timeline li[data-step='submitted']").count() == 1
    assert "13812345678" not in page.content()
    assert page.blocked == []
