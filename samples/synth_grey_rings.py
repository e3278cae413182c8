"""Rings on grey copies that are no seal (issue 10; probes round 21's p05 and p09 copies).

A coffee cup set down on a page leaves a brown ring, soft-edged and uneven, often not closed,
with a faint tint inside; a reviewer's pen circles a name or a date with one thin stroke whose
ends stop short or run past each other. On the colour page their colour tells them from a seal
(seals.GreySearchSettings.max_coloured_rim); on a photocopy both are grey rings of a seal's size
over print, as a copied seal is.

``make_grey_ring_page`` draws a text page (at 100, 150, 200 or 300 dpi, by page index) with 2-4
such rings: cup rings (``CupRing``), pen circles and ovals round a word or a line or in white
space (``PenCircle``); with ``seal`` also one unit or name seal stamped where no ring lies (the
recall beside them); then photocopied, or tilted and photocopied. Each ring is a
``red_distractor`` item (the bench's kind for ink a seal mask must leave alone).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import cv2
import numpy as np

from samples import synth
from samples.synth import A4_MM, Identity, Item, Rng, SynthPage
from samples.synth_seals import INK_LEVEL, _box_item, _carry, _composite, _seal_alpha

GREY_RINGS = "grey_rings"
GREY_RINGS_SEAL = "grey_rings_seal"
# the page's resolution, by page index: a copy scanned at 100 to 300 dpi
DPIS = (150, 100, 200, 300)
# the finish, by page index // len(DPIS)
FINISHES: tuple[tuple[str, ...], ...] = (("photocopy",), ("tilt", "photocopy"))


@dataclass(frozen=True)
class CupRing:
    """A cup's ring: a Gaussian band ``edge_mm`` wide (its sigma, a range) at ``radius_mm``,
    ``strength`` (alpha of the brown, a range) made uneven by a blotchy map of ``uneven`` (its
    swing), over ``arc`` of the turn (a range: a ring not always closed), with a tint inside of
    ``tint`` (a range), foreshortened up to ``oval`` (the long radius over the short)."""

    radius_mm: tuple[float, float] = (18.0, 45.0)
    edge_mm: tuple[float, float] = (0.6, 1.8)
    strength: tuple[float, float] = (0.35, 0.7)
    uneven: tuple[float, float] = (0.3, 0.8)
    arc: tuple[float, float] = (0.6, 1.0)
    tint: tuple[float, float] = (0.0, 0.25)
    oval: float = 1.12
    colours: tuple[tuple[int, int, int], ...] = ((150, 105, 60), (120, 80, 45), (165, 125, 80))


@dataclass(frozen=True)
class PenCircle:
    """A pen's circle or oval: one stroke ``width_mm`` wide (a range) over ``turns`` of the turn
    (under 1: its ends stop short; over 1: they run past each other), wobbling by ``wobble`` of
    its radius. Round a span of a line (its half width and half height times ``pad``), or
    free-standing in white space at ``free_radius_mm`` with an elongation up to
    ``free_oval``."""

    width_mm: tuple[float, float] = (0.3, 0.9)
    turns: tuple[float, float] = (0.85, 1.25)
    wobble: float = 0.05
    pad: tuple[float, float] = (1.1, 1.6)
    free_radius_mm: tuple[float, float] = (8.0, 25.0)
    free_oval: float = 1.8
    pens: tuple[tuple[int, int, int], ...] = (
        (210, 30, 40),
        (200, 35, 40),
        (25, 45, 140),
        (25, 25, 30),
        (90, 90, 95),
    )


CUP_RING = CupRing()
PEN_CIRCLE = PenCircle()
_SPANNED = ("name", "unit", "other_name", "other_org", "title")


def _cup_ring(arr: np.ndarray, centre: tuple[float, float], mm: float, rng: Rng) -> tuple:
    """A cup's ring drawn onto ``arr`` (RGB float, in place); returns its box."""
    t = CUP_RING
    h, w = arr.shape[:2]
    r = float(rng.uniform(*t.radius_mm)) * mm
    squash = float(rng.uniform(1.0, t.oval))
    ang = float(rng.uniform(0, math.pi))
    x0, x1 = max(0, int(centre[0] - 1.3 * r * squash)), min(w, int(centre[0] + 1.3 * r * squash))
    y0, y1 = max(0, int(centre[1] - 1.3 * r * squash)), min(h, int(centre[1] + 1.3 * r * squash))
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    dx, dy = xx - centre[0], yy - centre[1]
    u = dx * math.cos(ang) + dy * math.sin(ang)
    v = (-dx * math.sin(ang) + dy * math.cos(ang)) * squash
    rr = np.hypot(u, v) / r
    sigma = float(rng.uniform(*t.edge_mm)) * mm / r
    band = np.exp(-(((rr - 1) / sigma) ** 2)) * float(rng.uniform(*t.strength))
    tint = (rr < 1) * float(rng.uniform(*t.tint)) * 0.4
    blot = rng.random((max(2, (y1 - y0) // 24), max(2, (x1 - x0) // 24))).astype(np.float32)
    blot = cv2.GaussianBlur(cv2.resize(blot, (x1 - x0, y1 - y0)), (0, 0), 0.06 * r)
    swing = float(rng.uniform(*t.uneven))
    blot = 1 - swing + swing * 2 * np.clip((blot - blot.min()) / max(1e-6, np.ptp(blot)), 0, 1)
    theta = np.arctan2(v, u)
    start, arc = float(rng.uniform(-math.pi, math.pi)), float(rng.uniform(*t.arc)) * 2 * math.pi
    along = np.mod(theta - start, 2 * math.pi)
    # the ring fades out over a tenth of a turn at each end of its arc
    ends = np.clip(np.minimum(along, arc - along) / 0.6, 0, 1) * (along <= arc)
    alpha = np.clip((band * ends + tint) * blot, 0, 0.85)[..., None]
    tone = np.asarray(synth._pick(rng, t.colours), np.float32) / 255
    arr[y0:y1, x0:x1] = arr[y0:y1, x0:x1] * (1 - alpha) + arr[y0:y1, x0:x1] * tone * alpha
    reach = r * squash
    return (centre[0] - reach, centre[1] - reach, centre[0] + reach, centre[1] + reach)


def _pen_circle(
    arr: np.ndarray, centre: tuple[float, float], radii: tuple[float, float], mm: float, rng: Rng
) -> tuple:
    """A pen's circle (its ends short of or past each other) onto ``arr`` (RGB uint8, in place)."""
    t = PEN_CIRCLE
    rx, ry = radii
    ang = math.radians(float(rng.uniform(-12, 12)))
    a0 = float(rng.uniform(0, 2 * math.pi))
    turn = np.linspace(a0, a0 + 2 * math.pi * float(rng.uniform(*t.turns)), 200)
    wob = 1 + t.wobble * np.sin(2 * turn + float(rng.uniform(0, 6))) + 0.03 * (turn - a0)
    ex, ey = rx * wob * np.cos(turn), ry * wob * np.sin(turn)
    cx, cy = centre
    pts = np.c_[
        cx + ex * math.cos(ang) - ey * math.sin(ang), cy + ex * math.sin(ang) + ey * math.cos(ang)
    ]
    pts += rng.normal(0, 0.15 * mm, pts.shape)
    pts = cv2.GaussianBlur(pts.astype(np.float32)[:, None, :], (1, 9), 0)[:, 0, :]
    width = max(1, round(float(rng.uniform(*t.width_mm)) * mm))
    pen = tuple(int(c) for c in synth._pick(rng, t.pens))
    cv2.polylines(arr, [np.round(pts).astype(np.int32)], False, pen, width, cv2.LINE_AA)
    (px0, py0), (px1, py1) = pts.min(axis=0), pts.max(axis=0)
    return px0, py0, px1, py1


def _overlaps(box: tuple, boxes: list[tuple], pad: float) -> bool:
    return any(
        box[0] - pad < b[2] and b[0] - pad < box[2] and box[1] - pad < b[3] and b[1] - pad < box[3]
        for b in boxes
    )


def _rings(page: SynthPage, rng: Rng) -> tuple[np.ndarray, list[Item], list[tuple]]:
    """2-4 cup rings and pen circles drawn onto the page; the image, their items and boxes."""
    arr = page.image.copy()
    h, w = arr.shape[:2]
    mm = w / A4_MM[0]
    lines = [it for it in page.items if it.kind in _SPANNED and len(it.text) >= 2]
    items: list[Item] = []
    boxes: list[tuple] = []
    for _ in range(int(rng.integers(2, 5))):
        kind = synth._pick(rng, ("cup", "pen_word", "pen_word", "pen_free"))
        if kind == "cup":
            centre = (float(rng.uniform(0.15, 0.85)) * w, float(rng.uniform(0.1, 0.9)) * h)
            f = arr.astype(np.float32)
            box = _cup_ring(f, centre, mm, rng)
            arr = np.clip(f, 0, 255).astype(np.uint8)
        elif kind == "pen_word" and lines:
            q = np.asarray(synth._pick(rng, lines).quad, np.float64) * [w, h]
            (x0, y0), (x1, y1) = q.min(axis=0), q.max(axis=0)
            n = max(1, round((x1 - x0) / max(1.0, y1 - y0)))  # characters on the line
            k = int(rng.integers(1, min(n, 8) + 1))
            i = int(rng.integers(0, n - k + 1))
            cw = (x1 - x0) / n
            sx0, sx1 = x0 + i * cw, x0 + (i + k) * cw
            rx = (sx1 - sx0) / 2 * float(rng.uniform(*PEN_CIRCLE.pad))
            ry = (y1 - y0) / 2 * float(rng.uniform(*PEN_CIRCLE.pad)) * 1.2
            if rx < ry * 1.3:
                rx = ry = max(rx, ry)
            box = _pen_circle(arr, ((sx0 + sx1) / 2, (y0 + y1) / 2), (rx, ry), mm, rng)
        else:
            r = float(rng.uniform(*PEN_CIRCLE.free_radius_mm)) * mm
            e = float(rng.uniform(1.0, PEN_CIRCLE.free_oval))
            centre = (float(rng.uniform(0.15, 0.85)) * w, float(rng.uniform(0.1, 0.9)) * h)
            box = _pen_circle(arr, centre, (r * e, r), mm, rng)
        items.append(_box_item(box, kind, w, h))
        boxes.append(box)
    return arr, items, boxes


def make_grey_ring_page(
    identity: Identity, rng: Rng, index: int, seal: bool = False
) -> tuple[SynthPage, list[np.ndarray]]:
    """A text page at ``DPIS[index % 4]`` with cup rings and pen circles, and (``seal``) one
    seal where no ring lies, finished by ``FINISHES[index // 4 % 2]``; the seal's ink (none
    without)."""
    dpi = DPIS[index % len(DPIS)]
    kind = synth._pick(rng, ("summary", "paper", "plain"))
    page = synth.make_page(kind, identity, rng, dpi=dpi)
    arr, items, boxes = _rings(page, rng)
    h, w = arr.shape[:2]
    inks: list[np.ndarray] = []
    if seal:
        shape = synth._pick(rng, ("round", "round", "oval", "square"))
        # a unit's seal at its size, or a smaller one (10-15 mm, as grey_lowres draws)
        nominal = {"round": 41.0, "oval": 41.0, "square": 24.0}[shape]
        scale = 1.0 if rng.random() < 0.6 else float(rng.uniform(10, 15)) / nominal
        reach = 25 * scale * w / A4_MM[0]
        for _ in range(40):
            centre = (float(rng.uniform(0.2, 0.8)) * w, float(rng.uniform(0.2, 0.85)) * h)
            box = (centre[0] - reach, centre[1] - reach, centre[0] + reach, centre[1] + reach)
            if not _overlaps(box, boxes, 0.02 * w):
                break
        colour = synth._seal_color(rng)
        alpha, item = _seal_alpha((w, h), centre, identity.unit, rng, shape, colour, scale=scale)
        arr = _composite(arr, alpha, colour)
        items.append(item)
        inks.append((alpha >= INK_LEVEL).astype(np.uint8))
    page = replace(page, image=arr, items=[*page.items, *items], needs_masking=True)
    return _carry(page, inks, FINISHES[index // len(DPIS) % len(FINISHES)], rng)
