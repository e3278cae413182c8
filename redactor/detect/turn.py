"""An image turned by any angle on a canvas that holds all of it, and the map of its points
back: text at a slant read level (a watermark across a page), faces leaning in a photo searched
upright. One place, so the two cannot come to disagree about where a point lies."""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np

from redactor.types import Point


def turn_whole(
    image: np.ndarray, angle: float, fill: tuple[int, int, int] | None = None
) -> tuple[np.ndarray, Callable[[Point], Point]]:
    """``image`` turned ``angle`` degrees counter-clockwise (as cv2.getRotationMatrix2D turns)
    about its centre onto a canvas just large enough to hold all of it, and the map taking a
    point of the turned image back to ``image``'s pixels. The canvas's corners outside the
    image are ``fill`` (RGB), or copy the image's edge where ``fill`` is None (a face search
    sees no hard border to take for an edge)."""
    h, w = image.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(math.cos(math.radians(angle))), abs(math.sin(math.radians(angle)))
    tw, th = int(math.ceil(w * cos + h * sin)), int(math.ceil(w * sin + h * cos))
    turn[0, 2] += (tw - w) / 2
    turn[1, 2] += (th - h) / 2
    if fill is None:
        turned = cv2.warpAffine(image, turn, (tw, th), borderMode=cv2.BORDER_REPLICATE)
    else:
        turned = cv2.warpAffine(image, turn, (tw, th), borderValue=fill)
    back = cv2.invertAffineTransform(turn)

    def home(p: Point) -> Point:
        return (
            float(back[0, 0] * p[0] + back[0, 1] * p[1] + back[0, 2]),
            float(back[1, 0] * p[0] + back[1, 1] * p[1] + back[1, 2]),
        )

    return turned, home
