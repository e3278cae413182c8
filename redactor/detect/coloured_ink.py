"""Text in coloured ink over black print, read from the coloured ink alone.

A unit's strip stamp (条章: 博尔塔拉蒙古自治州人民医院 in one line, framed or bare, red or blue,
often with 人事科 or a date under it) or a blue stamped line (已审核 经办：王伟) is stamped across
lines of print. Text detection takes the crossing strokes of two lines at two angles for
neither: the stamp's line is not found at all, and the unit stays readable on the output. Each
region of coloured ink is read again from that ink alone, paper everywhere else; its lines that
say something the page's lines there do not are added to the page's lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from redactor.types import BBox, TextLine


@dataclass(frozen=True)
class ColouredInkSettings:
    """Which pixels are coloured ink, which regions of it are read, and what is kept."""

    # HSV (OpenCV: hue 0-179): red and magenta stamp inks, blue and violet ones.
    red_hues: tuple[tuple[int, int], ...] = ((0, 12), (155, 179))
    blue_hues: tuple[tuple[int, int], ...] = ((95, 140),)
    min_saturation: int = 70
    min_value: int = 50
    # Regions are found on a copy this long at most; ink is joined into regions by a closing of
    # this share of that copy's long side (the glyphs of a stamped line join across a double
    # space; lines apart do not).
    work_side: int = 1000
    join: float = 0.025
    # A region is read when it is at least this tall and long (working px: a line of glyphs of
    # about 2.5 mm at 150 dpi) and holds at least this many ink pixels (working px).
    min_short_side: int = 10
    min_long_side: int = 30
    min_ink: int = 150
    # At most this many regions a page are read, largest first (a page of coloured text is no
    # stamp: its lines are read by the page's OCR), none over ``max_region_share`` of the page
    # (a phone photo's colour cast, a coloured backdrop).
    max_regions: int = 6
    max_region_share: float = 0.15
    # Pixels darker than this (grey) and not coloured are black print.
    print_below: int = 110
    # The ink-alone layer: a pixel of the inks' hues is this many grey levels darker than paper
    # for each level of chroma (max - min of R, G, B): a stamp's full red (chroma ~170) black.
    layer_gain: float = 1.5
    # A region's ink covers at most this share of its box (a photo's colours are solid), it
    # is at least ``min_aspect`` times as long as wide along its own angle (a strip or a line;
    # round, oval (up to about 1.5) and square seals are the seal search's), and black print
    # covers at least ``min_print_share`` of it (a stamp in white space, a red title, is read
    # by the page's OCR). A six-glyph unit's framed strip stamp with a second line under it is
    # about 2.1 (bench seed 2121's 温泉县水利局 over 医务部: 2.12, never read at 2.2).
    max_ink_share: float = 0.45
    min_aspect: float = 1.8
    min_print_share: float = 0.01
    # The crop read is the region grown by this share of its short side.
    margin: float = 0.4
    # The print under a stamp is read with the stamp's ink unmixed from it: in each grown
    # region, each pixel's darkening from paper (its ``paper_percentile`` colour) is split, in
    # log reflectance and by least squares over R, G and B, into the stamp's ink (the median
    # colour of its coloured pixels there) and neutral black print of ``print_reflectance``
    # times paper, and redrawn as paper darkened by the print alone. Whitening the coloured
    # pixels left a faded stamp's edges and strokes not saturated enough to count over the print
    # (bench seed 2141's phone photo: a violet 精河县教育局 over 现在博乐市第一中学工作 read as
    # 现在河景有局, the unit readable); unmixed it reads whole.
    paper_percentile: float = 95.0
    print_reflectance: float = 0.2
    # A region with fewer coloured pixels than this has no ink colour to unmix: left as it is.
    min_unmix_pixels: int = 50


COLOURED_INK = ColouredInkSettings()


def _in_ranges(hue: np.ndarray, ranges: tuple[tuple[int, int], ...]) -> np.ndarray:
    out = np.zeros(hue.shape, bool)
    for lo, hi in ranges:
        out |= (hue >= lo) & (hue <= hi)
    return out


def coloured_pixels(image: np.ndarray, s: ColouredInkSettings = COLOURED_INK) -> np.ndarray:
    """Where red or blue ink lies (a boolean mask)."""
    hsv = cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    hues = _in_ranges(hue, s.red_hues) | _in_ranges(hue, s.blue_hues)
    return hues & (sat >= s.min_saturation) & (val >= s.min_value)


def ink_regions(
    ink: np.ndarray, printed: np.ndarray, s: ColouredInkSettings = COLOURED_INK
) -> list[BBox]:
    """Boxes of the regions of coloured ink worth a read, in the image's pixels: a line or strip
    of coloured strokes (not a photo's colours, not a round seal's ring) lying across black
    print (``printed``), where the page's OCR may have missed it."""
    h, w = ink.shape
    k = min(1.0, s.work_side / max(h, w))
    size_small = (max(1, round(w * k)), max(1, round(h * k)))
    small = cv2.resize(ink.astype(np.uint8), size_small, interpolation=cv2.INTER_NEAREST)
    under = cv2.resize(printed.astype(np.uint8), size_small, interpolation=cv2.INTER_NEAREST)
    size = max(3, round(s.join * max(small.shape)))
    joined = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    regions = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if min(bw, bh) < s.min_short_side or max(bw, bh) < s.min_long_side:
            continue
        if bw * bh > s.max_region_share * small.shape[0] * small.shape[1]:
            continue
        part = labels[y : y + bh, x : x + bw] == i
        inked = int(small[y : y + bh, x : x + bw][part].sum())
        if inked < s.min_ink or inked > s.max_ink_share * bw * bh:
            continue  # a few specks, or a photo's solid colour
        (_, _), (rw, rh), _ = cv2.minAreaRect(cv2.findNonZero(part.astype(np.uint8)))
        if max(rw, rh) < s.min_aspect * max(min(rw, rh), 1.0):
            continue  # round or square: a seal, found and masked whole by the seal search
        if under[y : y + bh, x : x + bw][part].mean() < s.min_print_share:
            continue  # on bare paper: the page's OCR has read it
        regions.append((inked, BBox(x / k, y / k, (x + bw) / k, (y + bh) / k)))
    regions.sort(key=lambda r: -r[0])
    return [b for _, b in regions[: s.max_regions]]


