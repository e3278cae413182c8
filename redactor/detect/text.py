"""Text with character boxes: from a PDF's text layer, or from OCR (rapidocr, PP-OCR models).

Both sources produce ``TextLine`` objects in page-image pixels, so matching never needs to know
where the text came from.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import itertools
import math
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import cv2
import numpy as np

from redactor import timing
from redactor.detect.turn import turn_whole
from redactor.errors import TooSmallInputError
from redactor.types import OCR, TEXT_LAYER, BBox, Page, Quad, TextChar, TextLine

# A gap between two recognised glyphs wider than this fraction of the line height is a space.
# OCR drops spaces inside Chinese lines; "王　伟" and "李明 张伟" need them back to tell
# words apart.
SPACE_GAP = 0.35


@dataclass(frozen=True)
class OrientationSettings:
    """When a page is taken as upright, and when a quarter turn is taken instead."""

    # A page that reads this well upright, with mostly horizontal text, is taken as upright
    # without trying other turns.
    good_read: float = 0.88
    # Share of text (by box length) running horizontally: above ``upright`` the page is tried
    # upright and upside down only; below ``vertical`` it lies on its side. OCR turns each
    # vertical line's crop itself, so a sideways page can read well "upright": its vertical
    # lines are the sign that it is turned.
    upright: float = 0.6
    vertical: float = 0.4
    # Above this share, only upside down is tried besides upright.
    level: float = 0.8
    # A sideways page is read turned as the probe chose unless that reads less than this
    # share of the text its unturned read gave (an unturned read leaves vertical lines whose
    # glyph boxes run across them).
    turned_share: float = 0.8


ORIENTATION = OrientationSettings()


@dataclass(frozen=True)
class OcrResult:
    lines: list[TextLine]
    rotation: int  # clockwise degrees the page had to be turned to read upright (0/90/180/270)


class OcrEngine:
    """One rapidocr instance per process, created on first use (loading takes a moment)."""

    _lock = threading.Lock()
    _engine = None

    @classmethod
    def get(cls):  # noqa: ANN206 - rapidocr's class is untyped
        with cls._lock:
            if cls._engine is None:
                from rapidocr import RapidOCR

                from redactor import models
                from redactor.detect import engines

                engines.prepare_heap()

                # No angle classifier: it flips single lines but leaves their character boxes in
                # the unflipped frame. We turn whole pages instead (see ocr_image).
                # The model files are given by path, checked (present, right size) against
                # models/models.json: rapidocr would otherwise download a missing file.
                cls._engine = RapidOCR(
                    params={
                        "Global.log_level": "error",
                        "Global.use_cls": False,
                        "Global.text_score": REREAD.text_score,
                        "Det.model_path": str(models.verified_path("ppocr_det", full=False)),
                        "Rec.model_path": str(models.verified_path("ppocr_rec", full=False)),
                        # The backend (onnxruntime or OpenVINO) and threads of this process.
                        **engines.rapidocr_params(),
                    }
                )
                _time_steps(cls._engine)
                _keep_empty_reads(cls._engine)
                _bound_caches(cls._engine)
                engines.on_release(functools.partial(_release_memory, cls._engine))
            return cls._engine


_BOUND_LOCK = threading.Lock()


def _bound_caches(engine) -> None:  # noqa: ANN001 - rapidocr's RapidOCR
    """Each model, when rapidocr first loads it, compiled again with OpenVINO's runtime cache
    bounded (engines.RUNTIME_CACHE): the recogniser sees a new input width at almost every
    line, and each width's compiled kernels and buffers used to stay."""
    for name in ("_load_det_model", "_load_rec_model"):
        setattr(engine, name, _bounded_loader(engine, getattr(engine, name)))


def _bounded_loader(engine, load):  # noqa: ANN001, ANN202 - rapidocr's RapidOCR and loader
    def loaded():  # noqa: ANN202
        model = load()
        with _BOUND_LOCK:
            if not getattr(model, "_redactor_bounded", False):
                from redactor.detect import engines

                engines.bound_runtime_cache(model.session, engine.cfg.EngineConfig.openvino)
                model._redactor_bounded = True
            if model is engine.text_det:
                from redactor.detect import det_parts

                det_parts.install(model)  # lines touching at an angle are boxed too
        return model

    return loaded


def _release_memory(engine) -> None:  # noqa: ANN001 - rapidocr's RapidOCR
    """The det model's intermediate tensors given back, when it runs on OpenVINO
    (engines.MemorySettings); onnxruntime's sessions keep no arena (rapidocr turns it off).
    The rec model's (one line at a time) are small, and allocating them again for each line
    width after a release cost more than they hold (BENCHMARKS.md, "speed round 4")."""
    request = getattr(getattr(engine.text_det, "session", None), "session", None)
    if request is not None and hasattr(request, "get_compiled_model"):
        request.get_compiled_model().release_memory()


def _time_steps(engine) -> None:  # noqa: ANN001 - rapidocr's RapidOCR
    """Charge rapidocr's detection and recognition steps to their own stages when the page's
    OCR calls them (``redactor mask --timings``)."""
    engine.detect_and_crop = timing.timed(engine.detect_and_crop, timing.OCR_DET, timing.OCR)
    engine.recognize_txt = timing.timed(engine.recognize_txt, timing.OCR_REC, timing.OCR)


_EMPTY_READS = threading.local()


def _keep_empty_reads(engine) -> None:  # noqa: ANN001 - rapidocr's RapidOCR
    """Keep, for this thread's last call, the boxes rapidocr detected but read as nothing (it
    drops them from its output): a line reading up a margin, turned the wrong way for the
    recogniser, reads as nothing when short (see ``RereadSettings.tall``)."""
    run = engine.run_ocr_steps

    def run_ocr_steps(img, op_record):  # noqa: ANN001, ANN202 - rapidocr's own signature
        det, cls_res, rec, crops = run(img, op_record)
        empty = []
        if det.boxes is not None and rec.txts is not None:
            empty = [i for i, t in enumerate(rec.txts) if not t.strip()]
        if empty:
            boxes = np.array([det.boxes[i] for i in empty], dtype=np.float64)
            _EMPTY_READS.value = (boxes, op_record)
        else:
            _EMPTY_READS.value = None
        return det, cls_res, rec, crops

    engine.run_ocr_steps = run_ocr_steps


def _empty_reads(height: int, width: int) -> list[Quad]:
    """The boxes the last call on this thread read as nothing, in its input image's frame."""
    kept = getattr(_EMPTY_READS, "value", None)
    _EMPTY_READS.value = None
    if kept is None:
        return []
    from rapidocr.utils.process_img import map_boxes_to_original

    boxes, op_record = kept
    boxes = map_boxes_to_original(boxes.copy(), op_record, height, width)
    return [Quad.from_seq(b.tolist()) for b in boxes]


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _split_word(word: str, quad: Quad, score: float) -> list[TextChar]:
    """Split a recognised word (Latin words come whole) into per-character quads.

    Widths are apportioned by character class: wide (CJK) glyphs count double.
    """
    if len(word) == 1:
        return [TextChar(word, quad, score)]
    weights = [2.0 if _is_wide(c) else 1.0 for c in word]
    total = sum(weights)
    p = np.asarray(quad.points, dtype=np.float64)
    top_a, top_b, bot_b, bot_a = p[0], p[1], p[2], p[3]
    out: list[TextChar] = []
    acc = 0.0
    for ch, w in zip(word, weights, strict=True):
        t0, t1 = acc / total, (acc + w) / total
        acc += w
        q = (
            top_a + (top_b - top_a) * t0,
            top_a + (top_b - top_a) * t1,
            bot_a + (bot_b - bot_a) * t1,
            bot_a + (bot_b - bot_a) * t0,
        )
        out.append(TextChar(ch, Quad.from_seq(q), score))
    return out


def _gap_space(left: Quad, right: Quad) -> TextChar:
    q = Quad((left.points[1], right.points[0], right.points[3], left.points[2]))
    return TextChar(" ", q, 1.0)


def _line_from_words(
    words: list[tuple[str, float, list[list[float]]]],
    line_quad: Quad,
    line_text: str,
    line_score: float,
    source: str,
) -> TextLine:
    chars: list[TextChar] = []
    height = max(line_quad.height, 1.0)
    prev: Quad | None = None
    for word, score, pts in words:
        quad = Quad.from_seq(pts)
        if prev is not None:
            gap = _gap_distance(prev, quad)
            latin = not _is_wide(chars[-1].text) or not _is_wide(word[0])
            if gap > SPACE_GAP * height or (latin and gap > 0.12 * height):
                chars.append(_gap_space(prev, quad))
        chars.extend(_split_word(word, quad, float(score)))
        prev = quad
    if not chars and line_text:
        chars = _split_word(line_text, line_quad, line_score)
    return TextLine(tuple(chars), line_quad, line_score, source)


def _gap_distance(left: Quad, right: Quad) -> float:
    """Distance along the reading direction from the right edge of ``left`` to ``right``."""
    a = np.asarray(left.points)
    b = np.asarray(right.points)
    axis = (a[1] - a[0]) + (a[2] - a[3])
    n = np.linalg.norm(axis)
    if n < 1e-9:
        return 0.0
    axis = axis / n
    left_end = float(np.dot((a[1] + a[2]) / 2, axis))
    right_start = float(np.dot((b[0] + b[3]) / 2, axis))
    return right_start - left_end


@dataclass(frozen=True)
class TileSettings:
    """How an image too large for one OCR pass is read: in overlapping tiles at native size.

    rapidocr shrinks a whole image to ``max_side`` before detecting text, so 36 px text on a
    1080 x 16000 phone screenshot would shrink to 5 px and vanish. Tiles keep every image at
    its own pixel size, whatever its length.
    """

    # rapidocr's Global.max_side_len: an image with a longer side is shrunk, a tile is not.
    max_side: int = 2000
    # An image that one pass would shrink by no more than this is read in one pass, as before
    # tiles (A4 up to 300 dpi, screenshots up to 4000 px): PP-OCR still reads 36 px text at
    # half size, and tiling a page costs a detection pass per tile.
    min_scale: float = 0.5
    # Pixels shared by neighbouring tiles. A line is kept from the tile whose core (the tile
    # less half of each overlap) holds its centre, so a line up to half this high is read
    # whole in that tile; longer lines cut by a tile edge are joined back from their pieces.
    overlap: int = 320
    # Below this many pixels across, an image holds no readable text (a rule, a sliver).
    min_side: int = 8
    # rapidocr rounds a shrunk side to a multiple of 32 (a side under 16 px becomes 0 and fails)
    # and scales a short side up to 736 px for detection whatever the long side: a strip is
    # padded with paper to at least this short side and at most ``max_aspect`` long per side.
    pad_side: int = 64
    max_aspect: float = 8.0
    # rapidocr's text detector scales an image up until its short side is 736 px
    # (Det.limit_side_len, limit_type "min"). A crop of a page read again (around a stamp, a
    # masked name, an image placed on a born-digital page) is read at its own scale instead,
    # the scale the page was read at: a 60 px strip blown up twelve times cost 3-4 Mpx of
    # detection, more than the whole page. It is padded with paper to at least this side so
    # the detector sees some margin around its text.
    det_side: int = 256
    # A whole image with a short side under that 736 px (a cut-out line, a small screenshot) is
    # scaled up for detection at most this much: enough for small text, while a 760 x 192
    # image is no longer blown up 3.8 times into 2 Mpx of detection.
    max_upscale: float = 2.0


TILES = TileSettings()


@dataclass(frozen=True)
class _Tile:
    box: BBox  # the pixels read
    core: BBox  # where the lines this tile answers for have their centre


def _spans_1d(length: int, tile: int, overlap: int) -> list[tuple[int, int]]:
    """Overlapping [start, end) windows of at most ``tile`` covering 0..length evenly."""
    if length <= tile:
        return [(0, length)]
    n = math.ceil((length - overlap) / (tile - overlap))
    step = (length - tile) / (n - 1)
    return [(round(i * step), round(i * step) + tile) for i in range(n)]


