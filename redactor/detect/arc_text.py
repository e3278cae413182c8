"""Text set along an arc: a school badge's or a medal's ring of characters, a ribbon's curve.

OCR reads straight lines. A badge (校徽) or medal prints the unit's name round a circle, a
ribbon bends a title and a name along a wide arc; each glyph is turned by its place on the
curve, and the detector either finds nothing there or one box over the whole curve, read as
nothing (probes round 22: a gold medal's 博乐市第七中学 and a red ribbon's 优秀教师 马晓燕, left
in view on the colour page). A red ring is read by the seal search; a ring in any other colour
was read by nothing.

Found here: glyph-sized blobs of ink (darker or lighter than their surround) whose centres lie
on one circle, several in a run along it, with a radius a few glyphs long: text on a straight
line lies on no such circle (ArcTextSettings.max_radius). The band they lie in is unwrapped
along the circle, glyph tops outward (an arc over its centre) and inward (an arc under it), and
read by recognition alone; where the reading names the applicant or the unit, the band is
masked in pieces short enough to be convex.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from redactor.detect.seals.read import recognise_line
from redactor.detect.textmatch import identity_in_text
from redactor.options import Identity
from redactor.types import NAME, BBox, Finding, Quad, TextLine

SOURCE = "arc_text"


@dataclass(frozen=True)
class ArcTextSettings:
    """How glyphs on an arc are found and read (sizes in pixels of the working image)."""

    # The search runs on the page shrunk to at most this long side.
    work_side: int = 1200
    # Ink: darker (or lighter) than the ground, the median of a `block` px square round it, by
    # `offset` grey levels. Strokes are joined into glyphs by closings of each of `closings` px.
    block: int = 41
    offset: float = 18.0
    ground_shrink: int = 4
    # Light ink is looked for only where that ground is at most `darkest_ground_for_light` (a
    # ribbon's red, a dark badge), dark ink where it is at least `lightest_ground_for_dark`:
    # else the paper beside a dark shape is "light ink" hugging its edge, and it joins the
    # glyphs inside the shape into one blob (a red ribbon's white 马晓燕).
    darkest_ground_for_light: float = 150.0
    lightest_ground_for_dark: float = 90.0
    closings: tuple[int, ...] = (3, 7, 12)
    # A glyph's blob: its box's long side within `glyph_px`, short over long at least
    # `min_square` (a glyph turned by any angle stays about square; a joined word does not),
    # and its ink at least `min_ink` of its box (a ring's outline or a table's frame is hollow).
    glyph_px: tuple[float, float] = (10.0, 140.0)
    min_square: float = 0.5
    min_ink: float = 0.12
    # Neighbours: two blobs of sizes within `size_ratio` of each other and centres within
    # `reach` of their size. A circle through a blob and a neighbour on each side of it seeds an
    # arc when its radius is `min_radius` to `max_radius` glyph sizes: a badge's ring is 3-6, a
    # ribbon's about 10; a straight line's glyphs, their centres off the line by a tenth of a
    # glyph, give circles of 6 glyphs through three neighbours, but no others lie on them.
    size_ratio: float = 1.6
    reach: float = 2.6
    min_radius: float = 1.5
    max_radius: float = 14.0
    # The arc: blobs within `on_circle` of a glyph size off the circle, of the seed's size, in
    # one run along it with no angular gap over `max_gap` glyph sizes; at least `min_glyphs`,
    # over at least `min_turn` degrees (a straight line's glyphs fit a wide circle only briefly).
    on_circle: float = 0.3
    max_gap: float = 3.2
    min_glyphs: int = 5
    min_turn: float = 30.0
    # ...and bent: its glyphs' centres lie at least `min_bend` glyph sizes off the straight
    # line that fits them best. Five glyphs of a straight line lie within `on_circle` of a
    # circle 14 glyphs wide (its sagitta over them a fifth of a glyph), and off their line by
    # what their shapes shift their centres (a tenth or two); a badge's ring bends by a glyph
    # or more, probes round 22's ribbon (7 glyphs over 53 degrees of a 9-glyph circle) by 0.61.
    min_bend: float = 0.5
    # At most this many arcs are read on a page (each reading is a recognition call); a seed
    # whose centre and radius are within `same_circle` of an arc's radius is that arc.
    max_arcs: int = 6
    same_circle: float = 0.2
    # The band read and masked: the circle's radius plus and minus `band` glyph sizes, and
    # `ends` glyph sizes past the first and last glyph along it; masked in pieces of at most
    # `piece_degrees` (a piece of an annulus that short is nearly convex; its hull is filled).
    band: float = 0.8
    ends: float = 0.7
    piece_degrees: float = 20.0
    # A reading is kept at this recognition confidence or more.
    min_confidence: float = 0.5
    # An arc whose circle runs this share of its length inside lines OCR read straight (of at
    # least `read_chars` characters) is those lines, read and matched already: probes round
    # 23's page written by hand, whose lines' starts and ends fell on one circle, was masked as
    # an arc across three lines and the words beside the name. A line is read straight where
    # its box is at most `straight_thickness` of the arc's glyphs thick (those lines: 1.4-1.6);
    # OCR's box round a stretch of a medal's or a ribbon's curved text is 2.8-4.1.
    max_read: float = 0.5
    read_chars: int = 3
    read_samples: int = 24
    straight_thickness: float = 2.0


ARC_TEXT = ArcTextSettings()


@dataclass(frozen=True)
class _Blob:
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class Arc:
    """Glyphs along a circle (working pixels): centre, radius, the glyphs' size, the angles
    (radians, image coordinates) of the first and last glyph going clockwise on screen, and
    whether its ink is lighter than its surround."""

    cx: float
    cy: float
    r: float
    size: float
    start: float
    end: float
    light: bool

    def band(self, s: ArcTextSettings) -> tuple[float, float, float, float]:
        """The band read and masked: its first and last angle (ArcTextSettings.ends past the
        end glyphs) and its outer and inner radius (ArcTextSettings.band about the circle)."""
        pad = s.ends * self.size / self.r
        half = s.band * self.size
        return self.start - pad, self.end + pad, self.r + half, max(0.0, self.r - half)


def _ground(grey: np.ndarray, s: ArcTextSettings) -> np.ndarray:
    """The median of the `block` px square round each pixel, taken at 1/`ground_shrink` of the
    scale and brought back (a ground changes slowly; a full-scale median of that size costs
    a quarter of a second a page)."""
    h, w = grey.shape
    k = s.ground_shrink
    small = cv2.resize(grey, (max(1, w // k), max(1, h // k)), interpolation=cv2.INTER_AREA)
    ground = cv2.medianBlur(small, max(3, (s.block // k) | 1))
    return cv2.resize(ground, (w, h), interpolation=cv2.INTER_LINEAR)


def _blobs(grey: np.ndarray, ground: np.ndarray, light: bool, s: ArcTextSettings) -> list[_Blob]:
    """Glyph-sized blobs of ink darker (lighter, with ``light``) than their ``ground``
    (``_ground``: what most of a window round each pixel holds, where a mean would be raised
    by a bold glyph's own ink and shifted by the paper past a ribbon's edge)."""
    g = grey.astype(np.int16)
    if light:
        # light print is on a dark ground: the light paper round a dark shape is no ink
        ink = (g > ground + s.offset) & (ground <= s.darkest_ground_for_light)
    else:
        ink = (g < ground - s.offset) & (ground >= s.lightest_ground_for_dark)
    ink = ink.astype(np.uint8)
    out: list[_Blob] = []
    for k in s.closings:
        joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
        count, _, stats, cents = cv2.connectedComponentsWithStats(joined, connectivity=8)
        w, h, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
        long, short = np.maximum(w, h), np.minimum(w, h)
        keep = (
            (long >= s.glyph_px[0])
            & (long <= s.glyph_px[1])
            & (short >= s.min_square * long)
            & (area >= s.min_ink * w * h)
        )
        for i in np.nonzero(keep)[0]:
            size = float(long[i])
            x, y = float(cents[i + 1][0]), float(cents[i + 1][1])
            if not any(abs(b.x - x) + abs(b.y - y) < 0.3 * size for b in out):
                out.append(_Blob(x, y, size))
    return out


def _circle(p: _Blob, q: _Blob, t: _Blob) -> tuple[float, float, float] | None:
    """The circle through three blobs' centres (None when they lie on a line)."""
    ax, ay, bx, by, cx, cy = p.x, p.y, q.x, q.y, t.x, t.y
    d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
    if abs(d) < 1e-6:
        return None
    a2, b2, c2 = ax * ax + ay * ay, bx * bx + by * by, cx * cx + cy * cy
    ux = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d
    uy = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d
    return ux, uy, math.hypot(ax - ux, ay - uy)


