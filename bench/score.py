"""Scoring masks against ground truth, in page-image pixels.

A target counts as found only when it is *fully* covered: at least 99% of its (tight, glyph-level)
polygon lies under masks; the 1% absorbs polygon rasterisation at the edges, nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

TARGET_KINDS = ("name", "unit", "signature", "seal", "eyes")
# other_code: a QR code naming neither the applicant nor the unit (samples/synth_codes.py)
# header: a sign-in sheet's column headers (synth_text.make_signin_sheet_page), print beside
# its bare 签名 header that must stay
DISTRACTOR_KINDS = ("other_name", "other_org", "letterhead", "other_code", "header")
FULL = 0.99


def polygon_mask(
    shape: tuple[int, int], polygons: Iterable[Sequence[Sequence[float]]]
) -> np.ndarray:
    mask = np.zeros(shape, dtype=np.uint8)
    polys = [np.round(np.asarray(p, dtype=np.float64)).astype(np.int32) for p in polygons]
    for poly in polys:
        cv2.fillPoly(mask, [poly], 1)  # one at a time: several at once fill by parity
    return mask.astype(bool)


def item_polygon(
    item: dict, width: int, height: int, size: Sequence[float] | None = None
) -> list[list[float]]:
    """A ground-truth item's polygon in pixels (seals: their ellipse; others: their quad).

    Quads are normalised to the page; a seal's ellipse ``[cx, cy, rx, ry, angle]`` is in the
    units of the page's ``size`` (pixels or points).
    """
    if item.get("ellipse") and size:
        cx, cy, rx, ry, angle = item["ellipse"]
        sx, sy = width / size[0], height / size[1]
        pts = cv2.ellipse2Poly(
            (round(cx * sx), round(cy * sy)),
            (max(1, round(rx * sx)), max(1, round(ry * sy))),
            round(angle),
            0,
            360,
            5,
        )
        return pts.tolist()
    return [[x * width, y * height] for x, y in item["quad"]]


@dataclass
class Tally:
    targets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TARGET_KINDS, 0))
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TARGET_KINDS, 0))
    distractors: int = 0
    distractors_masked: int = 0
    pages: int = 0
    decisions_right: int = 0
    over_mask_pct: list[float] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)
    false_alarms: list[dict] = field(default_factory=list)
    # per page kind (``where["page_kind"]``): [targets, found, distractors, distractors masked]
    by_page_kind: dict[str, list[int]] = field(default_factory=dict)

    def recall(self, kind: str) -> float | None:
        n = self.targets[kind]
        return self.found[kind] / n if n else None


def score_page(
    tally: Tally,
    truth: dict,
    width: int,
    height: int,
    masked_polygons: list[list[list[float]]],
    needs_masking: bool,
    where: dict | None = None,
) -> None:
    """Add one page's outcome to ``tally``; ``where`` (file, page) labels its misses."""
    where = where or {}
    shape = (height, width)
    masked = polygon_mask(shape, masked_polygons)
    allowed = np.zeros(shape, dtype=bool)
    tally.pages += 1
    tally.decisions_right += int(needs_masking == truth["needs_masking"])
    per_kind = tally.by_page_kind.setdefault(str(where.get("page_kind")), [0, 0, 0, 0])
    for item in truth["items"]:
        kind = item["kind"]
        poly = item_polygon(item, width, height, truth.get("size"))
        region = polygon_mask(shape, [poly])
        area = int(region.sum())
        if area == 0:
            continue
        covered = float((region & masked).sum()) / area
        if kind in TARGET_KINDS and not truth.get("exempt"):
            tally.targets[kind] += 1
            tally.found[kind] += int(covered >= FULL)
            per_kind[0] += 1
            per_kind[1] += int(covered >= FULL)
            if covered < FULL:
                tally.misses.append(
                    {
                        **where,
                        "kind": kind,
                        "text": item.get("text", ""),
                        "covered": round(covered, 3),
                    }
                )
            # Masking a little around a target is intended (margins); count only beyond that.
            pad = max(4, int(0.6 * _height_of(poly)))
            allowed |= cv2.dilate(
                region.astype(np.uint8), np.ones((2 * pad + 1,) * 2, np.uint8)
            ).astype(bool)
        elif kind in DISTRACTOR_KINDS:
            tally.distractors += 1
            tally.distractors_masked += int(covered > 0.2)
            per_kind[2] += 1
            per_kind[3] += int(covered > 0.2)
            if covered > 0.2:
                tally.false_alarms.append({**where, "kind": kind, "text": item.get("text", "")})
    outside = masked & ~allowed
    tally.over_mask_pct.append(100.0 * float(outside.sum()) / (width * height))


def _height_of(poly: list[list[float]]) -> float:
    p = np.asarray(poly, dtype=np.float64)
    if len(p) != 4:
        return float(np.ptp(p[:, 1]))
    return float((np.linalg.norm(p[3] - p[0]) + np.linalg.norm(p[2] - p[1])) / 2)
