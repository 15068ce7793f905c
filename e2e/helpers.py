"""Steps the browser journeys share."""

from __future__ import annotations

import re
import struct
import zlib
from typing import Any

from conftest import PASSWORD, World, current_code, in_thread
from lianxi.accounts import second_factor
from lianxi.accounts.models import User
from lianxi.notifications.models import OutboxMessage


def code_if_needed(username: str) -> str | None:
    """The second-factor code `username` types now, or None when their role signs in with the
    password alone (a required role without an app gets one, as enrolment would give)."""
    user = User.objects.get(username=username)
    return current_code(username) if second_factor.needs_code(user) else None


def sign_in_as(page: Any, base: str, username: str, password: str = PASSWORD) -> Any:
    """Staff sign-in through the pages: the password, then the code from the app when the
    role needs one; ends on the workbench."""
    code = in_thread(lambda: code_if_needed(username))
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    if code is not None:
        page.wait_for_url("**/accounts/second-factor/")
        page.fill("input[name=code]", code)
        page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/work/")
    return page


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


def choose_community(page: Any, world: World) -> None:
    """District → street → community 1 through the portal's htmx option lists."""
    page.select_option("#find-district", str(world.district1.pk))
    page.wait_for_selector(f"#find-street option[value='{world.street1.pk}']", state="attached")
    page.select_option("#find-street", str(world.street1.pk))
    page.wait_for_selector(
        f"#find-community option[value='{world.community1.pk}']", state="attached"
    )
    page.select_option("#find-community", str(world.community1.pk))


def send_intake(page: Any) -> None:
    """Press 送出 once the similar-case panel has settled: typing asks for it after 500 ms, and
    a late answer that lands during the click moves the button away from under the pointer."""
    page.wait_for_load_state("networkidle")
    page.click("#intake-submit")
