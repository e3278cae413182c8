"""Red thumbprints (手印) on signed pages: a negative for the seal detector (issue 10, round 30).

Pledges (承诺书), contracts and receipts are signed by hand and pressed with a thumb inked on a
red stamp pad: an oval 14-22 mm of red ridge lines, often over the signature, the typed name or
the date. A thumbprint is no seal, and masking one hides evidence (the date beside a signature).

The ridges are grown, as fingerprint generators do (SFinGe's method): noise filtered again and
again by a Gabor filter turned along a ridge-flow field, so that ridges run, fork and end as a
finger's do. The flow field is the zero-pole model (Sherlock and Monro): half the sum of the
angles to the cores less half the sum of the angles to the deltas, which draws loops (one core,
one delta), whorls (two cores, two deltas), tented arches (a core above a delta) and plain arches
(no singular point, a wave). The ink varies as a pad's does: over-inked where the valleys fill,
dry where ridges break, lighter towards the print's edge; a print may be smeared (dragged), half
pressed (one side gone), doubled (pressed twice, slipped) or faint.

Conditions (bench.seals):

- ``thumbprint``: a signed page (总结人 or 承诺人 and a date) with 2-5 thumbprints over the name,
  the date, lines of print or white space, no seal (false seals counted); as drawn, scanned,
  photographed, photocopied.
- ``thumbprint_seal``: the same with a real seal (round, oval or square) beside the prints
  (recall must hold, with each seal's ink).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from samples import synth
from samples.synth import A4_MM, Identity, Rng, SynthPage
from samples.synth_seals import (
    INK_LEVEL,
    NAME_SEAL_FINISHES,
    _box_item,
    _carry,
    _composite,
    _seal_alpha,
)

THUMBPRINT = "thumbprint"
THUMBPRINT_SEAL = "thumbprint_seal"
THUMBPRINT_CONDITIONS = (THUMBPRINT, THUMBPRINT_SEAL)
PATTERNS = ("loop", "whorl", "tented_arch", "arch")
# how a print was pressed; "clean" most often
PRESSINGS = ("clean", "clean", "smeared", "half", "doubled", "faint")
# how the page reaches the detector: the name seals' finishes (a pledge is scanned,
# photocopied and photographed as a signature's page is)
FINISHES = NAME_SEAL_FINISHES
# stamp-pad reds: cinnabar (印泥), a bright pad's red, a crimson going purple
_PAD_INKS = ((200, 35, 40), (215, 45, 50), (185, 30, 55), (205, 60, 45), (170, 25, 60))


@dataclass(frozen=True)
class ThumbprintSettings:
    """A thumbprint's geometry and ink, in millimetres of the page."""

    width_mm: tuple[float, float] = (13.0, 17.0)  # across the thumb
    height_mm: tuple[float, float] = (16.0, 22.0)  # along it
    turn_deg: tuple[float, float] = (-30.0, 30.0)
    ridge_period_mm: tuple[float, float] = (0.42, 0.55)  # an adult thumb's ridge spacing
    # Gabor growth: rounds of filtering and the number of directions the field is cut into
    growth_rounds: int = 7
    directions: int = 16
    # the draw's own resolution (pixels per ridge period) before it is resized onto the page
    px_per_period: float = 6.0
    # ink: the print's darkest alpha; how far the over-inked / dry field swings
    density: tuple[float, float] = (0.7, 0.95)
    wetness: tuple[float, float] = (-0.5, 0.7)


SETTINGS = ThumbprintSettings()


