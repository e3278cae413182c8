"""Plain data that flows between pipeline stages.

Everything here is picklable and free of model handles, so a page (and what was found on it) can be
shipped to another process or cluster worker as an independent unit of work.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

Point = tuple[float, float]

# Kinds of things a page can need masked.
NAME = "name"
UNIT = "unit"
SIGNATURE = "signature"
SEAL = "seal"
EYES = "eyes"
# The applicant's ID number, phone or employee number (--term), or any valid resident ID /
# mobile number (--mask-ids).
IDENTIFIER = "identifier"

# Where a finding came from.
TEXT_LAYER = "text_layer"
OCR = "ocr"
SEAL_COLOUR = "seal_colour"  # a seal found by its ink colour
SEAL_STRUCTURE = "seal_structure"  # a seal found by its shape (grey photocopies)
FACE = "face"  # a face detector (CenterFace or insightface)


@dataclass(frozen=True)
class BBox:
    """Axis-aligned box in page-image pixels, x1/y1 exclusive."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return max(0.0, self.x1 - self.x0)

    @property
    def height(self) -> float:
        return max(0.0, self.y1 - self.y0)

    @property
    def area(self) -> float:
        return self.width * self.height

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def holds_centre_of(self, other: BBox) -> bool:
        """Whether ``other``'s centre lies in this box (edges included)."""
        return self.x0 <= other.cx <= self.x1 and self.y0 <= other.cy <= self.y1

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def intersection(self, other: BBox) -> BBox:
        return BBox(
            max(self.x0, other.x0),
            max(self.y0, other.y0),
            min(self.x1, other.x1),
            min(self.y1, other.y1),
        )

    def iou(self, other: BBox) -> float:
        """Intersection over union: 0 for boxes apart (or empty), 1 for the same box."""
        inter = self.intersection(other).area
        return inter / max(self.area + other.area - inter, 1e-9)

    def expand(self, margin: float) -> BBox:
        return BBox(self.x0 - margin, self.y0 - margin, self.x1 + margin, self.y1 + margin)

    def clip(self, width: float, height: float) -> BBox:
        return BBox(
            min(max(self.x0, 0.0), width),
            min(max(self.y0, 0.0), height),
            min(max(self.x1, 0.0), width),
            min(max(self.y1, 0.0), height),
        )

    def to_list(self) -> list[int]:
        return [
            int(math.floor(self.x0)),
            int(math.floor(self.y0)),
            int(math.ceil(self.x1)),
            int(math.ceil(self.y1)),
        ]

    @staticmethod
    def around(points: Iterable[Point]) -> BBox:
        xs, ys = zip(*points, strict=True)
        return BBox(min(xs), min(ys), max(xs), max(ys))

    @staticmethod
    def joined(boxes: Iterable[BBox]) -> list[BBox]:
        """``boxes`` with every group that overlaps (directly or through others) made one."""
        out: list[BBox] = []
        for box in boxes:
            while overlapping := [j for j in out if j.intersection(box).area > 0]:
                for j in overlapping:
                    out.remove(j)
                    box = box.union(j)
            out.append(box)
        return out


