"""Faint grey print that OCR's first pass did not read (淡色打印).

A photocopy of a card filled in faint grey print (probes round 24's r03, issue 10) left the
applicant's name and unit at 215-230 grey on white: 25-40 levels below the paper, which a reader
makes out and OCR's text detector, tuned to print, does not. The light-ink searches before this
one want a watermark's tiles or a back's 40 glyphs; such a card holds a dozen or two.

So a page whose faint ink (deeper than a copy's grain, lighter than print: ``FaintPrintSettings``)
holds glyph-sized marks outside every line OCR read has that ink, contrast-stretched to black
on white, read once more; targets the matcher finds there are masked where they lie. Other pages
cost a count of their faint marks (one ink-depth map, as the watermark search draws it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from redactor.detect.match import Target, dedupe, find_identity
from redactor.detect.text import ocr_layer
from redactor.detect.watermark import WATERMARK
from redactor.options import Identity
from redactor.types import BBox, Finding, TextLine


@dataclass(frozen=True)
class FaintPrintSettings:
    """What faint print is, and when a page's faint ink is read again."""

    # The page is smoothed (a Gaussian of this sigma, px) before its depth is taken: a copy's
    # grain, 2-5 levels of noise a pixel, falls to 1-2, a stroke 2-4 px wide keeps most of its
    # depth.
    smooth_sigma: float = 0.7
    # The layer read is drawn from the page smoothed more: a stroke of print at 22 levels
    # under grain of 8 was broken into dots at 0.7 and read as nothing.
    layer_sigma: float = 1.2
    # The local paper: the median grey in a window of ``paper_window`` pixels of the page shrunk
    # ``paper_shrink`` times (36 px: wider than a glyph of 40 px is dark, so paper is most of
    # it).
    paper_shrink: int = 4
    paper_window: int = 9
    # Faint ink: this many grey levels below the local paper or more (the smoothed grain and a
    # JPEG's ringing stay under it; print at 235 on 255 paper, blurred, is 15-20 deep at its
    # strokes) ...
    min_depth: int = 7
    # ... and not print: print is deeper than this (faint print at 200 on 255 paper is 55
    # deep), and its anti-aliased fringe, blurred by the copy and the smoothing, reaches this
    # many pixels past it. OCR read print itself; its leavings beside a faint field ran into
    # the field's line and garbled it.
    print_depth: int = 75
    print_fringe: int = 4
    # Glyph-sized marks: connected pieces of faint ink of this many pixels (a speck of toner is
    # smaller; a grey fill, a photo's shading larger). A faint glyph of 20-40 px breaks into a
    # few such pieces.
    mark_area: tuple[int, int] = (12, 3000)
    # ... and this many pixels long at least: a speck of toner, smoothed, is a round blot of
    # 9-20 pixels, 3-5 across; a stroke of 20 px print is longer.
    min_extent: int = 7
    # At least this many marks outside the lines OCR read: a name of three glyphs in faint
    # print is 3-10 marks.
    min_marks: int = 4
    # ... counting only marks that look like faint grey print, as the second read costs
    # ~1 CPU s a page (bench.speed seeds 2521 and 2601 at the start: the count alone fired on
    # 6-8 of 12 ordinary scanned pages, none holding faint print). A mark counts when:
    # - its colour departs from the paper's tint by less than ``max_tint`` grey levels in
    #   every channel (the page's and the mark's own grey taken out): faint print on white or
    #   off-white paper departed by at most 9 on bench.faint_print's pages (seeds 2501-2503,
    #   the test pages of seeds 5 and 7); what fired the ordinary pages was coloured, a red
    #   seal's light ink (16-88), a highlighter's edge (40-44), a photo's colours;
    max_tint: float = 12.0
    # - and another such mark lies within ``neighbour_px`` pixels of it (box to box): a faint
    #   glyph breaks into pieces side by side and stands in a line of glyphs 20-40 px tall,
    #   while a copy's toner specks lie one by one across the sheet (seed 2601's 004, 14 specks
    #   of 18-35 px, 2 of them within 24 px of another).
    neighbour_px: int = 24
    # - and it lies on the page's paper: the paper around it (``_paper``'s local level) at
    #   most ``paper_drop`` levels under the page's own (its median). Inside a photo the local
    #   "paper" is the photo's own tone and its shading is faint ink in glyph-sized pieces side
    #   by side: seed 2521's 004_multi page 2, a photocopied photo, 239 free marks, three in
    #   four with a local level 84-250 under the page's (19 within 12: specks and the photo's
    #   rim, too few side by side), beside faint print's 0-9 (one mark of the 508 on
    #   bench.faint_print's 11 pages that fire: 28).
    paper_drop: int = 12
    # Faint ink on more of the page than this is a photo or a tinted ground, not print.
    max_ink_share: float = 0.08
    # Marks inside the glyphs of lines OCR read at this score or more are those glyphs' (a
    # blurred copy's print has a faint halo).
    read_score: float = 0.8
    # The stretched layer: at each place, depth of ``top_share`` of the deepest ink within
    # ``local_window`` pixels becomes black (never less than ``stretch_floor`` levels: the
    # paper's smoothed grain, 1-5 deep, stays light grey), ``paper_floor`` levels white.
    local_window: int = 9
    top_share: float = 0.7
    stretch_floor: int = 14
    paper_floor: int = 3
    # The layer keeps the faint ink within this many pixels of a glyph-sized mark (a stroke's
    # lighter ends); the rest, a copy's grain stretched with the print, is white.
    grow_px: int = 5


