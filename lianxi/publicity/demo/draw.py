"""Photos for the demo, drawn with Pillow (no downloads): a street scene before and after,
per theme. Each drawing carries a made-up GPS position in its EXIF, as a phone's photo would,
so the demo goes through the same checks and stripping as a real upload."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

W, H = 1600, 1200
SKY = {"before": (176, 184, 190), "after": (135, 196, 235)}


def _buildings(draw: ImageDraw.ImageDraw, rng: random.Random, state: str) -> None:
    x = 0
    while x < W:
        width = rng.randint(180, 320)
        height = rng.randint(380, 700)
        shade = rng.randint(150, 200) if state == "before" else rng.randint(200, 235)
        colour = (shade, shade - 10, shade - 25)
        draw.rectangle([x, H * 0.62 - height, x + width - 12, H * 0.62], fill=colour)
        for wy in range(int(H * 0.62 - height + 30), int(H * 0.62 - 40), 70):
            for wx in range(x + 20, x + width - 40, 55):
                lit = state == "after" and rng.random() < 0.35
                draw.rectangle(
                    [wx, wy, wx + 28, wy + 38], fill=(250, 222, 140) if lit else (90, 110, 130)
                )
        x += width


def _ground(draw: ImageDraw.ImageDraw, state: str) -> None:
    road = (95, 95, 98) if state == "before" else (60, 62, 66)
    draw.rectangle([0, H * 0.62, W, H], fill=road)
    draw.rectangle([0, H * 0.62, W, H * 0.68], fill=(170, 165, 155))
    if state == "after":
        for x in range(40, W, 240):
            draw.rectangle([x, H * 0.84, x + 120, H * 0.855], fill=(240, 240, 235))


def _theme(draw: ImageDraw.ImageDraw, rng: random.Random, scene: str, state: str) -> None:
    broken = state == "before"
    if scene == "road":
        if broken:
            for _ in range(9):
                cx, cy = rng.randint(100, W - 100), rng.randint(int(H * 0.72), H - 60)
                draw.ellipse([cx - 90, cy - 30, cx + 90, cy + 30], fill=(70, 80, 95))
                draw.ellipse([cx - 70, cy - 20, cx + 60, cy + 18], fill=(120, 140, 160))
        else:
            for x in range(0, W, 60):
                draw.rectangle([x, H * 0.66, x + 8, H * 0.72], fill=(230, 200, 40))
    elif scene == "lamp":
        for x in range(200, W, 450):
            draw.rectangle([x, H * 0.3, x + 14, H * 0.66], fill=(60, 60, 60))
            draw.rectangle([x - 40, H * 0.3, x + 54, H * 0.33], fill=(60, 60, 60))
            if broken:
                draw.ellipse([x - 40, H * 0.33, x + 10, H * 0.37], fill=(80, 80, 80))
            else:
                draw.ellipse([x - 60, H * 0.31, x + 30, H * 0.4], fill=(255, 236, 150))
    elif scene == "lift":
        draw.rectangle([W * 0.3, H * 0.18, W * 0.7, H * 0.95], fill=(200, 200, 205))
        draw.rectangle(
            [W * 0.35, H * 0.25, W * 0.65, H * 0.95],
            fill=(150, 155, 165) if broken else (215, 220, 228),
        )
        draw.line([W * 0.5, H * 0.25, W * 0.5, H * 0.95], fill=(90, 90, 95), width=6)
        if broken:
            draw.rectangle([W * 0.32, H * 0.55, W * 0.68, H * 0.62], fill=(240, 200, 40))
            for x in range(int(W * 0.32), int(W * 0.68), 60):
                draw.polygon(
                    [(x, H * 0.62), (x + 30, H * 0.55), (x + 50, H * 0.55), (x + 20, H * 0.62)],
                    fill=(30, 30, 30),
                )
        else:
            draw.ellipse([W * 0.71, H * 0.5, W * 0.75, H * 0.55], fill=(60, 200, 90))
    elif scene == "bins":
        for i in range(4):
            x = 250 + i * 300
            colour = [(40, 120, 60), (40, 80, 160), (180, 50, 40), (120, 120, 120)][i]
            draw.rectangle([x, H * 0.55, x + 200, H * 0.85], fill=colour)
        if broken:
            for _ in range(40):
                cx, cy = rng.randint(150, W - 150), rng.randint(int(H * 0.78), H - 40)
                draw.ellipse(
                    [cx - 30, cy - 20, cx + 30, cy + 20],
                    fill=(rng.randint(80, 200), rng.randint(60, 160), 60),
                )
        else:
            draw.rectangle([200, H * 0.45, 1450, H * 0.5], fill=(110, 130, 120))
    elif scene == "park":
        if broken:
            for _ in range(25):
                cx, cy = rng.randint(100, W - 100), rng.randint(int(H * 0.66), H - 50)
                draw.rectangle(
                    [cx - 50, cy - 25, cx + 50, cy + 25], fill=(rng.randint(120, 170), 110, 90)
                )
        else:
            draw.rectangle([0, H * 0.66, W, H], fill=(110, 170, 90))
            for x in range(120, W, 260):
                draw.rectangle([x + 30, H * 0.55, x + 50, H * 0.72], fill=(110, 80, 50))
                draw.ellipse([x - 40, H * 0.38, x + 120, H * 0.6], fill=(60, 140, 70))
            draw.rectangle([W * 0.4, H * 0.8, W * 0.6, H * 0.83], fill=(150, 100, 60))
    elif scene == "bus":
        if not broken:
            draw.rectangle([W * 0.55, H * 0.42, W * 0.9, H * 0.45], fill=(40, 90, 160))
            draw.rectangle([W * 0.56, H * 0.45, W * 0.57, H * 0.68], fill=(80, 80, 80))
            draw.rectangle([W * 0.88, H * 0.45, W * 0.89, H * 0.68], fill=(80, 80, 80))
            draw.rounded_rectangle([W * 0.05, H * 0.5, W * 0.48, H * 0.78], 30, fill=(30, 150, 90))
            for x in range(int(W * 0.08), int(W * 0.45), 110):
                draw.rectangle([x, H * 0.54, x + 80, H * 0.63], fill=(200, 230, 240))
        else:
            draw.rectangle([W * 0.2, H * 0.7, W * 0.8, H * 0.72], fill=(200, 190, 170))


def scene(theme: str, state: str, seed: int) -> bytes:
    """A JPEG of the theme before or after, with a phone's EXIF (make and GPS)."""
    rng = random.Random(f"{seed}:{theme}")  # noqa: S311 (drawing, not secrets)
    image = Image.new("RGB", (W, H), SKY[state])
    draw = ImageDraw.Draw(image)
    _buildings(draw, rng, state)
    _ground(draw, state)
    _theme(draw, rng, theme, state)
    if state == "before":
        image = image.filter(ImageFilter.GaussianBlur(1))
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 5.0), 3: "E", 4: (121.0, 28.0, 9.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()