def _cores_1d(spans: list[tuple[int, int]], length: int) -> list[tuple[float, float]]:
    """Each window's share: from the middle of its overlap with the previous window to the
    middle of its overlap with the next (the image's ends for the first and last)."""
    cuts = [0.0] + [(spans[i][1] + spans[i + 1][0]) / 2 for i in range(len(spans) - 1)]
    return list(zip(cuts, cuts[1:] + [float(length)], strict=True))


def plan_tiles(width: int, height: int, settings: TileSettings = TILES) -> list[_Tile]:
    """The tiles an image is read in: one when it fits ``settings.max_side``."""
    xs = _spans_1d(width, settings.max_side, settings.overlap)
    ys = _spans_1d(height, settings.max_side, settings.overlap)
    xc, yc = _cores_1d(xs, width), _cores_1d(ys, height)
    return [
        _Tile(BBox(x0, y0, x1, y1), BBox(cx0, cy0, cx1, cy1))
        for (y0, y1), (cy0, cy1) in zip(ys, yc, strict=True)
        for (x0, x1), (cx0, cx1) in zip(xs, xc, strict=True)
    ]


def _centre(quad: Quad) -> tuple[float, float]:
    p = np.asarray(quad.points, dtype=np.float64).mean(axis=0)
    return float(p[0]), float(p[1])


def _inside(point: tuple[float, float], box: BBox) -> bool:
    return box.x0 <= point[0] < box.x1 and box.y0 <= point[1] < box.y1


@dataclass(frozen=True)
class _Part:
    line: TextLine
    cut: bool  # some of its characters lay outside the tile's core: may continue elsewhere


def _core_part(line: TextLine, core: BBox) -> _Part | None:
    """The characters of a line whose centres lie in the tile's core.

    Along the line the core is widened by half a line height, so neighbouring tiles both keep
    a character cut at the core's edge (``_join`` drops the second copy) rather than both
    dropping it; across the line it is not, so a line lies in one core only.
    """
    u, _ = line.axis()
    slack = 0.5 * max(line.quad.height, 1.0)
    if abs(u[0]) >= abs(u[1]):
        core = BBox(core.x0 - slack, core.y0, core.x1 + slack, core.y1)
    else:
        core = BBox(core.x0, core.y0 - slack, core.x1, core.y1 + slack)
    keep = [i for i, c in enumerate(line.chars) if _inside(_centre(c.quad), core)]
    if not keep or not "".join(line.chars[i].text for i in keep).strip():
        return None
    if len(keep) == len(line.chars):
        return _Part(line, False)
    chars = line.chars[keep[0] : keep[-1] + 1]
    quad = line.span_quad(keep[0], keep[-1] + 1)
    return _Part(TextLine(chars, quad, line.score, line.source), True)


def _joins(a: TextLine, b: TextLine) -> bool:
    """Whether ``b`` continues ``a`` on the same row where a tile's core ended."""
    u, v = a.axis()
    pa = np.asarray(a.quad.points, dtype=np.float64)
    pb = np.asarray(b.quad.points, dtype=np.float64)
    h = max(a.quad.height, 1.0)
    same_row = abs(float((pb @ v).mean() - (pa @ v).mean())) < 0.5 * h
    start_a, end_a = float((pa @ u).min()), float((pa @ u).max())
    start_b, end_b = float((pb @ u).min()), float((pb @ u).max())
    return same_row and start_a < start_b and end_a < end_b and start_b - end_a <= 0.8 * h


def _join(a: TextLine, b: TextLine) -> TextLine:
    """``a`` followed by the characters of ``b`` that lie beyond ``a``'s last one."""
    u, _ = a.axis()
    end = float((np.asarray(a.chars[-1].quad.points, dtype=np.float64) @ u).max())
    rest = tuple(c for c in b.chars if float(np.asarray(c.quad.points).mean(axis=0) @ u) > end)
    if not rest:
        return a
    chars = a.chars + rest
    quad = Quad((a.quad.points[0], b.quad.points[1], b.quad.points[2], a.quad.points[3]))
    score = (a.score * len(a.chars) + b.score * len(rest)) / len(chars)
    return TextLine(chars, quad, score, a.source)


def _join_parts(parts: list[_Part]) -> list[TextLine]:
    """Lines cut at tile cores, joined back where one part continues another."""
    parts = sorted(parts, key=lambda p: _centre(p.line.quad))
    out: list[_Part] = []
    for part in parts:
        for i, done in enumerate(out):
            if not (part.cut or done.cut):
                continue
            if _joins(done.line, part.line):
                out[i] = _Part(_join(done.line, part.line), True)
                break
            if _joins(part.line, done.line):
                out[i] = _Part(_join(part.line, done.line), True)
                break
        else:
            out.append(part)
    return [p.line for p in out]


def _ocr_tiled(image: np.ndarray, tiles: list[_Tile], crop: bool) -> list[TextLine]:
    """Read each tile and keep each character once: from the tile whose core holds it."""
    parts: list[_Part] = []
    for tile in tiles:
        x0, y0, x1, y1 = (int(v) for v in (tile.box.x0, tile.box.y0, tile.box.x1, tile.box.y1))
        piece = np.ascontiguousarray(image[y0:y1, x0:x1])
        for line in _ocr_pass(piece, crop):
            part = _core_part(_offset_line(line, x0, y0), tile.core)
            if part is not None:
                parts.append(part)
    return _join_parts(parts)


def _ocr_upright(
    image: np.ndarray, settings: TileSettings = TILES, crop: bool = False
) -> list[TextLine]:
    """OCR an image assumed upright, in tiles when it is large; lines in its own pixel frame.
    ``crop``: a part of a page read before, read at its own scale (see ``det_side``)."""
    h, w = image.shape[:2]
    if min(h, w) < settings.min_side:
        return []
    if crop:
        image = _padded_to_det_side(image, settings)
        h, w = image.shape[:2]
    scale = min(1.0, settings.max_side / max(h, w))
    tiled = not (scale >= settings.min_scale and min(h, w) * scale >= settings.pad_side)
    tiles = plan_tiles(w, h, settings) if tiled else []
    lines = _ocr_tiled(image, tiles, crop) if tiled else _ocr_pass(image, crop)
    if crop:
        return lines
    from redactor.detect import large_text  # it reads with this module

    with timing.stage(timing.LARGE_TEXT):
        return large_text.with_large_text(image, lines, large_text.detector_scale(w, h, tiled))


def detector_short_side() -> int:
    """The short side rapidocr's detector scales a whole image up to (its Det.limit_side_len
    with limit_type "min": 736 px in the wheel's config), as configured, so the large-text pass
    and verify's sheets of windows follow the engine rather than a copy of its number."""
    det = OcrEngine.get()._load_det_model()
    return int(det.limit_side_len) if det.limit_type == "min" else TILES.max_side


@contextlib.contextmanager
def _detector_scale(short_side: int, crop: bool) -> Iterator[None]:
    """How rapidocr's detector scales the image it is given (its preprocessing reads these two
    settings at every call): a crop is shrunk when over ``TILES.max_side`` but never scaled up;
    a whole image is scaled up towards the detector's short side by at most ``max_upscale``."""
    det = OcrEngine.get()._load_det_model()
    saved = det.limit_type, det.limit_side_len
    if crop:
        det.limit_type, det.limit_side_len = "max", TILES.max_side
    elif saved[0] == "min":
        det.limit_side_len = min(saved[1], round(short_side * TILES.max_upscale))
    try:
        yield
    finally:
        det.limit_type, det.limit_side_len = saved


def _padded_to_det_side(image: np.ndarray, settings: TileSettings = TILES) -> np.ndarray:
    """A crop padded right and below with its paper colour to at least ``det_side`` each way
    (its pixels keep their coordinates), so the detector does not scale it up."""
    h, w = image.shape[:2]
    return _on_paper(image, max(h, settings.det_side), max(w, settings.det_side))


def _padded(image: np.ndarray, settings: TileSettings = TILES) -> np.ndarray:
    """A thin strip padded right and below with its own paper colour (see ``pad_side``), so
    its pixels keep their coordinates."""
    h, w = image.shape[:2]
    need_h = max(h, settings.pad_side, math.ceil(w / settings.max_aspect))
    need_w = max(w, settings.pad_side, math.ceil(h / settings.max_aspect))
    return _on_paper(image, need_h, need_w)


def _on_paper(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """``image`` at the top left of a height x width sheet of its own (median) paper colour;
    the image itself when it is that size already."""
    h, w = image.shape[:2]
    if (height, width) == (h, w):
        return image
    paper = np.median(image.reshape(-1, image.shape[2]), axis=0).astype(image.dtype)
    out = np.empty((height, width, image.shape[2]), image.dtype)
    out[:] = paper
    out[:h, :w] = image
    return out


def _ocr_pass(image: np.ndarray, crop: bool = False) -> list[TextLine]:
    """One rapidocr pass over an image no larger than ``TILES.max_side``."""
    engine = OcrEngine.get()
    # rapidocr expects BGR like OpenCV; pages are RGB.
    bgr = np.ascontiguousarray(_padded(image)[:, :, ::-1])
    # Pass every switch: rapidocr keeps the last call's switches for the next call.
    with _detector_scale(min(bgr.shape[:2]), crop):
        # Every line is returned (text_score 0): a short line its batch misread unsurely is
        # read again alone (see RereadSettings) before the usual score floor drops it.
        result = engine(
            bgr, use_det=True, use_cls=False, use_rec=True, return_word_box=True, text_score=0.0
        )
    # Before any read alone (each is a call of its own).
    unread = _empty_reads(*bgr.shape[:2])
    read = result.boxes is not None and result.txts is not None
    boxes, txts = (result.boxes, result.txts) if read else ([], [])
    scores = result.scores if read else []
    words_per_line = (result.word_results if read else None) or [()] * len(txts)
    lines = []
    for box, txt, score, words in zip(boxes, txts, scores, words_per_line, strict=False):
        quad = Quad.from_seq(box.tolist() if hasattr(box, "tolist") else box)
        usable = [w for w in (words or ()) if w and w[0]]
        line = _line_from_words(usable, quad, txt, float(score), OCR)
        line = _reread_alone(bgr, line) or line
        if line.score >= REREAD.text_score:
            lines.append(line)
    # A tall box read as nothing (rapidocr drops it): read again alone both ways.
    for quad in unread:
        line = _reread_alone(bgr, TextLine((), quad, 0.0, OCR), empty=True)
        if line is not None and line.score >= REREAD.text_score:
            lines.append(line)
    return _overlapping_pieces_joined(lines) + _read_across_cuts(bgr, lines)


@dataclass(frozen=True)
class OverlapJoinSettings:
    """When two read lines are pieces of one line that overlap end to end.

    The detector's map of a line that bows (a banner's sag, a page curling into its gutter) is
    cut along its length into straighter pieces (det_parts), and each piece's box, grown as
    rapidocr grows every box, takes in the glyph beside the cut: both pieces read it. Left as
    two lines, the unit read across them had that glyph twice (…自治州人民 | 民医院…) and
    matched nothing. Lines of a page never otherwise share a glyph's place and reading (the
    arcs of an invoice's oval stamp, read in pieces, overlap with other glyphs)."""

    # The last glyphs of one piece and the first of the next that are compared.
    glyphs: int = 2
    # Two glyph boxes are the same glyph when they read the same and share this share of the
    # smaller one's area, or share ``same_place`` of it whatever they read (the cut glyph read
    # twice, once misread: 博尔 | R塔拉…).
    same_glyph: float = 0.3
    same_place: float = 0.6
    # Pieces of one line are about as high as each other.
    max_height_ratio: float = 1.6


OVERLAP_JOIN = OverlapJoinSettings()


def _overlapping_pieces_joined(
    lines: list[TextLine], s: OverlapJoinSettings = OVERLAP_JOIN
) -> list[TextLine]:
    """``lines`` with each pair of pieces of one line (see OverlapJoinSettings) joined into
    one: the first piece's glyphs, then the second's beyond the glyphs they share."""
    out = list(lines)
    while True:
        pair = next(((i, j) for i, j in _touching(out) if _continues(out[i], out[j], s)), None)
        if pair is None:
            return out
        i, j = pair
        merged = _join_overlapping(out[i], out[j], s)
        out = [x for k, x in enumerate(out) if k not in (i, j)] + [merged]


def _touching(lines: list[TextLine]) -> list[tuple[int, int]]:
    """The ordered pairs of lines whose boxes overlap: only they can share a glyph (a page's
    hundred lines would otherwise be compared pair by pair, each time a pair is joined)."""
    if len(lines) < 2:
        return []
    b = np.asarray([[q.x0, q.y0, q.x1, q.y1] for q in (ln.quad.bbox for ln in lines)])
    meet = (
        (b[:, None, 0] < b[None, :, 2])
        & (b[None, :, 0] < b[:, None, 2])
        & (b[:, None, 1] < b[None, :, 3])
        & (b[None, :, 1] < b[:, None, 3])
    )
    np.fill_diagonal(meet, False)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(meet), strict=True)]