@dataclass(frozen=True)
class Quad:
    """Four corners of a (possibly tilted) box, in page-image pixels.

    The corners are in *reading* order: top-left, top-right, bottom-right, bottom-left as the text
    reads, even when the page is sideways. That keeps "the span from this character to that one"
    meaningful whatever the page's orientation.
    """

    points: tuple[Point, Point, Point, Point]

    @staticmethod
    def from_bbox(box: BBox) -> Quad:
        return Quad(((box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)))

    @staticmethod
    def from_seq(points: Sequence[Sequence[float]]) -> Quad:
        p = [(float(x), float(y)) for x, y in points]
        return Quad((p[0], p[1], p[2], p[3]))

    @property
    def bbox(self) -> BBox:
        return BBox.around(self.points)

    @property
    def height(self) -> float:
        """Mean length of the left and right edges: the text height."""
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = self.points
        return (math.hypot(dx - ax, dy - ay) + math.hypot(cx - bx, cy - by)) / 2

    @property
    def width(self) -> float:
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = self.points
        return (math.hypot(bx - ax, by - ay) + math.hypot(cx - dx, cy - dy)) / 2

    @staticmethod
    def span(first: Quad, last: Quad) -> Quad:
        """The quad from the left edge of ``first`` to the right edge of ``last`` (same line)."""
        return Quad((first.points[0], last.points[1], last.points[2], first.points[3]))

    def axes(self) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors along the quad's reading direction (mean of its top and bottom edges)
        and down across it (mean of its left and right edges)."""
        p = np.asarray(self.points, dtype=np.float64)
        u = (p[1] - p[0]) + (p[2] - p[3])
        v = (p[3] - p[0]) + (p[2] - p[1])
        nu = np.linalg.norm(u)
        nv = np.linalg.norm(v)
        u = u / nu if nu > 1e-9 else np.array([1.0, 0.0])
        v = v / nv if nv > 1e-9 else np.array([0.0, 1.0])
        return u, v

    def expand(self, margin: float) -> Quad:
        """Grow the quad by ``margin`` pixels along its own axes (keeps its tilt)."""
        return self.expand_sides(margin, margin, margin)

    def expand_sides(self, along: float, above: float, below: float) -> Quad:
        """Grow the quad along its own axes (keeps its tilt): by ``along`` pixels at each end
        of the line, ``above`` beyond its top edge and ``below`` beyond its bottom edge (top
        and bottom as the text reads)."""
        p = np.asarray(self.points, dtype=np.float64)
        u, v = self.axes()
        du, up, down = u * along, v * above, v * below
        q = (p[0] - du - up, p[1] + du - up, p[2] + du + down, p[3] - du + down)
        return Quad.from_seq(q)

    def to_list(self) -> list[list[float]]:
        return [[round(float(x), 1), round(float(y), 1)] for x, y in self.points]


@dataclass(frozen=True)
class TextChar:
    """One recognised character (or a gap, as a space) with its box."""

    text: str
    quad: Quad
    score: float
    # A stamp's opaque ink is drawn over it (text.mark_hidden): what OCR read there is a guess.
    hidden: bool = False


@dataclass(frozen=True)
class AxisSettings:
    """Which glyphs give a line its reading direction (TextLine.axis)."""

    # A glyph whose extent across the line is below this share of the line's median glyph is a
    # small raised or lowered one (an affiliation mark, a footnote number): not used.
    full_size: float = 0.75


AXIS = AxisSettings()


def _first_to_last(centres: list[np.ndarray]) -> np.ndarray:
    return centres[-1] - centres[0] if len(centres) > 1 else np.zeros(2)


@dataclass(frozen=True)
class TextLine:
    """A line of text as one detector saw it; ``text`` is the concatenation of its characters."""

    chars: tuple[TextChar, ...]
    quad: Quad
    score: float
    source: str

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    def axis(self) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors (along, down) of the line's reading direction.

        Taken from its first to its last full-size glyph: OCR of a vertical line that its crop
        rotation turned orders the line's and glyphs' corners across the line, not along it;
        a small raised or lowered glyph (a byline's affiliation mark, ZHOU Zhiqiang¹) is off the
        line's middle and would tilt it. A line of one glyph falls back to its quad's first edge.
        """
        ink = [c for c in self.chars if c.text.strip()] or list(self.chars)
        corners = [np.asarray(c.quad.points, dtype=np.float64) for c in ink]
        u = _first_to_last([c.mean(axis=0) for c in corners])
        if len(corners) > 2 and np.linalg.norm(u) > 1e-6:
            v = np.array([-u[1], u[0]]) / np.linalg.norm(u)
            heights = np.asarray([float(np.ptp(c @ v)) for c in corners])
            full = [
                c
                for c, h in zip(corners, heights, strict=True)
                if h >= AXIS.full_size * np.median(heights)
            ]
            if len(full) > 1:
                u = _first_to_last([c.mean(axis=0) for c in full])
        if np.linalg.norm(u) < 1e-6:
            p = np.asarray(self.quad.points, dtype=np.float64)
            u = (p[1] - p[0]) + (p[2] - p[3])
        n = np.linalg.norm(u)
        u = u / n if n > 1e-9 else np.array([1.0, 0.0])
        return u, np.array([-u[1], u[0]])

    def span_quad(self, start: int, end: int) -> Quad:
        """The quad over chars [start, end): their extent along the line, and across it the
        full height of the line (its box and every glyph box), so a mask over a span is never
        thinner than the line, whatever the page's angle or however skewed a glyph box came."""
        u, v = self.axis()
        span = np.asarray([p for c in self.chars[start:end] for p in c.quad.points], np.float64)
        band = np.asarray(
            [*self.quad.points, *(p for c in self.chars for p in c.quad.points)], np.float64
        )
        u0, u1 = float((span @ u).min()), float((span @ u).max())
        v0, v1 = float((band @ v).min()), float((band @ v).max())
        corners = [u * a + v * b for a, b in ((u0, v0), (u1, v0), (u1, v1), (u0, v1))]
        return Quad.from_seq(corners)


