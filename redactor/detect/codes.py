"""QR codes whose payload names the applicant or the unit.

An electronic certificate, a 健康码 or a registration page often carries a QR code whose URL or
text holds the holder's name and unit (…/verify?name=王伟&unit=…). Masking the printed name leaves
it one phone scan away, so such a code is masked whole. A code whose payload names neither, or
that cannot be decoded, stays: certificates' codes are how a reviewer checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

import cv2
import numpy as np

from redactor.detect.textmatch import identity_in_text
from redactor.options import Identity
from redactor.types import NAME, UNIT, BBox, Finding, Quad

SOURCE = "qr_code"


@dataclass(frozen=True)
class CodeSettings:
    """How codes are read and how much of their surround goes under the fill. OpenCV's
    ArUco-based QR detector is used: on a certificate drawn with four codes (200, 160, 130 and
    110 px) it located all four where the classic detector located three (none on a phone
    photo of it), in 10-40 ms of CPU a page at 150 dpi."""

    # The box decoded is the located one grown by this share of its side (the quiet zone).
    decode_margin: float = 0.25
    # A code not decoded as it is is warped upright onto squares of these sides (px) and read
    # by both of OpenCV's decoders, as it is and binarised by an adaptive threshold (a block of
    # `threshold_block` px, `threshold_offset` grey levels under the local mean): a dense code
    # on a phone photo (modules of 2-3 px, a slant, JPEG) is read by one of them at one size
    # (synth_codes seed 1, 20 pages: 29 of 29 codes naming the applicant or unit; the two a
    # phone photo made densest only with the threshold).
    warp_sides: tuple[int, ...] = (300, 400, 600)
    threshold_block: int = 31
    threshold_offset: float = 5.0
    # The fill covers the code and this share of its side round it.
    fill_margin: float = 0.06
    # Codes are also located on the page binarised by Otsu's threshold: a code of about 2.4 px
    # a module on a JPEG'd scan rendered from its PDF (bench seed 2141, 015_codes: 89 px, 37
    # modules) is located nowhere on the grey page and at once on the binarised one (which
    # loses others the grey page locates: both are kept, a code found twice once). About 35 ms
    # of CPU more a page at 150 dpi.
    locate_binarised: bool = True
    # Codes are also located on the grey page enlarged by each of these factors (cubic). Off:
    # twice finds more small codes (synth_codes seeds 2 and 3, 40 pages: 52 of 58 codes naming
    # the applicant or unit masked against 48 without), but costs about 150 ms of CPU a page
    # at 150 dpi, on every page, where the rest of the codes stage costs 40.
    locate_enlarged: tuple[float, ...] = ()
    # Two located codes whose centres lie closer than this share of the smaller's side are one.
    same_code: float = 0.5
    # Small codes the page-wide locators miss (modules under about 2 px: bench seed 2241,
    # 004_codes, 60 px for 33 modules on a JPEG'd page, located by neither detector on the page,
    # grey, binarised or enlarged) are proposed as blobs of ink closed over `propose_close` px:
    # square within `propose_square` (short side over long), sides `propose_sides` px, solid
    # (`propose_solid` of the box closed) and `propose_ink` of the box dark (modules, not a
    # glyph's strokes). Each is handed to the classic detector as a crop of its own with
    # `decode_margin` round it, which locates such a code where on the whole page it did not.
    propose_close: int = 5
    propose_square: float = 0.8
    propose_sides: tuple[int, int] = (24, 200)
    propose_solid: float = 0.85
    propose_ink: tuple[float, float] = (0.3, 0.75)
    # A located code no decoder reads is read on its module grid: for each version in
    # `grid_versions` (17 + 4v modules a side) whose modules are at least `grid_min_module` px,
    # the code (its corners moved out by each of `grid_grow` px, as a detector's corners lie on
    # the outer modules' pixels, not their edges) is sampled at its modules' centres, each module
    # dark or light by Otsu's threshold over their means, and drawn again clean at `grid_cell` px
    # a module with the standard's quiet zone for the decoders. A wrong grid decodes to nothing
    # (the code's error correction), so the first payload read is the code's. Seed 2241's code:
    # read at version 4 with the corners moved out by 0.5 px or 1 px.
    grid_versions: tuple[int, ...] = tuple(range(1, 11))
    grid_min_module: float = 1.2
    grid_grow: tuple[float, ...] = (0.0, 0.5, 1.0)
    grid_cell: int = 8


CODES = CodeSettings()


def _grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return np.ascontiguousarray(image)
    return cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY)


def _located(grey: np.ndarray, settings: CodeSettings = CODES) -> list[np.ndarray]:
    """Each code's four corners in page pixels: located on the grey page and (see
    CodeSettings.locate_binarised) on it binarised, each code once."""
    images = [(grey, 1.0)]
    if settings.locate_binarised:
        images.append((cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1], 1.0))
    for scale in settings.locate_enlarged:
        big = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        images.append((big, scale))
    out: list[np.ndarray] = []
    for image, scale in images:
        found, points = cv2.QRCodeDetectorAruco().detectMulti(image)
        if not found or points is None:
            continue
        for p in points:
            corners = np.asarray(p, dtype=np.float64).reshape(4, 2) / scale
            if not any(_same(corners, c, settings.same_code) for c in out):
                out.append(corners)
    for corners in _located_small(grey, settings):
        if not any(_same(corners, c, settings.same_code) for c in out):
            out.append(corners)
    return out


def _proposed(grey: np.ndarray, settings: CodeSettings) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of square, solid blobs of ink of a small code's size (see
    CodeSettings.propose_close)."""
    ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    k = settings.propose_close
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    lo, hi = settings.propose_sides
    out = []
    for x, y, w, h, area in stats[1:n]:
        if not (lo <= min(w, h) and max(w, h) <= hi):
            continue
        if min(w, h) < settings.propose_square * max(w, h) or area < settings.propose_solid * w * h:
            continue
        dark = float(np.count_nonzero(ink[y : y + h, x : x + w])) / (w * h)
        if settings.propose_ink[0] <= dark <= settings.propose_ink[1]:
            out.append((int(x), int(y), int(w), int(h)))
    return out


