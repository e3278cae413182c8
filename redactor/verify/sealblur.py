"""A seal under a blur too weak for it: its rim still a ring of pale ink round an empty middle.

A Gaussian or box blur of a tenth to a third of a seal's radius smears its rim (about a
twentieth of the radius wide) and its arc text into pale pink, which the seal search no
longer takes for strokes (bench.verify seed 88 r032: a blur of 0.095 radii, no reason at
all). A reader still sees a seal there: its rim, its star and where its text runs. A blur of
half the radius or more (the corpus's clean blurs) leaves a blotch with no ring.

Found here: a seal-sized patch of ink (the seal search's faintest ink mask, red or blue) on
paper whose ink, looked at from the patch's centre in each of 16 directions, peaks at the
rim and is nearly absent half-way in (a seal's middle holds only its star, at the centre).
Only where the seal search found no seal: a seal it found is judged by ``seal_reasons``.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from redactor.detect.seals.detector import smallest_seal_radius
from redactor.detect.seals.ink import ink_masks
from redactor.types import BBox
from redactor.verify.sealmosaic import SEAL_MOSAIC, on_paper


@dataclass(frozen=True)
class SealBlurSettings:
    """Thresholds of the blurred-seal check (radii are shares of the patch's half-sides)."""

    # The faintest ink mask is smoothed by this sigma (px) into an ink density (JPEG holes).
    smooth: float = 2.0
    # Density that makes a pixel part of a patch; patches are joined over this many px.
    patch_density: float = 0.3
    join: int = 5
    # Directions looked along from the patch's centre; radial bins a unit radius holds.
    sectors: int = 16
    bins: int = 20
    # Where the rim lies (seal rim and arc text: 0.7-1.0 of the half-sides, the patch box
    # being the blurred ink's, a little wider than the seal) and the empty ring half-way in.
    rim: tuple[float, float] = (0.7, 1.05)
    middle: tuple[float, float] = (0.4, 0.6)
    outside: tuple[float, float] = (1.1, 1.3)
    # In one direction, the rim's peak density is at least this much and this many times the
    # middle's and the outside's. A blurred seal's middle is empty (0-0.01 of chroma against
    # 0.12-0.36 at the rim on the tuning pages); a red glyph such as 自 or 回 of a title has
    # strokes there too.
    min_rim: float = 0.3
    rim_over_middle: float = 3.0
    rim_over_outside: float = 2.0
    # Share of the directions that show a rim: a blurred seal 1.0 (0.94 at worst), red title
    # glyphs and print at most 0.44 on the tuning pages.
    ring_share: float = 0.75


SEAL_BLUR = SealBlurSettings()


def _ring_share(density: np.ndarray, s: SealBlurSettings) -> float:
    """Share of the directions from the patch's centre in which its density peaks at the rim
    over an empty middle and an empty outside (``density`` is the patch with a margin of
    ``outside[1] - 1`` half-sides round it)."""
    h, w = density.shape
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
    np.add.at(sums, (sector, rbin), density)
    np.add.at(counts, (sector, rbin), 1)
    prof = sums / np.maximum(counts, 1)

    def cols(span: tuple[float, float]) -> slice:
        return slice(int(span[0] * s.bins), int(np.ceil(span[1] * s.bins)))

    rim = prof[:, cols(s.rim)].max(axis=1)
    middle = prof[:, cols(s.middle)].mean(axis=1)
    outside = prof[:, cols(s.outside)].mean(axis=1)
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
    masks, _, _ = ink_masks(image)
    min_radius = smallest_seal_radius(h, w)
    paper = float(np.percentile(cv2.cvtColor(image[::4, ::4], cv2.COLOR_RGB2GRAY), 90))
    ms = SEAL_MOSAIC
    out = []
    for faintest in (m[2] for m in masks.values()):
        density = cv2.GaussianBlur(faintest.astype(np.float32), (0, 0), s.smooth)
        joined = cv2.dilate(
            (density >= s.patch_density).astype(np.uint8), np.ones((s.join, s.join), np.uint8)
        )
        count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
        for n in range(1, count):
            x, y, bw, bh, _ = (int(v) for v in stats[n])
            half = min(bw, bh) / 2
            if half < min_radius or max(bw, bh) > ms.max_extent * min(h, w):
                continue
            if max(bw, bh) > ms.max_aspect * min(bw, bh):
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
            share = _ring_share(density[y0:y1, x0:x1], s)
            if share >= s.ring_share:
                out.append((box, share))
    return out
