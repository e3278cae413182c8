"""A seal under a blur too weak for it: its rim still a ring of pale ink round an empty middle.

A Gaussian or box blur of a tenth to a third of a seal's radius smears its rim (about a
twentieth of the radius wide) and its arc text into pale pink, which the seal search no
longer takes for strokes (bench.verify seed 88 r032: a blur of 0.095 radii, no reason at
all). A reader still sees a seal there: its rim, its star and where its text runs. A blur of
half the radius or more (the corpus's clean blurs) leaves a blotch with no ring.

Found here: a seal-sized patch of ink (red or blue, by its chroma against the paper, as the
seal search measures ink) on paper whose ink, looked at from the patch's centre in each of 16
directions, peaks at the rim and is nearly absent half-way in (a seal's middle holds only its
star, at the centre). Only where the seal search found no seal: a seal it found is judged
by ``seal_reasons``.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from redactor.detect.seals.detector import smallest_seal_radius
from redactor.detect.seals.ink import ink_chroma
from redactor.types import BBox
from redactor.verify.sealmosaic import SEAL_MOSAIC, on_paper, paper_level, seal_sized


@dataclass(frozen=True)
class SealBlurSettings:
    """Thresholds of the blurred-seal check (radii are shares of the patch's half-sides)."""

    # The ink's chroma is smoothed by this sigma (px) (JPEG noise, dry spots).
    smooth: float = 2.0
    # Chroma that makes a pixel part of a patch (the seal search's faintest ink is 0.05);
    # patches are joined over this many px.
    patch_chroma: float = 0.04
    join: int = 5
    # A patch's half-side is at least this share of the page's short side (a seal 17 mm across
    # on A4; the corpus's seals are 0.2 of it): a red title glyph such as 自 (0.02 of the page
    # on mask's output 2041 a04/028) rings in 0.75 of its directions, as the palest blurred
    # seals do (0.75-0.81), and only its size tells them apart.
    min_half: float = 0.04
    # Directions looked along from the patch's centre; radial bins a unit radius holds.
    sectors: int = 16
    bins: int = 20
    # Where the rim lies (seal rim and arc text: 0.7-1.0 of the half-sides, the patch box
    # being the blurred ink's, a little wider than the seal) and the empty ring half-way in.
    rim: tuple[float, float] = (0.7, 1.05)
    middle: tuple[float, float] = (0.4, 0.6)
    outside: tuple[float, float] = (1.1, 1.3)
    # In one direction, the rim's peak chroma is at least this much and this many times the
    # middle's and the outside's. A blurred seal's middle is empty (0-0.01 of chroma against
    # 0.12-0.36 at the rim on the tuning pages); a red glyph such as 自 of a title has strokes
    # there too (0.10-0.13 against 0.25-0.42: 0.75-0.94 of its directions at 1.5 times).
    min_rim: float = 0.04
    rim_over_middle: float = 3.0
    rim_over_outside: float = 2.0
    # Share of the directions that show a rim (see BENCHMARKS.md, h-verify5, for the sweep).
    ring_share: float = 0.75
    # A rim whose ink is as strong as unblurred ink is no blurred seal: a ring drawn round
    # nothing (a probe's empty red circle, 10 px wide: 0.70 at the median direction, where
    # the tuning pages' blurred seals reach 0.12-0.36), which the seal search saw and left.
    max_rim: float = 0.5
    # A patch is round or oval: its outline fills at most this share of its smallest turned
    # box. A blurred seal's fills 0.79-0.81 (round and oval seals blurred by 0.09-0.3 of their
    # radius); a rectangle's frame fills all of it (probes round 22: a PDF reader's blue frame
    # round its page thumbnail, photographed, rang in 0.75 of the directions).
    max_box_fill: float = 0.9
    # A patch whose middle (``middle``'s inner radius round its centre) is one flat colour far
    # from the paper is a fill: its edge, where its colour blends into the paper, rings in the
    # ink's hue (bench.verify seed 239's r002_colour, a clean certificate's magenta disc over
    # the seal, in all 16 directions). A blurred seal's middle is paper, or pale ink over print.
    # Flat: the middle's grey levels spread (standard deviation) at most ``fill_spread``; far:
    # its median grey at least ``fill_from_paper`` under the paper's.
    fill_spread: float = 8.0
    fill_from_paper: float = 40.0


SEAL_BLUR = SealBlurSettings()


def _box_fill(patch: np.ndarray) -> float:
    """The share of its smallest turned box that a patch's (uint8 mask) outer outline fills."""
    contours, _ = cv2.findContours(patch, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return 0.0
    outline = max(contours, key=cv2.contourArea)
    _, (w, h), _ = cv2.minAreaRect(outline)
    return float(cv2.contourArea(outline)) / max(w * h, 1.0)


def _ring_share(chroma: np.ndarray, s: SealBlurSettings) -> float:
    """Share of the directions from the patch's centre in which its ink peaks at the rim
    over an empty middle and an empty outside (``chroma`` is the patch with a margin of
    ``outside[1] - 1`` half-sides round it)."""
    h, w = chroma.shape
    cy, cx = (h - 1) / 2, (w - 1) / 2
    ry, rx = h / 2 / s.outside[1], w / 2 / s.outside[1]
    yy, xx = np.mgrid[0:h, 0:w]
    rho = np.hypot((xx - cx) / rx, (yy - cy) / ry)
    sector = ((np.arctan2(yy - cy, xx - cx) + np.pi) / (2 * np.pi) * s.sectors).astype(int)
    sector = np.clip(sector, 0, s.sectors - 1)
    nbins = int(np.ceil(s.outside[1] * s.bins)) + 1
    rbin = np.clip((rho * s.bins).astype(int), 0, nbins - 1)
    sums = np.zeros((s.sectors, nbins))
    counts = np.zeros((s.sectors, nbins))
    np.add.at(sums, (sector, rbin), chroma)
    np.add.at(counts, (sector, rbin), 1)
    prof = sums / np.maximum(counts, 1)

    def cols(span: tuple[float, float]) -> slice:
        return slice(int(span[0] * s.bins), int(np.ceil(span[1] * s.bins)))

    rim = prof[:, cols(s.rim)].max(axis=1)
    middle = prof[:, cols(s.middle)].mean(axis=1)
    outside = prof[:, cols(s.outside)].mean(axis=1)
    if float(np.median(rim)) >= s.max_rim:
        return 0.0
    ring = (
        (rim >= s.min_rim)
        & (rim >= s.rim_over_middle * middle)
        & (rim >= s.rim_over_outside * outside)
    )
    return float(ring.mean())


def blurred_seals(
    image: np.ndarray, seen: list[BBox], s: SealBlurSettings = SEAL_BLUR
) -> list[tuple[BBox, float]]:
    """Seal-shaped rings of pale ink where the seal search found none (``seen``): each
    patch's box and the share of directions that show its rim."""
    if image.ndim != 3:
        return []
    h, w = image.shape[:2]
    min_radius = smallest_seal_radius(h, w)
    paper = paper_level(image)
    ms = SEAL_MOSAIC
    out = []
    for ink in ink_chroma(image).values():
        chroma = cv2.GaussianBlur(ink, (0, 0), s.smooth)
        joined = cv2.dilate(
            (chroma > s.patch_chroma).astype(np.uint8), np.ones((s.join, s.join), np.uint8)
        )
        count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
        for n in range(1, count):
            x, y, bw, bh, _ = (int(v) for v in stats[n])
            half = min(bw, bh) / 2
            if not seal_sized(bw, bh, min(h, w), max(min_radius, s.min_half * min(h, w)), ms):
                continue
            box = BBox(x, y, x + bw, y + bh)
            if any(box.intersection(b).area > 0 for b in seen):
                continue
            if not on_paper(image, box, half, paper, ms):
                continue
            mx, my = (s.outside[1] - 1) * bw / 2, (s.outside[1] - 1) * bh / 2
            x0, y0 = int(round(x - mx)), int(round(y - my))
            x1, y1 = int(round(x + bw + mx)), int(round(y + bh + my))
            if x0 < 0 or y0 < 0 or x1 > w or y1 > h:
                continue  # a seal cut by the page's edge is left to the seal search
            share = _ring_share(chroma[y0:y1, x0:x1], s)
            patch = (labels[y : y + bh, x : x + bw] == n).astype(np.uint8)
            if share < s.ring_share or _box_fill(patch) > s.max_box_fill:
                continue
            if not _filled_middle(image, paper, box, s):
                out.append((box, share))
    return out


def _filled_middle(image: np.ndarray, paper: float, box: BBox, s: SealBlurSettings) -> bool:
    """Whether the middle of a patch's ``box`` is one flat colour far from the ``paper``
    grey level (a fill; see SealBlurSettings.fill_spread)."""
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    rx, ry = s.middle[0] * box.width / 2, s.middle[0] * box.height / 2
    y0, x0 = max(0, int(cy - ry)), max(0, int(cx - rx))
    middle = image[y0 : int(cy + ry) + 1, x0 : int(cx + rx) + 1]
    if not middle.size:
        return False
    grey = cv2.cvtColor(np.ascontiguousarray(middle), cv2.COLOR_RGB2GRAY).astype(np.float32)
    flat = float(grey.std()) <= s.fill_spread
    return flat and float(np.median(grey)) <= paper - s.fill_from_paper