FAINT_PRINT = FaintPrintSettings()


def faint_layer(
    image: np.ndarray, read: Sequence[BBox], s: FaintPrintSettings = FAINT_PRINT
) -> np.ndarray | None:
    """The page's faint ink alone, stretched dark on white (RGB), where it holds at least
    ``min_marks`` glyph-sized marks outside the boxes ``read``; else None."""
    grey, paper = _paper(image, s)
    smooth = _depth(grey, paper, s.smooth_sigma)
    size = 2 * s.print_fringe + 1
    dark = (
        cv2.dilate((smooth > s.print_depth).astype(np.uint8), np.ones((size, size), np.uint8)) > 0
    )
    faint = (smooth >= s.min_depth) & ~dark
    if not faint.any() or float(faint.mean()) > s.max_ink_share:
        return None
    _, labels, stats, centres = cv2.connectedComponentsWithStats(faint.astype(np.uint8), 8)
    areas = stats[:, cv2.CC_STAT_AREA]
    lo, hi = s.mark_area
    extent = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    marks = (areas >= lo) & (areas <= hi) & (extent >= s.min_extent)
    marks[0] = False  # the background
    seen = _read_mask(read, faint.shape)
    at = np.clip(centres.round().astype(int), 0, [faint.shape[1] - 1, faint.shape[0] - 1])
    free = marks & ~seen[at[:, 1], at[:, 0]]
    if int(free.sum()) < s.min_marks:
        return None
    level = float(np.median(paper[:: s.paper_shrink, :: s.paper_shrink]))
    free &= paper[at[:, 1], at[:, 0]] >= level - s.paper_drop
    if int(free.sum()) < s.min_marks:
        return None
    free &= _untinted(image, labels, s)
    if int(free.sum()) < s.min_marks or _neighboured(labels, free, s) < s.min_marks:
        return None
    size = 2 * s.grow_px + 1
    near = cv2.dilate(marks[labels].astype(np.uint8), np.ones((size, size), np.uint8)) > 0
    return _stretched(_depth(grey, paper, s.layer_sigma), dark | ~near, s)


def _untinted(image: np.ndarray, labels: np.ndarray, s: FaintPrintSettings) -> np.ndarray:
    """For each label of ``labels``, whether its pixels' mean colour departs from the paper's
    tint (the page's median colour) by less than ``max_tint`` in every channel, each colour's
    own grey taken out (True for all on a grey image)."""
    n = int(labels.max()) + 1
    if image.ndim != 3:
        return np.ones(n, bool)
    rgb = image[..., :3]
    flat = labels.ravel()
    counts = np.maximum(np.bincount(flat, minlength=n), 1)
    mean = np.stack(
        [np.bincount(flat, rgb[..., c].ravel(), minlength=n) / counts for c in range(3)], axis=1
    )
    paper = np.median(rgb[::8, ::8].reshape(-1, 3), axis=0)
    tint = (mean - mean.mean(axis=1, keepdims=True)) - (paper - paper.mean())
    return np.abs(tint).max(axis=1) < s.max_tint