def _shared(c: TextChar, d: TextChar, share: float) -> bool:
    """Whether two glyph boxes share ``share`` of the smaller one's area."""
    a, b = c.quad.bbox, d.quad.bbox
    inter = a.intersection(b)
    if inter.width <= 0 or inter.height <= 0:
        return False
    return inter.area >= share * max(min(a.area, b.area), 1.0)


def _continues(a: TextLine, b: TextLine, s: OverlapJoinSettings) -> bool:
    """Whether ``b`` continues ``a`` past a glyph both read, the same, at the same place."""
    if len(a.chars) < 2 or len(b.chars) < 2 or a.source != b.source:
        return False
    ha, hb = max(a.quad.height, 1.0), max(b.quad.height, 1.0)
    if max(ha, hb) > s.max_height_ratio * min(ha, hb):
        return False
    u, _ = a.axis()
    if _centre(b.quad)[0] * u[0] + _centre(b.quad)[1] * u[1] <= (
        _centre(a.quad)[0] * u[0] + _centre(a.quad)[1] * u[1]
    ):
        return False
    tail, head = a.chars[-s.glyphs :], b.chars[: s.glyphs]
    return any(
        _shared(c, d, s.same_glyph if c.text == d.text else s.same_place)
        for c in tail
        for d in head
    )


def _join_overlapping(a: TextLine, b: TextLine, s: OverlapJoinSettings) -> TextLine:
    tail = a.chars[-s.glyphs :]
    rest = list(b.chars)
    while rest and any(_shared(rest[0], c, s.same_glyph) for c in tail):
        rest.pop(0)
    chars = a.chars + tuple(rest)
    quad = Quad((a.quad.points[0], b.quad.points[1], b.quad.points[2], a.quad.points[3]))
    score = (a.score * len(a.chars) + b.score * len(rest)) / max(len(chars), 1)
    return TextLine(chars, quad, score, a.source)


@dataclass(frozen=True)
class RereadSettings:
    """When a short line is read again on its own.

    rapidocr recognises a page's lines in batches, each line scaled to the batch's height and
    padded to its widest member. A short line batched with much longer ones (a sparse page:
    a two-glyph name set vertically beside a long unit) can lose glyphs or misread them: 王伟
    in a column of its own read as 王 in the page's batch and as 王伟 alone, 李娜 as 车娜 (0.37)
    and alone as 李娜 (0.99). A short line that read clearly fewer glyphs than its box has room
    for, or read unsurely, is read again alone; the alone read is kept when it reads more and
    is as sure, or reads as many and is much surer.
    """

    # Only short lines: at most this many square glyphs fit in the box (long side / short
    # side). Longer lines are batched with lines of their own length.
    max_glyphs: float = 8.0
    # Read again when the read falls this many glyphs (a Latin character is half a glyph)
    # short of what the box holds.
    missing: float = 0.6
    # The alone read must be at least this sure, and no less sure than the batch's by more
    # than ``score_drop``.
    min_score: float = 0.8
    score_drop: float = 0.05
    # A line with room for at most ``unsure_glyphs`` glyphs (a name of two to four) read less
    # surely than ``unsure`` is read again too; an alone read of as many glyphs replaces it
    # when surer by ``score_gain``.
    unsure: float = 0.8
    unsure_glyphs: float = 5.0
    score_gain: float = 0.2
    # rapidocr turns a crop this much taller than wide before recognising it, always the
    # same way (a quarter turn counter-clockwise): right for a line reading down, upside down
    # for one reading up (a label printed up a page's binding edge on an upright page, read
    # as ： for 档案袋 申报人：王伟 博尔塔拉…). Such a line is read again alone both ways, up
    # to this many glyphs long, and the read that gives more glyphs more surely is kept.
    tall: float = 1.5
    tall_max_glyphs: float = 40.0
    # A line running down the page whose box rapidocr gives from its top-right corner, along
    # its long side first (the corner order of a line turned a quarter clockwise: a tilted
    # label up a margin), is cropped lying on its side, upright for a line reading down and
    # upside down for one reading up (精 for 精河县农业技术推广中心 欧阳丽华 …, tilted 3 degrees).
    # When it reads short it is read again as it lies and turned half a turn, up to
    # ``tall_max_glyphs`` long.
    # Lines read less surely than this (after a read alone) are dropped: rapidocr's own
    # Global.text_score, which used to drop them before they could be read again.
    text_score: float = 0.3
    # Lines under this score are not worth a read alone (specks, a photo's texture).
    min_batch_score: float = 0.1


REREAD = RereadSettings()


def _glyph_units(text: str) -> float:
    """Square glyphs ``text`` takes on a line: wide (CJK) characters one, others a half."""
    return sum(1.0 if _is_wide(c) else 0.5 for c in text.strip())


def _reread_alone(
    bgr: np.ndarray, line: TextLine, settings: RereadSettings = REREAD, empty: bool = False
) -> TextLine | None:
    """``line`` read again alone when its batch read lost glyphs (see ``RereadSettings``);
    None when it is not read again or the alone read is no better. ``empty``: a tall box the
    batch read as nothing (read again only when tall)."""
    p = np.asarray(line.quad.points, dtype=np.float32)
    along, across = float(np.linalg.norm(p[1] - p[0])), float(np.linalg.norm(p[3] - p[0]))
    long_side, short_side = max(along, across), min(along, across)
    if short_side < 4:
        return None
    room = long_side / short_side
    read = _glyph_units(line.text)
    short_read = read <= room - settings.missing
    unsure = line.score < settings.unsure and room <= settings.unsure_glyphs
    vertical, lying = _box_ways(p, round(along), round(across), settings)
    longest = settings.tall_max_glyphs if vertical or lying else settings.max_glyphs
    if room > longest or not (short_read or unsure):
        return None
    if empty and not vertical:
        return None
    if not empty and (line.score < settings.min_batch_score or not line.text.strip()):
        return None
    text, score, turn = _read_box(bgr, p, vertical, lying)
    if not text:
        return None
    more = _glyph_units(text) > read
    surer = _glyph_units(text) == read and score >= line.score + settings.score_gain
    sure = score >= settings.min_score and score >= line.score - settings.score_drop
    if not ((more or surer) and sure):
        return None
    return _line_read(text, score, turn, line.quad, vertical, line.source)


def _box_ways(
    p: np.ndarray, along: float, across: float, settings: RereadSettings = REREAD
) -> tuple[bool, bool]:
    """Whether the box ``p`` (rapidocr's corner order; ``along`` its first edge's length,
    ``across`` its second's) is ``vertical`` (a column, see RereadSettings.tall), and whether,
    not vertical, it is ``lying``: its first edge runs more down the image than across it."""
    vertical = across >= settings.tall * along
    first = p[1] - p[0]
    return vertical, not vertical and abs(float(first[1])) > abs(float(first[0]))


def _read_box(
    bgr: np.ndarray, p: np.ndarray, vertical: bool, lying: bool
) -> tuple[str, float, int]:
    """The recogniser's best read of the box ``p`` (rapidocr's corner order) cropped upright:
    (text, score, quarter turns of the crop), both ways for a ``vertical`` or ``lying`` box
    (see RereadSettings.tall)."""
    w = round(float(np.linalg.norm(p[1] - p[0])))
    h = round(float(np.linalg.norm(p[3] - p[0])))
    target = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    crop = cv2.warpPerspective(
        bgr,
        cv2.getPerspectiveTransform(np.float32(p), target),
        (w, h),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_REPLICATE,
    )
    turns = (1, 3) if vertical else (0, 2) if lying else (0,)
    reads = [_read_crop(np.rot90(crop, k)) + (k,) for k in turns]
    return max(reads, key=lambda r: _glyph_units(r[0]) * r[1])


def _line_read(
    text: str, score: float, turn: int, quad: Quad, vertical: bool, source: str
) -> TextLine:
    """A line of ``text`` read from ``quad`` with its crop turned ``turn`` quarter turns."""
    if turn in (2, 3):  # read upwards: the last glyph is the top one
        glyphs = _glyphs_along(text[::-1], quad, score, vertical)[::-1]
    else:
        glyphs = _glyphs_along(text, quad, score, vertical)
    return TextLine(tuple(glyphs), quad, score, source)


@dataclass(frozen=True)
class CutLineSettings:
    """When two OCR boxes are one line the detector cut through a glyph, read again as one.

    rapidocr's detector can end a line's box inside a glyph and start the next box over the
    rest of it: main bench seed 2026's 020_margin_label (a low-resolution page, a margin
    label set sideways) gave 申报人：吴每 and 粤, the two boxes overlapping by 13 px, the left
    part of 敏 (每) read with the first and its right part (攵, read 粤) alone; the box over
    both reads 申报人：吴敏 (0.9995). Boxes that overlap end to end on one line (text.OCR_ENDS'
    geometry: no gap between them, one size, one row) are read once more as one box, and the
    read is added beside the pieces (a piece's own read stays for what it holds)."""

    # The read of the joined box is kept when at least this sure (and not what a piece, or
    # the two run together, read already).
    min_score: float = 0.8
    # A box whose long side is under this many times its short side holds about one glyph.
    square: float = 1.5


CUT_LINES = CutLineSettings()


def _read_across_cuts(
    bgr: np.ndarray, lines: list[TextLine], s: CutLineSettings = CUT_LINES
) -> list[TextLine]:
    """Lines read again across the place where the detector cut them (see CutLineSettings)."""
    if len(lines) < 2:
        return []
    ends = OCR_ENDS
    gaps, limits = (-ends.max_overlap, ends.max_gap), (ends.max_offset, ends.max_size_ratio)
    points = np.asarray([ln.quad.points for ln in lines], dtype=np.float64)
    sides = np.asarray([(ln.quad.height, ln.quad.width) for ln in lines])
    heights = np.maximum(sides.min(axis=1), 1.0)
    ways_of = np.asarray([ln.axis()[0] for ln in lines])
    # A box about a glyph square has no reading direction of its own (粤 above reads
    # rightwards, its column downwards): it may follow a line either way.
    square = sides.max(axis=1) < s.square * heights
    found: list[TextLine] = []
    for a in range(len(lines)):
        u, v = lines[a].axis()
        ways = (ways_of @ u >= 0.95) | square
        b = _nearest_ahead(points, heights, a, (u, v), gaps, limits, ways)
        if b is None:
            continue
        first, second = lines[a], lines[b]
        quad = _box_over(first.quad, second.quad)
        p = np.asarray(quad.points, np.float32)
        along, across = float(np.linalg.norm(p[1] - p[0])), float(np.linalg.norm(p[3] - p[0]))
        if min(along, across) < 4:
            continue
        vertical, lying = _box_ways(p, along, across)
        text, score, turn = _read_box(bgr, p, vertical, lying)
        pieces = (first.text.strip(), second.text.strip(), f"{first.text}{second.text}".strip())
        if score >= s.min_score and text and text not in pieces:
            line = _line_read(text, score, turn, quad, vertical, first.source)
            found.append(_placed_as_pieces(line, (first, second)))
    return found


