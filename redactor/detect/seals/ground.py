"""A page printed on a coloured or dark ground (a red certificate's inside page, its photocopy),
seen as its departure from the ground (GroundSettings).

The ink masks measure ink against white paper: on a red ground every pixel is red ink and a seal
stamped on it, a shade darker or lighter than the ground, is no ring in any mask; a photocopy of
the page is light print on dark grey, the grey search's opposite. Seen as each pixel's colour
distance from the ground round it, the same page is a grey copy on white paper: the print black,
the seal's rim and text the mid grey a copied seal has, the ground white. The grey search's ring
tests then judge it as they judge any grey copy.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from redactor.detect.seals.geometry import Shape
from redactor.detect.seals.settings import GROUND


def _local_ground(rgb: np.ndarray) -> np.ndarray:
    """The ground's colour round each pixel (uint8 RGB): each channel's median over
    GroundSettings.window, taken at 1/GroundSettings.shrink of the scale and brought back."""
    h, w = rgb.shape[:2]
    s = GROUND.shrink
    small = cv2.resize(rgb, (max(1, w // s), max(1, h // s)), interpolation=cv2.INTER_AREA)
    k = max(3, int(GROUND.window * max(h, w) / s) | 1)
    ground = cv2.medianBlur(np.ascontiguousarray(small), k)
    return cv2.resize(ground, (w, h), interpolation=cv2.INTER_LINEAR)


def _lab(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2LAB).astype(np.float32)


def _ground_chroma(ground: np.ndarray) -> tuple[np.ndarray, float, float]:
    """The page's median ground colour (RGB), its chroma ((max - min) / max of its channels)
    and its brightest channel."""
    median = np.median(ground.reshape(-1, 3), axis=0)
    top = float(median.max())
    return median, (top - float(median.min())) / max(top, 1.0), top


def page_ground(ground: np.ndarray) -> np.ndarray | None:
    """Where the local ground colours ``ground`` (uint8 RGB) are the page's one coloured or
    dark ground (a bool mask), when that ground covers GroundSettings.min_ground of the image
    (GroundSettings.near, min_chroma, max_dark); None on a page of paper."""
    g = GROUND
    median, chroma, top = _ground_chroma(ground)
    if chroma < g.min_chroma and top >= g.max_dark:
        return None  # white or light paper
    centre = _lab(median.astype(np.uint8).reshape(1, 1, 3)).reshape(3)
    near = np.linalg.norm(_lab(ground) - centre, axis=2) <= g.near
    return near if float(near.mean()) >= g.min_ground else None


@dataclass(frozen=True)
class GroundView:
    """A page on a coloured or dark ground as the grey search sees it: ``copies``, grey copies
    of its departure from the ground, one at each of GroundSettings.full_scales (white where it
    is the ground, black at the scale and beyond); ``on_ground``, where the local ground is the
    page's own (a bool mask of the working image)."""

    copies: list[np.ndarray]
    on_ground: np.ndarray

    def holds(self, shape: Shape) -> bool:
        """Whether a seal fitted as ``shape`` lies on the page's ground: on GroundSettings.
        min_on_ground of its area or more."""
        inside = np.zeros(self.on_ground.shape, np.uint8)
        cv2.fillConvexPoly(inside, np.round(shape.polygon()).astype(np.int32), 1)
        area = int(inside.sum())
        return area > 0 and float(self.on_ground[inside > 0].mean()) >= GROUND.min_on_ground


def ground_relative(rgb: np.ndarray) -> GroundView | None:
    """The working image ``rgb`` (uint8 RGB) seen as its departure from a coloured or dark
    ground (GroundView); None when the page is not on such a ground."""
    ground = _local_ground(rgb)
    on_ground = page_ground(ground)
    if on_ground is None:
        return None
    g = GROUND
    smooth = cv2.GaussianBlur(rgb, (0, 0), g.blur_px)
    distance = np.linalg.norm(_lab(smooth) - _lab(ground), axis=2)
    distance = np.maximum(distance - g.noise_floor * float(np.median(distance)), 0.0)
    copies = []
    # a dark grey ground is a copy's: its seal departs from it by a few levels only
    grey_ground = _ground_chroma(ground)[1] < g.min_chroma
    for full in (*g.copy_scales, *g.full_scales) if grey_ground else g.full_scales:
        grey = (255.0 * (1.0 - np.clip(distance / full, 0.0, 1.0))).astype(np.uint8)
        copies.append(np.repeat(grey[:, :, None], 3, axis=2))
    return GroundView(copies, on_ground)