def _orientation(xx: np.ndarray, yy: np.ndarray, pattern: str, rng: Rng) -> np.ndarray:
    """Ridge direction (radians) at each point (mm from the print's centre, y down) by the
    zero-pole model; arches by a wave whose height falls off down the thumb."""
    z = xx + 1j * yy
    side = float(rng.choice([-1.0, 1.0]))
    if pattern == "arch":
        # ridges y = -a cos(k x), flatter down the thumb: their slope a k sin(k x)
        a = float(rng.uniform(2.0, 4.0))
        k = math.pi / float(rng.uniform(9, 14))
        fall = np.exp(-np.clip(yy + 3, 0, None) / 6)
        return np.arctan(a * k * np.sin(k * xx) * fall)
    if pattern == "loop":
        cores = [complex(float(rng.uniform(-1.5, 1.5)), float(rng.uniform(-3, -0.5)))]
        deltas = [complex(side * float(rng.uniform(3.5, 5.5)), float(rng.uniform(3.5, 6)))]
    elif pattern == "whorl":
        c0 = complex(float(rng.uniform(-1, 1)), float(rng.uniform(-2, 0)))
        step = complex(float(rng.uniform(-0.6, 0.6)), float(rng.uniform(0.6, 1.4)))
        cores = [c0 - step / 2, c0 + step / 2]
        deltas = [
            complex(-float(rng.uniform(4, 6)), float(rng.uniform(4, 6.5))),
            complex(float(rng.uniform(4, 6)), float(rng.uniform(4, 6.5))),
        ]
    else:  # tented arch: a core right above a delta
        x = float(rng.uniform(-1, 1))
        cores = [complex(x, float(rng.uniform(-2, 0)))]
        deltas = [complex(x + float(rng.uniform(-0.5, 0.5)), float(rng.uniform(2, 3.5)))]
    theta = np.zeros(xx.shape)
    for c in cores:
        theta += np.angle(z - c)
    for d in deltas:
        theta -= np.angle(z - d)
    return 0.5 * theta


def _grow_ridges(
    theta: np.ndarray, period_px: float, rng: Rng, s: ThumbprintSettings
) -> np.ndarray:
    """Ridges (-1 valley .. 1 ridge) grown from noise along ``theta`` (Gabor filtering, each
    pixel taking the response of the filter nearest its direction)."""
    n = s.directions
    # cv2's Gabor ``theta`` is the stripes' normal: a ridge's direction plus a quarter turn
    bins = np.round(((theta + math.pi / 2) % math.pi) / math.pi * n).astype(int) % n
    size = int(period_px * 2.5) | 1
    kernels = [
        cv2.getGaborKernel((size, size), period_px * 0.45, math.pi * b / n, period_px, 1.0, 0)
        for b in range(n)
    ]
    img = rng.standard_normal(theta.shape).astype(np.float32)
    for _ in range(s.growth_rounds):
        out = np.zeros_like(img)
        for b, k in enumerate(kernels):
            sel = bins == b
            if sel.any():
                out[sel] = cv2.filter2D(img, -1, k.astype(np.float32))[sel]
        img = np.tanh(2.5 * out / (out.std() + 1e-6)).astype(np.float32)
    return img


def _smooth_field(shape: tuple[int, int], cells: int, rng: Rng) -> np.ndarray:
    """A smooth random field in 0..1 (``cells`` blobs across)."""
    small = rng.random((cells, cells)).astype(np.float32)
    return np.clip(cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC), 0, 1)


