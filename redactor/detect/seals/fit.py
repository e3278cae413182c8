"""Fitting: move a proposed outline onto the outer edge of the seal's rim (ellipse, circle, box)."""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

import cv2
import numpy as np

from redactor.detect.seals.geometry import (
    N_ANGLES,
    Shape,
    angles,
    box_from_quad,
    median,
    polar,
    share,
)
from redactor.detect.seals.settings import BOX_FIT, INK_EXTENT, OUTER_RIM, RIM_SNAP


def fit_ellipse(pts: np.ndarray) -> Shape | None:
    if len(pts) < 6:
        return None
    try:
        (cx, cy), (w, h), ang = cv2.fitEllipse(pts.astype(np.float32))
    except cv2.error:
        return None
    if not (np.isfinite([cx, cy, w, h, ang]).all()) or min(w, h) < 4:
        return None
    return Shape(float(cx), float(cy), float(w) / 2, float(h) / 2, float(ang))


def fit_circle(pts: np.ndarray) -> Shape | None:
    """Algebraic (Kasa) circle fit: steadier than an ellipse on a short arc."""
    if len(pts) < 6:
        return None
    x, y = pts[:, 0].astype(np.float64), pts[:, 1].astype(np.float64)
    a = np.stack((x, y, np.ones_like(x)), axis=1)
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
    return Shape(float(cx), float(cy), r, r, 0.0)


_RS = np.linspace(0.72, 1.28, 57).astype(np.float32)
_RS_MID = int(np.argmin(np.abs(_RS - 1.0)))


@lru_cache(maxsize=8)
def _ray_steps(n: int, mid: int) -> tuple[np.ndarray, np.ndarray]:
    """The sample indices along a ray (a column) and their distance from the outline's."""
    rows = np.arange(n)[:, None]
    return rows, np.abs(rows - mid)


def _edge_points(
    mask: np.ndarray, sh: Shape, level: float = 0.5, rs: np.ndarray = _RS
) -> np.ndarray:
    """Outer edge of the ring along each ray: the ink run nearest the current outline, followed
    outwards to its end. Rays that leave the image or find no ink give nothing."""
    p = polar(mask, sh, rs)
    n = len(rs)
    mid = _RS_MID if rs is _RS else int(np.argmin(np.abs(rs - 1.0)))
    ink = p >= level
    ok = (p[mid] >= 0) & ink.any(axis=0)
    rows, from_mid = _ray_steps(n, mid)
    # nearest ink sample to the outline on each ray
    i0 = np.argmin(np.where(ink, from_mid, n + 1), axis=0)
    # first non-ink sample beyond it: the run's outer end
    after = ~ink & (rows > i0[None, :])
    has = after.any(axis=0)
    stop = np.where(has, np.argmax(after, axis=0), n)
    cols = np.arange(p.shape[1])
    # a run that reaches the image edge tells nothing about the outline
    edge = has & (p[np.minimum(stop, n - 1), cols] < 0)
    keep = ok & ~edge
    sv = rs[np.clip(stop - 1, 0, n - 1)][keep]
    _, cos_t, sin_t = angles(N_ANGLES)
    dx, dy = sh.boundary_at(cos_t[keep], sin_t[keep])
    return np.stack((sh.cx + sv * dx, sh.cy + sv * dy), axis=1).astype(np.float32)


_RS_NEAR = np.linspace(0.88, 1.12, 25).astype(np.float32)


def refine(
    mask: np.ndarray, sh: Shape, circle: bool = False, iters: int = 3, polish: int = 0
) -> Shape | None:
    """Move an outline onto the ring's outer edge: fit to edge points, drop outliers, repeat.
    ``polish`` more rounds look only close to the outline, so print next to an oval's ring cannot
    pull the fit off it."""
    cur = sh
    for rs, rounds in ((_RS, iters), (_RS_NEAR, polish)):
        for _ in range(rounds):
            pts = _edge_points(mask, cur, rs=rs)
            if len(pts) < 12:
                return None
            new = fit_circle(pts) if circle else fit_ellipse(pts)
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
            keep = res < max(0.04, 2.5 * median(res))
            if keep.sum() >= 12 and keep.sum() < len(pts):
                new2 = fit_circle(pts[keep]) if circle else fit_ellipse(pts[keep])
                new = new2 or new
            if new.r > 1.6 * sh.r or new.r < 0.6 * sh.r:
                return None
            done = abs(new.cx - cur.cx) + abs(new.cy - cur.cy) + abs(new.r - cur.r) < 0.5
            cur = new
            if done:
                break
    return cur


