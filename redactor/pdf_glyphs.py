"""Text drawn as outlines on a born-digital page, drawn again alone: what lies under a seal.

A Word or WPS export may draw the unit's name "as curves" and place the unit's seal over it, as
a picture or as vector paths. On the rendered page the seal's opaque red hides parts of the
glyphs (尔, 古自, 民 of 博尔塔拉蒙古自治州人民医院), so neither OCR of the page nor OCR with the red
taken out reads the name. The PDF still holds every glyph whole: here the dark glyph-like fills
are drawn alone, black on white, with no picture and no red path, for OCR to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from redactor.sources import is_glyph_like_fill


@dataclass(frozen=True)
class GlyphDrawingSettings:
    """Which vector fills are drawn again (PDF colour components 0-1): those shaped like
    glyphs (``sources.is_glyph_like_fill``) that are not red."""

    # A seal's own paths (ring, star, arc text) are red: a fill whose red exceeds both other
    # components by this much is the seal's, not the text under it.
    seal_red_margin: float = 0.25
    # Straight pieces a Bezier curve is drawn with (a glyph's curve spans a few pixels).
    curve_steps: int = 6


GLYPHS = GlyphDrawingSettings()
# Polygons are drawn with this many fractional bits (OpenCV's ``shift``): sub-pixel corners.
SUBPIXEL_BITS = 4
SUBPIXEL = 1 << SUBPIXEL_BITS


def _is_red(colour: Any, cfg: GlyphDrawingSettings = GLYPHS) -> bool:
    return bool(colour) and len(colour) >= 3 and colour[0] - max(colour[1:3]) > cfg.seal_red_margin


def _is_seal_ink(drawing: dict[str, Any]) -> bool:
    """A red path: a seal's ring, star or arc text drawn as vectors."""
    return _is_red(drawing.get("fill")) or _is_red(drawing.get("color"))


def _is_glyph_fill(drawing: dict[str, Any]) -> bool:
    fill = drawing.get("fill")
    return bool(fill) and len(fill) >= 3 and not _is_red(fill) and is_glyph_like_fill(drawing)


def _subpaths(drawing: dict[str, Any], scale: float) -> list[np.ndarray]:
    """The path's closed pieces as polygons in page pixels (curves as short lines): a new piece
    starts wherever a segment does not start at the last one's end."""
    pieces: list[list[tuple[float, float]]] = []
    for item in drawing["items"]:
        op = item[0]
        if op == "l":
            pts = [item[1], item[2]]
        elif op == "c":
            p0, p1, p2, p3 = item[1:5]
            pts = [
                p0 * (1 - t) ** 3 + p1 * 3 * t * (1 - t) ** 2 + p2 * 3 * t * t * (1 - t) + p3 * t**3
                for t in np.linspace(0, 1, GLYPHS.curve_steps + 1)
            ]
        elif op == "re":
            r = item[1]
            pts = [r.tl, r.tr, r.br, r.bl]
        elif op == "qu":
            q = item[1]
            pts = [q.ul, q.ur, q.lr, q.ll]
        else:
            continue
        xy = [(p.x, p.y) for p in pts]
        if op in ("re", "qu") or not pieces or pieces[-1][-1] != xy[0]:
            pieces.append(xy)
        else:
            pieces[-1].extend(xy[1:])
    return [np.round(np.array(p) * scale * SUBPIXEL).astype(np.int32) for p in pieces if len(p) > 2]


def glyph_image(
    page: Any,  # pymupdf.Page
    drawings: list[dict[str, Any]],
    pictures: list[Any],
    scale: float,
    shape: tuple[int, ...],
) -> np.ndarray | None:
    """The page's dark glyph-like vector fills drawn alone (black on white, RGB, the size of the
    page's image), or None when there are none, or the page is rotated or cropped (drawings are
    in the unrotated, uncropped page's points; such pages keep the OCR of the page's pixels)."""
    if page.rotation or page.cropbox != page.mediabox:
        return None
    # Only glyphs a seal may lie on are drawn (``pictures``: the page's placed images,
    # annotations and fields, in points; or a red path): most pages have none.
    covers = [*pictures, *(d["rect"] for d in drawings if _is_seal_ink(d))]
    glyphs = [
        d for d in drawings if _is_glyph_fill(d) and any(c.intersects(d["rect"]) for c in covers)
    ]
    if not glyphs:
        return None
    h, w = shape[:2]
    out = np.full((h, w, 3), 255, np.uint8)
    for d in glyphs:
        # One call per path: its pieces fill even-odd (a glyph's counters stay open).
        cv2.fillPoly(out, _subpaths(d, scale), (0, 0, 0), cv2.LINE_AA, SUBPIXEL_BITS)
    return out
