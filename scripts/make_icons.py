#!/usr/bin/env python3
"""The app icons (PWA manifest, home screen) drawn from the site's own mark, favicon.svg: a
congress-red rounded square with 联 in white, not the national emblem. Run once after
changing the design; the PNGs are committed.

    .venv/bin/python scripts/make_icons.py [FONT]   # a CJK font, Noto Sans CJK Bold by default
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

RED = (179, 38, 30, 255)
OUT = Path(__file__).resolve().parent.parent / "lianxi" / "static" / "icons"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"


def icon(size: int, *, maskable: bool, font_path: str) -> Image.Image:
    scale = 4  # draw large, then shrink: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:  # full bleed; the mark within the 80 % safe zone
        draw.rectangle((0, 0, big, big), fill=RED)
        glyph = int(big * 0.5)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=int(big * 14 / 64), fill=RED)
        glyph = int(big * 0.62)
    font = ImageFont.truetype(font_path, glyph, index=2)  # index 2: Simplified Chinese face
    draw.text((big / 2, big / 2), "联", font=font, fill="white", anchor="mm")
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    font_path = sys.argv[1] if len(sys.argv) > 1 else FONT
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size, maskable=False, font_path=font_path).save(
            OUT / f"icon-{size}.png", optimize=True
        )
    icon(512, maskable=True, font_path=font_path).save(OUT / "maskable-512.png", optimize=True)
    touch = icon(180, maskable=True, font_path=font_path)  # iOS rounds the corners itself
    touch.save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