def outer_rim(mask: np.ndarray, sh: Shape) -> Shape | None:
    """An ellipse through the outermost ink round ``sh``'s centre (OuterRimFit): a patchy
    stamp's rim where its pieces are left, whatever the outline that proposed it."""
    t = OUTER_RIM
    rs = _outer_steps(t.reach, t.steps)
    cur: Shape | None = sh
    for _ in range(t.rounds):
        pts = _outermost_points(mask, cur, rs)
        if len(pts) < t.min_points:
            return None
        new = fit_ellipse(pts)
        for _ in range(t.drops):
            if new is None:
                return None
            u, v = new.to_local(pts[:, 0] - new.cx, pts[:, 1] - new.cy)
            res = np.abs(np.hypot(u / new.rx, v / new.ry) - 1)
            keep = res < max(t.min_keep, t.keep_factor * median(res))
            if keep.sum() < t.min_points:
                return None
            new = fit_ellipse(pts[keep])
        if new is None or not t.size_range[0] * sh.r <= new.r <= t.size_range[1] * sh.r:
            return None
        cur = new
    return cur


@lru_cache(maxsize=4)
def _outer_steps(reach: tuple[float, float], steps: int) -> np.ndarray:
    return np.linspace(reach[0], reach[1], steps).astype(np.float32)


def _outermost_points(mask: np.ndarray, sh: Shape, rs: np.ndarray) -> np.ndarray:
    """On each ray from ``sh``'s centre, the outer end of its outermost ink (rays that leave the
    image, or hold no ink, give nothing)."""
    p = polar(mask, sh, rs)
    ink = p >= 0.5
    keep = ink.any(axis=0) & ~(p < 0).any(axis=0)
    last = len(rs) - 1 - np.argmax(ink[::-1], axis=0)
    sv = rs[last][keep]
    _, cos_t, sin_t = angles(N_ANGLES)
    dx, dy = sh.boundary_at(cos_t[keep], sin_t[keep])
    return np.stack((sh.cx + sv * dx, sh.cy + sv * dy), axis=1).astype(np.float32)


def rim_contrast(
    light: np.ndarray, sh: Shape, on: tuple[float, ...], off: tuple[float, ...]
) -> float:
    """How far round ink runs on the outline (samples ``on``), less (RimSnapSettings.off_weight)
    the ink at the radii ``off`` it."""
    p = polar(light, sh, np.float32([*on, *off]), 96)
    if share(p[0] < 0) > 0.35:
        return -1.0
    ink = p >= 0.5
    return float(share(ink[: len(on)].any(axis=0))) - RIM_SNAP.off_weight * float(
        share(ink[len(on) :])
    )


def snap_rim(light: np.ndarray, sh: Shape) -> Shape | None:
    """The ellipse near ``sh`` whose outline runs along one thin rim at the lighter level
    (``light``), print crossing it notwithstanding (RimSnapSettings): coordinate ascent on the
    rim's contrast, steps halved when none helps. None when it leaves the proposal, or when
    the proposal is too far off any rim to start (RimSnapSettings.min_start)."""
    t = RIM_SNAP
    if rim_contrast(light, sh, *t.stages[0]) < t.min_start:
        return None
    cur = sh
    for on, off in t.stages:
        cur = _ascend(light, cur, on, off)
    far = math.hypot(cur.cx - sh.cx, cur.cy - sh.cy) > t.max_move * sh.r
    if far or abs(cur.r - sh.r) > t.max_move * sh.r:
        return None
    return cur


def _ascend(light: np.ndarray, sh: Shape, on: tuple[float, ...], off: tuple[float, ...]) -> Shape:
    """One stage of snap_rim: each parameter stepped both ways, the best kept."""
    t = RIM_SNAP
    cur, best = sh, rim_contrast(light, sh, on, off)
    # A step back to an outline already tried (a quarter of the tries) is looked up, not
    # sampled again: the same value, by the same function of the same outline.
    seen = {sh: best}
    step, deg = t.step_px, t.step_deg
    for _ in range(t.max_rounds):
        moved = False
        for field, d in (("cx", step), ("cy", step), ("rx", step), ("ry", step), ("ang", deg)):
            for sign in (1.0, -1.0):
                cand = replace(cur, **{field: getattr(cur, field) + sign * d})
                if min(cand.rx, cand.ry) < 3:
                    continue
                v = seen.get(cand)
                if v is None:
                    v = seen[cand] = rim_contrast(light, cand, on, off)
                if v > best:
                    cur, best, moved = cand, v, True
        if not moved:
            if step <= t.last_step_px:
                break
            step, deg = step / 2, deg / 2
    return cur


