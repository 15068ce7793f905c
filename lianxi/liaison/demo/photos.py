"""Photos of the demo's stations, drawn here with Pillow (no downloads): the front of a
building with the station's sign over the door, in one of a few facades and times of day,
and its reception room. Each is a small JPEG (about 25 KB), made in a few milliseconds."""

from __future__ import annotations

import io
import random
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 800, 450
FONTS = (  # the CJK fonts scripts/system-packages.sh installs; without them, no lettering
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
SKIES = [((135, 186, 230), (214, 232, 245)), ((240, 190, 150), (250, 230, 200))]
WALLS = [(226, 214, 196), (205, 205, 200), (196, 168, 140), (232, 226, 218)]
RED = (178, 34, 34)


@lru_cache(maxsize=4)
def _font(size: int) -> Any:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return None


def _gradient(draw: ImageDraw.ImageDraw, top: tuple[int, ...], bottom: tuple[int, ...]) -> None:
    for y in range(HEIGHT):
        t = y / HEIGHT
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)


def _centred(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], text: str) -> None:
    size = 34
    font = _font(size)
    if font is None:
        return
    while size > 14 and draw.textlength(text, font=font) > box[2] - box[0] - 24:
        size -= 2
        font = _font(size)
    width = draw.textlength(text, font=font)
    x = box[0] + (box[2] - box[0] - width) / 2
    y = box[1] + (box[3] - box[1] - size) / 2 - 4
    draw.text((x, y), text, font=font, fill=(255, 236, 160))


def front(name: str, rng: random.Random) -> bytes:
    """The building's front: sky, wall, windows, the red sign with the name, the door."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _gradient(draw, *rng.choice(SKIES))
    wall = rng.choice(WALLS)
    left, right, top = 60, WIDTH - 60, rng.randint(40, 90)
    draw.rectangle([left, top, right, HEIGHT - 40], fill=wall)
    for row in range(2):
        for col in range(6):
            x = left + 30 + col * 112
            y = top + 20 + row * 70
            if y + 50 < 250:
                draw.rectangle([x, y, x + 70, y + 48], fill=(120, 150, 175), outline=(90, 90, 90))
    sign = (left + 70, 250, right - 70, 305)
    draw.rectangle(sign, fill=RED)
    _centred(draw, sign, name)
    door = (WIDTH // 2 - 70, 320, WIDTH // 2 + 70, HEIGHT - 40)
    draw.rectangle(door, fill=(80, 60, 50))
    draw.line([(WIDTH // 2, 320), (WIDTH // 2, HEIGHT - 40)], fill=(40, 30, 25), width=3)
    draw.rectangle([0, HEIGHT - 40, WIDTH, HEIGHT], fill=(150, 150, 145))
    for x in (door[0] - 120, door[2] + 60):  # potted plants beside the door
        draw.ellipse([x, HEIGHT - 110, x + 60, HEIGHT - 50], fill=(60, 130, 70))
        draw.rectangle([x + 15, HEIGHT - 60, x + 45, HEIGHT - 40], fill=(140, 90, 60))
    return _jpeg(image)


def room(name: str, rng: random.Random) -> bytes:
    """The reception room: a long table with chairs, the banner on the back wall."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (238, 232, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 300, WIDTH, HEIGHT], fill=rng.choice([(170, 130, 95), (150, 120, 100)]))
    banner = (110, 50, WIDTH - 110, 110)
    draw.rectangle(banner, fill=RED)
    _centred(draw, banner, name + "接待室")
    draw.rectangle([150, 260, WIDTH - 150, 300], fill=(120, 80, 50))
    for i in range(6):
        x = 175 + i * 85
        draw.rectangle([x, 305, x + 45, 360], fill=(60, 60, 70))
    for x in (40, WIDTH - 110):  # a window each side
        draw.rectangle([x, 140, x + 70, 250], fill=(190, 215, 235), outline=(120, 120, 120))
    return _jpeg(image)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()