def _located_small(grey: np.ndarray, settings: CodeSettings) -> list[np.ndarray]:
    """Corners of the small codes the classic detector locates in a crop of a proposed blob."""
    out = []
    gh, gw = grey.shape
    for x, y, w, h in _proposed(grey, settings):
        pad = int(round(settings.decode_margin * max(w, h)))
        x0, y0 = max(x - pad, 0), max(y - pad, 0)
        x1, y1 = min(x + w + pad, gw), min(y + h + pad, gh)
        found, points = cv2.QRCodeDetector().detect(np.ascontiguousarray(grey[y0:y1, x0:x1]))
        if found and points is not None:
            out.append(np.asarray(points, dtype=np.float64).reshape(4, 2) + [x0, y0])
    return out


def _same(a: np.ndarray, b: np.ndarray, share: float) -> bool:
    """Whether the codes at corners ``a`` and ``b`` are one (centres within ``share`` of the
    smaller's side)."""
    side = min(float(np.ptp(a, axis=0).max()), float(np.ptp(b, axis=0).max()))
    return float(np.hypot(*(a.mean(axis=0) - b.mean(axis=0)))) < share * side


def _decoded(grey: np.ndarray, corners: np.ndarray, settings: CodeSettings) -> str:
    """The payload of the code at ``corners`` ('' if unreadable)."""
    h, w = grey.shape
    side = float(np.ptp(corners, axis=0).max())
    pad = settings.decode_margin * side
    x0, y0 = np.maximum(corners.min(axis=0) - pad, 0).astype(int)
    x1, y1 = np.minimum(corners.max(axis=0) + pad, [w, h]).astype(int)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return ""
    text, _, _ = cv2.QRCodeDetectorAruco().detectAndDecode(np.ascontiguousarray(grey[y0:y1, x0:x1]))
    if text:
        return text
    grown = _grown(corners, settings.decode_margin).astype(np.float32)
    for size in settings.warp_sides:
        square = np.float32([[0, 0], [size, 0], [size, size], [0, size]])
        warp = cv2.getPerspectiveTransform(grown, square)
        upright = cv2.warpPerspective(
            grey, warp, (size, size), flags=cv2.INTER_CUBIC, borderValue=255
        )
        binary = cv2.adaptiveThreshold(
            upright,
            255,
            cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
            cv2.THRESH_BINARY,
            settings.threshold_block,
            settings.threshold_offset,
        )
        for image in (upright, binary):
            for decoder in (cv2.QRCodeDetectorAruco(), cv2.QRCodeDetector()):
                text, _, _ = decoder.detectAndDecode(image)
                if text:
                    return text
    return _read_on_grid(grey, corners, settings)