def box_from_edges(mask: np.ndarray, sh: Shape) -> Shape | None:
    pts = _edge_points(mask, sh)
    if len(pts) < 12:
        return None
    (bx, by), (rw, rh), ra = cv2.minAreaRect(pts)
    if min(rw, rh) <= 0 or max(rw, rh) > 1.4 * min(rw, rh):
        return None
    return refine_box(mask, Shape(float(bx), float(by), rw / 2, rh / 2, float(ra), "box"))


def box_from_corners(mask: np.ndarray, sh: Shape) -> Shape | None:
    """A square seal foreshortened into a parallelogram too long for a rectangle's fit
    (``box_from_edges``): the hull of the edge points near ``sh`` simplified to four corners
    (BoxFitSettings.corner_tolerance), their box fitted with its sides free to lean. None when
    the hull has no four clear corners (a round rim)."""
    pts = _edge_points(mask, sh)
    if len(pts) < 12:
        return None
    hull = cv2.convexHull(pts)
    corners = cv2.approxPolyDP(hull, BOX_FIT.corner_tolerance * cv2.arcLength(hull, True), True)
    if len(corners) != 4:
        return None
    return refine_box(mask, box_from_quad(corners.reshape(4, 2)), free=True)


def refine_box(mask: np.ndarray, sh: Shape, iters: int = 3, free: bool = False) -> Shape | None:
    """Move a box onto the frame's outer edge: per side, the median edge position along rays
    (medians shrug off print that touches the frame). ``free``: the sides' directions are fitted
    too (BoxFitSettings), so the box turns and leans into a parallelogram (a square seal whose
    proposal came at the wrong angle, or photographed at a slant)."""
    cur = sh
    for _ in range(iters):
        pts = _edge_points(mask, cur)
        if len(pts) < 16:
            return None
        if free:
            turned = _turned(cur, pts)
            if turned is None:
                return None
            cur = turned
        u, v = cur.to_local(pts[:, 0] - cur.cx, pts[:, 1] - cur.cy)
        horiz = np.abs(u) / cur.rx >= np.abs(v) / cur.ry
        sides = [u[horiz & (u > 0)], u[horiz & (u < 0)], v[~horiz & (v > 0)], v[~horiz & (v < 0)]]
        h, w = mask.shape
        ux, uy, vx, vy = cur.axes()
        pos = []
        for x, nom, (dx, dy) in zip(
            sides,
            (cur.rx, -cur.rx, cur.ry, -cur.ry),
            ((ux, uy), (ux, uy), (vx, vy), (vx, vy)),
            strict=True,
        ):
            if len(x) >= 4:
                pos.append(median(x))
            elif not (0 <= cur.cx + nom * dx < w and 0 <= cur.cy + nom * dy < h):
                pos.append(nom)  # a side off the page (a seal cut by the edge): keep it
            else:
                return None
        r_, l_, b_, t_ = pos
        mu, mv = (r_ + l_) / 2, (b_ + t_) / 2
        new = replace(
            cur,
            cx=cur.cx + mu * ux + mv * vx,
            cy=cur.cy + mu * uy + mv * vy,
            rx=(r_ - l_) / 2,
            ry=(b_ - t_) / 2,
        )
        if min(new.rx, new.ry) <= 2 or new.r > 1.6 * sh.r or new.r < 0.6 * sh.r:
            return None
        done = abs(new.cx - cur.cx) + abs(new.cy - cur.cy) + abs(new.r - cur.r) < 0.5
        cur = new
        if done:
            break
    return cur


