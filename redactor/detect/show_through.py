"""Print on a page's back showing through thin paper, mirrored (透印).

A scan or copy of thin paper shows the back's print as light, mirrored text behind the front's:
probes round 23's workload table carried, mirrored and 25-50 levels deep, the back's
recommendation naming the applicant and the unit. OCR reads it as nothing (its glyphs are
mirrored) while a reviewer reads it held to a mirror, or by eye.

So a page whose light ink (``watermark.light_layer``: the dark print and its fringe left out)
holds enough glyph-sized marks has that layer read once more mirrored; targets the matcher finds
there are masked where they lie (mirrored back). Other pages cost their light layer (as the
watermark search draws it) and a count of its marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from redactor.detect.match import Target, dedupe, find_identity
from redactor.detect.text import ocr_layer, unmirror_line
from redactor.detect.watermark import WATERMARK, dark_and_fringe, ink_depth, light_layer
from redactor.options import Identity
from redactor.types import BBox, Finding, TextLine


@dataclass(frozen=True)
class ShowThroughSettings:
    """When a page's light ink is read mirrored."""

    # Glyph-sized light marks: connected pieces of the light layer's ink of this many pixels
    # (a speck of toner or JPEG noise is smaller; a grey fill, a photo's shading larger) ...
    mark_area: tuple[int, int] = (12, 4000)
    # ... at least this many of them (a line or two of glyphs, each in a few pieces) ...
    min_marks: int = 40
    # ... and ink of the layer darker than this (the stretched layer's grey; its own deepest
    # ink is black) on at least this share of the page, at most this share (a photo's page).
    ink_grey: int = 160
    min_ink_share: float = 0.002
    max_ink_share: float = 0.08
    # Marks inside lines OCR read at this score or more are those lines' (a phone photo's
    # blurred print is light ink too: every phone photo of a generated page held 40 such marks);
    # only the others are counted.
    read_score: float = 0.8
    # Where the front's dark print crosses the back's glyphs (a table's rule through a line of
    # them), the light layer has a gap the print's width and fringe wide: it is bridged where
    # ink lies above and below it within this many pixels, as if the rule were not there (the
    # rule through the back's second 马晓燕 left it read as 1联益).
    bridge_px: int = 9
    # Marks inside a photo on the page are its shading, not print: a photo's mid tones are light
    # ink too (main bench seed 2521's 004_multi, a page of a photo over a caption: 120 marks
    # outside the lines read, 102 of them in the photo, 18 left; the page was read twice
    # mirrored for nothing: 13.0 of the stage's 14.4 CPU s over bench.speed's 12 pages). Photos
    # are found as the seal search finds them (seals.photos.photo_masks: a solid region of
    # non-paper, clear of the image's sides, so a phone photo's desk is none), on the page
    # shrunk to this long side (its windows are shares of the short side: the size sets only
    # the cost). Asked only of a page that has enough marks without it: others pay nothing.
    photo_side: int = 1000


SHOW_THROUGH = ShowThroughSettings()


def _glyph_layer(
    layer: np.ndarray, read: list[BBox], photos: _Photos, s: ShowThroughSettings
) -> np.ndarray | None:
    """The light layer (RGB, dark on white) with its specks (a copy's grain, stretched with
    the light ink) left out, where it holds enough glyph-sized marks outside the boxes of
    lines ``read`` and outside ``photos``; else None."""
    ink = (layer[..., 0] < s.ink_grey).astype(np.uint8)
    share = float(ink.mean())
    if not s.min_ink_share <= share <= s.max_ink_share:
        return None
    _, labels, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    areas = stats[:, cv2.CC_STAT_AREA]
    lo, hi = s.mark_area
    marks = (areas >= lo) & (areas <= hi)
    marks[0] = False  # the background
    free = [i for i in np.flatnonzero(marks) if not any(_inside(centres[i], b) for b in read)]
    if len(free) < s.min_marks or len(photos.outside(centres[free])) < s.min_marks:
        return None
    out = layer.copy()
    out[~marks[labels]] = 255
    return out


