"""Judging: the ring tests that accept or refuse an outline as a seal, and the choice among
overlapping candidates."""

from __future__ import annotations

import math
from dataclasses import replace

import cv2
import numpy as np

from redactor.detect.seals.geometry import (
    N_ANGLES,
    Candidate,
    Ring,
    Shape,
    angles,
    box_samples,
    longest_run,
    polar,
    share,
)
from redactor.detect.seals.settings import (
    CLEAN_GREY_FRAME,
    CLEAN_RING,
    COLOUR_RING,
    COLUMN_GLYPH,
    DRAWN_RING,
    EMPTY_FRAME,
    FAINT_RIM,
    FAINT_STAMP,
    FRAME,
    FRAMED_NUMBER,
    GREY_BOX,
    GREY_RING,
    GREY_SEARCH,
    INNER_FRAME,
    LONE_RIM,
    OUTLINE,
    OVERLAP,
    PATCHY_STAMP,
    PEN_LOOP,
    PEN_RING,
    SEARCH,
    SMALL_GREY,
    STAR_RIM,
    TITLE_GLYPH,
)

_S = np.linspace(0.30, 1.24, 48).astype(np.float32)
_BAND = (_S >= 0.84) & (_S <= 1.03)
_INNER = (_S >= 0.35) & (_S <= 0.78)
_RIM = (_S >= 0.70) & (_S <= 0.82)
_OUT = (_S >= 1.08) & (_S <= 1.22)
_AT1 = int(np.argmin(np.abs(_S - 1.0)))
_ON = (_S >= 0.94) & (_S <= 1.03)
_BEYOND = (_S >= 1.06) & (_S <= 1.12)


def ring_evidence(mask: np.ndarray, sh: Shape, level: float = 0.5) -> Ring:
    p = polar(mask, sh, _S)
    valid = p[_AT1] >= 0
    nv = int(valid.sum())
    if nv < 8:
        return Ring(nv / N_ANGLES, 0, 0, 0, 0, 0, 0)
    q = p[:, valid]
    ink = q >= level
    inside = q >= 0
    band = ink[_BAND]
    cov = float(share(band.any(axis=0)))
    # continuity along one radius, allowing the ring to wander by one sample
    row = float(share(band[:-1] | band[1:], axis=1).max())

    def dens(sel: np.ndarray) -> float:
        n = inside[sel].sum()
        return float((ink[sel] & inside[sel]).sum() / n) if n else 0.0

    edge = float(share(ink[_ON].any(axis=0) & ~ink[_BEYOND].any(axis=0)))
    return Ring(nv / N_ANGLES, cov, row, dens(_INNER), dens(_OUT), dens(_RIM), edge)


def accept_ring(
    c: Candidate, grey: bool, text_elsewhere: bool = False, under: bool = False
) -> bool:
    """The ring test: whether an outline's ring evidence is a seal's (settings.ColourRingTest,
    GreyRingTest, GreyBoxTest). ``text_elsewhere``: the caller found the seal's text in a
    fainter mask (a faint stamp's), so no ink inside the rim is asked of this one. ``under``:
    the ring is judged on what another seal on top of it left (OverlapSettings.under_max_fill)."""
    r = c.ring
    sh = c.shape
    if r.valid < OUTLINE.min_on_page:
        return False
    # a colour ring drawn whole at one radius that ends cleanly (CleanRingTest) is a stamp's rim
    # even foreshortened further, or over-inked to a thick rim (a pen loop does not close); a
    # box keeps the usual limit (square seals are square, red text boxes are long)
    clean = not grey and clean_ring(r)
    if not clean:
        longest = OUTLINE.max_elongation
    else:
        longest = CLEAN_RING.max_box_elongation if sh.kind == "box" else CLEAN_RING.max_elongation
    if max(sh.rx, sh.ry) > longest * min(sh.rx, sh.ry):
        return False
    # a frame that the ink runs on past: a table, a rule (on grey pages print next to the frame
    # blurs the edge, and the grey box test below asks for more)
    if sh.kind == "box" and r.edge < (GREY_BOX.min_edge if grey else COLOUR_RING.min_box_edge):
        return False
    if sh.kind != "box" and pen_loop(r):
        return False
    if grey:
        return _grey_box_passes(c) if sh.kind == "box" else _grey_ring_passes(c)
    t = COLOUR_RING
    return (
        r.coverage >= t.min_coverage
        and r.row >= t.min_row
        and (
            r.edge >= t.min_edge
            or (
                r.edge >= t.min_edge_full_ring
                and r.row >= t.full_ring_row
                and r.coverage >= t.full_ring_coverage
            )
        )
        and r.outside <= t.max_outside
        and (r.inner >= t.min_inner or text_elsewhere)
        and r.fill <= _max_fill(clean, under)
        and r.inner <= (CLEAN_RING.max_box_inner if clean and sh.kind == "box" else t.max_inner)
    )


def _max_fill(clean: bool, under: bool) -> float:
    """How full the band just inside a colour rim may be: more for a clean rim, more still for
    a clean rim judged under another seal (OverlapSettings.under_max_fill)."""
    if not clean:
        return COLOUR_RING.max_fill
    return OVERLAP.under_max_fill if under else CLEAN_RING.max_fill


def pen_loop(r: Ring) -> bool:
    """A ring weak at one radius with ink near the outline where that radius has none: a pen
    loop's stroke wandering off the ellipse, not a seal's rim broken where faint (PenLoopTest)."""
    t = PEN_LOOP
    return r.row < t.weak_below and r.coverage - r.row > t.max_displaced


def _grey_box_passes(c: Candidate) -> bool:
    r, sh, t = c.ring, c.shape, GREY_BOX
    return (
        max(sh.rx, sh.ry) <= t.max_elongation * min(sh.rx, sh.ry)
        and r.row >= t.min_row
        and r.coverage >= t.min_coverage
        and r.outside <= t.max_outside
        and r.fill <= t.max_fill
        and (
            r.inner >= t.min_inner
            or c.extra.get("faint_inner", 0.0) >= t.min_faint_inner
            or clean_grey_frame(c)
        )
        and r.inner <= t.max_inner
        and c.extra.get("black", 1.0) <= t.max_black
    )


def clean_grey_frame(c: Candidate) -> bool:
    """A square frame on a grey copy standing alone, whole and ending cleanly, whose text the
    copy may have lost (CleanGreyFrameTest); the caller asks GreyBoxTest's other limits."""
    r, t = c.ring, CLEAN_GREY_FRAME
    return (
        c.shape.kind == "box"
        and r.coverage >= t.min_coverage
        and r.row >= t.min_row
        and r.edge >= t.min_edge
        and (
            r.outside <= t.max_outside
            or (r.outside <= t.crowded_max_outside and r.inner <= t.crowded_max_inner)
        )
        and r.fill <= t.max_fill
    )


