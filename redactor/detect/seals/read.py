"""Reading: unwrap a seal's arc text (or a square seal's columns) and recognise it."""

from __future__ import annotations

import math
from dataclasses import replace

import cv2
import numpy as np

from redactor.detect.seals.geometry import Shape
from redactor.detect.seals.ink import channel_max, channel_min


def read_arc(rgb: np.ndarray, sh: Shape, ink: str) -> tuple[str, float]:
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
    return recognise_line(strip.astype(np.uint8))


def _crop(rgb: np.ndarray, sh: Shape) -> tuple[np.ndarray, Shape]:
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
    chroma = channel_max(f) - channel_min(f)
    top = max(40.0, float(np.percentile(chroma, 99)))
    return np.clip(255 - chroma * (200.0 / top), 0, 255).astype(np.float32)


def _read_box(rgb: np.ndarray, sh: Shape, ink: str = "red") -> tuple[str, float]:
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
        text, conf = recognise_line(line)
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


def recognise_line(gray: np.ndarray) -> tuple[str, float]:
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
