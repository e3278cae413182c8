"""Official seals (公章): red stamps by colour, grey photocopied ones by structure.

A seal is a *ring* (round or oval outline, or a square frame) with ink inside it: the unit's name
along the arc, a star, a title. That structure is what tells a seal from other red ink (letterhead
titles and rules, certificate frames, table lines, pen marks, logos), and it is also the only thing
left of a seal on a grey photocopy. So both paths end in the same test: sample the ink along rays
from a candidate's centre (a polar strip) and ask for a continuous thin ring at the outline, some
ink inside it, little ink just outside it and no solid fill.

Colour path: an ink mask per ink colour (red, blue) relative to the local paper brightness, so
faint stamps, warm phone light and dark paper work alike; candidate outlines come from the ink's
connected components (hull fit, fits to stretches of the outer contour for seals touching other
ink) and from a circle Hough transform (overlapping and broken rings). Each candidate is refined
by fitting an ellipse to the ring's outer edge found along the rays, then verified.

Grey path (pages with no coloured ink): circle Hough on the grey image proposes rings, verified
with stricter ring tests since printed text is everywhere on such pages.

Everything runs on a copy scaled to ~1000 px on the long side; only the text read (polar unwrap
of the arc, rapidocr recognition only) uses full resolution.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from redactor.detect.match import is_han, normalise
from redactor.options import Identity
from redactor.types import SEAL, SEAL_COLOUR, SEAL_STRUCTURE, BBox, Finding, Page, Quad

# Detection works on a copy whose long side is at most this many pixels.
WORK_SIDE = 1000
# Ink colours that seals come in, as hue windows in degrees (0 = red). Red also takes the orange-red
# of fresh stamp pads; blue is the other common pad colour. Brown (letterhead titles on invoices,
# wood desks) starts around 25 degrees and stays out.
INK_HUES: dict[str, tuple[float, float]] = {"red": (-50.0, 21.0), "blue": (190.0, 262.0)}
# Minimum colourfulness of ink relative to the local paper brightness (0..1).
CHROMA_MIN = 0.13
CHROMA_LENIENT = 0.08
# The mask covers the fitted outline grown by this fraction of the radius plus MARGIN_PX.
MARGIN_FRAC = 0.08
MARGIN_PX = 3.0
OUTLINE_POINTS = 64
# Longest axis over shortest of a seal's outline.
MAX_ELONGATION = 1.65
# Seals per page worth considering (a safety net against pathological pages).
MAX_SEALS = 12
# Proposals refined per ink mask at most (bounds the time on pages full of coloured ink).
MAX_PROPOSALS = 60

_N_T = 144  # angles sampled around an outline


@dataclass(frozen=True)
class _Shape:
    """An outline in working pixels: an ellipse, or a box (square seals) with half sides rx/ry.

    ``ang`` is the direction of the rx axis in degrees (image coordinates, y down), as returned by
    cv2.fitEllipse / minAreaRect.
    """

    cx: float
    cy: float
    rx: float
    ry: float
    ang: float
    kind: str = "ellipse"

    @property
    def r(self) -> float:
        return (self.rx + self.ry) / 2

    def scaled(self, k: float) -> _Shape:
        return replace(self, cx=self.cx * k, cy=self.cy * k, rx=self.rx * k, ry=self.ry * k)

    def unit_boundary(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Boundary offsets (dx, dy) at parameters t (radians) for s = 1."""
        if self.kind == "box":
            # Walk the square's perimeter with t: the point where the ray at angle t meets it.
            c, s = np.cos(t), np.sin(t)
            m = np.maximum(np.abs(c), np.abs(s))
            u, v = c / m * self.rx, s / m * self.ry
        else:
            u, v = np.cos(t) * self.rx, np.sin(t) * self.ry
        a = math.radians(self.ang)
        ca, sa = math.cos(a), math.sin(a)
        return u * ca - v * sa, u * sa + v * ca

    def polygon(self, grow: float = 0.0, add: float = 0.0, n: int = OUTLINE_POINTS) -> np.ndarray:
        """Convex outline points, grown by ``grow`` x radius + ``add`` pixels."""
        if self.kind == "box":
            hx, hy = self.rx * (1 + grow) + add, self.ry * (1 + grow) + add
            a = math.radians(self.ang)
            ca, sa = math.cos(a), math.sin(a)
            pts = [(-hx, -hy), (hx, -hy), (hx, hy), (-hx, hy)]
            return np.array(
                [(self.cx + x * ca - y * sa, self.cy + x * sa + y * ca) for x, y in pts]
            )
        t = np.linspace(0, 2 * np.pi, n, endpoint=False)
        grown = replace(self, rx=self.rx * (1 + grow) + add, ry=self.ry * (1 + grow) + add)
        # The polygon is inscribed in the ellipse: push vertices out so its edges clear the curve.
        dx, dy = grown.unit_boundary(t)
        k = 1.0 / math.cos(math.pi / n)
        return np.c_[self.cx + dx * k, self.cy + dy * k]


@dataclass
class _Ring:
    """Ring evidence for one outline (fractions 0..1)."""

    valid: float  # share of the outline that lies inside the image
    coverage: float  # share of (valid) angles with ink near the outline
    row: float  # best continuity of ink along one radius near the outline
    inner: float  # ink density inside (text, star)
    outside: float  # ink density just outside
    fill: float  # ink density right inside the ring (high for a solid disc)
    edge: float  # share of angles where the ink ends cleanly at the outline (not a square, say)

    def score(self) -> float:
        return 0.45 * self.coverage + 0.55 * self.row - 0.8 * self.outside


@dataclass
class _Cand:
    shape: _Shape
    ring: _Ring
    source: str
    ink: str  # "red", "blue" or "grey"
    extra: dict = field(default_factory=dict)

    @property
    def score(self) -> float:
        return self.ring.score()


