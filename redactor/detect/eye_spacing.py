"""A second measure of the distance between a face's eyes, from the eyes themselves.

The eye band is sized from the distance between the eyes (faces.BandShape). CenterFace's eye
landmarks sit outward of the irises on many real faces, and more so on faces turned in depth:
against eye truth from dlib's 68-point landmarks (samples/face_photos.json ``eyes_dlib``) its
distance is 0.86-1.26 times the true one on the shared real photos (median 1.09) and up to 1.28
on the bench's squeezed (yaw) portraits, and the band grows with it in both directions. Here
the darkest spot near each landmark (the iris and pupil, or a closed lid's lashes) is looked
for in a window levelled along the eye line; their distance along that line, where both are
found with some contrast, sizes the band instead, never below ``IrisSpacing.floor`` of
CenterFace's distance and never above it. The band stays centred where CenterFace's eyes are
and leans as their line does: only its size changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from redactor.detect.face_geometry import Face
from redactor.detect.margins import window_along


@dataclass(frozen=True)
class IrisSpacing:
    """Where and how the irises are looked for; lengths in CenterFace's eye distances (d)."""

    # Eyes closer than this (px) are a few pixels each: their darkest spot is noise.
    min_gap: float = 12.0
    # Each window is resampled so that d is this many px (small faces enlarged, large shrunk).
    grid: float = 40.0
    # The window's half-width along the eye line and half-height across it. CenterFace's
    # point lies up to a quarter of d outward of the iris on turned faces; a brow lies 0.3 d
    # and more above the eye, outside the window.
    along: float = 0.3
    across: float = 0.12
    # The window is blurred by this sigma before its darkest spot is taken (an iris is about
    # 0.1 d across): lashes and JPEG's blocks merge into the iris, a glint is filled.
    blur: float = 0.04
    # The darkest spot must lie this many grey levels under the window's median (a flat
    # window, skin or a shadow, gives no measure).
    contrast: float = 12.0
    # A spot on the window's end along the eye line is darker ground beyond it (hair, a
    # frame, the nose's shadow): no measure.
    end_px: int = 1
    # The band is sized from at least this share of d: on the bench's and the shared photos'
    # faces a measure fell to 0.78 of the true distance; with 0.8 the band still reaches
    # 0.88 d from its centre, beyond an eye's outer corner at 0.75 d.
    floor: float = 0.8
    # A measure under this share of d has found something else than an iris: no measure.
    refuse: float = 0.65


IRIS = IrisSpacing()


def _window(d: float, u: np.ndarray, eye: np.ndarray) -> tuple[np.ndarray, int, int, float]:
    """The window round ``eye`` levelled along ``u``: its origin (page px), width and height
    (window px) and scale (window px per page px)."""
    s = IRIS
    width, height = round(2 * s.along * s.grid) + 1, round(2 * s.across * s.grid) + 1
    v = np.array([-u[1], u[0]])
    return eye - u * s.along * d - v * s.across * d, width, height, s.grid / d


def _window_inside(grey: np.ndarray, eye: np.ndarray, u: np.ndarray, d: float) -> bool:
    """Whether the window round ``eye`` lies inside the picture (an eye cut by its edge has
    a window partly made up)."""
    origin, width, height, k = _window(d, u, eye)
    v = np.array([-u[1], u[0]])
    corners = (
        origin
        + np.outer([0, 1, 0, 1], u * (width - 1) / k)
        + np.outer([0, 0, 1, 1], v * (height - 1) / k)
    )
    return bool(corners.min() >= 0 and (corners < grey.shape[1::-1]).all())


def _darkest_spot(grey: np.ndarray, eye: np.ndarray, u: np.ndarray, d: float) -> np.ndarray | None:
    """The darkest spot (page px) of a window round ``eye`` levelled along ``u``; None where
    it lies on the window's end or stands out too little (see IrisSpacing), or where the window
    leaves the picture."""
    s = IRIS
    if not _window_inside(grey, eye, u, d):
        return None
    origin, width, height, k = _window(d, u, eye)
    v = np.array([-u[1], u[0]])
    # window px (col, row) -> page: origin + u * col / k + v * row / k
    warp = np.array([[u[0] / k, v[0] / k, origin[0]], [u[1] / k, v[1] / k, origin[1]]])
    window = window_along(grey, warp, (width, height))
    window = cv2.GaussianBlur(window, (0, 0), s.blur * s.grid)
    row, col = np.unravel_index(int(np.argmin(window)), window.shape)
    if col < s.end_px or col >= width - s.end_px:
        return None
    if float(np.median(window)) - float(window[row, col]) < s.contrast:
        return None
    return origin + u * col / k + v * row / k


def iris_gap(image: np.ndarray, face: Face) -> float | None:
    """The distance between a face's irises along its eye line, as the band is to be sized
    from (clamped to IrisSpacing.floor - 1 of CenterFace's distance); for a face with one eye in
    the picture, twice its iris's shift inward of its landmark off CenterFace's distance. None
    where an iris in the picture is not found or the measure is refused."""
    left, right = np.asarray(face.left_eye, np.float64), np.asarray(face.right_eye, np.float64)
    d = float(np.linalg.norm(right - left))
    if d < IRIS.min_gap or face.eyes_estimated or not face.upright:
        return None
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    u = (right - left) / d
    spots = [_darkest_spot(grey, eye, u, d) for eye in (left, right)]
    inside = [_window_inside(grey, eye, u, d) for eye in (left, right)]
    if spots[0] is not None and spots[1] is not None:
        share = float((spots[1] - spots[0]) @ u) / d
    elif inside.count(True) == 1 and (spots[0] if inside[0] else spots[1]) is not None:
        # A face cut by the picture's edge, one eye in it: its iris's shift inward of its
        # landmark is taken to be the other's too (CenterFace spreads both eyes alike).
        inward = float((spots[0] - left) @ u) if inside[0] else float((right - spots[1]) @ u)
        share = 1.0 - 2.0 * inward / d
    else:
        return None
    if share < IRIS.refuse:
        return None
    return d * min(1.0, max(IRIS.floor, share))


def with_iris_gap(image: np.ndarray, face: Face) -> Face:
    """``face`` with its eye band's size measured from its irises where they are found."""
    gap = iris_gap(image, face)
    return face if gap is None else replace(face, eye_gap=gap)
