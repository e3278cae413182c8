"""Seal detector on generated pages (samples/synth.py) and on the real images in ../shared."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps
from rapidfuzz import fuzz

from bench.seals import WHOLE_VISIBLE, bench_page, coverage, ink_visible, truth_polygon
from redactor.api import find_on_page
from redactor.detect.match import normalise
from redactor.detect.seals import (
    detector,
    find_seals,
    seal_is_legible,
    seal_names_identity,
    seal_names_unit,
    seals_to_mask_for_unit,
)
from redactor.detect.seals.fit import ink_extent, refine_box
from redactor.detect.seals.geometry import Candidate, Shape
from redactor.detect.seals.judge import beside_rules, is_frame, pen_loop, ring_evidence
from redactor.detect.seals.propose import remove_lines, ring_filter_proposals, rule_length
from redactor.detect.seals.settings import NAME_SEAL
from redactor.options import Identity, MaskOptions
from redactor.sources import iter_pages, open_source
from redactor.types import SEAL, SEAL_COLOUR, SEAL_STRUCTURE, BBox, Finding, Page, Quad
from samples import synth, synth_seals
from tests.conftest import REALDATA, every_nth_by_default

IDT = synth.IDENTITIES[0]


def _page(
    shapes: list[tuple[str, tuple[float, float]]],
    seed: int,
    degradations: tuple[str, ...] = (),
    *,
    kind: str = "summary",
    color: tuple[int, int, int] | None = None,
) -> synth.SynthPage:
    """A text page with seals of the given shapes at the given (relative) centres."""
    rng = np.random.default_rng(seed)
    page = synth.make_page(kind, IDT, rng)
    img = Image.fromarray(page.image)
    w, h = img.size
    items = [
        synth.stamp_seal(img, (fx * w, fy * h), IDT.unit, rng, shape=shape, color=color)
        for shape, (fx, fy) in shapes
    ]
    page = replace(page, image=np.array(img), items=[*page.items, *items])
    return synth.degrade(page, list(degradations), rng)


def _found(page: synth.SynthPage) -> tuple[list[Finding], list[float]]:
    """Findings, and for each true seal the share of it the masks cover."""
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    h, w = page.image.shape[:2]
    outlines = [np.asarray(f.outline, float) for f in found]
    cover = [
        coverage(truth_polygon(it.to_dict(), w, h), outlines, w, h)
        for it in page.items
        if it.kind == "seal"
    ]
    return found, cover


def _check(found: list[Finding], cover: list[float], n: int, source: str) -> None:
    assert len(found) == n, [f.detail for f in found]
    assert all(c >= 0.99 for c in cover), cover
    for f in found:
        assert f.kind == SEAL and f.source == source and 0 <= f.score <= 1
        pts = np.asarray(f.outline, np.float32)
        assert len(pts) >= 4 and cv2.isContourConvex(pts)
        assert f.detail["shape"] in ("ellipse", "box")


@pytest.mark.parametrize("shape", ["round", "oval", "square"])
def test_crisp_colour_seals_of_every_shape(shape: str) -> None:
    found, cover = _found(_page([(shape, (0.5, 0.45))], 11))
    _check(found, cover, 1, SEAL_COLOUR)
    if shape != "square":
        assert len(found[0].detail["ellipse"]) == 5


def test_arc_text_is_read() -> None:
    found, _ = _found(_page([("round", (0.4, 0.5))], 12))
    assert fuzz.partial_ratio(normalise(found[0].text), normalise(IDT.unit)) >= 80, found[0].text
    assert seal_names_unit(found[0].text, Identity(name="王伟", unit=IDT.unit))


def test_blue_seal_is_a_seal_too() -> None:
    found, cover = _found(_page([("round", (0.6, 0.6))], 13, color=(40, 70, 190)))
    _check(found, cover, 1, SEAL_COLOUR)


@pytest.mark.parametrize(
    "name, shapes, degradations",
    every_nth_by_default(
        3,
        [
            ("faint", [("round", (0.5, 0.5))], ()),
            ("cut by the left edge", [("round", (0.02, 0.5))], ()),
            ("cut by the bottom edge", [("oval", (0.5, 0.99))], ()),
            # a square seal's visible part is a strip: the box is proposed whole, off the page
            ("square cut by the top edge", [("square", (0.5, 0.01))], ()),
            ("square cut by the left edge", [("square", (0.0, 0.7))], ()),
            ("overlapping", [("round", (0.45, 0.5)), ("oval", (0.58, 0.45))], ()),
            ("phone photo", [("round", (0.5, 0.6))], ("phone",)),
            ("tilted scan", [("oval", (0.3, 0.4))], ("tilt", "jpeg")),
        ],
    ),
)
def test_colour_seals_in_hard_conditions(
    name: str, shapes: list[tuple[str, tuple[float, float]]], degradations: tuple[str, ...]
) -> None:
    color = (244, 170, 170) if name == "faint" else None
    found, cover = _found(_page(shapes, 20 + len(name), degradations, color=color))
    _check(found, cover, len(shapes), SEAL_COLOUR)


@pytest.mark.parametrize(
    "shape, degradations",
    every_nth_by_default(
        3,
        [
            ("round", ("photocopy",)),
            ("round", ("tilt", "photocopy")),
            ("oval", ("photocopy",)),
        ],
    ),
)
def test_grey_photocopied_seals_are_found_by_structure(
    shape: str, degradations: tuple[str, ...]
) -> None:
    found, cover = _found(_page([(shape, (0.55, 0.5))], 31, degradations))
    _check(found, cover, 1, SEAL_STRUCTURE)


@pytest.mark.parametrize(
    "condition, index, seals",
    [
        # a faint stamp whose thin arc text breaks up in the ink mask: found by its clean rim
        # and ink along the text band
        ("faint", 16, 1),
        # a red pen loop round words on a tilted photocopy, with print crossing its gap: once
        # taken for a broken grey ring
        ("distractor_grey", 44, 0),
    ],
)
def test_benchmark_pages_that_once_failed(condition: str, index: int, seals: int) -> None:
    page = bench_page(condition, 7, index)
    found, cover = _found(page)
    assert len(found) == seals, [f.detail for f in found]
    assert all(c >= 0.99 for c in cover), cover


@pytest.mark.parametrize(
    "seed, degradations",
    every_nth_by_default(2, [(62, ("photocopy",)), (64, ("tilt", "photocopy"))]),
)
def test_grey_photocopied_square_seal_over_print_is_found(
    seed: int, degradations: tuple[str, ...]
) -> None:
    # the frame merges with the text lines it lies on: only its thick strokes show it
    found, cover = _found(_page([("square", (0.55, 0.5))], seed, degradations))
    _check(found, cover, 1, SEAL_STRUCTURE)
    assert found[0].detail["shape"] == "box"


@pytest.mark.parametrize("degradations", [(), ("phone",), ("tilt", "photocopy")])
def test_red_that_is_not_a_seal_stays_visible(degradations: tuple[str, ...]) -> None:
    rng = np.random.default_rng(41)
    page = synth.make_distractor_page(
        IDT, rng, which=synth.RED_DISTRACTORS, degradations=degradations
    )
    assert find_seals(Page("t", 1, page.image, 150.0)) == []


# Tenth round: a certificate photographed on a desk (seed 181 distractor_phone page 5; the same
# false seal on seeds 131/6, 151/1, 161/2): its red border, a long box filling the photo, passed
# as a square seal foreshortened by the slant (CleanRingTest.max_box_elongation).
@pytest.mark.parametrize("seed, index", [(181, 5), (131, 6)])
def test_red_border_of_a_photographed_certificate_is_no_seal(seed: int, index: int) -> None:
    """The border round a whole photographed page is no square seal."""
    page = bench_page("distractor_phone", seed, index)
    assert find_seals(Page("t", 1, page.image, float(page.dpi))) == []


# Probes round 13: a certificate's red title set wide in big bold glyphs (荣 誉 证 书 at 150 px on
# a 200 dpi landscape certificate): its 证 or 书 passed as a patchy square stamp, its strokes a
# frame round broken marks. Each glyph has its line's glyphs beside it and nothing above or below.
@pytest.mark.parametrize(
    "title, style, px",
    [("荣 誉 证 书", "hei", 150), ("结 业 证 书", "song", 180), ("获 奖 证 书", "hei", 150)],
)
def test_a_certificates_wide_set_red_title_is_no_seal(title: str, style: str, px: int) -> None:
    w, h = 2339, 1654
    im = Image.new("RGB", (w, h), (252, 246, 235))
    d = ImageDraw.Draw(im)
    d.rectangle((50, 50, w - 50, h - 50), outline=(190, 30, 30), width=40)
    d.text((w // 2, 300), title, font=synth.get_font(style, px), fill=(190, 20, 20), anchor="mm")
    body = "王伟 同志：在2023年度工作中表现突出，特发此证。"
    d.text((300, 600), body, font=synth.get_font("song", 70), fill=(20, 20, 20))
    assert find_seals(Page("t", 1, np.asarray(im), 200.0)) == []


def test_the_photos_own_frame_round_a_page_is_no_square_seal() -> None:
    """Probes round 13's title sweep (seed 7002 page 14, phone-photographed on a purple-grey
    desk): the desk's strips at three of the photo's edges passed as a blue square seal twice
    the photo's width, 0.65 of its outline on the image; its fill would have blacked out the
    whole certificate. A square spanning the photo and lying partly beyond it is its frame; a
    close-up of one square seal, whole on the image, stays a seal."""
    h, w = 1000, 748
    frame = Shape(247.5, 499.5, 499.5, 499.5, -90.0, "box")
    assert detector._page_border(frame, h, w, on_image=0.65)
    close_up = Shape(374.0, 500.0, 320.0, 320.0, 0.0, "box")
    assert not detector._page_border(close_up, h, w, on_image=1.0)
    long_border = Shape(374.0, 500.0, 300.0, 420.0, 0.0, "box")  # round 10's foreshortened box
    assert detector._page_border(long_border, h, w, on_image=1.0)


@pytest.mark.parametrize(
    "kind, degradations", [("plain", ()), ("summary", ()), ("plain", ("photocopy",))]
)
def test_text_and_table_pages_get_no_seal(kind: str, degradations: tuple[str, ...]) -> None:
    rng = np.random.default_rng(51)
    page = synth.degrade(synth.make_page(kind, IDT, rng), list(degradations), rng)
    assert find_seals(Page("t", 1, page.image, 150.0)) == []


def test_tiny_and_blank_pages() -> None:
    assert find_seals(Page("t", 1, np.full((10, 10, 3), 255, np.uint8), 150.0)) == []
    assert find_seals(Page("t", 1, np.full((1754, 1240, 3), 255, np.uint8), 150.0)) == []


def test_seal_names_unit() -> None:
    idt = Identity(
        name="王伟",
        unit="博尔塔拉蒙古自治州人民医院",
        unit_aliases=("Bortala People's Hospital",),
    )
    assert seal_names_unit("博尔塔拉蒙古自治州人民医院", idt)
    assert seal_names_unit("尔塔拉蒙古自治州人民医", idt)  # ends lost on the arc
    assert seal_names_unit("博爾塔拉蒙古自治州人民醫院", idt)  # traditional characters
    assert seal_names_unit("博尔塔拉蒙占自治州人民医院财务专用章", idt)  # one slip, extra words
    assert seal_names_unit("BORTALA PEOPLE'S HOSPITAL", idt)
    assert seal_names_unit("台州人民医院博尔塔拉蒙古自", idt)  # the arc read from the wrong start
    assert seal_names_unit("院民医自治州人尔塔拉蒙古博", idt)  # a square seal read sideways
    assert seal_names_unit("尔塔拉蒙古自治州人民", idt)  # both ends lost
    # a sibling two characters away is masked too: a garbled reading of the unit's own seal
    # looks the same, and over-masking costs less than a leak
    assert seal_names_unit("博尔塔拉蒙古自治州中医医院", idt)
    # bodies of the same region share only the region
    assert not seal_names_unit("博尔塔拉蒙古自治州人力资源和社会保障局", idt)
    assert not seal_names_unit("博乐市人民政府", idt)
    assert not seal_names_unit("新疆维吾尔自治区人力资源和社会保障厅", idt)
    assert not seal_names_unit("", idt)
    assert not seal_names_unit("医", idt)


def _load(path: Path) -> Page:
    with Image.open(path) as im:
        return Page(path.name, 1, np.asarray(ImageOps.exif_transpose(im).convert("RGB")).copy(), 0)


@pytest.mark.every_case  # each a real image of its own
@pytest.mark.parametrize(
    "name, count",
    [
        ("seals/s10_e_invoice_two_seals.png", 2),
        ("seals/s11_vat_invoice_test_sample.jpg", 1),
        ("seals/s12_paddlex_seal_text_det_demo.png", 1),
        ("seals/s13_vat_invoice_screenshot.jpg", 1),
        ("seals/s14_e_invoice_screenshot.png", 2),
        ("text/t05_shareholder_table.jpg", 0),
        ("text/t10_idcard_placeholder_rotated180.jpeg", 0),
        ("text/t11_contract_no_names_negative.jpg", 0),
    ],
)
def test_real_images(realdata: Path, name: str, count: int) -> None:
    assert len(find_seals(_load(realdata / name))) == count


def test_real_seal_text_names_its_unit(realdata: Path) -> None:
    found = find_seals(_load(realdata / "seals" / "s12_paddlex_seal_text_det_demo.png"))
    assert seal_names_unit(found[0].text, Identity(name="某人", unit="天津君和缘商贸有限公司"))


def test_real_blue_seal_on_a_certificate(realdata: Path) -> None:
    found = find_seals(_load(realdata / "text" / "t06_quality_system_certificate.png"))
    # the blue seal of the issuing body, right of 主任签发 (the round logos are not seals)
    assert len(found) == 1
    box = found[0].bbox
    assert 430 < box.cx < 600 and 650 < box.cy < 800


def test_seals_unit_leaves_only_another_bodys_clearly_read_seal() -> None:
    """--seals unit: the unit's seal is masked, a seal read clearly as another body's is not."""
    other = "新疆维吾尔自治区人力资源和社会保障厅"
    rng = np.random.default_rng(81)
    page = synth.make_page("summary", IDT, rng)
    img = Image.fromarray(page.image)
    w, h = img.size
    mine = synth.stamp_seal(img, (0.3 * w, 0.45 * h), IDT.unit, rng)
    synth.stamp_seal(img, (0.7 * w, 0.7 * h), other, rng)
    p = Page("t", 1, np.array(img), 150.0)
    identity = Identity(name=IDT.name, unit=IDT.unit)
    every = find_seals(p)
    assert len(every) == 2 and all(seal_is_legible(s) for s in every), [
        (s.text, s.detail) for s in every
    ]
    kept = [
        f for f in find_on_page(p, identity, MaskOptions(seals="unit")).findings if f.kind == SEAL
    ]
    assert len(kept) == 1
    truth = truth_polygon(mine.to_dict(), w, h)
    assert coverage(truth, [np.asarray(kept[0].outline, float)], w, h) >= 0.99
    assert seal_names_unit(kept[0].text, identity)
    assert not seal_names_identity(other, identity)


def test_seal_legibility_and_names() -> None:
    idt = Identity(name="王伟", unit="博尔塔拉蒙古自治州人民医院", aliases=("Wang Wei",))

    def seal(text: str, confidence: float) -> Finding:
        box = Quad.from_bbox(BBox(0, 0, 9, 9))
        return Finding(SEAL, box, 1.0, SEAL_COLOUR, text, detail={"read_confidence": confidence})

    assert seal_is_legible(seal("新疆维吾尔自治区人社厅", 0.93))
    assert not seal_is_legible(seal("新疆维吾尔自治区人社厅", 0.7))  # garbled: may be the unit's
    assert not seal_is_legible(seal("拉合塔", 0.99))  # too little to judge whose it is
    assert not seal_is_legible(seal("", 0.0))
    grey = replace(seal("新疆维吾尔自治区人社厅", 0.93), source=SEAL_STRUCTURE)
    assert not seal_is_legible(grey)  # print under a grey seal reads as part of it
    cut = seal("新疆维吾尔自治区人社厅", 0.93)
    cut.detail["inside"] = 0.8
    assert not seal_is_legible(cut)  # cut by the page edge: part of the name is missing
    assert seal_names_identity("王伟之印", idt)  # a personal name seal
    assert seal_names_identity("WANG WEI", idt)
    assert seal_names_identity("博尔塔拉蒙古自治州人民医院", idt)
    assert not seal_names_identity("王明之印", idt)


def test_seals_unit_masks_overlapping_seals_whatever_they_read() -> None:
    """Where two seals overlap, one's unwrapped arc picks up the other's text: both are masked."""
    idt = Identity(name="王伟", unit="博尔塔拉蒙古自治州人民医院")

    def seal(x: float, text: str) -> Finding:
        box = Quad.from_bbox(BBox(x, 100, x + 200, 300))
        return Finding(SEAL, box, 1.0, SEAL_COLOUR, text, detail={"read_confidence": 0.95})

    apart = [seal(0, "新疆维吾尔自治区人力资源和社会保障厅"), seal(400, "博乐市人民政府")]
    assert seals_to_mask_for_unit(apart, idt) == []
    close = [seal(0, "新疆维吾尔自治区人力资源和社会保障厅"), seal(120, "博乐市人民政府")]
    assert seals_to_mask_for_unit(close, idt) == close
    mine = [seal(0, "博尔塔拉蒙古自治州人民医院"), seal(400, "博乐市人民政府")]
    assert seals_to_mask_for_unit(mine, idt) == mine[:1]


@pytest.mark.parametrize("degradations", [(), ("photocopy",)])
def test_upright_personal_seal_is_found_and_masked_under_seals_unit(
    degradations: tuple[str, ...],
) -> None:
    """A 28 mm square name seal (王伟之印) stamped square to the page: its sides are as long as
    the lines the detector strips, and on a copy its frame is a faint grey."""
    rng = np.random.default_rng(5)
    page = synth.make_page("summary", IDT, rng)
    img = Image.fromarray(page.image)
    w, h = img.size
    k = w / synth.A4_MM[0]
    item = synth.draw_square_seal(img, (0.5 * w, 0.5 * h), 28 * k, "王伟之印", None, rng, angle=0)
    page = replace(page, image=np.array(img), items=[*page.items, item])
    page = synth.degrade(page, list(degradations), rng)
    found, cover = _found(page)
    source = SEAL_STRUCTURE if degradations else SEAL_COLOUR
    _check(found, cover, 1, source)
    identity = Identity(name="王伟", unit=IDT.unit)
    assert seals_to_mask_for_unit(found, identity) == found
    if not degradations:
        assert seal_names_identity(found[0].text, identity), found[0].text


@pytest.mark.parametrize(
    "reading, masked",
    [
        ("博尔塔拉蒙古自治州人力资源和社会保障局", False),  # same region, another body
        ("博乐市人民政府", False),
        ("拉治医民人博蒙州院", True),  # the unit's square seal read sideways
        ("博尔拉职技术院医", True),  # a lossy fragment of the unit's name
        ("博尔塔拉蒙古时完", True),  # the region only, with noise from the print
    ],
)
def test_seals_unit_masks_what_is_not_clearly_another_bodys(reading: str, masked: bool) -> None:
    idt = Identity(name="王伟", unit="博尔塔拉蒙古自治州人民医院")
    box = Quad.from_bbox(BBox(0, 0, 200, 200))
    seal = Finding(SEAL, box, 1.0, SEAL_COLOUR, reading, detail={"read_confidence": 0.99})
    assert (seals_to_mask_for_unit([seal], idt) == [seal]) is masked


# Round 27: bench.seals 581 faint page 7, the unit's faint seal read 博尔塔立识业支夫耻才学院 (for
# 博尔塔拉职业技术学院): four characters in a row the unit's name lacks, so it read as another
# body's and stayed visible under --seals unit. It begins and ends as the unit's name does and
# is about as long (policy.FRAMED_*): the unit's, read with slips in its middle.
@pytest.mark.parametrize(
    "reading, masked",
    [
        ("博尔塔立识业支夫耻才学院", True),
        ("博尔塔拉蒙古自治州人力资源和社会保障局", False),
        ("博尔塔拉蒙古自治州人民医院", False),  # the region, another kind of body
        ("博尔塔拉蒙古自治州林业和草原局", False),
        ("博乐市人民政府", False),
    ],
)
def test_seals_unit_masks_the_units_seal_read_with_slips_in_its_middle(
    reading: str, masked: bool
) -> None:
    idt = Identity(name="赵海涛", unit="博尔塔拉职业技术学院")
    box = Quad.from_bbox(BBox(0, 0, 200, 200))
    seal = Finding(SEAL, box, 1.0, SEAL_COLOUR, reading, detail={"read_confidence": 0.99})
    assert (seals_to_mask_for_unit([seal], idt) == [seal]) is masked


# ------------------------------------------------------------ issue 10: items 4, 5 and 6
def _ink_left(condition: str, seed: int, index: int) -> tuple[list[Finding], list[float]]:
    """An issue-10 page (samples/synth_seals.py): the findings, and per seal the share of its ink
    that no fill covers."""
    rng = np.random.default_rng([seed, index, sum(map(ord, condition))])
    identity = synth.IDENTITIES[index % len(synth.IDENTITIES)]  # as bench.seals draws it
    page, inks = synth_seals.make_page(condition, identity, rng, index)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    outlines = [np.asarray(f.outline, float) for f in found]
    return found, [ink_visible(ink, outlines) for ink in inks]


# Pages of the benchmark's tuning seed (7) that failed before: pair page i draws combination
# PAIRS[i % 9] in order (i // 9) % 2: (round, square), (oval, square), (square, round),
# (square, oval), (square, square), and reversed. Page 17 (a square 43% under another square,
# its frame crossed by the other's) is still left showing: not pinned here, see BENCHMARKS.md.
@pytest.mark.parametrize("index", every_nth_by_default(3, [2, 5, 6, 7, 8, 11, 14, 16]))
def test_both_seals_of_an_overlapping_pair_are_masked_whole(index: int) -> None:
    """Item 4: two overlapping seals (10-60% of the smaller one's area), either on top: no ink of
    either left outside the fills."""
    found, visible = _ink_left("pair", 7, index)
    assert len(visible) == 2
    assert max(visible) <= WHOLE_VISIBLE, (synth_seals.PAIRS[index % 9], visible)


# Square seals overlapping another seal on the seeds looked at in the second round (31, 41) and
# the earlier figures' (23), each left partly or wholly visible before: a square partly under a
# round seal (31/2, its visible part no square: cut where the round one's fill hides it, as by
# the page edge), two squares (31/8, their union no square: the refined box is stretched onto
# the other's frame, so the square at one end of it is tried), and a square with a round or
# oval one in either order (41/14, 41/15, 23/11).
@pytest.mark.parametrize(
    "seed, index", every_nth_by_default(3, [(31, 2), (31, 8), (41, 14), (41, 15), (23, 11)])
)
def test_square_seal_overlapping_another_seal_is_masked_whole(seed: int, index: int) -> None:
    """Issue 10 item 4: a square seal and another seal overlapping, either on top: both masked
    whole."""
    found, visible = _ink_left("pair", seed, index)
    assert len(visible) == 2
    assert max(visible) <= WHOLE_VISIBLE, (synth_seals.PAIRS[index % 9], visible)


# Fourteenth round: an oval and a square each crossing the other's inside (seed 251 page 5, the
# square 70% under the oval, stamped as a phone photo). Each rim joins the other's glyphs into
# two marks, so neither passed the content test and nothing was on top to hide; the grey search
# found the oval alone. With the crossing rim's band erased the oval's glyphs are apart again
# (OverlapSettings.erase_band), and the square is found under it (the oval the grey search found
# may still be the one kept: it covers the oval as well).
def test_seals_crossing_each_others_text_are_both_masked_whole() -> None:
    """Issue 10 item 4: two seals whose rims cross each other's text: both masked whole."""
    found, visible = _ink_left("pair", 251, 5)
    assert len(visible) == 2
    assert max(visible) <= WHOLE_VISIBLE, visible


# Twenty-second round: an oval 60% under another oval (seed 471 page 4). With the top one's fill
# hidden, what is left of the oval under it is its rim, whole and clean, and its text arc: the
# band just inside its rim 0.9 full, over the clean ring's limit 0.7 (a seal on its own averages
# that band over its plain bottom too). OverlapSettings.under_max_fill.
def test_oval_under_another_oval_whose_visible_part_is_its_text_arc() -> None:
    """Issue 10 item 4: both seals of a pair masked whole when the one under shows only its
    text side."""
    found, visible = _ink_left("pair", 471, 4)
    assert len(visible) == 2
    assert max(visible) <= WHOLE_VISIBLE, visible


# Round 26: two round seals 121 px in radius whose centres lie 80 px apart (seed 531 pair page
# 0). One outline round both (row 0.92, nothing outside it) outscored each seal (row 1.00, the
# other's ink outside it), so the two were masked as one, read as both arcs joined (博尔塔拉自治区
# 卫生健康委医院) and, as one seal naming another body, left visible under --seals unit with the
# unit's own seal in it. Both seals are candidates, so the hull gives way to them
# (OverlapSettings.hull_*): two seals, each read on its own, both masked under --seals unit.
def test_two_seals_overlapping_by_most_of_their_area_are_two_seals_not_their_hull() -> None:
    """Issue 10 item 4: two round seals overlapping by half their area are found as two seals,
    whole, and the unit's among them is masked under --seals unit."""
    found, visible = _ink_left("pair", 531, 0)
    assert len(found) == 2 and max(visible) <= WHOLE_VISIBLE, (len(found), visible)
    idt = Identity(name=IDT.name, unit=IDT.unit)  # page 0's identity, as bench.seals draws it
    assert any(seal_names_unit(f.text, idt) for f in found)
    assert seals_to_mask_for_unit(found, idt) == found


# Round 25's 521 pair_colours page 2: a red square on a phone photo, a blue round seal across
# its frame's corner. Found since 6ee9049 (a ring mostly over a chosen seal is kept when a
# quarter of its outline runs out past it: the square was found in the red pass and dropped as
# lying inside the blue seal), not by round 25's 03b2d7e, which was reverted; pinned here.
def test_red_square_under_a_blue_round_seal_is_masked_whole() -> None:
    """Issue 10 item 4: a seal partly under a seal of another colour is masked whole."""
    found, visible = _ink_left("pair_colours", 521, 2)
    assert len(visible) == 2
    assert max(visible) <= WHOLE_VISIBLE, visible


# Round 27: the main bench's 2351 012_pdf_stamp, the unit's seal twice on a PDF: an inked image
# and, a little apart, an opaque e-seal of it as a Stamp annotation (here corpus version 11's
# pdf_stamp drawn as tests/test_bench_corpus draws it, seed 17: centres 0.39 of the radius
# apart). Both were fitted whole at one radius, but centres within half a radius are one seal
# fitted twice (judge.same_seal), so the e-seal was dropped and a crescent of its rim showed past
# the first one's grown fill (covered 0.934). Each runs round a rim of its own, so they are two
# (OverlapSettings.twin_*).
def test_one_seal_stamped_twice_a_little_apart_is_masked_whole_twice(tmp_path: Path) -> None:
    """Issue 10 items 4 and 5: the unit's seal on a PDF and an opaque e-seal of it placed under
    half a radius from it: both found, both covered whole."""
    from samples import synth_round10

    seed = 17
    idt = synth.IDENTITIES[seed % len(synth.IDENTITIES)]
    path = tmp_path / "stamp.pdf"
    [truth] = synth_round10.write_round10_pdf(
        "pdf_stamp", idt, np.random.default_rng([seed, 10]), path
    )
    options = MaskOptions()
    [page] = iter_pages(open_source(path), path.name, options.dpi, options.max_pixels)
    found = find_seals(page)
    h, w = page.image.shape[:2]
    k = page.dpi / 72  # the truth's ellipses are in points
    seals = [it for it in truth["items"] if it["kind"] == "seal"]
    outlines = [np.asarray(f.outline, float) for f in found]
    cover = [
        coverage(
            truth_polygon(
                {"ellipse": [*(np.array(it["ellipse"][:4]) * k), it["ellipse"][4]]}, w, h
            ),
            outlines,
            w,
            h,
        )
        for it in seals
    ]
    assert len(seals) == 2 and len(found) == 2, [f.detail for f in found]
    assert min(cover) >= 0.99, cover


@pytest.mark.parametrize("condition, index", [("scan", 2)])
def test_seal_fill_covers_the_whole_rim(condition: str, index: int) -> None:
    """Item 5: on scans of over-inked stamps and on slanted phone photos (a round seal
    foreshortened into an oval) the fill takes in the whole rim."""
    found, visible = _ink_left(condition, 7, index)
    assert visible and max(visible) <= WHOLE_VISIBLE, visible


def test_fill_grows_over_rim_ink_outside_the_fitted_outline() -> None:
    """Item 5: when the fitted outline sits inside the rim (the rim's outer edge at 1.15 of it),
    the fill grows out to the rim's edge; red ink that runs on away from the seal (a rule
    touching it) does not grow it."""
    mask = np.zeros((400, 400), np.float32)
    cv2.circle(mask, (200, 200), 109, 1.0, 12)  # rim from 103 to 115 px
    cv2.line(mask, (300, 200), (399, 200), 1.0, 3)  # a rule running on from the rim
    extent = ink_extent(mask, Shape(200.0, 200.0, 100.0, 100.0, 0.0))
    assert 1.14 <= extent <= 1.18


# Round 21: a small round grey seal with its star and a whole rim in white space (seed 451
# grey_lowres page 3). The faint level shows its rim a pixel thicker than the lighter level:
# snapped there, the outline lay on the rim's middle, its ink just outside (edge 0.44), and
# FaintRimTest refused it; on the outline grown to the rim's outer edge it passes
# (FaintRimTest.grow_px).
def test_small_grey_seal_whose_faint_rim_is_thick_is_found() -> None:
    """Item 6: a small grey seal on a low-resolution copy whose rim is whole only at the faint
    level, a pixel thicker there: found and masked whole."""
    found, visible = _ink_left("grey_lowres", 451, 3)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE
    assert max(visible) <= WHOLE_VISIBLE, visible


# A seal under a translucent highlighter (bench.verify seed 113's leak: a green box over the
# issuing body's red seal, passed by verify as a page without a seal). Under green a red seal's
# ink reads brown-orange, under pink the paper round it is of red hue itself, and under yellow a
# blue seal turns green: neither seal search found 11 of seed 5's 12 highlighter pages. The
# tint is taken off first (seals.tint, TintSettings). Pinned: a dark pink dye box over a red
# oval across print (2), a yellow box over a blue oval, photographed (6), a green box over a
# blue oval, photographed (7), a pink stroke across a red seal over a table (9), a yellow stroke
# across a red oval (11).
@pytest.mark.slow
@pytest.mark.parametrize("index", every_nth_by_default(2, [2, 6, 7, 9, 11]))
def test_a_seal_under_a_translucent_highlighter_is_masked_whole(index: int) -> None:
    """A red or blue seal under a yellow, green or pink highlighter (a box over it or a stroke
    across it, blended or multiplied): found and masked whole."""
    found, visible = _ink_left("highlighter", 5, index)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Round 27: seed 581 highlighter page 0, a yellow stroke 5-6 mm wide across a blue oval's lower
# half, photographed. The tint was looked for over windows of about 12 mm, whose brightest saw
# the white paper beside so narrow a stroke: nothing was lifted, the oval's rim under the
# stroke (turned dark green) fell out of the blue mask and the rim ran round half the oval
# (row 0.53). Windows of about 6 mm (TintSettings.scale) see it.
def test_a_seal_under_a_highlighter_stroke_narrower_than_its_radius_is_masked_whole() -> None:
    """A blue oval under a narrow yellow highlighter stroke, photographed: found, masked whole."""
    found, visible = _ink_left("highlighter", 581, 0)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Round 28: seed 601 highlighter page 4, a blue square under a yellow box blended at about 0.6,
# photographed. The blend scaled the seal's darkening by 1 - a: lifted with the tint, its ink
# kept chroma 0.08-0.12, below the strict mask's 0.13, so the square was never proposed. The
# darkening is also scaled back for the least opacity the tint can have
# (TintSettings.opacity).
def test_a_seal_under_an_opaque_highlighter_box_is_masked_whole() -> None:
    """A blue square under a yellow box blended at about 0.6, photographed: found, whole."""
    found, visible = _ink_left("highlighter", 601, 4)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Seed 471 page 5 (round 22): a yellow stroke across a large red seal's arc text over print.
# Lifted with the tint, the text fell below every colour mask (inside 0.008 against the ring
# test's 0.012); the rim stayed whole and clean, its star at its centre
# (detector._starred_clean_rim).
def test_a_round_seal_whose_text_the_highlighter_took_is_found_by_rim_and_star() -> None:
    found, visible = _ink_left("highlighter", 471, 5)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


def test_a_red_ring_with_nothing_at_its_centre_is_no_starred_rim() -> None:
    """Precision of the rim-and-star test: a clean red ring (a title's 〇) with nothing inside,
    or with a word across it (a glyph at its centre, others beside it), is no starred rim; with
    a star alone at its centre it is."""
    from redactor.detect.seals.detector import _starred_clean_rim

    sh = Shape(150.0, 150.0, 60.0, 60.0, 0.0)

    def judged(m: np.ndarray) -> bool:
        c = Candidate(sh, ring_evidence(m, sh), SEAL_COLOUR, "red")
        return _starred_clean_rim(c, m)

    m = np.zeros((300, 300), np.float32)
    cv2.circle(m, (150, 150), 57, 1.0, 5)
    assert not judged(m)
    word = m.copy()
    for x in (118, 134, 150, 166, 182):  # a word across it, a glyph at its centre
        cv2.rectangle(word, (x - 6, 143), (x + 6, 157), 1.0, 2)
    assert not judged(word)
    star = m.copy()
    cv2.fillPoly(
        star,
        [
            np.int32(
                [
                    [150, 132],
                    [156, 146],
                    [168, 146],
                    [158, 154],
                    [162, 168],
                    [150, 160],
                    [138, 168],
                    [142, 154],
                    [132, 146],
                    [144, 146],
                ]
            )
        ],
        1.0,
    )
    assert judged(star)


@pytest.mark.parametrize("index", every_nth_by_default(2, [0, 3, 5, 8]))
def test_highlighter_strokes_over_print_are_no_seal(index: int) -> None:
    """Precision: yellow, green and pink strokes over lines of print, no seal: none found."""
    page = bench_page("highlighted_print", 5, index)
    assert find_seals(Page("t", 1, page.image, float(page.dpi))) == []


def test_a_page_without_a_tint_is_left_as_it_is() -> None:
    """The tint is taken off only where there is one: every other page reaches the ink masks
    unchanged (the same array)."""
    from redactor.detect.seals.tint import lift_tints

    for deg in ((), ("phone",), ("tilt", "photocopy")):
        page = _page([("round", (0.5, 0.6))], 3, deg)
        small = np.ascontiguousarray(page.image[::2, ::2])
        assert lift_tints(small) is small


# Round 27: seed 581 grey_lowres pages 2 and 3, small grey ovals (13 x 20 and 15 x 22 px) at
# 80-100 dpi, one in white space with its text faint, one over a table's print. The ring filter
# proposed each and the fit lay on the rim (row and coverage 1.00), but a ring-filter outline
# that the ring tests accepted was kept only as a clean frame: the lone-rim test was asked only
# of outlines they refused. It is now asked of oval ones too when the rim is whole with text
# inside (detector._oval_seal_inside), which the 由 of 聘 (vertical_text page 7: its rim joined
# to the rest of the glyph, row 0.93, nothing inside apart) is not, nor a round ring drawn
# round a word (test_ring_drawn_round_a_word_on_a_grey_copy_is_no_seal).
# Round 27: seed 581 vertical_text page 3, the 固 of a column 目固田中心图书 on a page without
# colour. The grey lone-rim test took a box fitted inside the glyph's frame (9.5 px wide, the
# frame 13 px out); ColumnGlyphTest measured what lies beside it from that box, and so saw the
# glyph's own frame there (0.12). Its windows are now measured from the glyph's ink extent
# (judge._ink_box). The same took the 〇 of a date on a photocopy (vertical_text_grey page 5:
# an oval fitted a little inside the glyph's stroke).
@pytest.mark.parametrize("condition, index", [("vertical_text", 3), ("vertical_text_grey", 5)])
def test_a_glyph_whose_outline_was_fitted_inside_its_strokes_is_no_seal(
    condition: str, index: int
) -> None:
    """Precision: a box-shaped or round glyph of a vertical column, its outline fitted inside
    its strokes, is no seal."""
    page = bench_page(condition, 581, index)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    assert found == [], [f.detail for f in found]


@pytest.mark.parametrize("index", [2, 3])
def test_small_grey_oval_the_ring_tests_accept_is_judged_as_a_lone_rim(index: int) -> None:
    """Issue 10 item 6: a small grey oval on a low-resolution copy: found, masked whole."""
    found, visible = _ink_left("grey_lowres", 581, index)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


def test_part_of_a_glyph_in_vertical_text_is_no_lone_rim() -> None:
    """Precision of the above: the 由 of a large 聘 in a vertical title (seed 581 vertical_text
    page 7) is no seal."""
    page = bench_page("vertical_text", 581, 7)
    assert find_seals(Page("t", 1, page.image, float(page.dpi))) == []


@pytest.mark.parametrize("index", every_nth_by_default(3, [0, 3, 4, 5, 7]))
def test_small_grey_seal_on_a_low_resolution_copy(index: int) -> None:
    """Item 6: a 10-15 mm seal photocopied and scanned at 80-100 dpi is found by structure."""
    found, visible = _ink_left("grey_lowres", 7, index)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE
    assert max(visible) <= WHOLE_VISIBLE, visible


# Seeds 11 and 23 (the previous round's figures): a one-pixel rim the ink level sees only two
# thirds of, with only its star left inside (23/3); a rim crossed by table rules, its text faint
# specks (11/3); a square frame over print, seen whole on its thick strokes alone (23/0).
@pytest.mark.parametrize("seed, index", every_nth_by_default(3, [(11, 3), (23, 0), (23, 3)]))
def test_small_grey_seal_with_a_faint_rim_or_over_print(seed: int, index: int) -> None:
    """Item 6: the small grey seals of seeds 11 and 23 that were left unmasked."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


@pytest.mark.slow
@pytest.mark.parametrize("index", every_nth_by_default(2, [0, 2, 5, 6]))
def test_faint_oval_seal_over_dot_matrix_print(index: int) -> None:
    """Item 6: a faint oval seller's seal over dot-matrix print on a photographed invoice."""
    found, visible = _ink_left("dotmatrix", 7, index)
    assert len(found) == 1
    assert max(visible) <= WHOLE_VISIBLE, visible


# Seed 11 page 4: the rim breaks into short arcs in the strict mask (no proposal there) and
# runs all round in the lenient one; the arc text shows only in the faintest mask.
@pytest.mark.parametrize("seed, index", [(11, 4)])
def test_faint_oval_seal_whose_rim_only_the_lenient_mask_holds(seed: int, index: int) -> None:
    """Issue 10 item 6: a faint seller's seal over dot-matrix print, its rim broken up at the
    strict colour level."""
    found, visible = _ink_left("dotmatrix", seed, index)
    assert len(found) == 1
    assert max(visible) <= WHOLE_VISIBLE, visible


# Fifth round (tuning seeds 7, 23, 41, 51): faint sellers' seals whose rim is clean but crossed by
# the invoice's red-brown printed rules (the ink just outside it 0.035-0.08 at the lenient level,
# above FaintStampTest.max_outside: 23/1, 41/6, 41/7), and one whose arc text in the faintest
# mask has a glyph lost between two runs (41/1: 3 + 2 sectors).
@pytest.mark.slow
@pytest.mark.parametrize(
    "seed, index", every_nth_by_default(2, [(23, 1), (41, 6), (41, 7), (41, 1)])
)
def test_faint_seal_crossed_by_an_invoices_rules(seed: int, index: int) -> None:
    """Issue 10 item 6: a faint oval seller's seal on a photographed VAT invoice, the form's
    rules (printed in the seal's hue) running through it."""
    found, visible = _ink_left("dotmatrix", seed, index)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Eleventh round: a clean oval seller's seal whose arc text (自治区水利厅) runs three twelfths of
# the turn, its serial number or 财务专用章 across from it three more (seed 191 page 7, faint
# over dot-matrix print; seed 151 page 2, crisp): text on two stretches (FaintStampTest.split_run).
@pytest.mark.slow
@pytest.mark.parametrize("seed, index", every_nth_by_default(2, [(191, 7), (151, 2)]))
def test_oval_seal_with_a_short_arc_text_over_dot_matrix_print(seed: int, index: int) -> None:
    """Issue 10 item 6: an oval seal whose arc text is short is found on an invoice, whole."""
    found, visible = _ink_left("dotmatrix", seed, index)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Seventeenth round: faint oval sellers' seals that missed FaintStampTest by a little (judge.
# faint_oval_stamp): a rim just short of whole in the lenient mask and whole in the faintest one
# (seed 371 page 3: coverage 0.896), a halo just over max_outside in the lenient mask and a clean
# rim in the strict one (341/1: 0.035), text blurred below the faintest mask and running round
# only at InkSettings.chroma_trace (361/4).
@pytest.mark.slow
@pytest.mark.parametrize("seed, index", every_nth_by_default(2, [(371, 3), (341, 1), (361, 4)]))
def test_faint_oval_seal_missing_the_faint_stamp_limits_by_a_little(seed: int, index: int) -> None:
    """Issue 10 item 6: a faint oval seller's seal on a photographed invoice, its rim or text
    seen at another of the colour levels, is found whole."""
    found, visible = _ink_left("dotmatrix", seed, index)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


def test_faint_oval_stamp_wants_an_oval_and_text_inside() -> None:
    """``faint_oval_stamp`` on drawn masks: a clean faint oval rim with text running round at
    the trace level passes; the same rim empty, with the page's trace-level tint as dense
    outside it as inside, or round (a red title's 〇) does not."""
    from redactor.detect.seals.judge import faint_oval_stamp

    def page(rx: int, ry: int, text: bool, tint: bool) -> tuple[np.ndarray, np.ndarray, Shape]:
        rim = np.zeros((300, 300), np.float32)
        cv2.ellipse(rim, (150, 150), (rx - 2, ry - 2), 0, 0, 360, 1.0, 3)
        trace = rim.copy()
        if text:  # glyph-sized blocks running round inside the rim
            for a in range(0, 360, 20):
                t = np.radians(a)
                x, y = 150 + 0.75 * rx * np.cos(t), 150 + 0.75 * ry * np.sin(t)
                cv2.rectangle(trace, (int(x) - 4, int(y) - 4), (int(x) + 4, int(y) + 4), 1.0, -1)
        if tint:  # the photo's colour cast over the paper at the trace level
            trace[::2, :] = 1.0
        return rim, trace, Shape(150.0, 150.0, float(rx), float(ry), 0.0)

    def passes(rx: int, ry: int, text: bool, tint: bool = False) -> bool:
        rim, trace, sh = page(rx, ry, text, tint)
        c = Candidate(sh, ring_evidence(rim, sh), SEAL_COLOUR, "red")
        return faint_oval_stamp(c, (rim,), rim, trace, None)

    assert passes(90, 66, text=True)
    assert not passes(90, 66, text=False)
    assert not passes(90, 66, text=True, tint=True)
    assert not passes(78, 78, text=True)


def test_rules_crossing_a_ring_are_not_ink_beside_it() -> None:
    """``beside_rules``: straight rules through a clean ring leave its ink outside at nothing;
    a loop of ink round it still counts."""
    mask = np.zeros((300, 300), np.uint8)
    cv2.ellipse(mask, (150, 150), (80, 60), 0, 0, 360, 1, 3)
    for y in (110, 190):
        cv2.line(mask, (0, y), (299, y), 1, 2)
    sh = Shape(150.0, 150.0, 81.0, 61.0, 0.0)
    ring = ring_evidence(mask.astype(np.float32), sh)
    c = Candidate(sh, ring, SEAL_COLOUR, "red")
    unruled = remove_lines(mask, rule_length(300, 300)).astype(np.float32)
    assert ring.outside > 0.03
    assert beside_rules(c, unruled).outside <= 0.01
    cv2.ellipse(mask, (150, 150), (92, 70), 0, 0, 360, 1, 3)  # a second ring just outside
    ring = ring_evidence(mask.astype(np.float32), sh)
    unruled = remove_lines(mask, rule_length(300, 300)).astype(np.float32)
    assert beside_rules(Candidate(sh, ring, SEAL_COLOUR, "red"), unruled).outside > 0.03


# Seed 7 scan page 4: an over-inked square seal whose text ran together into columns as long as
# a table's rule crossing the frame (bands 8-10 px wide at the working scale): judge.is_frame
# took them for a grid and refused the frame. Seed 451 scan page 6 (round 22): a bleeding square
# turned 28 degrees whose column of glyphs runs unbroken only where they join, 2.3 px wide, in
# ink a glyph wide (FrameTest: the band's width is also the ink's through its middle).
@pytest.mark.parametrize("seed, index", [(7, 4), (451, 6)])
def test_over_inked_square_seal_whose_text_runs_together(seed: int, index: int) -> None:
    """Issue 10: an over-inked, scanned square seal is a frame with text, not a table cell."""
    found, visible = _ink_left("scan", seed, index)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# A clean colour rim refused by limits meant for loops and discs: an oval on a slanted phone
# photo foreshortened to 1.79 (seed 7 perspective page 6; OutlineSettings.max_elongation 1.65)
# and an over-inked round rim bleeding inwards (seed 41 scan page 0: fill 0.63 over 0.55).
@pytest.mark.parametrize("condition, seed, index", [("perspective", 7, 6), ("scan", 41, 0)])
def test_clean_rim_foreshortened_or_over_inked(condition: str, seed: int, index: int) -> None:
    """Issue 10 item 5: a seal whose rim runs whole and ends cleanly is found however long
    perspective makes it, or however thick too much ink makes its rim."""
    found, visible = _ink_left(condition, seed, index)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


def test_a_rule_through_a_square_frame_is_still_a_grid() -> None:
    """``is_frame``: a thin rule across a square frame (a table), or a thick one running on past
    it (a letterhead's rule), is no seal's frame; a thick band of text that stops at the frame
    is."""
    sh = Shape(150.0, 150.0, 60.0, 60.0, 0.0, "box")

    def frame() -> np.ndarray:
        m = np.zeros((300, 300), np.float32)
        cv2.rectangle(m, (91, 91), (209, 209), 1.0, 4)
        for x in (115, 135, 165, 185):  # a little text: separate marks inside
            cv2.circle(m, (x, 120), 4, 1.0, -1)
        return m

    m = frame()
    assert is_frame(m, sh)
    cv2.line(m, (93, 150), (207, 150), 1.0, 2)  # a thin rule from side to side
    assert not is_frame(m, sh)
    for x in (125, 175):  # ...with print touching it in places: still thin along most of it
        cv2.circle(m, (x, 150), 7, 1.0, -1)
    assert not is_frame(m, sh)
    m = frame()
    cv2.line(m, (0, 150), (299, 150), 1.0, 8)  # a thick rule running on past the frame
    assert not is_frame(m, sh)
    m = frame()
    cv2.rectangle(m, (100, 140), (200, 152), 1.0, -1)  # a band of merged glyphs inside it
    assert is_frame(m, sh)


# Seed 41 page 3: a 14 mm round seal at 80-100 dpi whose rim touches a glyph at the ink level
# (no round component there); at the lighter level it stands apart and runs all round.
@pytest.mark.slow
@pytest.mark.parametrize("seed, index", [(41, 3)])
def test_small_grey_seal_touching_print(seed: int, index: int) -> None:
    """Issue 10 item 6: a small grey seal on a low-resolution copy, its rim merged with print."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Fourth round (tuning seeds 7, 23, 41): small square seals over print on 80-100 dpi copies,
# left unmasked before. 7/6 and 41/6: the frame, whole at the lighter level, ends poorly and has
# print just outside it at every level, but its one distance stands out from the print at all the
# others (LoneRimTest). Corpus version 5 (distractor names one character longer only for
# two-character names) moved the print by a character on 7/6: the frame's corners now lie under
# 作 and by 圆 and 和, and two sides' lines run on through that print to 2.2 of the half side,
# which the frame test takes for rules. LoneRimTest.frame_reach 2.5 finds it; the outer square
# of a red title's 回 that passed at 2.5 (distractor_grey 51/7) has a second frame whole inside
# it (InnerFrameTest, test_ring_drawn_round_a_word_on_a_grey_copy_is_no_seal).
@pytest.mark.parametrize("seed, index", every_nth_by_default(2, [(41, 6), (7, 6)]))
def test_small_grey_square_seal_over_print(seed: int, index: int) -> None:
    """Issue 10 item 6: a 10-15 mm square seal over print on a low-resolution grey copy."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Sixth round (tuning seeds 7, 23, 41, 51): square seals on phone photos taken at a slant. The
# square is a parallelogram that no rotated rectangle follows (perspective 23/4, 23/5: sides
# leaning 12-20 degrees; BoxFitSettings); foreshortened to 1.7 x 1 (51/7, over the 1.65 a box
# was allowed; CleanRingTest.max_box_elongation); over-inked, its text filling 0.6 of the frame
# and running together into rule-thin lines at the lenient level (51/9; CleanRingTest.max_inner,
# the clean frame judged on the strict mask).
@pytest.mark.parametrize(
    "seed, index", every_nth_by_default(2, [(23, 4), (23, 5), (51, 7), (51, 9)])
)
def test_square_seal_photographed_at_a_slant(seed: int, index: int) -> None:
    """Issue 10: a square seal on a slanted phone photo is masked whole."""
    found, visible = _ink_left("perspective", seed, index)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


def test_box_fit_follows_a_parallelogram_frame() -> None:
    """``refine_box(free=True)``: from an upright box over a frame leaning 15 degrees and turned
    10, the fit turns and leans onto the frame (its outline within a pixel or two of the frame's
    corners); the fixed-angle fit cannot."""
    ink = np.zeros((200, 200), np.uint8)
    true = Shape(100.0, 100.0, 40.0, 40.0, 10.0, "box", skew=15.0)
    corners = np.round(true.polygon()).astype(np.int32)
    cv2.polylines(ink, [corners], True, 1, 3)
    cv2.putText(ink, "AB", (80, 110), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 1, 2)  # its text
    mask = ink.astype(np.float32)
    start = Shape(100.0, 100.0, 38.0, 38.0, 0.0, "box")
    free = refine_box(mask, start, free=True)
    fixed = refine_box(mask, start)
    assert free is not None and fixed is not None

    def worst(sh: Shape) -> float:
        # the frame's outer edge is 1.5 px out from the drawn corners
        pts = sh.polygon()
        return max(float(np.min(np.hypot(*(pts - c).T))) for c in corners)

    assert worst(free) <= 4.0, free
    assert worst(fixed) > 8.0, fixed
    assert abs(free.skew - 15.0) <= 3.0 and abs(free.ang - 10.0) <= 3.0, free


# Seed 7 grey_lowres page 8: a faint 11 mm square frame whose box came from a round proposal's fit;
# at the ink level it covers 0.92, at the lighter level it is whole (LightRimTest), which only the
# boxes of square proposals were judged at before.
@pytest.mark.parametrize("seed, index", [(7, 8)])
def test_faint_small_square_seal_fitted_from_a_round_proposal(seed: int, index: int) -> None:
    """Issue 10 item 6: a faint small square seal on a low-resolution grey copy."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Seed 7 page 1 and seed 51 page 6: a 10-12 mm oval seal on an 80-100 dpi copy, a line of print
# across it. The ring test passes, but at the ink level the print merges into two marks inside
# it; the seal's own text shows at the faint level (4-5 marks).
@pytest.mark.parametrize("seed, index", every_nth_by_default(2, [(7, 1), (51, 6)]))
def test_small_grey_seal_with_print_across_it(seed: int, index: int) -> None:
    """Issue 10 item 6: a small grey seal whose inside print crosses is found."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Seeds 7 page 2, 23 page 8, 41 page 2, 51 pages 1 and 2: a 10-15 mm round or oval seal on an
# 80-100 dpi copy, its one-pixel rim crossed by lines of print (and by table rules on 51/1).
# Proposals lie on the rim (7/2: 0.5 px off it), but every edge-point fit follows the print off
# it; fit.snap_rim moves the outline onto the one radius where the rim runs round at the lighter
# level, and the lone-rim test (LoneRimTest) takes round and oval rims too.
@pytest.mark.parametrize(
    "seed, index", every_nth_by_default(3, [(7, 2), (23, 8), (41, 2), (51, 1), (51, 2)])
)
def test_small_grey_rim_that_print_crosses(seed: int, index: int) -> None:
    """Issue 10 item 6: a small grey seal whose rim print crosses is found, and masked whole."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Eighth round (tuning seeds 7, 23, 41, 51, 131, 141): small grey seals whose thin-rim proposals
# rank past the budget of the biggest 60 among print's (seed 23 page 2: 113-154 of 225, a clear
# oval in white space; seed 51 page 5: 80 of 214; seed 131 page 2, an oval, and page 5, a square).
@pytest.mark.parametrize(
    "seed, index", every_nth_by_default(2, [(23, 2), (51, 5), (131, 2), (131, 5)])
)
def test_small_grey_seal_ranked_past_the_proposal_budget(seed: int, index: int) -> None:
    """Issue 10 item 6: a small grey seal on a copy full of print is fitted from the second,
    ring-ranked budget (GreySearchSettings.ring_budget, RingRankSettings), and masked whole."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Eighth round: small square seals on grey copies whose box came at the angle of the print
# touching the frame (seed 7 page 9: 6 degrees off; seed 131 page 1).
@pytest.mark.parametrize("seed, index", every_nth_by_default(2, [(7, 9), (131, 1)]))
def test_small_grey_square_seal_off_its_proposals_angle(seed: int, index: int) -> None:
    """Issue 10 item 6: the box turned to its frame's sides (no lean on grey copies) is found."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].detail["shape"] == "box", [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Seventeenth round: a small square seal that lost its text, the top side of its frame under a
# line of print (seed 371 page 4): three sides clean, the fourth spoiled by the print
# (EmptyFrameTest).
def test_small_grey_square_that_lost_its_text_under_a_line_of_print() -> None:
    """Issue 10 item 6: an empty small square frame with one side along a line of print on a
    low-resolution grey copy is found whole."""
    found, visible = _ink_left("grey_lowres", 371, 4)
    assert len(found) == 1 and found[0].detail["shape"] == "box", [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


def test_first_glyph_of_a_title_on_a_grey_copy_is_no_seal() -> None:
    """grey_lowres seed 381 page 3 (tuned on in round 19): the 自 that starts a title line
    (自治...), blank paper to its left, its neighbour to the right, nothing above or below, passed
    the lone-rim test as a small oval seal; the title-glyph test asked for print on both sides
    (TitleGlyphTest.end_*). The page's seal is still masked whole, and nothing else is."""
    found, visible = _ink_left("grey_lowres", 381, 3)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])
    assert len(found) == 1, [f.detail for f in found]


