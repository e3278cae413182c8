"""A page's paper: light, as print is, or dark, as a reading app's night mode or a dark theme
shows a document (light text on a dark grey page, every colour turned to its opposite: the
unit's red seal shows cyan).

Text and seals are found on light paper: the seal detector looks for red ink, and the reading of
print under a seal takes that red out. A page on dark paper is read as its negative, where the
seal is red again and the print dark; faces are searched on the page as it is (a photo's negative
is no face)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from redactor.types import Page


@dataclass(frozen=True)
class DarkPaperSettings:
    """When a page's paper is dark. Probes round 17: a recommendation letter screenshotted from
    a reading app in night mode (paper grey 30-45, text grey 200, the unit's seal cyan) had its
    names read, but neither the seal nor the unit under it was found: the seal was no red ink,
    and the unit's glyphs under it were not known to be under a stamp."""

    # The page is judged this small (its longer side, px): the paper is a page-wide figure.
    side: int = 400
    # The paper is the commonest grey level (in bins this wide), and dark at this level or below.
    bin_width: int = 8
    max_level: int = 90
    # At least this share of the page lies within ``flat`` grey levels of the paper's level: a
    # page's background, not the dark parts of a photo (a night scene's sky and ground vary).
    flat: int = 14
    min_share: float = 0.55
    # Its ink is light: at least this share of the page is ``lift`` levels brighter than it.
    lift: int = 90
    min_ink: float = 0.002
    # And that light is strokes, not a sheet: at most this share of it survives an opening by a
    # square ``solid_px`` wide (at ``side``; a glyph's stroke is 1-4 px there). Probes round 26:
    # a phone photo of a white page on a dark desk (the desk 85% of the 4000 x 3000 frame) was
    # taken for night mode, read as its negative, and the unit's red seal on it was cyan, not
    # found.
    solid_px: int = 7
    max_solid: float = 0.5


DARK_PAPER = DarkPaperSettings()


def on_dark_paper(image: np.ndarray, s: DarkPaperSettings = DARK_PAPER) -> bool:
    """Whether ``image`` (RGB or grey) is a page of light text on dark paper (DarkPaperSettings)."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image[:, :, :3], cv2.COLOR_RGB2GRAY)
    h, w = grey.shape
    scale = min(1.0, s.side / max(h, w, 1))
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        grey = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    counts = np.bincount((grey // s.bin_width).ravel(), minlength=256 // s.bin_width)
    level = int(np.argmax(counts)) * s.bin_width + s.bin_width // 2
    if level > s.max_level:
        return False
    flat = float(np.mean(np.abs(grey.astype(np.int16) - level) <= s.flat))
    light = (grey.astype(np.int16) >= level + s.lift).astype(np.uint8)
    ink = float(light.mean())
    if flat < s.min_share or ink < s.min_ink:
        return False
    solid = cv2.morphologyEx(light, cv2.MORPH_OPEN, np.ones((s.solid_px, s.solid_px), np.uint8))
    return float(solid.mean()) <= s.max_solid * ink


def as_light_paper(page: Page) -> Page:
    """``page`` itself, or on dark paper its negative (light paper, dark print, a red seal)."""
    if not on_dark_paper(page.image):
        return page
    return replace(page, image=np.ascontiguousarray(255 - page.image))
