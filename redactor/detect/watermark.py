"""Tiled watermarks: the user's name (王伟 8123) or the unit written light grey at an angle all
over a screenshot, as OA, WeCom, DingTalk and learning apps stamp their pages. Where a tile runs
behind the page's own dark text, OCR reads the dark text and not the tile, and the name stayed
visible; tiles cut by the image's edge (治州人民医院) are no whole target for the matcher.

So a page whose OCR read a text in light ink more than once, a target in light ink, or a long
piece of the unit in light ink is read once more from its light ink alone (the dark text and its
fringe taken out, ``read_watermark``). Targets the matcher finds there are masked; so are the
parts of that layer's lines aligned with a tile's target (``tile_pieces``), long pieces of the
unit (``unit_pieces``), the points of the tiles' lattice that hold light ink where no tile
was read (``lattice_tiles``: a tile behind dark text), and the copies of the tiles and pieces
read, found by their light ink where the dark text leaves some in view (``tile_copies``: a
column of tiles behind the text, which no lattice of the tiles read reaches).
``watermark_findings`` is mask's and verify's one reading of it. Other pages cost the check of
their lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from rapidfuzz import fuzz

from redactor.detect.match import (
    Target,
    dedupe,
    find_identity,
    is_han,
    name_forms,
    normalise,
    unit_forms,
)
from redactor.detect.text import ocr_layer, ocr_layer_at_angle
from redactor.options import Identity
from redactor.types import NAME, OCR, UNIT, BBox, Finding, Quad, TextLine

TEXT_KINDS = (NAME, UNIT)


@dataclass(frozen=True)
class WatermarkSettings:
    """What light ink and a tiled watermark are. Depths are grey levels below the local paper
    (inverted on a dark-mode screenshot)."""

    # The local paper: the lightest level within this window (wider than any stroke), smoothed.
    paper_window: int = 21
    # A dark-mode screenshot: the page's mean grey below this is light text on a dark ground.
    dark_mode_mean: float = 110.0
    # Light ink: a watermark's grey 190-235 on paper of 245-255 is 10-60 levels deep; body
    # text, even a grey photocopy's, is over 90 deep at its strokes' core.
    light_min: int = 6
    light_max: int = 70
    dark_min: int = 90
    # Anti-aliased edges of dark glyphs are light too: dark ink is grown by this many pixels
    # before the light ink is taken.
    dark_fringe: int = 2
    # Where the local paper is darker than this, the window lies inside a dark shape wider than
    # it (a black fill, a photo's dark area): its pixels are dark ink, at full depth. Else the
    # shape's inner edge, a few levels below the fill's own smoothed "paper", is light ink: the
    # black fill over a name read in the light layer as "0" (a ring), and verify took it for a
    # hand-written name (the steep diagonal watermark's test, float32 OCR). A pure black fill's
    # ring lies where that paper is 6-70; a grey copy's paper is 180, a dim photo's over 100.
    min_paper: int = 90
    # The layer's ink is stretched so its depth at this quantile is black (never by more than
    # to make ``stretch_floor`` levels black: paper noise stays grey).
    stretch_quantile: float = 0.95
    stretch_floor: int = 20
    # A line's ink is its pixels this deep or more; its depth the share `ink_quantile` of them.
    line_ink_min: int = 6
    line_ink_quantile: float = 0.9
    # Dark ink over this share of a line's box is a fill reaching into it (print's cores cover
    # less), left out of the judgment.
    fill_share: float = 0.35
    # A text read in light ink this many times on one page is a tiled watermark.
    repeats: int = 2
    # Shortest line text (no spaces) that counts as a tile.
    min_chars: int = 2
    # A tile's piece: a light-layer line that rapidfuzz aligns inside a tile's text at this
    # score or more, over at least one character of the target the tile holds.
    piece_score: float = 75.0
    # A piece of the unit alone: at least this many characters and this share of the unit's
    # form, aligned inside it at this score (治州人民医院 of 博尔塔拉蒙古自治州人民医院; 人民医院
    # alone is too common a piece).
    unit_piece_chars: int = 5
    unit_piece_share: float = 0.35
    unit_piece_score: float = 80.0


WATERMARK = WatermarkSettings()


@dataclass(frozen=True)
class SlantSettings:
    """One large watermark set at a slant, as an office suite sets its text watermark (the unit
    at 45 or 60 degrees across the page, light grey or light red, behind the text). OCR reads
    lines near level; at steeper slants and falling to the right it read none of it, so the
    page had no light target to start the watermark's reading from and the unit stayed. Where
    the page's light ink holds a long straight band at a slant, the light layer is read turned
    level."""

    # Ink seeding the band is light (WatermarkSettings) and at least this deep: the noise of a
    # phone photo's paper is shallower.
    min_depth: int = 20
    # Glyphs are merged into bands by growing them this share of the page's short side.
    grow: float = 1 / 60
    # A band covers at least this many grown squares and is this many times longer than wide.
    min_area: float = 40.0
    min_elongation: float = 4.0
    # Slants within this many degrees of level or upright are the page's own OCR's.
    level_margin: float = 15.0
    # Slants nearer than this (degrees) are one; at most this many are read.
    same_slant: float = 5.0
    max_slants: int = 2
    # A band read level with fewer glyphs than this (weighted by OCR's sureness) is read the
    # other way round too.
    enough_glyphs: float = 4.0
    # A target read in a band is masked to the band's ends (``band_ends``) where it runs along
    # the band (its direction within ``same_slant``) and the band is no more than this many of
    # the target's line heights thick: a thicker "band" is light ink of more than one line.
    max_thickness: float = 2.5
    # Where no band stands out as one piece (a phone photo: the print's blurred strokes are
    # light too and join the watermark's glyphs into one blob with the lines they cross), the
    # glyphs' alignment still shows (``_aligned_band``): light specks of at least
    # ``speck_min_px`` pixels and at most ``speck_max`` of the short side (glyph pieces, not the
    # paper's edge), projected across each slant ``angle_step`` apart, pile up in one strip
    # ``strip`` of the short side wide at the watermark's slant ...
    speck_min_px: int = 6
    speck_max: float = 1 / 10
    strip: float = 1 / 40
    angle_step: float = 1.0
    # ... holding this many times the light ink of the median slant's fullest strip (a
    # watermark at 45-60 degrees on scans, copies and phone photos: 2.6-8; photos, forms and
    # invoices without one: 1.2-2.3) ...
    min_contrast: float = 2.4
    # ... where the band is the longest run of its specks no further apart than this many
    # strips.
    max_gap: float = 3.0


SLANTS = SlantSettings()


@dataclass(frozen=True)
class SlantedBand:
    """A long band of light ink at a slant: one large watermark. ``slant``: its direction in
    degrees, counter-clockwise from level, as cv2 turns an image to set it level; ``quad``: the
    band's least rectangle in the page's pixels."""

    slant: float
    quad: Quad


def slanted_bands(
    depth: np.ndarray, s: SlantSettings = SLANTS, w: WatermarkSettings = WATERMARK
) -> list[SlantedBand]:
    """The long bands of light ink at a slant on the page (SlantSettings); [] on most pages.
    Each reaches along its slant as far as its glyphs' pieces do (``_reached``)."""
    light = (depth >= max(s.min_depth, w.light_min)) & (depth <= w.light_max)
    light &= ~dark_and_fringe(depth, w)
    seeds = cv2.morphologyEx(light.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    if not seeds.any():
        return []
    specks = _Specks.of(seeds, s)
    bands = _band_blobs(seeds, s)
    if not bands:
        aligned = _aligned_band(specks, s)
        bands = [aligned] if aligned is not None else []
    return [_reached(band, specks, s) for band in bands]


def _band_blobs(seeds: np.ndarray, s: SlantSettings) -> list[SlantedBand]:
    """Bands whose light ``seeds``, grown, join into one long piece at a slant."""
    k = max(3, round(min(seeds.shape[:2]) * s.grow))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(
        cv2.dilate(seeds, np.ones((k, k), np.uint8))
    )
    bands: list[SlantedBand] = []
    for i in np.argsort(-stats[1:, cv2.CC_STAT_AREA]) + 1:
        if stats[i, cv2.CC_STAT_AREA] < s.min_area * k * k or len(bands) >= s.max_slants:
            break
        ys, xs = np.nonzero(labels == i)
        rect = cv2.minAreaRect(np.column_stack([xs, ys]).astype(np.float32))
        _, (bw, bh), rect_angle = rect
        if max(bw, bh) < s.min_elongation * max(min(bw, bh), 1.0):
            continue
        # The band's direction in the image (y down), folded to (-90, 90].
        direction = rect_angle if bw >= bh else rect_angle - 90.0
        direction = (direction + 90.0) % 180.0 - 90.0
        if _off_level(direction) >= s.level_margin and all(
            abs(direction - seen.slant) >= s.same_slant for seen in bands
        ):
            bands.append(SlantedBand(direction, Quad.from_seq(cv2.boxPoints(rect))))
    return bands


def _off_level(direction: float) -> float:
    return min(abs(direction), 90.0 - abs(direction))


@dataclass(frozen=True)
class _Specks:
    """The page's small pieces of light ink (SlantSettings: glyphs' pieces, not the paper's
    edge): their labels in ``labels``, pixel counts and centres; ``strip``: the width of a
    strip across a slant, in pixels."""

    labels: np.ndarray
    ids: np.ndarray
    ink: np.ndarray
    centres: np.ndarray
    strip: float

    @staticmethod
    def of(seeds: np.ndarray, s: SlantSettings) -> _Specks:
        short = min(seeds.shape[:2])
        _, labels, stats, centres = cv2.connectedComponentsWithStats(
            cv2.dilate(seeds, np.ones((3, 3), np.uint8))
        )
        extent = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
        small = (stats[:, cv2.CC_STAT_AREA] >= s.speck_min_px) & (extent <= s.speck_max * short)
        ids = np.nonzero(small[1:])[0] + 1
        ink = stats[ids, cv2.CC_STAT_AREA].astype(np.float64)
        return _Specks(labels, ids, ink, centres[ids], max(short * s.strip, 1.0))


def _axes(slant: float) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors along a slant (y down) and across it."""
    theta = np.radians(slant)
    return np.array([np.cos(theta), np.sin(theta)]), np.array([-np.sin(theta), np.cos(theta)])


def _aligned_band(specks: _Specks, s: SlantSettings) -> SlantedBand | None:
    """The one band of light specks lined up at a slant (SlantSettings), found by projecting
    the specks across each slant; None where no slant's strip stands out."""
    if len(specks.ids) < 2:
        return None
    fullest: list[tuple[float, float, int]] = []  # ink in the strip, slant, strip's index
    for slant in np.arange(-90.0 + s.angle_step, 90.0 + 1e-9, s.angle_step):
        if _off_level(float(slant)) < s.level_margin:
            continue
        across = specks.centres @ _axes(float(slant))[1]
        at = ((across - across.min()) // specks.strip).astype(np.int64)
        held = np.bincount(at, weights=specks.ink)
        pairs = held[:-1] + held[1:] if len(held) > 1 else held
        fullest.append((float(pairs.max()), float(slant), int(pairs.argmax())))
    held_most, slant, index = max(fullest)
    if held_most < s.min_contrast * float(np.median([f[0] for f in fullest])):
        return None
    along, across = _axes(slant)
    offsets = specks.centres @ across
    at = (offsets - offsets.min()) // specks.strip
    members = np.nonzero((at == index) | (at == index + 1))[0]
    run = _longest_run(specks.centres[members] @ along, s.max_gap * specks.strip)
    ys, xs = np.nonzero(np.isin(specks.labels, specks.ids[members[run]]))
    rect = cv2.minAreaRect(np.column_stack([xs, ys]).astype(np.float32))
    if max(rect[1]) < s.min_elongation * 2 * specks.strip:
        return None
    return SlantedBand(slant, Quad.from_seq(cv2.boxPoints(rect)))


def _longest_run(along: np.ndarray, max_gap: float) -> np.ndarray:
    """Indices of ``along``'s longest run of values no more than ``max_gap`` apart in turn."""
    order = np.argsort(along)
    breaks = np.nonzero(np.diff(along[order]) > max_gap)[0] + 1
    runs = np.split(order, breaks)
    return max(runs, key=lambda r: float(np.ptp(along[r])) if len(r) > 1 else 0.0)


def _reached(band: SlantedBand, specks: _Specks, s: SlantSettings) -> SlantedBand:
    """``band`` lengthened along its slant over the specks within its width, while none is
    more than ``s.max_gap`` strips from the last: where the band crosses the page's dark
    lines only pieces of its glyphs are left between them, too far apart to join when grown
    (a photocopy: the band ended where the print began and 管理委员会 stayed in view)."""
    along, across = _axes(band.slant)
    corners = np.asarray(band.quad.points, np.float64)
    lo, hi = float((corners @ across).min()), float((corners @ across).max())
    start, end = float((corners @ along).min()), float((corners @ along).max())
    inside = (specks.centres @ across >= lo) & (specks.centres @ across <= hi)
    gap = s.max_gap * specks.strip
    positions = np.sort(specks.centres[inside] @ along)
    for at in positions:
        if end < at <= end + gap:
            end = at
    for at in positions[::-1]:
        if start - gap <= at < start:
            start = at
    points = [along * a + across * c for a, c in ((start, lo), (end, lo), (end, hi), (start, hi))]
    return SlantedBand(band.slant, Quad.from_seq(points))


def band_ends(
    findings: list[Finding], bands: list[SlantedBand], s: SlantSettings = SLANTS
) -> list[Finding]:
    """Targets read along a slanted band, each grown along its line to the band's ends. Where
    the band crosses the page's dark lines, the light layer keeps only broken glyphs, OCR
    reads the band's first clean stretch (阿拉山口市综合保税区) and the matcher's span ends
    there: the rest of the watermark (管理委员会) stayed in view. A band holds one watermark,
    so the target's line runs to the band's ends."""
    out: list[Finding] = []
    for f in findings:
        if f.kind not in TEXT_KINDS:
            continue
        u, v = f.quad.axes()
        for band in bands:
            if not _runs_along(f.quad, band, s):
                continue
            start = np.asarray(f.quad.points[0], np.float64)
            along = (np.asarray(band.quad.points, np.float64) - start) @ u
            lo, hi = min(float(along.min()), 0.0), max(float(along.max()), f.quad.width)
            down = v * f.quad.height
            corners = (start + u * lo, start + u * hi, start + u * hi + down, start + u * lo + down)
            out.append(Finding(f.kind, Quad.from_seq(corners), f.score, f.source, f.text))
            break
    return out


def _runs_along(quad: Quad, band: SlantedBand, s: SlantSettings) -> bool:
    """Whether ``quad`` lies in ``band`` (its centre inside), runs along it (either way round)
    and the band is no thicker than ``s.max_thickness`` of its line."""
    centre = np.asarray(quad.points, np.float32).mean(axis=0)
    corners = np.asarray(band.quad.points, np.float32).reshape(-1, 1, 2)
    if cv2.pointPolygonTest(corners, (float(centre[0]), float(centre[1])), False) < 0:
        return False
    u, _ = quad.axes()
    direction = float(np.degrees(np.arctan2(u[1], u[0])))
    apart = abs((direction - band.slant + 90.0) % 180.0 - 90.0)
    return apart < s.same_slant and min(band.quad.width, band.quad.height) <= (
        s.max_thickness * quad.height
    )


def ink_depth(image: np.ndarray, s: WatermarkSettings = WATERMARK) -> np.ndarray:
    """How far each pixel lies below its local paper, in grey levels (uint8); full depth where
    no paper is near (WatermarkSettings.min_paper)."""
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    if float(grey.mean()) < s.dark_mode_mean:
        grey = 255 - grey
    kernel = np.ones((s.paper_window, s.paper_window), np.uint8)
    paper = cv2.blur(cv2.dilate(grey, kernel), (s.paper_window, s.paper_window))
    depth = cv2.subtract(paper, grey)
    depth[paper < s.min_paper] = 255
    return depth


def light_layer(depth: np.ndarray, s: WatermarkSettings = WATERMARK) -> np.ndarray:
    """The page's light ink alone, dark on white (RGB), the dark ink and its fringe left out."""
    light = _light_ink(depth, s) & ~dark_and_fringe(depth, s)
    layer = np.full(depth.shape, 255, np.uint8)
    ink = depth[light].astype(np.float32)
    if ink.size == 0:
        return np.ascontiguousarray(np.dstack([layer] * 3))
    # Stretched so the layer's own deepest ink is black: a faint mark 10 levels deep reads as
    # well as one 60 deep.
    top = max(float(np.quantile(ink, s.stretch_quantile)), float(s.stretch_floor))
    stretched = 255.0 - ink * (255.0 / top)
    layer[light] = np.clip(stretched, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(np.dstack([layer] * 3))


def dark_and_fringe(depth: np.ndarray, s: WatermarkSettings) -> np.ndarray:
    """The page's dark ink grown by its anti-aliased fringe (``dark_fringe``), which is light."""
    dark = (depth > s.dark_min).astype(np.uint8)
    size = 2 * s.dark_fringe + 1
    return cv2.dilate(dark, np.ones((size, size), np.uint8)) > 0


def _is_light(line: TextLine, depth: np.ndarray, s: WatermarkSettings) -> bool:
    return _quad_is_light(line.quad, depth, s)


def _quad_is_light(quad: Quad, depth: np.ndarray, s: WatermarkSettings) -> bool:
    """Whether the ink inside ``quad`` is light. Inside the quad itself, not its upright box:
    the box of a line at 45 degrees (an office suite's watermark across a page) is a square
    that holds the body's dark lines it crosses, and the watermark was judged dark."""
    b = quad.bbox.clip(depth.shape[1], depth.shape[0])
    x0, y0 = int(b.x0), int(b.y0)
    patch = depth[y0 : int(b.y1) + 1, x0 : int(b.x1) + 1]
    if patch.size == 0:
        return False
    inside = np.zeros(patch.shape, np.uint8)
    corners = np.round(np.asarray(quad.points) - (x0, y0)).astype(np.int32)
    cv2.fillConvexPoly(inside, corners, 1)
    return _pixels_are_light(patch[inside > 0], s)


def _pixels_are_light(patch: np.ndarray, s: WatermarkSettings) -> bool:
    if patch.size and float((patch > s.dark_min).mean()) > s.fill_share:
        # A fill reaches into the box (a mask over the tile beside it): judge the rest.
        patch = patch[patch <= s.dark_min]
    ink = patch[patch >= s.line_ink_min]
    return ink.size > 0 and float(np.quantile(ink, s.line_ink_quantile)) <= s.light_max


def _plain(text: str) -> str:
    """``text`` normalised as the matcher does, without spaces."""
    return normalise(text).replace(" ", "")


def _key(line: TextLine) -> str:
    return _plain(line.text)


def tiled_texts(
    lines: list[TextLine], depth: np.ndarray, s: WatermarkSettings = WATERMARK
) -> set[str]:
    """Texts the page's OCR read in light ink at least ``repeats`` times: a tiled watermark."""
    counts = Counter(
        _key(ln) for ln in lines if len(_key(ln)) >= s.min_chars and _is_light(ln, depth, s)
    )
    return {text for text, n in counts.items() if n >= s.repeats}


def tile_pieces(
    layer_lines: list[TextLine], found: list[Finding], s: WatermarkSettings = WATERMARK
) -> list[Finding]:
    """Layer lines that are pieces of a tile holding a found target (a tile cut by the image's
    edge, 治州人民医院 of 博尔塔拉蒙古自治州人民医院; 林业和草原局 吴敏 of a tile of unit and name,
    where the matcher found only the name), each masked over its characters aligned with that
    target."""
    tiles: list[tuple[str, int, int, str]] = []  # tile text, target's start and end, kind
    for line in layer_lines:
        key = _key(line)
        for f in found:
            text = _plain(f.text)
            at = key.find(text) if text else -1
            if at >= 0 and line.quad.bbox.intersection(f.bbox).area > 0:
                tiles.append((key, at, at + len(text), f.kind))
    pieces: list[Finding] = []
    for line in layer_lines:
        key = _key(line)
        if len(key) < s.min_chars:
            continue
        for tile, start, end, kind in tiles:
            if key == tile or len(key) > len(tile):
                continue  # that tile itself (its targets are the matcher's), or more than it
            hit = fuzz.partial_ratio_alignment(key, tile, score_cutoff=s.piece_score)
            if hit is not None and hit.dest_start < end and hit.dest_end > start:
                # Only the characters aligned with the tile's target (not its digits or date).
                a = hit.src_start + max(start, hit.dest_start) - hit.dest_start
                b = hit.src_start + min(end, hit.dest_end) - hit.dest_start
                quad = _piece_quad(line, a, b)
                pieces.append(Finding(kind, quad, round(hit.score / 100, 3), OCR, line.text))
                break
    return pieces


def _piece_quad(line: TextLine, start: int, end: int) -> Quad:
    """The quad over characters [start, end) of the line's key (its text without spaces); the
    whole line where the key's characters do not map one to one onto the line's."""
    places = [i for i, c in enumerate(line.chars) if normalise(c.text).strip()]
    if len(places) != len(_key(line)) or not 0 <= start < end <= len(places):
        return line.quad
    return line.span_quad(places[start], places[end - 1] + 1)


def unit_pieces(
    layer_lines: list[TextLine], identity: Identity, s: WatermarkSettings = WATERMARK
) -> list[Finding]:
    """Words of layer lines (runs between OCR's spaces: tiles set close run into one line) that
    read as a long piece of the unit (a tile cut by the image's edge or half behind the page's
    text, where no whole tile is left to compare with: verify of a page masked by hand), each
    masked as the unit."""
    forms = [_plain(form) for form, _ in unit_forms(identity)]
    out: list[Finding] = []
    for line in layer_lines:
        for start, end in _words(line):
            word = "".join(normalise(c.text) for c in line.chars[start:end])
            for form in forms:
                shortest = max(s.unit_piece_chars, s.unit_piece_share * len(form))
                if not shortest <= len(word) <= len(form):
                    continue
                hit = fuzz.partial_ratio_alignment(word, form, score_cutoff=s.unit_piece_score)
                if hit is not None:
                    quad = line.span_quad(start, end)
                    out.append(Finding(UNIT, quad, round(hit.score / 100, 3), OCR, line.text))
                    break
    return out


def _words(line: TextLine) -> list[tuple[int, int]]:
    """Runs of the line's characters between spaces, as [start, end) of ``line.chars``."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, c in enumerate(line.chars):
        if normalise(c.text).strip():
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(line.chars)))
    return runs


def read_watermark(
    depth: np.ndarray,
    lines: list[TextLine],
    rotation: int,
    found: list[Finding],
    identity: Identity,
    bands: list[SlantedBand],
    s: WatermarkSettings = WATERMARK,
) -> list[TextLine]:
    """The light ink of a page that carries a watermark (``depth``: its ``ink_depth``), read in
    the page's reading orientation; none on other pages. A watermark: a text read in light ink
    ``repeats`` times (``tiled_texts`` of the OCR ``lines``), a target ``found`` in light ink
    (the first read may see one tile of a faint one), or a long piece of the ``identity``'s unit
    read in light ink (the pieces a hand left of a tiled unit it masked). On any page, the
    ``bands`` of light ink at a slant (``slanted_bands``: one large watermark each) are also
    read, the light layer turned to set each level."""
    layer = None
    slanted: list[TextLine] = []
    for band in bands:
        layer = light_layer(depth, s) if layer is None else layer
        slanted += _read_band(layer, band.slant)
    light_target = any(
        f.source == OCR and _quad_is_light(f.quad, depth, s) for f in found if f.kind in TEXT_KINDS
    )
    if not light_target and not tiled_texts(lines, depth, s):
        light = [ln for ln in lines if _is_light(ln, depth, s)]
        if not unit_pieces(light, identity, s):
            return slanted
    layer = light_layer(depth, s) if layer is None else layer
    return ocr_layer(layer, rotation) + slanted


def _read_band(layer: np.ndarray, slant: float) -> list[TextLine]:
    """The light ``layer`` read with a band at ``slant`` set level: the band runs ``slant``
    degrees below level (y down), so turning the image that much counter-clockwise levels it;
    which way the band reads is not known (a page turned upside down or sideways turns its
    watermark too), so the other way is read too where the first read little."""
    first = ocr_layer_at_angle(layer, slant)
    if _glyphs_read(first) >= SLANTS.enough_glyphs:
        return first
    other = ocr_layer_at_angle(layer, slant + 180.0)
    return other if _glyphs_read(other) > _glyphs_read(first) else first


def _glyphs_read(lines: list[TextLine]) -> float:
    return sum(ln.score * len(_key(ln)) for ln in lines)


@dataclass(frozen=True)
class WatermarkRead:
    """What a page's watermark adds: the lines of its light layer, the targets the matcher
    found in them, and the tiles' pieces (``tile_pieces``, ``unit_pieces`` and, asked for, the
    points of their lattice and the tiles' copies) to mask too. All empty on a page without a
    watermark."""

    lines: list[TextLine]
    read: list[Finding]
    pieces: list[Finding]


def watermark_findings(
    image: np.ndarray,
    lines: list[TextLine],
    rotation: int,
    found: list[Finding],
    identity: Identity,
    targets: Sequence[Target] | None = None,
    lattice: bool = True,
) -> WatermarkRead:
    """Mask's and verify's one reading of a page's watermark (``found``: what the matcher found
    in the page's OCR ``lines``; ``targets``: the identity's, built already). ``lattice``:
    also the tiles hidden behind dark text: the lattice's points and the copies of the tiles
    read (mask; verify, on a page masked by hand, has no whole tiles left to fit or copy)."""
    depth = ink_depth(image)
    bands = slanted_bands(depth)
    marks = read_watermark(depth, lines, rotation, found, identity, bands)
    if not marks:
        return WatermarkRead([], [], [])
    read = find_identity(marks, identity, targets)
    pieces = tile_pieces(marks, dedupe([*found, *read])) + unit_pieces(marks, identity)
    pieces += band_ends(dedupe([*found, *read, *pieces]), bands)
    if lattice:
        # Copies of the tiles and pieces read (the lattice's guesses are no exemplars), where
        # the lattice, fitted from the tiles found once each (a piece is no lattice point),
        # does not reach.
        copies = tile_copies(dedupe([*found, *read, *pieces]), [*lines, *marks], depth, identity)
        guesses = lattice_tiles(dedupe([*found, *read]), lines, depth)
        pieces += guesses + [c for c in copies if not _covered(c.bbox, guesses)]
    return WatermarkRead(marks, read, pieces)


@dataclass(frozen=True)
class LatticeSettings:
    """A tiled watermark repeats on a lattice: where the target was found at enough of its
    points, the points where it was not (a tile behind the page's dark text, whose light ink the
    layer lost with the text's fringe) are masked too, when light ink is there."""

    # Tiles of one target found, fewest to fit a lattice from.
    min_tiles: int = 4
    # A found tile fits the lattice when its centre lies within this share of a step from a
    # lattice point; this share of the found tiles must fit.
    fit_error: float = 0.15
    fit_share: float = 0.8
    # Tiles of one lattice have one size: heights within this ratio of their median.
    size_ratio: float = 1.3
    # A predicted tile is masked when at least this share of it lies in the image and its light
    # ink (in the image's part, under the dark text's fringe too) is at least this share of the
    # found tiles' median.
    min_inside: float = 0.3
    min_ink_share: float = 0.25
    # A point inside a light line of other text (at least this many Han characters, rapidfuzz's
    # partial ratio to the target under this) is that text's, not a hidden tile's.
    other_han: int = 2
    other_similarity: float = 60.0
    # A point whose box a finding overlaps by this share of it is that finding, read a little
    # off the lattice.
    found_overlap: float = 0.3


LATTICE = LatticeSettings()


def lattice_tiles(
    found: list[Finding],
    lines: list[TextLine],
    depth: np.ndarray,
    s: LatticeSettings = LATTICE,
    w: WatermarkSettings = WATERMARK,
) -> list[Finding]:
    """Findings at the lattice points of a target tiled in light ink that ``found`` (the
    matcher's findings of a watermarked page) does not cover yet. A point inside a line of
    ``lines`` (the page's OCR) read in light ink is other light text (a grey table's other
    names), not a tile hidden behind dark text: left. ``depth``: the page's ``ink_depth``."""
    light_lines = [ln for ln in lines if _is_light(ln, depth, w)]
    out: list[Finding] = []
    for kind in TEXT_KINDS:
        tiles = [
            f
            for f in found
            if f.kind == kind and f.source == OCR and _quad_is_light(f.quad, depth, w)
        ]
        for tile in _missing_tiles(tiles, found, depth, s, w):
            others = [ln.quad.bbox for ln in light_lines if _other_text(ln, tile.text, s)]
            if not any(b.holds_centre_of(tile.quad.bbox) for b in others):
                out.append(tile)
    return out


def _other_text(line: TextLine, target: str, s: LatticeSettings) -> bool:
    """Whether ``line`` reads as other text than the target (李强 in a grey table of names), not
    as a tile misread (韦 8123 for 王伟 8123: one Han character)."""
    key = _key(line)
    han = sum(is_han(c) for c in key)
    return han >= s.other_han and fuzz.partial_ratio(key, target) < s.other_similarity


def _missing_tiles(
    tiles: list[Finding],
    found: list[Finding],
    depth: np.ndarray,
    s: LatticeSettings,
    w: WatermarkSettings,
) -> list[Finding]:
    if len(tiles) < s.min_tiles:
        return []
    heights = np.asarray([f.quad.height for f in tiles])
    med = float(np.median(heights))
    tiles = [
        f for f, h in zip(tiles, heights, strict=True) if max(h, med) / min(h, med) <= s.size_ratio
    ]
    if len(tiles) < s.min_tiles:
        return []
    centres = np.asarray([np.mean(f.quad.points, axis=0) for f in tiles])
    basis = _lattice_basis(centres, med)
    if basis is None:
        return []
    inv = np.linalg.inv(basis.T)
    # The lattice's origin: the tile most others fit from (a name in the page's own text,
    # read in light ink too, lies off the lattice).
    best = None
    for ref in range(min(len(tiles), 6)):
        coords = (centres - centres[ref]) @ inv.T
        fits = np.abs(coords - np.round(coords)).max(axis=1) <= s.fit_error
        if best is None or fits.sum() > best[2].sum():
            best = (ref, coords, fits)
    ref, coords, fits = best
    if fits.mean() < s.fit_share:
        return []
    light = _light_ink(depth, w)
    shares = [_ink_share(f.quad, light, s) for f in tiles]
    need = s.min_ink_share * float(np.median([x for x in shares if x is not None] or [0.0]))
    model = tiles[int(np.argmin([abs(f.quad.height - med) for f in tiles]))]
    shape = np.asarray(model.quad.points) - np.mean(model.quad.points, axis=0)
    h, wd = depth.shape
    corners = np.asarray([[0, 0], [wd, 0], [0, h], [wd, h]], dtype=np.float64)
    span = (corners - centres[ref]) @ inv.T
    lo = np.floor(span.min(axis=0)) - 1
    hi = np.ceil(span.max(axis=0)) + 1
    taken = {tuple(np.round(c).astype(int)) for c in coords[fits]}
    out: list[Finding] = []
    for i in range(int(lo[0]), int(hi[0]) + 1):
        for j in range(int(lo[1]), int(hi[1]) + 1):
            if (i, j) in taken:
                continue
            centre = centres[ref] + i * basis[0] + j * basis[1]
            quad = Quad.from_seq(shape + centre)
            if _covered(quad.bbox, found, s.found_overlap):
                continue  # found there, read a little off the lattice
            share = _ink_share(quad, light, s)
            if share is not None and share >= need and need > 0:
                out.append(Finding(model.kind, quad, 0.5, OCR, model.text))
    return out


def _lattice_basis(centres: np.ndarray, size: float) -> np.ndarray | None:
    """The lattice's two steps (Lagrange-reduced): the two most common steps from a tile to its
    nearest neighbours, each the mean of the steps within a glyph of it (the boxes read vary
    by a few pixels); None without two independent ones."""
    diffs = centres[:, None, :] - centres[None, :, :]
    lengths = np.linalg.norm(diffs, axis=2)
    lengths[lengths < size] = np.inf  # the same tile read twice
    steps = []
    for row, dist in zip(diffs, lengths, strict=True):
        for k in np.argsort(dist)[:4]:
            if np.isfinite(dist[k]):
                d = row[k]
                steps.append(d if (d[0], d[1]) > (0, 0) else -d)
    if len(steps) < 2:
        return None
    vectors = np.asarray(steps)
    near = np.linalg.norm(vectors[:, None, :] - vectors[None, :, :], axis=2) <= size
    counts = near.sum(axis=1)
    order = np.argsort(-counts, kind="stable")
    a = vectors[near[order[0]]].mean(axis=0)
    for k in order[1:]:
        v = vectors[near[k]].mean(axis=0)
        if abs(a[0] * v[1] - a[1] * v[0]) > 0.3 * np.linalg.norm(a) * np.linalg.norm(v):
            b = v
            break
    else:
        return None
    while True:  # Lagrange reduction: the lattice's shortest basis
        if np.dot(b, b) < np.dot(a, a):
            a, b = b, a
        m = round(float(np.dot(a, b) / np.dot(a, a)))
        if m == 0:
            return np.asarray([a, b])
        b = b - m * a


def _light_ink(depth: np.ndarray, w: WatermarkSettings) -> np.ndarray:
    return (depth >= w.light_min) & (depth <= w.light_max)


def _ink_share(quad: Quad, light: np.ndarray, s: LatticeSettings) -> float | None:
    """Light ink's share of the part of ``quad`` inside the image; None when too little of it
    lies inside."""
    poly = np.round(np.asarray(quad.points)).astype(np.float32)
    full = float(cv2.contourArea(poly))
    if full <= 0:
        return None
    values = _quad_values(quad, light)
    if values.size < s.min_inside * full:
        return None
    return float(values.mean())


@dataclass(frozen=True)
class TileCopySettings:
    """Tiles of a watermark are copies of one another, pixel for pixel. Where the lattice cannot
    be fitted (the tiles read are all cut by the image's edge, or a whole column of tiles lies
    behind the page's text), the light ink of each tile read is searched for over the page's
    light ink: a normalised correlation over the pixels the page's dark text leaves visible.
    On probe pages a copy half behind text correlated 0.90-1.00; the same text shifted by a
    glyph or a line, 0.5 at most."""

    # The page and the tiles are searched at this scale (a tile's glyphs are 20 px or more).
    scale: float = 0.5
    # Exemplars a kind: the largest tiles and pieces read, one a text, each within this ratio
    # of the light reads' median height.
    exemplars: int = 4
    size_ratio: float = 1.3
    # An exemplar's shorter side at the search scale, fewest pixels (a lone glyph correlates
    # with too much).
    min_side: int = 12
    # A copy: correlation at least this, with at least this share of the exemplar's light ink
    # falling on pixels the page's dark text leaves visible there.
    min_correlation: float = 0.8
    min_visible: float = 0.3
    # A copy overlapping a finding by this share of its box is that finding (a copy of a
    # piece, grown to its whole target, covers more than the piece read there).
    overlap: float = 0.6
    # A piece is completed to the whole target it aligns inside at this score or more.
    piece_score: float = 75.0
    # An exemplar's quad holds its text: Han glyphs' advance over the line's height within
    # these bounds (a quad of the whole line under a piece's text is no exemplar).
    glyph_aspect: tuple[float, float] = (0.6, 1.6)
    # The same for a name or unit tiled in Latin letters (WANG WEI, an English unit name):
    # letters are narrower, and OCR's box of a line of capitals is taller than a Han line's.
    latin_aspect: tuple[float, float] = (0.3, 1.2)


TILE_COPY = TileCopySettings()


def tile_copies(
    found: list[Finding],
    lines: list[TextLine],
    depth: np.ndarray,
    identity: Identity,
    s: TileCopySettings = TILE_COPY,
    w: WatermarkSettings = WATERMARK,
) -> list[Finding]:
    """Findings where a copy of a light tile of ``found`` (the page's findings, watermark read
    and pieces included) lies that no finding covers: a tile behind the page's dark text, or
    cut by the image's edge and half behind it. A copy of a piece (博尔塔拉蒙古自治州) covers
    its whole target (the ``identity``'s name or unit), hidden part and all. A copy inside a
    light line of ``lines`` (the page's OCR and its light layer's) that holds the target but
    where the matcher found none is someone else's longer name (王伟 of 王伟民 in a grey roster):
    left, as the matcher left it. ``depth``: the page's ``ink_depth``."""
    h, wd = depth.shape
    visible = ~dark_and_fringe(depth, w)
    light = np.where(_light_ink(depth, w) & visible, depth, 0).astype(np.float32)
    small = (int(round(wd * s.scale)), int(round(h * s.scale)))
    layer = cv2.resize(light, small, interpolation=cv2.INTER_AREA)
    seen = cv2.resize(visible.astype(np.float32), small, interpolation=cv2.INTER_AREA)
    exemplars = [
        (f, _scaled(f.quad.bbox.clip(wd, h), s.scale))
        for f in _exemplars(found, light > 0, ~visible, s)
    ]
    exemplars = [(f, b) for f, b in exemplars if min(b.width, b.height) >= s.min_side]
    if not exemplars:
        return []
    # Beyond the image nothing is seen: a copy cut by its edge is judged on its part inside.
    pad = int(max(max(b.width, b.height) for _, b in exemplars)) + 2
    layer = cv2.copyMakeBorder(layer, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    seen = cv2.copyMakeBorder(seen, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    forms = {NAME: [_plain(t) for t, _ in name_forms(identity)]}
    forms[UNIT] = [_plain(t) for t, _ in unit_forms(identity)]
    refused = {
        kind: [
            ln
            for ln in lines
            if any(form in _key(ln) for form in forms[kind]) and _is_light(ln, depth, w)
        ]
        for kind in TEXT_KINDS
    }
    # The tiles' glyph advance: the median of the Han exemplars' (whole targets and pieces);
    # only Han pieces are completed.
    han = [f.quad.width / len(_plain(f.text)) for f, _ in exemplars if _all_han(f.text)]
    advance = float(np.median(han)) if han else 0.0
    out: list[Finding] = []
    for exemplar, box in exemplars:
        x0, y0 = int(box.x0) + pad, int(box.y0) + pad
        x1, y1 = int(box.x1) + 1 + pad, int(box.y1) + 1 + pad
        template = layer[y0:y1, x0:x1] * (seen[y0:y1, x0:x1] > 0.99)
        if template.sum() <= 0:
            continue
        whole = _completed(exemplar, forms[exemplar.kind], advance, s)
        score, share = _masked_correlation(layer, seen, template)
        for py, px in _peaks(score, share, template.shape, s):
            shift = np.asarray([px - x0, py - y0], dtype=np.float64) / s.scale
            quad = Quad.from_seq(np.asarray(whole.points) + shift)
            if _covered(quad.bbox, [*found, *out], s.overlap):
                continue
            if any(ln.quad.bbox.holds_centre_of(quad.bbox) for ln in refused[exemplar.kind]):
                continue
            score_at = round(float(score[py, px]), 3)
            out.append(Finding(exemplar.kind, quad, score_at, OCR, exemplar.text))
    return out


def _exemplars(
    found: list[Finding], light: np.ndarray, dark: np.ndarray, s: TileCopySettings
) -> list[Finding]:
    """The largest light tiles of ``found`` of each kind, one a text: quads holding more light
    ink (``light``) than dark ink and its fringe (``dark``; a tile runs behind a line of the
    page's text, the page's own text holds no light ink but its fringe's). Tiles have one
    size: a read whose quad is off the tiles' median height (a crop read at the wrong angle)
    is left."""
    h, wd = light.shape
    light_reads = [
        f
        for f in found
        if f.kind in TEXT_KINDS
        and f.source == OCR
        and _fits_its_text(f, s)
        and _share(f.quad, light) > _share(f.quad, dark)
    ]
    if not light_reads:
        return []
    med = float(np.median([f.quad.height for f in light_reads]))
    light_reads = [
        f for f in light_reads if max(f.quad.height, med) / min(f.quad.height, med) <= s.size_ratio
    ]
    light_reads.sort(key=lambda f: -f.quad.bbox.clip(wd, h).area)
    out: list[Finding] = []
    for kind in TEXT_KINDS:
        texts: set[str] = set()
        for f in light_reads:
            if f.kind == kind and _plain(f.text) not in texts and len(texts) < s.exemplars:
                texts.add(_plain(f.text))
                out.append(f)
    return out


def _masked_correlation(
    layer: np.ndarray, seen: np.ndarray, template: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pearson correlation of ``template`` with ``layer`` at each offset, over the pixels
    ``seen`` (1 where the page's dark text leaves the light ink visible), and the share of the
    template's ink that falls on them."""
    th, tw = template.shape
    rows, cols = layer.shape[0] - th + 1, layer.shape[1] - tw + 1
    if rows <= 0 or cols <= 0:
        return np.zeros((0, 0), np.float32), np.zeros((0, 0), np.float32)
    ones = np.ones_like(template)

    def corr(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
        full = cv2.filter2D(image, -1, kernel, anchor=(0, 0), borderType=cv2.BORDER_CONSTANT)
        return full[:rows, :cols]

    seen_ink = seen * layer
    count = np.maximum(corr(seen, ones), 1.0)
    t_sum = corr(seen, template)
    t_mean = t_sum / count
    i_mean = corr(seen_ink, ones) / count
    cov = corr(seen_ink, template) / count - t_mean * i_mean
    t_var = corr(seen, template * template) / count - t_mean**2
    i_var = corr(seen_ink * layer, ones) / count - i_mean**2
    score = cov / np.sqrt(np.maximum(t_var * i_var, 1e-6))
    return score, t_sum / float(template.sum())


def _peaks(
    score: np.ndarray, share: np.ndarray, shape: tuple[int, int], s: TileCopySettings
) -> list[tuple[int, int]]:
    """Offsets (row, column) where ``score`` peaks at ``min_correlation`` or more, enough of the
    template visible there."""
    if score.size == 0:
        return []
    good = np.where(share >= s.min_visible, score, 0.0).astype(np.float32)
    window = np.ones((max(3, shape[0] // 2), max(3, shape[1] // 2)), np.uint8)
    top = cv2.dilate(good, window)
    rows, cols = np.nonzero((good >= top) & (good >= s.min_correlation))
    return list(zip(rows.tolist(), cols.tolist(), strict=True))


def _covered(box: BBox, others: list[Finding], share: float = TILE_COPY.overlap) -> bool:
    """Whether a finding of ``others`` overlaps ``box`` by ``share`` of it."""
    return any(box.intersection(o.bbox).area > share * box.area for o in others)


def _share(quad: Quad, mask: np.ndarray) -> float:
    """The share of ``quad``'s pixels inside the image where ``mask`` holds."""
    values = _quad_values(quad, mask)
    return float(values.mean()) if values.size else 0.0


def _quad_values(quad: Quad, image: np.ndarray) -> np.ndarray:
    """``image``'s values at the pixels of ``quad`` that lie inside it (none: empty)."""
    h, w = image.shape[:2]
    box = quad.bbox.clip(w, h)
    x0, y0 = int(box.x0), int(box.y0)
    x1, y1 = min(int(box.x1) + 1, w), min(int(box.y1) + 1, h)
    if x1 <= x0 or y1 <= y0:
        return image[:0, :0].ravel()
    poly = np.round(np.asarray(quad.points)).astype(np.int32) - np.asarray([x0, y0], np.int32)
    inside = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillPoly(inside, [poly], 1)
    return image[y0:y1, x0:x1][inside > 0]


def _all_han(text: str) -> bool:
    plain = _plain(text)
    return bool(plain) and all(is_han(c) for c in plain)


def _fits_its_text(f: Finding, s: TileCopySettings) -> bool:
    """Whether ``f``'s text is Han characters alone, or Latin letters alone (a name tiled in
    pinyin), as many as its quad holds (a piece's text may be its whole line's, 马文博 2117,
    or its quad the whole line's)."""
    text = _plain(f.text)
    if not text or f.quad.height <= 0:
        return False
    if all(is_han(c) for c in text):
        low, high = s.glyph_aspect
    elif all("a" <= c <= "z" for c in text):
        low, high = s.latin_aspect
    else:
        return False
    glyph = f.quad.width / len(text) / f.quad.height
    return low <= glyph <= high


def _completed(piece: Finding, forms: list[str], advance: float, s: TileCopySettings) -> Quad:
    """``piece``'s quad grown along its line over the characters of the target form it is a
    piece of (博尔塔拉蒙古自治州 of the unit: four more glyphs to the right) at ``advance``
    pixels a glyph (the tiles' own: a piece's box may run past its glyphs); its own quad when
    it is a whole target or no piece of one, or is written in Latin letters (a piece's advance
    is the Han tiles')."""
    text = _plain(piece.text)
    if not _all_han(text):
        return piece.quad
    for form in forms:
        if len(form) <= len(text):
            continue
        hit = fuzz.partial_ratio_alignment(text, form, score_cutoff=s.piece_score)
        if hit is None:
            continue
        tl, tr, br, bl = (np.asarray(p, dtype=np.float64) for p in piece.quad.points)
        along = (tr - tl) + (br - bl)
        step = along / max(float(np.linalg.norm(along)), 1e-6) * advance
        before = max(0, hit.dest_start - hit.src_start)
        start_top, start_bottom = tl - before * step, bl - before * step
        end_top, end_bottom = start_top + len(form) * step, start_bottom + len(form) * step
        # Grown only: never shorter than the piece read.
        if float(np.dot(end_top - tr, step)) < 0:
            end_top, end_bottom = tr, br
        return Quad.from_seq([start_top, end_top, end_bottom, start_bottom])
    return piece.quad


def _scaled(box: BBox, scale: float) -> BBox:
    return BBox(box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale)