def test_empty_frame_on_print_wants_three_clean_sides_and_no_rules() -> None:
    """``empty_frame_on_print`` on drawn masks: an empty square frame with a line of print
    (glyph-sized blocks with gaps) along one side passes; with print along two sides, or with
    a table's rules running on past its corners (an empty cell), it does not."""
    from redactor.detect.seals.judge import empty_frame_on_print

    def frame(print_rows: tuple[int, ...], rules: tuple[int, ...] = ()) -> np.ndarray:
        m = np.zeros((200, 200), np.float32)
        cv2.rectangle(m, (79, 79), (121, 121), 1.0, 2)
        for y in print_rows:  # a line of print whose glyphs touch the frame's side
            for x in range(10, 190, 10):
                cv2.rectangle(m, (x, y - 8), (x + 6, y), 1.0, -1)
        for y in rules:  # a table's rules along the sides, running on past the corners
            cv2.line(m, (0, y), (199, y), 1.0, 2)
        return m

    sh = Shape(100.0, 100.0, 22.5, 22.5, 0.0, "box")  # the frame's outer edge
    one = frame((79,))
    assert empty_frame_on_print(one, one, sh)
    two = frame((79, 129))
    assert not empty_frame_on_print(two, two, sh)
    cell = frame((), rules=(80, 121))
    assert not empty_frame_on_print(cell, cell, sh)


