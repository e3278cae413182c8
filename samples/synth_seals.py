"""Adversarial seal pages for issue 10 (items 4-6), on top of samples/synth.py.

Each page comes with the ink of each of its seals as a mask in page pixels (after every
degradation), so a benchmark can ask not only "is the seal's outline covered" but "is any of the
seal's ink left outside the fill" (a crescent of the rim, half of an overlapped seal).

Conditions (``SEAL_CONDITIONS_10``):

- ``pair``: two seals overlapping by 10-60% of the smaller one's area, in every combination of
  round / oval / square and both orders (page i draws combination i % 9, order (i // 9) % 2); the
  seal on top is stamped translucent (multiply) or over the other (its ink hides the one under).
- ``scan``: a crisp seal, scanner skew, noise and JPEG.
- ``perspective``: a crisp seal on a phone photo taken at a slant (a round seal becomes an
  ellipse-like outline, the page a trapezoid).
- ``grey_lowres``: a 10-15 mm seal (round, oval or square) on a photocopy scanned at 80-100 dpi.
- ``dotmatrix``: a VAT invoice (brown printed form, dot-matrix filled fields) with a faint oval
  seller's seal over the dot-matrix print, photographed.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import replace

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samples import synth
from samples.synth import A4_MM, Identity, Item, Rng, SynthPage

SEAL_CONDITIONS_10 = ("pair", "scan", "perspective", "grey_lowres", "dotmatrix")
SHAPES = ("round", "oval", "square")
PAIRS = tuple((a, b) for a in SHAPES for b in SHAPES)
# a seal's ink: pixels where its alpha (0..1) is at least this
INK_LEVEL = 0.2
_FRAME = "_frame"  # a page-corner item that records the geometry each degradation applies
_RED = (214, 40, 45)


def _seal_alpha(
    size: tuple[int, int],
    center: tuple[float, float],
    unit: str,
    rng: Rng,
    shape: str,
    color: tuple[int, int, int],
    scale: float = 1.0,
) -> tuple[np.ndarray, Item]:
    """One seal stamped alone on white paper: its alpha (0..1, page pixels) and its truth item."""
    blank = Image.new("RGB", size, (255, 255, 255))
    item = synth.stamp_seal(blank, center, unit, rng, shape=shape, color=color, scale=scale)
    g = np.asarray(blank, np.float32)[:, :, 1]
    alpha = np.clip((255 - g) / max(1.0, 255.0 - color[1]), 0, 1)
    return alpha, item


def _composite(
    image: np.ndarray, alpha: np.ndarray, color: Sequence[int], over: bool = False
) -> np.ndarray:
    """Ink through ``alpha`` onto ``image``: multiply (translucent stamp pad ink), or over (the
    ink hides what is under it, as a fresh stamp over a dry one)."""
    a = alpha[:, :, None]
    col = np.asarray(color, np.float32)
    f = image.astype(np.float32)
    out = f * (1 - a) + col * a if over else f * (1 - a * (1 - col / 255))
    return np.clip(out, 0, 255).astype(np.uint8)


def _with_frame(page: SynthPage) -> SynthPage:
    h, w = page.image.shape[:2]
    return replace(page, items=[*page.items, Item(_FRAME, synth._rect(0, 0, 1, 1))])


def _carry(
    page: SynthPage, inks: list[np.ndarray], names: Sequence[str], rng: Rng
) -> tuple[SynthPage, list[np.ndarray]]:
    """Degrade ``page`` and push the seal ink masks through the same geometry: the page-corner
    item's four points before and after give the homography (tilt, perspective, scale)."""
    h0, w0 = page.image.shape[:2]
    out = synth.degrade(_with_frame(page), names, rng)
    h1, w1 = out.image.shape[:2]
    frame = next(it for it in out.items if it.kind == _FRAME)
    src = (np.array(synth._rect(0, 0, 1, 1)) * [w0, h0]).astype(np.float32)
    dst = (np.array(frame.quad) * [w1, h1]).astype(np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    warped = [
        cv2.warpPerspective(ink.astype(np.float32), m, (w1, h1), flags=cv2.INTER_LINEAR)
        for ink in inks
    ]
    items = [it for it in out.items if it.kind != _FRAME]
    return replace(out, items=items), [(x >= 0.5).astype(np.uint8) for x in warped]


def _filled(item: Item, w: int, h: int) -> np.ndarray:
    from bench.seals import truth_polygon  # the benchmark's own notion of a seal's outline

    m = np.zeros((h, w), np.uint8)
    poly = truth_polygon(item.to_dict(), w, h)
    cv2.fillPoly(m, [np.round(poly).astype(np.int32)], 1)
    return m


def make_pair_page(identity: Identity, rng: Rng, index: int) -> tuple[SynthPage, list[np.ndarray]]:
    """Two overlapping seals (combination ``index % 9``, order ``(index // 9) % 2``)."""
    page = synth.make_page(synth._pick(rng, ("summary", "paper", "plain")), identity, rng)
    h, w = page.image.shape[:2]
    k = w / A4_MM[0]
    first, second = PAIRS[index % len(PAIRS)]
    if (index // len(PAIRS)) % 2:
        first, second = second, first
    target = float(rng.uniform(0.1, 0.6))
    cx, cy = float(rng.uniform(0.35, 0.65)) * w, float(rng.uniform(0.35, 0.75)) * h
    units = [identity.unit, synth._pick(rng, synth.ADMIN_ORGS)]
    col1, col2 = synth._seal_color(rng), synth._seal_color(rng)
    a1, it1 = _seal_alpha((w, h), (cx, cy), units[0], rng, first, col1)
    m1 = _filled(it1, w, h)
    # the second seal's shape, drawn once at the first's centre, then slid along a direction
    # until the overlap (share of the smaller seal's area) is the target
    state = copy.deepcopy(rng)
    a2, it2 = _seal_alpha((w, h), (cx, cy), units[1], rng, second, col2)
    m2 = _filled(it2, w, h)
    ang = float(rng.uniform(0, 2 * np.pi))
    ux, uy = math.cos(ang), math.sin(ang)
    small = min(int(m1.sum()), int(m2.sum()))
    best_d, best_err = 0.0, 1.0
    for d in np.linspace(0, 60 * k, 121):
        mm = np.float32([[1, 0, d * ux], [0, 1, d * uy]])
        sh = cv2.warpAffine(m2, mm, (w, h), flags=cv2.INTER_NEAREST)
        frac = float((sh & m1).sum()) / max(1, small)
        if abs(frac - target) < best_err:
            best_d, best_err = float(d), abs(frac - target)
    c2 = (cx + best_d * ux, cy + best_d * uy)
    a2, it2 = _seal_alpha((w, h), c2, units[1], state, second, col2)
    over = bool(rng.random() < 0.5)
    img = _composite(_composite(page.image, a1, col1), a2, col2, over=over)
    page = replace(page, image=img, items=[*page.items, it1, it2], needs_masking=True)
    inks = [(a1 >= INK_LEVEL).astype(np.uint8), (a2 >= INK_LEVEL).astype(np.uint8)]
    if over:  # the ink of the seal underneath that the top one hides is not there to see
        inks[0] &= (a2 < INK_LEVEL).astype(np.uint8)
    degs = synth._pick(rng, ([], [], ["jpeg"], ["phone"], ["tilt", "jpeg"]))
    return _carry(page, inks, degs, rng)


def _keystone(page: SynthPage, rng: Rng) -> SynthPage:
    """A camera held at a slant: one edge of the page nearer than the opposite one."""
    h, w = page.image.shape[:2]
    src = np.array(synth._rect(0, 0, w, h), np.float32)
    dst = src.copy()
    f = float(rng.uniform(0.08, 0.2)) * w
    side = int(rng.integers(0, 4))
    if side == 0:  # top edge farther away
        dst[0, 0] += f
        dst[1, 0] -= f
    elif side == 1:
        dst[3, 0] += f
        dst[2, 0] -= f
    elif side == 2:  # left edge farther away
        dst[0, 1] += f
        dst[3, 1] -= f
    else:
        dst[1, 1] += f
        dst[2, 1] -= f
    # ...and the camera tilted: the page foreshortened along one axis, so a round seal comes out
    # as an oval (as much as a 45 x 30 mm one)
    axis = int(rng.integers(0, 2))
    squash = float(rng.uniform(0.68, 0.9))
    size = (w, h)[axis]
    dst[:, axis] = size / 2 + (dst[:, axis] - size / 2) * squash
    m = cv2.getPerspectiveTransform(src, dst).astype(float)
    img = cv2.warpPerspective(
        page.image,
        synth._edge_to_cv(m),
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderValue=(255, 255, 255),
    )
    return synth._warp_page(page, img, m, "keystone")


def _single_seal_page(
    identity: Identity,
    rng: Rng,
    *,
    shape: str,
    color: tuple[int, int, int],
    scale: float = 1.0,
    dpi: int = 150,
    base: SynthPage | None = None,
    center: tuple[float, float] | None = None,
    unit: str | None = None,
    bleed: float = 0.0,
) -> tuple[SynthPage, list[np.ndarray]]:
    """A page with one seal; ``bleed`` (pixels) spreads its ink outwards, as an over-inked pad
    does."""
    page = base or synth.make_page(
        synth._pick(rng, ("summary", "paper", "plain")), identity, rng, dpi=dpi
    )
    h, w = page.image.shape[:2]
    if center is None:
        center = (float(rng.uniform(0.25, 0.75)) * w, float(rng.uniform(0.3, 0.85)) * h)
    alpha, item = _seal_alpha((w, h), center, unit or identity.unit, rng, shape, color, scale=scale)
    if bleed > 0:
        spread = cv2.dilate(alpha, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3)))
        alpha = np.clip(cv2.GaussianBlur(spread, (0, 0), bleed) * 1.5, 0, 1)
    img = _composite(page.image, alpha, color)
    page = replace(page, image=img, items=[*page.items, item], needs_masking=True)
    return page, [(alpha >= INK_LEVEL).astype(np.uint8)]