def _turned(sh: Shape, pts: np.ndarray) -> Shape | None:
    """``sh`` with its sides' directions fitted to the frame's edge points ``pts``: on each pair
    of opposite sides, the lean of the points along the side (the slope of u against v on the
    sides at u = +-rx) turns that pair's axis. None when the box would lean further than
    BoxFitSettings.max_skew (no square seal's picture does)."""
    t = BOX_FIT
    u, v = sh.to_local(pts[:, 0] - sh.cx, pts[:, 1] - sh.cy)
    horiz = np.abs(u) / sh.rx >= np.abs(v) / sh.ry
    # the sides at u = +-rx run along v: u = a + m v; those at v = +-ry: v = b + n u
    m = _side_slope(
        [(v[horiz & (u > 0)], u[horiz & (u > 0)]), (v[horiz & (u < 0)], u[horiz & (u < 0)])], sh.ry
    )
    n = _side_slope(
        [(u[~horiz & (v > 0)], v[~horiz & (v > 0)]), (u[~horiz & (v < 0)], v[~horiz & (v < 0)])],
        sh.rx,
    )
    ux, uy, vx, vy = sh.axes()
    # a side's points move by m along u per unit along v: its direction is v + m u
    ex, ey = ux + n * vx, uy + n * vy
    fx, fy = vx + m * ux, vy + m * uy
    ang = math.degrees(math.atan2(ey, ex))
    # the ry axis is at ang + 90 + skew
    skew = (math.degrees(math.atan2(fy, fx)) - ang - 90.0 + 180.0) % 360.0 - 180.0
    if abs(skew) > t.max_skew:
        return None
    return replace(sh, ang=ang, skew=skew)


def _side_slope(sides: list[tuple[np.ndarray, np.ndarray]], half: float) -> float:
    """The common slope of two opposite sides' points (``along``, ``across`` pairs): each side's
    least-squares slope with its far points (print touching the frame) dropped, weighted by its
    points; 0 where neither side has enough of them along enough of its length."""
    t = BOX_FIT
    slopes, weights = [], []
    for along, across in sides:
        if len(along) < t.min_side_points or np.ptp(along) < t.min_side_span * 2 * half:
            continue
        keep = np.ones(len(along), bool)
        for _ in range(2):
            a, b = np.polyfit(along[keep], across[keep], 1)
            res = np.abs(across - (a * along + b))
            keep = res <= max(t.outlier_px, 2.5 * median(res[keep]))
            if keep.sum() < t.min_side_points:
                break
        slopes.append(float(a))
        weights.append(int(keep.sum()))
    if not slopes:
        return 0.0
    return float(np.average(slopes, weights=weights))


def ink_extent(mask: np.ndarray, sh: Shape) -> float:
    """How far the seal's own ink reaches, as a multiple of the outline (1.0: all inside it).

    The ink connected to the rim (the band from INK_EXTENT.rim_from out to the outline) is
    followed out to INK_EXTENT.reach; per angle bin the farthest of it counts, except in bins
    where it runs on to the reach: there it is something else touching the seal (another
    seal's rim, a letterhead, a rule), not this seal's rim."""
    t = INK_EXTENT
    reach = sh.polygon(t.reach - 1.0)
    x0, y0 = np.maximum(np.floor(reach.min(axis=0)).astype(int), 0)
    x1, y1 = np.ceil(reach.max(axis=0)).astype(int) + 1
    sub = (mask[y0:y1, x0:x1] >= 0.5).astype(np.uint8)
    if sub.size == 0 or not sub.any():
        return 1.0
    yy, xx = np.mgrid[y0 : y0 + sub.shape[0], x0 : x0 + sub.shape[1]].astype(np.float32)
    rho, ang = _normalised_polar(sh, xx, yy)
    sub &= (rho < t.reach).astype(np.uint8)
    _, lab = cv2.connectedComponents(sub, connectivity=8)
    rim = np.unique(lab[(sub > 0) & (rho >= t.rim_from) & (rho <= 1.0)])
    own = np.isin(lab, rim[rim > 0]) & (rho > 1.0)
    if not own.any():
        return 1.0
    bins = (ang[own] / (2 * np.pi) * t.bins).astype(int) % t.bins
    far = np.zeros(t.bins, np.float32)
    np.maximum.at(far, bins, rho[own])
    # a pixel's share of the reach: the last ring of samples before it
    runs_on = far >= t.reach - 2.0 / max(sh.r, 1.0)
    kept = far[~runs_on]
    return float(max(1.0, kept.max())) if len(kept) else 1.0


def _normalised_polar(sh: Shape, xx: np.ndarray, yy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel's distance from the centre as a multiple of the outline (1.0 on it), and its
    angle (0..2pi) in the outline's own frame."""
    u, v = sh.to_local(xx - sh.cx, yy - sh.cy)
    u, v = u / sh.rx, v / sh.ry
    rho = np.maximum(np.abs(u), np.abs(v)) if sh.kind == "box" else np.hypot(u, v)
    return rho, np.mod(np.arctan2(v, u), 2 * np.pi)
