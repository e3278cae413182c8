"""Certificates printed on a red ground (荣誉证书, 聘书: issue 10; probes round 20's n11).

An honour certificate's inside page is often red, its print gold, yellow or white, and the
unit's round seal is stamped (or printed) over the unit's name and the date. Stamp pad ink on a
red ground is only a shade off the ground: darker where the ink multiplies the ground (n11), or
lighter where the seal is printed in a brighter red. The colour search sees red everywhere and
no ring in it; a photocopy turns the ground to dark grey, the print to light grey, and the seal
to a ring a little off the ground's grey.

``make_red_certificate_page`` draws one such page (A4 landscape at 150 dpi): a ground of one of
``GROUNDS``, a border, a title, the applicant's name and a paragraph, the unit and the date
bottom right, and, with ``seal``, the unit's round seal over them, darker or lighter than the
ground; then a finish (page i takes ``FINISHES[i % len]``). Without a seal it is a negative page
(bench.seals' ``red_cert_none``): the same certificate, its gold print and border only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from samples import synth
from samples.synth import A4_MM, Identity, Item, Rng, SynthPage
from samples.synth_seals import INK_LEVEL, _carry, _composite, _seal_alpha

RED_CERT = "red_cert"
RED_CERT_NONE = "red_cert_none"
# grounds: red, dark red, bright red, crimson (RGB)
GROUNDS = ((150, 22, 28), (110, 14, 20), (190, 32, 36), (165, 18, 48))
# print: gold, pale yellow, white, light gold
PRINTS = ((226, 186, 96), (245, 222, 140), (250, 246, 236), (214, 170, 90))
# how the page reaches the detector: as drawn, photocopied, photographed (as n11 and its copy and
# phone photo), tilted and photocopied, photographed with JPEG, scanned with noise and JPEG
FINISHES: tuple[tuple[str, ...], ...] = (
    (),
    ("photocopy",),
    ("phone",),
    ("tilt", "photocopy"),
    ("phone", "jpeg"),
    ("noise", "jpeg"),
)
_TITLES = ("荣 誉 证 书", "聘 书", "证 书", "荣 誉 证 书")
_BODY = (
    "在{year}年度工作中成绩突出，被评为",
    "“{title}”，特发此证，以资鼓励。",
)
_AWARDS = ("优秀质控员", "先进工作者", "优秀共产党员", "岗位能手", "优秀教师")


@dataclass(frozen=True)
class RedSeal:
    """How the seal is inked on the ground. ``darker``: the share of seals stamped in pad ink
    that multiplies the ground (darker than it); the rest are printed in a brighter red laid
    over the ground at ``over_alpha`` (a range) of its strength (lighter than it). Its radius is
    ``radius_mm`` (a range) at the page's scale."""

    darker: float = 0.5
    over_alpha: tuple[float, float] = (0.45, 0.85)
    radius_mm: tuple[float, float] = (17.0, 22.0)


RED_SEAL = RedSeal()
_DARK_INKS = ((235, 60, 50), (200, 40, 45), (180, 30, 40))
_LIGHT_INKS = ((235, 70, 60), (240, 95, 70), (225, 60, 75))


def _certificate(
    identity: Identity, rng: Rng, index: int
) -> tuple[Image.Image, list[Item], tuple[float, float]]:
    """The red certificate (150 dpi), its name and unit items, and where the unit line ends."""
    k = 150 / 25.4
    w, h = round(A4_MM[1] * k), round(A4_MM[0] * k)
    ground = GROUNDS[index % len(GROUNDS)]
    ink = synth._pick(rng, PRINTS)
    img = Image.new("RGB", (w, h), ground)
    d = ImageDraw.Draw(img)
    m = int(rng.integers(35, 60))
    d.rectangle((m, m, w - m, h - m), outline=ink, width=int(rng.integers(4, 9)))
    if rng.random() < 0.5:  # a second, thin border
        d.rectangle((m + 14, m + 14, w - m - 14, h - m - 14), outline=ink, width=2)
    d.text(
        (w // 2, int(h * 0.16)),
        _TITLES[index % len(_TITLES)],
        font=synth.get_font("song", int(rng.integers(80, 105))),
        fill=ink,
        anchor="mm",
    )
    items = []
    size = int(rng.integers(52, 66))
    x, y = int(w * 0.12), int(h * 0.3)
    d.text((x, y), f"{identity.name} 同志：", font=synth.get_font("kai", size), fill=ink)
    items.append(_item(d, (x, y), identity.name, "name", synth.get_font("kai", size), w, h))
    body = int(rng.integers(42, 52))
    year = int(rng.integers(2019, 2025))
    award = synth._pick(rng, _AWARDS)
    for j, line in enumerate(_BODY):
        d.text(
            (int(w * 0.16), int(h * 0.42) + j * int(body * 1.7)),
            line.format(year=year, title=award),
            font=synth.get_font("kai", body),
            fill=ink,
        )
    us = int(rng.integers(34, 42))
    ux, uy = int(w * rng.uniform(0.62, 0.7)), int(h * rng.uniform(0.72, 0.78))
    font = synth.get_font("song", us)
    d.text((ux, uy), identity.unit, font=font, fill=ink, anchor="mm")
    box = d.textbbox((ux, uy), identity.unit, font=font, anchor="mm")
    items.append(
        Item("unit", synth._rect(box[0] / w, box[1] / h, box[2] / w, box[3] / h), identity.unit)
    )
    d.text((ux, uy + int(us * 1.9)), f"{year + 1}年一月", font=font, fill=ink, anchor="mm")
    return img, items, (float(ux), float(uy + us * 0.9))


def _item(
    d: ImageDraw.ImageDraw,
    at: tuple[int, int],
    text: str,
    kind: str,
    font: ImageFont.FreeTypeFont,
    w: int,
    h: int,
    anchor: str = "la",
) -> Item:
    """A text's truth item (normalised box)."""
    box = d.textbbox(at, text, font=font, anchor=anchor)
    return Item(kind, synth._rect(box[0] / w, box[1] / h, box[2] / w, box[3] / h), text)


def make_red_certificate_page(
    identity: Identity, rng: Rng, index: int, seal: bool = True, at: RedSeal = RED_SEAL
) -> tuple[SynthPage, list[np.ndarray]]:
    """A certificate on a red ground with (``seal``) or without the unit's round seal over its
    unit and date, finished by ``FINISHES[index % len]``; and the seal's ink (none without)."""
    img, items, (cx, cy) = _certificate(identity, rng, index)
    w, h = img.size
    image = np.asarray(img)
    inks: list[np.ndarray] = []
    if seal:
        radius = float(rng.uniform(*at.radius_mm)) * w / A4_MM[1]
        # stamp_seal sizes a round seal at 19-22 mm on a 210 mm wide page
        scale = radius / (20.5 * w / A4_MM[0])
        centre = (cx + float(rng.uniform(-0.3, 0.3)) * radius, cy)
        darker = rng.random() < at.darker
        colour = synth._pick(rng, _DARK_INKS if darker else _LIGHT_INKS)
        alpha, item = _seal_alpha((w, h), centre, identity.unit, rng, "round", colour, scale=scale)
        if darker:
            image = _composite(image, alpha, colour)
        else:
            image = _composite(image, alpha * float(rng.uniform(*at.over_alpha)), colour, over=True)
        items.append(item)
        inks.append((alpha >= INK_LEVEL).astype(np.uint8))
    page = SynthPage(image, items, needs_masking=True, kind="red_certificate", dpi=150)
    finish = FINISHES[index % len(FINISHES)]
    out, inks = _carry(replace(page), inks, finish, rng)
    return out, inks
