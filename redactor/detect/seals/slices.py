"""Slices of seals the page's edge cuts off (a 骑缝章 on one of a contract's stacked pages).

The whole-outline search judges a ring on the share of it that lies on the page; a perforation
seal leaves each page a third of itself or less, under that share. Such a slice is a rim's arc
that meets the image's side at both ends, round to the fitted circle, with clean paper (or
print) outside it and marks (arc text) inside it: ``EdgeSliceTest``. Its circle is the seal's
outline, off the page where the page ends.
"""

from __future__ import annotations

import cv2
import numpy as np

from redactor.detect.seals.fit import fit_circle
from redactor.detect.seals.geometry import Candidate, Ring, Shape, polar
from redactor.detect.seals.judge import same_seal
from redactor.detect.seals.settings import EDGE_SLICE, EdgeSliceTest
from redactor.types import SEAL_COLOUR, SEAL_STRUCTURE


def with_edge_slices(
    mask: np.ndarray,
    ink: str,
    found: list[Candidate],
    rmin: float,
    test: EdgeSliceTest = EDGE_SLICE,
) -> list[Candidate]:
    """``found`` and the slices of seals in ``mask`` (0/1, one ink colour) that the image's
    sides cut. A seal found that lies inside a slice's circle was fitted to a piece of the
    slice: the slice takes its place."""
    h, w = mask.shape
    rmax = test.max_radius_share * min(h, w)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = list(found)
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        e = test.edge_px
        if not (x <= e or y <= e or x + bw >= w - e or y + bh >= h - e) or max(bw, bh) < rmin:
            continue
        shape = _rim_circle(labels[y : y + bh, x : x + bw] == i, (x, y), (w, h), test)
        if shape is None or not rmin <= shape.r <= rmax:
            continue
        ring = slice_ring(mask, shape, test)
        if ring is None or not marks_inside(mask, shape, test):
            continue
        out = with_slice(out, shape, ring, ink, (w, h), "slice", test)
    return out


def with_slice(
    found: list[Candidate],
    shape: Shape,
    ring: Ring,
    ink: str,
    size: tuple[int, int],
    kind: str,
    test: EdgeSliceTest = EDGE_SLICE,
) -> list[Candidate]:
    """``found`` with the slice ``shape`` (its ``ring`` judged) among them, marked ``kind`` in
    its extra, unless a seal of ``found`` is it already (the ring tests' own outline of it, or
    one holding its part on the page). The seals fitted to a piece of it give it their place."""
    if any(same_seal(shape, c.shape) for c in found):
        return found
    pieces = [c for c in found if share_inside(c.shape, shape, size, test) >= test.piece]
    rest = [c for c in found if c not in pieces]
    if held_by(shape, rest, size, test):
        return found
    source = SEAL_STRUCTURE if ink == "grey" else SEAL_COLOUR
    return [*rest, Candidate(shape, ring, source, ink, {kind: True})]


