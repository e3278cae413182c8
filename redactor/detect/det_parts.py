"""Lines PP-OCR's detector finds but its box step drops: text touching other text at an angle.

rapidocr's DB post-process takes each connected region of the detector's probability map (above
``thresh``) as one line and boxes it by its minimum-area rectangle; a box whose mean probability
is under ``box_thresh`` is dropped. When a label printed up a page's margin ends 7-11 px from the
body's lines (2161's 015_margin_label, a photocopy: ``申报人：李娜    工作单位：温泉县水利局``), the
detector's map of its last glyph touches the map of the body line beside it: one L-shaped region,
whose rectangle is mostly empty paper, so the label's piece and the body's line were both dropped
(the name never read). Such a region, dropped though its own pixels are sure text, is split where
its probability is weakest (the join between two lines is less sure than either line) and each
piece is boxed as rapidocr boxes a line.

A line that bows (a banner sagging between its ropes) is one sure region too, with no weak
join: its rectangle holds the bow's empty cloth, and the whole line was dropped (热烈祝贺…王伟同志…
across a banner, probes round 20). Such a region is cut along its length, where its glyphs are
least sure, into pieces straight enough for rapidocr's box step.

Lines that bend into a book's gutter run together there into one block over the page, dropped
with every line's straight part. Such a block is cut to the stretch across which its lines lie
apart, and each line there is boxed; the joined part is left.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class DetPartsSettings:
    """When and how a region the detector's box step dropped is split into lines."""

    # Only a region whose own pixels are this sure (their mean probability, rapidocr's "slow"
    # score) is split: a region dropped because it is faint text stays dropped. rapidocr's
    # box_thresh (0.5) is the floor of a kept box, so a sure region's rectangle was dropped for
    # being mostly empty.
    min_region_score: float = 0.6
    # The probability levels at which the region is cut, in turn: the first that breaks it
    # into two or more pieces (each at least ``min_piece_px`` pixels of the map) is taken, its
    # pieces grown back over the region (each pixel to the nearest piece) and each boxed; a
    # piece still dropped is cut again at the next level.
    levels: tuple[float, ...] = (0.5, 0.7, 0.85)
    min_piece_px: int = 12
    # A piece's box must be this sure (rapidocr's box_thresh, 0.5, boxes a colon's dot cut off
    # the label at 0.51-0.53).
    min_piece_score: float = 0.6
    # A region at most this many pixels of the map is not split (specks, a lone glyph).
    min_region_px: int = 60
    # The pieces are kept only when one of them is a straight line this many times as long as
    # high (the body line the label touched): a seal's curved legend, dropped as one region,
    # cuts into short arcs of a glyph or a few (乐, 东市妇幼保健 of a round seal's 博乐市妇幼保健院,
    # boxes at most twice as long as high) and stays dropped, as before.
    min_line_aspect: float = 3.0
    # Pieces that box less than this share of their region's pixels leave the region to the
    # bowed-line test below (a sliver of a bowed line's map, cut off at a sure level, is no
    # line of its own).
    min_boxed_share: float = 0.5
    # A region no level splits is a bowed line when it is at least ``bow_min_length`` times as
    # long as thick (its area over its long side; the detector's map is thinner than the
    # glyphs), its rectangle ``min_bow`` to ``max_bow`` times as high as the line is thick (a
    # straighter line's rectangle is mostly its own: rapidocr keeps it, or drops it as
    # before), and the bow (that height less the thickness) at most ``max_sag`` of its length:
    # a banner sags by a few hundredths of its length; a seal's legend arcs over the seal by a
    # third or more (an oval invoice seal's too), and the code along a seal's rim (a real
    # seal's, 0.085) by more than a banner.
    bow_min_length: float = 8.0
    min_bow: float = 1.7
    max_bow: float = 4.5
    max_sag: float = 0.075
    # A bowed line is cut in two, and each half again while it is dropped, down to pieces this
    # many times as long as thick; the cut falls in the middle third of a piece, at its least
    # sure place across the line (between glyphs).
    bow_min_piece: float = 2.0
    bow_cut_window: tuple[float, float] = (1 / 3, 2 / 3)
    # A region neither cut nor bowed is a block of lines the map joined in one part (a page
    # curling into a book's gutter: 13 lines bending down by up to 110 px ran together there,
    # and the whole block was dropped, their straight parts too) when across at least
    # ``block_apart_share`` of its length the number of lines that lie apart is the number
    # most often seen across it (at least ``block_lines``; within ``block_runs_slack``; where
    # the lines bend and join, the map's texture cuts more runs or fewer): that stretch's
    # lines are boxed, the joined part is left.
    block_lines: int = 2
    block_apart_share: float = 0.3
    block_runs_slack: int = 1