def _placed_as_pieces(line: TextLine, pieces: tuple[TextLine, ...]) -> TextLine:
    """``line``, read over the box joining ``pieces``, with each glyph that is one of the
    pieces' glyphs (the same, or one misread in its place) at that glyph's place.

    The joined read has no glyph places of its own: shares of its box were given, and a gap
    between the pieces (a space the read dropped) moved every glyph after it. Main bench seed
    2561's 006_margin_label: 申报人：刘建国 第1册 set down the margin, cut by the detector after
    国, the name read 刘健国 in its piece and whole only across the cut; its shares put 刘建国
    12 px down the column and the fill left the top of 刘 in view. The pieces' places are the
    recogniser's own. Glyphs the pieces do not hold keep their shares."""
    chars = [c for piece in pieces for c in piece.chars]
    said = "".join(c.text for c in chars)
    placed = list(line.chars)
    if len(said) != len(chars) or len(line.text) != len(placed):
        return line  # a glyph of more than one character: no place to place by
    matcher = difflib.SequenceMatcher(None, line.text, said, autojunk=False)
    for tag, i0, i1, j0, j1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i1 - i0 == j1 - j0):
            for k in range(i1 - i0):
                placed[i0 + k] = replace(placed[i0 + k], quad=chars[j0 + k].quad)
    return replace(line, chars=tuple(placed))


def _box_over(first: Quad, second: Quad) -> Quad:
    """One box (rapidocr's corner order) over two boxes that follow each other: along the
    first box's top edge (a row) or down its left edge (a column), whichever joins their
    middles."""
    a = np.asarray(first.points, np.float64)
    b = np.asarray(second.points, np.float64)
    step = b.mean(axis=0) - a.mean(axis=0)
    along, down = a[1] - a[0], a[3] - a[0]
    row = abs(step @ along) / max(np.linalg.norm(along), 1e-9) >= abs(step @ down) / max(
        np.linalg.norm(down), 1e-9
    )
    corners = (a[0], b[1], b[2], a[3]) if row else (a[0], a[1], b[2], b[3])
    return Quad(tuple((float(x), float(y)) for x, y in corners))


def _read_crop(crop: np.ndarray) -> tuple[str, float]:
    """The recogniser's read of one line's crop (no detection): its text and score."""
    result = OcrEngine.get()(np.ascontiguousarray(crop), use_det=False, use_cls=False, use_rec=True)
    if not result.txts:
        return "", 0.0
    return result.txts[0].strip(), float(result.scores[0])


def _glyphs_along(text: str, quad: Quad, score: float, vertical: bool) -> list[TextChar]:
    """Glyph quads for ``text`` read from the box ``quad``: shares of the box along its
    reading direction, down it for a ``vertical`` line, each in the corner order rapidocr
    gives glyphs (top-left first, clockwise)."""
    if not vertical:
        return _split_word(text, quad, score)
    a, b, c, d = quad.points
    # Split along the left side (a to d) and the right (b to c), then put each glyph's corners
    # back in rapidocr's order.
    down = _split_word(text, Quad((a, d, c, b)), score)
    return [
        TextChar(
            g.text,
            Quad((g.quad.points[0], g.quad.points[3], g.quad.points[2], g.quad.points[1])),
            g.score,
        )
        for g in down
    ]


@dataclass(frozen=True)
class LayerTurnSettings:
    """A born-digital page's reading orientation, from its text layer: OCR reads only its
    pictures, upright, and says 0; a page set with /Rotate 90 shows its text (and photos)
    turned (the main bench 2461 pdf_crop_rotate: the face search, told 0, found 2 of a group
    photo's 5 faces)."""

    # Glyphs facing one way, at least this share of the layer's, turn the page.
    majority: float = 0.6
    # Lines of fewer glyphs are left out (a page number, a lone mark).
    min_glyphs: int = 2


LAYER_TURN = LayerTurnSettings()


def layer_rotation(lines: list[TextLine], s: LayerTurnSettings = LAYER_TURN) -> int:
    """The page's reading orientation as ``OcrResult.rotation`` gives it (the page lay so many
    degrees clockwise), from the way most of ``lines``' glyphs face: each glyph's box runs
    from its top-left corner to its top-right one. The glyphs', not the lines': a column of
    upright glyphs (竖排, reading down an upright page) is no turned page. 0 when no way has
    the majority (see LayerTurnSettings)."""
    votes = [0, 0, 0, 0]
    for line in lines:
        if len(line.text.strip()) < s.min_glyphs:
            continue
        for ch in line.chars:
            if not ch.text.strip():
                continue
            p = ch.quad.points
            dx, dy = p[1][0] - p[0][0], p[1][1] - p[0][1]
            # A glyph whose top runs down the image lies a quarter turn clockwise (np.rot90
            # once makes it upright).
            votes[round(math.atan2(dy, dx) / (math.pi / 2)) % 4] += 1
    k = int(np.argmax(votes))
    return k * 90 if votes[k] and votes[k] >= s.majority * sum(votes) else 0


def read_quality(lines: list[TextLine]) -> float:
    """How well a page read: mean recognition score weighted by text length."""
    total = sum(len(line.text.strip()) for line in lines)
    if total == 0:
        return 0.0
    return sum(line.score * len(line.text.strip()) for line in lines) / total


def _read_weight(lines: list[TextLine]) -> float:
    """How much a read said, weighted by how sure it was."""
    return read_quality(lines) * len("".join(ln.text for ln in lines))


def _horizontal_fraction(lines: list[TextLine]) -> float:
    """Share of detected text (by box length) that runs horizontally. Long boxes dominate: a
    sideways page also yields many short scraps that happen to be wider than tall."""
    # Axis-aligned boxes: rapidocr orders a vertical box's corners along its long side.
    boxes = [line.quad.bbox for line in lines]
    total = sum(max(b.width, b.height) for b in boxes)
    if total <= 0:
        return 1.0
    return sum(b.width for b in boxes if b.width >= b.height) / total


def rotate_point_back(x: float, y: float, k: int, w: float, h: float) -> tuple[float, float]:
    """Map a point from ``np.rot90(img, k)`` back to the original image of size w x h."""
    k %= 4
    if k == 0:
        return x, y
    if k == 1:  # rotated counter-clockwise: (x, y) -> (y, w - x)
        return w - y, x
    if k == 2:
        return w - x, h - y
    return y, h - x  # k == 3, clockwise: (x, y) -> (h - y, x)


def _map_quad(quad: Quad, fn) -> Quad:  # noqa: ANN001
    return Quad(tuple(fn(x, y) for x, y in quad.points))  # type: ignore[arg-type]


def _rotate_point(x: float, y: float, k: int, w: float, h: float) -> tuple[float, float]:
    """Map a point of an image of size w x h into ``np.rot90(img, k)``."""
    k %= 4
    if k == 0:
        return x, y
    if k == 1:
        return y, w - x
    if k == 2:
        return w - x, h - y
    return h - y, x


def turn_lines(lines: list[TextLine], k: int, w: float, h: float) -> list[TextLine]:
    """Lines of an image of size w x h, moved into the frame of ``np.rot90(img, k)``."""
    return [_map_line(line, lambda x, y: _rotate_point(x, y, k, w, h)) for line in lines]


def unturn_quad(quad: Quad, k: int, w: float, h: float) -> Quad:
    """A quad on ``np.rot90(img, k)`` mapped back to ``img`` (w x h)."""
    return _map_quad(quad, lambda x, y: rotate_point_back(x, y, k, w, h))


def _unturn_line(line: TextLine, k: int, w: float, h: float) -> TextLine:
    """A line read on ``np.rot90(img, k)``, mapped back to ``img`` (w x h)."""
    return _map_line(line, lambda x, y: rotate_point_back(x, y, k, w, h))


def unmirror_line(line: TextLine, w: float) -> TextLine:
    """A line read on an image of width ``w`` mirrored left to right (``img[:, ::-1]``),
    mapped back to the image."""
    return _map_line(line, lambda x, y: (w - x, y))


def _map_line(line: TextLine, fn) -> TextLine:  # noqa: ANN001
    chars = tuple(replace(c, quad=_map_quad(c.quad, fn)) for c in line.chars)
    return TextLine(chars, _map_quad(line.quad, fn), line.score, line.source)


def _probe_orientation(image: np.ndarray, lines: list[TextLine], turns: tuple[int, ...]) -> int:
    """Which quarter turn makes the page read best, judged on a few of its longest lines.

    Recognising five cropped lines is far cheaper than OCR'ing the whole page once per turn.
    """
    engine = OcrEngine.get()
    longest = sorted(lines, key=lambda ln: -max(ln.quad.width, ln.quad.height))[:5]
    h, w = image.shape[:2]
    scores: dict[int, float] = {}
    for k in turns:
        total = 0.0
        for line in longest:
            b = line.quad.bbox.clip(w, h)
            crop = image[int(b.y0) : int(b.y1), int(b.x0) : int(b.x1)]
            if crop.size == 0:
                continue
            crop = np.ascontiguousarray(np.rot90(crop, k)[:, :, ::-1])
            if crop.shape[1] < crop.shape[0]:  # still vertical: this turn is wrong
                continue
            result = engine(crop, use_det=False, use_cls=False, use_rec=True)
            if result.txts:
                total += sum(
                    s * len(t.strip()) for t, s in zip(result.txts, result.scores, strict=False)
                )
        scores[k] = total
    return max(scores, key=lambda k: scores[k]) if scores else 0


def ocr_image(image: np.ndarray, try_orientations: bool = True, crop: bool = False) -> OcrResult:
    """OCR an image in whatever orientation it was scanned, returning boxes in its own frame.
    ``crop``: a part of a page, read at the page's scale (see ``TileSettings.det_side``).

    Reads upright first (most pages are). If that reads poorly or the text runs vertically, a
    few long lines are recognised at each quarter turn to choose the page's orientation, and the
    page is read once more turned that way. Character quads stay in reading order (see ``Quad``).
    """
    h, w = image.shape[:2]
    lines = _ocr_upright(image, crop=crop)
    quality = read_quality(lines)
    if not try_orientations or not lines:
        return OcrResult(lines, 0)
    horizontal = _horizontal_fraction(lines)
    if quality >= ORIENTATION.good_read and horizontal >= ORIENTATION.upright:
        return OcrResult(lines, 0)
    if horizontal < ORIENTATION.vertical:
        turns: tuple[int, ...] = (0, 1, 3)
    elif horizontal > ORIENTATION.level:
        turns = (0, 2)
    else:
        turns = (0, 1, 2, 3)
    with timing.stage(timing.ORIENTATION):
        k = _probe_orientation(image, lines, turns)
        if k == 0:
            return OcrResult(lines, 0)
        turned = _ocr_upright(np.ascontiguousarray(np.rot90(image, k)), crop=crop)
    share = ORIENTATION.turned_share if horizontal < ORIENTATION.vertical else 1.0
    if _read_weight(turned) <= share * _read_weight(lines):
        return OcrResult(lines, 0)
    back = [_unturn_line(line, k, w, h) for line in turned]
    # np.rot90 by k turns counter-clockwise, so the page itself lay k quarter turns clockwise.
    return OcrResult(back, (k * 90) % 360)


def _offset_line(line: TextLine, dx: float, dy: float) -> TextLine:
    return _map_line(line, lambda x, y: (x + dx, y + dy))


