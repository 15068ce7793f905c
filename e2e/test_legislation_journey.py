"""A draft law out for comment, in Chromium: staff import a Word draft and publish it (desk
width); a citizen comments on article 12 (phone width); a contact point uploads a sheet of 30
opinions; staff close, group and dispose of every comment; the citizen sees the disposition and
the public feedback report shows the counts."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from conftest import World, in_thread
from e2e.helpers import latest_sms_code, sign_in_as
from lianxi.legislation.models import Comment, Consultation, ContactPoint
from lianxi.legislation.tests.conftest import draft_text
from lianxi.lib.sheets import Sheet, write_workbook

pytestmark = pytest.mark.browser


def staff_session(open_page: Any, base: str, username: str, width: int) -> Any:
    page = open_page(width, 900)
    sign_in_as(page, base, username)
    return page


def word_file(path: Path) -> None:
    document = Document()
    for line in draft_text(14).splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    path.write_bytes(out.getvalue())


def opinions_sheet(path: Path, day: str) -> None:
    rows = [
        [
            f"第{n % 14 + 1}条",
            f"座谈会上居民提出：第{n}项建议，细化养犬管理规定。",
            12,
            "青石社区议事厅",
            day,
        ]
        for n in range(30)
    ]
    header = ["条文", "意见内容", "参与人数", "收集地点", "日期"]
    path.write_bytes(write_workbook([Sheet("意见", header, rows)]))


@pytest.mark.parametrize("width", [390, 1280])
def test_draft_comment_sheet_dispose_feedback(
    transactional_db: Any,
    live_server: Any,
    world: World,
    open_page: Any,
    tmp_path: Path,
    width: int,
) -> None:
    base = live_server.url
    today = timezone.localdate()
    in_thread(
        lambda: ContactPoint.objects.create(
            name="青石社区基层立法联系点", station=world.station_a, area=world.community1
        )
    )
    draft = tmp_path / "draft.docx"
    word_file(draft)

    staff = staff_session(open_page, base, "committee", width)
    staff.goto(base + "/work/legislation/")
    staff.click("#new-consultation")
    staff.fill("#id_title", "示范市养犬管理条例（草案）")
    staff.fill("#id_opens_on", today.isoformat())
    staff.fill(
        "#id_closes_on", today.replace(day=28).isoformat() if today.day < 28 else today.isoformat()
    )
    staff.set_input_files("#id_file", str(draft))
    staff.click("#save-consultation")
    staff.wait_for_selector("#publish")
    assert "第十四条" in staff.locator(".lx-draft").inner_text()
    staff.click("#publish")
    staff.wait_for_selector(".alert-success")
    consultation_id = in_thread(lambda: Consultation.objects.get().pk)

    # The citizen signs in with a code and comments on article 12 at phone width.
    citizen = open_page(390)
    citizen.goto(base + "/accounts/citizen/")
    citizen.fill("input[name=phone]", "13700001111")
    citizen.locator("main form button[type=submit]").first.click()
    citizen.wait_for_selector("input[name=code]")
    citizen.fill("input[name=code]", in_thread(latest_sms_code))
    citizen.locator("main form button[type=submit]").first.click()
    citizen.wait_for_url("**/work/")
    citizen.goto(f"{base}/legislation/{consultation_id}/")
    citizen.click("#a-12 a[data-article='12']")
    citizen.fill("#id_body", "建议第十二条明确夜间遛犬的具体时段。")
    citizen.click("#send-comment")
    citizen.wait_for_selector(".alert-success")

    # The contact point uploads 30 opinions from a symposium.
    sheet = tmp_path / "opinions.xlsx"
    opinions_sheet(sheet, today.isoformat())
    point = staff_session(open_page, base, "staff_a", width)
    point.goto(f"{base}/work/legislation/{consultation_id}/offline/")
    point.set_input_files("#id_sheet-file", str(sheet))
    point.click("#upload-sheet")
    point.wait_for_selector(".alert-success")
    assert in_thread(lambda: Comment.objects.filter(source="contact_point").count()) == 30

    # Staff close, group and dispose of every comment, then publish the feedback.
    staff.goto(f"{base}/work/legislation/{consultation_id}/")
    staff.click("#close")
    staff.wait_for_selector(".alert-success")
    staff.click("#comments")
    staff.click("#group")
    staff.wait_for_selector(".alert-success")
    staff.goto(f"{base}/work/legislation/{consultation_id}/comments/")
    for box in staff.locator("input[name=comment]").all():
        box.check()
    staff.select_option("#id_disposition", "adopted")
    staff.click("#dispose")
    staff.wait_for_selector(".alert-success")
    staff.goto(f"{base}/work/legislation/{consultation_id}/")
    staff.click("#publish-feedback")
    staff.wait_for_selector(".alert-success")
    assert "已反馈" in staff.locator("#stage").inner_text()

    citizen.goto(f"{base}/legislation/{consultation_id}/mine/")
    assert "采纳" in citizen.locator("main").inner_text()
    citizen.goto(f"{base}/legislation/{consultation_id}/feedback/")
    assert "共收到意见 31 条" in citizen.locator("#feedback-totals").inner_text()
    assert citizen.blocked == [] and staff.blocked == [] and point.blocked == []