def _seeds(blobs: list[_Blob], s: ArcTextSettings) -> list[tuple[float, float, float, float]]:
    """Circles (centre, radius, glyph size) through a blob and a neighbour on each side."""
    if len(blobs) < s.min_glyphs:
        return []
    xy = np.array([(b.x, b.y) for b in blobs])
    size = np.array([b.size for b in blobs])
    out = []
    for i, b in enumerate(blobs):
        d = np.hypot(xy[:, 0] - b.x, xy[:, 1] - b.y)
        ratio = np.maximum(size, b.size) / np.minimum(size, b.size)
        near = np.nonzero((d > 0) & (d <= s.reach * b.size) & (ratio <= s.size_ratio))[0]
        if len(near) < 2:
            continue
        near = near[np.argsort(d[near])][:4]
        for j in near:
            for k in near:
                if j >= k:
                    continue
                v1, v2 = xy[j] - xy[i], xy[k] - xy[i]
                cos = float(v1 @ v2) / max(1e-6, float(np.hypot(*v1) * np.hypot(*v2)))
                if cos > -0.5:  # not on either side of the blob
                    continue
                c = _circle(b, blobs[j], blobs[k])
                g = float(np.mean(size[[i, j, k]]))
                if c and s.min_radius * g <= c[2] <= s.max_radius * g:
                    out.append((*c, g))
    return out


