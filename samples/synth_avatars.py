"""An app's screenshot with round name avatars (issue 10; probes round 18's r05).

Office apps (DingTalk, WeChat Work, Feishu) show a person without a photo as a flat coloured disc
with one or two characters of their name in white. Seen at a seal's size, that is what a round
阴文 name seal looks like: a filled round shape with its characters cut out. What differs is
the ink: an avatar is one flat colour drawn by a program; a seal is stamped, its ink uneven.

``make_avatar_page`` draws an approval flow or a contact list (1080 px wide, 1800-2400 tall):
rows of avatars in the apps' palettes (blue, orange, green, purple, teal and red ones too), each
with the name beside it and a grey line under it; as the phone saved it (PNG), re-saved as JPEG,
or photographed off the screen. No seal: every seal found on it is a false seal.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from samples import synth
from samples.synth import Identity, Rng, SynthPage

AVATARS = "avatars"
# the apps' avatar colours, red and orange-red among them
PALETTE = (
    (50, 120, 230),
    (61, 132, 247),
    (240, 140, 40),
    (255, 125, 0),
    (42, 180, 110),
    (0, 185, 150),
    (120, 80, 200),
    (146, 84, 222),
    (235, 80, 70),
    (245, 74, 69),
    (220, 50, 60),
    (255, 100, 90),
)
STEPS = ("发起申请", "已同意", "审批中", "已转交", "抄送人", "已评论")
# how the screenshot reaches the detector (page i takes finish i % len)
FINISHES: tuple[tuple[str, ...], ...] = ((), ("jpeg",), ("phone",), ("phone", "jpeg"))
# The screenshot printed and photocopied (probes round 18's r05 copy): bench.seals'
# ``avatars_grey``, where the grey 阴文 search sees each avatar as a disc of mid grey with its
# characters cut out (page i takes finish i % len)
AVATARS_GREY = "avatars_grey"
GREY_FINISHES: tuple[tuple[str, ...], ...] = (
    ("photocopy",),
    ("tilt", "photocopy"),
    ("jpeg", "photocopy"),
)


def make_avatar_page(identity: Identity, rng: Rng, index: int, grey: bool = False) -> SynthPage:
    """A screenshot of an app's approval flow with 5-9 round name avatars and no seal;
    ``grey``: printed and photocopied (GREY_FINISHES)."""
    w, h = 1080, int(rng.integers(1800, 2401))
    img = Image.new("RGB", (w, h), (245, 246, 248))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 150), fill=(255, 255, 255))
    d.text((w // 2, 100), "审批详情", font=synth.get_font("sans", 40), fill=0, anchor="mm")
    d.rectangle((0, 170, w, h - 80), fill=(255, 255, 255))
    names = [identity.name, *(p.name for p in synth.IDENTITIES if p.name != identity.name)]
    rows = int(rng.integers(5, 10))
    step = (h - 400) // rows
    for i in range(rows):
        name = names[i % len(names)]
        y = 220 + i * step
        size = int(rng.integers(88, 131))
        colour = synth._pick(rng, PALETTE)
        d.ellipse((60, y, 60 + size, y + size), fill=colour)
        shown = name[-2:] if rng.random() < 0.7 else name[-1]
        glyph = synth.get_font("sans", int(size * (0.34 if len(shown) == 2 else 0.46)))
        d.text((60 + size / 2, y + size / 2), shown, font=glyph, fill=(255, 255, 255), anchor="mm")
        d.text((60 + size + 30, y + 4), name, font=synth.get_font("sans", 34), fill=0)
        grey = synth.get_font("sans", 28)
        d.text((60 + size + 30, y + 54), synth._pick(rng, STEPS), font=grey, fill=(140, 140, 140))
        day, hour, minute = (int(v) for v in rng.integers((1, 8, 0), (29, 19, 60)))
        stamp = f"03-{day:02d} {hour:02d}:{minute:02d}"
        d.text((w - 60, y + 6), stamp, font=grey, fill=(140, 140, 140), anchor="ra")
    page = SynthPage(np.asarray(img).copy(), [], needs_masking=True, kind="avatars", dpi=150)
    finishes = GREY_FINISHES if grey else FINISHES
    return synth.degrade(page, finishes[index % len(finishes)], rng)
