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