# --------------------------------------------------------------------------- masks
def _paper(v: np.ndarray) -> np.ndarray:
    """Local paper brightness from the max-channel image: a max filter wider than any stroke,
    computed at 1/8 scale (cheap), then smoothed. Red ink keeps a high max channel, so a big red
    stamp does not darken the estimate; only black text does, and the max filter removes it."""
    h, w = v.shape
    small = cv2.resize(v, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    small = cv2.dilate(small, np.ones((5, 5), np.uint8))
    small = cv2.GaussianBlur(small, (0, 0), 2.0)
    bg = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    return np.maximum(bg, 30.0)


def _white_balance(rgb: np.ndarray) -> np.ndarray:
    """Scale each channel so the paper is neutral: warm lamp light on a phone photo and cream
    certificate paper would otherwise look faintly orange everywhere."""
    f = rgb.astype(np.float32)
    v = f.max(axis=2)
    bright = v >= np.percentile(v, 80)
    paper = np.array([np.median(f[:, :, c][bright]) for c in range(3)], np.float32)
    gain = paper.max() / np.maximum(paper, 1.0)
    return f * np.minimum(gain, 1.6)


def _ink_masks(
    rgb: np.ndarray,
) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], np.ndarray, float]:
    """Per ink colour, two 0/1 masks of that ink (strict, for finding outlines; lenient, for
    judging rings of faint stamps); the grey darkness map (0..1); and the share of pixels that
    are strongly coloured (decides whether the page is a grey copy)."""
    f = _white_balance(rgb)
    mx = f.max(axis=2)
    mn = f.min(axis=2)
    bg = _paper(mx)
    chroma = (mx - mn) / bg
    u8 = np.clip(f, 0, 255).astype(np.uint8)
    hue = cv2.cvtColor(u8, cv2.COLOR_RGB2HSV_FULL)[:, :, 0].astype(np.float32) * (360.0 / 256.0)
    bright = mx / bg > 0.3  # very dark pixels are black ink, whatever their JPEG fringe colour
    masks: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, (lo, hi) in INK_HUES.items():
        hh = np.where(hue > 180 + (lo + hi) / 2, hue - 360, hue) if lo < 0 else hue
        inhue = (hh >= lo) & (hh <= hi) & bright
        masks[name] = (
            (inhue & (chroma > CHROMA_MIN)).astype(np.uint8),
            (inhue & (chroma > CHROMA_LENIENT)).astype(np.uint8),
        )
    grey = cv2.cvtColor(u8, cv2.COLOR_RGB2GRAY).astype(np.float32)
    dark = np.clip((bg - grey) / bg, 0, 1)
    strong = float(np.mean((chroma > 0.25) & bright))
    return masks, dark, strong


# --------------------------------------------------------------------------- ring tests
def _polar(img: np.ndarray, sh: _Shape, s: np.ndarray, n_t: int = _N_T) -> np.ndarray:
    """Sample ``img`` (float32) at scales ``s`` of the outline, angles 0..2pi: (len(s), n_t);
    -1 outside the image."""
    t = np.linspace(0, 2 * np.pi, n_t, endpoint=False)
    dx, dy = sh.unit_boundary(t)
    mx = (sh.cx + s[:, None] * dx[None, :]).astype(np.float32)
    my = (sh.cy + s[:, None] * dy[None, :]).astype(np.float32)
    return cv2.remap(
        img, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=-1.0
    )


_S = np.linspace(0.30, 1.24, 48).astype(np.float32)
_BAND = (_S >= 0.84) & (_S <= 1.03)
_INNER = (_S >= 0.35) & (_S <= 0.78)
_RIM = (_S >= 0.70) & (_S <= 0.82)
_OUT = (_S >= 1.08) & (_S <= 1.22)
_AT1 = int(np.argmin(np.abs(_S - 1.0)))
_ON = (_S >= 0.94) & (_S <= 1.03)
_BEYOND = (_S >= 1.06) & (_S <= 1.12)


def _ring(mask: np.ndarray, sh: _Shape, level: float = 0.5) -> _Ring:
    p = _polar(mask, sh, _S)
    valid = p[_AT1] >= 0
    nv = int(valid.sum())
    if nv < 8:
        return _Ring(nv / _N_T, 0, 0, 0, 0, 0, 0)
    q = p[:, valid]
    ink = q >= level
    inside = q >= 0
    band = ink[_BAND]
    cov = float(band.any(axis=0).mean())
    rows = band.mean(axis=1)
    # continuity along one radius, allowing the ring to wander by one sample
    row = float(max((band[i] | band[i + 1]).mean() for i in range(len(rows) - 1)))

    def dens(sel: np.ndarray) -> float:
        n = inside[sel].sum()
        return float((ink[sel] & inside[sel]).sum() / n) if n else 0.0

    edge = float((ink[_ON].any(axis=0) & ~ink[_BEYOND].any(axis=0)).mean())
    return _Ring(nv / _N_T, cov, row, dens(_INNER), dens(_OUT), dens(_RIM), edge)


def _accept(c: _Cand, grey: bool) -> bool:
    r = c.ring
    sh = c.shape
    if r.valid < 0.35:
        return False
    # oval seals run up to 45 x 30 mm (1.5); a little more for perspective on phone pictures.
    # Pen loops drawn round a word are longer.
    if max(sh.rx, sh.ry) > MAX_ELONGATION * min(sh.rx, sh.ry):
        return False
    # a frame that the ink runs on past: a table, a rule (on grey pages print next to the frame
    # blurs the edge, and the grey box test below asks for more)
    if sh.kind == "box" and r.edge < (0.65 if grey else 0.8):
        return False
    if grey:
        if sh.kind == "box":
            # a square frame all round, ending cleanly, with text inside, drawn in the mid grey
            # that seal ink copies to (table cells and boxes are printed black)
            return (
                max(sh.rx, sh.ry) <= 1.15 * min(sh.rx, sh.ry)
                and r.row >= 0.95
                and r.coverage >= 0.97
                and r.outside <= 0.2
                and r.fill <= 0.5
                and (r.inner >= 0.05 or c.extra.get("faint_inner", 0.0) >= 0.02)
                and r.inner <= 0.45
                and c.extra.get("black", 1.0) <= 0.35
            )
        return (
            r.coverage >= 0.85
            # a weaker ring must end cleanly: pen loops, big print and table lines under text
            # make broken rings with ink running on past them. One broken over more than a
            # seventh of the turn must still have ink near it nearly all round: a pen loop drawn
            # round a word leaves a gap where it does not close.
            and (
                r.row >= 0.9
                or (r.row >= 0.72 and r.edge >= 0.6 and (r.row >= 0.85 or r.coverage >= 0.94))
            )
            and r.row - r.outside >= 0.35
            and r.inner <= 0.45
            and (
                r.inner >= 0.015
                or (
                    c.extra.get("faint_inner", 0.0) >= 0.005
                    and ((r.row >= 0.9 and r.coverage >= 0.97) or (r.row >= 0.85 and r.edge >= 0.8))
                )
            )
            and r.fill <= 0.5
        )
    return (
        r.coverage >= 0.8
        and r.row >= 0.72
        and (r.edge >= 0.6 or (r.edge >= 0.3 and r.row >= 0.75 and r.coverage >= 0.97))
        and r.outside <= 0.25
        and r.inner >= 0.012
        and r.fill <= 0.55
        and r.inner <= 0.55
    )


# --------------------------------------------------------------------------- fitting
def _fit_ellipse(pts: np.ndarray) -> _Shape | None:
    if len(pts) < 6:
        return None
    try:
        (cx, cy), (w, h), ang = cv2.fitEllipse(pts.astype(np.float32))
    except cv2.error:
        return None
    if not (np.isfinite([cx, cy, w, h, ang]).all()) or min(w, h) < 4:
        return None
    return _Shape(float(cx), float(cy), float(w) / 2, float(h) / 2, float(ang))


