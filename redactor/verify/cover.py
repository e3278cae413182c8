"""Is what lies at a place covered? Pixel measures shared by the visibility checks.

A cover a reader cannot see through is one of: a solid fill (any colour), a mosaic whose blocks
are large against what they hide, or a blur wide against it. Each measure here answers for one
region of a page image, in its own pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from redactor.types import BBox, Point


@dataclass(frozen=True)
class CoverSettings:
    """Thresholds of the cover measures (grey levels are 0-255)."""

    # A region is one solid fill when this share of its pixels lies within ``flat_tolerance``
    # grey levels of its median colour (JPEG ringing and anti-aliased fill edges stay inside).
    flat_share: float = 0.96
    flat_tolerance: float = 14.0
    # A seal counts as covered when this share of its outline is one solid fill.
    seal_flat_share: float = 0.9
    # A signature box is a fill rather than handwriting when this share of it is one colour
    # darker than the paper: strokes ink a small share of their box.
    signature_flat_share: float = 0.8
    # A fill lighter than this grey level cannot be told from paper.
    paper_grey: float = 230.0


COVER = CoverSettings()


def _crop(image: np.ndarray, box: BBox) -> np.ndarray:
    h, w = image.shape[:2]
    b = box.clip(w, h)
    x0, y0 = int(math.floor(b.x0)), int(math.floor(b.y0))
    x1, y1 = int(math.ceil(b.x1)), int(math.ceil(b.y1))
    return image[y0:y1, x0:x1]


def _grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image.astype(np.float32)
    return cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2GRAY).astype(np.float32)


def flat_share(pixels: np.ndarray, tolerance: float = COVER.flat_tolerance) -> float:
    """Share of the pixels within ``tolerance`` of their median colour in every channel."""
    if pixels.size == 0:
        return 1.0
    flat = pixels.reshape(-1, pixels.shape[-1] if pixels.ndim == 3 else 1).astype(np.float32)
    median = np.median(flat, axis=0)
    near = np.all(np.abs(flat - median) <= tolerance, axis=1)
    return float(near.mean())


def box_is_flat(image: np.ndarray, box: BBox, share: float = COVER.flat_share) -> bool:
    """Whether ``box`` on the image is one solid colour (a fill, or blank paper)."""
    return flat_share(_crop(image, box)) >= share


def polygon_flat_share(image: np.ndarray, polygon: tuple[Point, ...]) -> float:
    """Share of the pixels inside a polygon (on the page) that are its median colour."""
    h, w = image.shape[:2]
    mask = np.zeros((h, w), np.uint8)
    pts = np.round(np.asarray(polygon, np.float64)).astype(np.int32)
    cv2.fillConvexPoly(mask, pts, 1)
    inside = image[mask.astype(bool)]
    if inside.size == 0:
        return 1.0
    return flat_share(
        inside if inside.ndim == 2 else inside[:, None, :].reshape(-1, inside.shape[-1])
    )


def is_fill(image: np.ndarray, box: BBox, share: float = COVER.signature_flat_share) -> bool:
    """Whether a box is mostly one colour that is not paper: a fill drawn over something, as
    opposed to handwriting, which inks little of its own box (the rest is paper)."""
    pixels = _crop(image, box)
    if pixels.size == 0:
        return False
    paper_like = float(np.median(_grey(pixels))) >= COVER.paper_grey
    return not paper_like and flat_share(pixels) >= share
