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
- ``highlighter``: a red or blue seal under a translucent highlighter (yellow, green or pink;
  a box over the whole seal, or a stroke across it; blended at 25-60% opacity as an editor
  does, or multiplied as a marker's dye does), more strokes over lines of print, clean or
  photographed. ``make_highlighted_print_page``: the strokes over print alone, no seal.

Round 23's adversarial conditions (``ADVERSARIAL_CONDITIONS``, reported apart by bench.seals):

- ``cut_rim``: a seal whose rim a fold's crease or a scanner's streak (white or dark) cuts.
- ``pair_colours``: ``pair`` with a red and a blue seal, either on top.
- ``table_lowres``: a seal (10-41 mm) over a crossing of a form's table rules, in colour or
  photocopied, scanned at 80-92 dpi.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samples import synth
from samples.synth import A4_MM, Identity, Item, Rng, SynthPage

SEAL_CONDITIONS_10 = ("pair", "scan", "perspective", "grey_lowres", "dotmatrix", "highlighter")
SHAPES = ("round", "oval", "square")
PAIRS = tuple((a, b) for a in SHAPES for b in SHAPES)
# a seal's ink: pixels where its alpha (0..1) is at least this
INK_LEVEL = 0.2
_FRAME = "_frame"  # a page-corner item that records the geometry each degradation applies
_RED = (214, 40, 45)
# While true (``seals_left_off``), every seal is drawn with no ink: the same random draws and the
# same items, so a page comes out as it would have without its seals.
_LEFT_OFF = [False]


@contextmanager
def seals_left_off() -> Iterator[None]:
    """Draw pages as they would be without their seals (every seal's alpha zero; the rng draws,
    the degradations and the truth items unchanged). bench.seals draws each inked page twice, so
    that what of a seal the final image shows is measured against the same page without it: a
    copy that clipped seal and ground to one black leaves nothing of the seal on the page."""
    _LEFT_OFF[0] = True
    try:
        yield
    finally:
        _LEFT_OFF[0] = False


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
    return alpha * (not _LEFT_OFF[0]), item


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


def make_pair_page(
    identity: Identity, rng: Rng, index: int, two_colours: bool = False
) -> tuple[SynthPage, list[np.ndarray]]:
    """Two overlapping seals (combination ``index % 9``, order ``(index // 9) % 2``).
    ``two_colours``: one of them blue, as a unit's red seal and a department's or a bank's blue
    one stamped over each other (the first drawn blue on odd pages; the order by
    ``(index // 2) % 2``, so that eight pages draw every colour on top and underneath)."""
    page = synth.make_page(synth._pick(rng, ("summary", "paper", "plain")), identity, rng)
    h, w = page.image.shape[:2]
    k = w / A4_MM[0]
    first, second = PAIRS[index % len(PAIRS)]
    if ((index // 2) if two_colours else (index // len(PAIRS))) % 2:
        first, second = second, first
    target = float(rng.uniform(0.1, 0.6))
    cx, cy = float(rng.uniform(0.35, 0.65)) * w, float(rng.uniform(0.35, 0.75)) * h
    units = [identity.unit, synth._pick(rng, synth.ADMIN_ORGS)]
    col1, col2 = synth._seal_color(rng), synth._seal_color(rng)
    if two_colours:  # (drawn after the red ones: the same-colour pairs stay as they were)
        blue = tuple(int(rng.integers(lo, hi + 1)) for lo, hi in _BLUE_SEAL)
        col1, col2 = (blue, col2) if index % 2 else (col1, blue)
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


# Highlighter inks (yellow, green, pink), their opacity, and a stroke's width in seal
# diameters / in line heights over print.
HIGHLIGHTERS = ((255, 235, 60), (120, 230, 120), (250, 140, 200))
_HIGHLIGHT_ALPHA = (0.25, 0.6)
_BLUE_SEAL = ((30, 60), (50, 90), (160, 205))


def _highlight(image: np.ndarray, where: np.ndarray, colour: Sequence[int], rng: Rng) -> np.ndarray:
    """``image`` under a translucent ``colour`` where ``where`` (0/1): blended as an editor's
    fill with its opacity left low, or multiplied as a marker's dye."""
    a = float(rng.uniform(*_HIGHLIGHT_ALPHA))
    f = image.astype(np.float32)
    col = np.asarray(colour, np.float32)
    m = where.astype(bool)
    if rng.random() < 0.5:
        f[m] = (1 - a) * f[m] + a * col
    else:
        f[m] = f[m] * (1 - min(1.0, 1.25 * a) * (1 - col / 255))
    return np.clip(f, 0, 255).astype(np.uint8)


def _stroke(
    shape: tuple[int, int], centre: tuple[float, float], length: float, width: float, angle: float
) -> np.ndarray:
    """A highlighter stroke: a rectangle with rounded ends (0/1 mask)."""
    m = np.zeros(shape, np.uint8)
    ux, uy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    half = max(0.0, length / 2 - width / 2)
    p0 = (round(centre[0] - half * ux), round(centre[1] - half * uy))
    p1 = (round(centre[0] + half * ux), round(centre[1] + half * uy))
    cv2.line(m, p0, p1, 1, max(1, round(width)), cv2.LINE_AA)
    return m


def _print_strokes(page: SynthPage, rng: Rng, n: int) -> np.ndarray:
    """Strokes over ``n`` of the page's lines of print (0/1 mask)."""
    h, w = page.image.shape[:2]
    lines = [it for it in page.items if it.kind != "seal" and it.ellipse is None]
    m = np.zeros((h, w), np.uint8)
    for i in rng.permutation(len(lines))[:n]:
        q = np.asarray(lines[int(i)].quad, np.float64) * [w, h]
        (x0, y0), (x1, y1) = q.min(axis=0), q.max(axis=0)
        lh = y1 - y0
        length = (x1 - x0) * float(rng.uniform(0.8, 1.3)) + lh
        centre = ((x0 + x1) / 2 + float(rng.uniform(-0.1, 0.1)) * length, (y0 + y1) / 2)
        width = lh * float(rng.uniform(1.0, 1.6))
        m |= _stroke((h, w), centre, length, width, float(rng.uniform(-3, 3)))
    return m


def make_highlighter_page(identity: Identity, rng: Rng) -> tuple[SynthPage, list[np.ndarray]]:
    """A red or blue seal under a highlighter (a box over it or a stroke across it), strokes
    over print too, clean or photographed."""
    shape = synth._pick(rng, ("round",) * 3 + ("oval",) * 2 + ("square",))
    if rng.random() < 0.3:
        color = tuple(int(rng.integers(lo, hi + 1)) for lo, hi in _BLUE_SEAL)
    else:
        color = synth._seal_color(rng)
    page, inks = _single_seal_page(identity, rng, shape=shape, color=color)
    h, w = page.image.shape[:2]
    item = next(it for it in page.items if it.kind == "seal")
    if item.ellipse is not None:
        cx, cy, rx, ry, ang = item.ellipse
        r = float(max(rx, ry))
    else:
        q = np.asarray(item.quad, np.float64) * [w, h]
        (cx, cy), r = q.mean(axis=0), float(np.ptp(q, axis=0).max()) / 2
    colour = synth._pick(rng, HIGHLIGHTERS)
    where = np.zeros((h, w), np.uint8)
    if rng.random() < 0.5:  # a box over the whole seal, with a margin
        m = r * float(rng.uniform(1.1, 1.35))
        cv2.rectangle(where, (round(cx - m), round(cy - m)), (round(cx + m), round(cy + m)), 1, -1)
    else:  # a stroke (or two) across it
        for _ in range(int(rng.integers(1, 3))):
            off = float(rng.uniform(-0.5, 0.5)) * r
            ang = float(rng.uniform(-15, 15))
            width = 2 * r * float(rng.uniform(0.3, 0.8))
            where |= _stroke(
                (h, w), (cx, cy + off), 2 * r * float(rng.uniform(1.3, 2.2)), width, ang
            )
    where |= _print_strokes(page, rng, int(rng.integers(1, 4)))
    page = replace(page, image=_highlight(page.image, where, colour, rng))
    degs = synth._pick(rng, ([], ["jpeg"], ["phone"], ["phone", "jpeg"]))
    return _carry(page, inks, degs, rng)


def make_highlighted_print_page(identity: Identity, rng: Rng) -> SynthPage:
    """A text page with highlighter strokes (yellow, green or pink) over lines of print and no
    seal, clean or photographed."""
    page = synth.make_page(synth._pick(rng, ("summary", "paper", "plain")), identity, rng)
    colour = synth._pick(rng, HIGHLIGHTERS)
    where = _print_strokes(page, rng, int(rng.integers(2, 7)))
    page = replace(page, image=_highlight(page.image, where, colour, rng))
    return synth.degrade(page, synth._pick(rng, ([], ["jpeg"], ["phone"], ["phone", "jpeg"])), rng)


# ------------------------------------------------ round 23: cut rims, two colours, table rules
# Conditions the issue names that SEAL_CONDITIONS_10 does not vary (``ADVERSARIAL_CONDITIONS``):
# - ``cut_rim``: a seal whose rim a fold or a scanner streak cuts: a fold's crease (the paper on
#   one side shifted 1-3 px across it, a shadow along it), a scanner's white streak (dust on the
#   sensor: a band of paper-white 2-6 px wide down the whole scan, the ink under it gone) or a
#   dark one (a grey line 1-3 px wide over everything); scanned or photographed.
# - ``pair_colours``: ``pair`` with one seal blue and the other red, either on top.
# - ``table_lowres``: a seal (10-41 mm) centred near a crossing of a form's table rules, the page
#   in colour or photocopied grey, scanned at 80-92 dpi.
ADVERSARIAL_CONDITIONS = ("cut_rim", "pair_colours", "table_lowres")
CUTS = ("fold", "streak_white", "streak_dark")


def _line_side(shape: tuple[int, int], p: tuple[float, float], angle: float) -> np.ndarray:
    """Signed distance (pixels) of each pixel from the line through ``p`` at ``angle`` deg."""
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    nx, ny = -math.sin(math.radians(angle)), math.cos(math.radians(angle))
    return (xx - p[0]) * nx + (yy - p[1]) * ny


def _fold(
    image: np.ndarray, inks: list[np.ndarray], p: tuple[float, float], angle: float, rng: Rng
) -> tuple[np.ndarray, list[np.ndarray]]:
    """A crease through ``p``: the paper beyond it shifted ``1-3`` px across the line (a page
    not pressed flat on the glass), a shadow 1-2 px wide along it and a lit edge beside that."""
    h, w = image.shape[:2]
    d = _line_side((h, w), p, angle)
    shift = float(rng.uniform(1.0, 3.0))
    nx, ny = -math.sin(math.radians(angle)), math.cos(math.radians(angle))
    mx = (np.mgrid[0:h, 0:w][1] - shift * nx).astype(np.float32)
    my = (np.mgrid[0:h, 0:w][0] - shift * ny).astype(np.float32)
    beyond = d > 0

    def moved(a: np.ndarray, interp: int) -> np.ndarray:
        out = cv2.remap(a, mx, my, interp, borderMode=cv2.BORDER_REPLICATE)
        return np.where(beyond[..., None] if a.ndim == 3 else beyond, out, a)

    img = moved(image, cv2.INTER_LINEAR).astype(np.float32)
    shadow = np.abs(d) <= float(rng.uniform(0.6, 1.2))
    lit = (d > 1.2) & (d <= 2.5)
    img[shadow] *= float(rng.uniform(0.55, 0.8))
    img[lit] = img[lit] + (255 - img[lit]) * 0.35
    inks = [moved(i, cv2.INTER_NEAREST) for i in inks]
    return np.clip(img, 0, 255).astype(np.uint8), inks


def _streak(
    image: np.ndarray, inks: list[np.ndarray], at: float, vertical: bool, white: bool, rng: Rng
) -> tuple[np.ndarray, list[np.ndarray]]:
    """A scanner's streak down the whole scan at ``at`` (pixels across it): paper-white 2-6 px
    wide (the ink under it gone from ``inks``) or a grey line 1-3 px wide over everything."""
    img = image.astype(np.float32)
    width = int(rng.integers(2, 7)) if white else int(rng.integers(1, 4))
    lo = int(round(at - width / 2))
    band = np.zeros(image.shape[:2], bool)
    if vertical:
        band[:, max(0, lo) : lo + width] = True
    else:
        band[max(0, lo) : lo + width, :] = True
    if white:
        img[band] = float(rng.uniform(240, 254)) + rng.normal(0, 2, (int(band.sum()), 1))
        inks = [(i & ~band).astype(np.uint8) for i in inks]
    else:
        img[band] *= float(rng.uniform(0.45, 0.75))
    return np.clip(img, 0, 255).astype(np.uint8), inks


def _seal_centre(page: SynthPage) -> tuple[float, float, float]:
    """The (only) seal's centre and radius in page pixels, from its truth item."""
    from bench.seals import truth_polygon

    h, w = page.image.shape[:2]
    item = next(it for it in page.items if it.kind == "seal")
    poly = truth_polygon(item.to_dict(), w, h)
    (x0, y0), (x1, y1) = poly.min(axis=0), poly.max(axis=0)
    return (x0 + x1) / 2, (y0 + y1) / 2, min(x1 - x0, y1 - y0) / 2


def make_cut_rim_page(
    identity: Identity, rng: Rng, index: int
) -> tuple[SynthPage, list[np.ndarray]]:
    """A seal (round, oval or square) whose rim a fold or a scanner streak cuts (cut
    ``index % 3`` of CUTS), within 0.7 of its radius from its centre."""
    cut = CUTS[index % len(CUTS)]
    shape = synth._pick(rng, ("round",) * 3 + ("oval",) * 2 + ("square",))
    page, inks = _single_seal_page(identity, rng, shape=shape, color=synth._seal_color(rng))
    if cut == "fold":
        cx, cy, r = _seal_centre(page)
        off = float(rng.uniform(-0.7, 0.7)) * r
        angle = float(synth._pick(rng, (0.0, 90.0))) + float(rng.uniform(-4, 4))
        nx, ny = -math.sin(math.radians(angle)), math.cos(math.radians(angle))
        img, inks = _fold(page.image, inks, (cx + off * nx, cy + off * ny), angle, rng)
        page = replace(page, image=img)
        return _carry(page, inks, synth._pick(rng, (["tilt", "noise", "jpeg"], ["phone"])), rng)
    # a streak runs along the scan: it comes after the page's skew on the glass
    page, inks = _carry(page, inks, ["tilt"], rng)
    cx, cy, r = _seal_centre(page)
    vertical = bool(rng.random() < 0.7)
    at = (cx if vertical else cy) + float(rng.uniform(-0.7, 0.7)) * r
    img, inks = _streak(page.image, inks, at, vertical, cut == "streak_white", rng)
    return _carry(replace(page, image=img), inks, ["noise", "jpeg"], rng)


def _rule_crossing(image: np.ndarray, rng: Rng) -> tuple[float, float] | None:
    """A crossing of a table's rules on a rendered page (rows and columns of dark pixels running
    over a third of the page), away from the page's edges; None when the page has no table."""
    h, w = image.shape[:2]
    dark = image.min(axis=2) < 128
    rows = np.nonzero(dark.mean(axis=1) > 0.33)[0]
    cols = np.nonzero(dark.mean(axis=0) > 0.2)[0]
    rows = rows[(rows > 0.2 * h) & (rows < 0.85 * h)]
    cols = cols[(cols > 0.2 * w) & (cols < 0.8 * w)]
    if len(rows) == 0 or len(cols) == 0:
        return None
    return float(synth._pick(rng, list(cols))), float(synth._pick(rng, list(rows)))


def make_table_lowres_page(
    identity: Identity, rng: Rng, index: int
) -> tuple[SynthPage, list[np.ndarray]]:
    """A seal of 10-41 mm near a crossing of a form's table rules (within 0.4 of its radius),
    in colour (even pages) or photocopied grey (odd ones), scanned at 80-92 dpi."""
    base = synth.make_page(synth._pick(rng, ("form", "appraisal")), identity, rng)
    shape = synth._pick(rng, ("round",) * 3 + ("oval",) + ("square",) * 2)
    nominal = {"round": 41.0, "oval": 41.0, "square": 24.0}[shape]
    size_mm = float(rng.uniform(10, nominal))
    at = _rule_crossing(base.image, rng)
    h, w = base.image.shape[:2]
    if at is None:
        at = (0.5 * w, 0.5 * h)
    r = size_mm / 2 * base.dpi / 25.4
    centre = (
        at[0] + float(rng.uniform(-0.4, 0.4)) * r,
        at[1] + float(rng.uniform(-0.4, 0.4)) * r,
    )
    page, inks = _single_seal_page(
        identity,
        rng,
        shape=shape,
        color=synth._seal_color(rng),
        scale=size_mm / nominal,
        base=base,
        center=centre,
    )
    if index % 2:
        page, inks = _carry(page, inks, ["photocopy"], rng)
    factor = float(rng.uniform(80, 92)) / page.dpi
    return _lowres(page, inks, factor, rng)


def _pick_ink(rng: Rng) -> tuple[int, int, int]:
    return synth._pick(rng, _DOT_INKS)


def make_page(
    condition: str, identity: Identity, rng: Rng, index: int = 0
) -> tuple[SynthPage, list[np.ndarray]]:
    """A page of one of SEAL_CONDITIONS_10 or ADVERSARIAL_CONDITIONS and the ink mask of each
    of its seals (page pixels)."""
    if condition == "pair":
        return make_pair_page(identity, rng, index)
    if condition == "pair_colours":
        return make_pair_page(identity, rng, index, two_colours=True)
    if condition == "cut_rim":
        return make_cut_rim_page(identity, rng, index)
    if condition == "table_lowres":
        return make_table_lowres_page(identity, rng, index)
    if condition == "name_seal":
        return make_name_seal_page(identity, rng, index)
    makers = {
        "scan": make_scan_page,
        "perspective": make_perspective_page,
        "grey_lowres": make_grey_lowres_page,
        "dotmatrix": make_dotmatrix_page,
        "highlighter": make_highlighter_page,
    }
    return makers[condition](identity, rng)


# ------------------------------------------------------------- personal name seals (私章, 名章)
# Applicants and signers stamp a small seal carrying their name next to a 签名/签章/盖章 label,
# often over or beside a hand-written signature. The seal carries the name: it must be masked.
NAME_SEAL_CONDITIONS = ("name_seal",)
NAME_SEAL_SHAPES = ("square", "square", "square", "round", "oval")
# 阳文: red characters and frame on the paper; 阴文: the characters cut out of a filled shape
NAME_SEAL_STYLES = ("yang", "yin")
NAME_SEAL_LABELS = (
    "申请人（签章）：",
    "经办人（签章）：",
    "签名（盖章）：",
    "本人签字：",
    "申报人签名：",
    "审核人（签章）：",
    "负责人签字（盖章）：",
)
# how the page reaches the detector: as drawn, scanned, photocopied grey, photographed
NAME_SEAL_FINISHES = (
    (),
    ("jpeg",),
    ("tilt", "noise", "jpeg"),
    ("phone",),
    ("phone", "jpeg"),
    ("photocopy",),
    ("tilt", "photocopy"),
)


def name_seal_chars(name: str, rng: Rng) -> list[str]:
    """The characters of a personal seal: the name alone, or with 印 / 之印 (1-4 characters;
    a one-character given name's seal may hold only the given name's character)."""
    chars = [c for c in name if not c.isspace()]
    options = [chars, [*chars, "印"]]
    if len(chars) == 2:
        options.append([*chars, "之", "印"])
    else:
        options.append(chars[-2:])
    return [str(c) for c in synth._pick(rng, options)][:4]


def _glyph_cells(
    n: int, shape: str, rx: float, ry: float
) -> list[tuple[float, float, float, float]]:
    """Where each of ``n`` characters goes inside a seal of half axes rx, ry (its own frame,
    centre 0): (x, y, width, height) of its cell; a seal's glyphs are stretched to fill their
    cells. Columns are read right to left, top to bottom."""
    if shape == "oval":  # along the long axis
        long_y = ry >= rx
        half_long, half_short = 0.66 * max(rx, ry), 0.6 * min(rx, ry)
        step = 2 * half_long / n
        out = []
        for i in range(n):
            t = -half_long + step * (i + 0.5)
            if long_y:
                out.append((0.0, t, 2 * half_short, step * 0.92))
            else:
                out.append((-t, 0.0, step * 0.92, 2 * half_short))
        return out
    inner = 0.76 if shape == "square" else 0.62  # a round seal's square inside its rim
    sx, sy = inner * rx, inner * ry
    if n == 1:
        return [(0.0, 0.0, 2 * sx, 2 * sy)]
    if n == 2:
        return [(sx / 2, 0.0, 0.92 * sx, 2 * sy), (-sx / 2, 0.0, 0.92 * sx, 2 * sy)]
    cw, ch = 0.92 * sx, 0.92 * sy
    if n == 3:  # right column two, left column one (印 written tall)
        return [(sx / 2, -sy / 2, cw, ch), (sx / 2, sy / 2, cw, ch), (-sx / 2, 0.0, cw, 2 * sy)]
    return [
        (sx / 2, -sy / 2, cw, ch),
        (sx / 2, sy / 2, cw, ch),
        (-sx / 2, -sy / 2, cw, ch),
        (-sx / 2, sy / 2, cw, ch),
    ]


def _glyph(ch: str, font: str, cw: float, chh: float) -> np.ndarray:
    """One character (0..1) stretched to fill a cell of cw x chh pixels."""
    px = max(8, round(max(cw, chh)))
    f = synth.get_font(font, px)
    tile = Image.new("L", (px * 2, px * 2), 0)
    ImageDraw.Draw(tile).text((px, px), ch, font=f, fill=255, anchor="mm")
    box = tile.getbbox() or (0, 0, px * 2, px * 2)
    g = tile.crop(box).resize((max(2, round(cw)), max(2, round(chh))), Image.Resampling.LANCZOS)
    return np.asarray(g, np.float32) / 255


def draw_name_seal(
    side_px: float,
    chars: Sequence[str],
    rng: Rng,
    *,
    shape: str = "square",
    style: str = "yang",
    font: str = "kai",
    angle: float = 0.0,
    aspect: float = 1.0,
    texture: bool = True,
) -> tuple[np.ndarray, list[float], np.ndarray]:
    """A personal seal's alpha (0..1) in its own square layer: its outline's ellipse
    [cx, cy, rx, ry, angle] and its box's four corners in layer pixels. ``side_px``: its width
    (a round seal's diameter); ``aspect``: its height over its width (ovals); ``texture``:
    uneven stamp ink (without it, a crisp seal drawn by a program)."""
    rx, ry = side_px / 2, side_px * aspect / 2
    size = int(2 * max(rx, ry) * 1.25) + 8
    c = size / 2
    lay = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(lay)
    t = max(2.0, float(rng.uniform(0.05, 0.1)) * side_px)
    box = (c - rx, c - ry, c + rx - 1, c + ry - 1)
    if shape == "square":
        if style == "yin":
            d.rectangle(box, fill=255)
        else:
            d.rectangle(box, outline=255, width=round(t))
    elif style == "yin":
        d.ellipse(box, fill=255)
    else:
        d.ellipse(box, outline=255, width=round(t))
    m = np.asarray(lay, np.float32) / 255
    for ch, (x, y, cw, chh) in zip(chars, _glyph_cells(len(chars), shape, rx, ry), strict=True):
        g = _glyph(ch, font, cw, chh)
        gx, gy = round(c + x - g.shape[1] / 2), round(c + y - g.shape[0] / 2)
        cell = m[gy : gy + g.shape[0], gx : gx + g.shape[1]]
        # 阳文 glyphs are ink, 阴文 ones are cut out of the fill
        cell[:] = np.maximum(cell, g) if style == "yang" else np.minimum(cell, 1 - g)
    m = synth._ink_texture(m, rng) if texture else m
    rotm = synth._rot_matrix(angle, (c, c), (c, c))
    m = np.clip(cv2.warpAffine(m, synth._edge_to_cv(rotm)[:2], (size, size)), 0, 1)
    quad = synth._apply(rotm, np.array(synth._rect(c - rx, c - ry, c + rx, c + ry)))
    lin = rotm[:2, :2]
    u = lin @ np.array([rx, 0.0])
    return m, [c, c, rx, ry, math.degrees(math.atan2(u[1], u[0]))], quad


def _emptiest(
    dark: np.ndarray, boxes: list[tuple[int, int, int, int]]
) -> tuple[int, int, int, int]:
    return min(boxes, key=lambda b: int(dark[b[1] : b[3], b[0] : b[2]].sum()))


def make_name_seal_page(
    identity: Identity, rng: Rng, index: int = 0
) -> tuple[SynthPage, list[np.ndarray]]:
    """A page with a sign-off line (``NAME_SEAL_LABELS``) and a personal seal carrying the
    applicant's name stamped beside the label or over a hand-written signature: square, round
    or oval (page i: shape ``NAME_SEAL_SHAPES[i % 5]``, style ``(i // 5) % 2``), 8-20 mm,
    阳文 or 阴文, kai or song glyphs, tilted up to 15 degrees, sometimes faint; the page as
    drawn, scanned, photocopied grey or photographed."""
    page = synth.make_page(synth._pick(rng, ("summary", "paper", "plain")), identity, rng, dpi=150)
    img = Image.fromarray(page.image)
    w, h = img.size
    k = w / A4_MM[0]
    d = ImageDraw.Draw(img)
    dark = np.asarray(img.convert("L")) < 160
    label = synth._pick(rng, NAME_SEAL_LABELS)
    font = synth.get_font(
        synth._pick(rng, ("song", "sans")), round(float(rng.uniform(3.6, 4.6)) * k)
    )
    lw = int(font.getlength(label))
    lh = font.size
    # the sign-off line where the page is emptiest (the foot of the page, or any blank band)
    spots = [
        (
            round(float(rng.uniform(0.08, 0.45)) * w),
            round(float(rng.uniform(0.15, 0.9)) * h),
        )
        for _ in range(14)
    ]
    reach = lw + round(60 * k)
    x0, y0, _, _ = _emptiest(
        dark,
        [
            (x, max(0, y - round(12 * k)), min(w, x + reach), min(h, y + round(14 * k)))
            for x, y in spots
        ],
    )
    y0 += round(12 * k) if y0 > 0 else 0
    d.text((x0, y0), label, font=font, fill=synth.INK, anchor="lm")
    shape = NAME_SEAL_SHAPES[index % len(NAME_SEAL_SHAPES)]
    style = NAME_SEAL_STYLES[(index // len(NAME_SEAL_SHAPES)) % 2]
    chars = name_seal_chars(identity.name, rng)
    side = float(rng.uniform(8, 20)) * k
    aspect = 1.0
    if shape == "oval":
        aspect = (
            float(rng.uniform(1.3, 1.5)) if rng.random() < 0.7 else 1 / float(rng.uniform(1.3, 1.5))
        )
        side /= max(1.0, aspect)  # the long axis at most 20 mm
    arr = np.array(img)
    # a signature after the label, the seal over it or beside it
    sig_x = x0 + lw + round(float(rng.uniform(2, 6)) * k)
    signed = rng.random() < 0.6
    if signed:
        ink = synth._pick(rng, ((25, 25, 30), (20, 40, 120), (30, 30, 30)))
        sm, _, origin = synth._signature_mask(
            identity.name, round(float(rng.uniform(6, 9)) * k), rng
        )
        sx, sy = round(sig_x), round(y0 + 0.3 * lh - origin[1])
        synth._blend(arr, sm.astype(np.float32) / 255, ink, sx, sy, multiply=True)
        sig_w = sm.shape[1]
        over = rng.random() < 0.5
        cx = sig_x + (float(rng.uniform(0.2, 0.8)) * sig_w if over else sig_w + side * 0.7)
    else:
        cx = sig_x + side * float(rng.uniform(0.55, 1.2))
    cy = y0 + float(rng.uniform(-0.4, 0.4)) * side
    color = synth._seal_color(rng)
    if rng.random() < 0.2:  # a faint stamp
        color = (
            int(rng.integers(225, 246)),
            int(rng.integers(110, 160)),
            int(rng.integers(110, 160)),
        )
    angle = float(rng.uniform(-15, 15)) if rng.random() < 0.5 else float(rng.uniform(-3, 3))
    m, ell, quad = draw_name_seal(
        side,
        chars,
        rng,
        shape=shape,
        style=style,
        font=synth._pick(rng, ("kai", "kai", "song")),
        angle=angle,
        aspect=aspect,
    )
    size = m.shape[0]
    lx, ly = round(cx - size / 2), round(cy - size / 2)
    alpha = np.zeros((h, w), np.float32)
    ax0, ay0 = max(0, lx), max(0, ly)
    ax1, ay1 = min(w, lx + size), min(h, ly + size)
    alpha[ay0:ay1, ax0:ax1] = m[ay0 - ly : ay1 - ly, ax0 - lx : ax1 - lx] * (not _LEFT_OFF[0])
    arr = _composite(arr, alpha, color)
    text = "".join(chars)
    if shape == "square":
        item = Item("seal", ((quad + [lx, ly]) / [w, h]).tolist(), text, None)
    else:
        q = (quad + [lx, ly]) / [w, h]
        item = Item("seal", q.tolist(), text, [ell[0] + lx, ell[1] + ly, *ell[2:]])
    finish = NAME_SEAL_FINISHES[int(rng.integers(0, len(NAME_SEAL_FINISHES)))]
    # what was drawn, for a person tracing a miss
    kind = f"name_seal {shape} {style} {side / k:.0f}mm {'+'.join(finish) or 'clean'}"
    page = replace(page, image=arr, items=[*page.items, item], needs_masking=True, kind=kind)
    inks = [(alpha >= INK_LEVEL).astype(np.uint8)]
    return _carry(page, inks, list(finish), rng)


# ----------------------------------------------- red filled blocks that are no seal (negatives)
BLOCK_DISTRACTORS = ("button", "header", "logo", "letterhead", "red_text")
_BUTTONS = ("提交", "确认", "下一步", "保存", "查询", "立即报名", "登录")
_HEADERS = ("序号", "姓名", "项目", "时间", "备注", "成绩", "单位")


def make_red_block_page(identity: Identity, rng: Rng) -> SynthPage:
    """A text page with red filled shapes and red print that are no seal: buttons with white
    words, a table's header row of red cells, a logo block (one white glyph) beside its red
    name, a letterhead's red title and rule, red words in the text. Each is a ``red_distractor``
    item a seal mask must leave alone; the page as drawn, photographed or compressed."""
    page = synth.make_page(synth._pick(rng, ("summary", "paper")), identity, rng)
    img = Image.fromarray(page.image)
    which = [str(x) for x in rng.choice(BLOCK_DISTRACTORS, int(rng.integers(2, 5)), False)]
    items = _draw_red_blocks(img, identity, rng, which)
    page = replace(page, image=np.array(img), items=[*page.items, *items])
    return synth.degrade(page, synth._pick(rng, ([], ["jpeg"], ["phone"], ["tilt", "jpeg"])), rng)


def _box_item(box: Sequence[float], text: str, w: int, h: int) -> Item:
    """A ``red_distractor`` item (the kind a seal mask must leave alone) over ``box``."""
    x0, y0, x1, y1 = box
    return Item("red_distractor", (np.array(synth._rect(x0, y0, x1, y1)) / [w, h]).tolist(), text)


def _draw_red_blocks(
    img: Image.Image, identity: Identity, rng: Rng, which: Sequence[str]
) -> list[Item]:
    """``which`` of BLOCK_DISTRACTORS drawn onto ``img`` in place; their items."""
    w, h = img.size
    k = w / A4_MM[0]
    d = ImageDraw.Draw(img)
    items: list[Item] = []

    def add(box: Sequence[float], text: str) -> None:
        items.append(_box_item(box, text, w, h))

    for what in which:
        col = synth._red(rng)
        x, y = float(rng.uniform(20, 120)) * k, float(rng.uniform(40, 260)) * k
        if what == "button":  # a row of buttons (a screenshot of a form)
            bh = float(rng.uniform(7, 12)) * k
            for j in range(int(rng.integers(1, 4))):
                s = synth._pick(rng, _BUTTONS)
                f = synth.get_font("hei", round(bh * 0.5))
                bw = f.getlength(s) + bh * float(rng.uniform(0.8, 1.6))
                bx = x + j * (bw + 4 * k)
                d.rounded_rectangle((bx, y, bx + bw, y + bh), radius=bh * 0.2, fill=col)
                d.text((bx + bw / 2, y + bh / 2), s, font=f, fill=(255, 255, 255), anchor="mm")
                add((bx, y, bx + bw, y + bh), s)
        elif what == "header":  # a table whose header row is filled red, white words in it
            cw, rh = float(rng.uniform(14, 26)) * k, float(rng.uniform(7, 11)) * k
            nc, nr = int(rng.integers(3, 6)), int(rng.integers(2, 5))
            x = min(x, w - nc * cw - 5 * k)
            f = synth.get_font("hei", round(rh * 0.5))
            for j in range(nc):
                d.rectangle((x + j * cw, y, x + (j + 1) * cw, y + rh), fill=col, outline=(255,) * 3)
                d.text(
                    (x + (j + 0.5) * cw, y + rh / 2),
                    synth._pick(rng, _HEADERS),
                    font=f,
                    fill=(255, 255, 255),
                    anchor="mm",
                )
            for i in range(1, nr + 1):
                d.rectangle((x, y + i * rh, x + nc * cw, y + (i + 1) * rh), outline=col)
            add((x, y, x + nc * cw, y + rh), "header")
        elif what == "logo":  # a filled square with one white glyph, the body's name beside
            side = float(rng.uniform(8, 18)) * k
            d.rectangle((x, y, x + side, y + side), fill=col)
            d.text(
                (x + side / 2, y + side / 2),
                synth._pick(rng, ("医", "教", "农", "水", "林", "卫")),
                font=synth.get_font("hei", round(side * 0.7)),
                fill=(255, 255, 255),
                anchor="mm",
            )
            f = synth.get_font("hei", round(side * 0.45))
            d.text((x + side * 1.3, y + side / 2), identity.unit, font=f, fill=col, anchor="lm")
            add((x, y, x + side, y + side), "logo")
        elif what == "letterhead":  # 红头: a big red title and a thick red rule under it
            title = f"{synth._pick(rng, synth.ADMIN_ORGS)}文件"
            f = synth.get_font("song", round(min(30 * synth.PT * k, 170 * k / len(title))))
            yy = float(rng.uniform(18, 32)) * k
            d.text((w / 2, yy), title, font=f, fill=col, anchor="mm")
            add(d.textbbox((w / 2, yy), title, font=f, anchor="mm"), title)
            yr = yy + float(rng.uniform(14, 20)) * k
            d.line((20 * k, yr, 190 * k, yr), fill=col, width=max(2, round(0.9 * k)))
            add((20 * k, yr - k, 190 * k, yr + k), "rule")
        else:  # red words in the text: a heading with enclosed glyphs, a bold remark
            s = synth._pick(rng, ("回执", "国家级", "固定资产", "图示", "圆满完成", "重要提示"))
            f = synth.get_font("hei", round(float(rng.uniform(5, 12)) * k))
            d.text((x, y), s, font=f, fill=col, anchor="lm")
            add(d.textbbox((x, y), s, font=f, anchor="lm"), s)
    return items


# ------------------------------------- grey things that are no seal on a photocopy (negatives)
GREY_BLOCK_DISTRACTORS = ("qr", "page_number", "title", "photo", "signature")


def _qr(n: int, rng: Rng) -> np.ndarray:
    """A QR code's look: an n x n module grid (True: black), random modules, the three finder
    squares (7 x 7) at its corners."""
    g = rng.random((n, n)) < 0.5
    for r0, c0 in ((0, 0), (0, n - 7), (n - 7, 0)):
        f = np.zeros((7, 7), bool)
        f[[0, 6], :] = f[:, [0, 6]] = True
        f[2:5, 2:5] = True
        g[r0 : r0 + 7, c0 : c0 + 7] = f
    return g


def make_grey_block_page(identity: Identity, rng: Rng) -> SynthPage:
    """A photocopied text page with grey and black things that are no seal, where a grey name
    seal's look (a filled shape with light characters cut out, a small frame with marks inside)
    could be taken: red blocks with white words (buttons, a table's header row, a logo block:
    BLOCK_DISTRACTORS), a QR code, a page number in a filled box and in a framed one, a bold
    title, a grey photo, a signature written by hand. Each is a ``red_distractor`` item a seal
    mask must leave alone; the page photocopied (sometimes tilted)."""
    page = synth.make_page(synth._pick(rng, ("summary", "paper")), identity, rng)
    img = Image.fromarray(page.image)
    w, h = img.size
    k = w / A4_MM[0]
    d = ImageDraw.Draw(img)
    red = [str(x) for x in rng.choice(BLOCK_DISTRACTORS[:3], int(rng.integers(1, 4)), False)]
    items = _draw_red_blocks(img, identity, rng, red)
    which = [str(x) for x in rng.choice(GREY_BLOCK_DISTRACTORS, int(rng.integers(2, 5)), False)]
    for what in which:
        x, y = float(rng.uniform(20, 150)) * k, float(rng.uniform(60, 270)) * k
        if what == "qr":
            n = 21 + 4 * int(rng.integers(0, 2))
            side = float(rng.uniform(12, 24)) * k
            g = _qr(n, rng)
            cell = side / n
            for r, c in zip(*np.nonzero(g), strict=True):
                d.rectangle(
                    (x + c * cell, y + r * cell, x + (c + 1) * cell - 1, y + (r + 1) * cell - 1),
                    fill=synth.INK,
                )
            items.append(_box_item((x, y, x + side, y + side), "qr", w, h))
        elif what == "page_number":  # white digits in a black box, and digits in a frame
            side = float(rng.uniform(6, 12)) * k
            f = synth.get_font("hei", round(side * 0.6))
            num = str(int(rng.integers(1, 40)))
            d.rectangle((x, y, x + side, y + side), fill=synth.INK)
            d.text((x + side / 2, y + side / 2), num, font=f, fill=(255,) * 3, anchor="mm")
            items.append(_box_item((x, y, x + side, y + side), num, w, h))
            x2 = x + side * 3
            d.rectangle((x2, y, x2 + side, y + side), outline=synth.INK, width=max(1, round(k / 3)))
            d.text((x2 + side / 2, y + side / 2), num, font=f, fill=synth.INK, anchor="mm")
            items.append(_box_item((x2, y, x2 + side, y + side), num, w, h))
        elif what == "title":  # a bold title, in big black glyphs with enclosed strokes
            s = synth._pick(rng, ("回执单", "国家级项目", "固定资产目录", "图示", "圆满完成"))
            f = synth.get_font("hei", round(float(rng.uniform(7, 14)) * k))
            d.text((x, y), s, font=f, fill=synth.INK, anchor="lm", stroke_width=round(k / 3))
            items.append(_box_item(d.textbbox((x, y), s, font=f, anchor="lm"), s, w, h))
        elif what == "photo":  # a grey photo: smooth shades with a darker blob (a head)
            pw, ph = float(rng.uniform(18, 35)) * k, float(rng.uniform(22, 40)) * k
            small = rng.uniform(60, 220, (6, 5)).astype(np.float32)
            tile = cv2.resize(small, (round(pw), round(ph)), interpolation=cv2.INTER_CUBIC)
            cv2.ellipse(
                tile,
                (round(pw / 2), round(ph * 0.45)),
                (round(pw * 0.25), round(ph * 0.3)),
                0,
                0,
                360,
                float(rng.uniform(40, 120)),
                -1,
            )
            tile = np.clip(tile + rng.normal(0, 6, tile.shape), 0, 255).astype(np.uint8)
            img.paste(Image.fromarray(tile).convert("RGB"), (round(x), round(y)))
            items.append(_box_item((x, y, x + tile.shape[1], y + tile.shape[0]), "photo", w, h))
        else:  # a signature, written by hand
            sm, _, _ = synth._signature_mask(
                identity.name, round(float(rng.uniform(6, 10)) * k), rng
            )
            arr = np.array(img)
            ink = synth._pick(rng, ((25, 25, 30), (20, 40, 120)))
            synth._blend(arr, sm.astype(np.float32) / 255, ink, round(x), round(y), multiply=True)
            img.paste(Image.fromarray(arr))
            d = ImageDraw.Draw(img)
            items.append(_box_item((x, y, x + sm.shape[1], y + sm.shape[0]), "signature", w, h))
    page = replace(page, image=np.array(img), items=[*page.items, *items])
    return synth.degrade(page, synth._pick(rng, (["photocopy"], ["tilt", "photocopy"])), rng)


# Rings drawn by hand round a word or a date (a teacher's circled word, a pen ring round a
# date), on a grey copy: an oval ring, usually wider than tall, or a round one round a short
# word, whole or its ends overlapping, with print inside it and often running on past it.
# Pens: black, blue and red (all grey on the copy); widths in mm.
_RING_PENS = ((25, 25, 30), (25, 45, 140), (200, 35, 40))
_RING_WIDTH_MM = (0.3, 0.7)
_RING_SPAN = (1, 6)  # characters ringed
_RINGED_KINDS = ("name", "unit", "other_name", "other_org")  # the page's lines that have boxes


def _ringed_span(item: Item, w: int, h: int, rng: Rng) -> tuple[float, float, float, float]:
    """A span of 1-6 characters of a line of print (its box, page pixels), taken as an even
    share of the line's box per character."""
    q = np.asarray(item.quad, np.float64) * [w, h]
    (x0, y0), (x1, y1) = q.min(axis=0), q.max(axis=0)
    n = max(1, len(item.text))
    k = int(rng.integers(_RING_SPAN[0], min(_RING_SPAN[1], n) + 1))
    i = int(rng.integers(0, n - k + 1))
    cw = (x1 - x0) / n
    return x0 + i * cw, y0, x0 + (i + k) * cw, y1


def _hand_ring(
    arr: np.ndarray, box: tuple[float, float, float, float], mm: float, rng: Rng
) -> tuple[float, float, float, float]:
    """A ring drawn by hand round ``box`` onto ``arr`` (RGB, in place): an ellipse 1.1-1.5
    times the box's half width and 1.2-2 times its half height (a circle round a short word),
    turned up to 10 degrees, wobbling, its ends closing or overlapping by up to a fifth of a
    turn. Returns the ring's box."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    rx = (x1 - x0) / 2 * float(rng.uniform(1.1, 1.5))
    ry = (y1 - y0) / 2 * float(rng.uniform(1.2, 2.0))
    if rx < ry * 1.3:  # a short word: ringed by a circle
        rx = ry = max(rx, ry)
    ang = math.radians(float(rng.uniform(-10, 10)))
    a0 = float(rng.uniform(0, 2 * math.pi))
    t = np.linspace(a0, a0 + 2 * math.pi * float(rng.uniform(1.0, 1.2)), 160)
    wob = 1 + 0.04 * np.sin(2 * t + float(rng.uniform(0, 6))) + 0.02 * (t - a0)
    ex, ey = rx * wob * np.cos(t), ry * wob * np.sin(t)
    pts = np.c_[
        cx + ex * math.cos(ang) - ey * math.sin(ang), cy + ex * math.sin(ang) + ey * math.cos(ang)
    ]
    width = max(1, round(float(rng.uniform(*_RING_WIDTH_MM)) * mm))
    pen = synth._pick(rng, _RING_PENS)
    cv2.polylines(arr, [np.round(pts).astype(np.int32)], False, pen, width, cv2.LINE_AA)
    (px0, py0), (px1, py1) = pts.min(axis=0), pts.max(axis=0)
    return px0, py0, px1, py1


def make_ringed_word_page(identity: Identity, rng: Rng) -> SynthPage:
    """A text page with 2-4 words or dates ringed by hand (``_hand_ring``), photocopied (and
    sometimes tilted, or scanned at 80-100 dpi as grey_lowres pages are), no seal: a ring round
    print must not pass as a small oval or round seal. Each ring is a ``red_distractor`` item."""
    page = synth.make_page(synth._pick(rng, ("summary", "paper", "plain")), identity, rng)
    arr = page.image.copy()
    h, w = arr.shape[:2]
    mm = w / A4_MM[0]
    lines = [it for it in page.items if it.kind in _RINGED_KINDS and len(it.text) >= 2]
    items = []
    for j in rng.permutation(len(lines))[: int(rng.integers(2, 5))]:
        ring = _hand_ring(arr, _ringed_span(lines[int(j)], w, h, rng), mm, rng)
        items.append(_box_item(ring, "ring", w, h))
    page = replace(page, image=arr, items=[*page.items, *items])
    page = synth.degrade(page, synth._pick(rng, (["photocopy"], ["tilt", "photocopy"])), rng)
    if rng.random() < 1 / 3:  # a low-resolution copy, where a small seal's rim is 1-2 px
        page = synth.low_res(page, rng, float(rng.uniform(80, 100)) / page.dpi)
    return page


# Glyphs whose strokes close a box (a small square seal's outline on a grey copy), written into
# the columns of vertical text pages (竖排) so that every page has several of them.
_BOX_GLYPHS = "四回国图固园田日目品圆团中"
_VERTICAL_TITLES = ("聘书", "荣誉证书", "证书", "聘任书")
_VERTICAL_PAPERS = ((255, 255, 255), (250, 245, 232), (246, 240, 226), (252, 250, 244))


def _vertical_columns(identity: Identity, rng: Rng) -> list[str]:
    """The columns of a 聘书 or 荣誉证书 written top to bottom, right to left, with dates
    (二〇二四年…), a post and box-shaped glyphs among them."""
    year = "二〇二" + synth._pick(rng, "一二三四五")
    month = synth._pick(rng, ("一月", "四月", "十二月", "九月"))
    body = [
        f"兹聘任{identity.name}同志为",
        f"{identity.post}职务聘期{synth._pick(rng, ('三', '四', '五'))}年",
        f"在{synth._pick(rng, ('国家级', '固定资产', '园区建设', '品质提升'))}工作中成绩突出",
        f"特发此证{synth._pick(rng, ('以资鼓励', '特此证明'))}",
        identity.unit,
        f"{year}年{month}{synth._pick(rng, ('四日', '田园', '日'))}",
    ]
    extra = "".join(str(x) for x in rng.choice(list(_BOX_GLYPHS), 3))
    body.insert(int(rng.integers(1, 4)), f"{extra}中心{synth._pick(rng, ('回访', '图书', '团队'))}")
    return body


def make_vertical_text_page(identity: Identity, rng: Rng) -> SynthPage:
    """A certificate written in vertical columns (竖排: a 聘书, a 荣誉证书), portrait or
    landscape, on white or cream paper, in song or kai glyphs of 6-14 mm, no seal: box-shaped
    glyphs (四, 回, 国, 田...) stacked in a column must not pass as small square seals when the
    page is photocopied. Each column is a ``red_distractor`` item (the bench's kind for ink a
    seal mask must leave alone)."""
    landscape = bool(rng.random() < 0.5)
    wmm, hmm = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
    k = 150 / 25.4
    w, h = round(wmm * k), round(hmm * k)
    img = Image.new("RGB", (w, h), synth._pick(rng, _VERTICAL_PAPERS))
    d = ImageDraw.Draw(img)
    items: list[Item] = []
    style = synth._pick(rng, ("song", "kai", "song"))
    title = synth._pick(rng, _VERTICAL_TITLES)
    tsize = float(rng.uniform(16, 24)) * k
    x = w - float(rng.uniform(25, 40)) * k
    y0 = float(rng.uniform(25, 45)) * k
    columns = [title, *_vertical_columns(identity, rng)]
    for j, text in enumerate(columns):
        size = tsize if j == 0 else float(rng.uniform(6, 14)) * k
        font = synth.get_font(style, round(size))
        pitch = size * float(rng.uniform(1.05, 1.35))
        if y0 + pitch * len(text) > h - 15 * k:
            pitch = (h - 15 * k - y0) / len(text)
        for i, ch in enumerate(text):
            d.text((x, y0 + (i + 0.5) * pitch), ch, font=font, fill=(20, 20, 20), anchor="mm")
        box = (x - size / 2, y0, x + size / 2, y0 + pitch * len(text))
        items.append(Item("red_distractor", (np.array(synth._rect(*box)) / [w, h]).tolist(), text))
        x -= size * float(rng.uniform(1.6, 2.6)) + (tsize * 0.6 if j == 0 else 0.0)
        if x < 20 * k:
            break
    return SynthPage(np.array(img), items, needs_masking=True, kind="vertical_text")


# Strip stamps (条章): a unit's name in one line of coloured ink, framed or bare, with a
# department or a date under it, stamped across lines of print.
_STRIP_INKS = ((200, 30, 35), (185, 25, 60), (35, 60, 185), (70, 50, 160))
_STRIP_SUBLINES = ("人事科", "办公室", "医务部", "2024年12月1日", "专用章")
_OTHER_STRIP_UNITS = ("博乐市人力资源和社会保障局", "博州财政局会计核算中心", "精河县教育局")


def _strip_stamp(
    text: str, sub: str | None, glyph: float, ink: tuple[int, int, int], framed: bool
) -> tuple[Image.Image, tuple[float, float, float, float]]:
    """A strip stamp's layer (RGBA, not turned) and its first line's box on it."""
    font = synth.get_font("song", round(glyph))
    pad = 0.5 * glyph
    width = font.getlength(text) + 2 * pad
    height = glyph * (2.3 if sub else 1.0) + 2 * pad
    layer = Image.new("RGBA", (round(width), round(height)), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    if framed:
        d.rectangle(
            (2, 2, width - 3, height - 3), outline=(*ink, 235), width=max(2, round(glyph / 9))
        )
    d.text((width / 2, pad + glyph / 2), text, font=font, fill=(*ink, 225), anchor="mm")
    if sub:
        small = synth.get_font("song", round(glyph * 0.8))
        d.text((width / 2, pad + glyph * 1.75), sub, font=small, fill=(*ink, 225), anchor="mm")
    box = d.textbbox((width / 2, pad + glyph / 2), text, font=font, anchor="mm")
    return layer, (float(box[0]), float(box[1]), float(box[2]), float(box[3]))


def _turned_box(
    box: tuple[float, float, float, float],
    size: tuple[int, int],
    turned: tuple[int, int],
    angle: float,
    at: tuple[float, float],
) -> list[list[float]]:
    """``box`` of a layer of ``size`` turned by ``angle`` degrees (PIL's, counter-clockwise,
    expanded to ``turned``) and pasted at ``at``: its four corners on the page."""
    a = math.radians(angle)
    cx, cy = size[0] / 2, size[1] / 2
    out = []
    for x, y in synth._rect(*box):
        dx, dy = x - cx, y - cy
        out.append(
            [
                at[0] + turned[0] / 2 + dx * math.cos(a) + dy * math.sin(a),
                at[1] + turned[1] / 2 - dx * math.sin(a) + dy * math.cos(a),
            ]
        )
    return out


def make_strip_stamp_page(identity: Identity, rng: Rng) -> SynthPage:
    """A page of print with the unit's strip stamp across its lines (truth ``unit``: the stamp's
    first line) and, on half of them, another body's strip stamp (``other_org``): red, magenta,
    blue or violet ink, framed or bare, 3.5-6 mm glyphs, turned up to 15 degrees either way; as
    drawn, JPEG'd, photographed or scanned (not photocopied: grey ink is left to the page's OCR)."""
    page = synth.make_page(synth._pick(rng, ("plain", "summary")), identity, rng)
    img = Image.fromarray(page.image)
    w, h = img.size
    k = w / A4_MM[0]
    items = list(page.items)
    stamps = [(identity.unit, "unit")]
    if rng.random() < 0.5:
        stamps.append((synth._pick(rng, _OTHER_STRIP_UNITS), "other_org"))
    for j, (text, kind) in enumerate(stamps):
        ink = _STRIP_INKS[int(rng.integers(len(_STRIP_INKS)))]
        sub = synth._pick(rng, _STRIP_SUBLINES) if rng.random() < 0.6 else None
        glyph = float(rng.uniform(3.5, 6.0)) * k
        layer, box = _strip_stamp(text, sub, glyph, ink, bool(rng.random() < 0.6))
        angle = float(rng.uniform(-15, 15))
        turned = layer.rotate(angle, expand=True, resample=Image.BICUBIC)
        x = float(rng.uniform(15 * k, max(16 * k, w - turned.width - 15 * k)))
        # the unit's stamp across the body's lines of print, the other above them
        y = float(rng.uniform(70 * k, 190 * k)) if j == 0 else float(rng.uniform(30 * k, 55 * k))
        img.paste(turned, (round(x), round(y)), turned)
        quad = _turned_box(box, layer.size, turned.size, angle, (round(x), round(y)))
        items.append(Item(kind, (np.array(quad) / [w, h]).tolist(), text))
    # the unit's stamp needs masking on a notice (plain) page too
    page = replace(page, image=np.array(img), items=items, needs_masking=True, kind="strip_stamp")
    return synth.degrade(page, synth._pick(rng, ([], ["jpeg"], ["phone"], ["tilt", "jpeg"])), rng)


# Item kinds the bench counts as distractors (bench.score.DISTRACTOR_KINDS): text that must
# stay readable, so an e-seal the page puts over one hides a distractor the bench would count
# as masked once the seal is masked whole.
DISTRACTOR_ITEM_KINDS = ("other_name", "other_org", "letterhead", "other_code", "header")


@dataclass(frozen=True)
class EsealPlacement:
    """Where the applicant's opaque e-seal may go over the unit's line (corpus version 10)."""

    # placements tried beyond version 9's own (drawn from a stream of their own, so a page whose
    # first seal covers no distractor is version 9's page byte for byte)
    tries: int = 40
    # a distractor counts as covered when more than this share of its quad lies inside the
    # seal's ellipse grown by ``grow`` (the fill's margin around the outline)
    covered: float = 0.02
    grow: float = 1.12


EP = EsealPlacement()


def make_eseal_over_unit_page(
    identity: Identity, rng: Rng, kind: str = "summary", line: str = "any"
) -> tuple[SynthPage, list[np.ndarray]]:
    """An e-seal placed in front of the unit's line (Word's and WPS's "in front of text"): its
    red is opaque over the glyphs it covers, centred on a point of the line so that the line
    runs out on one side or both (probes round 10: the unit's ends stayed readable beside the
    masked seal). ``line`` "header": over the unit of the line that also holds the name (a
    summary's 姓名：… 工作单位：…, whose name was left visible in round 10).

    Version 10: the seal goes where it covers no distractor (another body's line, another
    person's name: the applicant's own seal would hide it, and the bench counted it masked).
    Version 9's placement is drawn first from ``rng`` as before; only when it covers one are
    others drawn from a stream of their own; when none of those is clear, version 9's is kept
    and the distractors it covers leave the truth (the page itself hides them)."""
    page = synth.make_page(kind, identity, rng)
    units = [it for it in page.items if it.kind == "unit"]
    if line == "header":
        units = [
            u for u in units if any(_same_line(u, it) for it in page.items if it.kind == "name")
        ]
    if not units:
        raise ValueError(f"a {kind} page without the unit ({line} line)")
    h, w = page.image.shape[:2]
    spare = np.random.default_rng(copy.deepcopy(rng).integers(2**63, size=2))
    first = alpha, item = _eseal_on_a_unit_line(units, (w, h), identity.unit, rng)
    tries = iter(range(EP.tries))
    while _covered_distractors(page.items, item, (w, h)) and next(tries, None) is not None:
        alpha, item = _eseal_on_a_unit_line(units, (w, h), identity.unit, spare)
    items = page.items
    if _covered_distractors(items, item, (w, h)):
        alpha, item = first
        hidden = _covered_distractors(items, item, (w, h))
        items = [it for it in items if not any(it is d for d in hidden)]
    img = _composite(page.image, alpha, _RED, over=True)
    page = replace(page, image=img, items=[*items, item], needs_masking=True)
    return page, [(alpha >= INK_LEVEL).astype(np.uint8)]


def _eseal_on_a_unit_line(
    units: Sequence[Item], size: tuple[int, int], unit: str, rng: Rng
) -> tuple[np.ndarray, Item]:
    """One e-seal's alpha and item, centred on a point of one of ``units``' lines."""
    w, h = size
    quad = np.asarray(units[int(rng.integers(len(units)))].quad) * (w, h)
    a, b = quad[0], quad[1]
    t = float(rng.uniform(0.3, 0.7))
    across = float(rng.uniform(-0.4, 0.4)) * float(np.linalg.norm(quad[3] - quad[0]))
    center = (a + t * (b - a) + (0.0, across)).tolist()
    shape = synth._pick(rng, ("round", "round", "oval"))
    return _seal_alpha((w, h), (center[0], center[1]), unit, rng, shape, _RED)


def _covered_distractors(items: Sequence[Item], seal: Item, size: tuple[int, int]) -> list[Item]:
    """The distractor items more than ``EP.covered`` of whose quad lies inside the seal's
    ellipse grown by ``EP.grow``."""
    if seal.ellipse is None:
        return []
    w, h = size
    cx, cy, rx, ry, angle = seal.ellipse
    disc = np.zeros((h, w), np.uint8)
    axes = (round(rx * EP.grow), round(ry * EP.grow))
    cv2.ellipse(disc, (round(cx), round(cy)), axes, angle, 0, 360, 1, -1)
    out = []
    for it in items:
        if it.kind not in DISTRACTOR_ITEM_KINDS:
            continue
        box = np.zeros_like(disc)
        cv2.fillPoly(box, [np.round(np.asarray(it.quad) * (w, h)).astype(np.int32)], 1)
        area = int(box.sum())
        if area and (box & disc).sum() > EP.covered * area:
            out.append(it)
    return out


def _same_line(a: Item, b: Item) -> bool:
    """Whether two items' quads share most of their height (one line of print)."""
    ya, yb = np.asarray(a.quad)[:, 1], np.asarray(b.quad)[:, 1]
    overlap = min(ya.max(), yb.max()) - max(ya.min(), yb.min())
    return overlap > 0.5 * min(np.ptp(ya), np.ptp(yb))