def thumbprint_alpha(
    px_per_mm: float,
    rng: Rng,
    pattern: str | None = None,
    pressing: str = "clean",
    s: ThumbprintSettings = SETTINGS,
) -> np.ndarray:
    """One thumbprint's ink (alpha 0..1) in its own layer at ``px_per_mm`` of the page."""
    pattern = pattern or str(synth._pick(rng, PATTERNS))
    wmm, hmm = float(rng.uniform(*s.width_mm)), float(rng.uniform(*s.height_mm))
    period = float(rng.uniform(*s.ridge_period_mm))
    res = s.px_per_period / period  # draw pixels per mm
    half = 0.5 * max(wmm, hmm) * 1.35
    n = int(2 * half * res) | 1
    ax = (np.arange(n) - n / 2) / res
    xx, yy = np.meshgrid(ax, ax)
    theta = _orientation(xx, yy, pattern, rng)
    ridges = _grow_ridges(theta, s.px_per_period, rng, s)
    # the pad's ink: wet where valleys fill, dry where ridges break
    wet = s.wetness[0] + (s.wetness[1] - s.wetness[0]) * _smooth_field((n, n), 5, rng)
    ink = 1 / (1 + np.exp(-4 * (ridges + wet)))
    # the thumb's oval, pressed hardest in its middle, its edge ragged
    edge = 1 + 0.06 * (_smooth_field((n, n), 7, rng) - 0.5)
    r = np.sqrt((xx / (wmm / 2)) ** 2 + (yy / (hmm / 2)) ** 2) / edge
    press = np.clip((1.0 - r) / 0.18, 0, 1) * (0.75 + 0.25 * _smooth_field((n, n), 4, rng))
    if pressing == "half":  # rolled off one side: the print fades out along a line
        a = float(rng.uniform(0, 2 * math.pi))
        d = xx * math.cos(a) + yy * math.sin(a) - float(rng.uniform(-2, 3))
        press *= np.clip(0.5 - d / 2.5, 0, 1)
    alpha = ink * press * float(rng.uniform(*s.density))
    if pressing == "faint":
        alpha *= float(rng.uniform(0.35, 0.6))
    if pressing == "smeared":  # dragged 1-3 mm: the ridges run together one way
        length = max(3, int(float(rng.uniform(1, 3)) * res))
        k = np.zeros((length, length), np.float32)
        k[length // 2, :] = 1 / length
        rot = cv2.getRotationMatrix2D((length / 2, length / 2), float(rng.uniform(0, 180)), 1)
        k = cv2.warpAffine(k, rot, (length, length))
        k /= max(float(k.sum()), 1e-6)
        alpha = np.maximum(alpha * 0.6, cv2.filter2D(alpha, -1, k) * 1.1)
    if pressing == "doubled":  # pressed twice, slipping 1-4 mm and turning a little
        m = cv2.getRotationMatrix2D((n / 2, n / 2), float(rng.uniform(-12, 12)), 1.0)
        m[:, 2] += rng.uniform(-4, 4, 2) * res
        again = cv2.warpAffine(alpha, m, (n, n)) * float(rng.uniform(0.5, 0.9))
        alpha = 1 - (1 - alpha) * (1 - again)
    rot = cv2.getRotationMatrix2D((n / 2, n / 2), float(rng.uniform(*s.turn_deg)), 1.0)
    alpha = cv2.warpAffine(alpha.astype(np.float32), rot, (n, n))
    out = max(3, round(n * px_per_mm / res))
    return np.clip(cv2.resize(alpha, (out, out), interpolation=cv2.INTER_AREA), 0, 1)


def _press(
    image: np.ndarray, alpha: np.ndarray, centre: tuple[float, float], colour: Sequence[int]
) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """``alpha`` multiplied onto ``image`` at ``centre``; returns the image and the print's box."""
    h, w = image.shape[:2]
    n = alpha.shape[0]
    x0, y0 = round(centre[0] - n / 2), round(centre[1] - n / 2)
    layer = np.zeros((h, w), np.float32)
    ax0, ay0, ax1, ay1 = max(0, x0), max(0, y0), min(w, x0 + n), min(h, y0 + n)
    if ax1 <= ax0 or ay1 <= ay0:
        return image, (0, 0, 0, 0)
    layer[ay0:ay1, ax0:ax1] = alpha[ay0 - y0 : ay1 - y0, ax0 - x0 : ax1 - x0]
    ys, xs = np.nonzero(layer > INK_LEVEL)
    box = (
        (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
        if len(xs)
        else (
            0,
            0,
            0,
            0,
        )
    )
    return _composite(image, layer, colour), box


def _print_places(page: SynthPage, rng: Rng, n: int) -> list[tuple[float, float]]:
    """Where a signer presses: over the typed or signed name, over the date below it, over a
    line of print, or in white space near the signature."""
    h, w = page.image.shape[:2]
    mm = w / A4_MM[0]
    names = [it for it in page.items if it.kind in ("name", "signature")]
    sign = max(names, key=lambda it: max(y for _, y in it.quad)) if names else None
    lines = [it for it in page.items if it.kind in ("name", "unit", "other_name", "other_org")]
    places = []
    for _ in range(n):
        what = str(synth._pick(rng, ("name", "name", "date", "line", "space")))
        if what in ("name", "date") and sign is not None:
            q = np.asarray(sign.quad) * [w, h]
            cx, cy = q[:, 0].mean(), q[:, 1].mean()
            if what == "date":
                cy += 9 * mm
            cx += float(rng.uniform(-8, 8)) * mm
            cy += float(rng.uniform(-3, 3)) * mm
        elif what == "line" and lines:
            q = np.asarray(lines[int(rng.integers(len(lines)))].quad) * [w, h]
            cx = float(rng.uniform(q[:, 0].min(), q[:, 0].max()))
            cy = q[:, 1].mean()
        else:
            cx, cy = float(rng.uniform(0.15, 0.85)) * w, float(rng.uniform(0.6, 0.92)) * h
        places.append(
            (float(np.clip(cx, 0.06 * w, 0.94 * w)), float(np.clip(cy, 0.04 * h, 0.96 * h)))
        )
    return places


def _signed_page(identity: Identity, rng: Rng) -> SynthPage:
    """A page that ends with a signer's name and date: a work summary (总结人) or a pledge."""
    return synth.make_page("summary", identity, rng)


def _press_prints(page: SynthPage, rng: Rng, places: list[tuple[float, float]]) -> SynthPage:
    """Thumbprints pressed at ``places``; each a ``red_distractor`` item named thumbprint."""
    h, w = page.image.shape[:2]
    mm = w / A4_MM[0]
    img = page.image
    items = []
    colour = synth._pick(rng, _PAD_INKS)
    for p in places:
        pressing = str(synth._pick(rng, PRESSINGS))
        alpha = thumbprint_alpha(mm, rng, pressing=pressing)
        img, box = _press(img, alpha, p, colour)
        if box[2] > box[0]:
            items.append(_box_item(box, "thumbprint", w, h))
    return replace(page, image=img, items=[*page.items, *items])


def make_thumbprint_page(identity: Identity, rng: Rng, index: int = 0) -> SynthPage:
    """``thumbprint``: a signed page with 2-5 red thumbprints and no seal."""
    page = _signed_page(identity, rng)
    page = _press_prints(page, rng, _print_places(page, rng, int(rng.integers(2, 6))))
    return synth.degrade(page, FINISHES[index % len(FINISHES)], rng)


def make_thumbprint_seal_page(
    identity: Identity, rng: Rng, index: int = 0
) -> tuple[SynthPage, list[np.ndarray]]:
    """``thumbprint_seal``: a signed page with a real seal (round, oval or square; the unit's)
    and 2-4 thumbprints beside it (not over it), and the seal's ink."""
    page = _signed_page(identity, rng)
    h, w = page.image.shape[:2]
    mm = w / A4_MM[0]
    shape = ("round", "oval", "square")[index % 3]
    colour = synth._seal_color(rng)
    places = _print_places(page, rng, int(rng.integers(2, 5)))
    # the seal where no print lies within a seal and a print's radius of it
    spots = [
        (float(rng.uniform(0.2, 0.8)) * w, float(rng.uniform(0.3, 0.9)) * h) for _ in range(40)
    ]
    far = 34 * mm
    free = [s for s in spots if all(math.dist(s, p) > far for p in places)] or spots
    centre = free[0]
    alpha, item = _seal_alpha((w, h), centre, identity.unit, rng, shape, colour)
    page = replace(
        page,
        image=_composite(page.image, alpha, colour),
        items=[*page.items, item],
        needs_masking=True,
    )
    page = _press_prints(page, rng, places)
    inks = [(alpha >= INK_LEVEL).astype(np.uint8)]
    return _carry(page, inks, list(FINISHES[index % len(FINISHES)]), rng)