DET_PARTS = DetPartsSettings()


def install(det) -> None:  # noqa: ANN001 - rapidocr's TextDetector
    """Make rapidocr's detector ``det`` box the dropped regions' pieces too (once)."""
    post = det.postprocess_op
    if isinstance(post, _SplittingPostProcess):
        return
    split = _SplittingPostProcess.__new__(_SplittingPostProcess)
    split.__dict__.update(post.__dict__)
    det.postprocess_op = split


def _base():  # noqa: ANN202 - rapidocr's class
    from rapidocr.ch_ppocr_det.utils import DBPostProcess

    return DBPostProcess


class _SplittingPostProcess(_base()):  # type: ignore[misc]
    """rapidocr's DBPostProcess, boxing the pieces of regions it drops (see the module)."""

    settings: DetPartsSettings = DET_PARTS

    def boxes_from_bitmap(self, pred, bitmap, dest_width, dest_height):  # noqa: ANN001, ANN201
        boxes, scores = super().boxes_from_bitmap(pred, bitmap, dest_width, dest_height)
        extra, extra_scores = self._pieces(pred, bitmap, dest_width, dest_height)
        if not extra:
            return boxes, scores
        kept = list(boxes) + extra
        return np.array(kept, dtype=np.int32), list(scores) + extra_scores

    def _pieces(
        self, pred: np.ndarray, bitmap: np.ndarray, dest_width: int, dest_height: int
    ) -> tuple[list[np.ndarray], list[float]]:
        s = self.settings
        height, width = bitmap.shape
        contours, _ = cv2.findContours(
            (bitmap * 255).astype(np.uint8), cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE
        )
        out: list[np.ndarray] = []
        out_scores: list[float] = []
        # Largest first: rapidocr looks at its first max_candidates (1000) contours only, and a
        # textured page (a curl's bent glyphs) has more specks than that before its text.
        contours = sorted(contours, key=cv2.contourArea, reverse=True)
        for contour in contours[: self.max_candidates]:
            if cv2.contourArea(contour) < s.min_region_px:
                continue
            points, sside = self.get_mini_boxes(contour)
            if sside < self.min_size:
                continue
            if self.box_score_fast(pred, points.reshape(-1, 2)) >= self.box_thresh:
                continue  # rapidocr boxed it
            x, y, w, h = cv2.boundingRect(contour)
            region = np.zeros((h, w), np.uint8)
            cv2.fillPoly(region, [contour.reshape(-1, 2) - (x, y)], 1)
            region &= bitmap[y : y + h, x : x + w].astype(np.uint8)
            prob = pred[y : y + h, x : x + w]
            if not region.any() or float(prob[region > 0].mean()) < s.min_region_score:
                continue
            pieces = self._split(prob, region, 0)
            lines = any(_aspect(box) >= s.min_line_aspect for box, _ in pieces)
            if not lines or _share_boxed(region, pieces) < s.min_boxed_share:
                # No weak join cuts it into lines, or only a sliver of it: a line that bows?
                pieces = (
                    self._unbowed(prob, region)
                    or self._apart_part(prob, region)
                    or (pieces if lines else [])
                )
            if not pieces:
                continue
            for box, score in pieces:
                box = box + (x, y)
                box[:, 0] = np.clip(np.round(box[:, 0] / width * dest_width), 0, dest_width)
                box[:, 1] = np.clip(np.round(box[:, 1] / height * dest_height), 0, dest_height)
                out.append(box.astype(np.int32))
                out_scores.append(score)
        return out, out_scores

    def _split(
        self, prob: np.ndarray, region: np.ndarray, level: int
    ) -> list[tuple[np.ndarray, float]]:
        """Boxes for the pieces of ``region`` (a 0/1 mask over ``prob``), cut at the settings'
        levels from ``level`` on."""
        s = self.settings
        for i in range(level, len(s.levels)):
            pieces = _cut(prob, region, s.levels[i], s.min_piece_px)
            if len(pieces) == 1 and level > 0:  # a piece of a cut region: its sure part alone
                box = self._box(prob, pieces[0][1])
                if box is not None:
                    return [box]
            if len(pieces) < 2:
                continue
            found: list[tuple[np.ndarray, float]] = []
            for piece, seed in pieces:
                # The piece grown back over the region, else its sure part alone (the piece
                # took pixels of the join and is an L itself).
                box = self._box(prob, piece) or self._box(prob, seed)
                if box is not None:
                    found.append(box)
                elif float(prob[piece > 0].mean()) >= s.min_region_score:
                    found += self._split(prob, piece, i + 1)
            return found
        return []

    def _unbowed(self, prob: np.ndarray, region: np.ndarray) -> list[tuple[np.ndarray, float]]:
        """Boxes for the pieces of a bowed line (see the module), or none when ``region`` is
        not one."""
        s = self.settings
        ys, xs = np.nonzero(region)
        (_, _), (rw, rh), _ = cv2.minAreaRect(np.c_[xs, ys].astype(np.float32))
        length, height = max(rw, rh), min(rw, rh)
        thick = len(xs) / max(length, 1.0)
        if (
            length < s.bow_min_length * thick
            or not s.min_bow * thick <= height <= s.max_bow * thick
        ):
            return []
        if height - thick > s.max_sag * length:
            return []
        return self._cut_along(prob, region, thick, depth=0)

    def _apart_part(self, prob: np.ndarray, region: np.ndarray) -> list[tuple[np.ndarray, float]]:
        """Boxes for the lines of a block the map joined in one part only (lines that bend
        into a book's gutter run together there): each line cut off where it joins the
        others, along the longest stretch across which the lines lie apart; none when the
        region is no such block."""
        s = self.settings
        best: list[tuple[np.ndarray, float]] = []
        for turned in (False, True):  # lines across the page, then lines down it
            reg = region.T if turned else region
            starts = np.count_nonzero(np.diff(reg.astype(np.int8), axis=0) == 1, axis=0)
            runs = starts + reg[0].astype(int)
            many = runs[runs >= s.block_lines]
            if many.size == 0:
                continue
            lines = int(np.bincount(many).argmax())  # how many lines lie apart most often
            apart = np.abs(runs - lines) <= s.block_runs_slack
            at, length = _longest_run(apart)
            if length < s.block_apart_share * reg.shape[1]:
                continue
            part = np.zeros_like(reg)
            part[:, at : at + length] = reg[:, at : at + length]
            n, labels = cv2.connectedComponents(part.T if turned else part, connectivity=8)
            found = []
            for i in range(1, n):
                # rapidocr's own floor: a block's line is long, no dot cut off a label.
                box = self._box(prob, (labels == i).astype(np.uint8), self.box_thresh)
                if box is not None and _aspect(box[0]) >= s.min_line_aspect:
                    found.append(box)
            if len(found) > len(best):
                best = found
        return best

    def _cut_along(
        self, prob: np.ndarray, piece: np.ndarray, thick: float, depth: int
    ) -> list[tuple[np.ndarray, float]]:
        """``piece`` boxed whole when rapidocr would keep its box, else cut in two across its
        length (each half likewise)."""
        s = self.settings
        box = self._box(prob, piece) if depth else None
        if box is not None:
            return [box]
        ys, xs = np.nonzero(piece)
        pts = np.c_[xs, ys].astype(np.float32)
        (_, _), (rw, rh), ang = cv2.minAreaRect(pts)
        along = np.radians(ang if rw >= rh else ang + 90.0)
        t = xs * np.cos(along) + ys * np.sin(along)
        t0, t1 = float(t.min()), float(t.max())
        if t1 - t0 < 2 * s.bow_min_piece * thick or depth >= 6:
            return []
        # The least sure place across the line within the middle third: between two glyphs.
        span = int(t1) - int(t0) + 2
        mass = np.bincount((t - t0).astype(int), weights=prob[ys, xs], minlength=span)
        lo, hi = (int(len(mass) * f) for f in s.bow_cut_window)
        cut = t0 + lo + int(np.argmin(mass[lo:hi]))
        found: list[tuple[np.ndarray, float]] = []
        for side in (t < cut, t >= cut):
            half = np.zeros_like(piece)
            half[ys[side], xs[side]] = 1
            found += self._cut_along(prob, half, thick, depth + 1)
        return found

    def _box(
        self, prob: np.ndarray, piece: np.ndarray, min_score: float | None = None
    ) -> tuple[np.ndarray, float] | None:
        """rapidocr's box of one piece (its rectangle, scored, unclipped), or None when rapidocr
        would drop it (or its score is under ``min_score``, by default ``min_piece_score``)."""
        contours, _ = cv2.findContours(piece * 255, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        if not contours:
            return None
        contour = max(contours, key=cv2.contourArea)
        points, sside = self.get_mini_boxes(contour)
        if sside < self.min_size:
            return None
        score = self.box_score_fast(prob, points.reshape(-1, 2))
        floor = self.settings.min_piece_score if min_score is None else min_score
        if score < max(self.box_thresh, floor):
            return None
        box, sside = self.get_mini_boxes(self.unclip(points))
        if sside < self.min_size + 2:
            return None
        return np.asarray(box, dtype=np.float64), float(score)


def _longest_run(flags: np.ndarray) -> tuple[int, int]:
    """The start and length of the longest stretch of True in a 1-D array ((0, 0): none)."""
    padded = np.r_[False, flags, False].astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    if edges.size == 0:
        return 0, 0
    starts, ends = edges[::2], edges[1::2]
    i = int(np.argmax(ends - starts))
    return int(starts[i]), int(ends[i] - starts[i])


def _share_boxed(region: np.ndarray, pieces: list[tuple[np.ndarray, float]]) -> float:
    """The share of ``region``'s pixels inside the pieces' boxes."""
    boxed = np.zeros_like(region)
    for box, _ in pieces:
        cv2.fillPoly(boxed, [np.round(box).astype(np.int32)], 1)
    return float(np.count_nonzero(boxed & region)) / max(int(np.count_nonzero(region)), 1)


def _aspect(box: np.ndarray) -> float:
    """How many times longer than high a box (four corners in order) is."""
    a, b = float(np.linalg.norm(box[1] - box[0])), float(np.linalg.norm(box[3] - box[0]))
    return max(a, b) / max(min(a, b), 1e-6)


def _cut(
    prob: np.ndarray, region: np.ndarray, level: float, min_px: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``region`` cut into pieces: its parts over ``level`` of at least ``min_px`` pixels (the
    seeds), each grown back over the region (each pixel of it to the nearest seed); (piece,
    seed) pairs; one or none when the level does not break it."""
    seeds = ((prob > level) & (region > 0)).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(seeds, connectivity=4)
    big = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= min_px]
    if len(big) < 2:
        return [(region, (labels == big[0]).astype(np.uint8))] if big else []
    markers = np.isin(labels, big)
    # Each pixel's nearest seed: the label of the nearest zero of (not a seed).
    _, nearest = cv2.distanceTransformWithLabels(
        (~markers).astype(np.uint8), cv2.DIST_L2, 5, labelType=cv2.DIST_LABEL_PIXEL
    )
    seed_of = np.zeros(int(nearest.max()) + 1, np.int32)
    ys, xs = np.nonzero(markers)
    seed_of[nearest[ys, xs]] = labels[ys, xs]
    owner = seed_of[nearest]
    return [
        (((owner == i) & (region > 0)).astype(np.uint8), (labels == i).astype(np.uint8))
        for i in big
    ]
