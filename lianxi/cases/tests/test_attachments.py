"""Files are checked by content, stored under generated names, and a refusal stores nothing."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import World
from lianxi.cases.actions import Intake, submit_case
from lianxi.cases.attachments import attach_files
from lianxi.cases.models import Attachment
from lianxi.core.errors import InvalidInput, NotAllowed
from lianxi.lib.files import FileRejected, check_bytes, safe_display_name, sniff


def tiny_png() -> bytes:
    """A valid 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"
WEBP = b"RIFF\x20\x00\x00\x00WEBPVP8 " + b"\x00" * 20
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("photo.png", tiny_png(), "image/png"),
        ("photo.JPG", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("scan.webp", WEBP, "image/webp"),
        ("letter.pdf", PDF, "application/pdf"),
    ],
)
def test_allowed_formats_are_recognised_by_content(name: str, data: bytes, kind: str) -> None:
    checked = check_bytes(name, data)
    assert checked.content_type == kind and checked.size == len(data)
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.png", tiny_png() + b"<html><script>alert(1)</script></html>"),  # polyglot
        ("x.png", b"\x89PNG\r\n\x1a\n<svg onload=alert(1)>"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("image.png", b'<?xml version="1.0"?><svg></svg>'),
        ("page.html", b"<!doctype html><p>hi</p>"),
        ("photo.pdf", tiny_png()),  # extension does not match the content
        ("photo", tiny_png()),  # no extension
        ("letter.png", PDF),
        ("a.pdf", b"%PDF-1.4\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"),
        ("empty.png", b""),
        ("notes.txt", b"just some text, no magic"),
    ],
)
def test_bad_files_are_refused(name: str, data: bytes) -> None:
    with pytest.raises(FileRejected):
        check_bytes(name, data)


def test_oversize_is_refused() -> None:
    with pytest.raises(FileRejected):
        check_bytes("big.png", tiny_png() + b"\x00" * 200, max_bytes=100)


def test_sniff_and_display_name() -> None:
    assert sniff(b"GIF89a") is None
    assert safe_display_name('../../etc/"pass"<wd>.png') == "passwd.png"
    assert safe_display_name("C:\\Users\\me\\a.png") == "a.png"


def _case(world: World) -> Any:
    data = Intake(
        kind="complaint",
        title="路灯不亮",
        content="青石社区主路路灯坏了一个月，晚上很危险。",
        channel="online",
        community=world.community1,
        contact_phone="13612345678",
    )
    return submit_case(AnonymousUser(), data=data)


def test_attach_stores_under_generated_names(world: World, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    submitted = _case(world)
    files = [SimpleUploadedFile("我的照片.png", tiny_png(), content_type="text/html")]
    saved = attach_files(
        AnonymousUser(), case=submitted.case, files=files, query_code=submitted.query_code
    )
    assert len(saved) == 1
    item = saved[0]
    assert item.content_type == "image/png"  # from the content, not the browser's type
    assert item.original_name == "我的照片.png"
    assert "我的照片" not in item.file.name and item.file.name.endswith(".png")
    assert (tmp_path / item.file.name).read_bytes() == tiny_png()


def test_attach_refuses_without_the_query_code_or_rights(
    world: World, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    submitted = _case(world)
    files = [SimpleUploadedFile("a.png", tiny_png())]
    for actor, code in [(AnonymousUser(), ""), (AnonymousUser(), "WRONG1"), (world["staff_b"], "")]:
        with pytest.raises(NotAllowed):
            attach_files(actor, case=submitted.case, files=files, query_code=code)
    assert not Attachment.objects.exists()
    # Staff of the case's station may add files.
    assert attach_files(world["staff_a"], case=submitted.case, files=files)


def test_one_bad_file_stores_nothing(world: World, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    submitted = _case(world)
    files = [
        SimpleUploadedFile("a.png", tiny_png()),
        SimpleUploadedFile("b.png", tiny_png() + b"<script>x</script>"),
    ]
    with pytest.raises(InvalidInput) as refused:
        attach_files(
            AnonymousUser(), case=submitted.case, files=files, query_code=submitted.query_code
        )
    assert refused.value.field == "attachments"
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_at_most_five_files_in_all(world: World, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    submitted = _case(world)
    code = submitted.query_code
    four = [SimpleUploadedFile(f"{i}.png", tiny_png()) for i in range(4)]
    attach_files(AnonymousUser(), case=submitted.case, files=four, query_code=code)
    two = [SimpleUploadedFile(f"{i}.png", tiny_png()) for i in range(2)]
    with pytest.raises(InvalidInput):
        attach_files(AnonymousUser(), case=submitted.case, files=two, query_code=code)
    assert Attachment.objects.count() == 4