def red_ink_boxes(image: np.ndarray, min_fraction: float = 0.0004) -> list[BBox]:
    """Boxes around blobs of red ink (stamps, mostly), grown so text running under them fits."""
    small_side = 800
    h, w = image.shape[:2]
    scale = min(1.0, small_side / max(h, w))
    small = (
        cv2.resize(
            image, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA
        )
        if scale < 1
        else image
    )
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    red = (((hue <= 10) | (hue >= 160)) & (sat > 70) & (val > 70)).astype(np.uint8)
    red = cv2.dilate(red, np.ones((9, 9), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(red, connectivity=8)
    min_area = min_fraction * small.shape[0] * small.shape[1]
    boxes = []
    sh, sw = small.shape[:2]
    for x, y, bw, bh, area in stats[1:]:
        # Stamps are compact blobs. Red page borders, rules and title lines are long or huge:
        # re-reading around them would re-read the page for nothing.
        if area < min_area or bw > 0.5 * sw or bh > 0.5 * sh or max(bw, bh) > 3 * min(bw, bh):
            continue
        b = BBox(x / scale, y / scale, (x + bw) / scale, (y + bh) / scale)
        boxes.append(b.expand(0.6 * max(b.width, b.height)).clip(w, h))
    return boxes


def _red_pixels(image: np.ndarray) -> np.ndarray:
    """Where a stamp's red ink lies (a boolean mask)."""
    hsv = cv2.cvtColor(image, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    return ((hue <= 12) | (hue >= 155)) & (sat > 50) & (val > 60)


@dataclass(frozen=True)
class InkRemovalSettings:
    """What goes with a stamp's ink when it is taken out (without_ink). Its anti-aliased rim,
    light pink on paper, is not ink by colour; left in, it joined the seal's ghost to a line
    the seal's opaque red ran into, and the detector lost the whole line (姓名：王伟 工作单位：…
    beside an e-seal, probes round 10). Print is dark and stays."""

    # The rim: pixels within this many of the ink, lighter than ``rim_min_grey``.
    rim: int = 1
    rim_min_grey: int = 150


INK_REMOVAL = InkRemovalSettings()


def without_ink(
    image: np.ndarray,
    ink: Callable[[np.ndarray], np.ndarray] = _red_pixels,
    s: InkRemovalSettings = INK_REMOVAL,
) -> np.ndarray:
    """The image with red ink (or the ``ink`` given) and its light rim turned to paper white:
    text under a stamp becomes readable."""
    inked = ink(image)
    size = 2 * s.rim + 1
    near = cv2.dilate(inked.astype(np.uint8), np.ones((size, size), np.uint8)).astype(bool)
    light = cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY) > s.rim_min_grey
    out = image.copy()
    out[inked | (near & light)] = np.percentile(image.reshape(-1, 3), 95, axis=0).astype(np.uint8)
    return out


def _overlapped(line: TextLine, others: list[TextLine]) -> list[TextLine]:
    b = line.quad.bbox
    found = []
    for o in others:
        ob = o.quad.bbox
        inter = b.intersection(ob)
        if inter.width > 0 and inter.height > 0 and inter.area > 0.5 * min(b.area, ob.area):
            found.append(o)
    return found


def _reads_more(line: TextLine, others: list[TextLine]) -> bool:
    """True where line is new, or holds more characters than the lines it overlaps together.

    A stamp over the middle of a line can stop the first read at the stamp's edge (博尔塔拉蒙 of a
    unit whose rest lies under the seal): the re-read without red then holds the whole line, and
    it is kept beside the partial one rather than dropped as a duplicate.
    """
    overlapped = _overlapped(line, others)
    return not overlapped or _chars(line) > sum(_chars(o) for o in overlapped)


def _chars(line: TextLine) -> int:
    """Characters read, spaces not counted (a re-read may split 姓名代用名 as 姓名 代用名)."""
    return sum(not c.isspace() for c in line.text)


def _bands_across(boxes: list[BBox], k: int, w: int, h: int) -> list[BBox]:
    """The bands of the page's lines that cross the boxes, each line whole, overlapping bands
    joined: a crop cut at a stamp's edges reads 自治州林业 of a unit whose start and end lie
    beside the stamp. ``k``: the page's quarter turns (its lines run across the page, or down
    it on a page turned by 90 or 270)."""
    spans = sorted((b.y0, b.y1) if k % 2 == 0 else (b.x0, b.x1) for b in boxes)
    joined: list[list[float]] = []
    for lo, hi in spans:
        if joined and lo <= joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], hi)
        else:
            joined.append([lo, hi])
    if k % 2 == 0:
        return [BBox(0, lo, w, hi) for lo, hi in joined]
    return [BBox(lo, 0, hi, h) for lo, hi in joined]


# A picture of a born-digital page is read again without red when this share of it is red ink.
CROP_RED_SHARE = 0.01


