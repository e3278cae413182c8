"""Screened photos: halftone dots (a newspaper clipping, a printed brochure) and dithered pixels
(a photo on a 1-bit fax or G4 scan), smoothed back into tones for the face stage.

CenterFace sees a photo printed as dots as a pattern: a face it finds there is judged drawn (its
box is black and paper, with no skin tones) and one it does not find is left with its eyes
readable. The dots are the photo's tones at a fine pitch, so blurring them over about their pitch
gives the photo back. Only the face stage looks at the smoothed copy; what is painted is the page
as it is.

A screened area is told from print by its tiles: every row and column of a tile crosses from ink
to paper and back many times (print has the gaps between its lines and strokes wider than dots),
nearly every pixel is ink or paper (a photo in continuous tones has mid-tones), and such tiles
join into a photo-sized area. A small photo's pale skin holds dots too small and sparse for
the crossings to pass (a 5-6 px screen crosses 0.15-0.2 times a pixel there): its tiles are
told from print by their dots instead, many small blobs (or, in dark parts, holes) spaced as
evenly as a screen's lattice, filling the tile; print's pieces are few and unevenly spaced.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class ScreenSettings:
    """When an area of a page is a screened photo, and how it is smoothed."""

    # Tiles of this many pixels are judged one by one.
    tile: int = 24
    # The tile's ink and paper (its 5th and 95th grey percentiles) differ by at least this much:
    # dots are printed in full ink.
    min_contrast: float = 90.0
    # At least this share of the tile's pixels lies in the outer quarters of that range (ink or
    # paper, not between): a continuous-tone photo fails, a JPEG'd clipping passes (0.8-0.95).
    min_extreme: float = 0.75
    # Crossings from ink to paper per pixel along rows and along columns, each at least this:
    # dots of a 3-8 px pitch cross 0.25-0.45 times a pixel, print of 12-40 px text 0.1-0.2
    # (measured on the shared real pages and the probes, round 8).
    min_crossings: float = 0.2
    # The first look passes tiles with this share of min_crossings at their mid grey (between
    # their darkest and lightest pixel), and a range of min_contrast.
    prefilter_crossings: float = 0.5
    # Share of the tile's rows (and of its columns) that cross at least once: print leaves the
    # rows between its lines empty.
    min_rows_crossed: float = 0.9
    # The tile holds some ink and some paper (a flat black or white tile says nothing).
    min_ink: float = 0.1
    max_ink: float = 0.9
    # A tile that fails the crossings is screened when its dots are a screen's lattice: the
    # blobs of its minority phase (ink dots in pale parts, paper holes in dark ones) number at
    # least this share of the lattice sites a tile holds at their spacing (the median distance
    # from each blob to its nearest), ...
    dot_fill: float = 0.6
    # ... at least this many, ...
    min_dots: int = 6
    # ... that spacing within a screen's pitches (px), ...
    dot_spacing: tuple[float, float] = (2.5, 9.0)
    # ... and nearly the same for every blob: the spread (standard deviation over mean) of the
    # nearest distances at most this. On seed 2281's clipping (a 5.7 px screen at 45 degrees)
    # its face's tiles had 13-21 blobs, spread 0.02-0.17; the shared real pages' print tiles
    # with that spread had 6-9 blobs, under half the lattice's sites.
    dot_spread: float = 0.2
    # Screened tiles joined (8-connected, after closing one-tile gaps) into an area of at least
    # this many tiles make a screened photo: print leaves only scattered tiles (1-15 on the
    # shared real pages, none joined into more than a few).
    min_tiles: int = 16
    # The area smoothed reaches this many tiles past the screened tiles (see screened_areas).
    margin_tiles: int = 3
    # The smoothing's Gaussian sigma, as a share of the dot pitch (two runs: 2 / crossings),
    # within these bounds in pixels.
    sigma_per_pitch: float = 0.3
    min_sigma: float = 1.0
    max_sigma: float = 4.0


SETTINGS = ScreenSettings()


def _tile_stats(grey: np.ndarray, s: ScreenSettings) -> tuple[np.ndarray, np.ndarray]:
    """Per tile: whether it looks screened, and its crossings per pixel."""
    t = s.tile
    bh, bw = grey.shape[0] // t, grey.shape[1] // t
    screened = np.zeros((bh, bw), bool)
    crossings = np.zeros((bh, bw), np.float32)
    every = grey[: bh * t, : bw * t].reshape(bh, t, bw, t).transpose(0, 2, 1, 3)
    # A cheap first look (a blank tile, a tile of print) keeps the percentiles to the few
    # tiles that may be screened: half the crossings asked, at the tile's mid grey.
    lo, hi = every.min(axis=(2, 3)), every.max(axis=(2, 3))
    rough = every < ((lo.astype(np.int16) + hi) // 2)[..., None, None]
    rough_across = (rough[..., :, 1:] != rough[..., :, :-1]).mean(axis=(2, 3))
    rough_down = (rough[..., 1:, :] != rough[..., :-1, :]).mean(axis=(2, 3))
    maybe = (hi.astype(np.int16) - lo >= s.min_contrast) & (
        np.minimum(rough_across, rough_down) >= s.prefilter_crossings * s.min_crossings
    )
    if not maybe.any():
        return screened, crossings
    judged, across_down = _judged(every[maybe].astype(np.int16), s)
    screened[maybe] = judged
    crossings[maybe] = across_down
    return screened, crossings


def _judged(tiles: np.ndarray, s: ScreenSettings) -> tuple[np.ndarray, np.ndarray]:
    """For tiles (n, t, t): whether each is screened, and its crossings per pixel."""
    lo = np.percentile(tiles, 5, axis=(1, 2))[:, None, None]
    hi = np.percentile(tiles, 95, axis=(1, 2))[:, None, None]
    quarter = (hi - lo) / 4
    extreme = ((tiles < lo + quarter) | (tiles > hi - quarter)).mean(axis=(1, 2))
    ink = tiles < (lo + hi) / 2
    across = (ink[..., :, 1:] != ink[..., :, :-1]).mean(axis=(1, 2))
    down = (ink[..., 1:, :] != ink[..., :-1, :]).mean(axis=(1, 2))
    rows = (ink.any(axis=2) & ~ink.all(axis=2)).mean(axis=1)
    cols = (ink.any(axis=1) & ~ink.all(axis=1)).mean(axis=1)
    share = ink.mean(axis=(1, 2))
    toned = (
        ((hi - lo)[:, 0, 0] >= s.min_contrast)
        & (extreme >= s.min_extreme)
        & (share >= s.min_ink)
        & (share <= s.max_ink)
    )
    crossed = (np.minimum(across, down) >= s.min_crossings) & (
        np.minimum(rows, cols) >= s.min_rows_crossed
    )
    screened = toned & crossed
    for i in np.flatnonzero(toned & ~crossed):
        screened[i] = _a_dot_lattice(ink[i], s)
    return screened, (across + down) / 2


def _a_dot_lattice(ink: np.ndarray, s: ScreenSettings) -> bool:
    """Whether a tile's ink (bool, t x t) is a screen's dots: see ScreenSettings.dot_fill."""
    minority = ~ink if ink.mean() > 0.5 else ink
    n, _, _, centres = cv2.connectedComponentsWithStats(minority.astype(np.uint8), connectivity=8)
    if n - 1 < s.min_dots:
        return False
    c = centres[1:]
    apart = np.hypot(c[:, None, 0] - c[None, :, 0], c[:, None, 1] - c[None, :, 1])
    np.fill_diagonal(apart, np.inf)
    nearest = apart.min(axis=1)
    spacing = float(np.median(nearest))
    if not s.dot_spacing[0] <= spacing <= s.dot_spacing[1]:
        return False
    sites = (ink.shape[0] / spacing) * (ink.shape[1] / spacing)
    spread = float(nearest.std() / nearest.mean())
    return n - 1 >= s.dot_fill * sites and spread <= s.dot_spread


def screened_areas(
    image: np.ndarray, settings: ScreenSettings = SETTINGS
) -> list[tuple[tuple[int, int, int, int], float]]:
    """Screened photos on a page: (x0, y0, x1, y1) in pixels and the smoothing sigma of each."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image[..., :3], cv2.COLOR_RGB2GRAY)
    t = settings.tile
    if grey.shape[0] < 2 * t or grey.shape[1] < 2 * t:
        return []
    screened, crossings = _tile_stats(grey, settings)
    if int(screened.sum()) < settings.min_tiles:
        return []
    joined = cv2.morphologyEx(screened.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    areas = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        mine = (labels == i) & screened
        if int(mine.sum()) < settings.min_tiles:
            continue
        pitch = 2.0 / max(float(crossings[mine].mean()), 1e-3)
        sigma = min(settings.max_sigma, max(settings.min_sigma, settings.sigma_per_pitch * pitch))
        # A margin around the area: the photo's pale parts (a white shirt) hold too few dots,
        # and its dark parts (a suit) too few gaps, to be screened tiles, but are the photo.
        m = settings.margin_tiles
        box = (max(0, (x - m) * t), max(0, (y - m) * t), (x + w + m) * t, (y + h + m) * t)
        areas.append((box, sigma))
    return areas


def descreened(image: np.ndarray, settings: ScreenSettings = SETTINGS) -> np.ndarray:
    """``image`` with its screened photos smoothed into tones (see the module's docstring); the
    image itself when it has none."""
    areas = screened_areas(image, settings)
    if not areas:
        return image
    out = image.copy()
    h, w = image.shape[:2]
    for (x0, y0, x1, y1), sigma in areas:
        x1, y1 = min(w, x1), min(h, y1)
        out[y0:y1, x0:x1] = cv2.GaussianBlur(image[y0:y1, x0:x1], (0, 0), sigma)
    return out