def _grey_ring_passes(c: Candidate) -> bool:
    r, t = c.ring, GREY_RING
    weak_ring = (
        r.row >= t.weak_row
        and r.edge >= t.weak_edge
        and (r.row >= t.weak_row_whole or r.coverage >= t.weak_coverage_whole)
    )
    faint_text = c.extra.get("faint_inner", 0.0) >= t.min_faint_inner and (
        (r.row >= t.faint_row and r.coverage >= t.faint_coverage)
        or (r.row >= t.faint_row_clean and r.edge >= t.faint_edge_clean)
    )
    return (
        r.coverage >= t.min_coverage
        and (r.row >= t.strong_row or weak_ring)
        and r.row - r.outside >= t.min_row_over_outside
        and r.inner <= t.max_inner
        and (r.inner >= t.min_inner or faint_text)
        and r.fill <= t.max_fill
    )


def is_frame(
    mask: np.ndarray,
    sh: Shape,
    text_bands: bool = True,
    reach: float | None = None,
    text_band: tuple[float, float] | None = None,
) -> bool:
    """A square seal's frame, not a stretch of a table or a certificate border: each of its four
    sides is inked along most of its length, the sides end at the corners rather than running
    on (table rules, border lines: a line of print may run on past one), and no rule crosses the
    inside (a table's grid). ``reach``: how far past a corner (multiple of the half side) a
    line must run on to count (default 1.3). ``text_band``: the width (pixels, share of the radius)
    from which a run inside that stops at the frame is text (default FrameTest's)."""
    n = max(24, int(2 * sh.r))
    t = np.linspace(-0.9, 0.9, n).astype(np.float32)
    band = np.linspace(0.9, 1.04, 6).astype(np.float32)  # across a side: the frame's thickness
    for flip in (False, True):
        for sign in (1.0, -1.0):  # the sides at v = +-1 (flip: u = +-1), sampled along them
            if flip:
                side = box_samples(mask, sh, sign * band, t).T
            else:
                side = box_samples(mask, sh, t, sign * band)
            on = side.max(axis=0)
            if (on >= 0).mean() < 0.5:
                continue  # off the page (a seal cut by the edge)
            if float((on[on >= 0] >= 0.5).mean()) < 0.75:
                return False
    if _runs_on(mask, sh, _T_PAST if reach is None else _past(reach)) >= 2:
        return False
    return not _rule_inside(mask, sh, n, text_bands, text_band)


def _rule_inside(
    mask: np.ndarray,
    sh: Shape,
    n: int,
    text_bands: bool,
    text_band: tuple[float, float] | None = None,
) -> bool:
    """Whether a rule crosses the box's inside (a table's grid): a run over 80% of the inside in
    a row or a column (one blank sample tolerated). A square seal's text, over-inked, runs
    together into columns or rows as long (issue 10, scans): with ``text_bands`` (colour ink,
    where print is not seal ink) a band of such runs as wide as a glyph's stroke cluster
    (FrameTest.min_band) that stops at the frame is the seal's text. On a grey copy a line of
    print inside a box would pass as such a band, so there every long run is a rule. ``text_band``:
    (pixels, share of the radius) in place of FrameTest.min_band_px, min_band."""
    band_px, band_share = (FRAME.min_band_px, FRAME.min_band) if text_band is None else text_band
    inner = np.linspace(-0.75, 0.75, n).astype(np.float32)
    grid = box_samples(mask, sh, inner, inner)
    # rows of the grid run along u (across: v, half side ry); columns along v
    for ink, across, along_rows in ((grid >= 0.5, sh.ry, True), ((grid >= 0.5).T, sh.rx, False)):
        joined = ink | (np.roll(ink, 1, axis=1) & np.roll(ink, -1, axis=1))
        long = longest_run(joined) >= 0.8 * n
        step = 1.5 * across / max(1, n - 1)  # pixels between sampled lines
        for a, b in _groups(long, gap=max(1, round(FRAME.band_gap_px / step))):
            width = max((b - a) * step, _width_across(ink, a, b) * step)
            if not text_bands or width < max(band_px, band_share * sh.r):
                return True  # a thin line: a rule
            mid = float(inner[(a + b - 1) // 2])
            if _line_runs_past(mask, sh, mid, along_rows):
                return True  # a thick rule (a letterhead's, a border) crossing the box
    return False


def _width_across(ink: np.ndarray, a: int, b: int) -> float:
    """The median width (samples) across the rows ``a``..``b`` of ``ink`` (rows run along the
    band) of the ink through the band's middle row, where it is inked. A rule is as thin as
    itself along most of its length, print touching it in places; a column of an over-inked
    square seal's glyphs runs unbroken only where the glyphs happen to join, a few samples wide
    (seed 451 scan page 6: 2.3 px), while the ink through it is a glyph wide (FrameTest)."""
    mid = (a + b - 1) // 2
    on = ink[mid]
    if not on.any():
        return 0.0
    up = np.zeros(ink.shape[1], int)
    alive = on.copy()
    for i in range(mid - 1, -1, -1):
        alive &= ink[i]
        up += alive
    down = np.zeros(ink.shape[1], int)
    alive = on.copy()
    for i in range(mid + 1, ink.shape[0]):
        alive &= ink[i]
        down += alive
    return float(np.median((up + down + 1)[on]))


def _groups(flags: np.ndarray, gap: int = 0) -> list[tuple[int, int]]:
    """Runs of True values as (start, end) index pairs, end exclusive; runs apart by at most
    ``gap`` False values are one."""
    out: list[tuple[int, int]] = []
    start = None
    for i, f in enumerate(flags):
        if f and start is None:
            start = i
        elif not f and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(flags)))
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and a - merged[-1][1] <= gap:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _line_runs_past(mask: np.ndarray, sh: Shape, at: float, along_u: bool) -> bool:
    """Whether the line at box coordinate ``at`` (v when it runs along u) goes on past the frame
    at either end, inked at (nearly) every step out to 0.3 of the half side."""
    for end in (1.0, -1.0):
        past = end * _T_PAST
        line = (
            box_samples(mask, sh, past, np.float32([at]))
            if along_u
            else (box_samples(mask, sh, np.float32([at]), past).T)
        )
        if float((line >= 0.5).mean()) >= 0.9:
            return True
    return False