def _rim_circle(
    component: np.ndarray, at: tuple[int, int], size: tuple[int, int], test: EdgeSliceTest
) -> Shape | None:
    """The circle of a rim's arc (``component``, its box's pixels, the box at ``at``) cut by the
    image's sides, when its contour off those sides is round and the arc is a slice."""
    cs, _ = cv2.findContours(component.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not cs:
        return None
    w, h = size
    c = max(cs, key=len).reshape(-1, 2).astype(np.float64) + at
    e = test.edge_px
    on_side = (c[:, 0] <= e) | (c[:, 1] <= e) | (c[:, 0] >= w - 1 - e) | (c[:, 1] >= h - 1 - e)
    shape = outer_circle(c[~on_side], test)
    if shape is None:
        return None
    # how far the circle reaches onto the page past its nearest side
    beyond = min(shape.cx, shape.cy, w - shape.cx, h - shape.cy)  # < 0: centre off the page
    depth = (shape.r + beyond) / shape.r
    return shape if test.min_depth <= depth <= test.max_depth else None


def outer_circle(
    pts: np.ndarray,
    test: EdgeSliceTest = EDGE_SLICE,
    refit: float = 0.0,
    on_circle: float | None = None,
) -> Shape | None:
    """The circle of a rim's outer edge from the contour points of its visible arc, when that
    edge is round. The contour runs round the rim's outer and inner edges (and glyphs touching
    it): the first fit lies between them; the rim's outer edge is the points beyond it, fitted
    again. ``refit`` (a share of the radius; 0: none): fitted again to the points that close to
    the second fit, then to those half as close to that (a long arc's glyphs touching the rim
    pull the second fit off it).
    ``on_circle``: the share of the points on the circle asked (default the test's)."""
    shape = fit_circle(pts)
    if shape is None:
        return None
    pts = pts[np.hypot(pts[:, 0] - shape.cx, pts[:, 1] - shape.cy) >= shape.r]
    shape = fit_circle(pts)
    if shape is None:
        return None
    for band in (refit, refit / 2) if refit > 0 else ():
        near = np.abs(np.hypot(pts[:, 0] - shape.cx, pts[:, 1] - shape.cy) - shape.r)
        shape = fit_circle(pts[near < band * shape.r])
        if shape is None:
            return None
    miss = np.abs(np.hypot(pts[:, 0] - shape.cx, pts[:, 1] - shape.cy) - shape.r)
    least = test.min_on_circle if on_circle is None else on_circle
    if (miss < test.fit_tolerance * shape.r).mean() < least:
        return None
    return shape


def slice_ring(mask: np.ndarray, shape: Shape, test: EdgeSliceTest) -> Ring | None:
    """Ring evidence along the part of the outline on the page, when it is a seal's rim."""
    m = mask.astype(np.float32)
    rim = polar(m, shape, np.linspace(*test.rim_band, 7, dtype=np.float32))
    outside = polar(m, shape, np.linspace(*test.outside_band, 5, dtype=np.float32))
    inner = polar(m, shape, np.linspace(*test.inner_band, 14, dtype=np.float32))
    on = (rim >= 0).all(axis=0) & (outside >= 0).all(axis=0)
    if on.sum() < 8:
        return None
    coverage = float((rim[:, on] >= 0.5).any(axis=0).mean())
    beyond = float((outside[:, on] >= 0.5).any(axis=0).mean())
    if coverage < test.min_rim or beyond > test.max_outside:
        return None
    inside = inner[inner >= 0]
    density = float((inside >= 0.5).mean()) if inside.size else 0.0
    if density > test.max_inner:
        return None  # a disc of ink (a lantern, a dot at a photo's edge), not a rim round text
    valid = float(on.mean())
    return Ring(valid, coverage, coverage, density, beyond, 0.0, coverage)


def marks_inside(mask: np.ndarray, shape: Shape, test: EdgeSliceTest) -> bool:
    """Separate marks inside the rim (arc text): the ink within ``marks_within`` of the radius."""
    h, w = mask.shape
    disc = np.zeros((h, w), np.uint8)
    cv2.circle(disc, (round(shape.cx), round(shape.cy)), round(test.marks_within * shape.r), 1, -1)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask & disc, connectivity=8)
    big = stats[1:, cv2.CC_STAT_AREA] >= test.mark_area * shape.r * shape.r
    return int(big.sum()) >= test.min_marks


def held_by(
    shape: Shape, found: list[Candidate], size: tuple[int, int], test: EdgeSliceTest
) -> bool:
    """Whether the slice's part on the page lies mostly inside a seal already found (the ring
    tests fitted an outline to the slice they saw)."""
    w, h = size
    here = np.zeros((h, w), np.uint8)
    cv2.circle(here, (round(shape.cx), round(shape.cy)), round(shape.r), 1, -1)
    area = int(here.sum())
    if not found or area == 0:
        return False
    there = np.zeros((h, w), np.uint8)
    for c in found:
        cv2.fillPoly(there, [np.round(c.shape.polygon()).astype(np.int32)], 1)
    return int((here & there).sum()) >= test.held * area


def share_inside(piece: Shape, whole: Shape, size: tuple[int, int], test: EdgeSliceTest) -> float:
    """The share of ``piece``'s outline area on the page that lies inside ``whole``'s circle."""
    w, h = size
    a = np.zeros((h, w), np.uint8)
    cv2.fillPoly(a, [np.round(piece.polygon()).astype(np.int32)], 1)
    area = int(a.sum())
    if area == 0:
        return 0.0
    b = np.zeros((h, w), np.uint8)
    cv2.circle(b, (round(whole.cx), round(whole.cy)), round(whole.r * test.piece_grow), 1, -1)
    return int((a & b).sum()) / area
