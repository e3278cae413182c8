"""How far a text fill's margin may reach beyond its line before a neighbouring line's ink.

A name's or unit's fill is its quad grown by a margin (mask.region_for): OCR's boxes are
already about 1.5 times the ink's height, and the margin adds 0.15 of that and 2 px on each
side, so the fill is about twice the ink's height. On single-spaced lines (a paper's English
affiliation: pitch 28 px, ink 21 px at 150 dpi) that cuts the top of the next line, another
body's name. Here, above and below a text finding, the margin stops where the ink of a
neighbouring line begins: its ink, read from the page's pixels in the finding's own frame (so
tilted and sideways lines alike), not its padded OCR box. The quad itself never shrinks (no
fill thinner than its line), and the finding's own ink (ascenders, descenders, strokes that
reach past the quad) stays wholly under the fill.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from redactor.types import IDENTIFIER, NAME, OCR, TEXT_LAYER, UNIT, Finding, Quad, TextLine

# Findings whose fill is a text line's margin (not a detector's own outline).
FITTED_KINDS = frozenset({NAME, UNIT, IDENTIFIER})
FITTED_SOURCES = frozenset({OCR, TEXT_LAYER})


@dataclass(frozen=True)
class MarginSettings:
    """Where the ink of a neighbouring line is, and how far short of it a fill stops."""

    # The margin a fill would have (MaskOptions.margin of the quad's height, plus this many px)
    # and, beyond it, how much more of the page is read to see a neighbouring glyph whole: in
    # quad heights.
    margin_px: float = 2.0
    look_beyond: float = 1.0
    # Ink: darker than the paper by at least this share of the paper-to-ink contrast of the
    # finding's own quad (paper: this percentile of the strip read; its ink: this percentile
    # of the quad). A quad with less contrast than min_contrast grey levels holds no readable
    # ink to go by: its fill keeps the whole margin.
    ink_share: float = 0.5
    paper_percentile: float = 75.0
    ink_percentile: float = 3.0
    min_contrast: float = 50.0
    # A connected piece of ink smaller than this (square of this share of the quad's height, at
    # least min_piece_px) is a speck of a copy's noise, not a glyph.
    piece_share: float = 0.1
    min_piece_px: int = 5
    # The fill ends this many px short of a neighbour's ink, and reaches at least this far past
    # its own line's ink (its anti-aliased edge).
    gap_px: float = 2.0
    own_pad_px: float = 2.0
    # A table's rules are no line's ink: a rule under one row touching the glyphs of the next
    # joined both rows into one piece, taken for the finding's own ink, and the fill kept its
    # whole margin into the next row's name (a 6 pt duty table, corpus version 9). Straight
    # runs of ink longer than this many quad heights, along the line or across it, are taken
    # out before the pieces are found (no glyph's stroke is longer than about one height).
    rule_heights: float = 1.5
    # A piece of ink reaching past the quad by more than this share of the whole margin is no
    # glyph of the line (a seal's ring or a stroke crossing it: the margin could not cover it
    # anyway), so it does not make the fill keep its margin as the line's own ink would. A grey
    # seal's ring across a paper's affiliation lines (bench seed 2261, 013_grey16_png),
    # touching the unit's glyphs, was taken for the unit's ink reaching 45 px past its quad
    # (the margin 7.6): the fill kept its whole margin over 40% of the next line's
    # "University", another body's.
    own_reach: float = 1.0


MARGINS = MarginSettings()


def fit_margins(
    findings: list[Finding],
    lines: list[TextLine],
    image: np.ndarray,
    margin: float,
    leave: Sequence[Finding] = (),
    s: MarginSettings = MARGINS,
) -> list[Finding]:
    """``findings`` with each text finding's ``margin_room`` set where a neighbouring line's
    ink lies within its margin (``margin``: MaskOptions.margin). The rest, and those in
    ``leave`` (a watermark's light text, whose ink is not the page's), are unchanged."""
    text = [f for f in findings if _fitted(f)]
    if not text or image.size == 0:
        return findings
    grey = (
        image
        if image.ndim == 2
        else cv2.cvtColor(np.ascontiguousarray(image[..., :3]), cv2.COLOR_RGB2GRAY)
    )
    out = []
    for f in findings:
        if _fitted(f) and not any(f is g for g in leave):
            others = [o.quad for o in text if o is not f]
            room = margin_room(f.quad, lines, others, grey, margin, s)
            if room is not None:
                f = replace(f, margin_room=room)
        out.append(f)
    return out


def _fitted(f: Finding) -> bool:
    return f.kind in FITTED_KINDS and f.source in FITTED_SOURCES and not f.outline


def window_along(grey: np.ndarray, warp: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The window (``size``: columns, rows) of ``grey`` that the affine ``warp`` maps onto
    the page (window pixels to page pixels), sampled bilinearly, the page's edge repeated past
    it; float32. A line's strip read along its own direction, an eye's window levelled."""
    return cv2.warpAffine(
        grey,
        warp,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    ).astype(np.float32)