def black_share(dark: np.ndarray, sh: Shape) -> float:
    """Share of the ring's inked rays whose darkest point is near black (printed lines), not the
    mid grey that coloured seal ink copies to."""
    p = polar(dark, sh, _S_ON, 96)
    ok = p[len(_S_ON) // 2] >= 0
    peak = p[:, ok].max(axis=0)
    inked = peak > 0.22
    return float((peak[inked] > 0.75).mean()) if inked.any() else 1.0


_S_ON = np.linspace(0.9, 1.04, 8).astype(np.float32)


# Past a box's corner, along each side's line: from just beyond the corner to 0.3 of the half side
# further; across, lines at offsets within the frame's stroke.
_T_PAST = np.linspace(1.08, 1.3, 12).astype(np.float32)


def _past(reach: float) -> np.ndarray:
    """Steps past a box's corner, from just beyond it out to ``reach`` of the half side."""
    return np.linspace(1.08, reach, 12).astype(np.float32)


_S_STROKE = np.linspace(0.86, 1.02, 5).astype(np.float32)


def _runs_on(mask: np.ndarray, sh: Shape, steps: np.ndarray = _T_PAST) -> int:
    """How many of a box's 8 side ends have a line running on past the corner, straight along the
    side: a seal's frame stops at its corners, the cells of a grid or table do not (print next to
    a corner is not one unbroken line)."""
    count = 0
    for side in (1.0, -1.0):
        for end in (1.0, -1.0):
            # past the end of the side at u = side, and of the one at v = side: samples
            # (offsets across the stroke, steps past the corner)
            for p in (
                box_samples(mask, sh, side * _S_STROKE, end * steps).T,
                box_samples(mask, sh, end * steps, side * _S_STROKE),
            ):
                # the best line across the stroke, inked at (nearly) every step along it
                count += float((p >= 0.5).mean(axis=1).max()) >= 0.9
    return count


def _marks_inside(mask: np.ndarray, sh: Shape) -> int:
    """How many separate marks of some size lie inside the ring (within 0.82 of its radius)."""
    poly = np.round(replace(sh, rx=sh.rx * 0.82, ry=sh.ry * 0.82).polygon()).astype(np.int32)
    x0, y0 = np.maximum(poly.min(axis=0), 0)
    x1, y1 = poly.max(axis=0) + 1
    sub = (mask[y0:y1, x0:x1] >= 0.5).astype(np.uint8)
    if sub.size == 0:
        return 0
    inside = np.zeros_like(sub)
    cv2.fillConvexPoly(inside, poly - [x0, y0], 1)
    _, _, stats, _ = cv2.connectedComponentsWithStats(sub & inside, connectivity=8)
    return int((stats[1:, cv2.CC_STAT_AREA] >= max(3.0, 0.0015 * sh.r * sh.r)).sum())


def has_content(mask: np.ndarray, sh: Shape, grey: bool = False, merged: bool = False) -> bool:
    """Several separate marks inside the ring (characters, a star): not a lone glyph like 回 or
    a pen loop around a word. ``merged``: inside a clean rim (CleanRingTest) the marks may have
    run together (an over-inked stamp bleeds its arc text into one band); they must still run
    round the ring."""
    if not merged and _marks_inside(mask, sh) < 3:
        return False
    if grey:  # print under the seal fills the band anyway; the ring tests carry the weight
        return True
    # ...and they run round the inside of the ring (arc text, a grid of characters), rather than
    # sitting in the middle like the inner box of 回
    dens, visible = _text_band(mask, sh)
    if dens is None:
        return True  # mostly off the page: nothing to judge by
    if sh.kind == "box":
        return int((dens >= 0.03).sum()) >= 9
    if grey:  # print under the seal fills the band anyway: only ask for some content
        return int((dens >= 0.03).sum()) >= 6
    # arc text runs on round the ring for a third of a turn or more; a logo's letters do not
    return _runs_round(dens >= 0.1, visible)


def _text_band(mask: np.ndarray, sh: Shape) -> tuple[np.ndarray | None, float]:
    """The ink density of the text band inside the rim (0.6-0.8 of the radius) in 12 sectors of
    the turn, and the share of the band on the page; None when under a quarter of it is."""
    band = polar(mask, sh, _SC, 96)
    ok = band[0] >= 0
    if ok.sum() < 24:
        return None, float(ok.mean())
    dens = np.array([(b >= 0.5).mean() for b in np.array_split(band[:, ok], 12, axis=1)])
    return dens, float(ok.mean())


def _runs_round(hit: np.ndarray, visible: float) -> bool:
    """Whether the sectors of a turn that hold text (``hit``, 12 of them) run on for a third of
    the turn, or of what is visible of it. Round the whole ring when the ring is whole; a seal
    cut by the page edge (``visible`` under 0.9) only along its visible stretch, which is not
    circular."""
    seq = np.r_[hit, hit] if visible >= 0.9 else hit
    run = min(int(longest_run(seq[None])[0]), len(hit))
    return run >= min(4, max(2, int(visible * 4)))


_SC = np.linspace(0.60, 0.80, 9).astype(np.float32)


def whole_rim(r: Ring) -> bool:
    """A rim running all round at one radius (SmallGreySealTest): enough of a seal on a grey
    copy for its content to be looked for at the faint level."""
    return r.coverage >= SMALL_GREY.min_coverage and r.row >= SMALL_GREY.min_row


def whole_colour_rim(r: Ring) -> bool:
    """A colour rim whole at one radius (OverlapSettings.crossing_rim), however it ends: enough
    of a seal to say that its rim crossing another seal's inside joins that seal's glyphs."""
    return r.coverage >= OVERLAP.crossing_rim[0] and r.row >= OVERLAP.crossing_rim[1]


def _inner_marks(mask: np.ndarray, sh: Shape) -> tuple[int, np.ndarray, np.ndarray] | None:
    """The ink components inside the ring's inner 0.82 (its star, its number): their count
    (background included), stats and centroids (the centroids in the mask's pixels); None
    when the crop is empty."""
    poly = np.round(replace(sh, rx=sh.rx * 0.82, ry=sh.ry * 0.82).polygon()).astype(np.int32)
    x0, y0 = np.maximum(poly.min(axis=0), 0)
    x1, y1 = poly.max(axis=0) + 1
    sub = (mask[y0:y1, x0:x1] >= 0.5).astype(np.uint8)
    if sub.size == 0:
        return None
    inside = np.zeros_like(sub)
    cv2.fillConvexPoly(inside, poly - [x0, y0], 1)
    n, _, stats, cents = cv2.connectedComponentsWithStats(sub & inside, connectivity=8)
    return n, stats, cents + np.asarray([x0, y0], dtype=np.float64)


def centre_mark(mask: np.ndarray, sh: Shape, offset: float | None = None) -> bool:
    """A single mark at the ring's centre (a round seal's star), of a star's size, its centre
    within ``offset`` of the radius (default SmallGreySealTest.centre_offset) from the ring's."""
    t = SMALL_GREY
    offset = t.centre_offset if offset is None else offset
    marks = _inner_marks(mask, sh)
    if marks is None:
        return False
    n, stats, cents = marks
    for i in range(1, n):
        size = max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT])
        off = math.hypot(cents[i][0] - sh.cx, cents[i][1] - sh.cy)
        if off <= offset * sh.r and t.centre_min_size * sh.r <= size <= t.centre_max_size * sh.r:
            return True
    return False


def lone_rim(light: np.ndarray, sh: Shape) -> bool:
    """A small seal's rim over print on a grey copy (LoneRimTest): at the lighter level
    (``light``) ink runs all round at one radius, which stands out from the ink density at the
    other radii, with something inside and no block of ink round it."""
    t = LONE_RIM
    r = ring_evidence(light, sh)
    if not (
        r.coverage >= t.min_coverage
        and r.row >= t.min_row
        and r.outside <= t.max_outside
        and t.min_inner <= r.inner <= t.max_inner
        and r.fill <= t.max_fill
    ):
        return False
    p = polar(light, sh, _S)
    q = p[:, p[_AT1] >= 0] >= 0.5
    pair = q[:-1] | q[1:]
    best = max(
        (i for i in range(len(_S) - 1) if _BAND[i] and _BAND[i + 1]),
        key=lambda i: pair[i].mean(),
    )
    far = (np.abs(_S - _S[best]) >= t.far) & (t.from_scale <= _S) & (t.to_scale >= _S)
    return float(pair[best].mean() - q[far].mean()) >= t.min_contrast