# Eighth round: faint sellers' seals whose rim is whole and clean once the invoice's rules are
# taken out and whose text runs round in the faintest mask, with 0.07-0.1 ink inside at the
# lenient level (dot-matrix print and the stamp's stronger glyphs), over FaintStampTest.max_inner's
# old 0.06 (seed 51 page 6: 0.071; seed 141 pages 1 and 4: 0.085 and 0.098).
@pytest.mark.parametrize("seed, index", every_nth_by_default(2, [(51, 6), (141, 1), (141, 4)]))
def test_faint_seal_with_dot_matrix_print_inside_its_rim(seed: int, index: int) -> None:
    """Issue 10 item 6: a faint oval seller's seal over an invoice's dot-matrix fields."""
    found, visible = _ink_left("dotmatrix", seed, index)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Ninth round (tuning seeds 151, 161, whose misses the eighth round's changes did not reach): a
# 10-15 mm oval over a line of print that no list proposes (the rim merges with the print into
# one component, and the Hough's nearest circle ranks 422nd): the ring filter's peaks
# (RingFilterSettings), snapped onto the rim and judged by the lone-rim test.
@pytest.mark.parametrize("seed, index", every_nth_by_default(2, [(151, 3), (151, 7)]))
def test_small_grey_oval_over_print_that_no_list_proposes(seed: int, index: int) -> None:
    """Issue 10 item 6: a small grey oval seal across lines of print is found, and masked whole."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Ninth round: a small square turned 33 degrees across two lines of print (seed 161 page 7): its
# boxes come off the circles round it, stretched onto a glyph or at the print's angle; snapped
# (fit.snap_rim on a box) the box turns onto the frame, and at the lighter level glyph strokes
# by its corners no longer count as rules running on (LoneRimTest.frame_reach).
@pytest.mark.parametrize("seed, index", [(161, 7)])
def test_small_grey_square_across_print_snapped_onto_its_frame(seed: int, index: int) -> None:
    """Issue 10 item 6: a small grey square seal turned across print is found, masked whole."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].detail["shape"] == "box", [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Ninth round: a small square seal in white space whose text the 95 dpi copy lost (seed 161 page
# 6: 0.006 ink inside at the faint level): its clean frame alone (CleanGreyFrameTest). Eleventh
# round: the same, turned 12 degrees with lines of print touching its corners (seed 201 page 6:
# 0.07 ink just outside it, an empty frame: CleanGreyFrameTest.crowded_max_outside).
@pytest.mark.parametrize("seed, index", every_nth_by_default(2, [(161, 6), (201, 6)]))
def test_small_grey_square_whose_text_the_copy_lost(seed: int, index: int) -> None:
    """Issue 10 item 6: a clean grey square frame with nothing left inside is a seal."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].detail["shape"] == "box", [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Tenth round: a small square seal in white space, turned 10 degrees, whose frame the copy left
# faint along one side (seed 171 page 0): whole at the lighter level only, where the fit was
# judged, while its frame test asked the ink level, which misses a quarter of that side.
@pytest.mark.parametrize("seed, index", [(171, 0)])
def test_small_grey_square_whose_frame_is_whole_at_the_lighter_level_only(
    seed: int, index: int
) -> None:
    """Issue 10 item 6: a clean grey frame faint along one side is a seal."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].detail["shape"] == "box", [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Tenth round: small round seals with their star, over print (seed 171 page 4: a line of print
# across the rim merges it into the print's component, so only the ring filter proposes it; seed
# 181 page 7: a faint rim whole only at the faint level). The star is what a red 〇 drawn round
# a word lacks: a solid mark at the centre that outlasts the opening which removes print. Seed
# 161 page 0: a star stamped over a glyph of print, merged with it off the centre (found on
# 36b7681; a first version of the star test dropped it).
@pytest.mark.parametrize("seed, index", every_nth_by_default(3, [(171, 4), (181, 7), (161, 0)]))
def test_small_grey_round_seal_with_its_star_over_print(seed: int, index: int) -> None:
    """Issue 10 item 6: a small round seal over print whose star shows is a seal."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Twelfth round (tuning seeds 211, 221): a small oval stamped turned 35 degrees across a line of
# print (seed 211 page 6) that no list proposed: the ring filter tried ovals across and along the
# page only (RingFilterSettings.oval_angles); and a small oval in white space whose rim the copy
# left whole only at the faint level (seed 221 page 5: coverage 0.86 at the lighter level), which
# no list proposed either: the ring filter run on the faint level, its peaks snapped there and
# judged by FaintRimTest. Seed 211 page 7: a round seal over print, whole at the faint level only,
# whose star merges with a glyph 0.2 of the radius off its centre (judge.faint_star_rim).
@pytest.mark.parametrize("seed, index", every_nth_by_default(3, [(211, 6), (221, 5), (211, 7)]))
def test_small_grey_seal_turned_or_whole_only_at_the_faint_level(seed: int, index: int) -> None:
    """Issue 10 item 6: a small grey seal turned across print, or so faint that only the faint
    level holds its rim whole, is found and masked whole."""
    found, visible = _ink_left("grey_lowres", seed, index)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Thirteenth round (tuning seeds 161, 171, 231, 241): a square seal on a phone photo
# foreshortened into a parallelogram leaning 28.5 degrees (seed 161 perspective page 2): past
# BoxFitSettings.max_skew 25, and 2.2 long as a rectangle, so no list proposed a box for it (the
# union's minimum-area rectangle gives two end squares, its round fit's edge no rectangle). Its
# box comes from the four corners of its round fit's edge (fit.box_from_corners).
def test_square_seal_foreshortened_into_a_long_parallelogram() -> None:
    """Issue 10: a square seal photographed at a steep slant is masked whole."""
    found, visible = _ink_left("perspective", 161, 2)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


def _red_parallelogram_page(skew: float) -> tuple[np.ndarray, Shape]:
    """A page with black print and a red square seal's frame foreshortened to 1.5 x 1 and
    leaning ``skew`` degrees, red marks inside: the picture of a square seal on a phone photo."""
    img = np.full((900, 700, 3), 250, np.uint8)
    for y in (300, 640):
        cv2.putText(
            img, "Lorem ipsum dolor sit", (60, y), cv2.FONT_HERSHEY_SIMPLEX, 1, (30,) * 3, 2
        )
    sh = Shape(350.0, 470.0, 44.0, 66.0, -100.0, "box", skew=skew)
    red = (200, 40, 40)
    cv2.polylines(img, [np.round(sh.polygon()).astype(np.int32)], True, red, 5)
    _, _, vx, vy = sh.axes()
    for j, word in enumerate(("ZX", "QW", "KM")):
        along = (j - 1) * 0.5 * sh.ry
        xy = (int(sh.cx + along * vx - 18), int(sh.cy + along * vy + 8))
        cv2.putText(img, word, xy, cv2.FONT_HERSHEY_SIMPLEX, 0.8, red, 2)
    return img, sh


@pytest.mark.parametrize("skew", [0.0, 28.0, 32.0])
def test_square_seal_drawn_as_a_long_leaning_parallelogram(skew: float) -> None:
    """A red frame 1.5 x 1, upright or leaning 28 and 32 degrees (a square seal on a photo taken
    at a steep slant), is found and its fill covers it; before, none of the three was."""
    img, sh = _red_parallelogram_page(skew)
    found = find_seals(Page("t", 1, img, 150.0))
    assert len(found) == 1, [f.detail for f in found]
    outline = np.asarray(found[0].outline, float)
    assert coverage(sh.polygon(), [outline], 700, 900) >= 0.99, found[0].detail


# Thirteenth round: a small oval in white space whose rim two stretches leave fainter than the
# faint level (seed 241 grey_lowres page 2: 0.92 of it there, row 0.90); snapped and judged at
# FaintRimTest.dark it is whole (0.98) and passes FaintRimTest's limits unchanged.
def test_small_grey_oval_whole_only_below_the_faint_level() -> None:
    """Issue 10 item 6: a small grey oval fainter than the faint level is masked whole."""
    found, visible = _ink_left("grey_lowres", 241, 2)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Sixteenth round: a small round seal whose text the copy lost, its rim whole only below the faint
# level and touched by a glyph of print (seed 251 grey_lowres page 3: at FaintRimTest.dark
# coverage 1.0, edge 0.82, outside 0.07 by the glyph 娜; at the lighter level 0.72), its star seen
# at the lighter level only (FaintRimTest.star_*).
def test_small_grey_round_seal_without_text_whole_only_below_the_faint_level() -> None:
    """Issue 10 item 6: a faint small round seal with its star and no text left is masked whole."""
    found, visible = _ink_left("grey_lowres", 251, 3)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Fourteenth round: a faint oval 1.46 long turned 23 degrees off the page's axis across two lines
# of print (seed 171 grey_lowres page 3). The ring filter's upright ovals peak 5-8 px off its
# centre and the snap from there settles along the print; the ovals turned between the filter's
# angles have a best response of their own (RingFilterSettings.between_angles), whose peak at
# 157.5 degrees snaps onto its rim. In one map with the others (the thirteenth round) such an
# oval took the peak of a square turned 33 degrees (161/7, pinned above).
def test_small_grey_oval_turned_between_the_filter_angles() -> None:
    """Issue 10 item 6: a small faint oval turned 23 degrees over print is masked whole."""
    found, visible = _ink_left("grey_lowres", 171, 3)
    assert len(found) == 1 and found[0].source == SEAL_STRUCTURE, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# Twelfth round: an oval seal stamped turned by 35 degrees (seed 211 grey_lowres page 6) is no
# upright oval: the ring filter's ovals are tried on the diagonals too (RingFilterSettings).
@pytest.mark.parametrize("angle", [0, 35, 125])
def test_ring_filter_ranks_a_thin_rim_over_print_first(angle: int) -> None:
    """The ring filter (propose.ring_filter_proposals) puts a thin oval rim drawn across rows of
    print-like glyphs (the lighter level of a copy: a rim 2 px wide) first, on its centre and
    size, at any tilt, while the glyphs alone give no peak that the rim snap would start from."""
    rng = np.random.default_rng(5)
    light = np.zeros((300, 400), np.float32)
    for y in range(20, 280, 18):  # lines of text: glyphs of three strokes, 10 px in 12
        for x in range(10, 380, 12):
            for _ in range(3):
                x0, y0 = x + int(rng.integers(0, 10)), y + int(rng.integers(0, 10))
                end = (x + 9, y0) if rng.random() < 0.5 else (x0, y + 9)
                cv2.line(light, (x, y0) if end[1] == y0 else (x0, y), end, 1.0, 1)
    assert ring_filter_proposals(light.copy(), 12.0, 30.0) == []
    cv2.ellipse(light, (203, 151), (22, 16), angle, 0, 360, 1.0, 2)
    found = ring_filter_proposals(light, 12.0, 30.0)
    assert found, "no proposal"
    top = found[0]
    assert abs(top.cx - 203) <= 2.5 and abs(top.cy - 151) <= 2.5, top
    assert abs(max(top.rx, top.ry) - 22) <= 3 and abs(min(top.rx, top.ry) - 16) <= 3, top
    # its long axis within the filter's step of the drawn one (mod 180 degrees)
    long_axis = top.ang if top.rx >= top.ry else top.ang + 90
    assert abs((long_axis - angle + 90) % 180 - 90) <= 23, top


# Seed 41 page 0: a red ring drawn round a word. Seed 51 page 7: a red title's 回, whose outer
# square a box free to turn and lean (BoxFitSettings) fits closely enough to pass the grey box
# test: boxes lean on colour pages only. Seed 151 pages 4 and 6: a 回 and a 〇 that outlines
# snapped onto a ring (box snaps, the ring filter's) fit closely enough to pass the usual ring
# tests, so those outlines are kept only as a lone rim or a clean frame. Seeds 51/1, 141/4,
# 151/0, 151/7, 181/7: the 〇 of a red title "〇 通 知 〇" over print, which passed the ring
# tests as a small round seal does: such a rim needs its star (StarRimTest).
# Eleventh round: a red pen loop drawn round a word that nearly closes (seed 181 page 3, on a phone
# photo and on a grey copy): row 0.74-0.76 and edge 0.63-0.67 pass the weak-ring limits, but its
# stroke wanders off the ellipse, ink near the outline where the one radius has none (PenLoopTest).
@pytest.mark.parametrize(
    "condition, seed, index",
    every_nth_by_default(2, [("distractor_phone", 181, 3), ("distractor_grey", 181, 3)]),
)
def test_pen_loop_that_nearly_closes_is_no_seal(condition: str, seed: int, index: int) -> None:
    """A red pen loop round a word, photographed or photocopied, is no seal."""
    page = bench_page(condition, seed, index)
    assert find_seals(Page("t", 1, page.image, float(page.dpi))) == []


def test_pen_loop_is_told_from_a_rim_broken_where_faint() -> None:
    """``judge.pen_loop``: a drawn wobbly spiral loop (as samples/synth.py draws a red pen loop)
    is one; a clean rim with a quarter of it missing (a dry stretch) is not."""
    loop = np.zeros((300, 300), np.float32)
    t = np.linspace(0.3, 0.3 + 2.0 * np.pi, 180)
    wob = 1 + 0.06 * np.sin(3 * t + 1.0) + t * 0.01
    pts = np.c_[150 + 90 * wob * np.cos(t), 150 + 80 * wob * np.sin(t)]
    cv2.polylines(loop, [np.round(pts).astype(np.int32)], False, 1.0, 3)
    fitted = cv2.fitEllipse(np.round(pts).astype(np.float32))
    (cx, cy), (a, b), ang = fitted
    ring = ring_evidence(loop, Shape(cx, cy, a / 2, b / 2, ang))
    assert pen_loop(ring), ring
    rim = np.zeros((300, 300), np.float32)
    cv2.ellipse(rim, (150, 150), (90, 80), 0, 0, 270, 1.0, 5)
    ring = ring_evidence(rim, Shape(150.0, 150.0, 90.0, 80.0, 0.0))
    assert ring.row < 0.85 and not pen_loop(ring), ring


# Eleventh round: the two 〇 of a red title on a phone photo (seed 201 distractor_phone page 7):
# strong clean rims with black print inside, whose colour fringes the faintest mask took for a
# faint stamp's text (FaintStampTest.strong_rim_min_inner).
@pytest.mark.parametrize("seed, index", [(201, 7)])
def test_red_title_ring_on_a_phone_photo_is_no_seal(seed: int, index: int) -> None:
    """A red title's 〇 round black print, photographed, is no seal."""
    page = bench_page("distractor_phone", seed, index)
    assert find_seals(Page("t", 1, page.image, float(page.dpi))) == []


@pytest.mark.parametrize(
    "seed, index",
    every_nth_by_default(
        3,
        [
            (41, 0),
            (51, 7),
            (151, 4),
            (151, 6),
            (51, 1),
            (141, 4),
            (151, 0),
            (151, 7),
            (181, 7),
            (271, 4),
            (351, 3),
        ],
    ),
)
def test_ring_drawn_round_a_word_on_a_grey_copy_is_no_seal(seed: int, index: int) -> None:
    """A red ring drawn round a word, photocopied, stands out from the print round it as a small
    seal's rim does (seed 41, distractor_grey page 0), yet the page gets no seal. Nor does a red
    title's 回 or 〇 (271/4: the outer box of a 回 over print, its inner box whole inside it), nor
    a glyph of a red title whose strokes make a box (351/3: TitleGlyphTest)."""
    page = bench_page("distractor_grey", seed, index)
    assert find_seals(Page("t", 1, page.image, float(page.dpi))) == []


def test_a_round_letter_in_a_line_of_capitals_on_a_masked_page_is_no_seal() -> None:
    """A probe drawn outside samples/, masked by redactor, then verified: the unit's two lines
    (dark blue capitals) under fills, CERTIFICATE OF EMPLOYMENT in 36 px serif capitals below.
    With no colour left the grey search ran and took the O of EMPLOYMENT for a small grey seal
    (lone rim, round and as a box; L and Y beside it thinner than a title's glyphs), and verify
    failed the page. A glyph with print on both sides of its row and nothing at all above or
    below is a glyph (TitleGlyphTest.thin_*)."""
    from PIL import ImageDraw, ImageFont

    serif = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
    img = Image.new("RGB", (1240, 700), "white")
    d = ImageDraw.Draw(img)
    d.rectangle((125, 76, 1115, 131), fill=(0, 0, 0))
    d.rectangle((416, 134, 827, 192), fill=(0, 0, 0))
    title = ImageFont.truetype(serif, 36)
    d.text((100, 300), "CERTIFICATE OF EMPLOYMENT", font=title, fill="black")
    line = "This is to certify that Dr.            has worked at our hospital since 2010."
    d.text((100, 380), line, font=ImageFont.truetype(serif, 24), fill="black")
    d.rectangle((385, 373, 527, 426), fill=(0, 0, 0))
    assert find_seals(Page("t", 1, np.asarray(img), 0.0)) == []


@pytest.mark.parametrize(
    "condition, index",
    [
        ("vertical_text", 3),
        ("vertical_text", 5),
        ("vertical_text_grey", 1),
        ("vertical_text_grey", 6),
    ],
)
def test_a_box_shaped_glyph_in_a_column_of_vertical_text_is_no_seal(condition: str, index: int):
    """A probe drawn outside samples/: a 聘书 in vertical columns (竖排) on cream paper; the 四 of
    二〇二四年 was masked as a small grey square seal (lone rim, frame, no inner frame), since the
    title-glyph test looked for neighbours along rows only. Seed 5 of the generator's vertical
    pages (12 false seals before): a glyph with print above and below and none beside is a glyph
    of a column (TitleGlyphTest.column_*)."""
    page = bench_page(condition, 5, index)
    assert find_seals(Page("t", 1, page.image, float(page.dpi))) == []


@pytest.mark.parametrize(
    "name, centres",
    [
        # the tax bureau's oval seal over the title; the seller's seal field is empty
        ("seals/s13_vat_invoice_screenshot.jpg", [(557, 439)]),
        # the tax bureau's oval seal over the title and the seller's 发票专用章
        ("seals/s14_e_invoice_screenshot.png", [(543, 412), (853, 807)]),
    ],
)
def test_small_seals_on_real_invoice_screenshots(
    realdata: Path, name: str, centres: list[tuple[int, int]]
) -> None:
    found = find_seals(_load(realdata / name))
    assert len(found) == len(centres)
    for cx, cy in centres:
        assert any(abs(f.bbox.cx - cx) < 15 and abs(f.bbox.cy - cy) < 15 for f in found), [
            f.bbox for f in found
        ]


def test_share_and_median_equal_numpys_to_the_last_bit() -> None:
    """geometry.share and geometry.median stand in for ``.mean()`` of boolean arrays and
    ``np.median`` in the outline fits and tests: the same float for every size, density and
    dtype (a NaN gives NaN), so no seal's verdict moves."""
    from redactor.detect.seals.geometry import median, share

    rng = np.random.default_rng(4)
    for n in (1, 2, 3, 4, 57, 144, 300):
        for dtype in (np.float32, np.float64):
            values = (rng.random(n) * 3 - 1).astype(dtype)
            assert median(values) == float(np.median(values)), (n, dtype)
            values[n // 3] = np.nan
            assert np.isnan(median(values)) and np.isnan(np.median(values))

    rng = np.random.default_rng(3)
    for shape in [(1,), (7,), (144,), (25, 144), (3, 96), (57, 1)]:
        for density in (0.0, 0.13, 0.5, 0.97, 1.0):
            flags = rng.random(shape) < density
            assert share(flags) == flags.mean()
            if len(shape) == 2:
                assert np.array_equal(share(flags, axis=1), flags.mean(axis=1))
                assert np.array_equal(share(flags, axis=0), flags.mean(axis=0))


@pytest.mark.every_case  # cheap: no model runs
@pytest.mark.parametrize("degradations", [(), ("phone",), ("photocopy",)])
def test_ink_masks_fast_paths_equal_numpy_reductions(degradations: tuple[str, ...]) -> None:
    """The paper's white balance and the per-pixel channel max/min are computed without numpy's
    slow reductions over the colour axis (a histogram median, chained maximum/minimum): on
    generated pages (clean, phone photo, photocopy) they equal the plain numpy expressions."""
    from redactor.detect.seals import ink

    rgb = _page([("round", (0.7, 0.8))], 3, degradations).image[:, :, :3]
    f = rgb.astype(np.float32)
    assert np.array_equal(ink.channel_max(f), f.max(axis=2))
    assert np.array_equal(ink.channel_min(f), f.min(axis=2))
    v = f.max(axis=2)
    bright = v >= np.percentile(v, 80)
    paper = np.array([np.median(f[:, :, c][bright]) for c in range(3)], np.float32)
    expected = f * np.minimum(paper.max() / np.maximum(paper, 1.0), 1.6)
    assert np.array_equal(ink._white_balance(np.ascontiguousarray(rgb)), expected)
    odd = rgb[::3, ::2]  # an odd pixel count, a strided view
    for c in range(3):
        where = np.ones(odd.shape[:2], np.uint8)
        assert ink._median_u8(np.ascontiguousarray(odd), c, where) == np.median(odd[:, :, c])


# Issue 10, a stamp pressed unevenly (缺墨): 20-50% of its ink gone in patches plus dry speckle
# (the "patchy" condition, samples.synth._ink_loss). Its rim runs round in broken stretches
# (ring coverage 0.6-0.75, row 0.45-0.7), which ColourRingTest refuses, and its pieces lie too
# far apart for a proposal to span them; none of these was found before (tuning seeds 301, 302).
# 301/1 and 301/6 round (6: its star gone too), 301/2 square, 301/7 oval.
@pytest.mark.parametrize("index", every_nth_by_default(2, [1, 2, 6, 7]))
def test_stamp_with_ink_missing_in_patches_is_masked(index: int) -> None:
    page = bench_page("patchy", 301, index)
    found, cover = _found(page)
    assert len(found) == 1 and found[0].source == SEAL_COLOUR, [f.detail for f in found]
    assert all(c >= 0.99 for c in cover), cover


# The patchy stamps of seeds 311-331 the first patchy round left (tuning pages): 311/7 and 321/2
# ovals (two short bits of rim gone in sectors apart; the text in pieces), 321/7 a square (its
# box proposal dropped as the twin of an ellipse of the same place and size), 331/1 round (a
# quarter of its rim gone in one patch, its star and text left).
@pytest.mark.parametrize(
    "seed, index", every_nth_by_default(2, [(311, 7), (321, 2), (321, 7), (331, 1)])
)
def test_stamp_with_ink_missing_in_patches_is_masked_round_two(seed: int, index: int) -> None:
    page = bench_page("patchy", seed, index)
    found, cover = _found(page)
    assert len(found) == 1 and found[0].source == SEAL_COLOUR, [f.detail for f in found]
    assert all(c >= 0.99 for c in cover), cover


# The patchy stamps of seeds 211-231 and 321 page 4 the second round left (tuning pages): 221/6
# (an oval) and 231/6 (a square) with breaks of 0.15-0.17 of the turn, two sectors without rim;
# 221/7 (an oval) and 321/4 (a square) with 0.8 of their rim in two stretches; 211/0 an oval
# whose number (digits smaller than a star) is its centre mark, its rim's longest gap 0.23.
@pytest.mark.parametrize(
    "seed, index", every_nth_by_default(2, [(221, 7), (211, 0), (321, 4), (221, 6), (231, 6)])
)
def test_stamp_with_ink_missing_in_patches_is_masked_round_three(seed: int, index: int) -> None:
    page = bench_page("patchy", seed, index)
    found, cover = _found(page)
    assert len(found) == 1 and found[0].source == SEAL_COLOUR, [f.detail for f in found]
    assert all(c >= 0.99 for c in cover), cover


# Seed 431 (tuned on in round 20): patchy stamps found, but their outline fitted to what is left
# of the rim sat off-centre, the ink running past it to 1.12 and 1.11 of it on one side and the
# true rim outside it on the side whose rim is gone (covered 0.977 and 0.987): the fill reaches
# twice the ink's reach past the outline (PatchyStampTest.gone_side).
@pytest.mark.parametrize("index", [0, 2])
def test_patchy_stamp_fitted_off_centre_is_covered_whole(index: int) -> None:
    page = bench_page("patchy", 431, index)
    found, cover = _found(page)
    assert len(found) == 1 and found[0].source == SEAL_COLOUR, [f.detail for f in found]
    assert all(c >= 0.99 for c in cover), cover


# Seed 441 page 5 (round 22): a patchy square turned 58 degrees, its box proposed as the 13th
# look, after six of the page's red letterhead and five round outlines of its own place: the
# budget (PatchyStampTest.max_proposals, 12) was spent. Another kind of outline at a place
# already looked at is fitted without counting (detector._places_within_budget).
def test_patchy_square_whose_box_comes_after_its_round_outlines() -> None:
    page = bench_page("patchy", 441, 5)
    found, cover = _found(page)
    assert len(found) == 1 and found[0].source == SEAL_COLOUR, [f.detail for f in found]
    assert all(c >= 0.99 for c in cover), cover


# Seed 711 page 2 (h-seals36; left by rounds 33-35): a patchy oval showing its number, its rim
# in two stretches broken for 0.11 and 0.13 of the turn on opposite sides. Each break fell on one
# of the eight sectors, so six held rim where the star path asks eight; half a sector on, all
# eight hold. The sectors are counted at the phase that holds most (PatchyStampTest.
# sector_phases).
def test_patchy_oval_whose_breaks_fall_on_sectors_is_masked() -> None:
    page = bench_page("patchy", 711, 2)
    found, cover = _found(page)
    assert len(found) == 1 and found[0].source == SEAL_COLOUR, [f.detail for f in found]
    assert all(c >= 0.99 for c in cover), cover


def test_patchy_stamps_rim_spread_does_not_hang_on_where_its_breaks_fall() -> None:
    """Two breaks of a sector's length (0.125 of the turn) on opposite sides round a star: a
    stamp whether the breaks fall on two sectors or straddle their boundaries; a break past
    short_gap still is not."""
    from redactor.detect.seals.judge import patchy_stamp

    for start, length, want in ((0, 18, True), (9, 18, True), (0, 32, False), (9, 32, False)):
        broken = np.ones(144, bool)
        broken[[*range(start, start + length), *range(start + 72, start + 90)]] = False
        m, sh = _ring_mask(broken, glyphs=3)
        c = Candidate(sh, ring_evidence(m, sh), SEAL_COLOUR, "red")
        assert patchy_stamp(c, m) is want, (start, length, c.ring)


def test_patchy_ink_loss_removes_ink_in_patches() -> None:
    """The generator's ink loss takes the asked share of a seal's ink, in patches (whole
    stretches of the rim gone), and draws nothing from the stream when not asked for."""
    whole = synth._seal_layer(80, 80, IDT.unit, np.random.default_rng(5))[0]
    lost = synth._seal_layer(80, 80, IDT.unit, np.random.default_rng(5), ink_loss=0.4)[0]
    gone = 1 - float(lost.sum()) / float(whole.sum())
    assert 0.4 <= gone <= 0.65, gone
    sh = Shape(whole.shape[1] / 2 - 0.5, whole.shape[0] / 2 - 0.5, 80, 80, 0.0)
    rim = (ring_evidence(whole, sh).coverage, ring_evidence(lost, sh).coverage)
    assert rim[0] >= 0.95 and rim[1] <= 0.85, rim
    rng = np.random.default_rng(9)
    assert synth._ink_loss(whole, 0.0, rng) is whole
    assert rng.random() == np.random.default_rng(9).random()


def _ring_mask(keep: np.ndarray, star: bool = True, glyphs: int = 9) -> tuple[np.ndarray, Shape]:
    """A red seal's mask drawn by hand: a rim kept at the angles where ``keep`` (144 flags) is
    True, short marks along the inside of the rim (arc text: ``glyphs`` marks from the first
    of nine places on) and a star at the centre."""
    m = np.zeros((300, 300), np.float32)
    t = np.linspace(0, 2 * np.pi, len(keep), endpoint=False)
    for a, k in zip(t, keep, strict=True):
        if k:
            cv2.ellipse(m, (150, 150), (97, 97), 0, np.degrees(a), np.degrees(a) + 2.6, 1.0, 6)
    for a in np.linspace(-2.2, 2.2, 9)[:glyphs]:  # arc text: glyph-sized marks
        x, y = 150 + 70 * np.sin(a), 150 - 70 * np.cos(a)
        cv2.rectangle(m, (int(x - 7), int(y - 7)), (int(x + 7), int(y + 7)), 1.0, 2)
    if star:
        cv2.circle(m, (150, 150), 14, 1.0, -1)
    return m, Shape(150, 150, 100, 100, 0.0)


def test_patchy_stamp_wants_rim_spread_round_not_one_long_arc() -> None:
    """PatchyStampTest: a rim broken into stretches spread all round is a stamp short of ink; the
    same share of rim in one long arc (a letterhead's arc, a pen loop) is not."""
    from redactor.detect.seals.judge import patchy_stamp

    rng = np.random.default_rng(2)
    patches = cv2.GaussianBlur(rng.random((1, 144)).astype(np.float32), (0, 0), 3)[0]
    spread = patches > np.quantile(patches, 0.35)
    one_arc = np.arange(144) < 0.65 * 144
    for keep, want in ((spread, True), (one_arc, False)):
        m, sh = _ring_mask(keep)
        c = Candidate(sh, ring_evidence(m, sh), SEAL_COLOUR, "red")
        assert patchy_stamp(c, m) is want, (want, c.ring)
    # one patch took 0.3 of the turn, the rest broken in short bits: a stamp that shows its star
    # and its text running round; the same rim round text alone is not (PatchyStampTest.whole_gap)
    long_patch = np.ones(144, bool)
    long_patch[[*range(20, 26), *range(60, 66), *range(90, 133)]] = False
    for star in (True, False):
        m, sh = _ring_mask(long_patch, star=star)
        c = Candidate(sh, ring_evidence(m, sh), SEAL_COLOUR, "red")
        assert patchy_stamp(c, m) is star, (star, c.ring)
    # most of the rim in two stretches with short breaks: a stamp where its star and text show,
    # not a rim round text alone (PatchyStampTest.two_*)
    two = np.ones(144, bool)
    two[[*range(30, 38), *range(100, 108)]] = False
    two[np.arange(144) % 12 == 5] = False  # short breaks that a bridge of two angles closes
    for star in (True, False):
        m, sh = _ring_mask(two, star=star)
        c = Candidate(sh, ring_evidence(m, sh), SEAL_COLOUR, "red")
        assert patchy_stamp(c, m) is star, (star, c.ring)
    # two stretches, breaks of 0.15 and 0.06 of the turn, rim on all eight sectors, and only
    # three glyphs of the text left: a stamp round its star (PatchyStampTest.star_sectors, seed
    # 501 page 6), not the same rim round three glyphs alone; nor round its star with a break
    # past short_gap (0.22 of the turn, a sector without rim)
    for gap, star, want in ((21, True, True), (21, False, False), (32, True, False)):
        broken = np.ones(144, bool)
        broken[[*range(40, 40 + gap), *range(110, 119)]] = False
        m, sh = _ring_mask(broken, star=star, glyphs=3)
        c = Candidate(sh, ring_evidence(m, sh), SEAL_COLOUR, "red")
        assert patchy_stamp(c, m) is want, (gap, star, c.ring)
    # nothing inside (a broken red 〇): no stamp
    m = np.zeros((300, 300), np.float32)
    ring, sh = _ring_mask(spread)
    cv2.ellipse(m, (150, 150), (97, 97), 0, 0, 360, 1.0, 6)
    m *= ring
    c = Candidate(sh, ring_evidence(m, sh), SEAL_COLOUR, "red")
    assert not patchy_stamp(c, m), c.ring


# ------------------------------------------------- personal name seals (私章, 名章: NameSealTest)
def _probe_name_seal_page(style: str = "yang") -> tuple[np.ndarray, np.ndarray]:
    """The probe page that leaked (1240 x 700, no dpi): 经办人（签章）： and beside it a red
    110 px square seal 王伟之印 in kai; the page and the seal's outer box (4 corners)."""
    img = Image.new("RGB", (1240, 700), "white")
    d = ImageDraw.Draw(img)
    font = synth.get_font("sans", 40)
    d.text((80, 120), "继续教育学时证明", font=font, fill=synth.INK, anchor="lm")
    body = synth.get_font("sans", 32)
    d.text(
        (80, 230),
        "经核实，该同志本年度继续教育学时已达标。",
        font=body,
        fill=synth.INK,
        anchor="lm",
    )
    d.text((80, 345), "经办人（签章）：", font=body, fill=synth.INK, anchor="lm")
    if style == "yang":  # as the probe drew it: a 6 px frame, the glyphs at their own shape
        x0, y0, side = 382, 292, 106
        d.rectangle((x0, y0, x0 + side - 1, y0 + side - 1), outline=(205, 40, 45), width=6)
        kai = synth.get_font("kai", 40)
        cells = [(461, 321), (461, 371), (409, 321), (409, 371)]
        for ch, (cx, cy) in zip("王伟之印", cells, strict=True):
            d.text((cx, cy), ch, font=kai, fill=(205, 40, 45), anchor="mm")
        quad = np.array(synth._rect(x0, y0, x0 + side, y0 + side), float)
        return np.array(img), quad
    rng = np.random.default_rng(3)
    m, _, quad = synth_seals.draw_name_seal(
        110, list("王伟之印"), rng, style=style, font="kai", texture=False
    )
    arr = np.array(img)
    size = m.shape[0]
    x0, y0 = round(435 - size / 2), round(345 - size / 2)
    synth._blend(arr, m, (205, 40, 45), x0, y0, multiply=True)
    return arr, quad + [x0, y0]


@pytest.mark.parametrize("style", ["yang", "yin"])
def test_probe_personal_name_seal_is_found(style: str) -> None:
    """The probe's seal: on a 1240 x 700 page the working copy is 0.806 of it, and there the
    frame's 89 px sides were stripped as rules before proposing; drawn 阴文, its filled square
    was a solid fill to the ring tests."""
    img, quad = _probe_name_seal_page(style)
    found = find_seals(Page("probe", 1, img, 0.0))
    assert len(found) == 1, [f.detail for f in found]
    assert coverage(quad, [np.asarray(found[0].outline, float)], 1240, 700) >= 0.99
    # under --seals unit a personal seal is masked whatever it reads
    assert seals_to_mask_for_unit(found, Identity(name="王伟", unit=IDT.unit)) == found


# colour pages of the name_seal condition (seed 7, a tuning seed): square, round and oval,
# 阳文 and 阴文, 8-20 mm, over or beside a signature, as drawn, scanned and photographed
@pytest.mark.parametrize(
    "index", every_nth_by_default(4, [0, 1, 2, 3, 4, 5, 6, 8, 9, 11, 15, 16, 17, 18])
)
def test_name_seal_pages(index: int) -> None:
    _, visible = _ink_left("name_seal", 7, index)
    assert max(visible) <= WHOLE_VISIBLE, visible


@pytest.mark.parametrize("index", every_nth_by_default(3, range(6)))
def test_red_blocks_are_no_seal(index: int) -> None:
    """Red filled shapes that are no seal (buttons, a red table header row, a logo block beside
    its red name, a letterhead, red words): no seal found."""
    page = bench_page("red_blocks", 7, index)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    assert found == [], [f.detail for f in found]


# Round 27: seed 581 red_blocks page 7, a red logo block with one white glyph (水) cut out of
# it beside its red name. The page has so little colour that the grey search ran, and its 阴文
# test took the block for a photocopied name seal (its fill mid grey in the darkness map). A fill
# of colour ink is the colour search's to judge (GreyNameSealTest.max_colour_share).
def test_a_red_logo_block_is_no_grey_name_seal() -> None:
    """Precision: a red block with a glyph cut out of it, on a page with little colour, is no
    grey 阴文 seal."""
    page = bench_page("red_blocks", 581, 7)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    assert found == [], [f.detail for f in found]


@pytest.mark.slow
def test_small_round_name_seal_blurred_on_a_phone_page() -> None:
    """name_seal seed 17 page 13 (a tuning seed): a 10 mm round 阳文 seal on a phone photo saved
    as JPEG, its characters blurred into its inside in the lenient mask (inner 0.72, fill 0.91),
    its rim clean in the strict one: judged there (NameSealTest.small_rim_*)."""
    found, visible = _ink_left("name_seal", 17, 13)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])


