"""Personal name seals (私章, 名章): small square, round or oval seals carrying a person's name,
stamped beside a 签名/签章/盖章 label or over a signature (settings.NameSealTest).

The unit-seal stages refuse them for their size, lose a big frame's sides to the rule removal
on short pages, take a 阴文 seal (characters cut out of a filled shape) for a solid fill and a
round one's two characters for no arc text. Here they are proposed from the colour ink's
components as they are (no rule removal), fitted, and judged as a 阳文 frame or rim with a name
inside or as a 阴文 filled shape, and kept only when they stand alone in their colour. On a grey
copy a 阴文 seal is a filled shape of mid grey: proposed on the darkness map's solid mid grey and
judged by the same 阴文 test, its fill's grey in place of standing alone (GreyNameSealTest).
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from redactor.detect.seals.fit import refine, refine_box
from redactor.detect.seals.geometry import Candidate, Shape, box_samples, polar, share
from redactor.detect.seals.judge import (
    accept_ring,
    clean_ring,
    is_frame,
    pen_ring,
    ring_evidence,
    same_seal,
)
from redactor.detect.seals.propose import component_outline
from redactor.detect.seals.settings import (
    AVATAR,
    GREY_NAME_SEAL,
    GREY_YANG_NAME_SEAL,
    NAME_SEAL,
    PALE_NAME_SEAL,
    THUMBPRINT,
)
from redactor.types import SEAL_COLOUR, SEAL_STRUCTURE

_GRID = np.linspace(-NAME_SEAL.grid_reach, NAME_SEAL.grid_reach, NAME_SEAL.grid_steps).astype(
    np.float32
)


def name_seals(
    rgb: np.ndarray,
    strict: np.ndarray,
    judge: np.ndarray,
    ink: str,
    found: list[Candidate],
    dark: np.ndarray | None = None,
) -> list[Candidate]:
    """Personal seals in one colour's ink: ``strict`` (uint8 0/1) to propose and fit on,
    ``judge`` (float32, the lenient mask) to judge on, ``rgb`` (the working image) for a 阴文
    seal's cut-out characters, which the ink masks fill in; none where a seal is ``found``.
    ``dark`` (the grey darkness map): where black print lies over a small seal's rim
    (NameSealTest.print_dark), hiding it."""
    t = NAME_SEAL
    h, w = strict.shape
    side_lo, side_hi = t.min_side * max(h, w), t.max_side * max(h, w)
    out: list[Candidate] = []
    strict_f = strict.astype(np.float32)
    behind = None if dark is None else _behind_print(strict, judge, dark)
    # the print over a seal (a name signed across it), for the 阴文 test as on a grey copy
    over = None if behind is None else (behind < 0).astype(np.float32)
    light = rgb.min(axis=2).astype(np.float32)  # the darkest channel: paper bright, ink dark
    for p in _proposals(strict, side_lo, side_hi):
        if any(_near(p, c.shape) for c in [*found, *out]):
            continue
        best: Candidate | None = None
        for s in _fits(strict_f, p, t.grow_px):
            if not _sized(s, side_lo, side_hi) or not _alone(strict, s):
                continue
            c = Candidate(s, ring_evidence(judge, s), SEAL_COLOUR, ink)
            small = None
            if _yang(c, judge):
                c = replace(c, extra={**c.extra, "name_seal": 1.0})
            elif (
                c.ring.edge >= NAME_SEAL.yin_min_edge
                and _yin_seen(strict_f, light, s, over)
                and not fades_out(light, s, over)
                and not flat_avatar(light, s)
            ):
                c = replace(c, extra={**c.extra, "name_seal": 1.0, "yin": 1.0})
            elif (small := _small_rim(s, strict_f, behind)) is not None:
                c = replace(small, ink=ink, extra={**small.extra, "name_seal": 1.0, "small": 1.0})
            else:
                continue
            if best is None or c.score > best.score:
                best = c
        if best is not None:
            out.append(best)
    return out + _faint_yang(judge, ink, [*found, *out], (side_lo, side_hi))


def _faint_yang(
    judge: np.ndarray, ink: str, found: list[Candidate], sides: tuple[float, float]
) -> list[Candidate]:
    """Faint 阳文 personal seals (NameSealTest.faint_*): a stamp pressed light, whose frame or
    rim the strict mask keeps only in pieces (no proposal there: seed 31 name_seal page 2, a
    10 mm square on a phone photo, its frame on 0.28-0.47 of its turn in the strict mask and
    whole in the lenient one), proposed from the lenient mask ``judge`` (float32), fitted there
    and judged there as the 阳文 seals above are, standing alone at that level (where a faint
    red title's glyphs or a phone's warm noise stand round it too); none where a seal is
    ``found``."""
    lenient = (judge >= NAME_SEAL.ink_level).astype(np.uint8)
    out: list[Candidate] = []
    for p in _proposals(lenient, *sides)[: NAME_SEAL.faint_max_proposals]:
        if any(_near(p, c.shape) for c in [*found, *out]):
            continue
        kept = [
            c
            for s in _fits(judge, p, NAME_SEAL.grow_px)
            if _sized(s, *sides) and _alone(lenient, s)
            for c in (Candidate(s, ring_evidence(judge, s), SEAL_COLOUR, ink),)
            if _yang(c, judge)
        ]
        if kept:
            best = max(kept, key=lambda c: c.score)
            out.append(replace(best, extra={**best.extra, "name_seal": 1.0, "faint": 1.0}))
    return out


def grey_name_seals(
    rgb: np.ndarray, dark: np.ndarray, found: list[Candidate], colour: np.ndarray | None = None
) -> list[Candidate]:
    """阴文 personal seals on a grey copy (GreyNameSealTest): a filled shape of mid grey, its
    characters cut out. ``dark`` is the grey darkness map (ink.ink_masks); the shapes are
    proposed on its solid ink (an opening takes print's strokes away) and judged there as the
    colour path's 阴文 seals are, with the fill's grey (no printed black) for the colour's
    standing alone; none where a seal is ``found``, nor where ``colour`` (0/1, the colour
    search's ink) covers the fill: a coloured shape is that search's to judge. An app's round
    avatar, printed and copied, is a disc of one flat grey: refused as in colour (AvatarTest)."""
    t, g = NAME_SEAL, GREY_NAME_SEAL
    h, w = dark.shape
    side_lo, side_hi = t.min_side * max(h, w), t.max_side * max(h, w)
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (g.open_px, g.open_px))
    # print's black (a signature written across the seal) and its anti-aliased edge, whose mid
    # grey is the fill's: neither fill nor cut-out, and unseen to the fits and the ring test
    # (the seal runs on under it)
    black_u8 = (dark > g.black_dark).astype(np.uint8)
    black_u8 = _dilated(black_u8, g.black_grow_px)
    mid = ((dark > g.ink_dark) & (black_u8 == 0)).astype(np.uint8)
    solid = cv2.morphologyEx(mid, cv2.MORPH_OPEN, k)
    solid_f = solid.astype(np.float32)
    black = black_u8.astype(np.float32)
    seen = np.where(black_u8 > 0, -1.0, solid_f).astype(np.float32)
    light = rgb.min(axis=2).astype(np.float32)
    out: list[Candidate] = []
    for p in _proposals(solid, side_lo, side_hi):
        if any(_near(p, c.shape) for c in [*found, *out]):
            continue
        best: Candidate | None = None
        for s in _fits(seen, p):
            if not _sized(s, side_lo, side_hi):
                continue
            if s.kind == "box" and max(s.rx, s.ry) > g.max_box_elongation * min(s.rx, s.ry):
                continue  # a copy does not foreshorten a square seal: a photo's rectangle
            c = Candidate(s, ring_evidence(seen, s), SEAL_STRUCTURE, "grey")
            if c.ring.edge < t.yin_min_edge or not _yin(solid_f, light, s, black):
                continue
            if fades_out(light, s, black) or flat_avatar(light, s):
                continue
            if not _grey_fill(dark, solid_f, black, s) or _coloured(colour, solid_f, s):
                continue
            c = replace(c, extra={**c.extra, "name_seal": 1.0, "yin": 1.0})
            if best is None or c.score > best.score:
                best = c
        if best is not None:
            out.append(best)
    return out


def grey_yang_name(dark: np.ndarray, s: Shape) -> bool:
    """A 阳文 personal seal's rim on a grey copy (GreyYangNameSealTest): a name inside ``s`` at
    the lighter level of ``dark`` (the grey darkness map) and next to no ink round it (no line
    of print running on past it, as past a ring drawn round a word)."""
    t = GREY_YANG_NAME_SEAL
    lighter = (dark > t.name_dark).astype(np.float32)
    if not _name_inside(s, lighter):
        return False
    round_it = polar(dark, s, np.linspace(*t.around, 8).astype(np.float32))
    seen = round_it[round_it >= 0]
    return seen.size > 0 and float(share(seen > t.name_dark)) <= t.max_around


def pale_name_seals(dark: np.ndarray, found: list[Candidate]) -> list[Candidate]:
    """Pale 阳文 personal seals on a grey copy (PaleNameSealTest): on the copy's pale ink with
    print unseen, a frame or rim the colour ring test takes, a name inside, nothing round it;
    none where a seal is ``found``. ``dark``: the grey darkness map (ink.masks_of)."""
    t = PALE_NAME_SEAL
    h, w = dark.shape
    sides = (NAME_SEAL.min_side * max(h, w), NAME_SEAL.max_side * max(h, w))
    seen = _print_unseen(dark)
    pale = (seen >= NAME_SEAL.ink_level).astype(np.uint8)
    out: list[Candidate] = []
    for p in _proposals(pale, *sides)[: t.max_proposals]:
        if any(_near(p, c.shape) for c in [*found, *out]):
            continue
        kept = [
            c
            for s in _fits(seen, p, NAME_SEAL.grow_px)
            if _sized(s, *sides)
            for c in (Candidate(s, ring_evidence(seen, s), SEAL_STRUCTURE, "grey"),)
            if c.ring.valid >= t.min_seen
            and _pale_yang(c, seen)
            and _clear_round(seen, s)
            and not (s.kind == "ellipse" and pen_ring(dark, s, min(h, w)))
        ]
        if kept:
            best = max(kept, key=lambda c: c.score)
            out.append(replace(best, extra={**best.extra, "name_seal": 1.0, "pale": 1.0}))
    return out


def _pale_yang(c: Candidate, seen: np.ndarray) -> bool:
    """``_yang`` on the pale ink with print unseen (``seen``); where print hides most of the
    inside (a signature written across the seal), a clean rim (CleanRingTest) with ink inside
    in place of a name there (PaleNameSealTest.hidden_inside): what print hides cannot be
    asked to hold the name."""
    if _yang(c, seen):
        return True
    t = NAME_SEAL
    if not accept_ring(c, False) or c.ring.outside > t.max_outside or not clean_ring(c.ring):
        return False
    if c.shape.kind == "box" and not _frame(seen, c.shape):
        return False
    scale = t.yang_inside_box if c.shape.kind == "box" else t.yang_inside_round
    g = _inside(seen, c.shape, scale)
    disc = _inside(np.zeros_like(seen), c.shape, scale) >= 0
    hidden = float(((g < 0) & disc).sum()) / max(1, int(disc.sum()))
    return hidden >= PALE_NAME_SEAL.hidden_inside and c.ring.inner >= t.min_inner


def _dilated(mask: np.ndarray, px: int) -> np.ndarray:
    """``mask`` (uint8) grown by ``px`` pixels each way (a square kernel); as it is at 0."""
    if px <= 0:
        return mask
    return cv2.dilate(mask, np.ones((2 * px + 1, 2 * px + 1), np.uint8))


def _print_unseen(dark: np.ndarray) -> np.ndarray:
    """The pale ink of a grey copy (PaleNameSealTest.pale_dark, float32 0/1) with print's black
    and its anti-aliased edge unseen (-1, as off the page)."""
    t = PALE_NAME_SEAL
    black = (dark > t.print_dark).astype(np.uint8)
    black = _dilated(black, t.print_grow_px)
    pale = (dark > t.pale_dark).astype(np.float32)
    return np.where(black > 0, -1.0, pale).astype(np.float32)


def _clear_round(seen: np.ndarray, s: Shape) -> bool:
    """Next to no pale ink in a band round ``s`` (PaleNameSealTest.around, max_around)."""
    t = PALE_NAME_SEAL
    band = polar(seen, s, np.linspace(*t.around, 8).astype(np.float32))
    on = band[band >= 0]
    return on.size > 0 and float(share(on >= NAME_SEAL.ink_level)) <= t.max_around


def _coloured(colour: np.ndarray | None, solid: np.ndarray, s: Shape) -> bool:
    """Whether the fill inside ``s`` (``solid`` inked) is colour ink on more than
    GreyNameSealTest.max_colour_share of it."""
    if colour is None:
        return False
    m = _inside(solid, s, NAME_SEAL.yin_inside)
    c = _inside(colour, s, NAME_SEAL.yin_inside)
    inked = m >= NAME_SEAL.ink_level
    n = int(inked.sum())
    return (
        n > 0
        and float((c[inked] >= NAME_SEAL.ink_level).sum()) > GREY_NAME_SEAL.max_colour_share * n
    )


def _grey_fill(dark: np.ndarray, solid: np.ndarray, black: np.ndarray, s: Shape) -> bool:
    """A grey 阴文 seal's fill is the mid grey that seal ink copies to, not printed black (a QR
    code's modules, a page number's box, a printed logo): the fill's darkness (``dark`` where
    ``solid`` is inked inside the outline) at its GreyNameSealTest.fill_percentile at most
    GreyNameSealTest.max_fill_dark; ``black`` (print over it) on at most
    GreyNameSealTest.max_black of the inside, the solid fill on GreyNameSealTest.min_solid of
    the rest."""
    g = GREY_NAME_SEAL
    d = _inside(dark, s, NAME_SEAL.yin_inside)
    m = _inside(solid, s, NAME_SEAL.yin_inside)
    b = _inside(black, s, NAME_SEAL.yin_inside)
    inked = (m >= NAME_SEAL.ink_level) & (d >= 0)
    fill = d[inked]
    on = d >= 0
    over = on & (b >= NAME_SEAL.ink_level)
    if fill.size == 0 or float(over.sum()) > g.max_black * on.sum():
        return False
    # solid over most of the inside that print leaves to see (a bold title's glyph: its strokes)
    if float(inked.sum()) < g.min_solid * float((on & ~over).sum()):
        return False
    return float(np.percentile(fill, g.fill_percentile)) <= g.max_fill_dark


def _proposals(strict: np.ndarray, side_lo: float, side_hi: float) -> list[Shape]:
    """Outlines of ``strict``'s components (closed by NameSealTest.close_px) of a personal
    seal's size: each one's rectangle and ellipse, biggest component first."""
    t = NAME_SEAL
    if int(strict.sum()) < t.min_ink_sides * side_lo:
        return []
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (t.close_px, t.close_px))
    closed = cv2.morphologyEx(strict, cv2.MORPH_CLOSE, k)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    props: list[Shape] = []
    order = np.argsort(-stats[1:, cv2.CC_STAT_AREA]) + 1 if n > 1 else []
    for i in order:
        x, y, bw, bh, area = stats[i]
        if max(bw, bh) < side_lo or min(bw, bh) > t.box_slack * side_hi or area < side_lo:
            continue
        if max(bw, bh) > t.box_slack * side_hi * t.max_elongation:
            continue
        _, outline = component_outline(lab, i, (x, y, bw, bh))
        if outline is None:
            continue
        hull = cv2.convexHull(outline).reshape(-1, 2)
        (bx, by), (rw, rh), ra = cv2.minAreaRect(hull)
        if min(rw, rh) <= 0 or max(rw, rh) > side_hi or min(rw, rh) < t.min_short * side_lo:
            continue
        if max(rw, rh) > t.max_elongation * min(rw, rh):
            continue
        props.append(Shape(float(bx), float(by), rw / 2, rh / 2, float(ra), "box"))
        if len(hull) >= 5:
            (ex, ey), (ew, eh), ea = cv2.fitEllipse(hull)
            props.append(Shape(float(ex), float(ey), ew / 2, eh / 2, float(ea)))
        if len(props) >= t.proposals_per_component * t.max_proposals:
            break
    return props


def _fits(strict: np.ndarray, p: Shape, grow: tuple[float, ...] = ()) -> list[Shape]:
    """The proposal and its outline refined on ``strict`` (float32), each also grown by each
    of ``grow`` (pixels; NameSealTest.grow_px: out to a faint frame's outer edge on the lenient
    mask)."""
    f = refine_box(strict, p) if p.kind == "box" else refine(strict, p)
    fits = [p] if f is None else [p, f]
    return [*fits, *(_grown(s, g) for s in fits for g in grow)]


def _grown(s: Shape, px: float) -> Shape:
    """``s`` with both half axes ``px`` pixels longer."""
    return replace(s, rx=s.rx + px, ry=s.ry + px)


def _near(p: Shape, q: Shape) -> bool:
    """Whether proposal ``p`` is the seal ``q`` or lies on it (its centre inside a seal of its
    own size: a page's border round a photographed page, dropped later, holds everything)."""
    t = NAME_SEAL
    return same_seal(p, q) or (
        np.hypot(p.cx - q.cx, p.cy - q.cy) < t.near_centre * q.r and q.r < t.near_size * p.r
    )


def _sized(s: Shape, lo: float, hi: float) -> bool:
    long_, short = 2 * max(s.rx, s.ry), 2 * min(s.rx, s.ry)
    return lo <= long_ <= hi and long_ <= NAME_SEAL.max_elongation * short


def _inside(mask: np.ndarray, s: Shape, scale: float) -> np.ndarray:
    """``mask`` on a grid over the outline's inside (local coordinates within ``scale`` of
    the outline: a square for boxes, a disc for rims); -1 off the page or outside."""
    g = box_samples(mask, s, _GRID, _GRID)
    uu, vv = np.meshgrid(_GRID, _GRID)
    keep = (np.maximum(np.abs(uu), np.abs(vv)) if s.kind == "box" else np.hypot(uu, vv)) <= scale
    return np.where(keep, g, -1.0)


def _spread(flags: np.ndarray, valid: np.ndarray) -> float:
    """How far marks (``flags`` on the inside grid) spread across and along: the smaller of
    their extents over the valid extent, per axis."""
    out = []
    for axis in (0, 1):
        hit = np.nonzero(flags.any(axis=axis))[0]
        span = np.nonzero(valid.any(axis=axis))[0]
        if len(hit) == 0 or len(span) == 0:
            return 0.0
        out.append((hit[-1] - hit[0] + 1) / (span[-1] - span[0] + 1))
    return float(min(out))


def _marks(flags: np.ndarray) -> int:
    n, _, stats, _ = cv2.connectedComponentsWithStats(flags.astype(np.uint8), connectivity=8)
    return int((stats[1:, cv2.CC_STAT_AREA] >= NAME_SEAL.min_mark_px).sum())


def _yang(c: Candidate, judge: np.ndarray) -> bool:
    """阳文: a frame or rim the colour ring test takes (a box's a frame), a name inside."""
    t = NAME_SEAL
    if not accept_ring(c, False) or c.ring.outside > t.max_outside:
        return False
    if c.shape.kind == "box" and not _frame(judge, c.shape):
        return False
    return _name_inside(c.shape, judge)


def _frame(mask: np.ndarray, s: Shape) -> bool:
    """A lone personal seal's frame (judge.is_frame): its name's strokes may run from frame to
    frame (NameSealTest.stroke_band_px, stroke_band)."""
    return is_frame(mask, s, text_band=(NAME_SEAL.stroke_band_px, NAME_SEAL.stroke_band))


def _behind_print(strict: np.ndarray, judge: np.ndarray, dark: np.ndarray) -> np.ndarray:
    """``strict`` (uint8 0/1) as float32 with the pixels that black print covers unseen (-1,
    as off the page): print at least NameSealTest.print_dark below the paper that is not ink
    of this colour on the lenient mask ``judge``, grown by NameSealTest.print_grow_px over its
    anti-aliased edge but never over the strict ink itself (a signature hides the rim it
    crosses; what it does not cross stays to be judged)."""
    t = NAME_SEAL
    over = ((dark > t.print_dark) & (judge < t.ink_level)).astype(np.uint8)
    over = _dilated(over, t.print_grow_px)
    hidden = (over > 0) & (strict == 0)
    return np.where(hidden, -1.0, strict.astype(np.float32)).astype(np.float32)


def _small_rim(s: Shape, strict: np.ndarray, behind: np.ndarray | None = None) -> Candidate | None:
    """``_small_rim_on`` on the strict mask; for a round or oval rim, failing that, on it with
    black print unseen (``behind``, _behind_print): a signature written across the seal hides
    the rim it crosses (NameSealTest.print_dark, min_seen)."""
    c = _small_rim_on(s, strict)
    if c is not None or behind is None or s.kind == "box":
        return c
    return _small_rim_on(s, behind, min_seen=NAME_SEAL.min_seen)


def _small_rim_on(s: Shape, strict: np.ndarray, min_seen: float = 0.0) -> Candidate | None:
    """阳文 on a phone photo or JPEG: a small round seal (NameSealTest.small_rim_*) or a square
    one (strict_box_max_side) whose characters the lenient mask blurs into its inside (seed 17
    page 13, 10 mm round: inside 0.72, fill 0.91 there; seed 411 page 1, 9 mm square: 0.70,
    0.74) judged on the strict mask: a rim or frame whole and clean (CleanRingTest; a box's a
    frame there), ink right inside it up to small_rim_max_fill (its thick rim and the glyphs
    beside it), a name inside. The candidate judged there, or None."""
    t = NAME_SEAL
    most = t.strict_box_max_side if s.kind == "box" else t.small_rim_max_side
    if 2 * max(s.rx, s.ry) > most * max(strict.shape):
        return None
    c = Candidate(s, ring_evidence(strict, s), SEAL_COLOUR, "")
    r = c.ring
    if r.valid < min_seen:
        return None
    if not clean_ring(r) or r.fill > t.small_rim_max_fill or r.inner > t.max_inner:
        return None
    if s.kind == "box" and not _frame(strict, s):
        return None
    return c if _name_inside(s, strict) else None


def _name_inside(s: Shape, judge: np.ndarray) -> bool:
    """A name inside the outline (NameSealTest.min_inner, min_marks, min_spread)."""
    t = NAME_SEAL
    g = _inside(judge, s, t.yang_inside_box if s.kind == "box" else t.yang_inside_round)
    valid = g >= 0
    if valid.mean() < t.min_valid:
        return False
    ink = (g >= t.ink_level) & valid
    dens = float(ink.sum() / max(1, valid.sum()))
    return (
        t.min_inner <= dens <= t.max_inner
        and _marks(ink) >= t.min_marks
        and _spread(ink, valid) >= t.min_spread
    )


def _yin_seen(strict: np.ndarray, light: np.ndarray, s: Shape, over: np.ndarray | None) -> bool:
    """``_yin`` on a colour page; failing that, with the print over the seal (``over``, black or
    another ink's: a name signed across it) neither fill nor cut-out, as on a grey copy: the
    signature's strokes are darker than the seal's fill, so they set the fill's level and the
    fill itself reads as cut out (seed 531 name_seal page 5, a 12 mm red 阴文 square under 陈静
    written in blue-black: refused without, passed with)."""
    if _yin(strict, light, s):
        return True
    return (
        over is not None
        and bool(over[_box_window(s, over.shape)].any())
        and _yin(strict, light, s, over)
    )


def _box_window(s: Shape, shape: tuple[int, ...]) -> tuple[slice, slice]:
    """The pixels of the outline's bounding box, clipped to the image (where print over the seal
    would lie; none there: the second look would judge as the first)."""
    poly = s.polygon()
    h, w = shape[:2]
    x0, y0 = np.clip(np.floor(poly.min(0)).astype(int), 0, [w, h])
    x1, y1 = np.clip(np.ceil(poly.max(0)).astype(int) + 1, 0, [w, h])
    return slice(int(y0), int(y1)), slice(int(x0), int(x1))


def _yin(strict: np.ndarray, light: np.ndarray, s: Shape, over: np.ndarray | None = None) -> bool:
    """阴文: a filled shape with a solid border (in the strict mask), its characters cut out
    over its inside: pixels of ``light`` (the darkest channel) nearer the paper's level round
    the seal than the fill's. ``over`` (float32 0/1): print over the seal (a signature written
    across a grey copy's seal), neither fill nor cut-out."""
    t = NAME_SEAL
    # (its border runs on under the print over it)
    rim = strict if over is None else np.maximum(strict, over)
    band = polar(rim, s, np.linspace(*t.yin_band).astype(np.float32))
    ok = band[0] >= 0
    inked = (band[:, ok] >= t.ink_level).mean(axis=0) >= t.yin_band_ink
    if ok.mean() < t.yin_band_valid or float(share(inked)) < t.yin_border:
        return False
    out = polar(strict, s, np.linspace(*t.yin_outside).astype(np.float32))
    if float((out[out >= 0] >= t.ink_level).mean()) > t.max_outside:
        return False
    g = _inside(light, s, t.yin_inside)
    valid = g >= 0
    if valid.mean() < t.min_valid:
        return False
    if over is not None:
        valid &= _inside(over, s, t.yin_inside) < t.ink_level
        if not valid.any():
            return False
    around = polar(light, s, np.linspace(*t.yin_paper).astype(np.float32))
    paper = float(np.median(around[around >= 0])) if (around >= 0).any() else 0.0
    fill_level = float(np.percentile(g[valid], t.yin_fill_percentile))
    if paper - fill_level < t.yin_contrast:
        return False
    # the level the cut-out characters reach: the paper's
    top = paper
    cutout = valid & (g > fill_level + t.yin_cut * (top - fill_level))
    fill = 1.0 - float(cutout.sum() / max(1, valid.sum()))
    if fill > t.yin_max_fill and over is None:
        # blurred shut (a phone photo, a JPEG): the cut-out strokes lighter than the fill but
        # nowhere near the paper; told from the fill against the inside's lightest
        # (NameSealTest.yin_blur_*)
        lit = float(np.percentile(g[valid], t.yin_blur_percentile))
        if lit - fill_level >= t.yin_blur_contrast:
            top = lit
            cutout = valid & (g > fill_level + t.yin_cut * (top - fill_level))
            fill = 1.0 - float(cutout.sum() / max(1, valid.sum()))
    if not t.yin_min_fill <= fill <= t.yin_max_fill:
        return False
    inner = _inside(light, s, t.yin_letters) >= 0
    if over is not None:
        inner &= _inside(over, s, t.yin_letters) < t.ink_level
    if _spread(cutout & inner, inner) < t.yin_spread:
        return False
    return _cut_marks(g, valid & inner, fill_level, top) >= t.yin_min_marks


def _cut_marks(g: np.ndarray, seen: np.ndarray, fill_level: float, top: float) -> int:
    """The most marks the cut-out characters make (NameSealTest.yin_mark_cuts): pixels of ``g``
    (the darkest channel on the inside grid, ``seen`` where it counts) above each cut between
    the fill's level and ``top`` (the paper's, or the inside's lightest), counted at each cut.
    Low down, a copy's or a photo's blur joins two glyphs through the fill's lighter specks
    into one; higher up, only their strokes' cores are left, apart."""
    return max(
        _marks(seen & (g > fill_level + f * (top - fill_level))) for f in NAME_SEAL.yin_mark_cuts
    )


def fades_out(light: np.ndarray, s: Shape, over: np.ndarray | None = None) -> bool:
    """A thumbprint's fill, not a 阴文 seal's (ThumbprintTest): of a thumb's size, and lighter
    at its border than inside it. ``light``: the darkest channel; ``over`` (float32 0/1, or
    None): print over it, left out. Darkness is measured below the paper round it and clipped
    at the fill's level (NameSealTest.yin_fill_percentile of the inside)."""
    t, n = THUMBPRINT, NAME_SEAL
    if min(s.rx, s.ry) < t.min_radius * max(light.shape):
        return False  # smaller than a thumb
    seen = light if over is None else np.where(over >= n.ink_level, -1.0, light)
    around = polar(light, s, np.linspace(*n.yin_paper).astype(np.float32))
    g = _inside(seen, s, n.yin_inside)
    if not (around >= 0).any() or not (g >= 0).any():
        return False
    paper = float(np.median(around[around >= 0]))
    full = paper - float(np.percentile(g[g >= 0], n.yin_fill_percentile))
    if full <= 0:
        return False
    inner = _inside(seen, s, t.inside)
    band = polar(seen, s, np.linspace(*t.border).astype(np.float32))
    if not (inner >= 0).any() or not (band >= 0).any():
        return False
    inside = float(np.clip(paper - inner[inner >= 0], 0, full).mean())
    border = float(np.clip(paper - band[band >= 0], 0, full).mean())
    return border < t.min_border_ratio * inside


def fill_spread(light: np.ndarray, s: Shape) -> float | None:
    """How unevenly a 阴文 candidate's fill is inked (AvatarTest): the spread of the darkest
    channel (``light``) between AvatarTest.spread_percentiles along a band inside its border
    (AvatarTest.band: clear of its cut-out characters, whose blurred edges reach every pixel
    between them at the working scale, and of its own blurred edge), over the fill's darkness
    below the paper round it. None when the band is off the page."""
    t, n = AVATAR, NAME_SEAL
    band = polar(light, s, np.linspace(*t.band).astype(np.float32))
    around = polar(light, s, np.linspace(*n.yin_paper).astype(np.float32))
    if (band[0] < 0).mean() > 1 - n.yin_band_valid or not (around >= 0).any():
        return None
    values = band[band >= 0]
    lo, mid, hi = np.percentile(values, (t.spread_percentiles[0], 50, t.spread_percentiles[1]))
    depth = float(np.median(around[around >= 0])) - float(mid)
    return float(hi - lo) / depth if depth > 0 else None


def flat_avatar(light: np.ndarray, s: Shape) -> bool:
    """An app's round name avatar, not a 阴文 seal (AvatarTest): a disc, its fill one flat
    colour. A square is never an avatar: a program's 阴文 seal (an e-seal placed as an image)
    is as flat as one."""
    if s.kind != "ellipse" or max(s.rx, s.ry) > AVATAR.max_elongation * min(s.rx, s.ry):
        return False
    spread = fill_spread(light, s)
    return spread is not None and spread < AVATAR.max_flat_spread


def _alone(strict: np.ndarray, s: Shape) -> bool:
    """No other ink of its colour round it (NameSealTest.alone_*)."""
    t = NAME_SEAL
    h, w = strict.shape
    r = max(s.rx, s.ry) * t.alone_reach
    x0, y0 = max(0, int(s.cx - r)), max(0, int(s.cy - r))
    x1, y1 = min(w, int(s.cx + r) + 1), min(h, int(s.cy + r) + 1)
    if x1 <= x0 or y1 <= y0:
        return False
    win = strict[y0:y1, x0:x1].astype(bool)
    near = np.zeros(win.shape, np.uint8)
    poly = np.round(s.polygon(t.alone_from - 1.0) - [x0, y0]).astype(np.int32)
    cv2.fillConvexPoly(near, poly, 1)
    ring = near == 0
    n = int(ring.sum())
    if n == 0 or float((win & ring).sum()) / n > t.alone_max:
        return False
    # a line of red print beside it (a logo block's name): thin, but glyph after glyph
    _, _, stats, _ = cv2.connectedComponentsWithStats((win & ring).astype(np.uint8), connectivity=8)
    return int((stats[1:, cv2.CC_STAT_AREA] >= t.alone_mark_px).sum()) <= t.alone_marks
