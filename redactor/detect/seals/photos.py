"""Round seals stamped over a photo's corner (a work card's, a form's one-inch photo).

A unit seals a card or a form's photo with its round seal over one of the photo's corners, so
the photo cannot be swapped. Over the photo the seal's ink is lost in the picture's darks: on a
grey copy the ring tests see the photo as a disc of ink where half of the outline runs, and
refuse it (probes round 18's b02). What shows is the arc on the paper, with the unit's name along
it. The photo hides the rest as the page's edge hides a 骑缝章's slice, so the arc is judged as
a slice is (``seals.slices``), with the photo's region in place of the page's side:
``PhotoCornerTest``.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from redactor.detect.seals.geometry import Candidate, Ring, Shape
from redactor.detect.seals.settings import EDGE_SLICE, PHOTO_CORNER, PhotoCornerTest
from redactor.detect.seals.slices import marks_inside, outer_circle, slice_ring, with_slice


def photo_masks(rgb: np.ndarray, test: PhotoCornerTest = PHOTO_CORNER) -> list[np.ndarray]:
    """Each photo on the working image (uint8 H x W x 3) as a 0/1 mask: a solid region of
    non-paper (closed over its lights) of a photo's size, clear of the image's sides."""
    h, w = rgb.shape[:2]
    grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY).astype(np.float32)
    paper = float(np.percentile(grey, test.paper_percentile))
    not_paper = (grey < test.not_paper * paper).astype(np.float32)
    short = min(h, w)
    win = max(3, round(test.window_share * short))
    solid = (cv2.blur(not_paper, (win, win)) >= test.solid).astype(np.uint8)
    k = max(3, round(test.close_share * short))
    solid = cv2.morphologyEx(solid, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    out = []
    e = test.side_px
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if x <= e or y <= e or x + bw >= w - e or y + bh >= h - e:
            continue
        if min(bw, bh) < test.min_side_share * short:
            continue
        out.append((labels == i).astype(np.uint8))
    return out


def with_photo_corner_seals(
    mask: np.ndarray,
    ink: str,
    found: list[Candidate],
    rmin: float,
    photos: list[np.ndarray],
    test: PhotoCornerTest = PHOTO_CORNER,
) -> list[Candidate]:
    """``found`` and the round seals in ``mask`` (0/1, one ink) stamped over a corner of one of
    ``photos``. A seal found inside such a seal's circle was fitted to a piece of it: the seal
    takes its place."""
    out = list(found)
    for photo in photos:
        for shape in _arcs_meeting(mask, photo, rmin, test):
            hidden = _hidden_share(photo, shape)
            if not test.min_hidden <= hidden <= test.max_hidden:
                continue
            seen = mask.astype(np.float32)
            seen[photo > 0] = -1.0  # the photo hides the seal as the page's edge hides a slice
            ring = slice_ring(seen, shape, EDGE_SLICE)
            if ring is None or not (
                marks_inside(mask & (1 - photo), shape, EDGE_SLICE)
                or _bare_clean_arc(ring, hidden, test)
            ):
                continue
            size = (mask.shape[1], mask.shape[0])
            out = with_slice(out, shape, ring, ink, size, "photo_corner", EDGE_SLICE)
    return out


def _arcs_meeting(
    mask: np.ndarray, photo: np.ndarray, rmin: float, test: PhotoCornerTest
) -> list[Shape]:
    """The circles of the ink components off ``photo`` that meet its edge and whose contour off
    it is a round rim's outer edge, of a seal's radius."""
    h, w = mask.shape
    grown = cv2.dilate(photo, np.ones((2 * test.grow_px + 1,) * 2, np.uint8))
    near = cv2.dilate(grown, np.ones((2 * EDGE_SLICE.edge_px + 1,) * 2, np.uint8))
    off = mask & (1 - grown)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(off, connectivity=8)
    rmax = test.max_radius_share * min(h, w)
    shapes = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if max(bw, bh) < rmin:
            continue
        piece = labels[y : y + bh, x : x + bw] == i
        if not (piece & (near[y : y + bh, x : x + bw] > 0)).any():
            continue
        cs, _ = cv2.findContours(piece.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        c = max(cs, key=len).reshape(-1, 2) + (x, y)
        on_photo = near[c[:, 1], c[:, 0]] > 0
        shape = _rim_circle(c[~on_photo].astype(np.float64), rmin, rmax, test)
        if shape is not None:
            shapes.append(shape)
    return shapes


def _rim_circle(pts: np.ndarray, rmin: float, rmax: float, test: PhotoCornerTest) -> Shape | None:
    """The circle of a rim's outer edge among an arc's contour points (its outer and inner
    edges, print and glyphs touching it): the circle through three of them that most of them
    lie on (PhotoCornerTest.consensus_*), then fitted to its own points' outer edge."""
    n = len(pts)
    if n < 6:
        return None
    rng = np.random.default_rng(0)  # the same circle every run
    a, b, c = (pts[rng.integers(0, n, test.consensus_draws)] for _ in range(3))
    centres, radii = _through(a, b, c)
    ok = (radii >= rmin) & (radii <= rmax)
    if not ok.any():
        return None
    centres, radii = centres[ok], radii[ok]
    d = np.abs(
        np.hypot(pts[None, :, 0] - centres[:, :1], pts[None, :, 1] - centres[:, 1:])
        - radii[:, None]
    )
    on = d < test.consensus_tolerance * radii[:, None]
    k = int(np.argmax(on.sum(axis=1)))
    if on[k].mean() < test.consensus_share:
        return None
    near = d[k] < test.refit * radii[k]
    shape = outer_circle(pts[near], EDGE_SLICE, test.refit, test.min_on_circle)
    return shape if shape is not None and rmin <= shape.r <= rmax else None


def _through(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The circles through points ``a``, ``b``, ``c`` (N x 2 each): centres (N x 2) and radii
    (N; infinite where the three lie on a line)."""
    ax, ay, bx, by, cx, cy = a[:, 0], a[:, 1], b[:, 0], b[:, 1], c[:, 0], c[:, 1]
    den = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
    safe = np.where(np.abs(den) < 1e-9, np.nan, den)
    s2a, s2b, s2c = ax * ax + ay * ay, bx * bx + by * by, cx * cx + cy * cy
    ux = (s2a * (by - cy) + s2b * (cy - ay) + s2c * (ay - by)) / safe
    uy = (s2a * (cx - bx) + s2b * (ax - cx) + s2c * (bx - ax)) / safe
    r = np.hypot(ax - ux, ay - uy)
    return np.stack([ux, uy], axis=1), np.nan_to_num(r, nan=np.inf)


def _bare_clean_arc(ring: Ring, hidden: float, test: PhotoCornerTest) -> bool:
    """An arc with no marks inside it that is a seal's rim all the same: the photo hides its
    text, and what shows is most of a clean rim (PhotoCornerTest.bare_*)."""
    return (
        hidden <= test.bare_max_hidden
        and ring.coverage >= test.bare_min_rim
        and ring.outside <= test.bare_max_outside
    )


def _hidden_share(photo: np.ndarray, shape: Shape, n: int = 120) -> float:
    """The share of the circle's outline that lies over the photo or off the image."""
    h, w = photo.shape
    t = np.linspace(0, 2 * math.pi, n, endpoint=False)
    x = np.round(shape.cx + shape.r * np.cos(t)).astype(int)
    y = np.round(shape.cy + shape.r * np.sin(t)).astype(int)
    on = (x >= 0) & (y >= 0) & (x < w) & (y < h)
    hidden = ~on
    hidden[on] = photo[y[on], x[on]] > 0
    return float(hidden.mean())
