"""A text fill's margin stops where a neighbouring line's ink begins (detect.margins), and the
line's own ink stays wholly under it. Real OCR on generated pages of single-spaced lines."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from bench.score import polygon_mask
from redactor.api import find_on_page
from redactor.mask import region_for
from redactor.options import Identity, MaskOptions
from redactor.types import NAME, UNIT, Finding, Page
from samples.synth import get_font

TEXT_ONLY = MaskOptions(seals="off", eyes="off", signatures=False)
IDENTITY = Identity(
    name="司马文博",
    unit="温泉县中医医院",
    unit_aliases=("Wenquan County Hospital of Traditional Chinese Medicine",),
)
# Each line: (text before, the target or "", text after). The target sits on the middle line.
ENGLISH = [
    ("Xinjiang Academy of Agricultural Sciences, Urumqi 830091, China; 3. Bole", "", ""),
    ("(1. ", "Wenquan County Hospital of Traditional Chinese Medicine", ", Wenquan 833500"),
    ("Academy of Agricultural Sciences, 830091, China)", "", ""),
]
CHINESE = [
    ("新疆农业科学院畜牧兽医研究所，乌鲁木齐市南昌路", "", ""),
    ("工作单位：", "温泉县中医医院", "，主治医师"),
    ("新疆维吾尔自治区人民医院心内科主任医师", "", ""),
]
# A neighbouring line may lose this share of its ink under the fill: its OCR box, which the
# fill never goes inside, can reach a pixel or two into the next line's glyphs.
NEIGHBOUR_SHARE = 0.02


def single_spaced(
    lines: list[tuple[str, str, str]], style: str, size: int, pitch: int, angle: float
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """A page of ``lines`` ``pitch`` px apart, turned ``angle`` degrees: the image, the ink of
    the targets, and the ink of each line that holds no target."""
    font = get_font(style, size)
    width, height = 1240, 160 + pitch * len(lines)
    page = Image.new("L", (width, height), 255)
    target = np.zeros((height, width), bool)
    others = []
    for i, (before, hit, after) in enumerate(lines):
        y = 90 + i * pitch
        ink = [Image.new("L", (width, height), 0) for _ in range(3)]
        x = 60.0
        for layer, text in zip(ink, (before, hit, after), strict=True):
            ImageDraw.Draw(layer).text((x, y), text, font=font, fill=255, anchor="ls")
            x += font.getlength(text)
            page.paste(25, mask=layer)
        masks = [np.asarray(layer) > 64 for layer in ink]
        if hit:
            target |= masks[1]
        else:
            others.append(masks[0])
    out = np.asarray(page)
    if angle:
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        out = cv2.warpAffine(out, turn, (width, height), borderValue=255)

        def moved(m: np.ndarray) -> np.ndarray:
            return cv2.warpAffine(m.astype(np.uint8) * 255, turn, (width, height)) > 64

        target, others = moved(target), [moved(m) for m in others]
    return np.dstack([out] * 3), target, others


def _unit_filled_alone(
    image: np.ndarray, target: np.ndarray, others: list[np.ndarray]
) -> list[Finding]:
    """The page's findings: the unit alone, its own ink (``target``) wholly under the fill, no
    more than NEIGHBOUR_SHARE of any other line's ink (``others``) under it."""
    found = find_on_page(Page("t", 1, image, 150.0), IDENTITY, TEXT_ONLY).findings
    assert {f.kind for f in found} == {UNIT}
    filled = polygon_mask(image.shape[:2], [list(region_for(f, TEXT_ONLY)) for f in found])
    assert not (target & ~filled).any(), "the unit's own ink shows"
    cut = [float((m & filled).sum() / m.sum()) for m in others]
    assert max(cut) <= NEIGHBOUR_SHARE, f"neighbouring lines' ink under the fill: {cut}"
    return found


@pytest.mark.parametrize(
    ("script", "style", "size", "pitch", "angle"),
    [
        ("en", "song", 22, 28, 0.0),
        ("en", "sans", 24, 29, 4.0),
        ("en", "song", 22, 28, -7.0),
        ("zh", "song", 21, 27, 0.0),
        ("zh", "kai", 22, 28, 4.0),
        ("zh", "hei", 21, 27, -7.0),
    ],
)
def test_a_fill_spares_the_single_spaced_lines_around_it(
    script: str, style: str, size: int, pitch: int, angle: float
) -> None:
    """A unit's fill on single-spaced lines (a paper's affiliation, 150 dpi) leaves the lines
    above and below it whole, and covers every pixel of the unit's own ink: ascenders,
    descenders, tilted lines."""
    lines = ENGLISH if script == "en" else CHINESE
    image, target, others = single_spaced(lines, style, size, pitch, angle)
    found = _unit_filled_alone(image, target, others)
    # The fill never goes inside the quad (up to a pixel of rasterising different corners).
    for f in found:
        whole = polygon_mask(image.shape[:2], [list(region_for(f, TEXT_ONLY))])
        quad = polygon_mask(image.shape[:2], [list(f.quad.expand(-1.0).points)])
        assert not (quad & ~whole).any()


