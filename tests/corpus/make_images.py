"""Draws the corpus's PNG and JPEG images (the SVGs beside them are written by hand).

Not run by the tests: the images are committed. Run it again only to change them:
`pip install Pillow==13.0.0 && python tests/corpus/make_images.py`. The drawings are seeded,
so the same Pillow gives the same pixels.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).parent / "source" / "images"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default()


def grain(image: Image.Image, amount: int, seed: int) -> Image.Image:
    """Film-like noise, so the drawings look like photographs rather than flat art."""
    rng = random.Random(seed)
    noise = Image.new("L", image.size)
    noise.putdata([128 + rng.randint(-amount, amount) for _ in range(image.width * image.height)])
    rgb = Image.merge("RGB", (noise, noise, noise))
    return Image.blend(image, rgb, 0.08)


def vertical_gradient(size: tuple[int, int], top: tuple[int, int, int],
                      bottom: tuple[int, int, int]) -> Image.Image:
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(size[1]):
        t = y / max(1, size[1] - 1)
        draw.line([(0, y), (size[0], y)],
                  fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return image


def corridor() -> None:
    """A hospital corridor in perspective: walls, floor, ceiling lights, doors, a far window."""
    w, h = 400, 260
    image = vertical_gradient((w, h), (214, 222, 226), (150, 160, 165))
    draw = ImageDraw.Draw(image)
    vx, vy = w // 2, h // 2 - 10  # vanishing point
    draw.polygon([(0, h), (w, h), (vx + 40, vy + 30), (vx - 40, vy + 30)], fill=(176, 168, 150))
    draw.polygon([(0, 0), (vx - 40, vy - 30), (vx - 40, vy + 30), (0, h)], fill=(196, 210, 206))
    draw.polygon([(w, 0), (vx + 40, vy - 30), (vx + 40, vy + 30), (w, h)], fill=(186, 200, 198))
    draw.polygon([(0, 0), (w, 0), (vx + 40, vy - 30), (vx - 40, vy - 30)], fill=(232, 234, 232))
    draw.rectangle([vx - 40, vy - 30, vx + 40, vy + 30], fill=(236, 244, 250))
    for i, depth in enumerate((0.15, 0.4, 0.6, 0.75)):
        x = round(depth * (vx - 40))
        top, bottom = round(depth * (vy - 30)), round(h - depth * (h - vy - 30))
        door_w = round(22 * (1 - depth) + 6)
        draw.rectangle([x + 6, top + (bottom - top) // 5, x + 6 + door_w, bottom - 4],
                       fill=(120, 140, 160) if i % 2 else (150, 120, 96))
        lamp_y = round(depth * (vy - 30)) + 4
        draw.rectangle([vx - 60 * (1 - depth) - 4, lamp_y, vx + 60 * (1 - depth) + 4, lamp_y + 3],
                       fill=(255, 252, 236))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    image = grain(image, 24, seed=1)
    image.quantize(colors=32, dither=Image.Dither.NONE).save(OUT / "corridor.png", optimize=True)


def theatre() -> None:
    """An operating theatre: a lamp over a draped table, a monitor, staff in blue-green."""
    w, h = 480, 320
    image = vertical_gradient((w, h), (170, 196, 196), (92, 116, 118))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 230, w, h], fill=(120, 130, 128))
    draw.rectangle([130, 190, 350, 215], fill=(70, 130, 150))
    draw.rectangle([150, 215, 170, 280], fill=(150, 150, 150))
    draw.rectangle([310, 215, 330, 280], fill=(150, 150, 150))
    draw.ellipse([190, 30, 290, 80], fill=(240, 240, 226))
    draw.line([(240, 0), (240, 34)], fill=(200, 200, 200), width=6)
    draw.rectangle([380, 90, 450, 140], fill=(20, 30, 34))
    draw.line([(386, 120), (400, 120), (406, 100), (412, 132), (418, 120), (444, 120)],
              fill=(90, 230, 120), width=2)
    for x, tone in ((90, (76, 150, 140)), (360, (70, 140, 150))):
        draw.ellipse([x - 22, 100, x + 22, 144], fill=(226, 190, 160))
        draw.ellipse([x - 24, 96, x + 24, 124], fill=tone)
        draw.rounded_rectangle([x - 40, 140, x + 40, 260], radius=18, fill=tone)
    image = image.filter(ImageFilter.GaussianBlur(1.5))
    grain(image, 30, seed=2).save(OUT / "theatre.jpg", quality=72, optimize=True)


def site_visit() -> None:
    """A factory floor: machines, yellow floor lines, a person in a hard hat with a clipboard."""
    w, h = 480, 300
    image = vertical_gradient((w, h), (120, 128, 140), (70, 72, 76))
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 200), (w, 200), (w, h), (0, h)], fill=(98, 100, 96))
    draw.line([(40, h), (200, 200)], fill=(222, 190, 40), width=6)
    draw.line([(440, h), (300, 200)], fill=(222, 190, 40), width=6)
    for x in (20, 330):
        draw.rectangle([x, 110, x + 130, 200], fill=(60, 96, 130))
        draw.rectangle([x + 14, 126, x + 60, 160], fill=(180, 200, 210))
    draw.ellipse([226, 112, 258, 144], fill=(210, 170, 140))
    draw.chord([222, 100, 262, 136], 180, 360, fill=(240, 200, 30))
    draw.rounded_rectangle([218, 144, 266, 236], radius=10, fill=(230, 120, 30))
    draw.rectangle([258, 170, 282, 200], fill=(230, 230, 220))
    image = image.filter(ImageFilter.GaussianBlur(1.4))
    grain(image, 30, seed=3).save(OUT / "site-visit.jpg", quality=70, optimize=True)


def surgery_week_chart() -> None:
    """A bar chart with its labels and values drawn in, for the surgery guide."""
    rows = [("Operating room", 30), ("Ward rounds", 15), ("Clinic", 8), ("Study", 6),
            ("Teaching", 5)]
    w, h, left, bar_h = 560, 300, 170, 34
    image = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 14), "Hours in a typical week, surgery resident", fill="black", font=font(18))
    for i, (label, hours) in enumerate(rows):
        y = 60 + i * (bar_h + 12)
        draw.text((20, y + 8), label, fill="black", font=font(15))
        draw.rectangle([left, y, left + hours * 11, y + bar_h], fill=(31, 94, 150))
        draw.text((left + hours * 11 + 8, y + 8), f"{hours} h", fill="black", font=font(15))
    draw.line([(left, 52), (left, h - 10)], fill="black", width=2)
    image.quantize(colors=16).save(OUT / "surgery-week-chart.png", optimize=True)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    corridor()
    theatre()
    site_visit()
    surgery_week_chart()
