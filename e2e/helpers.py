"""Steps the browser journeys share."""

from __future__ import annotations

import re
import struct
import zlib
from typing import Any

from conftest import World
from lianxi.notifications.models import OutboxMessage


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