# grey copies of the name_seal condition (tuning seeds 7 and 17), missed before round 18: 阴文
# seals copied to a mid-grey fill with their characters cut out; 17/16 and 17/18 with a signature
# written across them (GreyNameSealTest)
@pytest.mark.parametrize(
    ("seed", "index"), every_nth_by_default(2, [(7, 7), (17, 16), (17, 17), (17, 18)])
)
def test_grey_name_seal_pages(seed: int, index: int) -> None:
    found, visible = _ink_left("name_seal", seed, index)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])
    assert any(f.detail.get("name_seal") for f in found)


# grey things that are no seal on a photocopy: a QR code (grey_blocks 7/4, 7/7), a red logo block
# with one white glyph (grey_blocks 211/7), a bold title's 自 (plain_grey 17/4), buttons, a table's
# header row, page numbers in boxes, a grey photo (grey_blocks 321/5), a signature
@pytest.mark.parametrize(
    ("condition", "seed", "index"),
    every_nth_by_default(
        2,
        [
            ("grey_blocks", 7, 4),
            ("grey_blocks", 7, 7),
            ("grey_blocks", 211, 7),
            ("plain_grey", 17, 4),
            ("grey_blocks", 321, 5),
            ("grey_blocks", 7, 1),
            ("grey_blocks", 7, 2),
        ],
    ),
)
def test_grey_things_are_no_name_seal(condition: str, seed: int, index: int) -> None:
    page = bench_page(condition, seed, index)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    assert not [f for f in found if f.detail.get("name_seal")], [f.detail for f in found]


