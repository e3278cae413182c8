"""A signature under a pixelate too fine for handwriting (bench.verify seed 96 r031).

A mosaic's cells average the strokes with the paper around them, so under a light pixelate the
handwriting right of 本人签字 is no dark ink to the signature search, and OCR reads no name in it
("1"). Whether a reader can still make out the name is a matter of the cells' size against the
signature's height, as for print (``cover.MosaicSettings``): with four and more cells across
the height of the ink, the strokes' course survives; at two or three a signature is a few
blocks. The cells are measured where the signature search looks (``signature_fields``), and
unlike ``cover.weak_mosaics`` uneven cells (an app's scale-down and scale-up, 6 and 7 px) count.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from redactor.detect.signature import in_reading_order, signature_fields
from redactor.types import SIGNATURE, BBox, Finding, Quad, TextLine
from redactor.verify.cover import grey_levels, runs_along


@dataclass(frozen=True)
class SignatureMosaicSettings:
    """When a patch in a signature field is a mosaic, and when it is too fine (sizes in text
    heights of the field's label unless said otherwise; grey levels 0-255)."""

    # Neighbouring pixels of one cell differ by at most this (JPEG 92 ringing stays inside).
    tolerance: int = 6
    # A cell is a flat run at least this many pixels across and down, at most ``max_cell``
    # label heights (a strong mosaic over a big signature: cells up to 1.4 label heights).
    min_cell: int = 3
    max_cell: float = 2.0
    # The paper is the window's median grey (most of a field's window is paper; its upper
    # percentiles are a white-out box's on a grey scan, bench.verify 81 r024, whose grey paper,
    # flat within the tolerance, was then all "ink"). A cell this much darker holds ink; the
    # ink's extent is taken over cells ``faint_delta`` darker (the light cells that hold only
    # the tips of strokes). Darker than ``dark`` is a solid fill, not ink averaged with paper.
    ink_delta: float = 15.0
    faint_delta: float = 8.0
    dark: float = 40.0
    # Cells closer than this are one patch; a patch holds at least ``min_cells`` cells' worth
    # of pixels, and its cells hold this share of its pixels darker than the paper
    # (handwriting and print at 120 dpi: next to none; mosaics 0.6-1.0 on the tuning pages).
    join: float = 0.5
    min_cells: int = 6
    min_grid: float = 0.6
    # Cells across the ink's height that leave a signature readable: an app's light pixelate
    # (cells 0.1-0.25 of the signature's height) gave 4.0-14 on the tuning pages, strong
    # mosaics (0.45 and more) 1.0-3.0.
    min_tall: float = 3.5
    # The window is grown by this much to take in a signature written high or low.
    grow: float = 0.5
    # A mosaic's cells average ink with paper, each by its own share, so their greys spread; a
    # patch whose cells are at least this share within ``tolerance`` of their median grey is
    # one flat fill holding print, not cells (probes round 19's group chat photocopied: the grey
    # bubble under 请王伟明天上午到人事科签字。, its print cutting it into flat runs).
    one_fill: float = 0.7


SIGNATURE_MOSAIC = SignatureMosaicSettings()


def fine_signature_mosaics(
    image: np.ndarray,
    lines: list[TextLine],
    rotation: int = 0,
    s: SignatureMosaicSettings = SIGNATURE_MOSAIC,
) -> list[Finding]:
    """Mosaic patches in the applicant's signature fields whose cells are too small for the
    signature under them (see SignatureMosaicSettings), as ``signature`` findings whose
    detail holds the cell size and the cells across the ink's height."""
    return in_reading_order(lambda ls, im: _upright(ls, im, s), lines, image, rotation)


def _upright(lines: list[TextLine], image: np.ndarray, s: SignatureMosaicSettings) -> list[Finding]:
    grey = np.round(grey_levels(image)).astype(np.int16)
    ph, pw = grey.shape
    found: list[Finding] = []
    for field in signature_fields(lines, pw):
        for window, band in field.windows:
            w = window.expand(s.grow * field.height).clip(pw, ph)
            x0, y0, x1, y1 = int(w.x0), int(w.y0), int(w.x1), int(w.y1)
            if x1 - x0 < 4 or y1 - y0 < 4:
                continue
            patch = _fine_patch(grey[y0:y1, x0:x1], band[0] - y0, band[1] - y0, field.height, s)
            if patch is not None:
                box, cell, tall = patch
                page_box = BBox(box.x0 + x0, box.y0 + y0, box.x1 + x0, box.y1 + y0)
                detail = {"cell": cell, "cells_tall": round(tall, 1)}
                found.append(
                    Finding(SIGNATURE, Quad.from_bbox(page_box), 0.7, "mosaic", "", detail=detail)
                )
                break
    return found


def _fine_patch(
    grey: np.ndarray, top: float, bottom: float, height: float, s: SignatureMosaicSettings
) -> tuple[BBox, int, float] | None:
    """The first mosaic patch in ``grey`` (a window) reaching into rows ``top``-``bottom``
    whose cells are too fine for the ink under it: its box, cell size and cells tall."""
    paper = float(np.median(grey))
    across = runs_along(grey, s.tolerance)
    down = runs_along(np.ascontiguousarray(grey.T), s.tolerance).T
    flat = (np.minimum(across, down) >= s.min_cell) & (
        np.maximum(across, down) <= s.max_cell * height
    )
    faint = flat & (grey < paper - s.faint_delta) & (grey > s.dark)
    cells = faint & (grey < paper - s.ink_delta)
    if not cells.any():
        return None
    gap = max(3, int(s.join * height))
    joined = cv2.dilate(cells.astype(np.uint8), np.ones((gap, gap), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    inked = grey < paper - s.ink_delta
    for n in range(1, count):
        x, y, bw, bh, _ = (int(v) for v in stats[n])
        if y >= bottom or y + bh <= top:
            continue
        part = labels == n
        mine = cells & part
        small = np.minimum(across, down)[mine]
        cell = int(np.median(small))
        if mine.sum() < s.min_cells * cell * cell:
            continue
        if mine.sum() < s.min_grid * (inked & part).sum():
            continue
        if _one_fill(grey[mine], s):
            continue
        rows = np.flatnonzero((faint & part).any(axis=1))
        tall = (rows[-1] - rows[0] + 1) / cell
        if tall >= s.min_tall:
            return BBox(x, y, x + bw, y + bh), cell, float(tall)
    return None


def _one_fill(levels: np.ndarray, s: SignatureMosaicSettings) -> bool:
    """Whether the cells' grey ``levels`` are mostly one flat fill (see ``one_fill``): 0.97
    of the probe's bubble's, 0.04-0.29 of the signature mosaics of test_verify's cases."""
    if levels.size == 0:
        return False
    near = np.abs(levels.astype(np.float32) - float(np.median(levels))) <= s.tolerance
    return float(near.mean()) >= s.one_fill