def faint_rim(faint: np.ndarray, sh: Shape) -> bool:
    """A small seal's rim the copy left whole only at the faint level (``faint``), standing
    alone: whole at one radius, ending cleanly, nothing just outside, specks inside
    (FaintRimTest); on the outline or on it grown out to the rim's outer edge there
    (FaintRimTest.grow_px)."""
    grown = [replace(sh, rx=sh.rx + d, ry=sh.ry + d) for d in FAINT_RIM.grow_px]
    return any(_faint_rim_on(faint, s) for s in (sh, *grown))


def _faint_rim_on(faint: np.ndarray, sh: Shape) -> bool:
    t = FAINT_RIM
    r = ring_evidence(faint, sh)
    return (
        r.coverage >= t.min_coverage
        and r.row >= t.min_row
        and r.edge >= t.min_edge
        and r.outside <= t.max_outside
        and t.min_inner <= r.inner <= t.max_inner
        and r.fill <= t.max_fill
    )


def faintest_star_rim(faintest: np.ndarray, light: np.ndarray, sh: Shape) -> bool:
    """A small round seal that lost its text, its rim whole only at the faintest level
    (``faintest``; broken at the lighter one, ``light``), with its star at the centre at the
    lighter level; a glyph of print may touch its rim (FaintRimTest.star_*)."""
    t = FAINT_RIM
    if sh.kind != "ellipse" or max(sh.rx, sh.ry) > STAR_RIM.round_max_elongation * min(
        sh.rx, sh.ry
    ):
        return False
    r = ring_evidence(faintest, sh)
    if not (
        r.coverage >= t.min_coverage
        and r.row >= t.min_row
        and r.edge >= t.star_min_edge
        and r.outside <= t.star_max_outside
        and r.inner <= t.max_inner
        and r.fill <= t.max_fill
    ):
        return False
    return ring_evidence(light, sh).coverage < t.min_coverage and star_at_centre(light, sh)


def faint_star_rim(ink: np.ndarray, light: np.ndarray, faint: np.ndarray, sh: Shape) -> bool:
    """A small round seal over print whose rim the copy left whole only at the faint level
    (``faint``; a lone rim there, at the lighter and ink levels not), with opened ink at its
    centre (StarRimTest.centre_ink): its star, merged with the print it was stamped over (seed
    211 grey_lowres page 7: 0.2 of the radius off the centre, past StarRimTest.centre_offset).
    A red title's 〇 is a solid rim, a lone rim at the lighter level already (FaintRimTest)."""
    return (
        sh.kind == "ellipse"
        and max(sh.rx, sh.ry) <= STAR_RIM.round_max_elongation * min(sh.rx, sh.ry)
        and lone_rim(faint, sh)
        and not lone_rim(light, sh)
        and not lone_rim(ink, sh)
        and ink_at_centre(ink, sh)
    )


def star_rim(levels: tuple[np.ndarray, ...], sh: Shape) -> bool:
    """A small round seal's rim over print on a grey copy, told by its star (StarRimTest): a
    lone rim (LoneRimTest) at one of ``levels`` (the ink level first, then lighter ones), with a
    star at its centre at the ink level once print's strokes are opened away."""
    return star_at_centre(levels[0], sh) and any(lone_rim(m, sh) for m in levels)


def star_at_centre(ink: np.ndarray, sh: Shape) -> bool:
    """A solid mark of a star's size at the outline's centre in ``ink`` opened by
    StarRimTest.open_px (strokes of print as thin as that vanish; a star does not)."""
    opened, local = _opened_inside(ink, sh)
    return opened is not None and centre_mark(opened, local, offset=STAR_RIM.centre_offset)


def ink_at_centre(ink: np.ndarray, sh: Shape) -> bool:
    """Any of ``ink`` opened by StarRimTest.open_px within StarRimTest.centre_ink of the radius
    from the outline's centre: a star, alone or merged with print it was stamped over."""
    opened, local = _opened_inside(ink, sh)
    if opened is None:
        return False
    ys, xs = np.nonzero(opened)
    reach = STAR_RIM.centre_ink * sh.r
    return bool((np.hypot(xs - local.cx, ys - local.cy) <= reach).any())


def _opened_inside(ink: np.ndarray, sh: Shape) -> tuple[np.ndarray | None, Shape]:
    """``ink`` round the outline, opened by StarRimTest.open_px (float 0/1), and the outline in
    that crop's coordinates; None when the crop is empty."""
    reach = sh.r + STAR_RIM.open_px
    x0, y0 = max(0, int(sh.cx - reach)), max(0, int(sh.cy - reach))
    x1, y1 = int(sh.cx + reach) + 1, int(sh.cy + reach) + 1
    local = replace(sh, cx=sh.cx - x0, cy=sh.cy - y0)
    sub = (ink[y0:y1, x0:x1] >= 0.5).astype(np.uint8)
    if sub.size == 0:
        return None, local
    kernel = np.ones((STAR_RIM.open_px, STAR_RIM.open_px), np.uint8)
    return cv2.morphologyEx(sub, cv2.MORPH_OPEN, kernel).astype(np.float32), local


def core_box_passes(r: Ring) -> bool:
    """A square frame on a grey copy seen on its thick strokes alone (SmallGreySealTest)."""
    t = SMALL_GREY
    return (
        r.coverage >= t.core_box_coverage
        and r.row >= t.core_box_row
        and r.edge >= t.core_box_edge
        and r.outside <= t.core_box_outside
    )


def clean_ring(r: Ring) -> bool:
    """A ring drawn all round at one radius that ends cleanly: a stamp's rim, not a loop."""
    t = CLEAN_RING
    return (
        r.coverage >= t.min_coverage
        and r.row >= t.min_row
        and r.edge >= t.min_edge
        and r.outside <= t.max_outside
    )


def faint_stamp_rim(r: Ring) -> bool:
    """A faint stamp's rim: nearly all round, ending cleanly, nothing just outside it, and
    little ink inside it at the lenient level."""
    t = FAINT_STAMP
    return (
        r.inner <= t.max_inner
        and r.coverage >= t.min_coverage
        and r.row >= t.min_row
        and r.edge >= t.min_edge
        and r.outside <= t.max_outside
    )


def beside_rules(c: Candidate, unruled: np.ndarray | None) -> Ring:
    """The ring evidence of ``c`` with the form's straight rules taken out of the ink just
    outside and beyond the rim (``unruled``: the judging mask without long horizontal and
    vertical strokes). An invoice's printed rules are often in the seal's own hue (VAT forms are
    printed red-brown) and cross a seller's stamp: they are no sign of a loop or of print
    crowding the rim (issue 10, item 6). The rim's own measures are kept as they are."""
    if unruled is None:
        return c.ring
    u = ring_evidence(unruled, c.shape)
    return replace(c.ring, outside=min(c.ring.outside, u.outside), edge=max(c.ring.edge, u.edge))