# name_seal seeds 391 and 411 (tuned on in round 19): 阳文 squares on phone pages, their frames
# clean all round, refused as a table's cells: a stroke of the name (明's 月, 王's 一) runs from
# frame to frame (411/12, 14 mm); on 411/1 (9 mm) and 391/1 (15 mm) the lenient mask also blurs the
# name into the inside (inner 0.70, 0.72): judged on the strict mask (NameSealTest.stroke_band,
# strict_box_max_side)
@pytest.mark.parametrize(("seed", "index"), [(411, 1), (411, 12), (391, 1)])
def test_small_square_name_seal_whose_strokes_reach_its_frame(seed: int, index: int) -> None:
    found, visible = _ink_left("name_seal", seed, index)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])
    assert any(f.detail.get("name_seal") for f in found)


# name_seal seed 451 page 1 (tuned on in round 22): a faint 8 mm 阳文 square on a phone page,
# its box fitted on the strict mask on its frame's middle; on the lenient mask the blurred frame
# runs a pixel further out (edge 0.44-0.56): judged grown by half a pixel or one too
# (NameSealTest.grow_px).
def test_faint_small_square_name_seal_fitted_inside_its_blurred_frame() -> None:
    found, visible = _ink_left("name_seal", 451, 1)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])
    assert any(f.detail.get("name_seal") for f in found)


