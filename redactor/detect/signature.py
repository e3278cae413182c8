"""Hand-signed names next to a signature label (签名, 签字, 本人签字, 申报人签字).

OCR rarely reads handwriting as the name, so the signature is found by place, not by text: the
ink to the right of (or, failing that, below) the applicant's signature label.
"""

from __future__ import annotations

import re

import cv2
import numpy as np

from redactor.detect.match import normalise
from redactor.types import SIGNATURE, BBox, Finding, Quad, TextLine

# 签名 / 签字 / 签章 / 签 名, optionally after who signs. Spaces are already dropped by normalise.
_LABEL = re.compile(r"(签名|签字|签章|亲笔签)")
# Labels of other people's signatures: a reviewer's or the unit head's signature is not the
# applicant's and stays visible.
_OTHERS = (
    "审核",
    "审批",
    "负责人",
    "领导",
    "评审",
    "专家",
    "推荐人",
    "证明人",
    "经办",
    "法定代表",
    "主管",
    "单位",
)
# Printed text that shares a row with a signature but is not it.
_PRINTED = re.compile(r"(日期|年|月|日|\d)")


def _label_spans(line: TextLine) -> list[tuple[int, int]]:
    """Character ranges of the signature labels in ``line`` (indices into line.chars)."""
    raw = line.text
    norm_chars = [(i, c) for i, ch in enumerate(raw) for c in normalise(ch)]
    norm = "".join(c for _, c in norm_chars)
    spans = []
    for m in _LABEL.finditer(norm):
        prefix = norm[max(0, m.start() - 6) : m.start()]
        if any(o in prefix for o in _OTHERS):
            continue
        start, end = norm_chars[m.start()][0], norm_chars[m.end() - 1][0] + 1
        # Take a following colon into the label so the search starts after it.
        while end < len(raw) and raw[end] in ":：  　":
            end += 1
        spans.append((start, end))
    return spans


def _ink_box(gray: np.ndarray, exclude: list[BBox], origin: tuple[int, int]) -> BBox | None:
    """Bounding box of handwriting-like ink in ``gray``, ignoring ruled lines and excluded boxes."""
    if gray.size == 0:
        return None
    bg = float(np.percentile(gray, 90))
    ink = (gray < bg - 60).astype(np.uint8) * 255
    ox, oy = origin
    for b in exclude:
        x0, y0 = int(max(0, b.x0 - ox)), int(max(0, b.y0 - oy))
        x1, y1 = int(max(0, b.x1 - ox)), int(max(0, b.y1 - oy))
        ink[y0:y1, x0:x1] = 0
    h, w = ink.shape
    # Ruled lines of forms (table borders, underlines for the signature) are long and thin.
    for kernel in ((max(15, w // 3), 1), (1, max(15, h // 2))):
        lines = cv2.morphologyEx(
            ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
        )
        ink = cv2.subtract(ink, cv2.dilate(lines, np.ones((3, 3), np.uint8)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    boxes = [
        BBox(x, y, x + bw, y + bh)
        for x, y, bw, bh, area in stats[1:]
        if area >= 6 and max(bw, bh) >= 3
    ]
    if not boxes or sum(b.area for b in boxes) < 40:
        return None
    box = boxes[0]
    for b in boxes[1:]:
        box = box.union(b)
    return BBox(box.x0 + ox, box.y0 + oy, box.x1 + ox, box.y1 + oy)


def find_signatures(lines: list[TextLine], image: np.ndarray) -> list[Finding]:
    """Ink right of (or below) each applicant signature label, as ``signature`` findings."""
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    ph, pw = gray.shape[:2]
    findings: list[Finding] = []
    for line in lines:
        for start, end in _label_spans(line):
            label_quad = Quad.span(line.chars[start].quad, line.chars[end - 1].quad)
            lb = label_quad.bbox
            h = max(label_quad.height, 8.0)
            # Signatures are written bigger than print and often sit a little high or low.
            right = BBox(lb.x1, lb.cy - 1.6 * h, min(pw, lb.x1 + 9 * h), lb.cy + 1.6 * h)
            below = BBox(lb.x0 - 1 * h, lb.y1, min(pw, lb.x1 + 6 * h), lb.y1 + 3 * h)
            exclude = _printed_boxes(lines, line, end)
            for window in (right, below):
                w = window.clip(pw, ph)
                x0, y0, x1, y1 = int(w.x0), int(w.y0), int(w.x1), int(w.y1)
                if x1 - x0 < 4 or y1 - y0 < 4:
                    continue
                box = _ink_box(gray[y0:y1, x0:x1], exclude, (x0, y0))
                if box is not None:
                    text = _text_inside(lines, box)
                    findings.append(Finding(SIGNATURE, Quad.from_bbox(box), 0.8, line.source, text))
                    break
    return findings


def _printed_boxes(lines: list[TextLine], label_line: TextLine, label_end: int) -> list[BBox]:
    """Boxes of printed text near a label that is not a signature: the label itself, dates,
    other labels. Handwriting OCR'd as words is not excluded: it is what we are after."""
    boxes = [Quad.span(label_line.chars[0].quad, label_line.chars[label_end - 1].quad).bbox]
    for line in lines:
        if line is label_line:
            continue
        text = line.text
        if _PRINTED.search(text) or "：" in text or ":" in text or _LABEL.search(normalise(text)):
            boxes.append(line.quad.bbox)
    return boxes


def _text_inside(lines: list[TextLine], box: BBox) -> str:
    parts = []
    for line in lines:
        b = line.quad.bbox
        inter = b.intersection(box)
        if inter.area > 0.5 * max(b.area, 1):
            parts.append(line.text.strip())
    return " ".join(p for p in parts if p)