def _arc_of(
    seed: tuple[float, float, float, float], blobs: list[_Blob], s: ArcTextSettings
) -> tuple[list[_Blob], float, float] | None:
    """The run of blobs along a seed's circle (with the angles it starts and ends at, going
    clockwise on screen), when it is long enough."""
    cx, cy, r, g = seed
    on = [
        b
        for b in blobs
        if abs(math.hypot(b.x - cx, b.y - cy) - r) <= s.on_circle * g
        and max(b.size, g) / min(b.size, g) <= s.size_ratio
    ]
    if len(on) < s.min_glyphs:
        return None
    angle = np.array([math.atan2(b.y - cy, b.x - cx) for b in on])
    order = np.argsort(angle)
    angle = angle[order]
    gap = s.max_gap * g / r
    # runs of glyphs joined by gaps no wider than `gap`, round the whole turn
    steps = np.diff(np.r_[angle, angle[0] + 2 * math.pi])
    breaks = np.nonzero(steps > gap)[0]
    if len(breaks) == 0:
        return [on[i] for i in order], float(angle[0]), float(angle[0] + 2 * math.pi)
    best: tuple[int, int] = (0, 0)
    for a, b in zip(breaks, np.r_[breaks[1:], breaks[0] + len(angle)], strict=True):
        if b - a > best[1] - best[0]:
            best = (int(a), int(b))
    idx = [(i + 1) % len(angle) for i in range(best[0], best[1])]
    if len(idx) < s.min_glyphs:
        return None
    start, end = float(angle[idx[0]]), float(angle[idx[-1]])
    if end < start:
        end += 2 * math.pi
    if math.degrees(end - start) < s.min_turn:
        return None
    return [on[order[i]] for i in idx], start, end


def _bend(run: list[_Blob]) -> float:
    """How far the run's centres lie off their best straight line at most (pixels)."""
    xy = np.array([(b.x, b.y) for b in run])
    centred = xy - xy.mean(axis=0)
    normal = np.linalg.svd(centred, full_matrices=False)[2][-1]
    return float(np.abs(centred @ normal).max())


def _refit(run: list[_Blob]) -> tuple[float, float, float]:
    """The least-squares circle through the run's centres (Kåsa's fit)."""
    x = np.array([b.x for b in run])
    y = np.array([b.y for b in run])
    a = np.c_[2 * x, 2 * y, np.ones_like(x)]
    (ux, uy, c), *_ = np.linalg.lstsq(a, x * x + y * y, rcond=None)
    return float(ux), float(uy), float(math.sqrt(max(c + ux * ux + uy * uy, 1e-6)))


def _same_circle(seed: tuple[float, float, float, float], arc: Arc, s: ArcTextSettings) -> bool:
    """Whether a seed's circle is an arc's already found (centre and radius within
    ``same_circle`` of its radius)."""
    near = s.same_circle * arc.r
    return math.hypot(seed[0] - arc.cx, seed[1] - arc.cy) < near and abs(seed[2] - arc.r) < near


def find_arcs(grey: np.ndarray, s: ArcTextSettings = ARC_TEXT) -> list[Arc]:
    """Runs of glyphs along circles in a grey working image, longest first."""
    arcs: list[tuple[int, Arc]] = []
    ground = _ground(grey, s).astype(np.int16)
    for light in (False, True):
        blobs = _blobs(grey, ground, light, s)
        for seed in _seeds(blobs, s):
            if any(_same_circle(seed, a, s) for _, a in arcs):
                continue
            found = _arc_of(seed, blobs, s)
            if found is None:
                continue
            run, start, end = found
            size = float(np.median([b.size for b in run]))
            if _bend(run) < s.min_bend * size:
                continue
            # the circle through the whole run, and the run along it again: a seed's three
            # glyphs' shapes shift their centres, and its circle can miss a glyph at an end
            refit = (*_refit(run), size)
            found = _arc_of(refit, blobs, s)
            if found is not None and len(found[0]) > len(run):
                run, start, end = found
                refit = (*_refit(run), size)
            if not any(_same_circle(refit, a, s) for _, a in arcs):
                arcs.append((len(run), Arc(*refit[:3], size, start, end, light)))
    arcs.sort(key=lambda a: -a[0])
    return [a for _, a in arcs[: s.max_arcs]]


