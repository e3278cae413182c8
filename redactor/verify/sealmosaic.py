"""A seal under a pixelate too fine for it: the seal's ink smeared into pink (or pale blue)
cells small against the seal, a disc of them where the seal was.

Such a seal is not found by the seal search at all (its rim and text are no longer strokes), so
``visible.seal_reasons`` cannot judge it. Found here instead: a seal-sized patch of ink-coloured
cells, each one flat colour, whose cells are smaller than a share of the patch's radius. A
reader still sees a seal's rim and the shape of its star and arc text through cells of a tenth
to a quarter of its radius; cells of half its radius and more leave a blotch.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from redactor.detect.seals.detector import smallest_seal_radius
from redactor.detect.seals.ink import ink_masks
from redactor.types import BBox
from redactor.verify.cover import run_lengths


@dataclass(frozen=True)
class SealMosaicSettings:
    """Thresholds of the fine-pixelated-seal check (pixels are page pixels)."""

    # Colour steps (largest of the three channels) two neighbours of one cell may differ by:
    # JPEG ringing inside a cell (an app's cells are flat colour in the PNG).
    tolerance: int = 6
    # Cells (pixels a side) considered. Under 3 px, anti-aliased print has flat runs too.
    min_cell: int = 3
    max_cell: int = 40
    # A patch holds at least this many cells of its size: a seal under a 0.25-radius
    # pixelate holds about 50; a red letter's strokes are not cells.
    min_cells: int = 12
    # Share of the patch's ink pixels whose runs, across and down, are whole cells (an app's
    # scaled pixelate has cells of two sizes, n and n+1: within 1 px a cell counts).
    min_grid: float = 0.6
    # Cells up to this share of the patch's half-extent leave the seal readable. The patch
    # is the pixelated region, about 1.15 seal radii: the corpus's fine app pixelates (0.1-0.25
    # of the radius) come to 0.09-0.22 of it; the coarse ones that hide a seal (0.45-1.5 of
    # the radius) to 0.39 and more, strong mosaics (0.6-1.2) to 0.52 and more.
    readable: float = 0.3
    # The patch is seal-shaped: its box's sides differ by at most this ratio.
    max_aspect: float = 1.6
    # Runs of up to this many cells of one colour count as whole cells; longer runs are a
    # fill or paper, not cells.
    merged: int = 3
    # A seal is at most this share of the page's short side across (a 50 mm seal on A4 is
    # 0.24; a certificate's red frame is the whole page).
    max_extent: float = 0.35
    # A stamp lies on paper: this share at least of a ring round the patch (``ring`` of its
    # half-extent wide) is light. A photo's upscaled pixels (a flag behind an ID photo's
    # sitter) form cells too, inside the photo. (A seal stamped over a photo's corner is not
    # judged here: the seal search's own check still sees its unmasked part.)
    ring: float = 0.2
    paper_share: float = 0.5
    # Light: at least this share of the page's paper level (its 90th percentile grey: grey
    # scans have paper at 180-215).
    paper_ratio: float = 0.85
    # A pixelate over a seal mixes its ink with the paper inside the rim: the median
    # saturation (HSV, 0-255) of the patch's ink pixels is low (38-57 on the tuning pages). A
    # photo's upscaled pixels are skin and clothes at full colour (166: an ID photo on a grey
    # scan, 86 r006, whose paper ring is the grey paper).
    max_saturation: float = 110.0
    # ... and its colourful pixels (saturation at least ``colourful``) are that ink's mixed
    # with the paper: at most ``max_foreign`` of them lie outside the ink's mask. A photo on a
    # form (3 px cells: an upscaled picture), framed by paper and pale in the median, has a
    # window's green, a hat's yellow, hair and skin: 0.80 of its colourful pixels are no red
    # ink (main bench 2311 003_multi p3, a false fail); the seal pixelates of
    # test_a_seal_under_a_fine_pixelate_fails, 0.00.
    colourful: int = 50
    max_foreign: float = 0.3
    # Ink pixels of one patch lie this many cells apart at most (pale cells between them).
    join_cells: float = 1.5
    # A pixelate repeats each row of cells over the cell's height (and each column over its
    # width): of the patch's pairs of neighbouring rows, about (cell - 1) / cell are the same
    # over the patch's ink (9 in 10 of their pixels within ``tolerance``). At least this share
    # of that is asked for. Seal pixelates of the verify corpus, JPEG'd too: 0.74-0.93 of rows
    # and columns; the flat strokes of light blue watermark digits beside a mask (3 px "cells",
    # mask's own output taken for a seal's pixelate): 0.06-0.20.
    repeat_share: float = 0.6
    repeat_pixels: float = 0.9


SEAL_MOSAIC = SealMosaicSettings()


def _colour_runs(image: np.ndarray, tolerance: int) -> tuple[np.ndarray, np.ndarray]:
    """Per pixel, its run of near-equal neighbours (every channel) across and down."""
    img = image.astype(np.int16)

    def along(a: np.ndarray) -> np.ndarray:
        return run_lengths((np.abs(np.diff(a, axis=1)) > tolerance).any(axis=2))

    across = along(img)
    down = along(np.ascontiguousarray(img.transpose(1, 0, 2))).T
    return across, down


def _cell_of(across: np.ndarray, down: np.ndarray, s: SealMosaicSettings) -> int:
    """The modal cell size of a patch's ink pixels when most of their runs are whole cells
    (within 1 px a cell), else 0."""
    small = np.minimum(across, down)
    sizes = np.bincount(np.clip(small, 0, s.max_cell + 1), minlength=s.max_cell + 2)
    # n and n+1 px cells of one scaled pixelate count together.
    pairs = sizes[s.min_cell : s.max_cell + 1] + sizes[s.min_cell + 1 : s.max_cell + 2]
    cell = int(np.argmax(pairs)) + s.min_cell
    if across.size < s.min_cells * cell * cell:
        return 0

    def whole(runs: np.ndarray) -> np.ndarray:
        # One to ``s.merged`` cells of n or n+1 px (neighbours of one colour merge).
        k = np.round(runs / (cell + 0.5))
        return (k >= 1) & (k <= s.merged) & (np.abs(runs - k * (cell + 0.5)) <= 0.5 * k + 0.5)

    on_grid = whole(across) & whole(down)
    return cell if float(on_grid.mean()) >= s.min_grid else 0


def _repeats(image: np.ndarray, patch: np.ndarray, cell: int, s: SealMosaicSettings) -> bool:
    """Whether the patch's rows and columns repeat as a pixelate's do (``repeat_share``)."""
    need = s.repeat_share * (cell - 1) / cell
    return all(_repeated_share(image, patch, axis, s) >= need for axis in (0, 1))


def _repeated_share(
    image: np.ndarray, patch: np.ndarray, axis: int, s: SealMosaicSettings
) -> float:
    """Of the pairs of neighbouring rows (``axis`` 0; columns, 1) that hold the patch's ink,
    the share the same over it (``repeat_pixels`` of its pixels in either row)."""
    img = image.astype(np.int16)
    if axis == 1:
        img, patch = img.transpose(1, 0, 2), patch.T
    same = (np.abs(img[1:] - img[:-1]) <= s.tolerance).all(axis=2)
    either = patch[1:] | patch[:-1]
    counts = either.sum(axis=1)
    held = counts > 0
    if not held.any():
        return 0.0
    shares = (same & either).sum(axis=1)[held] / counts[held]
    return float((shares >= s.repeat_pixels).mean())


def _foreign_colour(saturation: np.ndarray, ink: np.ndarray, s: SealMosaicSettings) -> float:
    """The share of a box's colourful pixels (``s.colourful``) that lie outside ``ink``."""
    colourful = saturation >= s.colourful
    total = int(colourful.sum())
    return float((colourful & ~ink).sum()) / total if total else 0.0