def make_scan_page(identity: Identity, rng: Rng) -> tuple[SynthPage, list[np.ndarray]]:
    """A crisp seal stamped with too much ink (the rim bleeds outwards past its drawn edge),
    scanned: skew, noise, JPEG."""
    shape = synth._pick(rng, ("round",) * 3 + ("oval",) * 2 + ("square",))
    page, inks = _single_seal_page(
        identity, rng, shape=shape, color=synth._seal_color(rng), bleed=float(rng.uniform(0.6, 1.5))
    )
    return _carry(page, inks, ["tilt", "noise", "jpeg"], rng)


def make_perspective_page(identity: Identity, rng: Rng) -> tuple[SynthPage, list[np.ndarray]]:
    shape = synth._pick(rng, ("round",) * 3 + ("oval",) * 2 + ("square",))
    page, inks = _single_seal_page(identity, rng, shape=shape, color=synth._seal_color(rng))
    h0, w0 = page.image.shape[:2]
    page = _with_frame(page)
    page = _keystone(page, rng)
    # _carry reads the frame item: keep the one the keystone moved, add none
    frame = next(it for it in page.items if it.kind == _FRAME)
    src = (np.array(synth._rect(0, 0, 1, 1)) * [w0, h0]).astype(np.float32)
    dst = (np.array(frame.quad) * [w0, h0]).astype(np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    inks = [
        (cv2.warpPerspective(i.astype(np.float32), m, (w0, h0)) >= 0.5).astype(np.uint8)
        for i in inks
    ]
    page = replace(page, items=[it for it in page.items if it.kind != _FRAME])
    return _carry(page, inks, ["phone", "jpeg"], rng)


def make_grey_lowres_page(identity: Identity, rng: Rng) -> tuple[SynthPage, list[np.ndarray]]:
    """A 10-15 mm seal on a photocopy scanned at 80-100 dpi."""
    shape = synth._pick(rng, ("round",) * 3 + ("oval",) + ("square",) * 2)
    size_mm = float(rng.uniform(10, 15))
    # stamp_seal's nominal sizes: round 41 mm across, oval 41 x 30 mm, square 24 mm
    nominal = {"round": 41.0, "oval": 41.0, "square": 24.0}[shape]
    page, inks = _single_seal_page(
        identity, rng, shape=shape, color=synth._seal_color(rng), scale=size_mm / nominal
    )
    factor = float(rng.uniform(80, 100)) / page.dpi
    page, inks = _carry(page, inks, ["photocopy"], rng)
    return _carry(page, inks, [], rng) if factor >= 1 else _lowres(page, inks, factor, rng)


def _lowres(
    page: SynthPage, inks: list[np.ndarray], factor: float, rng: Rng
) -> tuple[SynthPage, list[np.ndarray]]:
    out = synth.low_res(_with_frame(page), rng, factor)
    h1, w1 = out.image.shape[:2]
    inks = [
        (cv2.resize(i.astype(np.float32), (w1, h1), interpolation=cv2.INTER_AREA) >= 0.3).astype(
            np.uint8
        )
        for i in inks
    ]
    return replace(out, items=[it for it in out.items if it.kind != _FRAME]), inks


_DOT_INKS = ((40, 40, 48), (55, 50, 95), (70, 60, 110), (30, 30, 30))
_FORM_BROWN = (150, 85, 55)


def _dot_matrix_text(
    img: Image.Image, xy: tuple[float, float], text: str, px: int, color: Sequence[int], rng: Rng
) -> None:
    """Text as a 24-pin printer leaves it: glyphs sampled on a coarse grid, one round dot per
    inked cell, the line a little off the form's baseline."""
    font = synth.get_font("song", px)
    w = int(font.getlength(text)) + 4
    tile = Image.new("L", (w, px + 6), 0)
    ImageDraw.Draw(tile).text((2, 2), text, font=font, fill=255)
    t = np.asarray(tile, np.float32) / 255
    pitch = max(2, round(px / 9))
    dot = max(1, round(pitch * 0.45))
    d = ImageDraw.Draw(img)
    for yy in range(0, t.shape[0], pitch):
        for xx in range(0, t.shape[1], pitch):
            if t[yy : yy + pitch, xx : xx + pitch].mean() > 0.3:
                x, y = xy[0] + xx, xy[1] + yy
                d.ellipse((x - dot, y - dot, x + dot, y + dot), fill=tuple(color))


def make_dotmatrix_page(identity: Identity, rng: Rng) -> tuple[SynthPage, list[np.ndarray]]:
    """A VAT invoice: brown printed form and rules, fields filled by a dot-matrix printer (black
    or violet ribbon), a faint oval seller's seal over the seller's block; photographed."""
    dpi = 150
    w, h = round(240 / 25.4 * dpi), round(140 / 25.4 * dpi)  # an invoice, landscape
    k = dpi / 25.4
    img = Image.new("RGB", (w, h), (252, 250, 244))
    d = ImageDraw.Draw(img)
    lw = max(1, round(0.3 * k))
    brown = tuple(int(c + rng.integers(-15, 16)) for c in _FORM_BROWN)
    title = synth._pick(rng, ("增值税专用发票", "增值税普通发票"))
    d.text(
        (w / 2, 10 * k), title, font=synth.get_font("song", round(8 * k)), fill=brown, anchor="mm"
    )
    x0, x1 = 8 * k, w - 8 * k
    rows = [22, 46, 90, 100, 128]
    for y in rows:
        d.line((x0, y * k, x1, y * k), fill=brown, width=lw)
    d.line((x0, rows[0] * k, x0, rows[-1] * k), fill=brown, width=lw)
    d.line((x1, rows[0] * k, x1, rows[-1] * k), fill=brown, width=lw)
    for x in (20, 130, 140):
        d.line((x * k, rows[0] * k, x * k, rows[2] * k), fill=brown, width=lw)
    small = synth.get_font("song", round(2.6 * k))
    for y, lab in (
        (26, "名    称："),
        (32, "纳税人识别号："),
        (38, "地 址、电 话："),
        (44, "开户行及账号："),
    ):
        d.text((22 * k, y * k), lab, font=small, fill=brown, anchor="lm")
        d.text((22 * k, (y + 78) * k), lab, font=small, fill=brown, anchor="lm")
    ink = _pick_ink(rng)
    px = round(float(rng.uniform(2.8, 3.6)) * k)
    seller = synth._pick(rng, synth.ADMIN_ORGS)
    jitter = float(rng.uniform(-1.5, 1.5)) * k
    lines_top = [
        identity.unit,
        "".join(str(int(v)) for v in rng.integers(0, 10, 18)),
        "新疆博乐市青得里大街"
        + str(int(rng.integers(1, 300)))
        + "号 0909-"
        + str(int(rng.integers(1000000, 9999999))),
        "中国银行博乐支行 " + "".join(str(int(v)) for v in rng.integers(0, 10, 16)),
    ]
    for i, s in enumerate(lines_top):
        _dot_matrix_text(img, (45 * k, (24 + 6 * i) * k + jitter), s, px, ink, rng)
    for i in range(4):
        s = "".join(synth._pick(rng, list("0123456789*<>/+-")) for _ in range(26))
        _dot_matrix_text(img, (142 * k, (24 + 5.5 * i) * k + jitter), s, px, ink, rng)
    for i in range(int(rng.integers(2, 6))):
        goods = synth._pick(rng, ("办公用品", "打印纸", "硒鼓", "计算机", "技术服务费"))
        s = f"{goods}   台   {int(rng.integers(1, 20))}   {rng.uniform(10, 9999):.2f}   13%"
        _dot_matrix_text(img, (12 * k, (50 + 6 * i) * k + jitter), s, px, ink, rng)
    seller_lines = [
        seller,
        "".join(str(int(v)) for v in rng.integers(0, 10, 18)),
        "乌鲁木齐市新华北路"
        + str(int(rng.integers(1, 300)))
        + "号 0991-"
        + str(int(rng.integers(1000000, 9999999))),
        "工商银行新华支行 " + "".join(str(int(v)) for v in rng.integers(0, 10, 16)),
    ]
    for i, s in enumerate(seller_lines):
        _dot_matrix_text(img, (45 * k, (102 + 6 * i) * k + jitter), s, px, ink, rng)
    page = SynthPage(np.asarray(img).copy(), [], True, kind="invoice", dpi=dpi)
    faint = (int(rng.integers(236, 251)), int(rng.integers(150, 186)), int(rng.integers(150, 186)))
    # the seller's seal over the seller's block (the dot-matrix lines run under it)
    center = (float(rng.uniform(60, 150)) * k, float(rng.uniform(108, 118)) * k)
    page, inks = _single_seal_page(
        identity,
        rng,
        shape="oval",
        color=faint,
        base=page,
        center=center,
        unit=seller,
        scale=A4_MM[0] / 240,
    )
    return _carry(page, inks, synth._pick(rng, (["phone"], ["phone", "jpeg"])), rng)


def _pick_ink(rng: Rng) -> tuple[int, int, int]:
    return synth._pick(rng, _DOT_INKS)


def make_page(
    condition: str, identity: Identity, rng: Rng, index: int = 0
) -> tuple[SynthPage, list[np.ndarray]]:
    """A page of one of SEAL_CONDITIONS_10 and the ink mask of each of its seals (page pixels)."""
    if condition == "pair":
        return make_pair_page(identity, rng, index)
    makers = {
        "scan": make_scan_page,
        "perspective": make_perspective_page,
        "grey_lowres": make_grey_lowres_page,
        "dotmatrix": make_dotmatrix_page,
    }
    return makers[condition](identity, rng)
