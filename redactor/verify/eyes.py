"""Are a face's eyes covered? Detail in the eyes against detail elsewhere in the same face.

A face found on a submitted page passes when its eyes sit under a solid fill, a strong blur or a
coarse mosaic. The measure works on the face turned level and scaled so its eyes lie a fixed
distance apart: the texture (mean gradient) in a box around each eye is compared with the
texture of the nose and mouth. Solid fills and strong blurs leave almost none; an eye left in
view has more than the skin below it. A mosaic keeps strong block edges, so it is judged by its
block size instead: blocks at least a third of the eye distance wide hide the eye's shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from redactor.detect.face_geometry import Face
from redactor.types import BBox
from redactor.verify.cover import PARTIAL, crop_box, flat_fill, flat_share, grey_levels, runs_along


@dataclass(frozen=True)
class EyeSettings:
    """How eyes are judged covered. Distances are in units of the distance between the eyes."""

    # The face is resampled so its eyes lie this many pixels apart.
    norm_distance: int = 48
    # Faces narrower than this (page pixels) are too small to show their eyes, and are not
    # judged (issue 16: faces of about 12 px may be left). The face search finds real faces
    # down to 8 px, and at such sizes false ones: the main bench's 2421 a02/016_word_photo, a
    # glass at a photo's edge beside the page's white paper, 9 px wide at 0.56, failed the page.
    min_face_px: float = 12.0
    # Box around each eye (width, height): an eye is about 0.45 wide and 0.2 tall.
    eye_box: tuple[float, float] = (0.6, 0.36)
    # Reference region below the eyes (nose and mouth): x half-width about the eyes' midpoint,
    # and its top and bottom below the eye line.
    ref_half_width: float = 0.4
    ref_rows: tuple[float, float] = (0.45, 1.15)
    # An eye is covered when its texture is below this share of the reference's ...
    max_texture_ratio: float = 0.45
    # ... or below this absolute mean gradient (grey levels per pixel) whatever the reference.
    max_texture_abs: float = 2.5
    # Mosaic: share of the column (row) differences that fall on one period of columns (rows).
    mosaic_share: float = 0.6
    # A mosaic hides the eyes when its blocks are at least this wide.
    strong_block: float = 0.3
    # Flat cells. Each eye box's pixels (page pixels, 0.6 x 0.36 of the eye distance about the
    # eye) that lie on runs of near-equal neighbours (``flat_step`` grey levels apart at most)
    # at least ``strong_block`` eye distances (and 3 px) long, across and down: a fill, a
    # coarse mosaic's cells or a strong blur leave most of the box on such runs (0.62-1.0
    # measured on covered eyes), an eye in view few (at most 0.35 for the pair, weak blurs
    # being the most). A straight edge of a fill or of a few big mosaic cells crossing the box
    # (eyes guessed on a covered face) raises the mean gradient the texture measure uses, not
    # this share.
    flat_step: int = 6
    flat_runs: float = 0.6
    # Runs are measured with the face scaled down to at most this many pixels between its
    # eyes (as the texture is): ``flat_step`` is a step between neighbouring pixels, and over a
    # large face a weak blur spreads an eye's edges over so many of them that each step is
    # small (bench.verify 97 r033: a box blur 0.16 eye distances wide over an eye 115 px from
    # the other left 0.77 of its box on runs; scaled to 48 px, 0.01). Smaller faces are
    # measured as they are.
    runs_distance: float = 48.0
    # A mosaic's period (above) is only taken as covering when each eye box is also mostly
    # flat runs: one black box over one eye has block-like edges too, and the other eye shows.
    mosaic_flat_runs: float = 0.5
    # A sticker: an app's cartoon face over the real one is found as a face, its dots as eyes.
    # Its eye band is one flat colour but for the dots (0.79-0.81 of the band within
    # ``cover.flat_share``'s tolerance, where a photographed eye band holds 0.03-0.29), and
    # its eye boxes are partly flat runs; a real eye beside a fill has almost none.
    cartoon_band: float = 0.6
    cartoon_runs: float = 0.4
    # A face cut by its photo's edge (``Face.frame``) whose eyes CenterFace places beyond that
    # edge, on the paper or print around the photo (mask's output 2041 a04/016: a portrait cut
    # at the nose, its "eyes" on the page's title 1.2 eye distances above the photo): no eye of
    # it is on the page. Each eye's box must lie wholly outside the photo by this margin (eye
    # distances) beyond the box's own half-height; an eye on the edge is judged as usual.
    outside_margin: float = 0.1


EYES = EyeSettings()


@dataclass(frozen=True)
class OwnBandSettings:
    """A masked face whose mouth CenterFace takes for eyes (mask's output 2046 a01/005 p2): a
    face cut by its photo's edge is looked for in the photo mirrored at that edge, and there
    the half mouth and its mirror image make a pair of "eyes" under a symmetric band. What
    shows it is the mouth is the band itself: one solid fill of an eye band's proportions lying
    up the face from the found "eyes", at the distance from them a face's mouth lies below its
    eyes, over a face not far smaller than the found pair's; and the pair centred on the
    photo's edge, as the mirror's pair is, a small and poorly scored face. Sizes in the band's
    own eye distance (``BandShape``: the band is 2.2 of them long and 0.8 tall before mask's
    margin, so its length less its height is 1.4 of them) unless said otherwise."""

    # The fill is looked for up the face from the found eyes' midpoint, from ``reach[0]`` to
    # ``reach[1]`` found eye distances in steps of ``step``.
    reach: tuple[float, float] = (0.5, 1.6)
    step: float = 0.1
    # The fill fills its smallest enclosing rectangle (a band; hair and dark clothes do not:
    # 0.55-0.62 on the group photos) ...
    min_rect: float = 0.85
    # ... the found eyes lie this far down the face from the band's centre line (a mouth lies
    # 1.0-1.2 below its eyes; measured 0.93-1.03 on the reproduction at 150 and 200 dpi; a
    # band drawn over real eyes leaves them within half its height, 0.5-0.6) ...
    distance: tuple[float, float] = (0.85, 1.5)
    # ... within this far along the band from its middle ...
    along: float = 0.5
    # ... and no wider apart than twice a mouth's width (a mouth is 0.74-0.82 of its face's
    # eye distance wide). The pair is the mirror's (``at_edge``): twice the distance from the
    # photo's edge to the part of the mouth in view, so its width is set by where the edge
    # cuts the mouth, anywhere up to twice the mouth's, and says nothing of whether it is a
    # mouth (0.74-0.82 of the band's eye distance on the reproduction; 0.92 on the main
    # bench's 2481 a01/001_form, a face cut at the far corner of its smile, which a bound of
    # 0.9 failed). Eyes in view under a band drawn too high are told by ``max_score`` and
    # ``max_pair``; this bound keeps out a band far smaller than the face below it.
    widest: float = 1.6
    # The pair is the mirror's: centred on the edge of the photo that cuts the face (the half
    # mouth and its mirror image), within this many found eye distances of it (0.13 and 0.19
    # on the reproduction at 200 and 150 dpi). Eyes in view a mouth's distance below a band
    # drawn too high over the forehead, both inside the photo, lie 0.5 and more from it (so
    # one eye's centre lies this much less than 0.5 beyond the edge, in the mirror).
    at_edge: float = 0.35
    # The eye line runs across that edge: at least this share of the found eye distance
    # (across a vertical edge, the pair's x difference).
    across_edge: float = 0.5
    # The pair makes a poor face: CenterFace scores a half mouth and its mirror image
    # 0.56-0.59 (the reproduction at 150 and 200 dpi), a real eye and its mirror image 0.87-0.94
    # (a portrait cut midway between its eyes, two photos, at their size and with the eyes
    # 18 px apart, a wider band drawn a mouth's distance above: the geometry above holds for
    # it as for the mouth). A pair scored above this is taken for eyes, wherever the band.
    max_score: float = 0.75
    # ... and a small one: CenterFace takes a mouth for eyes where a face is a few pixels
    # across (the reproduction's pair 15 and 18 px apart, the covered eyes 24 px; mask's output
    # of realdata f14 cut between a man's eyes: his moustached mouth, 26.5 px, score 0.65).
    # Real faces cut between their eyes that it scores as poorly (closed eyes, a face mask, a
    # tilted or lowered head: 0.58-0.73, on realdata's photos) had their eyes 45-105 px apart.
    # A pair wider apart than this (page pixels) is taken for eyes.
    max_pair: float = 35.0


OWN_BAND = OwnBandSettings()


@dataclass(frozen=True)
class EyeJudgement:
    covered: bool
    texture: tuple[float, float]  # per eye
    reference: float
    mosaic_block: float  # in units of the eye distance; 0 when no mosaic was seen
    how: str  # "fill", "texture", "mosaic", "flat_runs", "cartoon", "outside_photo"
    flat_runs: tuple[float, float] = (0.0, 0.0)  # per eye, see EyeSettings.flat_runs
    band_flat: float = 0.0  # share of the eye band that is one colour

    def detail(self) -> dict[str, object]:
        return {
            "texture": [round(t, 2) for t in self.texture],
            "reference": round(self.reference, 2),
            "mosaic_block": round(self.mosaic_block, 3),
            "flat_runs": [round(r, 2) for r in self.flat_runs],
            "band_flat": round(self.band_flat, 2),
            "judged_by": self.how,
        }


def _level_face(grey: np.ndarray, face: Face, s: EyeSettings) -> tuple[np.ndarray, float]:
    """The face turned level and scaled: eyes at (d, d) and (2d, d) with d = norm_distance."""
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    dist = math.hypot(rx - lx, ry - ly)
    d = float(s.norm_distance)
    k = d / max(dist, 1e-3)
    angle = math.atan2(ry - ly, rx - lx)
    cos, sin = math.cos(-angle) * k, math.sin(-angle) * k
    # Maps page (x, y) to the level face: rotate by -angle, scale by k, left eye to (d, d).
    m = np.array([[cos, -sin, 0.0], [sin, cos, 0.0]])
    m[:, 2] = np.array([d, d]) - m[:, :2] @ np.array([lx, ly])
    if k < 1:
        sigma = 0.5 / k
        grey = cv2.GaussianBlur(grey, (0, 0), sigma)
    out = cv2.warpAffine(
        grey, m, (int(3 * d), int(3 * d)), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
    )
    return out, dist


def _texture(level: np.ndarray, box: tuple[float, float, float, float]) -> float:
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    patch = level[max(0, y0) : y1, max(0, x0) : x1]
    if patch.size < 16:
        return 0.0
    gx = cv2.Sobel(patch, cv2.CV_32F, 1, 0, ksize=3)[1:-1, 1:-1]
    gy = cv2.Sobel(patch, cv2.CV_32F, 0, 1, ksize=3)[1:-1, 1:-1]
    return float(np.mean(np.hypot(gx, gy)) / 4.0)


def _period_share(profile: np.ndarray, s: EyeSettings) -> int:
    """The largest period (in pixels) on whose columns most of ``profile`` falls; 0 if none."""
    total = float(profile.sum())
    if total <= 1e-6 or profile.size < 6:
        return 0
    best = 0
    for period in range(3, profile.size // 2 + 1):
        folded = np.zeros(period)
        np.add.at(folded, np.arange(profile.size) % period, profile)
        # Blocks resampled off the pixel grid spread an edge over two neighbouring columns.
        pairs = folded + np.roll(folded, -1)
        share = float(pairs.max()) / total
        if share >= s.mosaic_share and share >= 4.0 / period:
            best = period
    return best


def mosaic_block(grey: np.ndarray, band: BBox) -> float:
    """Block size (pixels) of a mosaic over ``band``, or 0 when the band is not a mosaic."""
    h, w = grey.shape[:2]
    b = band.clip(w, h)
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(math.ceil(b.x1)), int(math.ceil(b.y1))
    patch = grey[y0:y1, x0:x1]
    if patch.shape[0] < 6 or patch.shape[1] < 6:
        return 0.0
    cols = np.abs(np.diff(patch, axis=1)).mean(axis=0)
    rows = np.abs(np.diff(patch, axis=0)).mean(axis=1)
    # Differences below JPEG noise say nothing about block edges.
    cols = np.where(cols > 1.5, cols, 0.0)
    rows = np.where(rows > 1.5, rows, 0.0)
    bx, by = _period_share(cols, EYES), _period_share(rows, EYES)
    if not bx or not by:
        return 0.0
    return float(min(bx, by))


def flat_run_share(
    grey: np.ndarray, eye: tuple[float, float], dist: float, s: EyeSettings
) -> float:
    """Share of the eye box's pixels on flat runs (see EyeSettings.flat_runs and
    runs_distance), page pixels scaled down for a face larger than ``runs_distance``."""
    cx, cy = eye
    bw, bh = s.eye_box[0] * dist / 2, s.eye_box[1] * dist / 2
    box = BBox(cx - bw, cy - bh, cx + bw, cy + bh)
    # Runs are measured on a wider crop so that the box's own edges do not cut them.
    wide = crop_box(grey, box.expand(dist))
    h, w = grey.shape[:2]
    outer, inner = box.expand(dist).clip(w, h), box.clip(w, h)
    if wide.size == 0:
        return 0.0
    k = min(1.0, s.runs_distance / max(dist, 1e-3))
    if k < 1:
        size = (max(1, round(wide.shape[1] * k)), max(1, round(wide.shape[0] * k)))
        wide = cv2.resize(wide, size, interpolation=cv2.INTER_AREA)
    wide = np.round(wide).astype(np.int16)
    x0, y0 = (int((inner.x0 - int(outer.x0)) * k), int((inner.y0 - int(outer.y0)) * k))
    x1 = int(math.ceil((inner.x1 - int(outer.x0)) * k))
    y1 = int(math.ceil((inner.y1 - int(outer.y0)) * k))
    if x1 <= x0 or y1 <= y0:
        return 0.0
    across = runs_along(wide, s.flat_step)[y0:y1, x0:x1]
    down = runs_along(np.ascontiguousarray(wide.T), s.flat_step).T[y0:y1, x0:x1]
    length = max(3.0, s.strong_block * dist * k)
    return float((np.minimum(across, down) >= length).mean())


def _outside_photo(face: Face, s: EyeSettings) -> bool:
    """Whether both eyes of a face cut by its photo's edge lie beyond that edge (see
    EyeSettings.outside_margin)."""
    if face.frame is None:
        return False
    dist = math.dist(face.left_eye, face.right_eye)
    reach = (s.eye_box[1] / 2 + s.outside_margin) * dist
    across = (s.eye_box[0] / 2 + s.outside_margin) * dist
    f = face.frame
    return all(
        x + across < f.x0 or x - across > f.x1 or y + reach < f.y0 or y - reach > f.y1
        for x, y in (face.left_eye, face.right_eye)
    )


def too_small_to_judge(face: Face, s: EyeSettings = EYES) -> bool:
    """Whether ``face`` is too small to show its eyes (EyeSettings.min_face_px)."""
    return face.box.width < s.min_face_px


def judge_eyes(image: np.ndarray, face: Face, s: EyeSettings = EYES) -> EyeJudgement:
    """Whether both eyes of ``face`` (found on ``image``) are covered."""
    if _outside_photo(face, s):
        return EyeJudgement(True, (0.0, 0.0), 0.0, 0.0, "outside_photo")
    if face.frame is not None and mouth_under_own_band(image, face):
        return EyeJudgement(True, (0.0, 0.0), 0.0, 0.0, "mouth_under_band")
    grey = grey_levels(image)
    level, dist = _level_face(grey, face, s)
    d = float(s.norm_distance)
    bw, bh = s.eye_box[0] * d / 2, s.eye_box[1] * d / 2
    textures = tuple(_texture(level, (cx - bw, d - bh, cx + bw, d + bh)) for cx in (d, 2 * d))
    mid = 1.5 * d
    reference = _texture(
        level,
        (
            mid - s.ref_half_width * d,
            d + s.ref_rows[0] * d,
            mid + s.ref_half_width * d,
            d + s.ref_rows[1] * d,
        ),
    )
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    band = BBox(min(lx, rx), min(ly, ry), max(lx, rx), max(ly, ry)).expand(0.45 * dist)
    block = mosaic_block(grey, band) / max(dist, 1e-3)
    runs = (
        flat_run_share(grey, face.left_eye, dist, s),
        flat_run_share(grey, face.right_eye, dist, s),
    )
    band_flat = flat_share(crop_box(image, band))
    judged = _judgement(textures, reference, block, runs, band_flat, s)
    return EyeJudgement(judged[0], textures, reference, block, judged[1], runs, band_flat)


def _judgement(
    textures: tuple[float, ...],
    reference: float,
    block: float,
    runs: tuple[float, float],
    band_flat: float,
    s: EyeSettings,
) -> tuple[bool, str]:
    """Covered or not, and by which measure (see EyeSettings)."""
    if max(textures) < s.max_texture_abs and min(runs) >= s.flat_runs:
        # Both eye boxes nearly featureless and on long flat runs: a fill. The band's straight
        # edges can still give it a "period" below a strong mosaic's (redactor's own band over a
        # photocopied portrait: block 0.19-0.30), which must not make it visible.
        return True, "fill"
    if block > 0:
        return block >= s.strong_block and min(runs) >= s.mosaic_flat_runs, "mosaic"
    if max(textures) < max(s.max_texture_abs, s.max_texture_ratio * reference):
        return True, "texture"
    if min(runs) >= s.flat_runs:
        return True, "flat_runs"
    if band_flat >= s.cartoon_band and min(runs) >= s.cartoon_runs:
        return True, "cartoon"
    return False, "texture"


def _up_the_face(face: Face) -> tuple[float, float] | None:
    """The unit vector from the eyes' midpoint up the face (perpendicular to the eye line,
    away from the nose landmark); None without a nose landmark."""
    if len(face.landmarks) < 3:
        return None
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    d = math.hypot(rx - lx, ry - ly)
    if d < 1e-3:
        return None
    vx, vy = (ly - ry) / d, (rx - lx) / d
    nx, ny = face.landmarks[2]
    if (nx - (lx + rx) / 2) * vx + (ny - (ly + ry) / 2) * vy > 0:
        return -vx, -vy
    return vx, vy


def mouth_under_own_band(image: np.ndarray, face: Face, s: OwnBandSettings = OWN_BAND) -> bool:
    """Whether the "eyes" found of ``face`` are the mouth of a face whose eye band is filled
    (see OwnBandSettings)."""
    up = _up_the_face(face)
    if up is None or face.score > s.max_score or not _pair_on_its_edge(face, s):
        return False
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    d = math.hypot(rx - lx, ry - ly)
    if d > s.max_pair:
        return False
    mx, my = (lx + rx) / 2, (ly + ry) / 2
    h, w = image.shape[:2]
    r = 3 * d
    x0, y0 = max(0, int(mx - r)), max(0, int(my - r))
    x1, y1 = min(w, int(mx + r)), min(h, int(my + r))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return False
    _, labels = cv2.connectedComponents(flat_fill(image[y0:y1, x0:x1], PARTIAL), connectivity=4)
    band = _band_up(labels, (mx - x0, my - y0), up, d, s)
    if band is None:
        return False
    (cx, cy), (bx, by), length, height = band
    # Imported here: the faces module loads CenterFace's session code, which a page with no
    # picture never needs (tests/test_speed.py's text-only page loads no detector).
    from redactor.detect.faces import BAND

    # Mask's margin adds the same to the band's length and height: their difference is
    # (2 along + 1 - 2 across) eye distances of the band's face.
    scale = (length - height) / (2 * BAND.along + 1 - 2 * BAND.across)
    if d > s.widest * scale:
        return False
    dx, dy = mx - x0 - cx, my - y0 - cy
    down = abs(dx * -by + dy * bx) / scale
    along = abs(dx * bx + dy * by) / scale
    return s.distance[0] <= down <= s.distance[1] and along <= s.along


def _pair_on_its_edge(face: Face, s: OwnBandSettings) -> bool:
    """Whether the found pair straddles an edge of its face's photo as a mirror pair does (see
    OwnBandSettings.at_edge): centred on an edge its eye line runs across."""
    f = face.frame
    if f is None:
        return False
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    d = math.hypot(rx - lx, ry - ly)
    mx, my = (lx + rx) / 2, (ly + ry) / 2
    near = s.at_edge * d
    if abs(rx - lx) >= s.across_edge * d and min(abs(mx - f.x0), abs(mx - f.x1)) <= near:
        return True
    return abs(ry - ly) >= s.across_edge * d and min(abs(my - f.y0), abs(my - f.y1)) <= near


def _band_up(
    labels: np.ndarray,
    mid: tuple[float, float],
    up: tuple[float, float],
    d: float,
    s: OwnBandSettings,
) -> tuple[tuple[float, float], tuple[float, float], float, float] | None:
    """The first flat fill up the face from ``mid`` (window pixels) that fills its smallest
    enclosing rectangle (OwnBandSettings.min_rect): its centre, unit axis along its length,
    length and height; None when there is none."""
    for k in np.arange(s.reach[0], s.reach[1] + 1e-6, s.step):
        px, py = int(round(mid[0] + up[0] * k * d)), int(round(mid[1] + up[1] * k * d))
        if not (0 <= py < labels.shape[0] and 0 <= px < labels.shape[1]) or not labels[py, px]:
            continue
        mine = labels == labels[py, px]
        (cx, cy), (rw, rh), angle = cv2.minAreaRect(cv2.findNonZero(mine.astype(np.uint8)))
        if float(mine.sum()) < s.min_rect * rw * rh:
            return None
        a = math.radians(angle if rw >= rh else angle + 90)
        return (cx, cy), (math.cos(a), math.sin(a)), max(rw, rh), min(rw, rh)
    return None