def _band_maps(arc: Arc, s: ArcTextSettings, outward: bool) -> tuple[np.ndarray, np.ndarray]:
    """Sampling maps that unwrap the arc's band into a straight strip, glyph tops up: for an arc
    read with its glyph tops outward, clockwise on screen; inward, counter-clockwise."""
    a0, a1, outer, inner = arc.band(s)
    rows = max(16, int(2 * s.band * arc.size))
    cols = max(16, int((a1 - a0) * arc.r))
    radius = np.linspace(outer, inner, rows)
    angle = np.linspace(a0, a1, cols)
    if not outward:
        radius, angle = radius[::-1], angle[::-1]
    mx = (arc.cx + radius[:, None] * np.cos(angle)[None, :]).astype(np.float32)
    my = (arc.cy + radius[:, None] * np.sin(angle)[None, :]).astype(np.float32)
    return mx, my


def read_arc_text(grey: np.ndarray, arc: Arc, s: ArcTextSettings = ARC_TEXT) -> list[str]:
    """What the arc reads, both ways round (glyph tops outward and inward), dark on light."""
    img = 255 - grey if arc.light else grey
    out = []
    for outward in (True, False):
        mx, my = _band_maps(arc, s, outward)
        strip = cv2.remap(img, mx, my, cv2.INTER_LINEAR, borderValue=255)
        text, confidence = recognise_line(strip)
        if text and confidence >= s.min_confidence:
            out.append(text)
    return out


def _pieces(arc: Arc, k: float, s: ArcTextSettings) -> list[tuple[tuple[float, float], ...]]:
    """The arc's band in the page's pixels (``k``: working pixels a page pixel) as convex
    pieces of at most ``piece_degrees`` each."""
    a0, a1, outer, inner = arc.band(s)
    n = max(1, math.ceil(math.degrees(a1 - a0) / s.piece_degrees))
    out = []
    for i in range(n):
        t = np.linspace(a0 + (a1 - a0) * i / n, a0 + (a1 - a0) * (i + 1) / n, 6)
        pts = [(arc.cx + outer * math.cos(a), arc.cy + outer * math.sin(a)) for a in t]
        pts += [(arc.cx + inner * math.cos(a), arc.cy + inner * math.sin(a)) for a in t[::-1]]
        hull = cv2.convexHull(np.array(pts, np.float32)).reshape(-1, 2) / k
        out.append(tuple((round(float(x), 1), round(float(y), 1)) for x, y in hull))
    return out


def _read_straight(arc: Arc, k: float, lines: list[BBox], s: ArcTextSettings) -> bool:
    """Whether the arc runs mostly inside lines OCR read straight (``lines``: page boxes of
    lines of ``read_chars`` characters or more)."""
    thick = s.straight_thickness * arc.size / k
    read = [b for b in lines if min(b.width, b.height) <= thick]
    if not read:
        return False
    share = 0
    for a in np.linspace(arc.start, arc.end, s.read_samples):
        x, y = (arc.cx + arc.r * math.cos(a)) / k, (arc.cy + arc.r * math.sin(a)) / k
        share += any(b.x0 <= x <= b.x1 and b.y0 <= y <= b.y1 for b in read)
    return share > s.max_read * s.read_samples


def find_arc_text(
    image: np.ndarray,
    identity: Identity,
    skip: list[BBox] | None = None,
    lines: Sequence[TextLine] = (),
    s: ArcTextSettings = ARC_TEXT,
) -> list[Finding]:
    """Text on arcs that names the applicant (kind name) or the unit (kind unit), each arc's
    band as convex pieces; arcs inside ``skip`` (seals found, read and masked as seals) are
    left to them, and arcs along ``lines`` read straight (see ArcTextSettings.max_read) to
    the matcher."""
    h, w = image.shape[:2]
    k = min(1.0, s.work_side / max(h, w))
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    if k < 1:
        grey = cv2.resize(grey, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA)
    read = [line.quad.bbox for line in lines if len(line.text.strip()) >= s.read_chars]
    out: list[Finding] = []
    for arc in find_arcs(np.ascontiguousarray(grey), s):
        centre = (arc.cx / k, arc.cy / k)
        if any(b.x0 <= centre[0] <= b.x1 and b.y0 <= centre[1] <= b.y1 for b in skip or ()):
            continue
        if _read_straight(arc, k, read, s):
            continue
        hits = [f for text in read_arc_text(grey, arc, s) for f in identity_in_text(text, identity)]
        if not hits:
            continue
        kind = NAME if any(f.kind == NAME for f in hits) else hits[0].kind
        text = next(f.text for f in hits if f.kind == kind)
        for piece in _pieces(arc, k, s):
            out.append(
                Finding(kind, Quad.from_bbox(BBox.around(piece)), 1.0, SOURCE, text, outline=piece)
            )
    return out