def paper_level(image: np.ndarray) -> float:
    """The page's paper level: the 90th percentile of its grey, on every fourth pixel."""
    return float(np.percentile(cv2.cvtColor(image[::4, ::4], cv2.COLOR_RGB2GRAY), 90))


def seal_sized(
    bw: int, bh: int, short_side: int, min_half: float, s: SealMosaicSettings = SEAL_MOSAIC
) -> bool:
    """Whether a patch bw x bh px could be a seal on a page whose shorter side is
    ``short_side``: half its shorter side at least ``min_half``, at most ``s.max_extent`` of
    the page across, its sides within ``s.max_aspect``."""
    return (
        min(bw, bh) / 2 >= min_half
        and max(bw, bh) <= s.max_extent * short_side
        and max(bw, bh) <= s.max_aspect * min(bw, bh)
    )


def on_paper(
    image: np.ndarray, box: BBox, half: float, paper: float, s: SealMosaicSettings
) -> bool:
    """Whether most of a ring round ``box`` is light (see SealMosaicSettings.ring)."""
    h, w = image.shape[:2]
    outer = box.expand(s.ring * half).clip(w, h)
    x0, y0, x1, y1 = (int(round(v)) for v in (outer.x0, outer.y0, outer.x1, outer.y1))
    grey = cv2.cvtColor(np.ascontiguousarray(image[y0:y1, x0:x1]), cv2.COLOR_RGB2GRAY)
    inner = np.ones(grey.shape, bool)
    bx0, by0 = int(round(box.x0)) - x0, int(round(box.y0)) - y0
    bx1, by1 = int(round(box.x1)) - x0, int(round(box.y1)) - y0
    inner[max(0, by0) : max(0, by1), max(0, bx0) : max(0, bx1)] = False
    ring = grey[inner]
    return ring.size > 0 and float((ring >= s.paper_ratio * paper).mean()) >= s.paper_share


