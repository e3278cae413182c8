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


CODES = CodeSettings()


def _grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return np.ascontiguousarray(image)
    return cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY)


def _located(grey: np.ndarray) -> list[np.ndarray]:
    """Each code's four corners in page pixels."""
    found, points = cv2.QRCodeDetectorAruco().detectMulti(grey)
    if not found or points is None:
        return []
    return [np.asarray(p, dtype=np.float64).reshape(4, 2) for p in points]


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


def find_codes(
    image: np.ndarray, identity: Identity, settings: CodeSettings = CODES
) -> list[Finding]:
    """QR codes on the page whose payload (also URL-decoded) names the applicant (kind name) or
    the unit (kind unit), each as one finding over the whole code."""
    grey = _grey(image)
    out: list[Finding] = []
    for corners in _located(grey):
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