def faint_oval_stamp(
    c: Candidate,
    levels: tuple[np.ndarray | None, ...],
    faintest: np.ndarray,
    trace: np.ndarray | None,
    unruled: np.ndarray | None,
) -> bool:
    """A faint oval stamp (an invoice's seal, FaintStampTest.oval_*) that the faint-stamp test
    misses by a little: its rim a faint stamp's in the lenient mask (``c.ring``, rules taken out
    beside it) or in one of the other ``levels`` (the strict and the faintest mask), and its
    text running round in the faintest mask (``faintest``), or, inside a clean rim, in
    ``trace`` (fainter still) with far more ink inside than just outside."""
    t = FAINT_STAMP
    sh = c.shape
    if sh.kind != "ellipse" or max(sh.rx, sh.ry) < t.oval_min_elongation * min(sh.rx, sh.ry):
        return False
    rings = [beside_rules(c, unruled), *(ring_evidence(m, sh) for m in levels if m is not None)]
    rims = [r for r in rings if faint_stamp_rim(r)]
    if not rims:
        return False
    if has_faint_text(faintest, sh, bridge=True):
        return True
    if trace is None or not any(clean_ring(r) for r in rims):
        return False
    tr = ring_evidence(trace, sh)
    return tr.inner >= t.trace_contrast * tr.outside and has_faint_text(trace, sh, bridge=True)


def has_faint_text(mask: np.ndarray, sh: Shape, bridge: bool = False) -> bool:
    """Arc text of a faint stamp: its thin strokes break up in the ink mask, so ask only that
    some ink lies on most rays of the text band (out to just inside the rim) along a run of the
    turn, rather than for dense glyphs. ``bridge``: a sector between two with text counts as
    text (FaintStampTest.bridge_gap: a glyph of the faintest stamps lost between others)."""
    if _marks_inside(mask, sh) < 3:
        return False
    band = polar(mask, sh, _SC_FAINT, 96)
    ok = band[0] >= 0
    if ok.sum() < 24:
        return False
    hit = np.array(
        [(b >= 0.5).any(axis=0).mean() >= 0.3 for b in np.array_split(band[:, ok], 12, axis=1)]
    )
    if bridge and FAINT_STAMP.bridge_gap:
        hit = hit | (np.roll(hit, 1) & np.roll(hit, -1))
    visible = float(ok.mean())
    return _runs_round(hit, visible) or (bridge and visible >= 0.9 and _split_text(hit))


def _split_text(hit: np.ndarray) -> bool:
    """Whether the sectors of a whole turn that hold text (``hit``) form stretches of at least
    FaintStampTest.split_run sectors holding FaintStampTest.split_sectors in all: an oval seal's
    short arc text and its second line across from it."""
    if hit.all():
        return True
    start = int(np.argmin(hit))  # the turn read from a sector without text: no run wraps round
    runs = [b - a for a, b in _groups(np.roll(hit, -start))]
    t = FAINT_STAMP
    return sum(n for n in runs if n >= t.split_run) >= t.split_sectors


_SC_FAINT = np.linspace(0.60, 0.88, 15).astype(np.float32)


def same_seal(a: Shape, b: Shape) -> bool:
    """Same seal: centres close relative to the smaller one."""
    d = math.hypot(a.cx - b.cx, a.cy - b.cy)
    return d < 0.5 * min(a.r, b.r) and max(a.r, b.r) < 1.6 * min(a.r, b.r)


def select_seals(cands: list[Candidate], shape: tuple[int, int]) -> list[Candidate]:
    """Best-scoring first; drop duplicates and rings lying mostly inside a chosen seal (its
    inner text band, a star): overlapping seals share far less than that. Then the seals found
    under the chosen ones (``extra["under"]``), which may lie further under them."""
    chosen: list[Candidate] = []
    taken = np.zeros(shape, np.uint8)
    on_top = [c for c in cands if "under" not in c.extra]
    under = [c for c in cands if "under" in c.extra]
    for group, max_taken in ((on_top, OVERLAP.max_inside_share), (under, OVERLAP.max_hidden_share)):
        for c in sorted(group, key=lambda c: -c.score):
            if len(chosen) >= SEARCH.max_seals:
                return chosen
            if any(same_seal(c.shape, o.shape) and not _two_rims(c, o) for o in chosen):
                continue
            m = np.zeros(shape, np.uint8)
            cv2.fillConvexPoly(m, np.round(c.shape.polygon()).astype(np.int32), 1)
            area = int(m.sum())
            if area == 0:
                continue
            inside = int((m & taken).sum())
            if inside > OVERLAP.max_hidden_share * area or (
                inside > max_taken * area and not _runs_out(c.shape, chosen)
            ):
                continue
            chosen.append(c)
            taken |= m
    return chosen


def _two_rims(a: Candidate, b: Candidate) -> bool:
    """Whether two outlines with centres close enough to be one seal (same_seal) are two seals:
    each runs whole round a rim of its own at one radius, and their centres lie further apart
    than a rim's width and a fit's slack (OverlapSettings.twin_*)."""
    t = OVERLAP
    whole = all(min(c.ring.row, c.ring.coverage) >= t.twin_row for c in (a, b))
    apart = math.hypot(a.shape.cx - b.shape.cx, a.shape.cy - b.shape.cy)
    return whole and apart >= t.twin_apart * min(a.shape.r, b.shape.r)


def _runs_out(sh: Shape, chosen: list[Candidate]) -> bool:
    """Whether enough of ``sh``'s outline lies outside every chosen seal (grown by its rim's
    slack) for it to be a seal overlapping them rather than one's inner band or star."""
    pts = sh.polygon()
    outside = np.ones(len(pts), bool)
    for o in chosen:
        rim = o.shape.polygon(OVERLAP.rim_past).astype(np.float32)
        outside &= np.array(
            [cv2.pointPolygonTest(rim, (float(x), float(y)), False) < 0 for x, y in pts]
        )
    return float(outside.mean()) >= OVERLAP.runs_out


def patchy_stamp(c: Candidate, mask: np.ndarray) -> bool:
    """A colour stamp pressed unevenly, its ink gone in patches (PatchyStampTest): a broken rim
    in many stretches spread all round the outline at one radius, ending cleanly with nearly
    nothing outside, and inside a mark at the centre (a star, an invoice seal's number) or text
    running round (a square: its characters). ``mask``: the colour ink the ring evidence
    ``c.ring`` was measured on."""
    t = PATCHY_STAMP
    r, sh = c.ring, c.shape
    if r.valid < t.min_on_page or max(sh.rx, sh.ry) > t.max_elongation * min(sh.rx, sh.ry):
        return False
    if not (
        r.coverage >= t.min_coverage
        and r.coverage - r.row <= t.max_displaced
        and r.edge >= t.min_edge
        and r.outside <= t.max_outside
        and t.min_inner <= r.inner <= t.max_inner
        and r.fill <= t.max_fill
    ):
        return False
    if sh.kind == "box":
        # a square seal's grid of characters, half of it gone: several marks inside the frame,
        # still dense
        marks = _marks_inside(mask, sh)
        return (
            r.inner >= t.min_box_inner
            and marks >= t.min_box_marks
            and _rim_spread(mask, sh, two=marks >= t.text_marks)
        )
    # a round seal's star or an oval one's number at the centre, or, where that ink is gone
    # too, its text running round inside the rim, whole or in pieces
    centre = centre_mark(mask, sh) or _oval_number(mask, sh)
    text = has_content(mask, sh)
    pieces = text or _patchy_text(mask, sh)
    if not (centre or pieces):
        return False
    # with its star (or number) and its text both there, one patch may have taken more of the
    # rim, and a rim in two stretches is a stamp's
    return _rim_spread(mask, sh, whole=centre and text, two=centre and pieces, star=centre)


