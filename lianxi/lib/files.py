"""Checking uploaded files by their content (quality.md test 15).

A file is accepted only when its first bytes are those of an allowed format (JPEG, PNG, WebP,
PDF), its name's extension agrees with that format, and nothing in it looks like markup a
browser could run (HTML, SVG, XML, script): a PNG header glued to an HTML page is refused.
The browser's declared type is never consulted."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

# content type → (magic test, allowed extensions, stored extension)
JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
EXTENSIONS: dict[str, tuple[str, ...]] = {
    JPEG: (".jpg", ".jpeg"),
    PNG: (".png",),
    WEBP: (".webp",),
    PDF: (".pdf",),
}
# Markup a browser would render or run, anywhere in the file (case-insensitive).
ACTIVE_CONTENT = re.compile(
    rb"<\s*(?:script|html|svg|iframe|object|embed|body|head|meta|!doctype|\?xml)"
    rb"|javascript:",
    re.IGNORECASE,
)
# Active features of PDF that a viewer may run.
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile)\b")


class FileRejected(ValueError):
    """The file is not one we accept; `message` says why, fit to show the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


def sniff(head: bytes) -> str | None:
    """The content type announced by the first bytes, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def extension_of(name: str) -> str:
    base = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base else ""


def check_bytes(name: str, data: bytes, max_bytes: int = MAX_BYTES) -> CheckedFile:
    """Accept `data` (the whole file) named `name`, or raise FileRejected."""
    label = (name or "?")[:60]
    if len(data) == 0:
        raise FileRejected(_("%(name)s is empty.") % {"name": label})
    if len(data) > max_bytes:
        raise FileRejected(
            _("%(name)s is larger than %(mb)d MB.") % {"name": label, "mb": max_bytes // 2**20}
        )
    content_type = sniff(data[:16])
    if content_type is None:
        raise FileRejected(
            _("%(name)s is not a JPEG, PNG or WebP image or a PDF document.") % {"name": label}
        )
    extension = extension_of(name)
    if extension not in EXTENSIONS[content_type]:
        raise FileRejected(_("The name of %(name)s does not match its content.") % {"name": label})
    if ACTIVE_CONTENT.search(data) or (content_type == PDF and PDF_ACTIVE.search(data)):
        raise FileRejected(
            _("%(name)s contains web page or script content and cannot be accepted.")
            % {"name": label}
        )
    return CheckedFile(
        content_type=content_type,
        extension=EXTENSIONS[content_type][0],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def safe_display_name(name: str, limit: int = 120) -> str:
    """The original name as a label only: no path, no control characters."""
    base = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>')
    return base[-limit:] or "file"
