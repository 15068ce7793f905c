"""QR codes shown inside pages."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def inline_svg(url: str, scale: int = 4) -> SafeString:
    """The QR code of `url` as SVG markup for a template. segno writes only its own markup (no
    user text), so the SVG is safe to inline."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, omitsize=True))