def test_yin_name_seal_blurred_shut_on_a_phone_page() -> None:
    """name_seal seed 401 page 5 (tuned on in round 19): a 9 mm 阴文 square on a phone photo, its
    cut-out characters blurred to 25-35 levels above the fill, nowhere near the paper: cut out
    against the inside's lightest (NameSealTest.yin_blur_*)."""
    found, visible = _ink_left("name_seal", 401, 5)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])
    assert any(f.detail.get("name_seal") for f in found)


def test_blurred_yin_wants_strokes_lighter_than_the_fill() -> None:
    """The blurred 阴文 test on drawn seals: a red square whose cut-out strokes are blurred to a
    pink well above the fill but far below the paper is a 阴文 seal; the same square without
    strokes (a flat red block, its noise a few levels) is not."""
    from redactor.detect.seals.name_seal import _yin

    rng = np.random.default_rng(3)

    def page(strokes: bool) -> tuple[np.ndarray, np.ndarray]:
        img = np.full((200, 200, 3), 200, np.uint8)
        cv2.rectangle(img, (70, 70), (130, 130), (205, 70, 70), -1)
        if strokes:  # cut-out strokes blurred to pink, 55 levels over the fill, far from paper
            for x in (82, 96, 110):
                cv2.line(img, (x, 80), (x + 6, 120), (215, 125, 125), 2)
            inner = img[72:129, 72:129].copy()
            img[72:129, 72:129] = cv2.GaussianBlur(inner, (0, 0), 1.2)
        img = np.clip(img + rng.normal(0, 3, img.shape), 0, 255).astype(np.uint8)
        strict = ((img[:, :, 0].astype(int) - img[:, :, 1]) > 60).astype(np.float32)
        return img, strict

    sh = Shape(100.0, 100.0, 30.5, 30.5, 0.0, "box")
    img, strict = page(True)
    assert _yin(strict, img.min(axis=2).astype(np.float32), sh)
    img, strict = page(False)
    assert not _yin(strict, img.min(axis=2).astype(np.float32), sh)


def test_a_stroke_to_the_frame_is_no_rule_but_a_rule_past_it_is() -> None:
    """``is_frame`` with a personal seal's text band (NameSealTest.stroke_band: any width): a
    thin line inside a frame that stops at the frame is a glyph's stroke; one that runs on
    past the frame (a table's rule, a border) still makes the box a cell. FrameTest's default
    band takes both for rules."""
    band = (NAME_SEAL.stroke_band_px, NAME_SEAL.stroke_band)
    sh = Shape(100.0, 100.0, 25.0, 25.0, 0.0, "box")

    def box(x0: int, x1: int) -> np.ndarray:
        m = np.zeros((200, 200), np.float32)
        cv2.rectangle(m, (76, 76), (124, 124), 1.0, 2)
        cv2.line(m, (x0, 100), (x1, 100), 1.0, 1)
        for x in (88, 96, 108):  # glyph strokes above and below it
            cv2.line(m, (x, 84), (x, 94), 1.0, 1)
            cv2.line(m, (x, 106), (x, 116), 1.0, 1)
        return m

    stroke = box(77, 123)
    assert not is_frame(stroke, sh)
    assert is_frame(stroke, sh, text_band=band)
    rule = box(0, 199)
    assert not is_frame(rule, sh, text_band=band)


def test_grey_name_seal_wants_a_mid_grey_fill() -> None:
    """A drawn 阴文 square on a grey page: found as a grey name seal in mid grey, not when
    printed black (a page number's box, a printed logo: GreyNameSealTest.max_fill_dark)."""
    from redactor.detect.seals.ink import ink_masks
    from redactor.detect.seals.name_seal import grey_name_seals

    rng = np.random.default_rng(5)
    m, _, _ = synth_seals.draw_name_seal(
        60, list("王伟之印"), rng, style="yin", font="kai", texture=False
    )
    for level, want in ((110, 1), (10, 0)):
        arr = np.full((1000, 700, 3), 250, np.uint8)
        synth._blend(arr, m, (level,) * 3, 300, 500, multiply=True)
        _, dark, _ = ink_masks(arr)
        got = grey_name_seals(arr, dark, [])
        assert len(got) == want, (level, [c.shape for c in got])


def test_name_seal_is_masked_by_redactor_mask(tmp_path: Path) -> None:
    """End to end through `redactor mask` with the real OCR: the probe page's seal is masked
    and the name in it is left nowhere on the output (no seal ink, OCR reads no 王伟)."""
    from click.testing import CliRunner

    from redactor.cli import main
    from redactor.detect.text import ocr_image

    img, quad = _probe_name_seal_page()
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    Image.fromarray(img).save(src / "personal_name_seal.png")
    args = ["mask", str(src), "--name", "王伟", "--unit", IDT.unit, "-o", str(out), "-q"]
    result = CliRunner().invoke(main, [*args, "--eyes", "off"])
    assert result.exit_code == 0, result.output
    masked = np.asarray(Image.open(out / "personal_name_seal.png").convert("RGB"))
    x0, y0 = quad.min(axis=0).astype(int)
    x1, y1 = quad.max(axis=0).astype(int)
    box = masked[y0:y1, x0:x1].astype(int)
    red = (box[:, :, 0] - box[:, :, 1:].max(axis=2)) > 60
    assert red.mean() < 0.002, red.mean()
    # the seal's place and its surroundings, read by the real OCR: no character of the name
    crop = np.ascontiguousarray(masked[max(0, y0 - 40) : y1 + 40, max(0, x0 - 40) : x1 + 40])
    read = "".join(normalise(ln.text) for ln in ocr_image(crop).lines)
    assert "王" not in read and "伟" not in read, read


# Round 20 (issue 10): print on grey copies that round 19 left as false seals, over-masking
# evidence. A page number printed in a frame (grey_blocks 221/6: 23, 231/3: 1, 231/7), passed as
# a small square seal whose frame is clean and whose digits count as its marks
# (FramedNumberTest); a box-shaped glyph at a column's end or in a column of glyphs of its own
# size (vertical_text_grey 211/1: 图 topping its column, 211/7: 日 taken for an oval, 221/7),
# taken by the lone-rim test or the ring tests (ColumnGlyphTest).
@pytest.mark.parametrize(
    ("condition", "seed", "index"),
    [
        ("grey_blocks", 221, 6),
        ("grey_blocks", 231, 3),
        ("grey_blocks", 231, 7),
        # round 28: a framed 22 with a line of print under it (not through it)
        ("grey_blocks", 601, 0),
        ("vertical_text_grey", 211, 1),
        ("vertical_text_grey", 211, 7),
        ("vertical_text_grey", 221, 7),
    ],
)
def test_framed_page_number_or_column_glyph_on_a_grey_copy_is_no_seal(
    condition: str, seed: int, index: int
) -> None:
    page = bench_page(condition, seed, index)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    assert found == [], [f.detail for f in found]


# Round 26: a column of big glyphs with a column of smaller print set close beside it (a 聘书
# whose name line runs in 60 px glyphs between 30 px columns): the 回 and 图 of 中回图中心团队
# (vertical_text 541/0) and the 四 of 园四图中心回访 (551/6), each passed by the lone-rim test.
# Nothing lay beside each glyph, but the smaller column came within the window looked at beside
# its neighbours (0.09-0.28 against ColumnGlyphTest.max_neighbour_beside 0.08), so the
# neighbours were taken for print of a block. Ink lying beside the glyph as far off as beside
# its neighbour is a column running beside both, not counted (ColumnGlyphTest, a parallel column).
@pytest.mark.parametrize(
    ("condition", "seed", "index"), [("vertical_text", 541, 0), ("vertical_text", 551, 6)]
)
def test_glyph_of_a_column_beside_a_column_of_smaller_print_is_no_seal(
    condition: str, seed: int, index: int
) -> None:
    page = bench_page(condition, seed, index)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    assert found == [], [f.detail for f in found]


def test_framed_number_wants_one_centred_line_and_nothing_beside() -> None:
    """``framed_number`` on drawn masks: a frame with a line of print centred in it (paper
    between it and the frame above and below) and nothing past it along the line (a line of
    print under it does not count) is a framed page number; a
    frame whose inside is filled with glyphs to the rim (a square seal's characters), or one
    that a line of print runs through and on past (a seal over print), is not."""
    from redactor.detect.seals.judge import framed_number

    def frame(
        glyphs: list[tuple[int, int]], line_past: bool = False, line_below: bool = False
    ) -> np.ndarray:
        m = np.zeros((200, 200), np.float32)
        cv2.rectangle(m, (80, 80), (120, 120), 1.0, 2)
        for x, y in glyphs:  # 8 x 10 px glyph blocks, 2 px strokes
            cv2.rectangle(m, (x, y), (x + 8, y + 10), 1.0, 2)
        for x in range(20, 180, 11):
            if line_past and not 78 <= x <= 122:
                cv2.rectangle(m, (x, 95), (x + 8, 105), 1.0, 2)
            if line_below:  # a line of print under the frame, not through it
                cv2.rectangle(m, (x, 128), (x + 8, 138), 1.0, 2)
        return m

    sh = Shape(100.0, 100.0, 21.0, 21.0, 0.0, "box")
    number = frame([(91, 95), (101, 95)])
    assert framed_number(number, sh)
    filled = frame([(86, 86), (106, 86), (86, 104), (106, 104)])
    assert not framed_number(filled, sh)
    over_print = frame([(91, 95), (101, 95)], line_past=True)
    assert not framed_number(over_print, sh)
    # round 28 (grey_blocks 601/0): print beside the frame across the line, not along it
    assert framed_number(frame([(91, 95), (101, 95)], line_below=True), sh)


# Round 29 (issue 10): rings drawn by hand round a word or a date on a grey copy, taken for small
# round or oval seals by the ring tests (591/7, 601/6 x2), the star-rim test (601/4: the print
# at its centre taken for a star) and the lone-rim test (601/1, 611/7). A pen lays one even
# stroke as dark as the print it rings (DrawnRingTest).
@pytest.mark.slow
@pytest.mark.parametrize(("seed", "index"), [(591, 7), (601, 1), (601, 4), (601, 6), (611, 7)])
def test_a_ring_drawn_round_a_word_on_a_grey_copy_is_no_seal(seed: int, index: int) -> None:
    page = bench_page("ringed_words_grey", seed, index)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    assert found == [], [f.detail for f in found]


def test_drawn_ring_wants_an_even_stroke_as_dark_as_the_print_inside() -> None:
    """``drawn_ring`` on drawn darkness maps: an even dark ring round a line of grey print is
    drawn by hand; the same ring printed unevenly (a stamp's rim: its darkness varying along the
    turn), a ring paler than the print inside it (a seal's red copied to mid grey) and an even
    ring round nothing (a seal in white space) are not."""
    from redactor.detect.seals.judge import drawn_ring

    def page(rim: float, uneven: bool = False, word: float = 0.6) -> np.ndarray:
        d = np.zeros((160, 200), np.float32)
        cv2.ellipse(d, (100, 80), (50, 26), 0, 0, 360, rim, 3)
        if uneven:  # the rim's darkness wanders along the turn, as a stamp prints
            ang = np.degrees(np.arctan2(*np.mgrid[-80:80, -100:100]))
            d *= np.where(d > 0, 0.55 + 0.45 * np.cos(np.radians(ang) * 3) ** 2, 1.0)
        for x in range(62, 138, 13):  # a word: 10 x 14 px glyphs, 2 px strokes
            cv2.rectangle(d, (x, 73), (x + 10, 87), word, 2)
        return d

    sh = Shape(100.0, 80.0, 50.0, 26.0, 0.0)
    assert drawn_ring(page(0.9), sh)
    assert not drawn_ring(page(0.9, uneven=True), sh)
    assert not drawn_ring(page(0.4), sh)
    assert not drawn_ring(page(0.9, word=0.0), sh)


# The grey_lowres seals nearest ColumnGlyphTest: in white space beside a line of print, a
# neighbour of 0.10-0.19 and nothing beside (341/4 round, 371/1 a square turned 30 degrees): mid
# grey, so no glyph; still masked whole.
@pytest.mark.parametrize(("seed", "index"), [(341, 4), (371, 1)])
def test_grey_seal_beside_a_line_of_print_is_no_column_glyph(seed: int, index: int) -> None:
    found, visible = _ink_left("grey_lowres", seed, index)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])
    assert len(found) == 1, [f.detail for f in found]


# ------------------------------------------------ round 23 (h-seals20)


# perspective 481/1: a 40 x 30 mm oval near a keystoned photo's far edge, fitted true and clean
# (1.0, 1.0, 0.99) but 2.14 long, past CleanRingTest.max_elongation's 2.05 then (now 2.25).
def test_clean_oval_foreshortened_past_two_by_a_keystoned_photo() -> None:
    found, visible = _ink_left("perspective", 481, 1)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# name_seal 481/3: a 10 mm round 阳文 name seal under a black signature (李娜) that hides its
# rim on a quarter of its turn: not whole on the strict mask (0.88) and, on the lenient one, its
# name filling the band inside the rim (0.64 against 0.55). With the print unseen the rim is
# whole and clean where it shows (NameSealTest.print_dark, min_seen).
@pytest.mark.slow
def test_small_round_name_seal_under_a_signature() -> None:
    found, visible = _ink_left("name_seal", 481, 3)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])
    assert any(f.detail.get("name_seal") for f in found)