class _Photos:
    """The photos on a page (see ShowThroughSettings.photo_side), found when first asked about:
    most pages never have enough marks for the question."""

    def __init__(self, image: np.ndarray, s: ShowThroughSettings) -> None:
        self._image, self._s = image, s
        self._mask: np.ndarray | None = None
        self._scale = 1.0

    def _found(self) -> np.ndarray:
        if self._mask is None:
            from redactor.detect.seals.photos import photo_masks

            h, w = self._image.shape[:2]
            self._scale = min(1.0, self._s.photo_side / max(h, w))
            size = (max(1, round(w * self._scale)), max(1, round(h * self._scale)))
            rgb = self._image if self._image.ndim == 3 else np.dstack([self._image] * 3)
            small = cv2.resize(
                np.ascontiguousarray(rgb[..., :3]), size, interpolation=cv2.INTER_AREA
            )
            self._mask = np.zeros(small.shape[:2], bool)
            for photo in photo_masks(small):
                self._mask |= photo > 0
        return self._mask

    def outside(self, points: np.ndarray) -> np.ndarray:
        """Those of ``points`` (x, y in the page's pixels, N x 2) not inside a photo."""
        mask = self._found()
        if not mask.any() or len(points) == 0:
            return points
        h, w = mask.shape
        xs = np.clip((points[:, 0] * self._scale).astype(int), 0, w - 1)
        ys = np.clip((points[:, 1] * self._scale).astype(int), 0, h - 1)
        return points[~mask[ys, xs]]


def _bridged(layer: np.ndarray, depth: np.ndarray, s: ShowThroughSettings) -> np.ndarray:
    """The light layer with its gaps under the dark print filled where its ink lies above and
    below them (see bridge_px)."""
    ink = (layer[..., 0] < s.ink_grey).astype(np.uint8)
    under = dark_and_fringe(depth, WATERMARK)
    across = np.ones((s.bridge_px, 1), np.uint8)
    filled = (cv2.morphologyEx(ink, cv2.MORPH_CLOSE, across) > 0) & under
    if not filled.any():
        return layer
    out = layer.copy()
    out[filled] = int(np.median(layer[..., 0][ink > 0])) if ink.any() else 0
    return out


def _inside(point: np.ndarray, box: BBox) -> bool:
    return box.x0 <= point[0] <= box.x1 and box.y0 <= point[1] <= box.y1


def mirrored_lines(
    image: np.ndarray,
    lines: Sequence[TextLine],
    rotation: int,
    s: ShowThroughSettings = SHOW_THROUGH,
) -> list[TextLine]:
    """The page's light ink read mirrored (left to right), in the page's pixels; none where
    the page holds too little light ink outside the ``lines`` OCR read to be print showing
    through."""
    read = [line.quad.bbox for line in lines if line.score >= s.read_score]
    depth = ink_depth(image, WATERMARK)
    light = light_layer(depth, WATERMARK)
    photos = _Photos(image, s)
    plain = _glyph_layer(light, read, photos, s)
    if plain is None:
        return []
    # Read as it is and with its gaps bridged: a bridge can join a glyph to the front's print
    # it ran under (q04's unit read as it is, lost bridged; generated seed 2's second name the
    # other way round).
    bridged = _glyph_layer(_bridged(light, depth, s), read, photos, s)
    layers = [plain] if bridged is None or np.array_equal(bridged, plain) else [plain, bridged]
    w = plain.shape[1]
    out: list[TextLine] = []
    for layer in layers:
        # Mirrored, a page turned a quarter one way reads turned the other way.
        found = ocr_layer(np.ascontiguousarray(layer[:, ::-1]), (360 - rotation) % 360)
        out += [unmirror_line(line, w) for line in found]
    return out


def show_through_findings(
    image: np.ndarray,
    lines: Sequence[TextLine],
    rotation: int,
    identity: Identity,
    targets: Sequence[Target] | None = None,
) -> list[Finding]:
    """The applicant's name and unit in print showing through from the page's back (``lines``:
    the page's own, read by OCR)."""
    mirrored = mirrored_lines(image, lines, rotation)
    return dedupe(find_identity(mirrored, identity, targets)) if mirrored else []
