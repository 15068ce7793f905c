"""A deputy's performance record in Chromium: the deputy opens their record and adds an own
entry with an attachment; committee staff approve it and the score changes (phone and desk
widths; screenshots of both pages)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from conftest import World, in_thread
from e2e.helpers import sign_in_as, tiny_png
from lianxi.performance import actions
from lianxi.performance.models import Record

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


@pytest.mark.parametrize("width", [390, 1280])
def test_deputy_entry_staff_approve_score_changes(
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
        lambda: actions.save_scheme(
            world["committee"],
            year=today.year,
            data=actions.SchemeData(
                items=[actions.ItemData("manual_inspection", 3, None)], base=50
            ),
        )
    )
    proof = tmp_path / "检查通知.png"
    proof.write_bytes(tiny_png())

    deputy = open_page(width, 900)
    sign_in_as(deputy, base, "deputy_a")
    deputy.goto(base + "/work/performance/")
    assert "我的履职档案" in deputy.content()
    deputy.select_option("#id_kind", "manual_inspection")
    deputy.fill("#id_title", "参加省人大常委会生态环境执法检查")
    deputy.fill("#id_day", today.isoformat())
    deputy.set_input_files("#id_attachment", str(proof))
    deputy.click("text=提交审核")
    deputy.wait_for_selector("text=填报已提交审核")
    assert "待审核" in deputy.content()
    deputy.screenshot(path=str(SHOTS / f"performance-deputy-{width}.png"), full_page=True)

    record = in_thread(lambda: Record.objects.get(deputy=world.deputy_a, year=today.year))
    assert record.score is None or str(record.score) == "50.00"

    staff = open_page(width, 900)
    sign_in_as(staff, base, "committee_d1")
    staff.goto(base + "/work/performance/entries/")
    staff.click("text=参加省人大常委会生态环境执法检查")
    staff.click("button:has-text('通过')")
    staff.wait_for_selector("text=已审核通过，得分已更新")
    assert staff.inner_text("[data-testid=score]").strip() == "53.00"
    staff.screenshot(path=str(SHOTS / f"performance-staff-{width}.png"), full_page=True)

    deputy.reload()
    assert deputy.inner_text("[data-testid=score]").strip() == "53.00"
    assert "已通过" in deputy.content()