def _oval_number(mask: np.ndarray, sh: Shape) -> bool:
    """An oval seal's number through its centre (PatchyStampTest.number_*): several small marks
    in a row along the long axis, where centre_mark looks for one mark of a star's size."""
    t = PATCHY_STAMP
    if max(sh.rx, sh.ry) < t.number_min_elongation * min(sh.rx, sh.ry):
        return False
    marks = _inner_marks(mask, sh)
    if marks is None:
        return False
    n, stats, cents = marks
    keep = stats[1:, cv2.CC_STAT_AREA] >= max(3.0, 0.0015 * sh.r * sh.r)
    if int(keep.sum()) < t.number_marks:
        return False
    u, v = sh.to_local(cents[1:, 0] - sh.cx, cents[1:, 1] - sh.cy)
    # (along, across) the long axis, in its half axes
    along, across = (u / sh.rx, v / sh.ry) if sh.rx >= sh.ry else (v / sh.ry, u / sh.rx)
    row = keep & (np.abs(across) <= t.number_width) & (np.abs(along) <= t.number_reach)
    return int(row.sum()) >= t.number_marks


def _patchy_text(mask: np.ndarray, sh: Shape) -> bool:
    """A stamp's text running round inside its rim, in pieces where the patches took its ink
    (PatchyStampTest.text_*): several marks, the text band inked on a run of sectors."""
    t = PATCHY_STAMP
    if _marks_inside(mask, sh) < t.text_marks:
        return False
    dens, _ = _text_band(mask, sh)
    if dens is None:
        return False
    hit = dens >= t.text_density
    runs = _groups(np.r_[hit, hit], gap=t.text_bridge)
    return max((min(b - a, hit.size) for a, b in runs), default=0) >= t.text_run


_SL = np.linspace(0.72, 1.28, 15).astype(np.float32)


def patchy_look(mask: np.ndarray, sh: Shape) -> bool:
    """Cheap first look for a stamp with its ink gone in patches (PatchyStampTest.min_look):
    ink near the proposed outline on that share of the rays, the whole outline on the page."""
    p = polar(mask, sh, _SL, 72)
    if share(p[7] >= 0) < PATCHY_STAMP.min_on_page:
        return False
    return float(share((p >= 0.5).any(axis=0))) >= PATCHY_STAMP.min_look


def _rim_spread(
    mask: np.ndarray, sh: Shape, whole: bool = False, two: bool = False, star: bool = False
) -> bool:
    """Rim ink near the outline in several stretches spread all round it (PatchyStampTest).
    ``whole``: the stamp shows its star and its text (PatchyStampTest.whole_gap); ``two``: it
    shows its inside twice over, so a rim in two stretches with short breaks is a stamp's
    (PatchyStampTest.two_*); ``star``: it shows its star, so a rim in two stretches with short
    breaks held on every sector is a stamp's (PatchyStampTest.star_sectors)."""
    t = PATCHY_STAMP
    p = polar(mask, sh, _S)
    rim = (p[_BAND] >= 0.5).any(axis=0)
    n = rim.size
    if not rim.any():
        return False
    # turn the sequence so that it starts at a gap: stretches do not wrap round
    start = int(np.argmin(rim)) if not rim.all() else 0
    seq = np.roll(rim, -start)
    stretches = _groups(seq, gap=t.bridge)
    gaps = _groups(~seq)
    longest_gap = max((b - a for a, b in gaps), default=0)
    held = _held_sectors(rim)
    if len(stretches) < t.min_stretches:
        if len(stretches) < t.two_stretches:
            return False
        return (two and longest_gap <= t.two_gap * n and held >= t.min_sectors) or (
            star and longest_gap <= t.short_gap * n and held >= t.star_sectors
        )
    if longest_gap <= t.max_gap * n and held >= t.min_sectors:
        return True
    # short breaks only, or one long patch on a stamp that shows its star and text: a gap of
    # that length leaves up to two sectors without rim
    gap = t.whole_gap if whole else t.short_gap
    return longest_gap <= gap * n and held >= t.min_sectors_short