def test_print_hides_a_small_rim_but_brings_no_name_inside() -> None:
    """name_seal._small_rim with black print unseen: a red 10 mm rim that a black stroke crosses
    with red characters inside is a name seal; the same rim round black print alone (a red 〇
    round a signature) is not, and neither is a rim that the print hides on most of its turn."""
    from redactor.detect.seals.name_seal import _behind_print, _small_rim

    def page(red_inside: bool, strokes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        strict = np.zeros((1000, 1000), np.uint8)
        cv2.circle(strict, (500, 500), 15, 1, 2)
        dark = np.zeros((1000, 1000), np.float32)
        if red_inside:
            for x, y in ((494, 494), (504, 494), (494, 504), (504, 504)):
                cv2.rectangle(strict, (x - 3, y - 3), (x + 3, y + 3), 1, 1)
        for i in range(strokes):  # black strokes across the rim, hiding it
            y = 488 + 6 * i
            cv2.line(dark, (470, y), (530, y + 4), 0.9, 3)
        strict[dark > 0.5] = 0  # black is no red ink
        return strict, strict.astype(np.float32), dark

    sh = Shape(500, 500, 16.5, 16.5, 0.0)  # on a 1000 px page: a 12 mm seal
    for red_inside, strokes, want in ((True, 2, True), (False, 2, False), (True, 6, False)):
        strict, judge, dark = page(red_inside, strokes)
        plain = _small_rim(sh, strict.astype(np.float32))
        behind = _small_rim(sh, strict.astype(np.float32), _behind_print(strict, judge, dark))
        assert plain is None, (red_inside, strokes)
        assert (behind is not None) is want, (red_inside, strokes)


# Round 23's adversarial conditions (samples.synth_seals.ADVERSARIAL_CONDITIONS).
def test_cut_rim_pages_cut_the_seal_by_a_fold_or_a_streak() -> None:
    """Each cut cuts the seal's ink: a white streak takes ink away (the ink mask has less of the
    seal than the same page uncut), a fold shifts and shades it, a dark streak greys it."""
    for index, cut in enumerate(synth_seals.CUTS):
        rng = np.random.default_rng([5, index])
        page, inks = synth_seals.make_cut_rim_page(IDT, rng, index)
        seals = [it for it in page.items if it.kind == "seal"]
        assert len(seals) == 1 and len(inks) == 1 and inks[0].sum() > 0, cut
    rng = np.random.default_rng(3)
    img = np.full((60, 60, 3), 200, np.uint8)
    ink = np.ones((60, 60), np.uint8)
    out, (left,) = synth_seals._streak(img, [ink], 30.0, True, True, rng)
    gone = np.nonzero(left.sum(axis=0) == 0)[0]
    assert 2 <= len(gone) <= 6 and (out[:, gone] > 230).all()
    out, (left,) = synth_seals._streak(img, [ink], 30.0, False, False, rng)
    assert left.all() and (out < 200).any()


def test_pair_colours_pages_overlap_a_red_and_a_blue_seal() -> None:
    """pair_colours: two overlapping seals, one red and one blue, the blue one first drawn on
    odd pages; both seals' ink given."""
    for index in range(4):
        rng = np.random.default_rng([9, index])
        page, inks = synth_seals.make_page("pair_colours", IDT, rng, index)
        seals = [it for it in page.items if it.kind == "seal"]
        assert len(seals) == 2 and len(inks) == 2 and all(i.sum() > 0 for i in inks)
        img = page.image.astype(int)
        blue = [int(((img[:, :, 2] > img[:, :, 0] + 40) & (i > 0)).sum()) for i in inks]
        # the blue seal's ink is blue where it shows; the red one's is not
        assert (blue[0] > blue[1]) is bool(index % 2), (index, blue)


def test_table_lowres_pages_are_scanned_at_80_to_92_dpi() -> None:
    """table_lowres: a form's table with a seal, 80-92 dpi, grey on odd pages."""
    for index in range(2):
        rng = np.random.default_rng([4, index])
        page, inks = synth_seals.make_page("table_lowres", IDT, rng, index)
        assert 80 <= page.dpi <= 92 and len(inks) == 1 and inks[0].sum() > 0
        img = page.image.astype(int)
        chroma = (img.max(axis=2) - img.min(axis=2)).max()
        assert bool(chroma < 40) == bool(index % 2), (index, chroma)


# ------------------------------------------------ round 24 (h-seals21)


# perspective 511/7: a 41 x 30 mm oval on a page squashed and keystoned along its short axis,
# fitted true and clean (1.0, 1.0, 0.99, outside 0.005) but 2.47 long, past
# CleanRingTest.max_elongation's 2.25 then (now 2.75: a camera 60 degrees off the normal).
@pytest.mark.slow
def test_clean_oval_foreshortened_past_two_and_a_quarter() -> None:
    found, visible = _ink_left("perspective", 511, 7)
    assert len(found) == 1, [f.detail for f in found]
    assert max(visible) <= WHOLE_VISIBLE, visible


# patchy 501/6: a round stamp with 0.78 of its rim left in two stretches (breaks of 0.15 and
# 0.06 of the turn), on all eight sectors, its star at the centre and three glyphs of its text
# (PatchyStampTest.star_sectors).
def test_patchy_stamp_with_its_star_and_three_glyphs_left() -> None:
    page = bench_page("patchy", 501, 6)
    found, cover = _found(page)
    assert len(found) == 1 and found[0].source == SEAL_COLOUR, [f.detail for f in found]
    assert all(c >= 0.99 for c in cover), cover


# Bench seed 2281 (corpus version 11), 014_grey16_png: the unit's round seal and an oval one 60%
# over it, on a 16-bit grey page (no colour: the structure search). Both rings were found, but
# the oval, 63% of it inside the round one, was dropped as "lying mostly inside a chosen seal"
# (an inner band, a star) though half of its rim runs outside the round one: 83% of it filled.
def test_a_grey_oval_mostly_over_a_round_seal_is_masked_whole(tmp_path: Path) -> None:
    """Issue 10 item 4: on a grey page, both seals of an overlapping pair masked whole."""
    from samples import synth_round10 as r10

    idt = next(i for i in synth.IDENTITIES if i.name == "欧阳丽华")
    rng = np.random.default_rng([2281, 13, 0])  # build_corpus's file 014 of seed 2281
    dpi = int(synth._pick(rng, (150, 150, 200)))
    page = r10.make_round10_page("grey16_png", idt, rng, dpi, [])
    path = tmp_path / "014_grey16_png.png"
    r10.write_round10_image(page, "grey16_png", path, rng)
    (read,) = iter_pages(open_source(path), path.name, 150, 10**9)
    found = find_seals(read)
    h, w = read.image.shape[:2]
    outlines = [np.asarray(f.outline, float) for f in found]
    seals = [it for it in page.items if it.kind == "seal"]
    assert len(seals) == 2
    cover = [coverage(truth_polygon(it.to_dict(), w, h), outlines, w, h) for it in seals]
    assert min(cover) >= 0.99, cover


# Round 25 (seeds 521 and 531, seen in round 24): patchy ovals proposed only as circles, whose
# edge fits stop at the text on the long axis (521/4 and 531/7, 72 x 53 px ovals), fitted now
# through their outermost ink (fit.outer_rim, OuterRimFit); 531/0 too (at the drawn outline its
# rim looked displaced, 0.72 against 0.58; the outer fit lies on what is left of it); 521/3 with
# its rim in two stretches broken by 0.12 and 0.18 of the turn, its number and its text in
# pieces inside (PatchyStampTest.two_gap as short_gap).
@pytest.mark.parametrize(
    "seed, index", every_nth_by_default(2, [(521, 4), (531, 0), (531, 7), (521, 3)])
)
def test_patchy_oval_proposed_as_circles_is_fitted_by_its_outer_rim(seed: int, index: int) -> None:
    page = bench_page("patchy", seed, index)
    found, cover = _found(page)
    assert len(found) == 1 and found[0].source == SEAL_COLOUR, [f.detail for f in found]
    assert all(c >= 0.99 for c in cover), cover


def test_outer_rim_fits_a_patchy_oval_from_a_circle() -> None:
    """fit.outer_rim: an oval rim (90 x 60 px, turned 20 degrees) with a third of it gone in
    patches and text marks inside, proposed as a circle of 70 px, is fitted at its outer edge;
    the edge-point fit (fit.refine) from the same circle stops inside it. Rays with no rim give
    the text inside, which the fit drops."""
    from redactor.detect.seals.fit import outer_rim, refine

    m = np.zeros((300, 300), np.float32)
    cv2.ellipse(m, (150, 150), (87, 57), 20, 0, 360, 1.0, 6)  # outer edge at 90 x 60
    for a0 in (10, 100, 200, 290):  # four patches of 30 degrees each
        cv2.ellipse(m, (150, 150), (87, 57), 20, a0, a0 + 30, 0.0, 8)
    for a in np.linspace(0, 2 * np.pi, 14, endpoint=False):  # text marks inside the rim
        x, y = 150 + 62 * np.cos(a), 150 + 36 * np.sin(a)
        cv2.rectangle(m, (int(x - 5), int(y - 5)), (int(x + 5), int(y + 5)), 1.0, 2)
    circle = Shape(150, 150, 70, 70, 0.0)
    fit = outer_rim(m, circle)
    assert fit is not None
    long_, short = max(fit.rx, fit.ry), min(fit.rx, fit.ry)
    assert abs(long_ - 90) <= 3 and abs(short - 60) <= 3, fit
    assert abs(fit.cx - 150) <= 2 and abs(fit.cy - 150) <= 2, fit
    edge = refine(m, circle)
    assert edge is None or max(edge.rx, edge.ry) < 85, edge


def test_patchy_rim_in_two_stretches_with_breaks_as_short_as_for_more() -> None:
    """PatchyStampTest.two_gap: a rim in two stretches broken by 0.12 and 0.17 of the turn (a
    sector without rim) round a stamp that shows its inside twice over (its star and its text)
    is a stamp; the same rim round the text alone is not."""
    from redactor.detect.seals.judge import patchy_stamp

    keep = np.ones(144, bool)
    keep[[*range(36, 60), *range(100, 117)]] = False
    for star in (True, False):
        m, sh = _ring_mask(keep, star=star)
        c = Candidate(sh, ring_evidence(m, sh), SEAL_COLOUR, "red")
        assert patchy_stamp(c, m) is star, (star, c.ring)


# name_seal 531/5 (round 25): a 12 mm red 阴文 square on a phone photo, 陈静 signed across it in
# blue-black: the signature's strokes, darker than the red fill, set the fill's level and the
# fill read as cut out. The 阴文 test on a colour page takes print over the seal as neither fill
# nor cut-out, as on a grey copy (name_seal._yin_seen).
@pytest.mark.slow
def test_red_yin_name_seal_under_a_signature() -> None:
    found, visible = _ink_left("name_seal", 531, 5)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])
    assert any(f.detail.get("name_seal") for f in found)


def test_print_over_a_red_block_makes_no_yin_seal() -> None:
    """name_seal._yin_seen: a red 阴文 square (white characters cut out of a solid fill) with a
    dark stroke written across it is 阴文 with the stroke set aside, not without; a solid red
    square (nothing cut out) under the same stroke is not 阴文 either way."""
    from redactor.detect.seals.name_seal import _yin, _yin_seen

    def page(cut_out: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rgb = np.full((400, 400, 3), 245, np.uint8)
        cv2.rectangle(rgb, (180, 180), (220, 220), (215, 60, 55), -1)
        if cut_out:  # two columns of characters: white strokes inside the border
            for x in (190, 206):
                for y in (188, 200, 212):
                    cv2.line(rgb, (x - 4, y), (x + 4, y), (240, 235, 230), 2)
                cv2.line(rgb, (x, 186), (x, 214), (240, 235, 230), 2)
        strict = ((rgb[:, :, 0].astype(int) - rgb[:, :, 1] > 80) & (rgb[:, :, 0] > 150)).astype(
            np.float32
        )
        for y in (186, 198):  # a signature written across its top half
            cv2.line(rgb, (170, y), (230, y + 6), (30, 35, 70), 5)
        over = (rgb.max(axis=2) < 90).astype(np.float32)
        strict[over > 0] = 0  # the signature is no red ink
        return rgb, strict, over

    sh = Shape(200.0, 200.0, 20.5, 20.5, 0.0, "box")
    for cut_out in (True, False):
        rgb, strict, over = page(cut_out)
        light = rgb.min(axis=2).astype(np.float32)
        assert not _yin(strict, light, sh), cut_out
        assert _yin_seen(strict, light, sh, over) is cut_out, cut_out


@pytest.mark.parametrize(
    ("seed", "across", "degradations"),
    [
        (5, 1.07, ()),
        (6, 1.065, ("photocopy",)),
        (7, 1.07, ("phone",)),
        pytest.param(8, 1.07, ("tilt",), marks=pytest.mark.slow),  # a sibling of the scan's
    ],
)
def test_a_slice_of_a_seal_under_a_third_of_it_at_the_page_edge_is_masked(
    seed: int, across: float, degradations: tuple[str, ...]
) -> None:
    """Probes round 18: a contract's page with the slice of its perforation seal (骑缝章) that
    fell on it, under a third of the seal's width, its arc text partly readable (博尔塔), was
    left on the scan, the photocopy and the phone photo: the share of its outline on the page is
    under what the ring tests judge (OutlineSettings.min_on_page). A rim's arc meeting the edge
    at both ends with marks inside it is such a slice (seals.slices). The seal's centre is at
    ``across`` of the page's width (a seal about a fifth of the width across)."""
    found, cover = _found(_page([("round", (across, 0.5))], seed, degradations))
    assert cover == [pytest.approx(1.0, abs=0.01)], [f.detail for f in found]
    assert len(found) == 1


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "across"), [(1, 1.0), (3, 0.985)])
def test_a_seal_cut_by_the_edge_of_a_photographed_page_is_masked_whole(
    seed: int, across: float
) -> None:
    """Probes round 14: a contract's perforation seal (骑缝章) cut by the page's edge, 40% and
    60% of it on the page, was masked on the scans and left whole on the phone photos: there
    the page lies on a desk and the rest of the ring would lie on the desk, with no ink. A seal
    cut by the edge of a generated page (its centre at ``across`` of the page's width) was found
    on the scans and on 2 of 9 photos. The page's paper is found and searched straightened
    (seals.paper), where its edge is the image's."""
    found, cover = _found(_page([("round", (across, 0.5))], seed, ("phone",)))
    assert cover == [pytest.approx(1.0, abs=0.01)], [f.detail for f in found]
    assert len(found) == 1 and found[0].detail["paper_edge"]


# ------------------------------------------------ red thumbprints (手印: ThumbprintTest, round 30)
# bench.seals' thumbprint conditions (samples.synth_thumbprints), tuning seeds 651 and 661: every
# false seal there was a thumbprint taken for a 阴文 name seal, its blurred ridges for a fill with
# its characters cut out (651/1 and 2 scanned; 651 thumbprint_seal 8, scanned, beside a real
# square seal that must stay found). Left: prints whose border fades less than ThumbprintTest
# asks (651/7 and 14 as drawn, 651/11 and 15 photographed or scanned), see BENCHMARKS.md.
@pytest.mark.slow
@pytest.mark.parametrize(
    ("condition", "seed", "index"),
    [("thumbprint", 651, 1), ("thumbprint", 651, 2), ("thumbprint_seal", 651, 8)],
)
def test_a_red_thumbprint_is_no_seal(condition: str, seed: int, index: int) -> None:
    if condition == "thumbprint":
        page, inks = bench_page(condition, seed, index), []
    else:
        page, inks = _thumbprint_seal_page(seed, index)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    h, w = page.image.shape[:2]
    truths = [truth_polygon(it.to_dict(), w, h) for it in page.items if it.kind == "seal"]
    outlines = [np.asarray(f.outline, float) for f in found]
    false = [
        f.detail
        for f, o in zip(found, outlines, strict=True)
        if not any(coverage(t, [o], w, h) > 0.5 for t in truths)
    ]
    assert false == []
    assert all(ink_visible(ink, outlines) <= WHOLE_VISIBLE for ink in inks)


def _thumbprint_seal_page(seed: int, index: int) -> tuple[synth.SynthPage, list[np.ndarray]]:
    from samples import synth_thumbprints

    condition = synth_thumbprints.THUMBPRINT_SEAL
    rng = np.random.default_rng([seed, index, sum(map(ord, condition))])
    idt = synth.IDENTITIES[index % len(synth.IDENTITIES)]
    return synth_thumbprints.make_thumbprint_seal_page(idt, rng, index)


def test_fades_out_tells_a_thumbprint_from_a_yin_seal() -> None:
    """``fades_out`` on drawn prints and seals at the working image's scale (3.4 px a mm): a
    thumbprint of each pattern is lighter at its border than inside; a 阴文 seal, round, oval
    or square, whose border is its fill's uncut ink, is not."""
    from redactor.detect.seals.name_seal import fades_out
    from samples import synth_thumbprints

    px_mm = 3.4
    red = np.array([205, 40, 45], np.float32)

    def on_paper(alpha: np.ndarray) -> np.ndarray:
        pad = np.pad(alpha, 30)
        rgb = 255 * (1 - pad[:, :, None] * (1 - red / 255))
        return rgb.min(axis=2).astype(np.float32)

    for k, pattern in enumerate(synth_thumbprints.PATTERNS):
        rng = np.random.default_rng(k)
        alpha = synth_thumbprints.thumbprint_alpha(px_mm, rng, pattern=pattern)
        ys, xs = np.nonzero(alpha > 0.1)  # its outline at the ink's outer edge, as fitted
        pts = np.c_[xs, ys].astype(np.float32) + 30
        (cx, cy), (ew, eh), ang = cv2.fitEllipse(cv2.convexHull(pts))
        assert fades_out(on_paper(alpha), Shape(cx, cy, ew / 2, eh / 2, ang)), pattern
    for k, (shape, aspect) in enumerate((("round", 1.0), ("oval", 1.35), ("square", 1.0))):
        rng = np.random.default_rng(10 + k)
        m, (cx, cy, rx, ry, ang), _ = synth_seals.draw_name_seal(
            15 * px_mm, list("王伟之印"), rng, shape=shape, style="yin", aspect=aspect
        )
        kind = "box" if shape == "square" else "ellipse"
        sh = Shape(cx + 30, cy + 30, rx, ry, ang, kind)
        assert not fades_out(on_paper(m), sh), shape


# The thumbprint test's size floor (ThumbprintTest.min_radius): small 阴文 name seals whose
# one- or two-pixel border a scan's or a photo's blur spreads read as fading towards their edge
# as a print does (seed 17 page 9, scanned, 0.70 of the inside; seed 7 page 8, photographed,
# 0.88), and are no thumb's size: they stay found.
@pytest.mark.parametrize(("seed", "index"), [(17, 9), (7, 8)])
def test_a_small_yin_name_seal_is_no_thumbprint(seed: int, index: int) -> None:
    found, visible = _ink_left("name_seal", seed, index)
    assert any(f.detail.get("name_seal") for f in found)
    assert max(visible) <= WHOLE_VISIBLE, visible


# ------------------------------------- seals over a photo's corner (PhotoCornerTest, round 31)
# Probes round 18's b02: a work card's grey copy, its seal over the photo's corner, was not found
# by mask and verify passed it. bench.seals' photo_corner (samples.synth_photo_seals), tuning
# seed 31: pages the base code (a8d86da) missed, each a grey copy of a card (page i: finish
# FINISHES[i % 6], layout LAYOUTS[i % 3]); 0 and 21 with the card's text beside the seal, 6
# with the rim touching a field's print, 9 with the arc text hidden by the photo.
def _photo_corner_page(seed: int, index: int) -> tuple[synth.SynthPage, list[np.ndarray]]:
    from samples import synth_photo_seals

    rng = np.random.default_rng([seed, index, sum(map(ord, synth_photo_seals.PHOTO_CORNER))])
    idt = synth.IDENTITIES[index % len(synth.IDENTITIES)]
    return synth_photo_seals.make_photo_corner_page(idt, rng, index)


@pytest.mark.parametrize(
    ("seed", "index"), every_nth_by_default(2, [(31, 0), (31, 6), (31, 9), (31, 21)])
)
def test_a_round_seal_over_a_photos_corner_is_masked(seed: int, index: int) -> None:
    """A unit seals a work card or a form's photo with its round seal over one of the photo's
    corners. On a grey copy the photo's darks spoil the ring tests along half the outline; the
    arc on the paper, meeting the photo at both ends with the unit's name inside it, is judged
    as a slice cut by the page's edge is (seals.photos)."""
    page, inks = _photo_corner_page(seed, index)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    h, w = page.image.shape[:2]
    (truth,) = [truth_polygon(it.to_dict(), w, h) for it in page.items if it.kind == "seal"]
    outlines = [np.asarray(f.outline, float) for f in found]
    assert coverage(truth, outlines, w, h) >= 0.99, [f.detail for f in found]
    assert len(found) == 1


@pytest.mark.slow
def test_verify_fails_a_seal_left_over_a_photos_corner() -> None:
    """verify passed b02's copy with its seal left: the seal is found there as mask finds it, and
    not covered, it fails as visible."""
    from redactor.verify.visible import seal_reasons

    page, _ = _photo_corner_page(31, 0)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    identity = Identity(synth.IDENTITIES[0].name, synth.IDENTITIES[0].unit)
    reasons = seal_reasons(Page("t", 1, page.image, 300.0), identity, MaskOptions(dpi=300), found)
    assert [r.code for r in reasons] == ["visible_seal"], reasons


# ----------------------------------------------- an app's round name avatars (AvatarTest, round 31)
# Probes round 18's r05: an approval app's avatars (a flat disc, one or two white characters of
# a name) were taken for 阴文 name seals. bench.seals' avatars (samples.synth_avatars), tuning
# seed 31: pages with false seals on the base code (a8d86da): page i as saved (i % 4 == 0), as
# JPEG (1), photographed (2). Left: one avatar each on pages 3 and 11 (photographed, JPEG).
@pytest.mark.parametrize("index", every_nth_by_default(2, [0, 2, 1, 5]))
def test_an_apps_round_name_avatar_is_no_seal(index: int) -> None:
    page = bench_page("avatars", 31, index)
    assert find_seals(Page("t", 1, page.image, float(page.dpi))) == []


def test_fill_spread_tells_a_flat_avatar_from_a_stamped_yin_seal() -> None:
    """``flat_avatar`` on drawn shapes at the working image's scale (3.4 px a mm): a disc of one
    flat colour with two white characters is flat, in any of the apps' colours; a 阴文 seal
    stamped with uneven ink (samples.synth_seals.draw_name_seal), round, is not."""
    from redactor.detect.seals.name_seal import flat_avatar
    from samples import synth_avatars

    px_mm = 3.4

    def on_paper(alpha: np.ndarray, colour: tuple[int, int, int]) -> np.ndarray:
        pad = np.pad(alpha, 30)
        rgb = 255 * (1 - pad[:, :, None] * (1 - np.asarray(colour, np.float32) / 255))
        return rgb.min(axis=2).astype(np.float32)

    for k in range(3):
        m, (cx, cy, rx, ry, ang), _ = synth_seals.draw_name_seal(
            15 * px_mm, list("王伟"), np.random.default_rng(20 + k), shape="round", style="yin"
        )
        sh = Shape(cx + 30, cy + 30, rx, ry, ang)
        assert not flat_avatar(on_paper(m, (214, 40, 45)), sh), k
        # the same disc and characters in one flat colour
        flat = cv2.GaussianBlur((m > 0.05).astype(np.float32), (0, 0), 0.6)
        for colour in synth_avatars.PALETTE[::3]:
            assert flat_avatar(on_paper(flat, colour), sh), (k, colour)


