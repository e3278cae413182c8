"""A page photographed on a desk: where its paper is, so that a seal cut by the paper's edge is
judged as one cut by the image's edge.

A seal stamped across the edge of a page (a 骑缝章 across a contract's stacked pages, or a
stamp run off the sheet) shows only a slice. On a scan the slice ends at the image's edge and
the ring tests judge it on what lies on the page (``Ring.valid``). On a phone photo the page
lies on a desk inside the image: the rest of the ring would lie on the desk, where there is no
ink, and the slice was refused (probes round 14: a contract's perforation seal, 40% and 60%
slices, left whole on both photographed pages; a generated seal cut by the page's edge, found
on every scan and on 2 of 9 photos). The paper is found as the bright quadrilateral a darker
desk surrounds, straightened by its perspective, and searched again there.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class PaperSettings:
    """What counts as a sheet of paper photographed on a desk."""

    # The image is searched at most this many pixels on its long side.
    work_side: int = 800
    # The paper covers this share of the image at least and at most (a desk round it).
    min_area: float = 0.25
    max_area: float = 0.97
    # Its outline, simplified to within this share of its perimeter, has four corners and fills
    # this share of its convex hull (a sheet is convex; a desk's shapes and a photo are not).
    corner_tolerance: float = 0.02
    min_solidity: float = 0.95
    # The desk is darker than the paper by this many grey levels (medians), so the paper's
    # edge is no guess.
    min_contrast: float = 40.0
    # At least one side of the paper lies this share of the image's side inside the image:
    # a paper reaching every edge has the image's edge for its own.
    min_margin: float = 0.01


PAPER = PaperSettings()


@dataclass(frozen=True)
class Paper:
    """A photographed page: ``to_page`` maps image pixels onto the straightened page of
    ``size`` (width, height); its inverse maps back."""

    to_page: np.ndarray
    size: tuple[int, int]

    def straightened(self, rgb: np.ndarray) -> np.ndarray:
        return cv2.warpPerspective(rgb, self.to_page, self.size, flags=cv2.INTER_LINEAR)

    def to_image(self, points: np.ndarray) -> np.ndarray:
        """Page points (n x 2) in image pixels."""
        back = np.linalg.inv(self.to_page)
        return cv2.perspectiveTransform(points.reshape(-1, 1, 2).astype(np.float64), back)[:, 0]


def _corners(quad: np.ndarray) -> np.ndarray:
    """The four points ordered top-left, top-right, bottom-right, bottom-left."""
    s, d = quad.sum(axis=1), np.diff(quad, axis=1)[:, 0]
    return np.float32([quad[s.argmin()], quad[d.argmin()], quad[s.argmax()], quad[d.argmax()]])


def photographed_paper(rgb: np.ndarray, s: PaperSettings = PAPER) -> Paper | None:
    """The sheet of paper a photo shows on a darker desk, or None (a scan, a screenshot, a
    photo whose paper fills it or has no clear edge)."""
    h, w = rgb.shape[:2]
    k = min(1.0, s.work_side / max(h, w))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb
    small = cv2.resize(grey, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), 2.0)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    area, hull = cv2.contourArea(outline), cv2.convexHull(outline)
    sh, sw = small.shape
    if not s.min_area * sh * sw <= area <= s.max_area * sh * sw:
        return None
    if area < s.min_solidity * cv2.contourArea(hull):
        return None
    quad = cv2.approxPolyDP(hull, s.corner_tolerance * cv2.arcLength(hull, True), True)
    if len(quad) != 4:
        return None
    inside = np.zeros_like(small)
    cv2.fillConvexPoly(inside, quad.reshape(-1, 2), 255)
    desk = small[inside == 0]
    if desk.size == 0 or np.median(small[inside > 0]) - np.median(desk) < s.min_contrast:
        return None
    x, y, qw, qh = cv2.boundingRect(quad)
    if max(x, y, sw - x - qw, sh - y - qh) < s.min_margin * max(sh, sw):
        return None
    corners = _corners(quad.reshape(-1, 2).astype(np.float32)) / k
    top, bottom = np.linalg.norm(corners[1] - corners[0]), np.linalg.norm(corners[2] - corners[3])
    left, right = np.linalg.norm(corners[3] - corners[0]), np.linalg.norm(corners[2] - corners[1])
    size = (round(max(top, bottom)), round(max(left, right)))
    page = np.float32([[0, 0], [size[0], 0], [size[0], size[1]], [0, size[1]]])
    return Paper(cv2.getPerspectiveTransform(corners, page), size)
