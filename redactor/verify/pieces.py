"""A unit read in two pieces either side of a fill on one line (博尔塔拉蒙 [fill] 草原局): the
fill hid the middle only, and a reader who sees the start and the end of the unit on one line
knows it. OCR reads the pieces as two lines, neither of which is the unit, so the matcher alone
passes such a page."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from redactor.options import Identity
from redactor.types import UNIT, BBox, TextLine
from redactor.verify.cover import COVER, crop_box, flat_share, grey_levels
from redactor.verify.reasons import Reason


@dataclass(frozen=True)
class PieceSettings:
    """When two OCR lines are the two ends of the unit around a fill."""

    # Both pieces show at least this many characters of the unit (one shared character, 局 or
    # 县, is any organisation's) ...
    min_piece: int = 2
    # ... and together this share of it: half the unit in view names it.
    min_share: float = 0.5
    # The two lines lie on one row: their vertical overlap is this share of the shorter one's
    # height, and the gap between them at most this many line heights (a seal's fill).
    same_row: float = 0.5
    max_gap: float = 12.0
    # The gap is a fill: this share of it one flat colour, darker than paper.
    gap_flat: float = 0.6


PIECES = PieceSettings()


def _head(text: str, unit: str) -> int:
    """Length of the longest end of ``text`` that starts ``unit``."""
    text = text.strip()
    return max(
        (n for n in range(1, min(len(text), len(unit)) + 1) if unit.startswith(text[-n:])),
        default=0,
    )


def _tail(text: str, unit: str) -> int:
    """Length of the longest start of ``text`` that ends ``unit``."""
    text = text.strip()
    return max(
        (n for n in range(1, min(len(text), len(unit)) + 1) if unit.endswith(text[:n])), default=0
    )


def _gap_is_fill(image: np.ndarray, gap: BBox, s: PieceSettings) -> bool:
    pixels = crop_box(image, gap)
    if pixels.size == 0:
        return False
    dark = float(np.median(grey_levels(pixels))) < COVER.paper_grey
    return dark and flat_share(pixels) >= s.gap_flat


def _same_row(a: BBox, b: BBox, s: PieceSettings) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    height = max(1.0, min(a.height, b.height))
    gap = b.x0 - a.x1
    return overlap >= s.same_row * height and 0 < gap <= s.max_gap * height


def split_unit_reasons(
    image: np.ndarray, lines: list[TextLine], identity: Identity, s: PieceSettings = PIECES
) -> list[Reason]:
    """``visible_text`` (kind unit) where one line ends with the unit's start and the next on
    its row, across a fill, begins with the unit's end. ``lines`` and ``image`` upright."""
    units = [u for u in (identity.unit, *identity.unit_aliases) if not u.isascii()]
    reasons = []
    for a in lines:
        for b in lines:
            ab, bb = a.quad.bbox, b.quad.bbox
            if a is b or not _same_row(ab, bb, s):
                continue
            for unit in units:
                head, tail = _head(a.text, unit), _tail(b.text, unit)
                if (
                    min(head, tail) >= s.min_piece
                    and head + tail <= len(unit)
                    and head + tail >= s.min_share * len(unit)
                    and _gap_is_fill(image, BBox(ab.x1, ab.y0, bb.x0, ab.y1), s)
                ):
                    box = ab.union(bb)
                    seen = f"{a.text.strip()[-head:]}…{b.text.strip()[:tail]}"
                    reasons.append(Reason("visible_text", UNIT, _int_box(box), seen))
                    break
    return reasons


def _int_box(b: BBox) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = b.to_list()
    return (x0, y0, x1, y1)
