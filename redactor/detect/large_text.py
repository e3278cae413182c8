"""Text too large for the text detector: a name set 300 px high on a poster, a banner or a
slide, or a title on a 600 dpi scan read in tiles at its native size.

PP-OCR's detector finds lines up to about 250-300 px high in the image it is given: on a
1920 x 1080 slide, 王伟 read whole at a 280 px font and as 伟, 王 or 三伟 from 280-340 px up
(Noto Sans and Serif); a 420 px name on a poster read as 伟 alone and was left visible. So
the image is also looked at small (an overview), where such text is of ordinary size. Each
line found there that the main read saw at a risky size is read from the overview and
replaces the main read's pieces of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from redactor.detect import text
from redactor.types import BBox, Quad, TextLine


@dataclass(frozen=True)
class LargeTextSettings:
    # The overview's long side at most (its detection costs about 0.1 CPU s)...
    overview_side: int = 700
    # ...and at least this many times smaller than the main read's detector input, so text at
    # the size where the detector fails there is of ordinary size here.
    shrink: float = 3.0
    # A line of the overview is read again when it was at least this high (px) in the main
    # read's detector input: below, the main read finds it (whole up to about 280 px, but
    # not always from about 160 px: main bench seed 2441's 006_large_text, 喜报 马玉兰荣获一等奖
    # in gold song type 163 px high on red, its box 162 px in the main read's scale, was read
    # as 喜报马玉 | 荣获 | 等奖, 兰 lost between two pieces, and the name stayed in view).
    min_height: float = 150.0
    # Around a line's box, this share of its height is read with it.
    margin: float = 0.25
    # A main-read line with this share of its box inside an overview line's, and at least
    # ``piece_height`` of its height, is a piece of it (see ``_merged``).
    cover: float = 0.6
    piece_height: float = 0.4


LARGE_TEXT = LargeTextSettings()


def detector_scale(width: int, height: int, tiled: bool) -> float:
    """How much the main read scaled the image for detection: tiles are read at native
    size; one pass is shrunk to ``TileSettings.max_side`` and a short side under the detector's
    (``text.detector_short_side``) scaled up by at most ``max_upscale``."""
    if tiled:
        return 1.0
    scale = min(1.0, text.TILES.max_side / max(width, height))
    short = min(width, height) * scale
    det_side = text.detector_short_side()
    if short < det_side:
        scale *= min(det_side / max(short, 1.0), text.TILES.max_upscale)
    return scale


def with_large_text(
    image: np.ndarray,
    lines: list[TextLine],
    main_scale: float,
    settings: LargeTextSettings = LARGE_TEXT,
) -> list[TextLine]:
    """``lines`` (the main read of ``image``, upright) with the lines the overview finds that
    the main read saw too large, in place of the main read's pieces of them."""
    h, w = image.shape[:2]
    scale = min(settings.overview_side / max(h, w), main_scale / settings.shrink)
    if min(h, w) * scale < text.TILES.pad_side:
        return lines
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    found: list[TextLine] = []
    for quad in _detected(small):
        # A line's height is its box's short side (a column of vertical text stands on end).
        if min(quad.height, quad.width) / scale * main_scale < settings.min_height:
            continue
        found.extend(_read_large(small, quad, scale, main_scale, settings))
    return _merged(lines, found, settings) if found else lines


def _detected(small: np.ndarray) -> list[Quad]:
    """The text lines the detector finds in ``small`` (no recognition), at its own scale."""
    engine = text.OcrEngine.get()
    bgr = np.ascontiguousarray(text._padded(small)[:, :, ::-1])
    with text._detector_scale(min(bgr.shape[:2]), crop=True):
        result = engine(bgr, use_det=True, use_cls=False, use_rec=False)
    if result.boxes is None:
        return []
    return [Quad.from_seq(b.tolist() if hasattr(b, "tolist") else b) for b in result.boxes]


def _read_large(
    small: np.ndarray, quad: Quad, scale: float, main_scale: float, settings: LargeTextSettings
) -> list[TextLine]:
    """The lines read in the overview around ``quad``, in the full image's pixels."""
    sh, sw = small.shape[:2]
    box = quad.bbox.expand(settings.margin * quad.height).clip(sw, sh)
    x0, y0 = int(box.x0), int(box.y0)
    crop = np.ascontiguousarray(small[y0 : int(box.y1), x0 : int(box.x1)])
    if min(crop.shape[:2]) < text.TILES.min_side:
        return []
    lines = text._ocr_pass(text._padded_to_det_side(crop), crop=True)
    # Only the large line itself: ordinary lines the margin took in are the main read's.
    least = settings.min_height * scale / main_scale
    lines = [ln for ln in lines if min(ln.quad.height, ln.quad.width) >= least and ln.text.strip()]
    return [text._map_line(ln, lambda x, y: ((x + x0) / scale, (y + y0) / scale)) for ln in lines]


def _merged(
    lines: list[TextLine], found: list[TextLine], settings: LargeTextSettings
) -> list[TextLine]:
    """The main read with each overview line added. The main read's pieces of it (lines it
    covers, of near its height) go where they say nothing it does not: 伟 of 王伟, or 刘建国
    itself, whose glyph boxes a read at that size places wrongly. A piece that says more (a
    glyph read otherwise) stays beside it."""
    kept = list(lines)
    for new in found:
        box = new.quad.bbox
        least = settings.piece_height * new.quad.height
        said = set(new.text.replace(" ", ""))
        kept = [
            ln
            for ln in kept
            if not (
                _share_inside(ln, box) >= settings.cover
                and ln.quad.height >= least
                and set(ln.text.replace(" ", "")) <= said
            )
        ]
        kept.append(new)
    return kept


def _share_inside(line: TextLine, box: BBox) -> float:
    """The share of ``line``'s box inside ``box``."""
    own = line.quad.bbox
    return own.intersection(box).area / own.area if own.area > 0 else 0.0