def test_the_margin_is_whole_where_no_line_is_near() -> None:
    """Lines spaced apart: nothing to spare, each fill keeps its whole margin."""
    lines = [CHINESE[0], ("", "", ""), ("姓名：", "司马文博", ""), ("", "", ""), CHINESE[2]]
    image, target, _ = single_spaced(lines, "song", 21, 30, 3.0)
    found = find_on_page(Page("t", 1, image, 150.0), IDENTITY, TEXT_ONLY).findings
    assert [f.kind for f in found] == [NAME]
    assert found[0].margin_room is None
    whole = replace(found[0], margin_room=None)
    assert region_for(found[0], TEXT_ONLY) == region_for(whole, TEXT_ONLY)
    filled = polygon_mask(image.shape[:2], [list(region_for(found[0], TEXT_ONLY))])
    assert not (target & ~filled).any()


@pytest.mark.parametrize("seed", [[3001, 13, 0], [5, 1], [6, 1]])
def test_a_fill_in_a_small_print_table_spares_the_next_row_under_its_rule(seed: list[int]) -> None:
    """A 6-7 pt duty table (corpus version 9's ``duty_table``; [3001, 13, 0] is the tuning
    page where this was seen): the rule under the applicant's row touches the glyphs of the
    next row, which joined both rows into one piece of ink, taken for the name's own, and the
    fill kept its whole margin over 39% of the next row's 朱红梅. Rules are taken out first:
    every name and the unit are masked whole, no one else's name is cut."""
    from samples import synth, synth_round10

    idt = next(i for i in synth.IDENTITIES if i.name == "刘建国")
    rng = np.random.default_rng(seed)
    dpi = int(synth._pick(rng, (150, 150, 200)))
    page = synth_round10.make_duty_table_page(idt, rng, dpi=dpi)
    image = page.image
    identity = Identity(name=idt.name, unit=idt.unit)
    found = find_on_page(Page("t", 1, image, float(dpi)), identity, TEXT_ONLY).findings
    filled = polygon_mask(image.shape[:2], [list(region_for(f, TEXT_ONLY)) for f in found])
    h, w = image.shape[:2]
    for it in page.items:
        quad = polygon_mask(image.shape[:2], [(np.asarray(it.quad) * [w, h]).tolist()])
        covered = float((quad & filled).sum() / quad.sum())
        if it.kind in ("name", "unit"):
            assert covered >= 0.99, (it.kind, it.text, covered)
        else:
            assert covered <= 0.05, (it.text, covered)


@pytest.mark.parametrize(("script", "angle"), [("en", 0.0), ("en", 3.0), ("zh", 0.0)])
def test_a_seal_s_ring_across_the_lines_is_no_ink_of_the_unit_s_own(
    script: str, angle: float
) -> None:
    """Bench seed 2261, 013_grey16_png: a grey seal's ring crosses a paper's affiliation
    lines and touches the unit's glyphs; joined to them, it was taken for the unit's own ink
    reaching 45 px past its quad each way, so the fill kept its whole margin and cut 40% of
    the next line's "University" (another body's). A piece of ink far taller than the line is
    no glyph of it: the fill spares the neighbours and still covers the unit's own ink."""
    lines = ENGLISH if script == "en" else CHINESE
    image, target, others = single_spaced(lines, "song", 22, 28, 0.0)
    ring = image.copy()
    centre = (330, 90 + 28)  # the middle line's baseline, under the unit's first words
    cv2.circle(ring, centre, 95, (120, 120, 120), 4, cv2.LINE_AA)
    image = np.minimum(image, ring)
    if angle:
        h, w = image.shape[:2]
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        image = cv2.warpAffine(image, turn, (w, h), borderValue=(255, 255, 255))

        def moved(m: np.ndarray) -> np.ndarray:
            return cv2.warpAffine(m.astype(np.uint8) * 255, turn, (w, h)) > 64

        target, others = moved(target), [moved(m) for m in others]
    _unit_filled_alone(image, target, others)