def read_under_ink(
    image: np.ndarray,
    boxes: list[BBox],
    lines: list[TextLine],
    rotation: int,
    ink: Callable[[np.ndarray], np.ndarray],
    keep: Callable[[TextLine, list[TextLine]], bool],
) -> list[TextLine]:
    """The bands of lines crossing ``boxes`` read again with the ``ink`` removed (see
    read_under_stamps), turned like the page; the lines ``keep`` keeps."""
    k = (rotation // 90) % 4
    h, w = image.shape[:2]
    return _read_bands_without_red(image, _bands_across(boxes, k, w, h), k, lines, ink, keep)


def read_under_stamps(
    image: np.ndarray, lines: list[TextLine], rotation: int, stamps: list[BBox] | None = None
) -> list[TextLine]:
    """Lines hidden under red stamps, which text detection misses where the stamp is dense.

    The band of lines crossing each region of red ink (``stamps``: red_ink_boxes) is read again
    with the red removed, turned like the page; lines not read before, or read only in part, are
    kept.
    """
    boxes = red_ink_boxes(image) if stamps is None else stamps
    return read_under_ink(image, boxes, lines, rotation, _red_pixels, _reads_more)


@dataclass(frozen=True)
class HiddenGlyphSettings:
    """Which glyphs a stamp is drawn over (TextChar.hidden). An e-seal placed in front of the
    text (Word's and WPS's "in front of text") covers the strokes under its red with opaque red:
    with the red taken out they are holes, and OCR reads another glyph there (民 as 巨) or none
    (治 lost), so the unit across the seal matched no target and stayed readable on both sides
    of the masked seal (probes round 10). The matcher lets such glyphs differ
    (match.HiddenSlipSettings)."""

    # A glyph is hidden when at least this share of its box is red ink (a glyph beside the seal
    # 0.0-0.2; the ones misread or lost under it 0.30-0.68 on the probes).
    min_ink_share: float = 0.25
    # A glyph a translucent seal's ink touches (at least this share of its box) and that OCR
    # read unsurely (under ``unsure_score``) is hidden too: the print shows through the red and
    # is garbled, not lost (main bench 2341's 022_alpha_png: 博乐市畜牧兽医站 read 博乐市玄物兽医站,
    # 玄 0.33 and 物 0.36 under 0.19-0.20 red; the glyphs beside the seal read at 0.97-1.0). A
    # glyph read surely there is what it says.
    touch_share: float = 0.1
    unsure_score: float = 0.6


HIDDEN_GLYPHS = HiddenGlyphSettings()


def mark_hidden(
    image: np.ndarray,
    lines: list[TextLine],
    stamps: list[BBox],
    s: HiddenGlyphSettings = HIDDEN_GLYPHS,
) -> list[TextLine]:
    """``lines`` with the glyphs that red ink is drawn over marked hidden; lines clear of
    ``stamps`` (red_ink_boxes) unchanged."""
    if not stamps or image.ndim != 3:
        return lines
    h, w = image.shape[:2]
    red: np.ndarray | None = None
    out = []
    for line in lines:
        box = line.quad.bbox.clip(w, h)
        if not any(box.intersection(stamp).area > 0 for stamp in stamps):
            out.append(line)
            continue
        if red is None:
            red = _red_pixels(np.ascontiguousarray(image[:, :, :3]))
        chars = _run_on(tuple(_marked(c, red, s) for c in line.chars), red, s)
        out.append(replace(line, chars=chars) if chars != line.chars else line)
    return out


def _marked(ch: TextChar, red: np.ndarray, s: HiddenGlyphSettings) -> TextChar:
    share = _red_share(ch.quad, red)
    garbled = share >= s.touch_share and ch.score < s.unsure_score and bool(ch.text.strip())
    return replace(ch, hidden=True) if share >= s.min_ink_share or garbled else ch


def _red_share(quad: Quad, red: np.ndarray) -> float:
    h, w = red.shape
    b = quad.bbox.clip(w, h)
    cell = red[int(b.y0) : max(int(b.y0), int(b.y1) + 1), int(b.x0) : max(int(b.x0), int(b.x1) + 1)]
    return float(cell.mean()) if cell.size else 0.0


def _run_on(
    chars: tuple[TextChar, ...], red: np.ndarray, s: HiddenGlyphSettings
) -> tuple[TextChar, ...]:
    """``chars`` with a hidden gap added before the first glyph and after the last where the
    next glyph's place along the line is under the stamp: OCR's line stops at an opaque seal
    (the unit's 民医院 under it, the line read to 人), and the glyphs there are hidden too."""
    glyphs = [c for c in chars if c.text.strip()]
    if not glyphs:
        return chars
    first, last = glyphs[0].quad.points, glyphs[-1].quad.points
    step_back = (first[0][0] - first[1][0], first[0][1] - first[1][1])
    step_on = (last[1][0] - last[0][0], last[1][1] - last[0][1])
    before = Quad(tuple((x + step_back[0], y + step_back[1]) for x, y in first))
    after = Quad(tuple((x + step_on[0], y + step_on[1]) for x, y in last))
    out = list(chars)
    if _red_share(before, red) >= s.min_ink_share:
        out.insert(0, TextChar(" ", before, 1.0, hidden=True))
    if _red_share(after, red) >= s.min_ink_share:
        out.append(TextChar(" ", after, 1.0, hidden=True))
    return tuple(out)


def _read_bands_without_red(
    image: np.ndarray,
    bands: list[BBox],
    k: int,
    lines: list[TextLine],
    ink: Callable[[np.ndarray], np.ndarray] = _red_pixels,
    keep: Callable[[TextLine, list[TextLine]], bool] | None = None,
) -> list[TextLine]:
    """Each band of ``image`` read with its red (or the ``ink`` given) removed, turned by ``k``
    quarter turns; the lines that read more than ``lines`` (and the ones kept before them), or
    that ``keep`` keeps."""
    keep = keep or _reads_more
    extra: list[TextLine] = []
    for band in bands:
        x0, y0, x1, y1 = int(band.x0), int(band.y0), int(band.x1), int(band.y1)
        if x1 - x0 < 16 or y1 - y0 < 16:
            continue
        crop = without_ink(np.ascontiguousarray(image[y0:y1, x0:x1]), ink)
        ch, cw = crop.shape[:2]
        found = _ocr_upright(np.ascontiguousarray(np.rot90(crop, k)), crop=True)
        for line in found:
            line = _offset_line(_unturn_line(line, k, cw, ch), x0, y0)
            if keep(line, lines + extra):
                extra.append(line)
    return extra


def ocr_layer(image: np.ndarray, rotation: int) -> list[TextLine]:
    """A layer drawn from a page (its light ink alone, say) read turned like the page, in the
    page's pixels."""
    k = (rotation // 90) % 4
    h, w = image.shape[:2]
    found = _ocr_upright(np.ascontiguousarray(np.rot90(image, k)))
    return [_unturn_line(line, k, w, h) for line in found]


def ocr_layer_at_angle(image: np.ndarray, angle: float) -> list[TextLine]:
    """A layer drawn from a page read turned by ``angle`` degrees (counter-clockwise, as
    cv2.getRotationMatrix2D turns) on a canvas that holds all of it, in the page's pixels:
    text set at a slant (a watermark across the page) read level."""
    turned, home = turn_whole(image, angle, fill=(255, 255, 255))
    lines = _ocr_upright(np.ascontiguousarray(turned))
    return [_map_line(line, lambda x, y: home((x, y))) for line in lines]


def read_region(image: np.ndarray, box: BBox, rotation: int) -> list[TextLine]:
    """``box`` of ``image`` (a page, or a layer drawn from it) read as a crop, turned like the
    page; lines in the image's pixels."""
    h, w = image.shape[:2]
    b = box.clip(w, h)
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(math.ceil(b.x1)), int(math.ceil(b.y1))
    if x1 - x0 < 16 or y1 - y0 < 16:
        return []
    crop = np.ascontiguousarray(image[y0:y1, x0:x1])
    k = (rotation // 90) % 4
    found = _ocr_upright(np.ascontiguousarray(np.rot90(crop, k)), crop=True)
    return [_offset_line(_unturn_line(ln, k, x1 - x0, y1 - y0), x0, y0) for ln in found]


def ocr_page(page: Page) -> OcrResult:
    """OCR what the page says to OCR: all of it, or the placed images of a born-digital page."""
    if min(page.width, page.height) < TILES.min_side:
        raise TooSmallInputError(
            f"image is {page.width}x{page.height} px: too thin to hold readable text"
        )
    if page.ocr_boxes is None:
        from redactor.detect.coloured_ink import read_coloured_ink  # it reads with this module

        result = ocr_image(page.image)
        with timing.stage(timing.UNDER_STAMPS):
            stamps = red_ink_boxes(page.image)
            under = read_under_stamps(page.image, result.lines, result.rotation, stamps)
            # a stamp's own line across print (条章), read from its coloured ink alone
            under += read_coloured_ink(page.image, result.lines + under, result.rotation)
            read = mark_hidden(page.image, result.lines + under, stamps)
        return OcrResult(read, result.rotation)
    lines: list[TextLine] = []
    for box in page.ocr_boxes:
        b = box.clip(page.width, page.height)
        x0, y0, x1, y1 = (int(math.floor(b.x0)), int(math.floor(b.y0)), int(b.x1), int(b.y1))
        if x1 - x0 < 16 or y1 - y0 < 16:
            continue
        crop = np.ascontiguousarray(page.image[y0:y1, x0:x1])
        # A placed image is drawn at the page's resolution, like a scan: read at that scale.
        result = ocr_image(crop, crop=True)
        with timing.stage(timing.UNDER_STAMPS):
            inked = _red_pixels(crop).mean() >= CROP_RED_SHARE
            under = _read_picture_under_seal(page, (x0, y0, x1, y1), result) if inked else []
            read = [_offset_line(line, x0, y0) for line in result.lines + under]
            lines.extend(mark_hidden(page.image, read, [BBox(x0, y0, x1, y1)] if inked else []))
    return OcrResult(lines, 0)


def _read_picture_under_seal(
    page: Page, box: tuple[int, int, int, int], first: OcrResult
) -> list[TextLine]:
    """A box of a born-digital page that holds red ink (at least CROP_RED_SHARE: a seal placed
    over a line of text drawn as outlines) read again: from the page's glyphs drawn alone, where
    the PDF gave them (the seal's opaque red hides parts of the glyphs in the page's pixels),
    else with the red taken out. Lines that read more than the first read, in the box's
    pixels."""
    x0, y0, x1, y1 = box
    crop = page.image[y0:y1, x0:x1]
    if page.glyph_image is not None:
        glyphs = np.ascontiguousarray(page.glyph_image[y0:y1, x0:x1])
        if glyphs.min() < 128:
            found = ocr_image(glyphs, crop=True).lines
            return [line for line in found if _reads_more(line, first.lines)]
    # Read whole: the seal may fill most of the box, which red_ink_boxes refuses as too big.
    k = (first.rotation // 90) % 4
    whole = [BBox(0, 0, x1 - x0, y1 - y0)]
    return _read_bands_without_red(np.ascontiguousarray(crop), whole, k, first.lines)


# --- PDF text layer ---------------------------------------------------------------------------


def text_layer_lines(
    pdf_page,  # noqa: ANN001 - pymupdf.Page
    scale: float,
    raw: dict | None = None,
    distrusted: frozenset[str] = frozenset(),
    drawings: Callable[[], list[dict]] | None = None,
) -> list[TextLine]:
    """Characters of a PDF page's text layer, as lines in page-image pixels at ``scale`` px/pt.

    Uses pymupdf's rawdict (``raw``, read here when not given), which gives every character its
    own box. Text in any render mode is taken, invisible OCR layers included: they say what the
    page shows. Spans in a ``distrusted`` font (FontCheck) are left out. ``drawings`` gives the
    page's ``get_drawings`` (asked only where spaced-out glyphs need their table rules).
    """
    lines: list[TextLine] = []
    by_size: list[TextLine] = []
    matrix = layer_matrix(pdf_page, scale)
    if raw is None:
        raw = pdf_page.get_text("rawdict", flags=0)
    for block in raw.get("blocks", []):
        for ln in block.get("lines", []):
            turn = _corner_turn(ln.get("dir", (1.0, 0.0)))
            runs: list[tuple[float, list[TextChar]]] = []
            for span in ln.get("spans", []):
                if span.get("font", "") in distrusted:
                    continue
                size = span.get("size", 10.0)
                chars = [
                    TextChar(ch["c"], _char_quad(ch["bbox"], size, turn, matrix), 1.0)
                    for ch in span.get("chars", [])
                    if ch.get("c", "")
                ]
                if chars:
                    runs.append((size, chars))
            line = _layer_line([c for _, chars in runs for c in chars])
            if line is not None:
                lines.append(line)
                by_size.extend(_size_runs(runs))
    rules = functools.cache(
        lambda: _drawn_rules(drawings() if drawings else pdf_page.get_drawings(), matrix)
    )
    return join_row_pieces(lines) + spaced_words(lines, rules) + column_lines(lines) + by_size


def _layer_line(chars: list[TextChar]) -> TextLine | None:
    if not chars or not "".join(c.text for c in chars).strip():
        return None
    return TextLine(tuple(chars), Quad.span(chars[0].quad, chars[-1].quad), 1.0, TEXT_LAYER)


@dataclass(frozen=True)
class LayerSizeSettings:
    """When a text-layer line holds text of two sizes that are two lines to the eye. pymupdf
    puts spans on one baseline into one line: a red-head's two issuers set two-lines-in-one
    (合并字符, 博乐市教育局博 over 乐市第七中学) beside the big 文件 came out as 乐市第七中学文件,
    a line as tall as 文件 that no longer lay under its first half, and the unit wrapped
    between the two halves stayed. Runs of each size are added as lines of their own."""

    # Spans whose sizes differ by more than this ratio are not one line of text.
    max_ratio: float = 1.6
    # Only spans of at least this many glyphs count: a raised affiliation mark or footnote
    # number (王伟¹) is part of its line.
    min_glyphs: int = 2


LAYER_SIZES = LayerSizeSettings()


def _size_runs(
    runs: list[tuple[float, list[TextChar]]], s: LayerSizeSettings = LAYER_SIZES
) -> list[TextLine]:
    """A layer line's runs of spans of one size (LayerSizeSettings), each as a line; [] when
    the line is of one size."""
    sizes = [
        size for size, chars in runs if sum(bool(c.text.strip()) for c in chars) >= s.min_glyphs
    ]
    if len(sizes) < 2 or max(sizes) <= s.max_ratio * max(min(sizes), 1e-6):
        return []
    groups: list[tuple[float, list[TextChar]]] = []
    for size, chars in runs:
        if groups and max(size, groups[-1][0]) <= s.max_ratio * min(size, groups[-1][0]):
            groups[-1][1].extend(chars)
        else:
            groups.append((size, list(chars)))
    return [line for _, chars in groups if (line := _layer_line(chars)) is not None]


@dataclass(frozen=True)
class LayerRowSettings:
    """When text-layer lines are pieces of one printed row. pymupdf starts a new line where the
    text jumps back or far ahead: a title spread over the page's width (分散对齐, 博 尔 塔 拉 …,
    glyphs 1-2 glyphs apart, each its own text object) or a row written right to left came out
    as one line a glyph, and the matcher, which joins at most three lines, missed the unit
    written across thirteen of them."""

    # Pieces of at most this many glyphs are joined to their neighbours on the row (a table's
    # cells, whole words, stay lines of their own, as the layer gives them).
    piece_glyphs: int = 2
    # The widest gap between two pieces, in glyph heights.
    max_gap: float = 2.5
    # Pieces overlapping by more than this share of a glyph are not side by side (a fake bold
    # drawn twice).
    max_overlap: float = 0.2
    # How far two pieces' middles may lie apart across the row, and their heights' ratio.
    max_offset: float = 0.3
    max_size_ratio: float = 1.4
    # A longer line runs on into the line that follows it this close (in glyph heights): the
    # glyphs' own spacing, no cell's padding. A layer that draws a row out of order makes
    # longer lines of the pieces it happens to draw in a row (蒙古自 | 治 | 州妇 ...), and the
    # row broke after each.
    run_on_gap: float = 0.3


LAYER_ROWS = LayerRowSettings()


def join_row_pieces(
    lines: list[TextLine], s: LayerRowSettings = LAYER_ROWS, run_on: bool = True
) -> list[TextLine]:
    """``lines`` with runs of short pieces of one row (LayerRowSettings) joined into one line, in
    reading order, a space where the gap is a space's; with ``run_on``, a longer line also
    joins the line that follows it a glyph's spacing away (a layer's draw order; OCR's lines
    are parted where the print is)."""
    short = [sum(1 for c in ln.chars if c.text.strip()) <= s.piece_glyphs for ln in lines]
    if sum(short) < 2:
        return lines
    gaps, limits = (-s.max_overlap, s.max_gap), (s.max_offset, s.max_size_ratio)
    _, _, nxt = _next_on_row(lines, short, gaps, limits)
    if not nxt:
        return lines
    if run_on:
        longer = [not piece for piece in short]
        nxt |= _next_on_row(lines, longer, (-s.max_overlap, s.run_on_gap), limits)[2]
    starts = [a for a in nxt if a not in nxt.values()]
    used: set[int] = set()
    joined: dict[int, TextLine] = {}
    for a in starts:
        run = [a]
        while run[-1] in nxt and nxt[run[-1]] not in used and nxt[run[-1]] not in run:
            run.append(nxt[run[-1]])
        used.update(run)
        joined[min(run)] = _joined_row([lines[i] for i in run])
    # In the layer's order, a joined row where its first-drawn piece was.
    return [joined.get(i, ln) for i, ln in enumerate(lines) if i in joined or i not in used]


def _next_on_row(
    lines: list[TextLine],
    pieces: list[bool],
    gaps: tuple[float, float],
    limits: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray, dict[int, int]]:
    """The lines' corners (n, 4, 2) and glyph heights, and for each of the ``pieces`` the
    nearest line ahead of it on its row (``_nearest_ahead`` with ``gaps`` and ``limits``),
    among the lines running its way."""
    points = np.asarray([ln.quad.points for ln in lines], dtype=np.float64)
    heights = np.asarray([max(min(ln.quad.height, ln.quad.width), 1.0) for ln in lines])
    sizes = np.asarray([_glyph_size(ln) for ln in lines])
    along = np.asarray([ln.axis()[0] for ln in lines])
    nxt: dict[int, int] = {}
    for a in np.flatnonzero(pieces):
        u, v = lines[a].axis()
        allowed = (along @ u >= 0.95) & _sizes_alike(sizes, int(a), limits[1])
        found = _nearest_ahead(points, heights, int(a), (u, v), gaps, (limits[0], np.inf), allowed)
        if found is not None:
            nxt[int(a)] = found
    return points, heights, nxt


def _glyph_size(line: TextLine) -> float:
    """A line's glyph size whatever its length or direction: its glyphs' larger side, the
    median. The smaller side of the line's box is a one-glyph piece's advance (13 pt for a
    CJK glyph 18.8 pt tall) but a longer piece's height, so a glyph drawn alone and the next
    two drawn together (a layer that draws a row's glyphs out of order: 申 | 报人 | 孟 ...)
    differed by 1.45x, past max_size_ratio, and the row broke where the unit was."""
    sides = [max(c.quad.height, c.quad.width) for c in line.chars if c.text.strip()]
    return max(float(np.median(sides)), 1.0) if sides else max(line.quad.height, 1.0)


def _sizes_alike(sizes: np.ndarray, a: int, max_ratio: float) -> np.ndarray:
    """Which lines' glyph sizes are within ``max_ratio`` of line ``a``'s."""
    return np.maximum(sizes, sizes[a]) / np.minimum(sizes, sizes[a]) <= max_ratio


def joined_ocr_rows(lines: list[TextLine], s: LayerRowSettings = LAYER_ROWS) -> list[TextLine]:
    """Rows of short OCR pieces joined as ``join_row_pieces`` joins a layer's, only the joined
    ones: OCR reads a name spread across its cell (欧 阳 丽 华 in a 姓名 field, each glyph a
    glyph or more from the next) as one line a glyph, and the matcher, which joins at most
    three lines, left a four-glyph name whole in view. Beside the lines, not instead of them
    (the finders that read labels and cells keep their pieces)."""
    pieces = [ln for ln in lines if ln.source == OCR]
    given = {id(ln) for ln in pieces}
    return [ln for ln in join_row_pieces(pieces, s, run_on=False) if id(ln) not in given]


@dataclass(frozen=True)
class SpacedWordSettings:
    """When one-glyph text-layer pieces further apart than LayerRowSettings.max_gap are one
    word spaced out. A name set glyph by glyph across its cell (each glyph its own text
    object, or one object with a large letter-spacing: pymupdf starts a new line at each
    glyph), or Word's distributed alignment of a two-glyph name (王　　伟, the glyphs at the
    cell's two ends), left 2.7 glyph heights between 王 and 伟 on the main bench (seeds 2331,
    2341: 欧阳丽华 and 司马文博 in view). Such a word's glyphs are of one size on one baseline and
    evenly pitched; what keeps apart one-glyph cells of a table row (男 | 汉), which are as
    even, is the cell's rule drawn between them, and any other text between two glyphs. The
    joined runs are added beside the layer's lines (a run split at an uneven step, such as a
    label spaced out before its value, reads as two)."""

    # Pieces of exactly this many glyphs are spaced-out glyphs.
    piece_glyphs: int = 1
    # The widest gap between two glyphs of one word, in glyph heights: Word's distributed
    # alignment puts a two-glyph name at the ends of its cell, 6-7 heights apart in a form's
    # usual 4 cm value cell at 12 pt.
    max_gap: float = 8.0
    # Glyphs overlapping by more than this share of a glyph are not side by side.
    max_overlap: float = 0.2
    # How far two glyphs' middles may lie apart across the row (glyph heights), and their
    # heights' ratio: one font size on one baseline.
    max_offset: float = 0.1
    max_size_ratio: float = 1.1
    # Steps (middle to middle) of one word differ from the word's first step by at most this
    # share of it: a letter-spacing or a distributed alignment is even to the point.
    pitch_tolerance: float = 0.1
    # A drawn rule no longer than this many glyph heights between two glyphs does not part
    # them (an underline's tick, a glyph drawn as a path is not a cell's border).
    min_rule: float = 0.8


SPACED_WORDS = SpacedWordSettings()


def spaced_words(
    lines: list[TextLine],
    rules: Callable[[], np.ndarray],
    s: SpacedWordSettings = SPACED_WORDS,
) -> list[TextLine]:
    """Runs of one-glyph layer ``lines`` spaced out as one word (SpacedWordSettings), each joined
    into one line; only runs with a gap past LayerRowSettings.max_gap (join_row_pieces joins the
    rest). ``rules`` gives the page's drawn segments (n, 2, 2) in page-image pixels."""
    single = [sum(1 for c in ln.chars if c.text.strip()) == s.piece_glyphs for ln in lines]
    if sum(single) < 2:
        return []
    gaps, limits = (-s.max_overlap, s.max_gap), (s.max_offset, s.max_size_ratio)
    points, heights, ahead = _next_on_row(lines, single, gaps, limits)
    # Any line ahead is a neighbour, so text between two glyphs keeps them apart.
    nxt = {a: b for a, b in ahead.items() if single[b]}
    wide = [
        a for a, b in nxt.items() if _gap_between(points, a, b) > LAYER_ROWS.max_gap * heights[a]
    ]
    if not wide:
        return []
    nxt = {
        a: b for a, b in nxt.items() if not _parted(points[a], points[b], heights[a], rules(), s)
    }
    out: list[TextLine] = []
    for chain in _chains(nxt):
        for run in _even_runs(points, chain, s.pitch_tolerance):
            steps = [_gap_between(points, a, b) for a, b in itertools.pairwise(run)]
            if max(steps) > LAYER_ROWS.max_gap * heights[run[0]]:
                out.append(_joined_row([lines[i] for i in run]))
    return out


def _gap_between(points: np.ndarray, a: int, b: int) -> float:
    return _gap_distance(Quad.from_seq(points[a].tolist()), Quad.from_seq(points[b].tolist()))


def _chains(nxt: dict[int, int]) -> list[list[int]]:
    """The runs a -> nxt[a] -> ... from each piece no other piece leads to."""
    chains = []
    for a in (a for a in nxt if a not in nxt.values()):
        run = [a]
        while run[-1] in nxt and nxt[run[-1]] not in run:
            run.append(nxt[run[-1]])
        chains.append(run)
    return chains


def _even_runs(points: np.ndarray, chain: list[int], tolerance: float) -> list[list[int]]:
    """``chain`` cut, left to right, into runs whose steps (middle to middle) keep their first
    step's length within ``tolerance``; runs of one glyph are dropped."""
    middles = points[chain].mean(axis=1)
    runs: list[list[int]] = [[0]]
    pitch = 0.0
    for i in range(1, len(chain)):
        step = float(np.linalg.norm(middles[i] - middles[i - 1]))
        if len(runs[-1]) == 1:
            runs[-1].append(i)
            pitch = step
        elif abs(step - pitch) <= tolerance * pitch:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [[chain[i] for i in run] for run in runs if len(run) > 1]


def _parted(
    a: np.ndarray, b: np.ndarray, height: float, rules: np.ndarray, s: SpacedWordSettings
) -> bool:
    """Whether a drawn rule crosses the way from glyph box ``a``'s middle to ``b``'s."""
    if not len(rules):
        return False
    p, r = a.mean(axis=0), b.mean(axis=0) - a.mean(axis=0)
    q, t = rules[:, 0], rules[:, 1] - rules[:, 0]
    long = np.linalg.norm(t, axis=1) >= s.min_rule * height
    cross = r[0] * t[:, 1] - r[1] * t[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        d = q - p
        k = (d[:, 0] * t[:, 1] - d[:, 1] * t[:, 0]) / cross
        m = (d[:, 0] * r[1] - d[:, 1] * r[0]) / cross
    hit = (np.abs(cross) > 1e-9) & (k >= 0) & (k <= 1) & (m >= 0) & (m <= 1) & long
    return bool(hit.any())


def _drawn_rules(drawings: list[dict], matrix: tuple[float, ...]) -> np.ndarray:
    """The straight segments of a page's vector drawings (lines, rectangles' and quads' edges),
    (n, 2, 2) in page-image pixels under ``matrix``: a table's rules, as Word exports them."""
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for d in drawings:
        for item in d.get("items", ()):
            if item[0] == "l":
                segments.append(((item[1].x, item[1].y), (item[2].x, item[2].y)))
            elif item[0] in ("re", "qu"):
                corners = item[1].quad if item[0] == "re" else item[1]
                ring = [corners.ul, corners.ur, corners.lr, corners.ll]
                edges = zip(ring, ring[1:] + ring[:1], strict=True)
                segments += [((p.x, p.y), (q.x, q.y)) for p, q in edges]
    if not segments:
        return np.zeros((0, 2, 2))
    pts = np.asarray(segments, dtype=np.float64)
    x, y = pts[..., 0], pts[..., 1]
    m = matrix
    return np.stack([m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]], axis=-1)


# OCR lines of any length whose boxes overlap end to end on one row, read as one: where a seal
# crosses a column of vertical text, OCR read it in two pieces around the seal's rim (博尔塔拉蒙
# and 古自治州林业和草原局, the second's box reaching half a glyph back over the first's: main
# bench seed 2301's 015_vertical_cert), and the unit was matched in neither. Boxes with a gap
# between them are two things set side by side (a label and its value, the next cell) and stay
# apart; where such boxes overlap all the same (a label's box over its cell's), only exact reads
# count on the joined line (match.find_identity), so 工作单位's 位 is no wrapped unit's slip.
OCR_ENDS = LayerRowSettings(
    piece_glyphs=1_000_000, max_gap=0.0, max_overlap=0.7, max_offset=0.3, max_size_ratio=1.3
)


@dataclass(frozen=True)
class LayerColumnSettings:
    """When text-layer glyphs stacked one under another are a column of vertical text (竖排).
    A browser's or a layout program's vertical text (CSS writing-mode: vertical-rl, a
    certificate's columns) reaches the layer as one upright glyph a line, stacked down the page:
    the matcher, which reads along lines, saw 刘 海 燕 as three lines of one glyph each and the
    name and unit of a vertical certificate stayed in the PDF's output. Columns are added beside
    the layer's lines (not instead: a glyph of a grid of one-glyph cells, 分散对齐 labels one
    above another, still reads along its row), so a loose stack never takes a row's text away."""

    # Pieces of at most this many glyphs are stacked into columns.
    piece_glyphs: int = 1
    # The gap between two glyphs down a column, in glyph heights: vertical text is set with its
    # glyphs touching or nearly (about 0 in Chromium's and Word's output); the rows of a table
    # or of spaced lines lie further apart (their line spacing plus cell padding).
    min_gap: float = -0.3
    max_gap: float = 0.35
    # How far two glyphs' middles may lie apart across the column, and their sizes' ratio.
    max_offset: float = 0.15
    max_size_ratio: float = 1.2
    # A column holds at least this many glyphs.
    min_glyphs: int = 2


LAYER_COLUMNS = LayerColumnSettings()


def column_lines(lines: list[TextLine], s: LayerColumnSettings = LAYER_COLUMNS) -> list[TextLine]:
    """Columns of vertical text stacked from the layer's one-glyph ``lines``
    (LayerColumnSettings), each as a line read down the column; [] where there are none."""
    pieces = [ln for ln in lines if sum(1 for c in ln.chars if c.text.strip()) <= s.piece_glyphs]
    if len(pieces) < s.min_glyphs:
        return []
    glyphs = [next(c for c in ln.chars if c.text.strip()) for ln in pieces]
    points = np.asarray([g.quad.points for g in glyphs], dtype=np.float64)  # (n, 4, 2)
    heights = np.asarray([max(g.quad.height, 1.0) for g in glyphs])
    gaps, limits = (s.min_gap, s.max_gap), (s.max_offset, s.max_size_ratio)
    below: dict[int, int] = {}
    for a, glyph in enumerate(glyphs):
        u, v = glyph.quad.axes()
        found = _nearest_ahead(points, heights, a, (v, u), gaps, limits)
        if found is not None:
            below[a] = found
    columns: list[TextLine] = []
    taken: set[int] = set(below.values())
    for top in (a for a in below if a not in taken):
        run = [top]
        while run[-1] in below and below[run[-1]] not in run:
            run.append(below[run[-1]])
        if len(run) >= s.min_glyphs:
            columns.append(_column_line([glyphs[i] for i in run], pieces[top].source))
    return columns


def _column_line(glyphs: list[TextChar], source: str) -> TextLine:
    """Glyphs stacked top to bottom as a line read down them: the line's quad in reading order
    (its top-left is the first glyph's top-right corner, the next column lying to its left);
    each glyph keeps its upright box, as OCR's vertical lines do."""
    first, last = glyphs[0].quad.points, glyphs[-1].quad.points
    quad = Quad((first[1], last[2], last[3], first[0]))
    return TextLine(tuple(glyphs), quad, 1.0, source)


def _nearest_ahead(
    points: np.ndarray,
    heights: np.ndarray,
    a: int,
    axes: tuple[np.ndarray, np.ndarray],
    gaps: tuple[float, float],
    limits: tuple[float, float],
    allowed: np.ndarray | None = None,
) -> int | None:
    """The box of ``points`` (n, 4, 2) nearest ahead of box ``a`` along ``axes[0]``: its gap
    from ``a`` within ``gaps`` and its middle across (``axes[1]``) within ``limits[0]`` of box
    ``a``'s height, their heights within ``limits[1]`` of each other (and ``allowed``);
    None when there is none. The one neighbour search of join_row_pieces and column_lines."""
    ahead, across = axes
    h = heights[a]
    gap = (points @ ahead).min(axis=1) - (points[a] @ ahead).max()
    offset = np.abs((points @ across).mean(axis=1) - (points[a] @ across).mean())
    ratio = np.maximum(heights, h) / np.minimum(heights, h)
    ok = (
        (gap >= gaps[0] * h)
        & (gap <= gaps[1] * h)
        & (offset <= limits[0] * h)
        & (ratio <= limits[1])
    )
    if allowed is not None:
        ok &= allowed
    ok[a] = False
    if not ok.any():
        return None
    candidates = np.flatnonzero(ok)
    return int(candidates[np.argmin(gap[candidates])])


def _joined_row(pieces: list[TextLine]) -> TextLine:
    chars: list[TextChar] = list(pieces[0].chars)
    for left, right in itertools.pairwise(pieces):
        h = max(min(left.quad.height, left.quad.width), 1.0)
        if _gap_distance(left.chars[-1].quad, right.chars[0].quad) > SPACE_GAP * h:
            chars.append(_gap_space(left.chars[-1].quad, right.chars[0].quad))
        chars.extend(right.chars[_read_again(left, right) :])
    quad = Quad.span(chars[0].quad, chars[-1].quad)
    return TextLine(tuple(chars), quad, 1.0, pieces[0].source)


def _read_again(left: TextLine, right: TextLine) -> int:
    """How many of ``right``'s first glyphs lie where ``left`` was read already: their middles
    before the middle of ``left``'s last glyph, along ``left``'s reading. OCR read the unit
    under the applicant's own seal in two pieces that overlap (main bench seed 2391's
    005_form: 博尔塔拉蒙古自治州人民[ and, from 民's place on, ` 民医院`); joined as they came,
    民 twice kept the joined row from reading as the unit, and only the first piece's
    博…人民 was found, its 医院 left in view beside the seal's fill. The place is read once,
    as the left piece read it; pieces side by side (a gap, or boxes overlapping at their
    edges) lose nothing."""
    u, _ = left.axis()
    end = float(np.asarray(left.chars[-1].quad.points, dtype=np.float64).mean(axis=0) @ u)
    count = 0
    for c in right.chars:
        if float(np.asarray(c.quad.points, dtype=np.float64).mean(axis=0) @ u) >= end:
            break
        count += 1
    return count


def layer_matrix(pdf_page, scale: float) -> tuple[float, ...]:  # noqa: ANN001 - pymupdf.Page
    """The page's rotation times ``scale``, as six plain floats: the rasteriser applies the
    rotation, so character boxes are mapped the same way (a pymupdf Rect * Matrix per character
    cost more than the rest of a text-only page's reading)."""
    return tuple(v * scale for v in pdf_page.rotation_matrix)


@dataclass(frozen=True)
class FontCheckSettings:
    """How a PDF font's text layer is checked against what the font draws. A font whose
    ToUnicode map is missing, broken or deliberately wrong draws 王伟 while the layer holds
    other characters (spaces, x, shifted ASCII, rare CJK): matching the layer would leave the
    drawn name unread. So once per font and file, its longest horizontal span on a page is read
    by OCR (recognition only, on the span's box) and compared with the layer's text; a font
    that does not read as its layer has its spans OCR'd like pictures."""

    # A span this long at least (characters, spaces included) judges its font.
    min_chars: int = 2
    # Glyphs shorter than this (pixels) are below what recognition reads reliably.
    min_height_px: float = 10.0
    # Similarity (rapidfuzz's normalised Indel ratio of the folded texts) from which the OCR
    # read and the layer are the same text: OCR slips cost a little, another text most of it.
    min_similarity: float = 0.5
    # Fonts judged on one page at most (one recognition each): the rest wait for a later page
    # and meanwhile go by TextLayerTrust alone.
    max_checks_per_page: int = 8
    # Paper added round the span's box, as a share of its height: recognition wants a margin.
    margin: float = 0.2
    # Only the span's first characters are read: recognition's cost grows with the crop's
    # width, and a broken map shows in any few glyphs.
    max_glyphs: int = 8
    # A span judges its font only on a line this level at most (the sine of its slant): the
    # crop is the span's upright box. An office suite's watermark, the unit in a text box
    # turned 45 degrees, was read as a square of diagonal glyphs, did not read as its layer, and
    # its font was distrusted: its text went to OCR, which does not read text at 45 degrees.
    max_slant: float = 0.02


FONT_CHECK = FontCheckSettings()


def judge_fonts(
    raw: dict,
    image: np.ndarray,
    matrix: tuple[float, ...],
    verdicts: dict[str, bool],
    cfg: FontCheckSettings = FONT_CHECK,
) -> None:
    """Adds to ``verdicts`` (font name -> its layer says what it draws) the fonts of this page
    not judged yet (FontCheckSettings). ``raw``: the page's rawdict; ``image``: the page as
    rendered, ``matrix``: layer_matrix."""
    longest: dict[str, tuple[int, dict]] = {}
    for block in raw.get("blocks", []):
        for ln in block.get("lines", []):
            dx, dy = ln.get("dir", (1.0, 0.0))
            if dx <= 0 or abs(dy) > cfg.max_slant:
                continue  # a turned or slanted line: its upright crop is not the line
            for span in ln.get("spans", []):
                font, n = span.get("font", ""), len(span.get("chars", ()))
                if font in verdicts or n < cfg.min_chars:
                    continue
                if n > longest.get(font, (0, {}))[0]:
                    longest[font] = (n, span)
    ranked = sorted(longest.items(), key=lambda item: -item[1][0])
    for font, (_, span) in ranked[: cfg.max_checks_per_page]:
        verdict = _reads_as_layer(span, image, matrix, cfg)
        if verdict is not None:
            verdicts[font] = verdict


def _reads_as_layer(
    span: dict, image: np.ndarray, matrix: tuple[float, ...], cfg: FontCheckSettings
) -> bool | None:
    """Whether OCR of the span's box reads the span's layer text; None when it cannot tell."""
    from rapidfuzz.distance import Indel

    from redactor.detect.match import normalise

    chars = span.get("chars", ())[: cfg.max_glyphs]
    x0, y0 = min(ch["bbox"][0] for ch in chars), min(ch["bbox"][1] for ch in chars)
    x1, y1 = max(ch["bbox"][2] for ch in chars), max(ch["bbox"][3] for ch in chars)
    quad = _char_quad((x0, y0, x1, y1), span.get("size", 10.0), 0, matrix)
    p = np.asarray(quad.points, dtype=np.float32)
    w, h = round(float(np.linalg.norm(p[1] - p[0]))), round(float(np.linalg.norm(p[3] - p[0])))
    if h < cfg.min_height_px or w < h:
        return None
    target = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    crop = cv2.warpPerspective(
        image, cv2.getPerspectiveTransform(p, target), (w, h), flags=cv2.INTER_AREA
    )
    pad = max(1, round(cfg.margin * h))
    crop = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    result = OcrEngine.get()(np.ascontiguousarray(crop), use_det=False, use_cls=False, use_rec=True)
    read = normalise(result.txts[0]) if result.txts else ""
    layer = normalise("".join(ch.get("c", "") for ch in chars))
    if not read:
        return None  # nothing legible there (a picture or a fill over it): no evidence
    return Indel.normalized_similarity(layer, read) >= cfg.min_similarity


def span_boxes(raw: dict, fonts: set[str], matrix: tuple[float, ...]) -> list[BBox]:
    """Boxes (page-image pixels) of the spans in ``fonts``."""
    boxes: list[BBox] = []
    for block in raw.get("blocks", []):
        for ln in block.get("lines", []):
            for span in ln.get("spans", []):
                if span.get("font", "") in fonts:
                    quad = _char_quad(span["bbox"], span.get("size", 10.0), 0, matrix)
                    boxes.append(quad.bbox)
    return boxes


@dataclass(frozen=True)
class TextLayerTrust:
    """When a line of a PDF's text layer says what the page shows. A font embedded without a
    ToUnicode map, or with a broken one, draws the right glyphs while the layer holds other
    characters: glyph ids read as code points (rare CJK Extension A, Yi syllables, braille,
    Hangul...), U+FFFD or private-use characters. Trusting such a line leaves the drawn name
    unread, so it is read from the picture instead (OCR)."""

    # A line is trusted when at least this share of its non-space characters is plain:
    # printable ASCII, or in GB 2312 (the 6,763 common hanzi, their punctuation, pinyin letters)
    # directly or once folded as the matcher folds it (full-width forms, traditional to
    # simplified). Real lines score 1.0 but for a rare name character (王玥: 0.5); a layer
    # without ToUnicode scored 0.0-0.2 on every line of the test's page.
    min_plain_share: float = 0.5
    # Unicode's radical blocks (CJK Radicals Supplement, Kangxi Radicals): components for
    # dictionaries, never running text. A font whose map gives a radical for an ideograph's
    # glyph (⻢ U+2EE2 for 马, ⺠ U+2EA0 for 民: seen in real CJK PDFs) draws the ideograph; the
    # matcher, reading ⻢丽, missed the name 马丽. A line holding one is read from the picture.
    radical_blocks: tuple[tuple[str, str], ...] = (("\u2e80", "\u2eff"), ("\u2f00", "\u2fdf"))


TEXT_LAYER_TRUST = TextLayerTrust()


def _plain(ch: str) -> bool:
    """Printable ASCII or GB 2312, as it is or folded as the matcher folds it."""
    if _plain_as_is(ch):
        return True
    from redactor.detect.match import fold  # loads opencc: only for characters GB 2312 lacks

    folded = fold(ch)
    return bool(folded) and folded != ch and all(_plain_as_is(c) for c in folded)


def _plain_as_is(ch: str) -> bool:
    if ch.isascii():
        return ch.isprintable()
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def decodes(line: TextLine, cfg: TextLayerTrust = TEXT_LAYER_TRUST) -> bool:
    """Whether a text-layer line reads as text (TextLayerTrust) rather than as glyph ids or
    radicals standing for ideographs."""
    shown = [c.text for c in line.chars if not c.text.isspace()]
    if any(lo <= ch <= hi for ch in shown for lo, hi in cfg.radical_blocks):
        return False
    plain = sum(1 for ch in shown if _plain(ch))
    return plain >= cfg.min_plain_share * len(shown)


def _corner_turn(direction: tuple[float, float]) -> int:
    """By how many corners a character box's (top-left, top-right, bottom-right, bottom-left)
    is rotated so that the first is the glyph's reading top-left, for a line going
    ``direction``."""
    dx, dy = direction
    if abs(dx) < abs(dy):
        return 1 if dy > 0 else 3
    return 2 if dx < 0 else 0


def _char_quad(
    bbox: tuple[float, float, float, float], size: float, turn: int, matrix: tuple[float, ...]
) -> Quad:
    """A rawdict character box as a quad in page-image pixels (``matrix``: the page's rotation
    times the scale), its corners in reading order (``turn``: _corner_turn)."""
    x0, y0, x1, y1 = bbox
    # rawdict char boxes are axis-aligned in unrotated page space; for rotated text lines the
    # box still covers the glyph, so the quad's reading order follows the line direction.
    if x0 >= x1 or y0 >= y1:
        # Some fonts report zero-height boxes: fall back to the span's font size.
        y0, x1 = y1 - size, max(x1, x0 + size * 0.5)
    a, b, c, d, e, f = matrix  # pymupdf's (a, b, c, d, e, f): x' = a x + c y + e
    pts = (
        (a * x0 + c * y0 + e, b * x0 + d * y0 + f),
        (a * x1 + c * y0 + e, b * x1 + d * y0 + f),
        (a * x1 + c * y1 + e, b * x1 + d * y1 + f),
        (a * x0 + c * y1 + e, b * x0 + d * y1 + f),
    )
    if turn:
        pts = pts[turn:] + pts[:turn]
    return Quad(pts)  # type: ignore[arg-type]


def boxes_cover(page_w: float, page_h: float, boxes: list[BBox], fraction: float = 0.6) -> bool:
    """Whether the boxes (images placed on a page) cover most of it: then it is a scan."""
    area = sum(b.clip(page_w, page_h).area for b in boxes)
    return area >= fraction * page_w * page_h
