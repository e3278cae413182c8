"""Ink masks: per ink colour (red, blue) relative to the local paper, and the grey darkness map."""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

from redactor.detect.seals.settings import INK


def _paper(v: np.ndarray) -> np.ndarray:
    """Local paper brightness from the max-channel image: a max filter wider than any stroke,
    computed at 1/8 scale (cheap), then smoothed. Red ink keeps a high max channel, so a big red
    stamp does not darken the estimate; only black text does, and the max filter removes it."""
    h, w = v.shape
    small = cv2.resize(v, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    small = cv2.dilate(small, np.ones((5, 5), np.uint8))
    small = cv2.GaussianBlur(small, (0, 0), 2.0)
    bg = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    return np.maximum(bg, 30.0)


def channel_max(image: np.ndarray) -> np.ndarray:
    """The largest of an H x W x 3 image's channels, per pixel: ``image.max(axis=2)``, which
    numpy reduces pixel by pixel over the short last axis (about 20x slower on a page)."""
    return np.maximum(np.maximum(image[:, :, 0], image[:, :, 1]), image[:, :, 2])


def channel_min(image: np.ndarray) -> np.ndarray:
    """The smallest of an H x W x 3 image's channels, per pixel (see ``channel_max``)."""
    return np.minimum(np.minimum(image[:, :, 0], image[:, :, 1]), image[:, :, 2])


def _median_u8(rgb: np.ndarray, channel: int, where: np.ndarray) -> float:
    """``np.median`` of one channel of a uint8 image over the pixels ``where`` (uint8 0/1), from
    its histogram: the same value (the mean of the two middle levels), without a copy and sort."""
    counts = np.cumsum(cv2.calcHist([rgb], [channel], where, [256], [0, 256]).ravel())
    n = int(counts[-1])
    if n == 0:
        return float("nan")
    lo = int(np.searchsorted(counts, (n - 1) // 2, side="right"))
    hi = int(np.searchsorted(counts, n // 2, side="right"))
    return (lo + hi) / 2


def _white_balance(rgb: np.ndarray) -> np.ndarray:
    """Scale each channel so the paper is neutral: warm lamp light on a phone photo and cream
    certificate paper would otherwise look faintly orange everywhere."""
    f = rgb.astype(np.float32)
    v = channel_max(f)
    bright = v >= np.percentile(v, 80)
    if rgb.dtype == np.uint8:
        mask = bright.view(np.uint8)
        rgb = np.ascontiguousarray(rgb)
        paper = np.array([_median_u8(rgb, c, mask) for c in range(3)], np.float32)
    else:
        paper = np.array([np.median(f[:, :, c][bright]) for c in range(3)], np.float32)
    gain = paper.max() / np.maximum(paper, 1.0)
    return f * np.minimum(gain, 1.6)


class InkPlanes(NamedTuple):
    """What the ink measures start from: the white-balanced page as uint8, the local paper
    level, each pixel's chroma against it, whether it is not black, and per ink colour where
    pixels are of its hue and not black (ink_planes)."""

    u8: np.ndarray
    paper: np.ndarray
    chroma: np.ndarray
    bright: np.ndarray
    hues: dict[str, np.ndarray]


def ink_planes(rgb: np.ndarray) -> InkPlanes:
    f = _white_balance(rgb)
    mx = channel_max(f)
    mn = channel_min(f)
    bg = _paper(mx)
    chroma = (mx - mn) / bg
    u8 = np.clip(f, 0, 255).astype(np.uint8)
    hue = cv2.cvtColor(u8, cv2.COLOR_RGB2HSV_FULL)[:, :, 0].astype(np.float32) * (360.0 / 256.0)
    bright = mx / bg > INK.black_below  # darker: black ink, whatever its JPEG fringe colour
    hues = {}
    for name, (lo, hi) in INK.hues:
        hh = np.where(hue > 180 + (lo + hi) / 2, hue - 360, hue) if lo < 0 else hue
        hues[name] = (hh >= lo) & (hh <= hi) & bright
    return InkPlanes(u8, bg, chroma, bright, hues)


def ink_masks(
    rgb: np.ndarray,
) -> tuple[dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]], np.ndarray, float]:
    """``masks_of`` the planes of ``rgb``."""
    return masks_of(ink_planes(rgb))


def masks_of(
    planes: InkPlanes,
) -> tuple[dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]], np.ndarray, float]:
    """Per ink colour, four 0/1 masks of that ink (strict, for finding outlines; lenient, for
    judging rings of faint stamps; faintest, for the arc text of a faint stamp inside a clean
    rim; trace, for a faint oval stamp's text blurred fainter still, InkSettings.chroma_trace);
    the grey darkness map (0..1); and the share of pixels that are strongly coloured (decides
    whether the page is a grey copy)."""
    chroma = planes.chroma
    masks: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {
        name: (
            (inhue & (chroma > INK.chroma_min)).astype(np.uint8),
            (inhue & (chroma > INK.chroma_lenient)).astype(np.uint8),
            (inhue & (chroma > INK.chroma_faintest)).astype(np.uint8),
            (inhue & (chroma > INK.chroma_trace)).astype(np.uint8),
        )
        for name, inhue in planes.hues.items()
    }
    bg = planes.paper
    grey = cv2.cvtColor(planes.u8, cv2.COLOR_RGB2GRAY).astype(np.float32)
    dark = np.clip((bg - grey) / bg, 0, 1)
    strong = float(np.mean((chroma > INK.strong_chroma) & planes.bright))
    return masks, dark, strong


def coloured_ink(planes: InkPlanes) -> tuple[np.ndarray, np.ndarray]:
    """Two float32 maps of the page ``planes`` are of: 1.0 where a pixel is at least
    InkSettings.chroma_min colourful against the paper (as ``masks_of`` measures it) and not
    black; 1.0 where it is black (darker than InkSettings.black_below of the paper: print,
    whatever its colour fringe)."""
    coloured = (planes.chroma > INK.chroma_min) & planes.bright
    return coloured.astype(np.float32), (~planes.bright).astype(np.float32)


def ink_chroma(rgb: np.ndarray) -> dict[str, np.ndarray]:
    """Per ink colour, the chroma (as ``ink_masks`` measures it, against the paper) of the
    pixels of that hue, 0 elsewhere: how strongly each pixel is that ink, not only whether
    (verify's blurred-seal check looks for the pale rim of a blurred seal in it)."""
    planes = ink_planes(rgb)
    return {
        name: np.where(inhue, planes.chroma, 0).astype(np.float32)
        for name, inhue in planes.hues.items()
    }
