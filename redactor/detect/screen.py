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

A fine screen (about 3 px) drawn on the pixel grid at an angle beats with it: each dot is one
to a few pixels, how many depends on where the dot falls between pixels, and that phase drifts
slowly across the photo, so the dots' darkness swells and fades in a moire of 10-20 px, a
crosshatch or a field of blobs over the face, that a blur over the dots' pitch keeps (at the
eyes' scale, CenterFace then finds no face). The moire is the screen's own harmonics folded
back under the pixel grid's frequency, at places fixed by the screen's lattice: the lattice is
measured from the area's spectrum (its strongest peak, a square screen's other axis a quarter
turn from it), and every folded harmonic low enough to pass the blur is notched out before it.

The notches leave part of a 3 px screen's crosshatch at 45 degrees. Where the lattice is
measured, the dots are undone instead: with the lattice's phase (where its dots are centred)
each pixel's place in its cell says under which tone a round dot inks it, so each small
neighbourhood's tone is the one that inks as many of its own pixels as are inked, whatever
the phase there (see _undotted). Dots of another shape (an ordered dither's cells) are not
explained so and keep the notch. The face stage searches both smoothings of such a photo
(descreened_views): each finds faces the other misses.
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
    # Screens finer than this pitch (px, the lattice's: see screen_lattice) are rid of their
    # moire (see the module's docstring) before the blur: a 3 px screen's dots are 1-4 pixels
    # and beat with the grid; at 4.5 px and more the blur alone gives eyes back as well
    # (bench.faces' screened part, 4.5 and 6 px screens at 15 and 45 degrees: 100/92/102/94 of
    # 108 eyes notched, 100/90/102/96 not).
    notch_below_pitch: float = 3.75
    # The lattice is measured where the area's spectrum peaks between these frequencies
    # (cycles a pixel: a 9 to 2.2 px pitch), ...
    lattice_band: tuple[float, float] = (1 / 9, 0.45)
    # ... and trusted only when that peak is this many times the band's median (a 3 px screen
    # on f15's one-inch clipping: 133-134; on 6 of the 15 dithered areas of bench.faces' seed
    # 2091 bilevel pages none is trusted, the others are Bayer's 4 and 2.83 px lattices)
    # and the peak a quarter turn away is at least this share of it (a square screen).
    lattice_clarity: float = 20.0
    lattice_square: float = 0.3
    # The lattice's harmonics up to this order along each axis are folded under the pixel
    # grid's frequency; those that land under notch_reach cycles a pixel (and not on the
    # photo's own tones, within two notch widths of zero) are notched, each by a Gaussian
    # notch notch_width cycles a pixel wide (sigma). Set on bench.faces' 3 px screens at 15 and
    # 45 degrees (the real photos' 54 faces): wider notches (0.02) took the face's own detail
    # (45 degrees: 76 -> 56 of 108 eyes), harmonics to order 9 or up to 0.5 cycles found fewer.
    notch_order: int = 7
    notch_reach: float = 0.3
    notch_width: float = 0.012
    # Where the lattice is measured (any pitch), the dots are undone instead (see _undotted):
    # the dot centres are placed from the phase of the ink's spectrum at the lattice's two
    # axes, each pixel's place in its cell gives the tone under which a round dot inks it, and
    # the tone of each neighbourhood is the one whose dots would ink as many of its pixels as
    # are inked. The neighbourhood is a Gaussian of undot_window px (sigma) whatever the
    # pitch: it need not span a cell (the ink its own pixels would hold is matched, not a
    # cell's mean), and wider it takes a small face's eyes (bench.faces' screened part, the
    # shared photos' 54 faces: 6 px screens at 15 / 45 degrees 104 / 104 of 108 eyes at 1.5
    # px, 98 / 96 at half the pitch, 3 px). Tones are tried at undot_levels steps from black
    # to white; a pixel is ink under ink_level. Set on the 3 px screens: 3 px at 45 degrees
    # 76 -> 104 of 108 eyes.
    undot: bool = True
    undot_window: float = 1.5
    undot_levels: int = 48
    ink_level: int = 128
    # ... and trusted only where round dots on that lattice explain the area: of its pixels
    # with both ink and paper near them (the neighbourhood's ink between 5% and 95%), at
    # least this share is inked as the tones found would ink it. Elsewhere (dots of another
    # shape, an ordered dither's cells: see _fits) the notch and the blur are kept.
    undot_fit: float = 0.85


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


def screen_lattice(
    grey: np.ndarray, settings: ScreenSettings = SETTINGS
) -> tuple[float, float] | None:
    """One basis vector (fx, fy, cycles a pixel) of the screen ``grey`` (an area) is printed
    with, measured from its spectrum; None when no clear square lattice shows (see
    ScreenSettings.lattice_clarity)."""
    h, w = grey.shape
    g = grey.astype(np.float32) - float(grey.mean())
    # A window keeps the area's edges (paper beside ink) from smearing the peaks.
    window = np.outer(np.hanning(h), np.hanning(w)).astype(np.float32)
    power = np.abs(np.fft.fft2(g * window))
    fy, fx = np.fft.fftfreq(h)[:, None], np.fft.fftfreq(w)[None, :]
    radius = np.hypot(fy, fx)
    band = (radius >= settings.lattice_band[0]) & (radius <= settings.lattice_band[1])
    if not band.any():
        return None
    iy, ix = np.unravel_index(int(np.argmax(np.where(band, power, 0))), power.shape)
    peak, floor = float(power[iy, ix]), float(np.median(power[band]))
    if peak < settings.lattice_clarity * max(floor, 1e-6):
        return None
    # Between bins: the peak's harmonics are notched up to notch_order times as far out.
    gx = _between_bins(power[iy, :], ix) / w
    gy = _between_bins(power[:, ix], iy) / h
    gx, gy = (gx + 0.5) % 1.0 - 0.5, (gy + 0.5) % 1.0 - 0.5

    def at(fx_: float, fy_: float) -> float:
        return float(power[round(fy_ * h) % h, round(fx_ * w) % w])

    if at(-gy, gx) < settings.lattice_square * peak:
        return None
    # The strongest peak may be the sum of the two axes' (a 4.5 px screen at 45 degrees peaks
    # across the rows, at 3.2 px): then the lattice is half that sum and its quarter turn.
    half = ((gx - gy) / 2, (gy + gx) / 2)
    if float(np.hypot(*half)) >= settings.lattice_band[0] and at(*half) >= (
        settings.lattice_clarity * max(floor, 1e-6)
    ):
        return half
    return gx, gy


def _between_bins(line: np.ndarray, k: int) -> float:
    """Where a peak at bin ``k`` of a (circular) spectrum line lies between bins: a parabola
    through it and its two neighbours."""
    n = len(line)
    a, b, c = float(line[(k - 1) % n]), float(line[k]), float(line[(k + 1) % n])
    bend = a - 2 * b + c
    return k + (0.5 * (a - c) / bend if bend else 0.0)


def _moire_kept(
    shape: tuple[int, int], lattice: tuple[float, float], settings: ScreenSettings
) -> np.ndarray:
    """The share of each frequency of an area of ``shape`` kept: 1 but at the notches over the
    lattice's folded harmonics (see ScreenSettings.notch_order)."""
    h, w = shape
    fy, fx = np.fft.fftfreq(h), np.fft.fftfreq(w)
    keep = np.ones((h, w), np.float64)
    one, other = np.array(lattice), np.array([-lattice[1], lattice[0]])
    n, width = settings.notch_order, settings.notch_width
    for a in range(-n, n + 1):
        for b in range(-n, n + 1):
            f = (a * one + b * other + 0.5) % 1.0 - 0.5
            if 2 * width < float(np.hypot(*f)) < settings.notch_reach:
                # A round Gaussian is the product of one along each axis: two short rows of
                # exponentials instead of a page of them.
                across = np.exp(-((fx - f[0]) ** 2) / (2 * width**2))
                down = np.exp(-((fy - f[1]) ** 2) / (2 * width**2))
                keep *= 1 - np.outer(down, across)
    return keep


def _without_moire(region: np.ndarray, settings: ScreenSettings) -> np.ndarray:
    """``region`` (a fine screen's area) with its moire notched out (see the module's
    docstring), in float32; the region itself when its lattice does not show clearly."""
    grey = region if region.ndim == 2 else cv2.cvtColor(region[..., :3], cv2.COLOR_RGB2GRAY)
    lattice = screen_lattice(grey, settings)
    if lattice is None or 1 / float(np.hypot(*lattice)) >= settings.notch_below_pitch:
        return region
    keep = _moire_kept(grey.shape, lattice, settings)
    planes = region[..., None] if region.ndim == 2 else region
    out = np.empty(planes.shape, np.float32)
    for c in range(planes.shape[2]):
        if c and np.array_equal(planes[..., c], planes[..., 0]):
            out[..., c] = out[..., 0]  # a grey page's channels: notched once
            continue
        plane = planes[..., c].astype(np.float32)
        mean = float(plane.mean())
        out[..., c] = np.fft.ifft2(np.fft.fft2(plane - mean) * keep).real + mean
    # Not clipped: the notched dots overshoot paper and ink, and clipping them before the blur
    # would bias every area's tone (the blur brings them back in range).
    return out[..., 0] if region.ndim == 2 else out


def _lattice_origin(ink: np.ndarray, one: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Where a dot of the lattice (basis ``one``, ``other``, cycles a pixel) is centred, in
    pixels: the ink's Fourier coefficient at each axis peaks where that axis' phase puts the
    dots, so the two phases give the centre (any dot's: the lattice repeats)."""
    h, w = ink.shape
    ys, xs = np.arange(h, dtype=np.float64), np.arange(w, dtype=np.float64)
    centred = ink - float(ink.mean())
    phases = []
    for fx, fy in (one, other):
        # exp(-2 pi i (fx x + fy y)) as an outer product: two short rows, not a page.
        wave = np.outer(np.exp(-2j * np.pi * fy * ys), np.exp(-2j * np.pi * fx * xs))
        phases.append(-float(np.angle((centred * wave).sum())) / (2 * np.pi))
    return np.linalg.solve(np.array([one, other]), np.array(phases))


def _dot_tones(
    shape: tuple[int, int], one: np.ndarray, other: np.ndarray, origin: np.ndarray
) -> np.ndarray:
    """Per pixel, the tone (0-255) under which a round dot of the screen inks it: a dot's area
    is its cell's darkness, so a pixel at distance d (in cells) from its dot's centre is inked
    by tones under 255 (1 - pi d^2)."""
    h, w = shape
    ys = np.arange(h, dtype=np.float64)[:, None] - origin[1]
    xs = np.arange(w, dtype=np.float64)[None, :] - origin[0]
    u, v = one[0] * xs + one[1] * ys, other[0] * xs + other[1] * ys
    d2 = (u - np.round(u)) ** 2 + (v - np.round(v)) ** 2
    return (255.0 * (1.0 - np.pi * d2)).astype(np.float32)


def _undotted(
    grey: np.ndarray, lattice: tuple[float, float], settings: ScreenSettings
) -> np.ndarray | None:
    """A screened area's tones (float32) from its dots (see ScreenSettings.undot), or None
    where round dots on ``lattice`` do not explain it (ScreenSettings.undot_fit).

    A blur over the dots gives back the share of ink near each pixel, but which pixels a dot
    of a given tone inks depends on where its centre falls between pixels, a phase that drifts
    across the area: that is the moire. Here each neighbourhood's ink is matched against the
    ink its own pixels would hold under each tone, so the phase cancels out."""
    one = np.array(lattice, np.float64)
    other = np.array([-lattice[1], lattice[0]])
    ink = (grey < settings.ink_level).astype(np.float32)
    tones = _dot_tones(grey.shape, one, other, _lattice_origin(ink, one, other))
    sigma = settings.undot_window
    seen = cv2.GaussianBlur(ink, (0, 0), sigma)
    levels = np.linspace(0.0, 255.0, settings.undot_levels)
    step = float(levels[1] - levels[0])
    # The tone is where the inked share, falling as the tone lightens, crosses the seen one:
    # each step between levels adds its share of the way (1 above the crossing, 0 below).
    out = np.zeros(grey.shape, np.float32)
    above = cv2.GaussianBlur((tones > levels[0]).astype(np.float32), (0, 0), sigma)
    for g in levels[1:]:
        below = cv2.GaussianBlur((tones > g).astype(np.float32), (0, 0), sigma)
        fall = above - below
        part = np.divide(above - seen, fall, out=(above > seen).astype(np.float32), where=fall > 0)
        out += step * np.clip(part, 0.0, 1.0)
        above = below
    return out if _fits(ink, seen, tones > out, settings) else None


def _fits(ink: np.ndarray, seen: np.ndarray, inked: np.ndarray, settings: ScreenSettings) -> bool:
    """Whether the tones found ink the area's pixels as it is inked (ScreenSettings.undot_fit),
    judged where both ink and paper are near (a flat paper or ink margin agrees with anything)."""
    mixed = (seen > 0.05) & (seen < 0.95)
    if not mixed.any():
        return False
    return float(((ink > 0) == inked)[mixed].mean()) >= settings.undot_fit


def _undone(region: np.ndarray, settings: ScreenSettings) -> np.ndarray | None:
    """``region`` (a screened area) before the blur with its dots undone, where its lattice
    shows and round dots explain it (_undotted); None elsewhere."""
    grey = region if region.ndim == 2 else cv2.cvtColor(region[..., :3], cv2.COLOR_RGB2GRAY)
    lattice = screen_lattice(grey, settings) if settings.undot else None
    tones = None if lattice is None else _undotted(grey, lattice, settings)
    if tones is None:
        return None
    # A screened area is printed in one ink: its tones go to every channel.
    return tones if region.ndim == 2 else np.repeat(tones[..., None], region.shape[2], axis=2)


def _toned(region: np.ndarray, settings: ScreenSettings) -> np.ndarray:
    """``region`` (a screened area) before the blur: its dots undone (_undone), else a fine
    screen's moire notched out (_without_moire), else the region itself."""
    undone = _undone(region, settings)
    return _without_moire(region, settings) if undone is None else undone


def descreened_views(image: np.ndarray, settings: ScreenSettings = SETTINGS) -> list[np.ndarray]:
    """``image`` with its screened photos smoothed into tones (see the module's docstring):
    their dots undone where that can be done, and, where any was, a second view with every
    area notched and blurred as before. The face stage searches both: each finds faces the
    other misses (bench.faces' screened part: 3 px at 45 degrees, undone alone found 15 faces
    more and lost one). ``[image]`` when it has no screened photo."""
    areas = screened_areas(image, settings)
    if not areas:
        return [image]
    out, kept = image.copy(), image.copy()
    h, w = image.shape[:2]
    two = False
    for (x0, y0, x1, y1), sigma in areas:
        x1, y1 = min(w, x1), min(h, y1)
        region = image[y0:y1, x0:x1]
        undone = _undone(region, settings)
        _paste(kept, (x0, y0), _without_moire(region, settings), sigma)
        if undone is None:
            out[y0:y1, x0:x1] = kept[y0:y1, x0:x1]
        else:
            _paste(out, (x0, y0), undone, sigma)
            two = True
    return [out, kept] if two else [out]


def _paste(out: np.ndarray, at: tuple[int, int], region: np.ndarray, sigma: float) -> None:
    """``region`` blurred by ``sigma`` into ``out`` at ``at`` (x, y)."""
    smooth = cv2.GaussianBlur(region, (0, 0), sigma)
    h, w = smooth.shape[:2]
    x0, y0 = at
    out[y0 : y0 + h, x0 : x0 + w] = np.clip(smooth, 0, 255) if smooth.dtype != out.dtype else smooth


def descreened(image: np.ndarray, settings: ScreenSettings = SETTINGS) -> np.ndarray:
    """``image`` with its screened photos smoothed into tones, their dots undone where that
    can be done (see descreened_views); the image itself when it has none."""
    return descreened_views(image, settings)[0]