def _read_on_grid(grey: np.ndarray, corners: np.ndarray, settings: CodeSettings) -> str:
    """The payload read from the code's modules sampled on its grid ('' if no version's grid
    decodes; see CodeSettings.grid_versions)."""
    side = float(np.ptp(corners, axis=0).max())
    centre = corners.mean(axis=0)
    for grow in settings.grid_grow:
        moved = centre + (corners - centre) * (side + 2.0 * grow) / side
        for version in settings.grid_versions:
            n = 17 + 4 * version
            if side / n < settings.grid_min_module:
                break
            text = _decoded_clean(_modules(grey, moved, n, settings.grid_cell))
            if text:
                return text
    return ""


def _modules(grey: np.ndarray, corners: np.ndarray, n: int, cell: int) -> np.ndarray:
    """The code at ``corners`` as ``n`` x ``n`` modules, drawn clean at ``cell`` px a module
    with the standard's quiet zone of 4 modules: each module dark or light by Otsu's threshold
    over the means of the modules' middle halves."""
    size = n * cell
    square = np.float32([[0, 0], [size, 0], [size, size], [0, size]])
    warp = cv2.getPerspectiveTransform(corners.astype(np.float32), square)
    upright = cv2.warpPerspective(
        grey, warp, (size, size), flags=cv2.INTER_LINEAR, borderValue=255
    ).astype(np.float32)
    q = cell // 4
    means = upright.reshape(n, cell, n, cell)[:, q : cell - q, :, q : cell - q].mean(axis=(1, 3))
    means = np.clip(means, 0, 255).astype(np.uint8)
    threshold, _ = cv2.threshold(means, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    clean = np.where(means > threshold, 255, 0).astype(np.uint8)
    clean = cv2.copyMakeBorder(clean, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=255)
    return cv2.resize(clean, None, fx=cell, fy=cell, interpolation=cv2.INTER_NEAREST)


def _decoded_clean(image: np.ndarray) -> str:
    """The payload either of OpenCV's decoders reads from a clean code ('' if none)."""
    for decoder in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
        text, _, _ = decoder.detectAndDecode(image)
        if text:
            return text
    return ""


def _grown(corners: np.ndarray, margin: float) -> np.ndarray:
    """The code's corners moved out from its centre by ``margin`` of its side each way."""
    centre = corners.mean(axis=0)
    return centre + (corners - centre) * (1.0 + 2.0 * margin)


def _outline(corners: np.ndarray, margin: float) -> tuple[tuple[float, float], ...]:
    """The fill's polygon: the code grown by ``margin`` (see _grown), rounded."""
    return tuple((round(float(x), 1), round(float(y), 1)) for x, y in _grown(corners, margin))


def code_boxes(image: np.ndarray, settings: CodeSettings = CODES) -> list[BBox]:
    """The boxes of the QR codes located on the page, decoded or not."""
    return [
        BBox.around(_outline(c, settings.fill_margin)) for c in _located(_grey(image), settings)
    ]


def find_codes(
    image: np.ndarray, identity: Identity, settings: CodeSettings = CODES
) -> list[Finding]:
    """QR codes on the page whose payload (also URL-decoded) names the applicant (kind name) or
    the unit (kind unit), each as one finding over the whole code."""
    grey = _grey(image)
    out: list[Finding] = []
    for corners in _located(grey, settings):
        payload = _decoded(grey, corners, settings)
        if not payload:
            continue
        hits = identity_in_text(payload + "\n" + unquote(payload), identity)
        if not hits:
            continue
        kind = NAME if any(f.kind == NAME for f in hits) else UNIT
        outline = _outline(corners, settings.fill_margin)
        out.append(
            Finding(
                kind=kind,
                quad=Quad.from_bbox(BBox.around(outline)),
                score=1.0,
                source=SOURCE,
                text=next(f.text for f in hits if f.kind == kind),
                outline=outline,
            )
        )
    return out
