"""A citizen raises a matter on a phone: signs in by code inside the form, attaches a photo,
gets a tracking number and query code, and follows the matter on the tracking page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import World, in_thread
from e2e.helpers import choose_community, latest_sms_code, send_intake, tiny_png
from lianxi.cases.models import Attachment, Case

pytestmark = pytest.mark.browser


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
    choose_community(page, world)
    page.set_input_files("#id_attachments", str(photo))

    page.fill("#id_phone", "13812345678")
    page.click("#send-code")
    page.wait_for_selector("#code-status .text-success")
    page.fill("#id_code", in_thread(latest_sms_code))
    send_intake(page)
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
