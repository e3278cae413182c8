"""Translucent tints taken off the page before the ink masks (TintSettings).

A highlighter stroke, or a coloured box with its opacity left low, drawn over a seal leaves the
seal in view but turns its ink's colour: red under green reads brown-orange, and under pink the
paper round the seal is itself of the seal's hue. Where a region of the page is tinted paper,
each pixel's darkening from that tinted paper is laid on white paper instead: an alpha-blended
tint (``(1 - a) * ink + a * tint``) scales a pixel's darkening by ``1 - a`` in every channel
and keeps its hue; a dye (a marker) multiplies each channel by its transmittance, and the
darkening is scaled back by it in part (TintSettings.dye).
"""

from __future__ import annotations

import cv2
import numpy as np

from redactor.detect.seals.settings import TINT, TintSettings


def _paper_colour(rgb: np.ndarray) -> np.ndarray:
    """The page's paper colour: each channel's median over the brightest fifth of the page."""
    v = np.maximum(np.maximum(rgb[:, :, 0], rgb[:, :, 1]), rgb[:, :, 2])
    bright = v >= np.percentile(v, 80)
    return np.maximum(np.array([np.median(rgb[:, :, c][bright]) for c in range(3)], np.float32), 1)


def tinted_regions(
    rgb: np.ndarray, s: TintSettings = TINT
) -> list[tuple[tuple[int, int, int, int], np.ndarray, np.ndarray]]:
    """Regions of tinted paper in ``rgb`` (uint8, the working image): each one's box (x0, y0,
    x1, y1, working pixels), its tinted paper's colour (RGB) and where it lies (0/1, the box's
    pixels)."""
    h, w = rgb.shape[:2]
    sw, sh = max(1, w // s.scale), max(1, h // s.scale)
    small = cv2.resize(rgb, (sw, sh), interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, np.ones((s.window, s.window), np.uint8)).astype(np.float32)
    rel = paper / _paper_colour(small.astype(np.float32))
    hi, lo = rel.max(axis=2), rel.min(axis=2)
    tinted = (hi - lo >= s.min_chroma * hi) & (lo >= s.min_light * hi) & (hi >= s.min_bright)
    u8 = np.clip(rel * 255 / np.maximum(hi, 1e-3)[:, :, None], 0, 255).astype(np.uint8)
    hue = cv2.cvtColor(u8, cv2.COLOR_RGB2HSV_FULL)[:, :, 0].astype(np.float32) * (360.0 / 256.0)
    hue = np.where(hue > 180, hue - 360, hue)
    for lo_h, hi_h in s.ink_hues:
        tinted &= ~((hue >= lo_h) & (hue <= hi_h))
    if int(tinted.sum()) < s.min_area:
        return []
    n, labels, stats, _ = cv2.connectedComponentsWithStats(tinted.astype(np.uint8), connectivity=8)
    k = max(3, round(s.close * max(h, w)))
    close = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    out = []
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if area < s.min_area:
            continue
        colour = np.median(paper[labels == i], axis=0)
        # the brightest-channel window saw the white paper past the tint's edge: grown by it
        g = s.window // 2 + 1
        x0, y0 = max(0, (x - g) * s.scale), max(0, (y - g) * s.scale)
        x1, y1 = min(w, (x + bw + g) * s.scale), min(h, (y + bh + g) * s.scale)
        crop = rgb[y0:y1, x0:x1].astype(np.float32)
        near = (np.abs(crop - colour).max(axis=2) <= s.near).astype(np.uint8)
        part = (labels[y0 // s.scale : y1 // s.scale, x0 // s.scale : x1 // s.scale] == i).astype(
            np.uint8
        )
        part = cv2.resize(part, (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST).astype(bool)
        if near[part].mean() < s.min_paper:
            continue  # not paper under a tint: a photo's colours, a stamp's body
        where = cv2.morphologyEx(near, cv2.MORPH_CLOSE, close)
        where = cv2.dilate(where, np.ones((2 * s.edge_px + 1,) * 2, np.uint8))
        out.append(((x0, y0, x1, y1), colour, where))
    return out


def _least_opacity_gain(colour: np.ndarray, page: np.ndarray, s: TintSettings) -> float:
    """1 / (1 - a) for the least opacity ``a`` a tint of colour ``colour`` over paper ``page``
    can have (TintSettings.opacity): blended at ``a``, a channel falls at most to (1 - a) of
    the paper's, so a >= 1 - (darkest channel / brightest), relative to the paper; the blend
    scaled every pixel's darkening by 1 - a."""
    rel = colour / page
    least = s.opacity * (1.0 - float(rel.min()) / max(float(rel.max()), 1e-3))
    return 1.0 / max(1.0 - least, 1e-3)


def lift_tints(rgb: np.ndarray, s: TintSettings = TINT) -> np.ndarray:
    """``rgb`` with its tinted regions laid on the page's paper (the same array when it has
    none): in each, every pixel keeps its darkening from the tinted paper, in each channel."""
    regions = tinted_regions(rgb, s)
    if not regions:
        return rgb
    out = rgb.copy()
    page = _paper_colour(rgb.astype(np.float32))
    for (x0, y0, x1, y1), colour, where in regions:
        crop = out[y0:y1, x0:x1].astype(np.float32)
        # the tinted paper becomes the page's paper (no edge left where the tint ended); each
        # channel's darkening from it scaled back by the tint's transmittance, in part (dye).
        # Nothing comes out brighter than the paper: the untinted paper the closing took in
        # would (white past 255 has the hue 0 of red, and the ink masks' chroma there 0.08)
        gain = (page / colour) ** s.dye * _least_opacity_gain(colour, page, s)
        lifted = np.clip(page - (colour - crop) * gain, 0, page).astype(np.uint8)
        m = where.astype(bool)
        out[y0:y1, x0:x1][m] = lifted[m]
    return out
