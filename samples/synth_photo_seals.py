"""Seals stamped over a photo's corner (issue 10; probes round 18's b02 employee card).

An employee or work card (工作证) is sealed the way an application form's photo is: the unit's
round seal over a corner of the holder's photo, so the photo cannot be swapped. Over the photo
the seal's ink is lost in the picture's own darks; what stays readable is the arc on the paper,
where the unit's name runs. On a grey copy that arc is all there is to find the seal by.

``make_photo_corner_page`` draws one such page: a card (85.6 x 54 mm at 300 dpi; a coloured
header with the unit, the photo on the left, the holder's fields on the right) or an A4 form with
a one-inch photo, a real photo when ``../shared/realdata/faces`` is there (a grey placeholder
otherwise), and a round seal whose centre lies near one of the photo's corners, so that 35-75% of
its outline lies on the paper. Red or blue-red ink, then a finish: as drawn, scanned,
photocopied (straight or tilted), photographed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from samples import synth
from samples.synth import Identity, Rng, SynthPage
from samples.synth_seals import INK_LEVEL, _carry, _composite, _seal_alpha

PHOTO_CORNER = "photo_corner"
REALDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
# how the page reaches the detector (page i takes finish i % len): the probe's photocopy first
FINISHES: tuple[tuple[str, ...], ...] = (
    ("tilt", "photocopy"),
    (),
    ("phone",),
    ("photocopy",),
    ("tilt", "noise", "jpeg"),
    ("phone", "jpeg"),
)
LAYOUTS = ("card", "card", "form")
_HEADERS = ((30, 90, 170), (25, 120, 90), (150, 30, 35), (60, 60, 70))


@dataclass(frozen=True)
class CornerSeal:
    """Where the seal goes over the photo. Its radius is ``radius`` (a range) of the photo's
    width; its centre sits off the chosen corner by ``inset`` (a range) of the radius along each
    side, inwards (positive) or outwards, so the outline's share on the paper varies from a
    third to three quarters."""

    radius: tuple[float, float] = (0.3, 0.6)
    inset: tuple[float, float] = (-0.2, 0.45)


CORNER_SEAL = CornerSeal()


def _photo(w: int, h: int, rng: Rng) -> Image.Image:
    """A real photo cropped to ``w`` x ``h`` (a grey placeholder without realdata)."""
    photos = synth.load_face_photos(REALDATA if REALDATA.is_dir() else None, packages=True)
    photo = synth._pick(rng, photos) if photos else None
    img, _ = synth._photo_image(w, h, photo, rng)
    return img


def _card(identity: Identity, rng: Rng) -> tuple[Image.Image, tuple[int, int, int, int], int]:
    """A work card: header with the unit, photo box (x0, y0, x1, y1), fields; 300 dpi."""
    w, h = 1012, 638
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 130), fill=synth._pick(rng, _HEADERS))
    size = min(44, int(900 / max(1, len(identity.unit))))
    d.text(
        (w // 2, 65),
        identity.unit,
        font=synth.get_font("hei", size),
        fill=(255, 255, 255),
        anchor="mm",
    )
    pw, ph = int(rng.integers(230, 281)), int(rng.integers(300, 351))
    x0, y0 = int(rng.integers(40, 80)), int(rng.integers(165, 200))
    img.paste(_photo(pw, ph, rng), (x0, y0))
    fields = (
        ("姓名", identity.name),
        ("部门", "检验科"),
        ("职务", "主管技师"),
        ("编号", "BZ-2016-0417"),
    )
    for i, (k, v) in enumerate(fields):
        d.text((x0 + pw + 60, 200 + i * 85), f"{k}：{v}", font=synth.get_font("sans", 40), fill=0)
    d.text(
        (w // 2 + 100, 600),
        "工 作 证",
        font=synth.get_font("hei", 38),
        fill=(30, 90, 170),
        anchor="mm",
    )
    return img, (x0, y0, x0 + pw, y0 + ph), 300


def _form(identity: Identity, rng: Rng) -> tuple[Image.Image, tuple[int, int, int, int], int]:
    """A plain A4 page (150 dpi) with a one-inch photo (25 x 35 mm) pasted top right."""
    page = synth.make_page("plain", identity, rng, dpi=150)
    img = Image.fromarray(page.image)
    w, h = img.size
    pw, ph = 148, 207
    # where the page is emptiest round the photo and its seal (not over a red letterhead)
    inked = np.asarray(img.convert("L")) < 200
    spots = [
        (int(rng.integers(120, w - pw - 120)), int(rng.integers(150, h // 2))) for _ in range(24)
    ]
    x0, y0 = min(
        spots,
        key=lambda p: int(
            inked[max(0, p[1] - 120) : p[1] + ph + 120, max(0, p[0] - 120) : p[0] + pw + 120].sum()
        ),
    )
    img.paste(_photo(pw, ph, rng), (x0, y0))
    return img, (x0, y0, x0 + pw, y0 + ph), 150


def _corner_seal(
    size: tuple[int, int],
    photo: tuple[int, int, int, int],
    top: int,
    rng: Rng,
    at: CornerSeal,
) -> tuple[tuple[float, float], float]:
    """The seal's centre and radius over one of the photo's corners, the seal on the paper (a
    card's seal does not run off the card, nor over its header band, which ends at ``top``);
    drawn again until it is, else over the bottom right corner at a fixed inset."""
    w, h = size
    x0, y0, x1, y1 = photo
    margin = 8
    for _ in range(30):
        radius = float(rng.uniform(*at.radius)) * (x1 - x0)
        corner = int(rng.integers(4))
        cx, sx = (x1, -1) if corner in (0, 3) else (x0, 1)  # 0: bottom right, 1: bottom left ...
        cy, sy = (y1, -1) if corner in (0, 1) else (y0, 1)
        centre = (
            cx + sx * float(rng.uniform(*at.inset)) * radius,
            cy + sy * float(rng.uniform(*at.inset)) * radius,
        )
        if (
            margin <= centre[0] - radius
            and centre[0] + radius <= w - margin
            and max(margin, top) <= centre[1] - radius
            and centre[1] + radius <= h - margin
        ):
            return centre, radius
    radius = at.radius[0] * (x1 - x0)
    return (x1 - 0.3 * radius, y1 - 0.3 * radius), radius


def make_photo_corner_page(
    identity: Identity, rng: Rng, index: int, at: CornerSeal = CORNER_SEAL
) -> tuple[SynthPage, list[np.ndarray]]:
    """A card or form whose round seal lies over a corner of its photo, and the seal's ink."""
    layout = LAYOUTS[index % len(LAYOUTS)]
    img, (x0, y0, x1, y1), dpi = (_card if layout == "card" else _form)(identity, rng)
    w, h = img.size
    centre, radius = _corner_seal(
        img.size, (x0, y0, x1, y1), 135 if layout == "card" else 0, rng, at
    )
    # stamp_seal sizes a round seal at 19-22 mm of radius on a 210 mm wide page
    scale = radius / (20.5 * w / synth.A4_MM[0])
    colour = synth._seal_color(rng)
    alpha, item = _seal_alpha((w, h), centre, identity.unit, rng, "round", colour, scale=scale)
    image = _composite(np.asarray(img), alpha, colour)
    page = SynthPage(image, [item], needs_masking=True, kind=f"photo_{layout}", dpi=dpi)
    finish = FINISHES[index % len(FINISHES)]
    return _carry(replace(page), [(alpha >= INK_LEVEL).astype(np.uint8)], finish, rng)
