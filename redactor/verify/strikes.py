"""Reading through a strike-through: is the name or unit under a pen line still legible?

Someone who "masks" a name by striking it out with a pen or a drawing tool leaves it readable:
a reader sees the glyphs on either side of the line. OCR does not: the line cuts the text
line in two or turns its glyphs into others (a form's 博尔塔拉蒙古自治州人民医院 struck through
once read 博尔塔拉蒙 and stopped, and verify passed it). So a long straight stroke along the
middle of a text line is taken out (painted the paper's colour) and the line is read again;
what the matcher finds there is visible text.

What is judged is the read: a line struck through whose glyphs no longer read as the name or
unit (a dense scribble, a line drawn with a thick marker) passes, as any mask does.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from redactor.detect.match import find_identity
from redactor.options import Identity
from redactor.types import BBox, Finding, TextLine
from redactor.verify.cover import grey_levels


@dataclass(frozen=True)
class StrikeSettings:
    """What is taken for a strike-through (sizes in heights of the struck line)."""

    # A stroke at least this long in one straight run (a two-glyph name struck through is
    # about two): glyphs' own horizontal strokes are at most a glyph wide, and a row of them
    # breaks between glyphs.
    min_length: float = 1.6
    # The runs that make it are found with a horizontal opening this long: a pen line tilted
    # by up to about 5 degrees still makes runs of it.
    run: float = 0.8
    # At most this thick on average (its ink over its length): a bar that thick is a mask.
    max_thickness: float = 0.3
    # Its middle lies between these shares of the line's height from the top: an underline
    # or a table rule runs below or above the glyphs, a strike through them.
    band: tuple[float, float] = (0.25, 0.8)
    # It reaches into the line's box grown by this many heights along the line (OCR often
    # cut the line where the stroke began); it is followed along the line's rows to its ends.
    reach: float = 1.0
    # Ink is darker than the paper by at least this many grey levels.
    ink_contrast: float = 60.0
    # The band read again: the line's box grown by these heights across and along it, out to
    # the stroke's ends.
    margin: tuple[float, float] = (0.4, 0.5)
    # Pixels round each stroke pixel that inpainting draws from.
    inpaint_radius: int = 3


STRIKES = StrikeSettings()


@dataclass(frozen=True)
class Strike:
    """A strike-through found over a line: the stroke's pixels and the band to read again."""

    line: TextLine
    stroke: np.ndarray  # bool mask of the line's rows, the page's width, where its ink is
    top: int  # the page row of the mask's first row
    band: BBox


def find_strikes(
    image: np.ndarray, lines: list[TextLine], s: StrikeSettings = STRIKES
) -> list[Strike]:
    """Strike-throughs over the horizontal ``lines`` of an upright ``image``."""
    grey = grey_levels(image)
    h, w = grey.shape
    found: list[Strike] = []
    for line in lines:
        box = line.quad.bbox
        height = box.height
        if height < 6 or box.width < 2 * height:
            continue
        # The line's rows across the whole page: the stroke is followed to its ends.
        y0, y1 = max(0, int(box.y0)), min(h, int(np.ceil(box.y1)))
        crop = grey[y0:y1]
        if crop.size == 0:
            continue
        paper = float(np.percentile(crop, 90))
        ink = (crop < paper - s.ink_contrast).astype(np.uint8)
        run = max(3, int(s.run * height))
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for k in range(1, count):
            cx, cy, cw, ch, area = stats[k]
            if cw < s.min_length * height or area / cw > s.max_thickness * height:
                continue
            if cx > box.x1 + s.reach * height or cx + cw < box.x0 - s.reach * height:
                continue  # another line's, further along the row
            middle = (cy + ch / 2) / height
            if not s.band[0] <= middle <= s.band[1]:
                continue
            band = BBox(
                max(0.0, min(box.x0, cx) - s.margin[1] * height),
                max(0.0, box.y0 - s.margin[0] * height),
                min(float(w), max(box.x1, cx + cw) + s.margin[1] * height),
                min(float(h), box.y1 + s.margin[0] * height),
            )
            found.append(Strike(line, labels == k, y0, band))
    return found


def struck_findings(
    image: np.ndarray, lines: list[TextLine], identity: Identity, s: StrikeSettings = STRIKES
) -> list[Finding]:
    """The name or unit read on ``lines`` of an upright ``image`` once a strike-through over
    them is taken out (see the module's docstring)."""
    from redactor.detect.text import read_region

    strikes = find_strikes(image, lines, s)
    if not strikes:
        return []
    # Painted over from round it (inpainting): the glyphs' strokes that cross the stroke are
    # drawn on across it, as a reader's eye continues them; paper would leave them cut.
    stroke = np.zeros(image.shape[:2], np.uint8)
    for strike in strikes:
        rows = slice(strike.top, strike.top + strike.stroke.shape[0])
        stroke[rows] |= strike.stroke.astype(np.uint8)
    # Grown by a pixel: the stroke's anti-aliased edge would read as a thin line.
    stroke = cv2.dilate(stroke, np.ones((3, 3), np.uint8))
    # RGB, as pages are (inpaint takes 1 or 3 channels, OCR 3).
    pixels = image[:, :, :3] if image.ndim == 3 else np.dstack([image] * 3)
    clean = cv2.inpaint(np.ascontiguousarray(pixels), stroke, s.inpaint_radius, cv2.INPAINT_TELEA)
    read: list[TextLine] = []
    for band in BBox.joined(strike.band for strike in strikes):
        read += read_region(clean, band, 0)
    return find_identity(read, identity)