def _fit_circle(pts: np.ndarray) -> _Shape | None:
    """Algebraic (Kasa) circle fit: steadier than an ellipse on a short arc."""
    if len(pts) < 6:
        return None
    x, y = pts[:, 0].astype(np.float64), pts[:, 1].astype(np.float64)
    a = np.c_[x, y, np.ones_like(x)]
    b = x * x + y * y
    try:
        sol, *_ = np.linalg.lstsq(a, b, rcond=None)
    except np.linalg.LinAlgError:
        return None
    cx, cy = sol[0] / 2, sol[1] / 2
    rr = sol[2] + cx * cx + cy * cy
    if rr <= 16:
        return None
    r = math.sqrt(rr)
    return _Shape(float(cx), float(cy), r, r, 0.0)


_RS = np.linspace(0.72, 1.28, 57).astype(np.float32)
_RS_MID = int(np.argmin(np.abs(_RS - 1.0)))
_T = np.linspace(0, 2 * np.pi, _N_T, endpoint=False)


def _edge_points(
    mask: np.ndarray, sh: _Shape, level: float = 0.5, rs: np.ndarray = _RS
) -> np.ndarray:
    """Outer edge of the ring along each ray: the ink run nearest the current outline, followed
    outwards to its end. Rays that leave the image or find no ink give nothing."""
    p = _polar(mask, sh, rs)
    n = len(rs)
    mid = int(np.argmin(np.abs(rs - 1.0)))
    ink = p >= level
    ok = (p[mid] >= 0) & ink.any(axis=0)
    rows = np.arange(n)[:, None]
    # nearest ink sample to the outline on each ray
    i0 = np.argmin(np.where(ink, np.abs(rows - mid), n + 1), axis=0)
    # first non-ink sample beyond it: the run's outer end
    after = ~ink & (rows > i0[None, :])
    has = after.any(axis=0)
    stop = np.where(has, np.argmax(after, axis=0), n)
    cols = np.arange(p.shape[1])
    # a run that reaches the image edge tells nothing about the outline
    edge = has & (p[np.minimum(stop, n - 1), cols] < 0)
    keep = ok & ~edge
    sv = rs[np.clip(stop - 1, 0, n - 1)][keep]
    dx, dy = sh.unit_boundary(_T[keep])
    return np.c_[sh.cx + sv * dx, sh.cy + sv * dy].astype(np.float32)


_RS_NEAR = np.linspace(0.88, 1.12, 25).astype(np.float32)


def _refine(
    mask: np.ndarray, sh: _Shape, circle: bool = False, iters: int = 3, polish: int = 0
) -> _Shape | None:
    """Move an outline onto the ring's outer edge: fit to edge points, drop outliers, repeat.
    ``polish`` more rounds look only close to the outline, so print next to an oval's ring cannot
    pull the fit off it."""
    cur = sh
    for rs, rounds in ((_RS, iters), (_RS_NEAR, polish)):
        for _ in range(rounds):
            pts = _edge_points(mask, cur, rs=rs)
            if len(pts) < 12:
                return None
            new = _fit_circle(pts) if circle else _fit_ellipse(pts)
            if new is None:
                return None
            # one round of outlier removal by relative radial residual
            d = np.hypot(pts[:, 0] - new.cx, pts[:, 1] - new.cy)
            if circle:
                res = np.abs(d / new.r - 1)
            else:
                a = math.radians(new.ang)
                u = (pts[:, 0] - new.cx) * math.cos(a) + (pts[:, 1] - new.cy) * math.sin(a)
                v = -(pts[:, 0] - new.cx) * math.sin(a) + (pts[:, 1] - new.cy) * math.cos(a)
                res = np.abs(np.hypot(u / new.rx, v / new.ry) - 1)
            keep = res < max(0.04, 2.5 * float(np.median(res)))
            if keep.sum() >= 12 and keep.sum() < len(pts):
                new2 = _fit_circle(pts[keep]) if circle else _fit_ellipse(pts[keep])
                new = new2 or new
            if new.r > 1.6 * sh.r or new.r < 0.6 * sh.r:
                return None
            done = abs(new.cx - cur.cx) + abs(new.cy - cur.cy) + abs(new.r - cur.r) < 0.5
            cur = new
            if done:
                break
    return cur


# --------------------------------------------------------------------------- proposals
def _size_limits(h: int, w: int) -> tuple[float, float]:
    """Seal radius range in working pixels: ~6 mm to half the image (a photo of one seal)."""
    return max(9.0, 0.028 * min(h, w)), 0.55 * max(h, w)


def _remove_lines(mask: np.ndarray, length: int) -> np.ndarray:
    """Drop long horizontal and vertical strokes (rules, frames, table lines) from a mask."""
    hor = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    ver = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    return mask & ~(hor | ver)


