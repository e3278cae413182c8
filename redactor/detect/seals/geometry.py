"""Outlines (ellipses and boxes), the ring evidence measured along them, and polar sampling."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

import cv2
import numpy as np

from redactor.detect.seals.settings import OUTLINE

N_ANGLES = 144  # angles sampled around an outline


@dataclass(frozen=True)
class Shape:
    """An outline in working pixels: an ellipse, or a box (square seals) with half sides rx/ry.

    ``ang`` is the direction of the rx axis in degrees (image coordinates, y down), as returned by
    cv2.fitEllipse / minAreaRect. ``skew`` (boxes only, degrees): the ry axis leans this far off
    the perpendicular to the rx axis, so the box is a parallelogram: a square seal photographed
    at a slant (issue 10).
    """

    cx: float
    cy: float
    rx: float
    ry: float
    ang: float
    kind: str = "ellipse"
    skew: float = 0.0

    @property
    def r(self) -> float:
        return (self.rx + self.ry) / 2

    def scaled(self, k: float) -> Shape:
        return replace(self, cx=self.cx * k, cy=self.cy * k, rx=self.rx * k, ry=self.ry * k)

    def axes(self) -> tuple[float, float, float, float]:
        """The unit directions (ux, uy) of the rx axis and (vx, vy) of the ry axis."""
        a = math.radians(self.ang)
        b = a + math.radians(self.skew)
        return math.cos(a), math.sin(a), -math.sin(b), math.cos(b)

    def to_local(self, dx: np.ndarray, dy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Offsets from the centre in axis units (u along rx, v along ry; pixels, not radii)."""
        ux, uy, vx, vy = self.axes()
        det = ux * vy - uy * vx
        return (dx * vy - dy * vx) / det, (dy * ux - dx * uy) / det

    def unit_boundary(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Boundary offsets (dx, dy) at parameters t (radians) for s = 1."""
        return self.boundary_at(np.cos(t), np.sin(t))

    def boundary_at(self, c: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``unit_boundary`` at the angles whose cosines and sines are ``c`` and ``s`` (the
        fixed angle sets come from ``angles``: the same offsets, without a cos and sin each
        time an outline is sampled)."""
        if self.kind == "box":
            # Walk the square's perimeter with t: the point where the ray at angle t meets it.
            m = np.maximum(np.abs(c), np.abs(s))
            u, v = c / m * self.rx, s / m * self.ry
        else:
            u, v = c * self.rx, s * self.ry
        ux, uy, vx, vy = self.axes()
        return u * ux + v * vx, u * uy + v * vy

    def polygon(self, grow: float = 0.0, add: float = 0.0, n: int = OUTLINE.points) -> np.ndarray:
        """Convex outline points, grown by ``grow`` x radius + ``add`` pixels."""
        if self.kind == "box":
            # a parallelogram's sides are closer than its half sides by cos(skew): the pixels
            # added are added across the sides
            stretch = 1.0 / math.cos(math.radians(self.skew))
            hx = self.rx * (1 + grow) + add * stretch
            hy = self.ry * (1 + grow) + add * stretch
            ux, uy, vx, vy = self.axes()
            pts = [(-hx, -hy), (hx, -hy), (hx, hy), (-hx, hy)]
            return np.array(
                [(self.cx + x * ux + y * vx, self.cy + x * uy + y * vy) for x, y in pts]
            )
        t = np.linspace(0, 2 * np.pi, n, endpoint=False)
        grown = replace(self, rx=self.rx * (1 + grow) + add, ry=self.ry * (1 + grow) + add)
        # The polygon is inscribed in the ellipse: push vertices out so its edges clear the curve.
        dx, dy = grown.unit_boundary(t)
        k = 1.0 / math.cos(math.pi / n)
        return np.c_[self.cx + dx * k, self.cy + dy * k]


def box_from_quad(quad: np.ndarray) -> Shape:
    """The box (a parallelogram, ``skew`` its lean) best matching four corners in order round
    the outline: its centre their mean, its axes the mean of each pair of opposite sides."""
    q = np.asarray(quad, np.float64)
    cx, cy = q.mean(axis=0)
    e1 = (q[1] - q[0] + q[2] - q[3]) / 2
    e2 = (q[3] - q[0] + q[2] - q[1]) / 2
    ang = math.degrees(math.atan2(e1[1], e1[0]))
    lean = math.degrees(math.atan2(-e2[0], e2[1]))
    skew = (lean - ang + 180.0) % 360.0 - 180.0
    return Shape(
        float(cx), float(cy), float(np.hypot(*e1)) / 2, float(np.hypot(*e2)) / 2, ang, "box", skew
    )


@dataclass
class Ring:
    """Ring evidence for one outline (fractions 0..1)."""

    valid: float  # share of the outline that lies inside the image
    coverage: float  # share of (valid) angles with ink near the outline
    row: float  # best continuity of ink along one radius near the outline
    inner: float  # ink density inside (text, star)
    outside: float  # ink density just outside
    fill: float  # ink density right inside the ring (high for a solid disc)
    edge: float  # share of angles where the ink ends cleanly at the outline (not a square, say)

    def score(self) -> float:
        return 0.45 * self.coverage + 0.55 * self.row - 0.8 * self.outside


@dataclass
class Candidate:
    shape: Shape
    ring: Ring
    source: str
    ink: str  # "red", "blue" or "grey"
    extra: dict = field(default_factory=dict)

    @property
    def score(self) -> float:
        return self.ring.score()


@lru_cache(maxsize=8)
def angles(n_t: int = N_ANGLES) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n_t`` angles 0..2pi (endpoint excluded), their cosines and sines; read-only, shared.
    An outline is sampled thousands of times a page at the same few angle sets."""
    t = np.linspace(0, 2 * np.pi, n_t, endpoint=False)
    out = (t, np.cos(t), np.sin(t))
    for a in out:
        a.setflags(write=False)
    return out


def share(flags: np.ndarray, axis: int | None = None) -> float | np.ndarray:
    """The fraction of True in a boolean array (along ``axis``): the same number as ``.mean()``,
    at a tenth of its cost. Outlines are judged hundreds of thousands of times a grey page, and
    numpy's ``mean`` machinery was a tenth of the seal search's time."""
    if axis is None:
        return np.count_nonzero(flags) / flags.size if flags.size else math.nan
    return np.count_nonzero(flags, axis=axis) / flags.shape[axis]


def median(values: np.ndarray) -> float:
    """``np.median`` of a 1-D array: the same number (the middle value, or the mean of the two
    middle ones in the array's own dtype; NaN when one is NaN) without numpy's general
    machinery, which costs more than the partition itself on the few hundred residuals of
    an outline fit (49k calls on six grey pages)."""
    n = values.size
    if n == 0:
        return math.nan
    half = n // 2
    kth = [half, n - 1] if n % 2 else [half - 1, half, n - 1]
    part = np.partition(values, kth)
    if np.isnan(part[-1]):
        return math.nan
    return float(part[half] if n % 2 else (part[half - 1] + part[half]) / 2)


def polar(img: np.ndarray, sh: Shape, s: np.ndarray, n_t: int = N_ANGLES) -> np.ndarray:
    """Sample ``img`` (float32) at scales ``s`` of the outline, angles 0..2pi: (len(s), n_t);
    -1 outside the image."""
    _, cos_t, sin_t = angles(n_t)
    dx, dy = sh.boundary_at(cos_t, sin_t)
    col = s[:, None]
    mx = (sh.cx + col * dx).astype(np.float32)
    my = (sh.cy + col * dy).astype(np.float32)
    return cv2.remap(
        img, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=-1.0
    )


def box_samples(mask: np.ndarray, sh: Shape, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``mask`` at box coordinates (u along the rx axis, v along ry; +-1 on the sides): an
    array (len(v), len(u)), -1 off the image."""
    ux, uy, vx, vy = sh.axes()
    uu, vv = np.meshgrid(u * sh.rx, v * sh.ry)
    mx = (sh.cx + uu * ux + vv * vx).astype(np.float32)
    my = (sh.cy + uu * uy + vv * vy).astype(np.float32)
    return cv2.remap(
        mask, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=-1.0
    )


def longest_run(ink: np.ndarray) -> np.ndarray:
    """Longest stretch of True along the last axis, per row."""
    best = np.zeros(ink.shape[0], int)
    run = np.zeros(ink.shape[0], int)
    for j in range(ink.shape[1]):
        run = np.where(ink[:, j], run + 1, 0)
        best = np.maximum(best, run)
    return best
