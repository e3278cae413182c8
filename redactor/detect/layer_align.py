"""A scan's text layer put back on its picture.

A scanned PDF may carry an invisible text layer written by another tool, and that tool may
have placed it off the scanned glyphs (bench `ocr_layer` pages: the layer shifted 6-40 pt).
The layer is read for what it says, but its places were trusted too: the name and unit were
filled where the layer put them (over blank paper or other print) as well as where OCR of the
picture found them (1.2-1.6% of such a page over-masked, bench seeds 2191 and 2291). The
picture is OCR'd anyway on such a page, so the layer's offset can be measured: lines of the
layer that OCR read with the same text lie one offset away from it. When enough of them agree,
the whole layer is moved by that offset.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from redactor.detect.text import _offset_line
from redactor.types import Quad, TextLine


@dataclass(frozen=True)
class LayerAlignSettings:
    """When a scan's text layer is moved onto what OCR read of its picture."""

    # A layer line is paired with the piece of an OCR line that reads the same to at least this
    # (rapidfuzz partial ratio, 0-100): OCR's slips on a scan leave 85-100 for the same text.
    min_score: float = 85.0
    # Layer lines shorter than this (characters, spaces left out) pair with too many places.
    min_chars: int = 2
    # Pairs whose offsets agree (within ``agree`` of the layer's median line height of their
    # median offset) needed before the layer is moved: one pair may be a repeated line.
    min_pairs: int = 2
    agree: float = 0.35
    # ...and a majority of all pairs: a layer whose lines pair every which way is left as it is.
    min_agreeing_share: float = 0.5
    # An offset under this share of the line height is the two readers' boxes differing, not
    # the layer placed off its glyphs: the layer is left where it is.
    min_shift: float = 0.5


LAYER_ALIGN = LayerAlignSettings()


def aligned_layer(
    layer: list[TextLine], ocr: list[TextLine], s: LayerAlignSettings = LAYER_ALIGN
) -> list[TextLine]:
    """``layer`` moved onto the picture when OCR's lines show it placed off by one offset;
    else ``layer`` unchanged."""
    if not layer or not ocr:
        return layer
    offsets = [o for line in layer if (o := _offset(line, ocr, s)) is not None]
    if len(offsets) < s.min_pairs:
        return layer
    height = float(np.median([line.quad.height for line in layer]))
    pts = np.asarray(offsets, dtype=np.float64)
    median = np.median(pts, axis=0)
    agreeing = np.linalg.norm(pts - median, axis=1) <= s.agree * height
    if int(agreeing.sum()) < s.min_pairs or agreeing.mean() <= s.min_agreeing_share:
        return layer
    shift = pts[agreeing].mean(axis=0)
    if float(np.linalg.norm(shift)) < s.min_shift * height:
        return layer
    return [_offset_line(line, float(shift[0]), float(shift[1])) for line in layer]


def _offset(line: TextLine, ocr: list[TextLine], s: LayerAlignSettings) -> np.ndarray | None:
    """From ``line``'s start to the start of the nearest piece of an OCR line reading the same,
    if any. Starts, not centres: the other tool set the layer's glyphs in its own font from
    each line's start, so a long line's end lies further off the picture's than its start."""
    text = line.text
    if len(text.replace(" ", "")) < s.min_chars:
        return None
    start = _start(line.quad)
    best: np.ndarray | None = None
    for other in ocr:
        hit = fuzz.partial_ratio_alignment(text, other.text, score_cutoff=s.min_score)
        if hit is None or hit.dest_end <= hit.dest_start:
            continue
        # the pair's length must be the layer line's: a short line inside a longer one's text
        if hit.src_end - hit.src_start < len(text) - 1:
            continue
        there = _start(other.span_quad(hit.dest_start, hit.dest_end))
        d = there - start
        if best is None or np.linalg.norm(d) < np.linalg.norm(best):
            best = d
    return best


def _start(q: Quad) -> np.ndarray:
    """The middle of the quad's starting edge (its reading order's left side)."""
    p = np.asarray(q.points, dtype=np.float64)
    return (p[0] + p[3]) / 2
