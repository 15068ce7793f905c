"""The second factor in Chromium, at phone and desk width: committee staff without an app sign
in with the password, land on the enrolment page (QR code inline, the key by hand), confirm
with the app's code, see the recovery codes once and reach the workbench; the next sign-in
asks for the code, and a recovery code works instead of it, once."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD, World, in_thread
from e2e.helpers import sign_in_as
from lianxi.accounts import second_factor
from lianxi.accounts.models import User

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir()) / "lx-second-factor-shots"


def pending_code(username: str) -> str:
    device = second_factor.device_of(User.objects.get(username=username), confirmed=False)
    assert device is not None
    return second_factor.code_at(device)


@pytest.mark.parametrize(("width", "username"), [(390, "handler_x"), (1280, "committee")])
def test_enrol_then_sign_in_with_the_code(
    transactional_db: Any, live_server: Any, world: World, open_page: Any, width: int, username: str
) -> None:
    base = live_server.url
    page = open_page(width, 900)
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/second-factor/enrol/")
    qr = page.locator(".lx-otp-qr svg")
    assert qr.count() == 1
    box = qr.bounding_box()
    assert box is not None and 120 <= box["width"] <= 240 and box["x"] >= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("details summary").click()
    key = page.locator("#otp-key").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", key), key
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"enrol-{width}.png"), full_page=True)

    page.fill("input[name=code]", in_thread(lambda: pending_code(username)))
    page.locator("main form button[type=submit]").click()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == second_factor.RECOVERY_CODES
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"codes-{width}.png"), full_page=True)
    page.get_by_role("link", name="我已抄好，继续").click()
    page.wait_for_url("**/work/")

    assert page.blocked == []

    # Next time (another browser): the code step; a recovery code works in its place, once.
    page = open_page(width, 900)
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/second-factor/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"code-{width}.png"), full_page=True)
    page.fill("input[name=code]", codes[0].strip())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/work/")
    assert "备用码" in page.locator("body").inner_text()
    assert page.blocked == []


def test_the_helpers_pass_the_code_step(
    transactional_db: Any, live_server: Any, world: World, open_page: Any
) -> None:
    page = sign_in_as(open_page(1280, 900), live_server.url, "admin")
    page.goto(live_server.url + "/admin/")
    assert "联系 · 系统管理" in page.locator("body").inner_text()
    assert page.blocked == []
