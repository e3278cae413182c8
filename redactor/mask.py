"""Findings -> regions -> pixels. The only module that changes pixels."""

from __future__ import annotations

import cv2
import numpy as np

from redactor.options import MaskOptions
from redactor.types import Finding, Point, Quad

# A region to fill: the corners of a convex polygon in page pixels.
Region = tuple[Point, ...]


def region_for(finding: Finding, options: MaskOptions) -> Region:
    """The polygon to fill for a finding.

    Text: its glyph box grown by a margin relative to text size, so anti-aliased edges and the
    tops of tall glyphs are covered too; above and below the line no further than its
    ``margin_room`` (where a neighbouring line's ink begins: detect.margins), never inside the
    quad. Shapes with an ``outline`` (a seal's ellipse) are filled as given: their detector has
    already put the margin in.
    """
    if finding.outline:
        return tuple(finding.outline)
    margin = options.margin * max(finding.quad.height, 1.0) + 2.0
    if finding.margin_room is None:
        return finding.quad.expand(margin).points
    above, below = (min(margin, max(0.0, room)) for room in finding.margin_room)
    return finding.quad.expand_sides(margin, above, below).points


def margin_fitted(finding: Finding, options: MaskOptions) -> bool:
    """Whether the fill of ``finding`` is less than its quad grown by the whole margin."""
    if finding.outline or finding.margin_room is None:
        return False
    margin = options.margin * max(finding.quad.height, 1.0) + 2.0
    return min(finding.margin_room) < margin


def apply_masks(
    image: np.ndarray, regions: list[Region] | list[Quad], fill: tuple[int, int, int]
) -> np.ndarray:
    """A copy of ``image`` with every region filled solid. Fills are opaque and uniform, so
    nothing of what lay beneath can be recovered from the output pixels."""
    out = image.copy()
    if not regions:
        return out
    polys = [
        np.round(np.asarray(r.points if isinstance(r, Quad) else r, dtype=np.float64)).astype(
            np.int32
        )
        for r in regions
    ]
    colour = tuple(int(c) for c in fill) if out.ndim == 3 else int(np.mean(fill))
    for poly in polys:
        # One call per polygon: fillPoly given several polygons fills by parity, so where two
        # masks overlap (a name inside a signature) the overlap would be left *unfilled*.
        cv2.fillConvexPoly(out, poly, colour, lineType=cv2.LINE_8)
    # The outlines too, so the boundary pixels are filled whatever the rasteriser's rounding.
    cv2.polylines(out, polys, True, colour, thickness=2, lineType=cv2.LINE_8)
    return out