def _held_sectors(rim: np.ndarray) -> int:
    """How many of PatchyStampTest.sectors equal sectors of the turn hold rim on sector_rim of
    their angles, at the phase that holds most (PatchyStampTest.sector_phases): a break as long
    as a sector empties it when it falls on it and leaves both neighbours held when it straddles
    their boundary, which says nothing about the stamp (patchy 711/2, an oval whose two breaks of
    0.11 and 0.13 of the turn fell on sectors 0 and 4: 6 held, 8 a sixth of a sector on)."""
    t = PATCHY_STAMP
    step = max(1, rim.size // (t.sectors * t.sector_phases))
    best = 0
    for shift in range(0, max(1, rim.size // t.sectors), step):
        per = np.array([share(s) for s in np.array_split(np.roll(rim, shift), t.sectors)])
        best = max(best, int((per >= t.sector_rim).sum()))
    return best


def inner_frame(mask: np.ndarray, sh: Shape) -> bool:
    """A second frame whole round a box's centre, inside it (InnerFrameTest): the box is the
    outer one of a 回, not a square seal's frame round its characters."""
    t = INNER_FRAME
    for k in t.scales:
        r = ring_evidence(mask, replace(sh, rx=sh.rx * k, ry=sh.ry * k))
        if min(r.coverage, r.row) >= t.min_rim:
            return True
    return False


def title_glyph(ink: np.ndarray, sh: Shape) -> bool:
    """A shape that is a glyph of a line of print (TitleGlyphTest): ``ink`` dense beside it on
    both sides along the page's rows and next to none above and below it (a title's glyph),
    or thinner beside it and none at all above and below (a line of capitals), or dense on one
    side only with blank paper on the other (the line's first or last glyph), or (vertical
    text) above and below it and next to none left and right."""
    t = TITLE_GLYPH
    poly = sh.polygon()
    hx, hy = float(np.ptp(poly[:, 0])) / 2, float(np.ptp(poly[:, 1])) / 2
    h, w = ink.shape

    def density(dx: float, dy: float) -> float:
        cx, cy = sh.cx + dx * t.offset * hx, sh.cy + dy * t.offset * hy
        x0, x1 = int(max(cx - t.window * hx, 0)), int(min(cx + t.window * hx, w))
        y0, y1 = int(max(cy - t.window * hy, 0)), int(min(cy + t.window * hy, h))
        if x1 <= x0 or y1 <= y0:
            return 0.0
        return float((ink[y0:y1, x0:x1] >= 0.5).mean())

    sides = density(-1, 0), density(1, 0)
    ends = density(0, -1), density(0, 1)
    left_right = min(sides), max(sides)
    above_below = min(ends), max(ends)

    def reached(dx: int, dy: int) -> float:
        # the neighbour's ink may lie past a gap between glyphs or be a sparse glyph (一, 日):
        # the densest of the windows at ``column_reaches`` half extents
        return max(density(dx * r / t.offset, dy * r / t.offset) for r in t.column_reaches)

    beside = sorted((reached(-1, 0), reached(1, 0)))
    thin_beside = beside[0]
    in_row = (
        (left_right[0] >= t.min_beside and above_below[1] <= t.max_across)
        or (thin_beside >= t.thin_min_beside and above_below[1] <= t.thin_max_across)
        # the first or last glyph of the line
        or (
            beside[1] >= t.end_min_beside
            and beside[0] <= t.end_max_other
            and above_below[1] <= t.max_across
        )
    )
    in_column = (
        min(reached(0, -1), reached(0, 1)) >= t.column_min_beside
        and left_right[1] <= t.column_max_across
    )
    return in_row or in_column


def empty_frame_on_print(light: np.ndarray, ink: np.ndarray, sh: Shape) -> bool:
    """A small square seal's empty frame with one side along a line of print (EmptyFrameTest):
    whole and empty at the lighter level (``light``), three sides clean there, a frame when
    its sides may run on as far as LoneRimTest.frame_reach, and neither a 回 nor a glyph of a
    line of big print (``ink``: the ink level)."""
    t = EMPTY_FRAME
    if sh.kind != "box" or max(sh.rx, sh.ry) > GREY_BOX.max_elongation * min(sh.rx, sh.ry):
        return False
    r = ring_evidence(light, sh)
    if not (
        r.coverage >= t.min_coverage
        and r.row >= t.min_row
        and r.inner <= t.max_inner
        and r.fill <= t.max_fill
    ):
        return False
    p = polar(light, sh, _S)
    if (p[_AT1] < 0).any():
        return False  # a frame cut by the page's edge: not judged side by side
    on = p >= 0.5
    _, cos_t, sin_t = angles(p.shape[1])
    # each side's middle: the rays within `side_middle` of its normal (print beside a corner
    # is the next side's neighbour too)
    facing = np.stack([cos_t, sin_t, -cos_t, -sin_t]) >= math.cos(math.radians(t.side_middle))
    ends = on[_ON].any(axis=0) & ~on[_BEYOND].any(axis=0)
    clean = sum(
        share(ends[f]) >= t.side_edge and share(on[_OUT][:, f]) <= t.side_outside for f in facing
    )
    return (
        clean >= t.clean_sides
        and is_frame(light, sh, text_bands=False, reach=LONE_RIM.frame_reach)
        and not inner_frame(light, sh)
        and not title_glyph(ink, sh)
    )


def _upright(sh: Shape) -> Shape:
    """The box on the page's axes round ``sh``'s outline (its half extents along x and y)."""
    poly = sh.polygon()
    hx, hy = float(np.ptp(poly[:, 0])) / 2, float(np.ptp(poly[:, 1])) / 2
    return Shape(sh.cx, sh.cy, max(hx, 1.0), max(hy, 1.0), 0.0, "box")


def _ink_box(ink: np.ndarray, a: Shape) -> Shape:
    """Upright box ``a`` grown, along x and along y apart, over the ink (``ink`` at 0.5) joined
    to what lies inside it, out to ColumnGlyphTest.extent_reach of it: a box fitted inside a
    glyph's outer strokes (固 fitted 9.5 px wide, its frame 13 px out) measured from the glyph's
    own extent, so that its strokes are not what lies beside it."""
    reach = COLUMN_GLYPH.extent_reach
    x0, y0 = max(0, int(a.cx - reach * a.rx)), max(0, int(a.cy - reach * a.ry))
    x1 = min(ink.shape[1], int(math.ceil(a.cx + reach * a.rx)) + 1)
    y1 = min(ink.shape[0], int(math.ceil(a.cy + reach * a.ry)) + 1)
    sub = (ink[y0:y1, x0:x1] >= 0.5).astype(np.uint8)
    if sub.size == 0 or not sub.any():
        return a
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    u, v = np.abs(xx - a.cx), np.abs(yy - a.cy)
    _, lab = cv2.connectedComponents(sub, connectivity=8)
    inside = np.unique(lab[(sub > 0) & (u <= a.rx) & (v <= a.ry)])
    own = np.isin(lab, inside[inside > 0])
    if not own.any():
        return a
    rx = min(max(a.rx, float(u[own].max())), reach * a.rx)
    ry = min(max(a.ry, float(v[own].max())), reach * a.ry)
    return replace(a, rx=rx, ry=ry)


def _window(ink: np.ndarray, a: Shape, u: tuple[float, float], v: tuple[float, float]) -> float:
    """Ink density of ``ink`` in the window ``u`` x ``v`` of box ``a``'s coordinates (12 x 12
    samples); -1 when most of it lies off the page."""
    x = box_samples(
        ink, a, np.linspace(*u, 12, dtype=np.float32), np.linspace(*v, 12, dtype=np.float32)
    )
    ok = x >= 0
    return float((x[ok] >= 0.5).mean()) if ok.mean() > 0.5 else -1.0


def _beside(
    ink: np.ndarray, a: Shape, along_v: bool, at: float, reach: tuple[float, float]
) -> float:
    """The fuller of the two windows beside a stretch of a column (``along_v``: the column runs
    along y) centred ``at`` along it, ``reach`` off it across; off the page counts as full."""
    return max(_beside_each(ink, a, along_v, at, reach))


def _beside_each(
    ink: np.ndarray, a: Shape, along_v: bool, at: float, reach: tuple[float, float]
) -> tuple[float, float]:
    """``_beside``'s two windows, on the positive side across and on the negative one."""
    t = COLUMN_GLYPH
    along = (at - t.window, at + t.window)
    out = []
    for side in (reach, (-reach[1], -reach[0])):
        d = _window(ink, a, side, along) if along_v else _window(ink, a, along, side)
        out.append(1.0 if d < 0 else d)
    return out[0], out[1]


def _neighbour_beside(ink: np.ndarray, a: Shape, along_v: bool, at: float) -> float:
    """The ink beside a column's neighbour glyph (centred ``at`` along it,
    ColumnGlyphTest.neighbour_beside off it across) beyond what lies as far beside the glyph
    itself, on the fuller side: a parallel column of print set close runs beside both alike
    (ColumnGlyphTest, a parallel column), where a neighbour that is part of a block of print
    has ink beside it that the glyph, in white space, has not."""
    t = COLUMN_GLYPH
    there = _beside_each(ink, a, along_v, at, t.neighbour_beside)
    here = _beside_each(ink, a, along_v, 0.0, t.neighbour_beside)
    return max(b - h for b, h in zip(there, here, strict=True))


def _extent(ink: np.ndarray, a: Shape, along_v: bool, at: float) -> float:
    """How far the ink of the window centred ``at`` along a column reaches across it, on its
    narrower side (units of the half extent across)."""
    t = COLUMN_GLYPH
    across = np.linspace(-1.3, 1.3, 27, dtype=np.float32)
    along = np.linspace(at - t.window, at + t.window, 12, dtype=np.float32)
    x = box_samples(ink, a, across, along) if along_v else box_samples(ink, a, along, across).T
    on = (x >= 0.5).mean(axis=0) >= t.extent_min_ink
    if not on.any():
        return 0.0
    return float(min(across[on].max(), -across[on].min()))


def column_glyph(ink: np.ndarray, dark: np.ndarray, sh: Shape) -> bool:
    """A glyph of a column (or a line) of print glyphs of its own size on a grey copy
    (ColumnGlyphTest): nothing beside it, a neighbour as wide with nothing beside it along the
    column on one side at least, and the shape as dark as print. ``ink``: the ink level;
    ``dark``: the darkness map."""
    fitted = _upright(sh)
    # measured from the fitted outline and from the glyph's ink extent (a box fitted inside a
    # glyph's strokes): a glyph of a column either way
    return any(_column_glyph_from(ink, dark, sh, a) for a in (fitted, _ink_box(ink, fitted)))


def _column_glyph_from(ink: np.ndarray, dark: np.ndarray, sh: Shape, a: Shape) -> bool:
    """column_glyph with its windows measured in units of upright box ``a``'s half extents."""
    t = COLUMN_GLYPH
    for along_v in (True, False):
        if _beside(ink, a, along_v, 0.0, t.beside) > t.max_beside:
            continue
        sides = 0
        for sign in (1.0, -1.0):

            def neighbour(d: float, sign: float = sign, along_v: bool = along_v) -> float:
                span = (sign * d - t.window, sign * d + t.window)
                cross = (-t.across, t.across)
                return _window(ink, a, cross, span) if along_v else _window(ink, a, span, cross)

            d = max(t.reaches, key=neighbour)
            sides += (
                neighbour(d) >= t.min_neighbour
                and _extent(ink, a, along_v, sign * d) >= t.min_extent
                and _neighbour_beside(ink, a, along_v, sign * d) <= t.max_neighbour_beside
            )
        if sides and rim_darkness(dark, sh) >= t.min_rim_dark:
            return True
    return False


def rim_darkness(dark: np.ndarray, sh: Shape) -> float:
    """How dark the outline's ink is: the 90th percentile, over the rays inked at the ink level
    (GreySearchSettings.ink_dark), of the darkest point across the outline (0.9-1.04 of it)."""
    p = polar(dark, sh, _S_ON, 96)
    ok = p[len(_S_ON) // 2] >= 0
    peak = p[:, ok].max(axis=0)
    peak = peak[peak > GREY_SEARCH.ink_dark]
    return float(np.percentile(peak, 90)) if peak.size else 0.0


_S_BAND = np.linspace(*DRAWN_RING.band, 11).astype(np.float32)
_S_INSIDE = np.linspace(0.0, DRAWN_RING.inside, 15).astype(np.float32)


def drawn_ring(dark: np.ndarray, sh: Shape) -> bool:
    """Whether outline ``sh`` on the grey darkness map ``dark`` is a ring drawn by hand round
    print, not a copied seal's rim: one even stroke, as dark as the print it holds or darker
    (DrawnRingTest)."""
    rim = polar(dark, sh, _S_BAND, 96)
    on = (rim >= 0).all(axis=0)
    if not on.any():
        return False
    peak = rim[:, on].max(axis=0)
    mean = float(peak.mean())
    if mean <= 0 or float(peak.std()) > DRAWN_RING.max_spread * mean:
        return False
    inside = polar(dark, sh, _S_INSIDE, 96)
    inside = inside[inside >= 0]
    if inside.size == 0:
        return False
    printed = float(np.percentile(inside, DRAWN_RING.print_share))
    if printed < DRAWN_RING.min_print:
        return False
    return float(np.median(peak)) >= DRAWN_RING.min_over_print * printed


_S_STROKE = np.linspace(*PEN_RING.span, PEN_RING.steps).astype(np.float32)
_STROKE_BAND = (PEN_RING.band[0] <= _S_STROKE) & (PEN_RING.band[1] >= _S_STROKE)


def _run_through(col: np.ndarray, k: int, level: float) -> int:
    """Length of the run of ``col`` at or above ``level`` through index ``k``."""
    a = b = k
    while a > 0 and col[a - 1] >= level:
        a -= 1
    while b < len(col) - 1 and col[b + 1] >= level:
        b += 1
    return b - a + 1


def rim_width(dark: np.ndarray, sh: Shape) -> float | None:
    """Median width (pixels) across the outline's rim on the darkness map ``dark``, ray by ray
    at half of what each ray rises to over its floor (PenRingTest); None when too few rays
    are inked."""
    t = PEN_RING
    p = polar(dark, sh, _S_STROKE, 96)
    on = (p >= 0).all(axis=0)
    if not on.any():
        return None
    _, cos_t, sin_t = angles(96)
    dx, dy = sh.boundary_at(cos_t, sin_t)
    step = (_S_STROKE[1] - _S_STROKE[0]) * np.hypot(dx, dy)[on]
    p = p[:, on]
    k = np.where(_STROKE_BAND[:, None], p, -1.0).argmax(axis=0)
    peak = p[k, np.arange(p.shape[1])]
    inked = peak > GREY_SEARCH.ink_dark
    if inked.mean() < t.min_inked:
        return None
    floor = np.percentile(p, t.floor_share, axis=0)
    widths = [
        _run_through(p[:, j], int(k[j]), float(floor[j] + 0.5 * (peak[j] - floor[j]))) * step[j]
        for j in np.nonzero(inked)[0]
    ]
    return float(np.median(widths))


def pen_ring(dark: np.ndarray, sh: Shape, side: int) -> bool:
    """Whether ellipse ``sh`` on a grey copy's darkness map is a pen's ring, not a seal's rim
    (PenRingTest): as even and dark as a pen's stroke at any size (DrawnRingTest), or, seal-sized
    (``side``: the image's short side), a rim too thin for its radius."""
    if drawn_ring(dark, sh):
        return True
    if sh.r < PEN_RING.min_radius_share * side:
        return False
    width = rim_width(dark, sh)
    return width is not None and width < PEN_RING.max_width * sh.r


def framed_number(ink: np.ndarray, sh: Shape) -> bool:
    """A line of print centred in a printed frame (a framed page number) on a grey copy
    (FramedNumberTest): along one of the box's axes paper between the print and the frame on
    both sides, print in the middle, and nothing beside the box along the line (where print a
    seal lay over would run on). ``ink``: the ink level."""
    t = FRAMED_NUMBER
    if sh.kind != "box":
        return False
    g = np.linspace(-t.inside, t.inside, 31, dtype=np.float32)
    grid = box_samples(ink, sh, g, g)
    if (grid < 0).any():
        return False
    grid = grid >= 0.5
    # rows (v) blank above and below the line: the line runs along u; columns: along v
    for prof, along_u in ((grid.mean(axis=1), True), (grid.mean(axis=0), False)):
        margin = max(
            float(prof[g <= -t.margin_from].mean()), float(prof[g >= t.margin_from].mean())
        )
        if (
            margin <= t.max_margin
            and float(prof[np.abs(g) <= t.middle].mean()) >= t.min_middle
            and _past_frame(ink, sh, along_u) <= t.max_beside
        ):
            return True
    return False


def _past_frame(ink: np.ndarray, sh: Shape, along_u: bool) -> float:
    """The fuller of the two windows past box ``sh``'s frame along its u axis (``along_u``) or
    its v axis, ColumnGlyphTest.beside off its centre and ``window`` across: where a line of
    print that a seal lies over runs on; off the page counts as full."""
    t = COLUMN_GLYPH
    cross = (-t.window, t.window)
    out = []
    for past in (t.beside, (-t.beside[1], -t.beside[0])):
        d = _window(ink, sh, past, cross) if along_u else _window(ink, sh, cross, past)
        out.append(1.0 if d < 0 else d)
    return max(out)
