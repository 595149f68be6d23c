"""Pictures for the demo, drawn with Pillow: a scene in colour (a garden, a pitch, a market…), never a grey box,
so that the demo shows what pages look like with the photos people post. Drawn, not shipped: no binary in the
repository, and each picture is the same from one run to the next (its own seeded generator)."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 800


def _sky(draw: ImageDraw.ImageDraw, top: tuple, bottom: tuple, height: int) -> None:
    for y in range(height):
        ratio = y / max(height - 1, 1)
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * ratio) for i in range(3))
        draw.line([(0, y), (WIDTH, y)], fill=colour)


def _sun(draw, rng, colour=(255, 214, 102)) -> None:
    x, y, r = rng.randint(150, WIDTH - 150), rng.randint(80, 180), rng.randint(40, 70)
    draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)


def _tree(draw, x: int, ground: int, rng) -> None:
    height = rng.randint(120, 200)
    draw.rectangle([x - 8, ground - height // 2, x + 8, ground], fill=(110, 78, 48))
    green = (rng.randint(40, 80), rng.randint(120, 160), rng.randint(50, 80))
    for dx, dy, r in ((0, -height // 2 - 40, 70), (-40, -height // 2, 55), (40, -height // 2, 55)):
        draw.ellipse([x + dx - r, ground + dy - r, x + dx + r, ground + dy + r], fill=green)


def _garden(draw, rng) -> None:
    _sky(draw, (120, 180, 235), (200, 228, 250), 420)
    _sun(draw, rng)
    draw.rectangle([0, 420, WIDTH, HEIGHT], fill=(96, 160, 72))
    for row in range(5):
        y = 470 + row * 65
        draw.rectangle([60, y, WIDTH - 60, y + 36], fill=(120, 84, 52))
        for x in range(90, WIDTH - 80, 70):
            r = rng.randint(14, 24)
            colour = rng.choice([(52, 140, 60), (70, 170, 70), (200, 60, 60), (240, 190, 60)])
            draw.ellipse([x - r, y - r + 8, x + r, y + r + 8], fill=colour)
    draw.rectangle([900, 290, 1080, 420], fill=(150, 110, 70))
    draw.polygon([(880, 290), (990, 220), (1100, 290)], fill=(170, 60, 50))
    _tree(draw, 180, 420, rng)


def _pitch(draw, rng) -> None:
    _sky(draw, (90, 150, 220), (180, 210, 240), 300)
    draw.rectangle([0, 220, WIDTH, 300], fill=(60, 70, 110))
    for x in range(0, WIDTH, 18):  # the crowd in the stand, one head each
        y = 230 + rng.randint(0, 50)
        draw.ellipse(
            [x, y, x + 12, y + 12],
            fill=rng.choice([(230, 60, 60), (250, 250, 250), (60, 90, 200), (240, 200, 40)]),
        )
    for stripe in range(8):
        colour = (70, 150, 70) if stripe % 2 else (82, 168, 80)
        draw.rectangle([0, 300 + stripe * 63, WIDTH, 363 + stripe * 63], fill=colour)
    draw.line([(WIDTH // 2, 300), (WIDTH // 2, HEIGHT)], fill="white", width=6)
    draw.ellipse([WIDTH // 2 - 110, 460, WIDTH // 2 + 110, 640], outline="white", width=6)
    draw.rectangle([40, 420, 200, 700], outline="white", width=6)
    draw.rectangle([10, 500, 40, 620], outline=(240, 240, 240), width=8)
    draw.ellipse([700, 560, 740, 600], fill="white", outline=(30, 30, 30), width=3)


def _market(draw, rng) -> None:
    _sky(draw, (140, 190, 240), (215, 232, 248), 360)
    draw.polygon([(820, 360), (820, 150), (870, 90), (920, 150), (920, 360)], fill=(200, 190, 170))
    draw.rectangle([0, 360, WIDTH, HEIGHT], fill=(196, 180, 150))
    for x in range(0, WIDTH, 40):
        draw.line([(x, 360), (x - 120, HEIGHT)], fill=(180, 164, 134), width=2)
    for index in range(5):
        x = 40 + index * 230
        colours = rng.choice(
            [
                ((220, 50, 50), (250, 250, 250)),
                ((40, 120, 200), (250, 250, 250)),
                ((250, 180, 40), (200, 80, 30)),
                ((60, 150, 80), (240, 240, 220)),
            ]
        )
        for stripe in range(6):
            draw.rectangle([x + stripe * 30, 330, x + stripe * 30 + 30, 400], fill=colours[stripe % 2])
        draw.rectangle([x + 10, 400, x + 170, 520], fill=(150, 110, 70))
        for fruit in range(12):
            fx, fy = x + 25 + (fruit % 6) * 25, 430 + (fruit // 6) * 30
            draw.ellipse(
                [fx - 11, fy - 11, fx + 11, fy + 11],
                fill=rng.choice([(230, 70, 50), (250, 160, 40), (120, 180, 60), (160, 60, 140), (240, 220, 80)]),
            )


def _stage(draw, rng) -> None:
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=(40, 20, 30))
    draw.polygon(
        [(WIDTH // 2 - 60, 0), (WIDTH // 2 + 60, 0), (WIDTH // 2 + 360, 620), (WIDTH // 2 - 360, 620)],
        fill=(120, 90, 60),
    )
    draw.rectangle([0, 0, 220, 620], fill=(150, 20, 40))
    draw.rectangle([WIDTH - 220, 0, WIDTH, 620], fill=(150, 20, 40))
    for x in range(0, 220, 36):
        draw.line([(x, 0), (x, 620)], fill=(120, 10, 30), width=6)
        draw.line([(WIDTH - x, 0), (WIDTH - x, 620)], fill=(120, 10, 30), width=6)
    draw.rectangle([0, 620, WIDTH, HEIGHT], fill=(90, 60, 40))
    for index in range(3):
        x = 430 + index * 170
        draw.ellipse([x - 25, 400, x + 25, 450], fill=(60, 40, 40))
        draw.rectangle([x - 30, 450, x + 30, 600], fill=rng.choice([(40, 80, 160), (200, 160, 40), (30, 120, 90)]))
    for x in range(40, WIDTH, 60):
        draw.ellipse([x, 700, x + 44, 744], fill=(20, 12, 18))


def _lake(draw, rng) -> None:
    _sky(draw, (250, 170, 110), (255, 220, 170), 420)
    draw.ellipse([520, 300, 680, 460], fill=(255, 240, 200))
    _sky_band = [(60, 120, 160), (120, 170, 200)]
    for y in range(420, HEIGHT):
        ratio = (y - 420) / (HEIGHT - 420)
        colour = tuple(int(_sky_band[1][i] + (_sky_band[0][i] - _sky_band[1][i]) * ratio) for i in range(3))
        draw.line([(0, y), (WIDTH, y)], fill=colour)
    for _ in range(25):
        y = rng.randint(440, HEIGHT - 10)
        x = rng.randint(0, WIDTH - 200)
        draw.line([(x, y), (x + rng.randint(60, 200), y)], fill=(250, 220, 180), width=3)
    for x in (80, 260, 940, 1110):
        _tree(draw, x, 425, rng)


def _books(draw, rng) -> None:
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=(236, 222, 196))
    for shelf in range(4):
        y = 60 + shelf * 185
        draw.rectangle([40, y + 160, WIDTH - 40, y + 178], fill=(130, 90, 55))
        x = 60
        while x < WIDTH - 80:
            width, height = rng.randint(22, 44), rng.randint(110, 158)
            draw.rectangle(
                [x, y + 160 - height, x + width, y + 160],
                fill=rng.choice(
                    [(180, 50, 50), (40, 90, 150), (230, 170, 40), (50, 130, 90), (120, 60, 130), (220, 110, 60)]
                ),
            )
            x += width + rng.randint(2, 6)


def _bakery(draw, rng) -> None:
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=(120, 72, 40))
    for shelf in range(3):
        y = 120 + shelf * 210
        draw.rectangle([60, y + 120, WIDTH - 60, y + 140], fill=(80, 45, 25))
        for x in range(90, WIDTH - 120, 150):
            draw.ellipse([x, y + 40, x + 130, y + 120], fill=(214, 160, 80))
            for cut in range(3):
                cx = x + 30 + cut * 30
                draw.line([(cx, y + 60), (cx + 18, y + 100)], fill=(240, 210, 150), width=5)


def _street(draw, rng) -> None:
    _sky(draw, (110, 170, 230), (190, 220, 245), 500)
    _sun(draw, rng)
    x = 0
    while x < WIDTH:
        width = rng.randint(160, 240)
        top = rng.randint(170, 300)
        draw.rectangle(
            [x, top, x + width, 600],
            fill=rng.choice([(235, 210, 170), (210, 120, 90), (240, 230, 210), (170, 190, 210), (220, 180, 120)]),
        )
        draw.polygon([(x - 10, top), (x + width // 2, top - 70), (x + width + 10, top)], fill=(90, 70, 80))
        for wy in range(top + 40, 560, 90):
            for wx in range(x + 25, x + width - 40, 60):
                draw.rectangle([wx, wy, wx + 32, wy + 48], fill=(80, 120, 160))
        x += width
    draw.rectangle([0, 600, WIDTH, HEIGHT], fill=(110, 110, 120))
    draw.rectangle([0, 600, WIDTH, 630], fill=(170, 165, 160))
    _tree(draw, 980, 620, rng)


SCENES = {
    "garden": _garden,
    "pitch": _pitch,
    "market": _market,
    "stage": _stage,
    "lake": _lake,
    "books": _books,
    "bakery": _bakery,
    "street": _street,
}


def picture(scene: str, seed: str) -> SimpleUploadedFile:
    """A PNG upload of the scene, as a browser would send it: the media pipeline re-encodes it like any photo."""
    rng = random.Random(f"{scene}:{seed}")  # noqa: S311 - pictures, reproducible on purpose
    image = Image.new("RGB", (WIDTH, HEIGHT))
    SCENES[scene](ImageDraw.Draw(image), rng)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return SimpleUploadedFile(f"{scene}.png", buffer.getvalue(), content_type="image/png")
