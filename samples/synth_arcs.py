"""Text set along arcs: a school badge (校徽) or a medal printing the unit's name round a
circle, in colours other than a seal's red (probes round 22: a gold medal's 博乐市第七中学 was
read by nothing). Drawn with PIL, each glyph turned by its place on the circle.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

from samples import synth

# (ground, ring, ink, light print): a gold medal with brown print, a blue badge with white
# print on its ring, a green outline badge with green print on white.
BADGE_STYLES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]] = {
    "gold_medal": ((214, 176, 80), (150, 110, 30), (90, 60, 10)),
    "blue_badge": ((255, 255, 255), (20, 70, 160), (255, 255, 255)),
    "green_outline": ((255, 255, 255), (30, 120, 60), (30, 120, 60)),
}


def text_on_arc(
    img: Image.Image,
    text: str,
    size_px: int,
    centre: tuple[float, float],
    radius: float,
    span: tuple[float, float],
    fill: tuple[int, int, int],
) -> list[tuple[float, float]]:
    """Set ``text`` clockwise along a circle, glyph tops outward, from angle span[0] to span[1]
    (degrees, 0 = straight up); returns the glyphs' centres."""
    font = synth.get_font("hei", size_px)
    centres = []
    for i, ch in enumerate(text):
        a = span[0] + (span[1] - span[0]) * (i + 0.5) / len(text)
        tile_side = int(size_px * 1.6)
        tile = Image.new("RGBA", (tile_side, tile_side), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text(
            (tile_side / 2, tile_side / 2), ch, font=font, fill=fill, anchor="mm"
        )
        tile = tile.rotate(-a, resample=Image.BICUBIC)
        x = centre[0] + radius * math.sin(math.radians(a))
        y = centre[1] - radius * math.cos(math.radians(a))
        img.paste(tile, (int(x - tile_side / 2), int(y - tile_side / 2)), tile)
        centres.append((x, y))
    return centres


def draw_badge(
    img: Image.Image, centre: tuple[float, float], radius: float, text: str, style: str
) -> list[tuple[float, float]]:
    """A round badge or medal with ``text`` round its top, in one of BADGE_STYLES; returns
    the text's glyph centres."""
    ground, ring, ink = BADGE_STYLES[style]
    d = ImageDraw.Draw(img)
    cx, cy, r = centre[0], centre[1], radius
    outer = (cx - r, cy - r, cx + r, cy + r)
    inner = (cx - 0.66 * r, cy - 0.66 * r, cx + 0.66 * r, cy + 0.66 * r)
    if style == "blue_badge":  # print reversed out of a solid ring
        d.ellipse(outer, fill=ring)
        d.ellipse(inner, fill=ground)
    else:
        d.ellipse(outer, fill=ground, outline=ring, width=max(2, int(r / 40)))
        d.ellipse(inner, outline=ring, width=3)
    d.text((cx, cy), "1956", font=synth.get_font("hei", int(0.25 * r)), fill=ring, anchor="mm")
    size = int(0.2 * r)
    return text_on_arc(img, text, size, (cx, cy), 0.83 * r, (-70.0, 70.0), ink)


def draw_ribbon(
    img: Image.Image, centre: tuple[float, float], radius: float, text: str
) -> list[tuple[float, float]]:
    """A red ribbon bent round a wide circle (its band ``radius`` +- 45 px about ``centre``)
    with ``text`` in white along it, over 66 degrees of the turn; returns the glyph centres."""
    cx, cy, r = centre[0], centre[1], radius
    box = (cx - r - 45, cy - r - 45, cx + r + 45, cy + r + 45)
    ImageDraw.Draw(img).arc(box, 215, 325, fill=(200, 40, 40), width=90)
    return text_on_arc(img, text, 56, centre, r, (-33.0, 33.0), (255, 255, 255))


def make_ribbon_page(
    text: str, rng: np.random.Generator
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """A certificate-like page with a ribbon bent over a line of print; returns the page (RGB)
    and the ribbon text's glyph centres."""
    img = Image.new("RGB", (1500, 1100), (250, 250, 250))
    centre = (750 + float(rng.uniform(-100, 100)), 1150 + float(rng.uniform(-40, 40)))
    glyphs = draw_ribbon(img, centre, 515.0, text)
    ImageDraw.Draw(img).text(
        (750, 800),
        "颁给为学校发展作出突出贡献的教师",
        font=synth.get_font("song", 30),
        fill=(0, 0, 0),
        anchor="mm",
    )
    return np.asarray(img), glyphs


def make_badge_page(
    unit: str, style: str, rng: np.random.Generator, radius: float = 170.0
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """A certificate-like page with a badge at its head and a line of print under it; returns
    the page (RGB) and the badge text's glyph centres."""
    img = Image.new("RGB", (1240, 1000), (255, 255, 255))
    centre = (620 + float(rng.uniform(-200, 200)), 260 + float(rng.uniform(-30, 30)))
    glyphs = draw_badge(img, centre, radius, unit, style)
    ImageDraw.Draw(img).text(
        (620, 620), "荣 誉 证 书", font=synth.get_font("song", 64), fill=(0, 0, 0), anchor="mm"
    )
    return np.asarray(img), glyphs
