"""Proposals: candidate outlines from ink components (hull and contour-stretch fits, boxes) and
from a circle Hough transform, with cheap first looks that drop hopeless ones."""

from __future__ import annotations

import math
from functools import lru_cache

import cv2
import numpy as np

from redactor.detect.seals.fit import fit_circle, fit_ellipse, rim_contrast
from redactor.detect.seals.geometry import Shape, polar, share
from redactor.detect.seals.settings import FAINT_RING_FILTER, RIM_SNAP, RING_FILTER, RING_RANK


def size_limits(h: int, w: int) -> tuple[float, float]:
    """Seal radius range in working pixels: ~6 mm to half the image (a photo of one seal)."""
    return max(9.0, 0.028 * min(h, w)), 0.55 * max(h, w)


def rule_length(h: int, w: int) -> int:
    """Shortest horizontal or vertical stroke taken for a rule (a table line, a form's rule)."""
    return max(25, int(0.1 * min(h, w)))


def remove_lines(mask: np.ndarray, length: int) -> np.ndarray:
    """Drop long horizontal and vertical strokes (rules, frames, table lines) from a mask."""
    hor = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    ver = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    return mask & ~(hor | ver)


def component_proposals(
    mask: np.ndarray,
    rmin: float,
    rmax: float,
    scales: tuple[int, ...] = (1, 3),
    cut: np.ndarray | None = None,
) -> list[Shape]:
    """Outlines fitted to the ink's components. ``cut``: where the page is hidden (the fills of
    seals on top); a square seal partly under them is cut there as by the page edge."""
    h, w = mask.shape
    out: list[Shape] = []
    base = remove_lines(mask, rule_length(h, w))
    grow = max(3, int(round(0.12 * rmin)))
    for k in (grow * m for m in scales):
        g = cv2.morphologyEx(
            base, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
        )
        n, lab, stats, _ = cv2.connectedComponentsWithStats(g, connectivity=8)
        for i in range(1, n):
            x, y, bw, bh, area = stats[i]
            side = max(bw, bh)
            if side < 1.6 * rmin or min(bw, bh) > 2.4 * rmax or area < 2 * rmin:
                continue
            sub, c = component_outline(lab, i, (x, y, bw, bh))
            if c is None:
                continue
            hull = cv2.convexHull(c).reshape(-1, 2)
            # the hull: the whole seal when it stands alone
            for shp in (fit_ellipse(_densify(hull)), fit_circle(_densify(hull))):
                if shp is not None:
                    out.append(shp)
            # stretches of the outer contour: a seal touching other ink or a page edge
            if len(c) >= 40 and side > 2.6 * rmin:
                step = max(1, len(c) // 12)
                win = len(c) // 3
                cc = np.r_[c, c]
                for j in range(0, len(c), step):
                    seg = cc[j : j + win]
                    for shp in (fit_circle(seg),):
                        if shp is not None and rmin <= shp.r <= rmax:
                            out.append(shp)
            # a box: square seals
            (bx, by), (rw, rh), ra = cv2.minAreaRect(hull)
            if min(rw, rh) > 0 and max(rw, rh) <= 1.4 * min(rw, rh):
                out.append(Shape(bx, by, rw / 2, rh / 2, ra, "box"))
            elif min(rw, rh) > 0 and max(rw, rh) <= 3 * min(rw, rh):
                edge = x <= 1 or y <= 1 or x + bw >= w - 1 or y + bh >= h - 1
                under = cut is not None and _touches(sub, cut[y : y + bh, x : x + bw])
                if edge or under:
                    out += _grown_squares((bx, by, rw, rh, ra), (w, h), both=under)
                else:
                    # two square seals overlapping: one at each end of their union
                    out += end_squares((bx, by, rw, rh, ra))
    return [s for s in out if rmin <= s.r <= rmax]


def component_outline(
    labels: np.ndarray, index: int, box: tuple[int, int, int, int]
) -> tuple[np.ndarray, np.ndarray | None]:
    """Component ``index`` of ``labels`` inside its bounding ``box`` (x, y, w, h): its pixels
    there (uint8) and its outer contour in image coordinates (None when it has none)."""
    x, y, bw, bh = box
    sub = (labels[y : y + bh, x : x + bw] == index).astype(np.uint8)
    cs, _ = cv2.findContours(sub, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not cs:
        return sub, None
    return sub, max(cs, key=len).reshape(-1, 2).astype(np.float32) + np.float32([x, y])


def _touches(sub: np.ndarray, cut: np.ndarray) -> bool:
    """Whether a component (``sub``, its box's pixels) borders the hidden region."""
    grown = cv2.dilate(sub, np.ones((5, 5), np.uint8))
    return bool((grown & cut).any())


def _grown_squares(
    rect: tuple[float, float, float, float, float], size: tuple[int, int], both: bool
) -> list[Shape]:
    """A square seal cut by the page edge (or by a seal on top, ``both`` directions then): the
    full square from the cut rectangle ``rect`` (centre, sides, angle of minAreaRect), grown
    across its short side, off the page."""
    bx, by, rw, rh, ra = rect
    w, h = size
    half = max(rw, rh) / 2
    a = math.radians(ra)
    dx, dy = (math.cos(a), math.sin(a)) if rw < rh else (-math.sin(a), math.cos(a))
    shift = half - min(rw, rh) / 2
    out = []
    for sg in (1, -1):
        ox, oy = bx + sg * shift * dx, by + sg * shift * dy
        if both or not (0 <= ox < w and 0 <= oy < h) or sg == -1:
            out.append(Shape(ox, oy, half, half, ra, "box"))
    return out


def end_squares(rect: tuple[float, float, float, float, float]) -> list[Shape]:
    """Two square seals overlapping: the union's rectangle ``rect`` (centre, sides, angle of
    minAreaRect) holds a square of its short side at each end of its long side."""
    bx, by, rw, rh, ra = rect
    half = min(rw, rh) / 2
    a = math.radians(ra)
    dx, dy = (math.cos(a), math.sin(a)) if rw > rh else (-math.sin(a), math.cos(a))
    shift = max(rw, rh) / 2 - half
    return [
        Shape(bx + sg * shift * dx, by + sg * shift * dy, half, half, ra, "box") for sg in (1, -1)
    ]


def _densify(poly: np.ndarray, step: float = 3.0) -> np.ndarray:
    """Points every ``step`` pixels along a closed polygon (a hull has too few for a fit)."""
    pts = []
    m = len(poly)
    for i in range(m):
        a, b = poly[i], poly[(i + 1) % m]
        n = max(1, int(np.hypot(*(b - a)) / step))
        for t in range(n):
            pts.append(a + (b - a) * (t / n))
    return np.asarray(pts, np.float32).reshape(-1, 2)


def hough_proposals(
    img: np.ndarray, rmin: float, rmax: float, param2: float, limit: int
) -> list[Shape]:
    """Circle Hough at half the working scale (rings are thick enough there), radius capped:
    its cost grows with the radius range, and a lone big seal is found by its component."""
    h, w = img.shape
    half = cv2.resize(img, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    lo, hi = max(5, int(rmin / 2)), int(min(rmax, 0.16 * max(h, w)) / 2)
    if hi <= lo:
        return []
    circles = cv2.HoughCircles(
        half,
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=max(5.0, lo),
        param1=120,
        param2=param2,
        minRadius=lo,
        maxRadius=hi,
    )
    if circles is None:
        return []
    return [
        Shape(2 * float(x), 2 * float(y), 2 * float(r), 2 * float(r), 0.0)
        for x, y, r in circles[0][:limit]
    ]


_SB = np.linspace(0.72, 1.28, 15).astype(np.float32)


def promising(mask: np.ndarray, sh: Shape) -> bool:
    """Cheap first look: is there ink near the proposed outline on most rays?"""
    p = polar(mask, sh, _SB, 72)
    valid = p[7] >= 0
    if share(valid) < 0.35:
        return False
    return float(share((p[:, valid] >= 0.5).any(axis=0))) >= 0.7


_SR = np.linspace(0.8, 1.2, 21).astype(np.float32)


def ring_strength(mask: np.ndarray, sh: Shape) -> float:
    """How far round ink runs at the best single radius near the proposal (0..1; 0 when most of
    the outline is off the page)."""
    p = polar(mask, sh, _SR, 72)
    valid = p[10] >= 0
    if share(valid) < 0.35:
        return 0.0
    ink = p[:, valid] >= 0.5
    return float(share(ink[:-1] | ink[1:], axis=1).max())


def ring_likely(mask: np.ndarray, sh: Shape) -> bool:
    """Cheap first look for grey pages, where ink is everywhere: is there one radius near the
    proposal along which ink runs most of the way round?"""
    return ring_strength(mask, sh) >= 0.5


_SC = np.linspace(0.6, 1.3, 29).astype(np.float32)
_SC_RIM = np.flatnonzero((_SC[:-1] >= 0.8) & (_SC[:-1] <= 1.2))


def ring_contrast(mask: np.ndarray, sh: Shape) -> float:
    """How far round ink runs at the best single radius near the proposal, less the ink density
    at the radii away from it (RingRankSettings): a seal's rim is ink at one radius, print
    is spread over all of them. -1 when most of the outline is off the page."""
    p = polar(mask, sh, _SC, 72)
    valid = p[len(_SC) // 2] >= 0
    if share(valid) < 0.35:
        return -1.0
    ink = p[:, valid] >= 0.5
    along = share(ink[:-1] | ink[1:], axis=1)
    best = int(_SC_RIM[np.argmax(along[_SC_RIM])])
    far = np.abs(_SC - _SC[best]) >= RING_RANK.far
    return float(along[best] - share(ink[far]))


@lru_cache(maxsize=128)
def _ring_kernel(r: float, aspect: float, ang: float) -> np.ndarray:
    """The ring filter's kernel (RingFilterSettings): the mean of the outline band (``r`` the
    geometric mean of its half axes, ``aspect`` long over short, long axis at ``ang`` degrees)
    less the mean of the bands inside and outside it."""
    t = RING_FILTER
    a, b = r * math.sqrt(aspect), r / math.sqrt(aspect)
    half = int(math.ceil(t.outer[1] * max(a, b))) + 1
    y, x = np.mgrid[-half : half + 1, -half : half + 1].astype(np.float32)
    c, s = math.cos(math.radians(ang)), math.sin(math.radians(ang))
    rho = np.hypot((x * c + y * s) / a, (y * c - x * s) / b)  # 1 on the outline
    on = (np.abs(rho - 1) * r <= t.rim_px).astype(np.float32)
    off = ((rho >= t.inner[0]) & (rho <= t.inner[1])) | ((rho >= t.outer[0]) & (rho <= t.outer[1]))
    off = off.astype(np.float32)
    # An outline too small for the working scale has an empty band: its kernel is NaN and never
    # peaks (as before), without a warning on the user's terminal.
    with np.errstate(invalid="ignore", divide="ignore"):
        return on / on.sum() - off / off.sum()


def ring_filter_proposals(
    light: np.ndarray, rmin: float, rmax: float, every_kernel: bool = False
) -> list[Shape]:
    """Small rims found by the ring filter on ``light`` (the grey copy's lighter level, 0/1
    float32), those most like a rim first (RingFilterSettings): ellipses in working pixels.
    ``every_kernel``: the peaks of each outline's response, all of them ranked by the rim's
    contrast (FaintRingFilterSettings), rather than the strongest peaks of the best response.
    Otherwise the ovals turned between the filter's angles (RingFilterSettings.between_angles)
    have a best response of their own, whose peaks come after, with a budget of their own."""
    t = RING_FILTER
    small = cv2.resize(light, None, fx=t.scale, fy=t.scale, interpolation=cv2.INTER_AREA)
    radii: list[float] = []
    r = rmin * t.scale
    while r <= rmax * t.scale:
        radii.append(r)
        r *= t.radius_step
    shapes = [(1.0, 0.0), *((t.oval_aspect, a) for a in t.oval_angles)]
    combos = [(r, asp, ang) for asp, ang in shapes for r in radii]
    if every_kernel:
        return _ranked_places(light, _peaks(small, combos, True), FAINT_RING_FILTER.budget, [])
    kept = _ranked(light, _peaks(small, combos, False), t.budget)
    if not t.between_budget or not t.between_angles:
        return kept
    between = [(r, t.oval_aspect, ang) for ang in t.between_angles for r in radii]
    return kept + _ranked_places(light, _peaks(small, between, False), t.between_budget, kept)


def _peaks(
    small: np.ndarray, combos: list[tuple[float, float, float]], every_kernel: bool
) -> list[Shape]:
    """The ring filter's peaks on ``small`` (RingFilterSettings.scale) over the outlines
    ``combos`` (radius, aspect, angle at that scale): those of every outline's response, or the
    strongest (RingFilterSettings.candidates) of their best response; working pixels."""
    t = RING_FILTER
    best = np.full(small.shape, -1.0, np.float32)
    which = np.zeros(small.shape, np.int32)
    window = np.ones((5, 5), np.uint8)
    found: list[tuple[float, int, int, int]] = []  # response, y, x, combo
    for k, (r, asp, ang) in enumerate(combos):
        kern = _ring_kernel(round(r, 2), asp, ang)
        resp = cv2.filter2D(small, cv2.CV_32F, kern, borderType=cv2.BORDER_CONSTANT)
        if every_kernel:
            peak = (resp >= cv2.dilate(resp, window)) & (resp >= t.min_response)
            found += [(float(resp[y, x]), y, x, k) for y, x in zip(*np.nonzero(peak), strict=True)]
        better = resp > best
        best[better] = resp[better]
        which[better] = k
    if not every_kernel:
        peak = (best >= cv2.dilate(best, window)) & (best >= t.min_response)
        ys, xs = np.nonzero(peak)
        found = [(float(best[y, x]), y, x, int(which[y, x])) for y, x in zip(ys, xs, strict=True)]
        found = sorted(found, key=lambda f: -f[0])[: t.candidates]
    out = []
    for _, y, x, k in found:
        r, asp, ang = combos[k]
        a, b = r * math.sqrt(asp) / t.scale, r / math.sqrt(asp) / t.scale
        # a kernel's pixel (x, y) holds the response centred there; working pixels
        cx, cy = (x + 0.5) / t.scale - 0.5, (y + 0.5) / t.scale - 0.5
        out.append(Shape(float(cx), float(cy), float(a), float(b), float(ang)))
    return out


def _by_rim(light: np.ndarray, shapes: list[Shape]) -> list[Shape]:
    """``shapes`` whose rim contrast (fit.rim_contrast at RimSnapSettings' first stage) reaches
    RimSnapSettings.min_start, highest first."""
    on_rim = [(rim_contrast(light, q, *RIM_SNAP.stages[0]), q) for q in shapes]
    on_rim = sorted([x for x in on_rim if x[0] >= RIM_SNAP.min_start], key=lambda x: -x[0])
    return [q for _, q in on_rim]


def _ranked(light: np.ndarray, shapes: list[Shape], budget: int) -> list[Shape]:
    """The best ``budget`` of ``shapes`` by the rim's contrast."""
    return _by_rim(light, shapes)[:budget]


def _ranked_places(
    light: np.ndarray, shapes: list[Shape], budget: int, taken: list[Shape]
) -> list[Shape]:
    """The best ``budget`` of ``shapes`` by the rim's contrast, one per place (each outline
    peaks on the same rim), none at a place of ``taken``."""
    kept: list[Shape] = []
    for q in _by_rim(light, shapes):
        if len(kept) == budget:
            break
        if not any(_same_place(q, o) for o in [*taken, *kept]):
            kept.append(q)
    return kept


def _same_place(a: Shape, b: Shape) -> bool:
    """Outlines of one rim: centres close relative to the smaller, sizes alike."""
    d = math.hypot(a.cx - b.cx, a.cy - b.cy)
    return d < 0.5 * min(a.r, b.r) and max(a.r, b.r) < 1.6 * min(a.r, b.r)
