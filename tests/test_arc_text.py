"""Text set along an arc (detect.arc_text): a badge's or medal's ring naming the unit."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from redactor.detect.arc_text import find_arc_text
from redactor.options import Identity
from redactor.types import NAME, UNIT
from samples import synth
from samples.synth_arcs import BADGE_STYLES, make_badge_page, make_ribbon_page

MA = Identity(name="马晓燕", unit="博乐市第七中学")


def _covered(centres: list[tuple[float, float]], outlines: list[tuple]) -> int:
    """How many glyph centres lie inside one of the fills' outlines."""
    return sum(
        any(
            cv2.pointPolygonTest(np.asarray(o, np.float32), (float(x), float(y)), False) >= 0
            for o in outlines
        )
        for x, y in centres
    )


@pytest.mark.parametrize("style", sorted(BADGE_STYLES))
def test_the_units_name_round_a_badge_is_masked(style: str) -> None:
    """Probes round 22: a gold medal's 博乐市第七中学, set round its top, was read by nothing
    (OCR reads straight lines; the seal search reads red rings). A badge's ring of text in any
    colour, dark on light or light on dark, is read along its circle and masked glyph by
    glyph."""
    image, glyphs = make_badge_page(MA.unit, style, np.random.default_rng(7))
    found = find_arc_text(image, MA)
    assert found and {f.kind for f in found} == {UNIT}
    assert _covered(glyphs, [f.outline for f in found]) == len(glyphs)


def test_a_name_along_a_ribbon_is_masked() -> None:
    """Probes round 22: 优秀教师 马晓燕 in white along a red ribbon bent over 66 degrees of a
    wide circle (its glyphs 9 glyph sizes from the centre, a space between title and name)."""
    image, glyphs = make_ribbon_page(f"优秀教师 {MA.name}", np.random.default_rng(3))
    found = find_arc_text(image, MA)
    assert {f.kind for f in found} == {NAME}
    assert _covered(glyphs, [f.outline for f in found]) == len(glyphs)


def test_straight_print_is_no_arc() -> None:
    """Lines of print, the unit's among them, lie on no circle: their glyphs' centres fit a
    wide one only within a fifth of a glyph (ArcTextSettings.min_bend), so nothing is masked
    there by this finder."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1240, 900), (255, 255, 255))
    d = ImageDraw.Draw(img)
    font = synth.get_font("song", 34)
    lines = [
        f"兹证明{MA.unit}教师{MA.name}同志，自2012年8月起在我校从事",
        "初中数学教学工作，现任数学教研组组长。该同志师德高尚，",
        "教学成绩突出，所带班级中考成绩连续三年位居全市前列。",
        MA.unit,
    ]
    for i, t in enumerate(lines):
        d.text((100, 120 + i * 70), t, font=font, fill=(0, 0, 0))
    image = np.asarray(img)
    assert find_arc_text(image, MA) == []


def _hand_note() -> np.ndarray:
    """Probes round 23's note written by hand on ruled paper (Kai, each column of the page
    shifted a little so the lines wobble): the starts and ends of its lines fall on circles."""
    from PIL import Image, ImageDraw

    ink = Image.new("L", (1240, 1600), 0)
    d = ImageDraw.Draw(ink)
    lines = ["情况说明", "", f"本人{MA.name}，", f"{MA.unit}数学教师。", "因原件遗失，特此说明。"]
    for i, t in enumerate(lines):
        d.text(
            (150 + (260 if i == 0 else 0), 100 + 64 * i + 8),
            t,
            font=synth.get_font("kai", 46),
            fill=255,
        )
    a = np.asarray(ink).astype(np.float32) / 255.0
    shift = (np.sin(np.arange(a.shape[1]) / 90.0) * 3).astype(int)
    a = np.stack([np.roll(a[:, x], shift[x]) for x in range(a.shape[1])], axis=1)
    paper = np.full((*a.shape, 3), (252, 251, 244), np.float32)
    for y in range(160, 1600, 64):
        paper[y : y + 2] = (170, 200, 230)
    out = paper * (1 - a[..., None]) + np.array([25, 35, 120], np.float32) * a[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def test_lines_read_straight_are_no_arc() -> None:
    """Probes round 23: the glyphs at the starts and ends of a hand's three lines fell on a
    circle, the strip along it read 马晓燕, and the arc's band was masked across the three
    lines and the words beside the name. Where the arc runs along lines OCR read straight,
    they are the matcher's."""
    from redactor.detect.text import ocr_image

    image = _hand_note()
    assert find_arc_text(image, MA), "the arc search alone no longer takes these lines"
    assert find_arc_text(image, MA, lines=ocr_image(image).lines) == []
