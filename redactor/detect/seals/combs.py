"""Rows of like boxes printed for one character each (an envelope's postcode cells): no
seals (see settings.CombTest)."""

from __future__ import annotations

import cv2
import numpy as np

from redactor.detect.seals.geometry import Candidate, Shape
from redactor.detect.seals.ink import ink_masks
from redactor.detect.seals.settings import COMB, CombTest


def without_combs(cands: list[Candidate], rgb: np.ndarray, s: CombTest = COMB) -> list[Candidate]:
    """``cands`` (found on ``rgb``, working pixels) less every cell of a comb."""
    if not cands:
        return cands
    masks, dark, _ = ink_masks(rgb)
    out = []
    for c in cands:
        ink = masks[c.ink][1] if c.ink in masks else (dark > 0.3).astype(np.uint8)
        if _empty_inside(c.shape, ink, s) and _repeats(c.shape, ink.astype(np.float32), s):
            continue
        out.append(c)
    return out


def _empty_inside(sh: Shape, ink: np.ndarray, s: CombTest) -> bool:
    """Whether the middle of the outline holds little ink (see CombTest.max_inside)."""
    inner = np.zeros(ink.shape, np.uint8)
    cv2.fillPoly(inner, [np.round(sh.polygon(s.inner - 1.0, 0.0)).astype(np.int32)], 1)
    area = int(inner.sum())
    return area > 0 and float(ink[inner > 0].mean()) < s.max_inside


def _repeats(sh: Shape, ink: np.ndarray, s: CombTest) -> bool:
    """Whether the candidate's ink repeats along its row or its column (see CombTest)."""
    h, w = ink.shape
    half = s.pad * max(sh.rx, sh.ry)
    x0, y0 = int(round(sh.cx - half)), int(round(sh.cy - half))
    x1, y1 = int(round(sh.cx + half)), int(round(sh.cy + half))
    if x0 < 0 or y0 < 0 or x1 > w or y1 > h or x1 - x0 < 4:
        return False
    patch = ink[y0:y1, x0:x1]
    if float(patch.std()) == 0.0:
        return False
    reach = int(round(s.steps[1] * sh.r + half))
    for along_x in (True, False):
        if along_x:
            lo, hi = max(0, x0 - reach), min(w, x1 + reach)
            strip, origin = ink[y0:y1, lo:hi], x0 - lo
        else:
            lo, hi = max(0, y0 - reach), min(h, y1 + reach)
            strip, origin = ink[lo:hi, x0:x1], y0 - lo
        if strip.shape[0] < patch.shape[0] or strip.shape[1] < patch.shape[1]:
            continue
        scores = cv2.matchTemplate(strip, patch, cv2.TM_CCOEFF_NORMED).ravel()
        if _both_sides_or_twice(scores, origin, sh.r, s):
            return True
    return False


def _both_sides_or_twice(scores: np.ndarray, origin: int, r: float, s: CombTest) -> bool:
    """Whether the match ``scores`` (by offset; the candidate itself at ``origin``) repeat
    the candidate a step away on both sides, or at one and about two steps on one side."""
    offsets = np.arange(scores.size) - origin
    near = (np.abs(offsets) >= s.steps[0] * r) & (np.abs(offsets) <= s.steps[1] * r)
    before = near & (offsets < 0) & (scores >= s.min_match)
    after = near & (offsets > 0) & (scores >= s.min_match)
    if before.any() and after.any():
        return True
    for side in (before, after):
        if side.any():
            step = int(np.abs(offsets[side][np.argmax(scores[side])]))
            twice = origin + 2 * step * (1 if side is after else -1)
            lo, hi = twice - int(0.15 * step), twice + int(0.15 * step) + 1
            if lo >= 0 and hi <= scores.size and scores[lo:hi].max() >= s.min_match:
                return True
    return False