def ink_alone(image: np.ndarray, s: ColouredInkSettings = COLOURED_INK) -> np.ndarray:
    """The page as its coloured ink alone: each pixel of a stamp's hue as dark as its colour is
    strong (chroma times ``layer_gain``), the rest paper. Soft, not a threshold: a JPEG'd or
    blurred stamp's thin strokes keep their shape (a binary mask of the ink read the unit as
    博尔塔拉蒙古自 州人民衙院)."""
    rgb = np.ascontiguousarray(image[:, :, :3])
    chroma = rgb.max(axis=2).astype(np.int16) - rgb.min(axis=2)
    hue = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)[:, :, 0]
    inked = (_in_ranges(hue, s.red_hues) | _in_ranges(hue, s.blue_hues)).astype(np.uint8)
    # hue is unsteady at a stroke's faint edge: a pixel next to the ink's hue counts
    inked = cv2.dilate(inked, np.ones((3, 3), np.uint8)).astype(bool)
    dark = np.clip(255.0 - chroma * s.layer_gain, 0, 255).astype(np.uint8)
    out = np.where(inked, dark, np.uint8(255))
    return np.repeat(out[:, :, None], 3, axis=2)


def _says_more(line: TextLine, lines: list[TextLine]) -> bool:
    """Whether ``line`` reads text that the page's lines over the same place do not hold."""
    text = "".join(c for c in line.text if not c.isspace())
    if not text:
        return False
    b = line.quad.bbox
    there = "".join(
        o.text
        for o in lines
        if b.intersection(o.quad.bbox).area > 0.2 * min(b.area, o.quad.bbox.area)
    )
    return text not in "".join(c for c in there if not c.isspace())


def read_coloured_ink(
    image: np.ndarray, lines: list[TextLine], rotation: int, s: ColouredInkSettings = COLOURED_INK
) -> list[TextLine]:
    """Lines of coloured ink (stamps over print) that the page's ``lines`` do not say, read from
    the coloured ink alone, turned like the page; in the page's pixels."""
    from redactor.detect.text import read_region, read_under_ink

    if image.ndim != 3:
        return []
    ink = coloured_pixels(image, s)
    grey = cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY)
    regions = ink_regions(ink, (grey < s.print_below) & ~ink, s)
    if not regions:
        return []
    layer = ink_alone(image, s)
    h, w = ink.shape
    grown = [b.expand(s.margin * min(b.width, b.height)).clip(w, h) for b in regions]
    extra: list[TextLine] = []
    for box in grown:
        extra += [ln for ln in read_region(layer, box, rotation) if _says_more(ln, lines + extra)]
    # and the print under each strip stamp (every region read is long: see ink_regions), read
    # with that stamp's ink taken out (read_under_stamps reads under compact red blobs only: a
    # strip stamp is long, and may be blue). Only the stamps' own ink goes (inside each grown
    # region): a phone photo's desk is of a red hue too, and whitening it beside the page lost
    # a line of print. The bands read reach the grown region too: on a tilted phone photo the
    # print line a stamp crosses rises out of the stamp's own rows.
    cleaned = print_alone(image, ink, grown, s)
    extra += read_under_ink(cleaned, grown, lines + extra, rotation, _no_ink, _says_more)
    return extra


def print_alone(
    image: np.ndarray, ink: np.ndarray, boxes: list[BBox], s: ColouredInkSettings = COLOURED_INK
) -> np.ndarray:
    """``image`` with the stamp's ink unmixed from the print in each of ``boxes`` (see
    ColouredInkSettings.print_reflectance): there, grey paper darkened by the print alone."""
    rgb = np.ascontiguousarray(image[:, :, :3])
    out = rgb.copy()
    for b in boxes:
        x0, y0, x1, y1 = int(b.x0), int(b.y0), int(math.ceil(b.x1)), int(math.ceil(b.y1))
        crop = rgb[y0:y1, x0:x1].astype(np.float64)
        inked = ink[y0:y1, x0:x1]
        if int(inked.sum()) < s.min_unmix_pixels:
            continue
        paper = np.maximum(np.percentile(crop.reshape(-1, 3), s.paper_percentile, axis=0), 1.0)
        colour = np.maximum(np.median(crop[inked], axis=0), 1.0)
        basis = np.stack([np.log(colour / paper), np.full(3, math.log(s.print_reflectance))], 1)
        darkening = np.log(np.maximum(crop, 1.0) / paper).reshape(-1, 3)
        shares = darkening @ np.linalg.pinv(basis).T  # (pixels, [ink, print])
        printed = np.clip(shares[:, 1], 0.0, None).reshape(crop.shape[:2])
        grey = np.clip(paper.mean() * s.print_reflectance**printed, 0, 255).astype(np.uint8)
        out[y0:y1, x0:x1] = grey[:, :, None]
    return out


def _no_ink(crop: np.ndarray) -> np.ndarray:
    """No pixel: the image read has had its stamps' ink taken out already."""
    return np.zeros(crop.shape[:2], bool)