# ---------------------------------------- bench.seals' name_seal misses traced (round 32)
# name_seal seed 31 (tuned), missed on afbfb26: page 8, a 19 mm round 阴文 seal of 博文
# photocopied, and page 19, an 8 mm oval of 海涛 photocopied, where the copy's blur joined the two
# glyphs' cut-outs into one mark (NameSealTest.yin_mark_cuts); page 2, a faint 10 mm 阳文 square
# on a phone photo, and page 23, a 14 mm round one under a signature on a phone photo with JPEG,
# their rims in pieces in the strict mask and whole in the lenient one
# (NameSealTest.faint_max_proposals).
@pytest.mark.parametrize("index", every_nth_by_default(2, [8, 2, 19, 23]))
def test_a_name_seal_bench_seals_missed_on_seed_31_is_masked(index: int) -> None:
    found, visible = _ink_left("name_seal", 31, index)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])
    assert any(f.detail.get("name_seal") for f in found)


def test_a_yin_seals_marks_are_counted_above_the_copys_lighter_specks() -> None:
    """Two 阴文 glyphs whose cut-outs a light fill's specks join at the usual cut (yin_cut) are
    two marks higher up; one glyph's cut-out alone is one mark at every cut."""
    from redactor.detect.seals.name_seal import _cut_marks

    g = np.full((21, 21), 100.0)  # the fill
    g[4:17, 4:8] = g[4:17, 13:17] = 250.0  # two glyphs' strokes, at the paper's level
    g[9:12, 8:13] = 175.0  # a lighter speck of the fill between them, half way up
    seen = np.ones(g.shape, bool)
    assert _cut_marks(g, seen, 100.0, 250.0) == 2
    g[4:17, 13:17] = 100.0  # one glyph
    assert _cut_marks(g, seen, 100.0, 250.0) == 1


# ---------------------------------- an app's avatars photocopied (AvatarTest, grey; round 32)
# Probes round 18's r05 copy: an approval app's screenshot printed and photocopied, its avatars
# (grey discs, white characters) taken by the grey 阴文 search. bench.seals' avatars_grey
# (samples.synth_avatars.GREY_FINISHES), tuning seed 31: 49 false seals on 12 pages on afbfb26,
# page i photocopied (i % 3 == 0), tilted and photocopied (1), JPEG and photocopied (2).
@pytest.mark.parametrize("index", every_nth_by_default(2, [0, 1, 2]))
def test_an_apps_avatar_photocopied_is_no_seal(index: int) -> None:
    page = bench_page("avatars_grey", 31, index)
    assert find_seals(Page("t", 1, page.image, float(page.dpi))) == []


# ...while photocopied round and oval 阴文 name seals, stamped, are kept (name_seal 31/8 and
# 31/9, 17/18 and 17/39 of the grey name seals measured: fill spread 0.46-0.97)
@pytest.mark.parametrize(("seed", "index"), every_nth_by_default(2, [(31, 9), (17, 18), (17, 39)]))
def test_a_photocopied_round_yin_name_seal_is_no_avatar(seed: int, index: int) -> None:
    found, visible = _ink_left("name_seal", seed, index)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])
    assert any(f.detail.get("name_seal") for f in found)


def _page_with_rings(rng: np.random.Generator, seal: bool) -> np.ndarray:
    """A letter in black print with a red pen's circle round a word and a coffee cup's brown
    ring over its first lines (probes round 21's p09 and p05), and a red seal if asked."""
    img = Image.new("RGB", (700, 990), "white")
    d = ImageDraw.Draw(img)
    font = synth.get_font("song", 20)
    for i in range(8):
        d.text(
            (80, 190 + 36 * i),
            "兹证明我校教师马晓燕同志自二〇一二年起从事初中数学",
            font=font,
            fill=0,
        )
    d.ellipse((320, 180, 440, 226), outline=(210, 30, 40), width=3)  # round 教师马晓燕
    a = np.asarray(img).astype(np.float32)
    yy, xx = np.mgrid[0:990, 0:700]
    rr = np.hypot(xx - 190, (yy - 220) * 1.08) / 85
    stain = np.clip(np.exp(-(((rr - 1) / 0.035) ** 2)) * 0.55 + (rr < 1) * 0.22, 0, 0.8)[..., None]
    a = a * (1 - stain) + a * np.array([150, 105, 60], np.float32) / 255 * stain
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if seal:
        synth.draw_seal(img, (510, 620), 62, "博乐市第七中学", rng=rng)
    return np.asarray(img)


@pytest.mark.parametrize("photo", every_nth_by_default(2, [False, True]))
def test_a_pen_circle_and_a_coffee_ring_on_a_colour_page_are_no_seals(photo: bool) -> None:
    """Probes round 21: on a colour page with little colour the grey search (for seals a copy
    turned grey) took a red pen's circle round a name and a coffee cup's brown ring for seals,
    and the ring's fill blacked out the title and the first lines. A ring whose ink is in
    colour is judged by its colour's search or is no seal ink (max_coloured_rim); a red seal
    on the same page is found. (On a grey copy of the page the ring is grey: a known limit.)"""
    rng = np.random.default_rng(21)
    image = _page_with_rings(rng, seal=photo)
    if photo:
        image = synth.phone_photo(synth.SynthPage(image, [], True), rng).image
    found = find_seals(Page("t", 1, image, 85.0))
    if not photo:
        assert found == [], [f.detail for f in found]
        return
    # the seal found, and nothing else: the rings' place is left
    assert len(found) == 1 and found[0].bbox.x0 > 300, [f.detail for f in found]


# ----------------------------- a photocopied 阳文 name seal without a star (round 33)
# name_seal seed 711 page 3 (never run before round 33, traced there): a 15 mm round 阳文 seal of
# 李娜印 photocopied, its rim and name in the same mid grey. The grey ring tests passed it; the
# small starless round's refusal (a 〇 drawn round a word: detector._starless_small_round) took
# it away. A name inside in the rim's own grey, no darker than the rim, is a personal seal's
# (GreyYangNameSealTest); a word ringed in pen holds print darker than its ring.
def test_a_photocopied_round_yang_name_seal_without_a_star_is_masked() -> None:
    found, visible = _ink_left("name_seal", 711, 3)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])


# ------------------------------ a seal on a red certificate (GroundSettings; round 33)
# Probes round 20's n11: gold print on a red certificate, the unit's seal a shade darker than the
# red, not found (the colour search sees red everywhere, the grey one is not run). bench.seals'
# red_cert (samples.synth_red_certs): page i is drawn as is (i % 6 == 0), photocopied (1),
# photographed (2), tilted and photocopied (3), photographed with JPEG (4), scanned with noise and
# JPEG (5); tuning seed 31, where page 1 (photocopied straight, its rim 4-9 off the ground's grey)
# is left (BENCHMARKS.md).
def _red_certificate(seed: int, index: int, seal: bool = True) -> tuple[list[Finding], list[float]]:
    from samples import synth_red_certs

    rng = np.random.default_rng([seed, index, sum(map(ord, synth_red_certs.RED_CERT))])
    identity = synth.IDENTITIES[index % len(synth.IDENTITIES)]  # as bench.seals draws it
    page, inks = synth_red_certs.make_red_certificate_page(identity, rng, index, seal=seal)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    outlines = [np.asarray(f.outline, float) for f in found]
    return found, [ink_visible(ink, outlines) for ink in inks]


@pytest.mark.parametrize("index", every_nth_by_default(5, [0, 2, 3, 4, 5]))
def test_a_seal_on_a_red_certificate_is_masked(index: int) -> None:
    found, visible = _red_certificate(31, index)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])


@pytest.mark.parametrize("index", every_nth_by_default(6, [0, 1, 2, 3, 4, 5]))
def test_a_red_certificate_without_a_seal_has_none(index: int) -> None:
    page = bench_page("red_cert_none", 31, index)
    assert find_seals(Page("t", 1, page.image, float(page.dpi))) == []


def test_only_a_page_on_a_coloured_or_dark_ground_is_searched_again_on_it() -> None:
    """A red certificate and its photocopy are on a ground; white paper with a red letterhead
    and a red banner across a third of it is not."""
    from redactor.detect.seals.ground import ground_relative

    red = np.full((400, 600, 3), (150, 22, 28), np.uint8)
    assert ground_relative(red) is not None
    assert ground_relative(np.full((400, 600, 3), 61, np.uint8)) is not None  # its copy
    paper = np.full((400, 600, 3), 250, np.uint8)
    paper[:60] = (200, 20, 30)  # a letterhead's band
    paper[150:280] = (190, 25, 35)  # a banner
    assert ground_relative(paper) is None


def test_a_head_on_a_white_picture_on_a_dark_screen_is_no_seal() -> None:
    """A video meeting's gallery (probes round 22): a dark screen holds a tile with a portrait
    on a white backdrop. Seen as its departure from the dark ground, the white turns black and
    the head inside it a ring, which the search on the ground filled as a seal over the face.
    A seal is stamped on the ground, and there the ground under the ring is the picture's."""
    screen = Image.new("RGB", (1000, 560), (28, 28, 30))
    for x, y in ((20, 20), (20, 290)):  # other tiles: the screen's own grey
        screen.paste((50, 50, 54), (x, y, x + 440, y + 250))
    photo = Image.open(REALDATA / "faces" / "f21_pose_looking_up.jpeg").convert("RGB")
    screen.paste(ImageOps.fit(photo, (600, 320), centering=(0.5, 0.35)), (380, 220))
    found = find_seals(Page("t", 1, np.asarray(screen), 0.0))
    assert found == [], [f.detail for f in found]


def _grey_ring_page(seed: int, index: int, seal: bool) -> tuple[list[Finding], list[float]]:
    from samples import synth_grey_rings

    name = synth_grey_rings.GREY_RINGS_SEAL if seal else synth_grey_rings.GREY_RINGS
    rng = np.random.default_rng([seed, index, sum(map(ord, name))])
    identity = synth.IDENTITIES[index % len(synth.IDENTITIES)]  # as bench.seals draws it
    page, inks = synth_grey_rings.make_grey_ring_page(identity, rng, index, seal=seal)
    found = find_seals(Page("t", 1, page.image, float(page.dpi)))
    outlines = [np.asarray(f.outline, float) for f in found]
    return found, [ink_visible(ink, outlines) for ink in inks]


@pytest.mark.parametrize("index", every_nth_by_default(2, [6, 0, 2]))
def test_a_pens_ring_on_a_grey_copy_is_no_seal(index: int) -> None:
    """Pen circles round a name or a paragraph, photocopied (bench.seals' grey_rings 31/6: a
    seal-sized circle whose stroke is 0.03 of its radius; 31/0 and 31/2: black pens' circles as
    even and dark as DrawnRingTest asks, 55-70 px, over its small rings' size)."""
    found, _ = _grey_ring_page(31, index, seal=False)
    assert found == [], [f.detail for f in found]


@pytest.mark.slow
@pytest.mark.parametrize("index", [0, 7])
def test_a_grey_seal_beside_pen_rings_and_cup_rings_is_masked(index: int) -> None:
    """A copied unit seal among pen circles keeps its mask (its rim 0.060-0.065 of its radius)."""
    found, visible = _grey_ring_page(31, index, seal=True)
    assert visible and max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])


def test_a_pens_stroke_is_thinner_for_its_ring_than_a_seals_rim() -> None:
    """PenRingTest on drawn darkness maps: a seal-sized ring of a 2.5 px stroke is a pen's; a
    rim 0.06 of the radius, uneven along its turn, is not; nor is a pen's stroke on a ring under
    the seal size (where the two cannot be told)."""
    from redactor.detect.seals.judge import pen_ring, rim_width

    def ring(r: float, width: float, uneven: bool) -> np.ndarray:
        dark = np.zeros((700, 700), np.float32)
        cv2.circle(dark, (350, 350), round(r - width / 2), 1.0, max(1, round(width)), cv2.LINE_AA)
        if uneven:  # a stamp's pressure: darker on one side
            dark *= np.linspace(0.35, 0.7, 700, dtype=np.float32)[None, :]
        else:
            dark *= 0.6  # paler than print: not DrawnRingTest's
        return cv2.GaussianBlur(dark, (0, 0), 0.7)

    pen = seal = Shape(350.0, 350.0, 80.0, 80.0, 0.0)
    small = Shape(350.0, 350.0, 30.0, 30.0, 0.0)
    assert pen_ring(ring(80, 2.5, False), pen, 700)
    assert rim_width(ring(80, 2.5, False), pen) < rim_width(ring(80, 4.8, True), seal)
    assert not pen_ring(ring(80, 4.8, True), seal, 700)
    assert not pen_ring(ring(30, 2.0, True), small, 700)


# ------------------------------ pale name seals on grey copies (round 35)
# bench.seals' name_seal misses traced by round 33 and left: a faint red 阳文 stamp that the
# copy's contrast curve whitened under the grey search's levels (seed 711 page 0, an 8 mm square
# of 王伟之印, its frame at 0.13-0.25 below the paper and its name at 0.05; seed 31 page 4, an 8 mm
# oval under the written 刘建国; seed 31 page 14, a 6 mm-wide oval), and a 阴文 square beside a
# signature that joined its fill (seed 7001 page 5, 陈静). Looked for on the copy's pale ink with
# print unseen (PaleNameSealTest), the 阴文 one with print's edge unseen too
# (GreyNameSealTest.black_grow_px).
@pytest.mark.parametrize(
    ("seed", "index"), every_nth_by_default(2, [(711, 0), (31, 4), (7001, 5), (31, 14)])
)
def test_a_pale_name_seal_on_a_grey_copy_is_masked(seed: int, index: int) -> None:
    found, visible = _ink_left("name_seal", seed, index)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])
    assert any(f.detail.get("name_seal") for f in found)


def test_print_over_a_grey_copy_is_unseen_to_the_pale_search() -> None:
    """The pale ink (PaleNameSealTest.pale_dark) is ink, print's black and its edge unseen (-1),
    paper 0: a pale rim under a black stroke is hidden there, not cut by paper."""
    from redactor.detect.seals.name_seal import _print_unseen

    dark = np.zeros((40, 40), np.float32)
    cv2.circle(dark, (20, 20), 12, 0.15, 2)  # a pale rim
    dark[18:22, :] = 0.9  # a line of print across it
    seen = _print_unseen(dark)
    assert seen[20, 20 - 12] == -1.0 and seen[17, 0] == -1.0  # print and its edge
    assert seen[8, 20] == 1.0 and seen[0, 0] == 0.0  # the rim, the paper


# ------------------------- a red certificate's photocopy, its seal a few levels off (round 35)
# red_cert seed 31 page 1 (photocopied straight) and seed 751 page 3 (tilted and photocopied):
# the copy's curve pressed the dark red ground and the seal's darker red together, the rim 4-6
# off the ground's grey, under the grey search's ink level at the ground search's first contrast
# (24). A dark grey ground (a copy's) is searched at a stronger one first (GroundSettings.
# copy_scales). (Seeds 741, 761 and 771 page 1: the copy clipped ground and seal to one black,
# 0.72-0.74 of the seal's ink at 0; nothing of the seal is on the page.)
@pytest.mark.parametrize(("seed", "index"), every_nth_by_default(2, [(31, 1), (751, 3)]))
def test_a_seal_on_a_red_certificates_photocopy_is_masked(seed: int, index: int) -> None:
    found, visible = _red_certificate(seed, index)
    assert max(visible) <= WHOLE_VISIBLE, (visible, [f.detail for f in found])


def test_a_copys_dark_grey_ground_is_searched_at_a_stronger_contrast() -> None:
    """The ground search shows a dark grey ground (a copy's) at GroundSettings.copy_scales too,
    a coloured ground (a red certificate as drawn) at full_scales alone."""
    from redactor.detect.seals.ground import ground_relative
    from redactor.detect.seals.settings import GROUND

    for colour, n in (((60, 60, 60), 1), ((180, 30, 35), 0)):
        page = np.full((400, 600, 3), colour, np.uint8)
        view = ground_relative(page)
        assert view is not None
        assert len(view.copies) == len(GROUND.full_scales) + n * len(GROUND.copy_scales)


def _ring_logo(size: int, text: str, colour: tuple[int, int, int]) -> Image.Image:
    """A hospital's round logo as letterheads print it: two rings, the unit's name round the top
    between them, a cross inside (probes round 26's own drawing, not samples')."""
    import math

    from tests.conftest import cjk_font

    logo = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(logo)
    ink = (*colour, 255)
    d.ellipse((2, 2, size - 2, size - 2), outline=ink, width=max(2, size // 30))
    d.ellipse((size * 0.2, size * 0.2, size * 0.8, size * 0.8), outline=ink, width=size // 40)
    c, fs = size / 2, int(size * 0.1)
    for k, ch in enumerate(text):
        angle = math.radians(200 - k * 220 / (len(text) - 1))
        x, y = c + 0.4 * size * math.cos(angle), c - 0.4 * size * math.sin(angle)
        glyph = Image.new("RGBA", (2 * fs, 2 * fs), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((fs // 2, fs // 3), ch, font=cjk_font(fs), fill=ink)
        glyph = glyph.rotate(math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        logo.alpha_composite(glyph, (int(x - fs), int(y - fs)))
    arm, bar = size * 0.18, size * 0.05
    d.rectangle((c - bar, c - arm, c + bar, c + arm), fill=ink)
    d.rectangle((c - arm, c - bar, c + arm, c + bar), fill=ink)
    return logo


@pytest.mark.every_case
@pytest.mark.parametrize("colour", [(20, 130, 90), (0, 120, 130), (30, 70, 170)])
def test_a_units_round_logo_in_green_or_blue_is_found_and_read(
    colour: tuple[int, int, int],
) -> None:
    """Probes round 26: a hospital's letterhead logo, its full name round a ring, in green
    (hue 150-185): no seal ink was green, the arc-text search does not reach glyphs this small
    (18 px), and the unit stayed readable. The same logo in blue was found."""
    unit = "博尔塔拉蒙古自治州妇幼保健院"
    page = Image.new("RGBA", (1240, 900), "white")
    page.alpha_composite(_ring_logo(180, unit, colour), (90, 60))
    d = ImageDraw.Draw(page)
    from tests.conftest import cjk_font

    d.text((300, 95), "妇幼保健院", font=cjk_font(60), fill=colour)
    d.line((80, 270, 1160, 270), fill=colour, width=4)
    d.text((120, 340), "关于申报主治医师资格的推荐意见", font=cjk_font(40), fill=(0, 0, 0))
    rgb = np.asarray(page.convert("RGB"))
    seals = find_seals(Page("letterhead.png", 1, rgb, 150.0))
    assert len(seals) == 1
    (seal,) = seals
    assert seal.bbox.x0 < 180 < seal.bbox.x1 and seal.bbox.y0 < 150 < seal.bbox.y1
    assert fuzz.partial_ratio(normalise(seal.text), unit) >= 80, seal.text