def _component_proposals(
    mask: np.ndarray, rmin: float, rmax: float, scales: tuple[int, ...] = (1, 3)
) -> list[_Shape]:
    h, w = mask.shape
    out: list[_Shape] = []
    line_len = max(25, int(0.1 * min(h, w)))
    base = _remove_lines(mask, line_len)
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
            sub = (lab[y : y + bh, x : x + bw] == i).astype(np.uint8)
            cs, _ = cv2.findContours(sub, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
            if not cs:
                continue
            c = max(cs, key=len).reshape(-1, 2).astype(np.float32) + np.float32([x, y])
            hull = cv2.convexHull(c).reshape(-1, 2)
            # the hull: the whole seal when it stands alone
            for shp in (_fit_ellipse(_densify(hull)), _fit_circle(_densify(hull))):
                if shp is not None:
                    out.append(shp)
            # stretches of the outer contour: a seal touching other ink or a page edge
            if len(c) >= 40 and side > 2.6 * rmin:
                step = max(1, len(c) // 12)
                win = len(c) // 3
                cc = np.r_[c, c]
                for j in range(0, len(c), step):
                    seg = cc[j : j + win]
                    for shp in (_fit_circle(seg),):
                        if shp is not None and rmin <= shp.r <= rmax:
                            out.append(shp)
            # a box: square seals
            (bx, by), (rw, rh), ra = cv2.minAreaRect(hull)
            if min(rw, rh) > 0 and max(rw, rh) <= 1.4 * min(rw, rh):
                out.append(_Shape(bx, by, rw / 2, rh / 2, ra, "box"))
            elif (
                min(rw, rh) > 0
                and max(rw, rh) <= 3 * min(rw, rh)
                and (x <= 1 or y <= 1 or x + bw >= w - 1 or y + bh >= h - 1)
            ):
                # a square seal cut by the page edge: the full square, grown off the page
                half = max(rw, rh) / 2
                a = math.radians(ra)
                dx, dy = (math.cos(a), math.sin(a)) if rw < rh else (-math.sin(a), math.cos(a))
                shift = half - min(rw, rh) / 2
                for sg in (1, -1):
                    ox, oy = bx + sg * shift * dx, by + sg * shift * dy
                    if not (0 <= ox < w and 0 <= oy < h) or sg == -1:
                        out.append(_Shape(ox, oy, half, half, ra, "box"))
    return [s for s in out if rmin <= s.r <= rmax]


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


def _hough_proposals(
    img: np.ndarray, rmin: float, rmax: float, param2: float, limit: int
) -> list[_Shape]:
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
        _Shape(2 * float(x), 2 * float(y), 2 * float(r), 2 * float(r), 0.0)
        for x, y, r in circles[0][:limit]
    ]


# --------------------------------------------------------------------------- search
def _evaluate(
    mask: np.ndarray,
    props: list[_Shape],
    ink: str,
    grey: bool,
    judge: np.ndarray | None = None,
    dark: np.ndarray | None = None,
    core: np.ndarray | None = None,
) -> list[_Cand]:
    """Refine each proposal on ``mask`` (and on ``core``, the thick strokes only, when given) and
    keep those whose ring test on ``judge`` (default ``mask``) passes."""
    judge = mask if judge is None else judge
    # grey pages: a lenient mask for thin arc text that the photocopy has nearly lost
    faint = None if dark is None else (dark > 0.07).astype(np.float32)
    # ...and one for a rim whose faint stretch (uneven pad pressure) the copy left below the ink
    # level: about half of it
    light = None if dark is None else (dark > 0.12).astype(np.float32)

    def cand(s: _Shape) -> _Cand:
        c = _Cand(s, _ring(judge, s), src, ink)
        if faint is not None and c.ring.inner < (0.05 if s.kind == "box" else 0.015):
            # photocopies can lose most of the thin arc text but keep the thick ring
            c.extra["faint_inner"] = _ring(faint, s).inner
        if dark is not None and s.kind == "box":
            c.extra["black"] = _black_share(dark, s)
        return c

    src = SEAL_STRUCTURE if grey else SEAL_COLOUR
    out: list[_Cand] = []
    seen: set[tuple[int, int, int]] = set()
    budget = MAX_PROPOSALS
    # big first: once a seal is accepted, the rings inside it (arc text, star) need no look
    for p in sorted(props, key=lambda p: -p.r):
        q = max(2.0, 0.08 * p.r)
        key = (int(p.cx / q), int(p.cy / q), int(math.log(p.r) / 0.08))
        if key in seen:
            continue
        seen.add(key)
        if any(
            math.hypot(p.cx - c.shape.cx, p.cy - c.shape.cy) + p.r < 1.05 * c.shape.r for c in out
        ):
            continue
        if not _promising(judge, p):
            continue
        budget -= 1
        if budget < 0:
            break
        if p.kind == "box":
            shapes = [s for s in ((None if grey else p), _refine_box(mask, p)) if s]
            if core is not None:
                shapes += [s for s in (_refine_box(core, p),) if s]
        else:
            round_ = abs(p.rx - p.ry) < 0.15 * p.r
            pol = 2 if grey else 0
            shapes = [
                s
                for s in (_refine(mask, p, polish=pol), _refine(mask, p, circle=round_, polish=pol))
                if s
            ]
            if grey:  # a square seal over print: the refined round fits drift off its frame
                box = _box_from_edges(mask, p)
                if box is not None:
                    shapes.append(box)
            if core is not None:
                # print next to an oval's ring or a frame pulls the fits above off it; on the
                # thick strokes alone the rim's edge is all there is to fit
                shapes += [s for s in (_refine(core, p, polish=pol), _box_from_edges(core, p)) if s]
        for s in shapes:
            c = cand(s)
            if s.kind == "ellipse" and c.ring.coverage >= 0.8 and c.ring.row < 0.97:
                # a square seal that a round fit only approximates: try its box too
                box = _box_from_edges(mask, s)
                if box is not None:
                    cb = cand(box)
                    if _accept(cb, grey) and cb.score > c.score:
                        c = cb
            if light is not None and c.ring.coverage >= 0.75 and not _accept(c, grey):
                # a rim or frame broken only where it is faint: at the lighter level it must run
                # all round at one radius and end cleanly, which print and pen loops rarely do
                cl = replace(c, ring=_ring(light, c.shape))
                r = cl.ring
                if r.coverage >= 0.98 and r.row >= 0.97 and r.edge >= 0.65 and r.outside <= 0.2:
                    c = replace(cl, extra={**cl.extra, "light_rim": 1.0})
            # the marks inside a faint stamp (its arc text) are as faint as its rim
            faint_seal = "faint_inner" in c.extra or "light_rim" in c.extra
            content = faint if faint_seal else judge
            if (
                _accept(c, grey)
                and (
                    _has_content(content, c.shape, grey)
                    or (not grey and _clean_ring(c.ring) and _has_faint_text(judge, c.shape))
                )
                and (c.shape.kind != "box" or _is_frame(judge, c.shape))
            ):
                out.append(c)
    return out


def _box_samples(mask: np.ndarray, sh: _Shape, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``mask`` at box coordinates (u along the rx axis, v along ry; +-1 on the sides): an
    array (len(v), len(u)), -1 off the image."""
    a = math.radians(sh.ang)
    ca, sa = math.cos(a), math.sin(a)
    uu, vv = np.meshgrid(u * sh.rx, v * sh.ry)
    mx = (sh.cx + uu * ca - vv * sa).astype(np.float32)
    my = (sh.cy + uu * sa + vv * ca).astype(np.float32)
    return cv2.remap(
        mask, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=-1.0
    )


def _longest_run(ink: np.ndarray) -> np.ndarray:
    """Longest stretch of True along the last axis, per row."""
    best = np.zeros(ink.shape[0], int)
    run = np.zeros(ink.shape[0], int)
    for j in range(ink.shape[1]):
        run = np.where(ink[:, j], run + 1, 0)
        best = np.maximum(best, run)
    return best


def _is_frame(mask: np.ndarray, sh: _Shape) -> bool:
    """A square seal's frame, not a stretch of a table or a certificate border: each of its four
    sides is inked along most of its length, the sides end at the corners rather than running
    on (table rules, border lines: a line of print may run on past one), and no rule crosses the
    inside (a table's grid)."""
    n = max(24, int(2 * sh.r))
    t = np.linspace(-0.9, 0.9, n).astype(np.float32)
    band = np.linspace(0.9, 1.04, 6).astype(np.float32)  # across a side: the frame's thickness
    for flip in (False, True):
        for sign in (1.0, -1.0):  # the sides at v = +-1 (flip: u = +-1), sampled along them
            if flip:
                side = _box_samples(mask, sh, sign * band, t).T
            else:
                side = _box_samples(mask, sh, t, sign * band)
            on = side.max(axis=0)
            if (on >= 0).mean() < 0.5:
                continue  # off the page (a seal cut by the edge)
            if float((on[on >= 0] >= 0.5).mean()) < 0.75:
                return False
    if _runs_on(mask, sh) >= 2:
        return False
    inner = np.linspace(-0.75, 0.75, n).astype(np.float32)
    grid = _box_samples(mask, sh, inner, inner)
    # a run over 80% of the inside, in a row or a column (one blank sample tolerated)
    for ink in (grid >= 0.5, (grid >= 0.5).T):
        joined = ink | (np.roll(ink, 1, axis=1) & np.roll(ink, -1, axis=1))
        if _longest_run(joined).max() >= 0.8 * n:
            return False
    return True


def _black_share(dark: np.ndarray, sh: _Shape) -> float:
    """Share of the ring's inked rays whose darkest point is near black (printed lines), not the
    mid grey that coloured seal ink copies to."""
    p = _polar(dark, sh, _S_ON, 96)
    ok = p[len(_S_ON) // 2] >= 0
    peak = p[:, ok].max(axis=0)
    inked = peak > 0.22
    return float((peak[inked] > 0.75).mean()) if inked.any() else 1.0


_S_ON = np.linspace(0.9, 1.04, 8).astype(np.float32)
# Past a box's corner, along each side's line: from just beyond the corner to 0.3 of the half side
# further; across, lines at offsets within the frame's stroke.
_T_PAST = np.linspace(1.08, 1.3, 12).astype(np.float32)
_S_STROKE = np.linspace(0.86, 1.02, 5).astype(np.float32)


def _runs_on(mask: np.ndarray, sh: _Shape) -> int:
    """How many of a box's 8 side ends have a line running on past the corner, straight along the
    side: a seal's frame stops at its corners, the cells of a grid or table do not (print next to
    a corner is not one unbroken line)."""
    count = 0
    for side in (1.0, -1.0):
        for end in (1.0, -1.0):
            # past the end of the side at u = side, and of the one at v = side: samples
            # (offsets across the stroke, steps past the corner)
            for p in (
                _box_samples(mask, sh, side * _S_STROKE, end * _T_PAST).T,
                _box_samples(mask, sh, end * _T_PAST, side * _S_STROKE),
            ):
                # the best line across the stroke, inked at (nearly) every step along it
                count += float((p >= 0.5).mean(axis=1).max()) >= 0.9
    return count


def _marks_inside(mask: np.ndarray, sh: _Shape) -> int:
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


def _has_content(mask: np.ndarray, sh: _Shape, grey: bool = False) -> bool:
    """Several separate marks inside the ring (characters, a star): not a lone glyph like 回 or
    a pen loop around a word."""
    if _marks_inside(mask, sh) < 3:
        return False
    if grey:  # print under the seal fills the band anyway; the ring tests carry the weight
        return True
    # ...and they run round the inside of the ring (arc text, a grid of characters), rather than
    # sitting in the middle like the inner box of 回
    band = _polar(mask, sh, _SC, 96)
    ok = band[0] >= 0
    if ok.sum() < 24:
        return True  # mostly off the page: nothing to judge by
    dens = np.array([(b >= 0.5).mean() for b in np.array_split(band[:, ok], 12, axis=1)])
    if sh.kind == "box":
        return int((dens >= 0.03).sum()) >= 9
    if grey:  # print under the seal fills the band anyway: only ask for some content
        return int((dens >= 0.03).sum()) >= 6
    # arc text runs on round the ring for a third of a turn or more; a logo's letters do not
    return _runs_round(dens >= 0.1, float(ok.mean()))


def _runs_round(hit: np.ndarray, visible: float) -> bool:
    """Whether the sectors of a turn that hold text (``hit``, 12 of them) run on for a third of
    the turn, or of what is visible of it. Round the whole ring when the ring is whole; a seal
    cut by the page edge (``visible`` under 0.9) only along its visible stretch, which is not
    circular."""
    seq = np.r_[hit, hit] if visible >= 0.9 else hit
    run = min(int(_longest_run(seq[None])[0]), len(hit))
    return run >= min(4, max(2, int(visible * 4)))


_SC = np.linspace(0.60, 0.80, 9).astype(np.float32)


def _clean_ring(r: _Ring) -> bool:
    """A ring drawn all round at one radius that ends cleanly: a stamp's rim, not a loop."""
    return r.coverage >= 0.97 and r.row >= 0.95 and r.edge >= 0.9 and r.outside <= 0.02


def _has_faint_text(mask: np.ndarray, sh: _Shape) -> bool:
    """Arc text of a faint stamp: its thin strokes break up in the ink mask, so ask only that
    some ink lies on most rays of the text band (out to just inside the rim) along a run of the
    turn, rather than for dense glyphs."""
    if _marks_inside(mask, sh) < 3:
        return False
    band = _polar(mask, sh, _SC_FAINT, 96)
    ok = band[0] >= 0
    if ok.sum() < 24:
        return False
    hit = np.array(
        [(b >= 0.5).any(axis=0).mean() >= 0.3 for b in np.array_split(band[:, ok], 12, axis=1)]
    )
    return _runs_round(hit, float(ok.mean()))


_SC_FAINT = np.linspace(0.60, 0.88, 15).astype(np.float32)


def _box_from_edges(mask: np.ndarray, sh: _Shape) -> _Shape | None:
    pts = _edge_points(mask, sh)
    if len(pts) < 12:
        return None
    (bx, by), (rw, rh), ra = cv2.minAreaRect(pts)
    if min(rw, rh) <= 0 or max(rw, rh) > 1.4 * min(rw, rh):
        return None
    return _refine_box(mask, _Shape(float(bx), float(by), rw / 2, rh / 2, float(ra), "box"))


def _refine_box(mask: np.ndarray, sh: _Shape, iters: int = 3) -> _Shape | None:
    """Move a box onto the frame's outer edge: per side, the median edge position along rays
    (medians shrug off print that touches the frame)."""
    cur = sh
    for _ in range(iters):
        pts = _edge_points(mask, cur)
        if len(pts) < 16:
            return None
        a = math.radians(cur.ang)
        ca, sa = math.cos(a), math.sin(a)
        dx, dy = pts[:, 0] - cur.cx, pts[:, 1] - cur.cy
        u, v = dx * ca + dy * sa, -dx * sa + dy * ca
        horiz = np.abs(u) / cur.rx >= np.abs(v) / cur.ry
        sides = [u[horiz & (u > 0)], u[horiz & (u < 0)], v[~horiz & (v > 0)], v[~horiz & (v < 0)]]
        h, w = mask.shape
        pos = []
        for x, nom, (ux, uy) in zip(
            sides,
            (cur.rx, -cur.rx, cur.ry, -cur.ry),
            ((ca, sa), (ca, sa), (-sa, ca), (-sa, ca)),
            strict=True,
        ):
            if len(x) >= 4:
                pos.append(float(np.median(x)))
            elif not (0 <= cur.cx + nom * ux < w and 0 <= cur.cy + nom * uy < h):
                pos.append(nom)  # a side off the page (a seal cut by the edge): keep it
            else:
                return None
        r_, l_, b_, t_ = pos
        mu, mv = (r_ + l_) / 2, (b_ + t_) / 2
        new = _Shape(
            cur.cx + mu * ca - mv * sa,
            cur.cy + mu * sa + mv * ca,
            (r_ - l_) / 2,
            (b_ - t_) / 2,
            cur.ang,
            "box",
        )
        if min(new.rx, new.ry) <= 2 or new.r > 1.6 * sh.r or new.r < 0.6 * sh.r:
            return None
        done = abs(new.cx - cur.cx) + abs(new.cy - cur.cy) + abs(new.r - cur.r) < 0.5
        cur = new
        if done:
            break
    return cur


_SB = np.linspace(0.72, 1.28, 15).astype(np.float32)


def _promising(mask: np.ndarray, sh: _Shape) -> bool:
    """Cheap first look: is there ink near the proposed outline on most rays?"""
    p = _polar(mask, sh, _SB, 72)
    valid = p[7] >= 0
    if valid.mean() < 0.35:
        return False
    return float((p[:, valid] >= 0.5).any(axis=0).mean()) >= 0.7


_SR = np.linspace(0.8, 1.2, 21).astype(np.float32)


def _ring_likely(mask: np.ndarray, sh: _Shape) -> bool:
    """Cheap first look for grey pages, where ink is everywhere: is there one radius near the
    proposal along which ink runs most of the way round?"""
    p = _polar(mask, sh, _SR, 72)
    valid = p[10] >= 0
    if valid.mean() < 0.35:
        return False
    ink = p[:, valid] >= 0.5
    return float((ink[:-1] | ink[1:]).mean(axis=1).max()) >= 0.5


def _overlap(a: _Shape, b: _Shape) -> bool:
    """Same seal: centres close relative to the smaller one."""
    d = math.hypot(a.cx - b.cx, a.cy - b.cy)
    return d < 0.5 * min(a.r, b.r) and max(a.r, b.r) < 1.6 * min(a.r, b.r)


def _select(cands: list[_Cand], shape: tuple[int, int]) -> list[_Cand]:
    """Best-scoring first; drop duplicates and rings lying mostly inside a chosen seal (its
    inner text band, a star): overlapping seals share far less than that."""
    chosen: list[_Cand] = []
    taken = np.zeros(shape, np.uint8)
    for c in sorted(cands, key=lambda c: -c.score):
        if any(_overlap(c.shape, o.shape) for o in chosen):
            continue
        m = np.zeros(shape, np.uint8)
        cv2.fillConvexPoly(m, np.round(c.shape.polygon()).astype(np.int32), 1)
        area = int(m.sum())
        if area == 0 or int((m & taken).sum()) > 0.6 * area:
            continue
        chosen.append(c)
        taken |= m
        if len(chosen) >= MAX_SEALS:
            break
    return chosen


def _detect(rgb: np.ndarray) -> list[_Cand]:
    h, w = rgb.shape[:2]
    rmin, rmax = _size_limits(h, w)
    masks, dark, strong = _ink_masks(rgb)
    cands: list[_Cand] = []
    for ink, (m, lenient) in masks.items():
        if int(m.sum()) < 4 * rmin * 3:
            continue
        props = _component_proposals(m, rmin, rmax)
        blur = cv2.GaussianBlur(m * 255, (0, 0), 1.5)
        props += _hough_proposals(blur, rmin, rmax, 30, 12)
        cands += _evaluate(m.astype(np.float32), props, ink, False, lenient.astype(np.float32))
    if strong < 0.004:
        # No coloured ink to speak of: a grey copy or scan. Look for rings by structure.
        g_rmin, g_rmax = max(rmin, 0.04 * min(h, w)), 0.22 * min(h, w)
        d8 = (np.clip(dark * 2.0, 0, 1) * 255).astype(np.uint8)
        dm = (dark > 0.22).astype(np.uint8)
        # a seal's rim and frame are thicker than the strokes of print (and of tilted table lines,
        # which the opening breaks up): what survives an opening is mostly seal
        core = cv2.morphologyEx(dm, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        props = _component_proposals(dm, g_rmin, g_rmax, scales=(1,))
        # (the wider closing rejoins a frame that table lines cut: their removal leaves gaps as
        # wide as the lines)
        props += _component_proposals(core, g_rmin, g_rmax, scales=(1, 2))
        props += _hough_proposals(cv2.GaussianBlur(d8, (0, 0), 1.2), g_rmin, g_rmax, 40, 60)
        dmask = dm.astype(np.float32)
        likely = []
        for q in props:
            if q.kind == "box" or _ring_likely(dmask, q):
                likely.append(q)
            elif q.kind == "ellipse":
                # an oval seal: no circle runs along its ring, but a fit from the circle can
                r = _refine(dmask, q, iters=2)
                if r is not None and _ring_likely(dmask, r):
                    likely.append(r)
        cands += _evaluate(
            dmask, likely, "grey", grey=True, dark=dark, core=core.astype(np.float32)
        )
    return _select(cands, (h, w))


# --------------------------------------------------------------------------- reading
def _read_arc(rgb: np.ndarray, sh: _Shape, ink: str) -> tuple[str, float]:
    """Unwrap the band where the arc text runs (polar transform, glyph tops outward, clockwise
    from the middle of the text-free gap) and run recognition on it: the text and the
    recogniser's mean confidence."""
    rgb, sh = _crop(rgb, sh)
    if sh.kind == "box":
        return _read_box(rgb, sh, ink)
    img = _reading_image(rgb, ink)
    r = sh.r
    n_t = max(360, int(2 * math.pi * r * 0.8))
    n_s = max(24, int(0.42 * r))
    s = np.linspace(0.95, 0.50, n_s).astype(np.float32)  # outer row first: glyph tops up
    # clockwise from the top of the seal: t such that the point runs clockwise on screen
    t = np.linspace(0, 2 * np.pi, n_t, endpoint=False)
    a = math.radians(sh.ang)
    phi = t - np.pi / 2  # start at the top
    # direction on screen: (sin, -cos) rotated by the seal's angle keeps clockwise order
    ux, uy = np.cos(phi), np.sin(phi)
    ex = ux * sh.rx * math.cos(a) - uy * sh.ry * math.sin(a)
    ey = ux * sh.rx * math.sin(a) + uy * sh.ry * math.cos(a)
    mx = (sh.cx + s[:, None] * ex[None, :]).astype(np.float32)
    my = (sh.cy + s[:, None] * ey[None, :]).astype(np.float32)
    strip = cv2.remap(
        img, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255.0
    )
    inkcol = (strip < 160).mean(axis=0)
    # the text-free gap (bottom of the seal): the emptiest stretch of ~1/8 of the turn
    win = max(3, n_t // 8)
    smooth = np.convolve(np.r_[inkcol, inkcol, inkcol], np.ones(win) / win, "same")
    start = int(np.argmin(smooth[n_t : 2 * n_t]))
    strip = np.roll(strip, -start, axis=1)
    # trim empty ends, keep a little air
    cols = np.nonzero((strip < 160).mean(axis=0) > 0.01)[0]
    if len(cols) == 0:
        return "", 0.0
    pad = n_s // 3
    strip = strip[:, max(0, cols[0] - pad) : cols[-1] + pad + 1]
    strip = np.pad(strip, ((n_s // 6, n_s // 6), (0, 0)), constant_values=255)
    return _recognise(strip.astype(np.uint8))


def _crop(rgb: np.ndarray, sh: _Shape) -> tuple[np.ndarray, _Shape]:
    """The part of the page around a seal, and the seal in the crop's coordinates."""
    h, w = rgb.shape[:2]
    r = 1.5 * max(sh.rx, sh.ry) + 4
    x0, y0 = max(0, int(sh.cx - r)), max(0, int(sh.cy - r))
    x1, y1 = min(w, int(sh.cx + r) + 1), min(h, int(sh.cy + r) + 1)
    return rgb[y0:y1, x0:x1], replace(sh, cx=sh.cx - x0, cy=sh.cy - y0)


def _reading_image(rgb: np.ndarray, ink: str) -> np.ndarray:
    """Seal ink dark on white. For coloured seals the colourfulness itself, so black print under
    the stamp drops out; for grey pages the grey levels."""
    if ink == "grey":
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    f = rgb.astype(np.float32)
    chroma = f.max(axis=2) - f.min(axis=2)
    top = max(40.0, float(np.percentile(chroma, 99)))
    return np.clip(255 - chroma * (200.0 / top), 0, 255).astype(np.float32)


def _read_box(rgb: np.ndarray, sh: _Shape, ink: str = "red") -> tuple[str, float]:
    """Square seals: read the upright crop inside the frame (columns, right to left). A square
    frame says nothing about which side is up, so each quarter turn is read and the most
    confident reading wins (glyphs on their side or upside down read with low confidence)."""
    img = _reading_image(rgb, ink).astype(np.uint8)
    side = int(2 * max(sh.rx, sh.ry))
    best, best_conf, best_score = "", 0.0, 0.0
    for quarter in range(4):
        m = cv2.getRotationMatrix2D((sh.cx, sh.cy), sh.ang + 90 * quarter, 1.0)
        m[:, 2] += [side / 2 - sh.cx, side / 2 - sh.cy]
        crop = cv2.warpAffine(img, m, (side, side), borderValue=255)
        line = _columns_as_line(crop)
        if line is None:
            continue
        text, conf = _recognise(line)
        # a longer confident reading beats a single confident glyph
        score = conf * min(len(text), 8)
        if score > best_score:
            best, best_conf, best_score = text, conf, score
    return best, best_conf


def _grid_count(profile: np.ndarray) -> int:
    """How many equal cells (columns or rows of characters) a projection profile splits into:
    the most cells whose boundaries all fall in blank stretches. Square seals set their
    characters on a regular grid, and gaps inside a character (川, 非) do not repeat evenly."""
    n_px = len(profile)
    mean = float(profile.mean())
    if n_px < 8 or mean <= 0:
        return 1
    best = 1
    for n in range(2, 7):
        edges = [round(n_px * i / n) for i in range(1, n)]
        half = max(1, n_px // (8 * n))
        at = max(float(profile[max(0, e - half) : e + half + 1].min()) for e in edges)
        if at <= 0.25 * mean:
            best = n
    return best


def _columns_as_line(crop: np.ndarray) -> np.ndarray | None:
    """An upright square seal's characters (columns read right to left, each top to bottom) laid
    end to end on one line, as the recogniser reads; None when nothing is inside the frame."""
    side = crop.shape[0]
    b = int(side * 0.13)
    inner = crop[b : side - b, b : side - b] < 160
    if inner.size == 0 or not inner.any():
        return None
    # the text block: where the ink is, trimmed of stray marks at its sides
    cx, cy = inner.mean(axis=0), inner.mean(axis=1)
    xs, ys = np.nonzero(cx > 0.02)[0], np.nonzero(cy > 0.02)[0]
    if len(xs) < 4 or len(ys) < 4:
        return None
    block = inner[ys[0] : ys[-1] + 1, xs[0] : xs[-1] + 1]
    img = crop[b : side - b, b : side - b][ys[0] : ys[-1] + 1, xs[0] : xs[-1] + 1]
    n_cols = _grid_count(block.mean(axis=0))
    n_rows = _grid_count(block.mean(axis=1))
    h, w = block.shape
    glyphs: list[np.ndarray] = []
    for c in reversed(range(n_cols)):  # right to left
        for r in range(n_rows):  # top to bottom
            y0, y1 = h * r // n_rows, h * (r + 1) // n_rows
            x0, x1 = w * c // n_cols, w * (c + 1) // n_cols
            if block[y0:y1, x0:x1].mean() < 0.02:
                continue  # an empty cell: the last column is often short
            glyphs.append(cv2.resize(img[y0:y1, x0:x1], (48, 48), interpolation=cv2.INTER_AREA))
    if not glyphs:
        return None
    return np.pad(np.concatenate(glyphs, axis=1), 10, constant_values=255)


def _recognise(gray: np.ndarray) -> tuple[str, float]:
    """Recognition only (no detection) of one line image: the text, and its mean confidence."""
    from redactor.detect.text import OcrEngine

    if gray.size == 0 or min(gray.shape[:2]) < 8:
        return "", 0.0
    bgr = np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    try:
        # Pass every switch: rapidocr keeps the last call's switches for the next call.
        res = OcrEngine.get()(bgr, use_det=False, use_cls=False, use_rec=True)
    except Exception:  # noqa: BLE001 - reading is best effort; the seal is masked regardless
        return "", 0.0
    txts = getattr(res, "txts", None) or ()
    scores = getattr(res, "scores", None) or ()
    out = [(t, float(sc)) for t, sc in zip(txts, scores, strict=False) if t and float(sc) >= 0.45]
    if not out:
        return "", 0.0
    return "".join(t for t, _ in out).strip(), float(np.mean([sc for _, sc in out]))


# --------------------------------------------------------------------------- public
def find_seals(page: Page) -> list[Finding]:
    """Every seal on the page: kind ``seal``, ``outline`` the polygon to fill (margin included),
    ``text`` what its arc reads (may be empty), ``detail["read_confidence"]`` how sure that
    reading is. Works on the pixels alone: the ring tests tell a seal from printed text."""
    rgb = page.image
    if rgb.ndim == 2:
        rgb = np.repeat(rgb[:, :, None], 3, axis=2)
    elif rgb.shape[2] == 4:
        rgb = rgb[:, :, :3]
    h, w = rgb.shape[:2]
    if h < 16 or w < 16:
        return []
    k = min(1.0, WORK_SIDE / max(h, w))
    small = cv2.resize(rgb, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA)
    small = np.ascontiguousarray(small) if k < 1 else np.ascontiguousarray(rgb)
    out: list[Finding] = []
    for c in _detect(small):
        sh = c.shape.scaled(1 / k) if k < 1 else c.shape
        poly = sh.polygon(MARGIN_FRAC, MARGIN_PX)
        text, confidence = _read_arc(rgb, sh, c.ink)
        box = BBox.around([(float(x), float(y)) for x, y in poly]).clip(w, h)
        detail: dict = {
            "shape": sh.kind,
            "ink": c.ink,
            "ring": round(c.ring.row, 3),
            "coverage": round(c.ring.coverage, 3),
            "edge": round(c.ring.edge, 3),
            "read_confidence": round(confidence, 3),
            "inside": round(c.ring.valid, 3),  # share of the outline on the page
        }
        if sh.kind == "ellipse":
            detail["ellipse"] = [round(v, 1) for v in (sh.cx, sh.cy, sh.rx, sh.ry, sh.ang)]
        else:
            detail["box"] = [round(v, 1) for v in (sh.cx, sh.cy, sh.rx, sh.ry, sh.ang)]
        out.append(
            Finding(
                kind=SEAL,
                quad=Quad.from_bbox(box),
                score=float(np.clip(c.score, 0.0, 1.0)),
                source=c.source,
                text=text,
                outline=tuple((round(float(x), 1), round(float(y), 1)) for x, y in poly),
                detail=detail,
            )
        )
    return out


# A seal's reading is trusted (for --seals unit) only at this mean recogniser confidence and
# length: below them a garbled reading of the unit's own seal could pass for another body's.
LEGIBLE_CONFIDENCE = 0.85
LEGIBLE_CHARS = 4


def seal_is_legible(seal: Finding) -> bool:
    """Whether a seal was read well enough to judge whose it is: in colour (on a grey copy the
    print under a seal reads as part of it), whole on the page (a seal cut by the edge shows
    part of its name), with enough Chinese characters read confidently."""
    return (
        seal.source == SEAL_COLOUR
        and sum(map(is_han, normalise(seal.text))) >= LEGIBLE_CHARS
        and float(seal.detail.get("read_confidence", 0.0)) >= LEGIBLE_CONFIDENCE
        and float(seal.detail.get("inside", 1.0)) >= 0.97
    )


def seals_to_mask_for_unit(seals: Sequence[Finding], identity: Identity) -> list[Finding]:
    """``--seals unit``: the seals to mask. Only a seal read clearly as naming neither the unit
    nor the applicant stays visible. A seal overlapping another is masked whatever it reads:
    the unwrapped arc of one picks up the other's text."""

    def overlapped(s: Finding) -> bool:
        a = s.bbox
        return any(
            a.intersection(o.bbox).area > 0.05 * min(a.area, o.bbox.area)
            for o in seals
            if o is not s
        )

    return [
        s
        for s in seals
        if not seal_is_legible(s)
        or seal_names_identity(s.text, identity)
        or not _names_another_body(s.text, identity)
        or overlapped(s)
    ]


def _names_another_body(text: str, identity: Identity) -> bool:
    """Whether a reading is clearly some other body's name rather than (part of) the unit's: it
    has four characters in a row that the unit's name lacks (人力资源和社会保障局 against
    ...人民医院), or half its characters are ones the unit's name lacks (博乐市人民政府). A
    fragment of the unit's name, in any order, with noise around it (局博尔塔拉时完成, a square
    seal read sideways) is neither."""
    got = normalise(text)
    for name in (identity.unit, *identity.unit_aliases):
        want = normalise(name)
        if not any(map(is_han, want)):
            continue
        foreign = np.array([[ch not in want for ch in got]], bool)
        if int(_longest_run(foreign)[0]) < 4 and foreign.sum() < 0.5 * len(got):
            return False
    return True


def seal_names_identity(text: str, identity: Identity) -> bool:
    """Whether a seal's text names the unit (see seal_names_unit) or the applicant: a personal
    seal (私章, 名章) carries the name itself."""
    got = normalise(text)
    names = (normalise(n) for n in (identity.name, *identity.aliases))
    return seal_names_unit(text, identity) or any(len(n) >= 2 and n in got for n in names)


def seal_names_unit(text: str, identity: Identity) -> bool:
    """Whether a seal's text names the applicant's unit (or one of its aliases).

    Seal text reads noisily: curved glyphs and ink over print give slips and lost characters, the
    arc may be read from the wrong starting point, and a square seal read in the wrong quarter
    turn gives its characters in another order. A missed unit seal fails the review, while a
    masked seal of another body costs little, so the match leans to "yes". The unit's name is
    split into its region (up to the last 省/市/县/区/州/旗/盟 near the start) and its distinctive
    part; the text names the unit when
    - the whole name is in it with at most a quarter of its characters wrong, and the
      distinctive part with at most half; or
    - the distinctive part is in it with at most a quarter wrong; or
    - four fifths of the name's characters and three fifths of the distinctive part's are in it,
      in any order; or
    - it is itself most of the name (the arc's ends lost), with at most one slip in eight.
    So a body of the same region ("...人力资源和社会保障局" for "...人民医院") does not match, but a
    sibling differing in two characters ("...中医医院") does."""
    got = normalise(text)
    if len(got) < 2:
        return False
    hay = got + got  # the arc is a loop: its reading may start anywhere
    for name in (identity.unit, *identity.unit_aliases):
        want = normalise(name)
        if len(want) < 2:
            continue
        core = _distinctive(want)
        if (
            _edits_within(want, hay) <= max(1, len(want) // 4)
            and _edits_within(core, hay) <= len(core) // 2
        ):
            return True
        if len(core) >= 3 and _edits_within(core, hay) <= len(core) // 4:
            return True
        if _shared(want, got) >= 0.8 * len(want) and _shared(core, got) >= 0.6 * len(core):
            return True
        if (
            len(got) >= max(LEGIBLE_CHARS, 0.6 * len(want))
            and _edits_within(got, want) <= len(got) // 8
        ):
            return True
    return False


_REGION_ENDS = set("省市县区州旗盟")


def _distinctive(name: str) -> str:
    """The name without its leading region (博尔塔拉蒙古自治州, 博乐市): what tells the unit from
    the other bodies of its region. The whole name when it has no region or nothing after it."""
    cut = 0
    for i, ch in enumerate(name[:-2]):
        if ch in _REGION_ENDS:
            cut = i + 1
    return name[cut:] if len(name) - cut >= 2 else name


def _edits_within(needle: str, hay: str) -> int:
    """Fewest single-character edits that turn ``needle`` into some stretch of ``hay``."""
    prev = [0] * (len(hay) + 1)  # a stretch may start anywhere in hay
    for i, a in enumerate(needle, 1):
        cur = [i] + [0] * len(hay)
        for j, b in enumerate(hay, 1):
            cur[j] = min(prev[j - 1] + (a != b), prev[j] + 1, cur[j - 1] + 1)
        prev = cur
    return min(prev)


def _shared(want: str, got: str) -> int:
    """How many of ``want``'s characters (with repeats) ``got`` has, in any order."""
    return sum((Counter(want) & Counter(got)).values())