def _neighboured(labels: np.ndarray, chosen: np.ndarray, s: FaintPrintSettings) -> int:
    """How many of the marks ``chosen`` (a flag per label) have another of them within
    ``neighbour_px`` pixels: each mark grown by half that, the marks that then touch are one
    group, and a group of two or more counts its marks."""
    on = chosen[labels]
    size = s.neighbour_px + 1
    grown = cv2.dilate(on.astype(np.uint8), np.ones((size, size), np.uint8))
    _, groups = cv2.connectedComponents(grown, connectivity=8)
    pairs = np.unique(labels[on].astype(np.int64) * (int(groups.max()) + 1) + groups[on])
    group_of = pairs % (int(groups.max()) + 1)
    return int((np.bincount(group_of)[group_of] >= 2).sum())


def _stretched(smooth: np.ndarray, out: np.ndarray, s: FaintPrintSettings) -> np.ndarray:
    """The faint ink dark on white (RGB), each place stretched by its own ink's depth (a
    field's print at 15 levels reads as black as a label's at 40 beside it; one stretch for
    the page left the lighter print grey and broken); the pixels ``out`` white."""
    depth = smooth.astype(np.float32)
    size = s.local_window
    local = cv2.dilate(depth, np.ones((size, size), np.uint8))
    top = np.maximum(local * s.top_share, float(s.stretch_floor))
    span = np.maximum(top - s.paper_floor, 1.0)
    layer = np.clip(255.0 - (depth - s.paper_floor) * (255.0 / span), 0, 255).astype(np.uint8)
    layer[out] = 255
    return np.ascontiguousarray(np.dstack([layer] * 3))


def _paper(image: np.ndarray, s: FaintPrintSettings) -> tuple[np.ndarray, np.ndarray]:
    """The page in grey (a dark page turned light) and its local paper level: the median
    around (``paper_window``), taken on the page shrunk ``paper_shrink`` times. The watermark
    search's paper (the lightest level around) is, on a grainy copy, the grain's brightest
    speck, which put the whole sheet 8-15 levels deep, as deep as the faint print."""
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    if float(grey.mean()) < WATERMARK.dark_mode_mean:
        grey = 255 - grey
    h, w = grey.shape
    small = cv2.resize(
        grey,
        (max(1, w // s.paper_shrink), max(1, h // s.paper_shrink)),
        interpolation=cv2.INTER_AREA,
    )
    paper = cv2.resize(
        cv2.medianBlur(small, s.paper_window), (w, h), interpolation=cv2.INTER_LINEAR
    )
    return grey, paper


def _depth(grey: np.ndarray, paper: np.ndarray, sigma: float) -> np.ndarray:
    """How far each pixel of ``grey`` smoothed (a Gaussian of ``sigma``) lies below its local
    ``paper``, in grey levels (uint8)."""
    return cv2.subtract(paper, cv2.GaussianBlur(grey, (0, 0), sigma))


def _read_mask(read: Sequence[BBox], shape: tuple[int, ...]) -> np.ndarray:
    """The pixels inside the boxes ``read`` (one fill a box: a page's marks are hundreds and
    its glyphs thousands, too many to test pairwise)."""
    seen = np.zeros(shape[:2], bool)
    h, w = shape[:2]
    for b in read:
        c = b.clip(w, h)
        seen[int(c.y0) : int(np.ceil(c.y1)) + 1, int(c.x0) : int(np.ceil(c.x1)) + 1] = True
    return seen


def faint_lines(
    image: np.ndarray,
    lines: Sequence[TextLine],
    rotation: int,
    s: FaintPrintSettings = FAINT_PRINT,
) -> list[TextLine]:
    """The page's faint print read, in the page's pixels; none where the page holds too few
    faint marks outside the ``lines`` OCR read."""
    # A glyph's box, not its line's: the first read of a letter's line 兹证明马晓燕同志 gave
    # "兹证明马晓 同志", the faint 燕 inside the line's box and read as a blank.
    read = [
        c.quad.bbox
        for line in lines
        if line.score >= s.read_score
        for c in line.chars
        if c.text.strip()
    ]
    layer = faint_layer(image, read, s)
    return [] if layer is None else ocr_layer(layer, rotation)


def faint_print_findings(
    image: np.ndarray,
    lines: Sequence[TextLine],
    rotation: int,
    identity: Identity,
    targets: Sequence[Target] | None = None,
) -> list[Finding]:
    """The applicant's name and unit in faint print OCR did not read (``lines``: the page's
    own, read by OCR)."""
    faint = faint_lines(image, lines, rotation)
    return dedupe(find_identity(faint, identity, targets)) if faint else []