def fine_seal_mosaics(
    image: np.ndarray, s: SealMosaicSettings = SEAL_MOSAIC
) -> list[tuple[BBox, int, float]]:
    """Seal-sized patches of ink-coloured cells too small for the patch: each patch's box, its
    cell size (pixels) and the cell against the patch's half-extent."""
    if image.ndim != 3:
        return []
    h, w = image.shape[:2]
    masks, _, _ = ink_masks(image)
    min_radius = smallest_seal_radius(h, w)
    across, down = _colour_runs(image, s.tolerance)
    saturation = cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2HSV_FULL)[:, :, 1]
    paper = paper_level(image)
    out = []
    for lenient in (m[1] for m in masks.values()):
        cells = (lenient > 0) & (np.minimum(across, down) >= s.min_cell)
        if not cells.any():
            continue
        gap = max(3, int(s.join_cells * s.max_cell / 2))
        joined = cv2.dilate(cells.astype(np.uint8), np.ones((gap, gap), np.uint8))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
        for n in range(1, count):
            x, y, bw, bh, _ = (int(v) for v in stats[n])
            bw, bh = bw - gap + 1, bh - gap + 1  # the dilation's growth
            half = min(bw, bh) / 2
            if not seal_sized(bw, bh, min(h, w), min_radius, s):
                continue
            found = BBox(x, y, x + bw + gap, y + bh + gap)
            if not on_paper(image, found, half, paper, s):
                continue
            box = (slice(y, y + bh + gap), slice(x, x + bw + gap))
            patch = (labels[box] == n) & cells[box]
            if float(np.median(saturation[box][patch])) > s.max_saturation:
                continue
            if _foreign_colour(saturation[box], lenient[box] > 0, s) > s.max_foreign:
                continue
            cell = _cell_of(across[box][patch], down[box][patch], s)
            if cell and cell < s.readable * half and _repeats(image[box], patch, cell, s):
                out.append((found, cell, cell / half))
    return out
