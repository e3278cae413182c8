"""Reading through a fine mosaic: is the name or unit under a pixelated patch still legible?

A mosaic tool or a phone app's pixelate paints cells of one flat colour. When the cells are
small against the text (2 px, or an app's uneven 3 and 4 px over 18 px characters) the shapes of
the characters survive, and a reader who knows the name reads it, but OCR reading the page as it
is often does not (the cells' edges look like strokes). So the part of each OCR line that holds
a mosaic-like patch is read again, as it is and blurred a little (a reader squinting: the cells'
edges melt, the strokes stay), and the name is looked for in the recogniser's per-frame
probabilities the way a reader who knows it confirms it: each of its characters must be read
clearly likelier than decoy characters put in its place (see ReadThroughSettings).

What is judged is the read, not the pattern: a patch found here fails a page only when the
applicant's name or unit reads out of it, so strong mosaics (no character likelier than its
decoys) and any other flat texture pass whatever their cells look like.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from redactor.options import Identity
from redactor.types import NAME, BBox, Quad, TextLine
from redactor.verify.cover import grey_levels


@dataclass(frozen=True)
class ReadThroughSettings:
    """Where the page is read again, and how (sizes in heights of the page's median OCR line)."""

    # Two neighbouring columns (rows) belong to one mosaic cell when they differ by at most this
    # many grey levels all down (across) a window: JPEG ringing inside a cell stays within.
    tolerance: int = 10
    # Windows are this share of a line high and wide (at least ``min_window`` px), half a window
    # apart.
    window: float = 0.8
    min_window: int = 8
    # A window is mosaic-like when at least this share of its column pairs and of its row pairs
    # that touch ink are equal all along (cells of 2 px give 0.5 and more; rendered and scanned
    # text 0.1-0.45, measured on the tuning pages), and this share of it is a mixed grey (ink
    # and paper averaged into a cell). This only chooses what is read again: a window wrongly
    # taken costs a read, not a verdict.
    min_equal: float = 0.4
    min_mixed: float = 0.25
    mixed: tuple[float, float] = (40.0, 215.0)
    # The line's crop (line heights beyond its box across and down), read as it is and
    # blurred by these Gaussian sigmas (line heights): a little blur melts the edges of cells
    # of 2-4 px on lines of 20-30 px, which the recogniser otherwise reads as strokes.
    margin: tuple[float, float] = (1.0, 0.2)
    sigmas: tuple[float, ...] = (0.04, 0.06, 0.08)
    # The confirmation, as a reader who knows the name confirms it: each character of the
    # target must be read, in the best span of the line, this much likelier (natural log of the
    # recogniser's probabilities) than the median of ``decoys`` other characters put in its
    # place (common characters of people's names), ...
    decoys: int = 8
    min_margin: float = 5.0
    # ... and the target's reading may fall short of the frames' best reading by at most this
    # much per character (a line of other text read as the name falls short by 13-22).
    max_shortfall: float = 8.0
    # Not looser than mask's own matching of a visible line: a place where another character
    # reads likelier than the target's by more than ``rival_margin`` reads as that character,
    # and when the page's own OCR read that rival reading in clear on the line (every
    # character at least ``clear_score``: 周小强, someone else, for the applicant 周志强 on a
    # phone photo whose flat paper looks mosaic-like), or read in clear in the place a string
    # as long as the target agreeing with it in most places (吴斌 for 吴敏, whose blurred
    # reading the recogniser took for 赋), with more such places than mask's matcher allows
    # slips (none in a name: see match.edits_allowed), the line is visible text that mask's
    # matching has judged, and the target is not read out of it. Under a
    # fine mosaic the recogniser prefers other characters in a place too (leads up to 13 on
    # the tuning pages), but OCR of the page does not read them in clear (scores 0.17-0.8).
    # The rivals tried in each place are the recogniser's ``rival_top`` likeliest characters
    # of every frame (a character likelier than the target's somewhere is among them).
    rival_margin: float = 3.0
    rival_top: int = 3
    clear_score: float = 0.9
    # Someone else's longer name holding the target's characters with others between them
    # (孙小丽 for the applicant 孙丽, bench.verify 101 r025 on a grey scan): the recogniser
    # reads the target out of it by taking the inserted character's frames for the gap
    # between two characters (shortfall 4.6 a character). Where the page's OCR read, over the
    # frames the target was read from, the target's characters in clear (``clear_score``) in
    # order with one to ``inserted`` Han characters between some of them, the line shows that
    # longer text, which mask's matching has judged, and the target is not read out of it.
    inserted: int = 1
    # A line the page's OCR read as a near miss of the target, the places it differs read
    # unclearly (under ``clear_score``: 美敏 for the applicant 吴敏 under a weak blur, 美 at
    # 0.61, bench.verify 102 r032), is read again around that near miss as a mosaic-like
    # place is, the target confirmed the same way; but there OCR read the line as it is, so
    # no place may read as another character (see ``rival_margin``) beyond mask's matching's
    # slips: such a read is a target a reader who knows it reads, as the text check's
    # ``visible_text``. A near miss differs in at most half its places.
    unsure_margin: tuple[float, float] = (0.5, 0.2)
    # A mosaic-like patch that no OCR line holds is read again as a line of its own: OCR's
    # detector may see no text at all under a fine pixelate (bench.verify 82 r031, an app's
    # light mosaic over 陈静 right of 姓名: read as 陈 on rapidocr 3.x before 3.10, no box at
    # all on 3.10). Patches from ``lone_height`` line heights tall (one line, not a photo) and
    # at most ``lone_width`` long (a long unit) are read; ``lone_max`` of them a page at most,
    # the largest first, each costing one read of a line.
    lone_height: tuple[float, float] = (0.5, 2.0)
    lone_width: float = 20.0
    lone_max: int = 8


READ_THROUGH = ReadThroughSettings()


def _equal_share(grey: np.ndarray, ink: np.ndarray, size: int, tol: int, axis: int) -> np.ndarray:
    """Per pixel, the share of the column (axis 1) or row (axis 0) pairs of the size x size
    window centred there that touch ink and are equal all along the window."""
    if axis == 0:
        return _equal_share(grey.T, ink.T, size, tol, 1).T
    d = np.abs(np.diff(grey, axis=1))
    d = np.concatenate([d, np.full((d.shape[0], 1), 255, np.float32)], axis=1)
    touch = ink | np.concatenate([ink[:, 1:], np.zeros((ink.shape[0], 1), bool)], axis=1)
    down = np.ones((size, 1), np.uint8)
    # Equal all down the window: the largest difference over ``size`` rows.
    worst = cv2.dilate(d, down)
    inked = cv2.dilate(touch.astype(np.uint8), down).astype(np.float32)
    equal = ((worst <= tol) & (inked > 0)).astype(np.float32)
    n = cv2.boxFilter(inked, -1, (size, 1), normalize=False)
    e = cv2.boxFilter(equal, -1, (size, 1), normalize=False)
    return np.where(n >= 4, e / np.maximum(n, 1), 0.0)


def mosaic_like(
    image: np.ndarray, line_height: float, s: ReadThroughSettings = READ_THROUGH
) -> np.ndarray:
    """0/1 map of the pixels at the centre of a mosaic-like window (see ReadThroughSettings)."""
    grey = grey_levels(image)
    size = max(s.min_window, int(round(s.window * line_height)))
    lo, hi = s.mixed
    mixed = ((grey > lo) & (grey < hi)).astype(np.float32)
    share = cv2.boxFilter(mixed, -1, (size, size))
    ink = grey < hi
    across = _equal_share(grey, ink, size, s.tolerance, 1)
    down = _equal_share(grey, ink, size, s.tolerance, 0)
    return (np.minimum(across, down) >= s.min_equal) & (share >= s.min_mixed)


def places_to_read_again(
    image: np.ndarray, lines: list[TextLine], s: ReadThroughSettings = READ_THROUGH
) -> list[tuple[TextLine, BBox]]:
    """The OCR lines (of an upright page) that hold a mosaic-like window, each with the part
    of it to read again: the columns of its mosaic-like windows, ``margin`` beyond. Only that
    part is read, so that the line's text in clear (someone else's longer name, 王伟强) is
    left to the page's own read."""
    heights = [ln.quad.height for ln in lines if len(ln.text.strip()) >= 2]
    if not heights:
        return []
    height = float(np.median(heights))
    like = mosaic_like(image, height, s)
    if not like.any():
        return []
    h, w = like.shape
    out = []
    for box in _lone_patches(like, lines, height, s):
        # Read as a line of the page's height across the patch's middle.
        mid = (box.y0 + box.y1) / 2
        quad = Quad.from_bbox(BBox(box.x0, mid - height / 2, box.x1, mid + height / 2))
        across, down = s.margin[0] * height, s.margin[1] * height
        place = BBox(box.x0 - across, box.y0 - down, box.x1 + across, box.y1 + down)
        out.append((TextLine((), quad, 0.0, "mosaic"), place.clip(w, h)))
    for ln in lines:
        b = ln.quad.bbox.clip(w, h)
        x0, y0 = int(b.x0), int(b.y0)
        x1, y1 = int(math.ceil(b.x1)), int(math.ceil(b.y1))
        if x1 <= x0 or y1 <= y0:
            continue
        cols = np.flatnonzero(like[y0:y1, x0:x1].any(axis=0))
        if cols.size == 0:
            continue
        across, down = s.margin[0] * b.height, s.margin[1] * b.height
        place = BBox(
            max(b.x0 - across, x0 + cols[0] - across),
            b.y0 - down,
            min(b.x1 + across, x0 + cols[-1] + 1 + across),
            b.y1 + down,
        ).clip(w, h)
        out.append((ln, place))
    return out


def near_misses(
    lines: list[TextLine], targets: list[tuple[str, str]], s: ReadThroughSettings = READ_THROUGH
) -> list[tuple[TextLine, BBox, str, str]]:
    """The places of ``lines`` (an upright page's) where OCR read a near miss of a target
    whose differing places it read unclearly (see ReadThroughSettings.unsure_margin): the
    line, the place to read again (the near miss's characters, ``unsure_margin`` line heights
    beyond across and down), the kind and the target."""
    from redactor.detect.match import edits_allowed, is_han, lines_below, norm_line

    out = []
    below = lines_below(lines)
    for row, line in enumerate(lines):
        norm = norm_line(line)
        chars = [line.chars[i] for i in norm.index]
        for kind, text in targets:
            n = len(text)
            for at in range(len(norm.text) - n + 1):
                window = norm.text[at : at + n]
                differ = [i for i in range(n) if window[i] != text[i]]
                if not edits_allowed(text, kind) < len(differ) <= n // 2:
                    continue
                shown = chars[at : at + n]
                if not all(is_han(c.text) for c in shown) or any(
                    shown[i].score >= s.clear_score for i in differ
                ):
                    continue
                places = norm.index[at : at + n]
                if kind == NAME and _longer_name_if_read(line, places, text, below.get(row, ())):
                    continue
                box = shown[0].quad.bbox
                for c in shown[1:]:
                    box = box.union(c.quad.bbox)
                h = line.quad.height
                across, down = s.unsure_margin[0] * h, s.unsure_margin[1] * h
                place = BBox(
                    box.x0 - across,
                    line.quad.bbox.y0 - down,
                    box.x1 + across,
                    line.quad.bbox.y1 + down,
                )
                out.append((line, place, kind, text))
    return out


def _longer_name_if_read(
    line: TextLine, places: list[int], name: str, next_lines: Sequence[str] = ()
) -> bool:
    """Whether the line, its near miss read as the name (``places``: the indices of its
    characters), holds the name inside someone else's longer name as mask's matching judges it
    (王伟民、 for the applicant 王伟, 主伟民、 read: probes round 14, a phone screenshot's JPEG
    where a second read of the line took 王 for 主 unclearly). Read as the name, the line is
    text mask's matching has judged, and the text check would pass it. ``next_lines``: the
    lines that may continue it (match.lines_below), read on into as the matching reads on
    (…王伟主 | 任负责 is the applicant)."""
    from redactor.detect.match import is_someone_else

    raw = [c.text for c in line.chars]
    if any(len(t) != 1 for t in raw):
        return False  # a character box holding several: the places are not the raw text's
    for i, ch in zip(places, name, strict=True):
        raw[i] = ch
    return is_someone_else("".join(raw), places[0], places[-1] + 1, next_lines=next_lines)


def _lone_patches(
    like: np.ndarray, lines: list[TextLine], height: float, s: ReadThroughSettings
) -> list[BBox]:
    """Boxes of the mosaic-like patches (``like``: the windows' centres) that no OCR line
    holds, each grown by half a window to the patch it was measured on, of one line's height
    (see ReadThroughSettings.lone_height)."""
    h, w = like.shape
    half = max(s.min_window, int(round(s.window * height))) / 2
    n, labels, stats, _ = cv2.connectedComponentsWithStats(like.astype(np.uint8))
    held = np.zeros(n, bool)
    for ln in lines:
        b = ln.quad.bbox.clip(w, h)
        part = labels[int(b.y0) : int(math.ceil(b.y1)), int(b.x0) : int(math.ceil(b.x1))]
        held[np.unique(part)] = True
    boxes = []
    for i in np.flatnonzero(~held[1:]) + 1:
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        box = BBox(x - half, y - half, x + bw + half, y + bh + half).clip(w, h)
        low, high = s.lone_height
        if low * height <= box.height <= high * height and box.width <= s.lone_width * height:
            boxes.append(box)
    return sorted(boxes, key=lambda b: -b.area)[: s.lone_max]


def _variants(crop: np.ndarray, height: float, s: ReadThroughSettings) -> list[np.ndarray]:
    """The crop as it is and blurred a little (a reader squinting at the cells)."""
    soft = [cv2.GaussianBlur(crop, (0, 0), max(0.4, k * height)) for k in s.sigmas]
    return [crop, *soft]


def _probabilities(images: list[np.ndarray]) -> list[np.ndarray]:
    """The recogniser's per-frame character probabilities (frames x characters, blank first)
    of each image read as one line (RGB in)."""
    from redactor.detect.text import OcrEngine

    rec = OcrEngine.get()._load_rec_model()
    _, height, width = rec.rec_image_shape
    out = []
    for image in images:
        bgr = np.ascontiguousarray(image[:, :, ::-1])
        ratio = max(width / height, bgr.shape[1] / max(bgr.shape[0], 1))
        batch = rec.resize_norm_img(bgr, ratio)[None].astype(np.float32)
        preds = rec.session(batch)
        probs = np.asarray(preds[0] if isinstance(preds, (list, tuple)) else preds)
        # The backend may hand back its own output buffer, reused by the next call: copy.
        out.append(np.array(probs.reshape(probs.shape[-2], probs.shape[-1]), copy=True))
    return out


@lru_cache(maxsize=1)
def _char_index() -> dict[str, int]:
    from redactor.detect.text import OcrEngine

    chars = OcrEngine.get()._load_rec_model().postprocess_op.character
    return {c: i for i, c in enumerate(chars) if i > 0}


def spot(rel: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """For each row of ``labels`` (strings of one length, as character indices), how far the
    best reading of some span of the frames as that string falls short of the frames' best
    reading (``rel``: log probabilities less each frame's best, frames x characters), <= 0.
    CTC alignment: blanks between characters, repeats; the frames before and after the span
    are read as they are best read."""
    k, n = labels.shape
    ext = np.zeros((k, 2 * n - 1), np.int64)
    ext[:, 0::2] = labels
    skip = np.zeros(ext.shape, bool)
    skip[:, 2:] = (ext[:, 2:] != 0) & (ext[:, 2:] != ext[:, :-2])
    prev = np.full(ext.shape, -np.inf)
    best = np.full(k, -np.inf)
    start = np.zeros((k, 1))
    never = np.full((k, 2), -np.inf)
    for row in rel:
        one = np.concatenate([start, prev[:, :-1]], axis=1)  # a span may start at any frame
        two = np.where(skip, np.concatenate([never, prev[:, :-2]], axis=1), -np.inf)
        prev = np.maximum(np.maximum(prev, one), two) + row[ext]
        best = np.maximum(best, prev[:, -1])
    return best


def spot_span(rel: np.ndarray, label: np.ndarray) -> tuple[float, int, int]:
    """``spot`` of one string (character indices), with the first and last frame of the
    span it is best read from."""
    n = label.size
    ext = np.zeros(2 * n - 1, np.int64)
    ext[0::2] = label
    skip = np.zeros(ext.shape, bool)
    skip[2:] = (ext[2:] != 0) & (ext[2:] != ext[:-2])
    prev = np.full(ext.shape, -np.inf)
    first = np.zeros(ext.shape, np.int64)
    best, span = -np.inf, (0, 0)
    for t, row in enumerate(rel):
        # Each state's best way in: staying, from the state before, or skipping a blank; the
        # first state may also start here.
        stay, one = prev, np.concatenate([[0.0], prev[:-1]])
        one_first = np.concatenate([[t], first[:-1]])
        two = np.where(skip, np.concatenate([[-np.inf, -np.inf], prev[:-2]]), -np.inf)
        two_first = np.concatenate([[t, t], first[:-2]])
        choice = np.argmax(np.stack([stay, one, two]), axis=0)
        score = np.choose(choice, [stay, one, two])
        first = np.choose(choice, [first, one_first, two_first])
        prev = score + row[ext]
        if prev[-1] > best:
            best, span = float(prev[-1]), (int(first[-1]), t)
    return best, span[0], span[1]


def frames_to_x(frames: tuple[int, int], count: int, crop: tuple[int, int]) -> tuple[float, float]:
    """The columns of a crop (height, width) read by the recogniser that frames ``frames``
    (first, last) of ``count`` cover: the crop is scaled to the recogniser's height and padded
    to its width, which the frames divide evenly."""
    from redactor.detect.text import OcrEngine

    _, height, width = OcrEngine.get()._load_rec_model().rec_image_shape
    ch, cw = crop
    padded = int(height * max(width / height, cw / max(ch, 1)))
    resized = min(padded, math.ceil(height * cw / max(ch, 1)))
    per = padded / count * cw / max(resized, 1)
    return frames[0] * per, (frames[1] + 1) * per


@lru_cache(maxsize=1)
def _decoy_pool() -> tuple[str, ...]:
    """Common characters of people's names that the recogniser knows: the decoys."""
    from redactor.detect.lexicon import lexicon

    lex = lexicon()
    common = [c for c, _ in lex.given_uses.most_common(400)]
    common += [c for c, _ in lex.surname_uses.most_common(100)]
    index = _char_index()
    return tuple(c for c in dict.fromkeys(common) if c in index)


@dataclass(frozen=True)
class Spotted:
    """How well a target reads out of a line: its shortfall per character against the frames'
    best reading, its smallest margin over decoys in any one place, and how many of its places
    read as another character (see settings)."""

    text: str
    shortfall: float
    margin: float
    # The target with each place that reads as another character replaced by it.
    rival: str = ""
    misread: int = 0


def _spot_target(
    rel: np.ndarray, text: str, rng: np.random.Generator, s: ReadThroughSettings = READ_THROUGH
) -> Spotted:
    index, pool = _char_index(), _decoy_pool()
    labels = np.array([index[c] for c in text], np.int64)
    rows = [labels]
    for pos, ch in enumerate(text):
        others = [c for c in pool if c != ch]
        for k in rng.choice(len(others), size=s.decoys, replace=False):
            c = others[int(k)]
            row = labels.copy()
            row[pos] = index[c]
            rows.append(row)
    scores = spot(rel, np.stack(rows))
    best = float(scores[0])
    per_place = scores[1:].reshape(len(text), -1)
    margin = float(np.min(best - np.median(per_place, axis=1)))
    shortfall = -best / len(text)
    if margin < s.min_margin or shortfall > s.max_shortfall:
        return Spotted(text, shortfall, margin)  # not read: the rivals need not be tried
    # The rivals are read from the frames the target was read from: a character beside the
    # target's place (the bracket after a pixelated 王伟 in 王伟（1980—）, bench.verify 81
    # r016) is read there as well, so a span reaching it as 王（ says nothing of the place.
    _, t0, t1 = spot_span(rel, labels)
    rival, misread = _rival_reading(rel[t0 : t1 + 1], text, s)
    return Spotted(text, shortfall, margin, rival, misread)


def _rival_reading(rel: np.ndarray, text: str, s: ReadThroughSettings) -> tuple[str, int]:
    """``text`` with each place that reads as another character replaced by it, and how many
    such places: one of the frames' likeliest characters put there reads ``rival_margin``
    likelier than the target's own. ``rel``: the frames the target was read from."""
    index = _char_index()
    chars = {i: c for c, i in index.items()}
    labels = np.array([index[c] for c in text], np.int64)
    best = float(spot(rel, labels[None])[0])
    top = np.argsort(rel, axis=1)[:, -s.rival_top :]
    rivals = np.array([i for i in np.unique(top) if i in chars], np.int64)
    out, count = list(text), 0
    for pos, label in enumerate(labels):
        others = rivals[rivals != label]
        if others.size == 0:
            continue
        rows = np.repeat(labels[None], others.size, axis=0)
        rows[:, pos] = others
        scores = spot(rel, rows)
        j = int(np.argmax(scores))
        if float(scores[j]) - best > s.rival_margin:
            out[pos] = chars[int(others[j])]
            count += 1
    return "".join(out), count


def _read_in_clear(line: TextLine, text: str, s: ReadThroughSettings) -> bool:
    """Whether the page's OCR read ``text`` on ``line``, every character of it clearly."""
    from redactor.detect.match import norm_line

    norm = norm_line(line)
    at = norm.text.find(text)
    while at >= 0:
        if all(line.chars[norm.index[i]].score >= s.clear_score for i in range(at, at + len(text))):
            return True
        at = norm.text.find(text, at + 1)
    return False


def _near_miss_in_clear(
    line: TextLine,
    text: str,
    kind: str,
    place: BBox,
    s: ReadThroughSettings,
    span: tuple[float, float] | None = None,
) -> bool:
    """Whether the page's OCR read on ``line``, inside ``place`` and every character clearly,
    a string of Han characters as long as ``text`` that mask's matching rejects for it but
    that agrees with it in most places (someone else's 吴斌 for the applicant 吴敏); with
    ``span``, over the columns the target was read from (half a line height beyond)."""
    from redactor.detect.match import edits_allowed, is_han, norm_line

    norm = norm_line(line)
    n = len(text)
    chars = [line.chars[i] for i in norm.index]
    for at in range(len(norm.text) - n + 1):
        window = norm.text[at : at + n]
        differ = sum(a != b for a, b in zip(window, text, strict=True))
        if not edits_allowed(text, kind) < differ <= n // 2:
            continue
        shown = chars[at : at + n]
        if all(
            is_han(c.text)
            and c.score >= s.clear_score
            and place.x0 <= c.quad.bbox.cx <= place.x1
            and place.y0 <= c.quad.bbox.cy <= place.y1
            and (span is None or _within(c.quad.bbox.cx, span, line.quad.height / 2))
            for c in shown
        ):
            return True
    return False


def _within(x: float, span: tuple[float, float], slack: float) -> bool:
    return span[0] - slack <= x <= span[1] + slack


def _longer_in_clear(
    line: TextLine, text: str, span: tuple[float, float], s: ReadThroughSettings
) -> bool:
    """Whether the page's OCR read on ``line``, over ``span`` (the columns the target was read
    from), the target's characters in clear and in order with other Han characters between
    some of them (see ReadThroughSettings.inserted): someone else's longer name."""
    from redactor.detect.match import is_han, norm_line

    norm = norm_line(line)
    chars = [line.chars[i] for i in norm.index]
    n = len(text)
    for at in range(len(norm.text)):
        for length in range(n + 1, n + (n - 1) * s.inserted + 1):
            window = chars[at : at + length]
            if len(window) < length or not all(is_han(c.text) for c in window):
                break
            # The target's characters at both ends, the rest in order between.
            kept = _in_order(norm.text[at : at + length], text, s.inserted)
            if kept is None or any(window[i].score < s.clear_score for i in kept):
                continue
            left, right = window[0].quad.bbox, window[-1].quad.bbox
            # A character's frames may start and end inside its box: half a line's height of
            # slack. The longer name lies in the target's frames, or they lie in it: the
            # target's first character read from the inserted one's frames (孙丽 from 小丽 of 孙
            # 小丽, 101 r025 once OCR ran in float32).
            slack = line.quad.height / 2
            if span[0] - slack <= left.cx and right.cx <= span[1] + slack:
                return True
            if left.x0 - slack <= span[0] and span[1] <= right.x1 + slack:
                return True
    return False


def _in_order(shown: str, text: str, inserted: int) -> list[int] | None:
    """The places in ``shown`` of ``text``'s characters when ``shown`` is ``text`` with at
    most ``inserted`` characters put between each two of its characters (none before or
    after); None when it is not."""
    if not shown or shown[0] != text[0] or shown[-1] != text[-1]:
        return None
    kept, i = [0], 0
    for ch in text[1:]:
        for j in range(i + 1, min(i + 2 + inserted, len(shown))):
            if shown[j] == ch:
                kept.append(j)
                i = j
                break
        else:
            return None
    return kept if kept[-1] == len(shown) - 1 and len(kept) < len(shown) else None


def _spottable(identity: Identity) -> list[tuple[str, str]]:
    """(kind, text) of the Chinese forms of the name and unit that the recogniser can spell."""
    from redactor.detect.match import is_han, normalise

    index = _char_index()
    forms = [("name", identity.name), *(("name", a) for a in identity.aliases)]
    forms += [("unit", identity.unit), *(("unit", a) for a in identity.unit_aliases)]
    out = []
    for kind, form in forms:
        text = normalise(form)
        if len(text) >= 2 and all(is_han(c) and c in index for c in text):
            out.append((kind, text))
    return list(dict.fromkeys(out))


def _reads(
    got: Spotted,
    kind: str,
    line: TextLine,
    place: BBox,
    s: ReadThroughSettings,
    span: tuple[float, float] | None = None,
    unsure: bool = False,
    beside: Sequence[TextLine] = (),
) -> bool:
    """Whether a reader who knows the target reads it out of ``place`` on ``line`` (see
    settings): not where the line shows, in clear, another text mask's matching rejects.
    ``span``: the page columns (of the upright line) the target was read from; ``unsure``:
    the place is a near miss OCR read unclearly, not a mosaic (see ``unsure_margin``);
    ``beside``: the lines OCR read over a lone patch's place (see ``_said_in``)."""
    from redactor.detect.match import edits_allowed

    if got.margin < s.min_margin or got.shortfall > s.max_shortfall:
        return False
    if span is not None and _longer_in_clear(line, got.text, span, s):
        return False
    # A line OCR read in clear as a near miss mask's matching rejects (someone else's 王炜 for
    # the applicant 王伟 in a roster, probes round 15's phone photo, whose flat paper looked
    # mosaic-like) shows that text, however the blurred re-read takes it: 炜's fire radical
    # blurred reads 伟 outright. A mosaic is not read in clear (see ``rival_margin``).
    if not unsure and any(
        _near_miss_in_clear(shown, got.text, kind, place, s, span) for shown in (line, *beside)
    ):
        return False
    if got.misread <= edits_allowed(got.text, kind):
        return True
    if unsure or (span is not None and _clear_over(line, span, got, s)):
        return False
    return not _read_in_clear(line, got.rival, s)


def _clear_over(
    line: TextLine, span: tuple[float, float], got: Spotted, s: ReadThroughSettings
) -> bool:
    """Whether the page's OCR read every character of ``line`` over ``span`` (the columns the
    target was read from, half a line height beyond) in clear, and read one at least: crisp
    print, which mask's matching has judged, not a mosaic's cells (OCR reads those at 0.17-0.8).
    A place that reads as another character there is that print: an app's avatar, a flat blue
    square holding 伟 beside a masked line of a group chat (probes round 19), whose flat paint
    looked mosaic-like, read as 王伟 with an I (the square's edge) likelier than 王.

    Print is crisp only where OCR read a glyph for each place the recogniser reads one (the
    target's own glyph, or another Han glyph in its place): a fine pixelate over 伟 of
    作者简介：王伟（1980—）, read 王 (1980 by OCR, no glyph where 伟 is, is not crisp, though
    the 王 OCR read beside it is (bench.verify 81 r016)."""
    from redactor.detect.match import is_han

    slack = line.quad.height / 2
    over = [c for c in line.chars if c.text.strip() and _within(c.quad.bbox.cx, span, slack)]
    glyphs = sum(is_han(c) for c in got.rival or got.text)
    read = sum(is_han(c.text) for c in over)
    return bool(over) and read >= glyphs and all(c.score >= s.clear_score for c in over)


def _said_in(place: BBox, lines: list[TextLine]) -> list[str]:
    """The characters of ``lines`` whose centres lie inside ``place``, a string a line. A lone
    patch's place (the paper between two lines of a phone photo can look mosaic-like) reaches
    into the lines above and below: a target they read there in clear, or inside someone
    else's longer name (李娜强 for the applicant 李娜, bench seed 2161 011_summary), is text
    mask's matching and the text check judge, not a mosaic's."""
    return ["".join(c.text for c in ln.chars if place.holds_centre_of(c.quad.bbox)) for ln in lines]


def read_through(
    image: np.ndarray,
    lines: list[TextLine],
    identity: Identity,
    rotation: int = 0,
    skip_kinds: frozenset[str] = frozenset(),
    s: ReadThroughSettings = READ_THROUGH,
) -> list[tuple[BBox, str, Spotted, bool]]:
    """Places holding a mosaic-like patch, or a near miss OCR read unclearly (see
    ReadThroughSettings.unsure_margin), out of which the name or unit can be read (see the
    module's docstring): the place's box (page pixels), the kind, how well it read, and
    whether the place was a near miss. ``rotation``: clockwise degrees that turn the page
    upright, as OCR reports it."""
    from redactor.detect.match import normalise
    from redactor.detect.text import turn_lines, unturn_quad

    targets = [(k, t) for k, t in _spottable(identity) if k not in skip_kinds]
    if not targets:
        return []
    k = (rotation // 90) % 4
    h, w = image.shape[:2]
    upright = np.ascontiguousarray(np.rot90(image, k)) if k else image
    turned = turn_lines(lines, k, w, h)
    places = [(ln, place, targets, False) for ln, place in places_to_read_again(upright, turned, s)]
    places += [
        (ln, place, [(kind, t)], True) for ln, place, kind, t in near_misses(turned, targets, s)
    ]
    found: list[tuple[BBox, str, Spotted, bool]] = []
    for line, place, wanted, unsure in places:
        said = [normalise(line.text)]
        beside: list[TextLine] = []
        if not line.chars:  # a lone patch: what the lines beside it say there is judged
            said += [normalise(t) for t in _said_in(place, turned)]
            beside = [
                ln for ln in turned if any(place.holds_centre_of(c.quad.bbox) for c in ln.chars)
            ]
        done = {f[1] for f in found}
        todo = [
            (kind, t)
            for kind, t in wanted
            if not any(t in piece for piece in said) and kind not in done
        ]
        # A place reaching past the page's edge (a line OCR read on a turned or skewed copy) is
        # read where it lies on the page: slicing from a negative corner gave an empty crop.
        x0, y0 = max(int(place.x0), 0), max(int(place.y0), 0)
        x1, y1 = int(math.ceil(place.x1)), int(math.ceil(place.y1))
        crop = np.ascontiguousarray(upright[y0:y1, x0:x1])
        if not todo or min(crop.shape[:2]) < 4:
            continue
        # A near miss is read as it is: it was not taken for a mosaic's cells.
        variants = [crop] if unsure else _variants(crop, line.quad.height, s)
        rels = []
        for probs in _probabilities(variants):
            logp = np.log(np.maximum(probs, 1e-12))
            rels.append(logp - logp.max(axis=1, keepdims=True))
        for kind, text in todo:
            for rel in rels:
                rng = np.random.default_rng(0)  # the same decoys every run
                got = _spot_target(rel, text, rng, s)
                span = None
                if got.margin >= s.min_margin and got.shortfall <= s.max_shortfall:
                    label = np.array([_char_index()[c] for c in text], np.int64)
                    _, t0, t1 = spot_span(rel, label)
                    a, b = frames_to_x((t0, t1), rel.shape[0], crop.shape[:2])
                    span = (x0 + a, x0 + b)
                if _reads(got, kind, line, place, s, span, unsure, beside):
                    box = unturn_quad(Quad.from_bbox(place), k, w, h).bbox
                    found.append((box, kind, got, unsure))
                    break
    return found
