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