def margin_room(
    quad: Quad,
    lines: list[TextLine],
    targets: list[Quad],
    grey: np.ndarray,
    margin: float,
    s: MarginSettings = MARGINS,
) -> tuple[float, float] | None:
    """The room (above, below: px beyond the quad's top and bottom edges) a fill over ``quad``
    has before the ink of a neighbouring line; None when there is no such line within the
    margin on either side. ``targets``: the other text findings' quads (their ink is masked
    anyway, so it is not a neighbour's to spare); ``grey``: the page in grey levels."""
    height = max(quad.height, 1.0)
    full = margin * height + s.margin_px
    u, v = quad.axes()
    p = np.asarray(quad.points, np.float64)
    frame = np.linalg.inv(np.column_stack([u, v]))  # page offset from p0 -> (along, across)
    st = (p - p[0]) @ frame.T
    s0, s1 = float(st[:, 0].min()), float(st[:, 0].max())
    t0, t1 = float(st[:, 1].min()), float(st[:, 1].max())
    middle = (t0 + t1) / 2
    neighbours = _neighbour_lines(quad, lines, p[0], frame, (s0 - full, s1 + full), middle)
    if not neighbours:
        return None
    # The strip read: the quad and its margins, and beyond them far enough to see whole glyphs.
    reach = full + s.look_beyond * height
    ga, gb = s0 - full, s1 + full
    ha, hb = t0 - reach, t1 + reach
    cols, rows = int(np.ceil(gb - ga)) + 1, int(np.ceil(hb - ha)) + 1
    origin = p[0] + ga * u + ha * v
    warp = np.array([[u[0], v[0], origin[0]], [u[1], v[1], origin[1]]], np.float64)
    strip = window_along(grey, warp, (cols, rows))
    own = strip[
        max(0, int(t0 - ha)) : int(np.ceil(t1 - ha)) + 1,
        max(0, int(s0 - ga)) : int(np.ceil(s1 - ga)) + 1,
    ]
    if own.size == 0:
        return None
    paper = float(np.percentile(strip, s.paper_percentile))
    ink = float(np.percentile(own, s.ink_percentile))
    if paper - ink < s.min_contrast:
        return None
    dark = _without_rules((strip < paper - s.ink_share * (paper - ink)).astype(np.uint8), height, s)
    count, labels, stats, centres = cv2.connectedComponentsWithStats(dark, connectivity=8)
    least = max(s.min_piece_px, (s.piece_share * height) ** 2)
    # Per side (0 above, 1 below): where the nearest neighbour's ink begins, and how far the
    # finding's own ink reaches, beyond the quad's edge (px).
    foreign = [np.inf, np.inf]
    reached = [0.0, 0.0]
    for n in range(1, count):
        x, y, w, h, area = (int(a) for a in stats[n])
        if area < least:
            continue
        a0, a1 = ga + x, ga + x + w  # its extent along the line
        b0, b1 = ha + y, ha + y + h  # and across it
        cs, ct = ga + float(centres[n][0]), ha + float(centres[n][1])
        centre = p[0] + cs * u + ct * v
        if _in_neighbour(centre, ct, middle, neighbours) and not any(
            _holds(t, centre) for t in targets
        ):
            if ct > middle:
                foreign[1] = min(foreign[1], b0 - t1)
            else:
                foreign[0] = min(foreign[0], t0 - b1)
        elif b1 > t0 and b0 < t1 and a1 > s0 and a0 < s1 and _glyph_reach(b0, b1, t0, t1, full, s):
            # Its own line's ink (it reaches into the quad): covered whole, whatever it reaches.
            reached[0] = max(reached[0], t0 - b0)
            reached[1] = max(reached[1], b1 - t1)
    if foreign == [np.inf, np.inf]:
        return None
    room = []
    for side in (0, 1):
        stop = full if foreign[side] == np.inf else max(0.0, foreign[side] - s.gap_px)
        need = reached[side] + s.own_pad_px if reached[side] > 0 else 0.0
        room.append(round(min(full, max(stop, need)), 1))
    if min(room) >= full:
        return None
    return room[0], room[1]


def _glyph_reach(
    b0: float, b1: float, t0: float, t1: float, full: float, s: MarginSettings
) -> bool:
    """Whether a piece of ink across ``b0``-``b1`` reaches past the quad's ``t0``-``t1`` no
    further than a glyph of the line can (see MarginSettings.own_reach)."""
    return max(t0 - b0, b1 - t1) <= s.own_reach * full


def _without_rules(dark: np.ndarray, height: float, s: MarginSettings) -> np.ndarray:
    """``dark`` without its straight runs along or across the line longer than
    ``s.rule_heights`` quad heights (table rules)."""
    length = max(3, int(round(s.rule_heights * height)))
    along = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    across = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    return dark & ~(along | across)


def _neighbour_lines(
    quad: Quad,
    lines: list[TextLine],
    p0: np.ndarray,
    frame: np.ndarray,
    along: tuple[float, float],
    middle: float,
) -> list[tuple[np.ndarray, float]]:
    """The lines beside the finding's own, in its frame: (their quad in page pixels, their
    middle across the finding's line), for those that overlap its span along the line and
    whose box does not hold the finding's centre (its own line)."""
    centre = np.asarray(quad.points, np.float64).mean(axis=0)
    out = []
    for line in lines:
        q = np.asarray(line.quad.points, np.float64)
        if _holds(line.quad, centre):
            continue
        st = (q - p0) @ frame.T
        if st[:, 0].max() <= along[0] or st[:, 0].min() >= along[1]:
            continue
        mid = float(st[:, 1].mean())
        if abs(mid - middle) < 1e-6:
            continue
        out.append((q, mid))
    return out


def _in_neighbour(
    centre: np.ndarray, across: float, middle: float, neighbours: list[tuple[np.ndarray, float]]
) -> bool:
    """Whether a piece of ink (its centre in page pixels, and across the finding's line) lies in
    a neighbouring line, nearer that line's middle than the finding's own."""
    return any(
        abs(across - mid) < abs(across - middle) and _holds_points(q, centre)
        for q, mid in neighbours
    )


def _holds(quad: Quad, point: np.ndarray) -> bool:
    return _holds_points(np.asarray(quad.points, np.float64), point)


def _holds_points(q: np.ndarray, point: np.ndarray) -> bool:
    return (
        cv2.pointPolygonTest(q.astype(np.float32), (float(point[0]), float(point[1])), False) >= 0
    )