@dataclass(frozen=True)
class Finding:
    """Something on a page that must be masked: what, where, how sure, found how.

    ``quad`` is the box of what was found. ``outline``, when given, is a convex polygon that is
    masked instead of the quad (a seal's ellipse); else the quad is masked grown by a margin
    (mask.region_for), less on a side where ``margin_room`` says a neighbouring line's ink is.
    ``detail`` carries what the audit should say beyond the box: a face's box and landmarks, a
    seal's shape.
    """

    kind: str
    quad: Quad
    score: float
    source: str
    text: str = ""
    outline: tuple[Point, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # Text: the room (px) the fill's margin has beyond the quad's top and bottom edges before
    # the ink of a neighbouring line (detect.margins); None: the whole margin on both sides.
    margin_room: tuple[float, float] | None = field(default=None, compare=False, hash=False)

    @property
    def bbox(self) -> BBox:
        return self.quad.bbox


@dataclass
class Page:
    """One page image and what its file told us about it: the unit of work for every stage.

    ``text_lines`` come from a PDF text layer (already in image pixels). ``ocr_boxes`` says what to
    OCR: ``None`` for the whole page, or the boxes of images placed on a born-digital page.
    ``seal_boxes`` says where a seal may be: ``None`` anywhere; on a born-digital page its
    pictures and vector drawings that are not straight rules, and ``[]`` when it has none.
    ``glyph_image``: on a born-digital page that may hold a seal, its text drawn as outlines
    drawn again alone (no picture, no red path), for reading what a seal hides; else None.
    """

    file: str
    number: int
    image: np.ndarray
    dpi: float
    text_lines: list[TextLine] = field(default_factory=list)
    ocr_boxes: list[BBox] | None = None
    seal_boxes: list[BBox] | None = None
    glyph_image: np.ndarray | None = None

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


@dataclass
class RegionAudit:
    kind: str
    bbox: list[int]
    quad: list[list[float]]
    text: str
    score: float
    source: str
    outline: list[list[float]] | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class PageAudit:
    """What happened to one page; a failed file gets one PageAudit with ``error`` set."""

    file: str
    page: int
    width: int = 0
    height: int = 0
    dpi: float = 0.0
    needs_masking: bool = False
    rotation: int = 0
    regions: list[RegionAudit] = field(default_factory=list)
    exempt: bool = False
    output: str | None = None
    error: str | None = None
    error_code: int | None = None
    # What mask's check of its own output did: mode, extra passes, what it still found.
    self_check: dict[str, Any] | None = None

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.regions:
            out[r.kind] = out.get(r.kind, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
