"""Hand-signed names next to a signature label (签名, 签字, 本人签字, 申报人签字).

OCR rarely reads handwriting as the name, so the signature is found by place, not by text: the
ink to the right of (or, failing that, below) the applicant's signature label.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from redactor.detect.lexicon import begins_word
from redactor.detect.match import is_han, normalise
from redactor.detect.text import turn_lines, unturn_quad
from redactor.types import NAME, SIGNATURE, BBox, Finding, Quad, TextLine

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
# A form field's label: a few CJK characters, then a colon (性别：, 出生年月:).
_FIELD_LABEL = re.compile(r"[\u4e00-\u9fff]{1,8}\s*[:：]")
# What OCR may read at a line's start that belongs to the label before it: its colon, spaces.
_LEADING_MARKS = " :："
# Printed text that shares a row with a signature but is not it.
_PRINTED = re.compile(r"(日期|年|月|日|\d)")


_APPLICANT = ("本人", "申报人", "申请人", "填表人", "承诺人", "报告人", "个人")
# What may follow a label before the field starts: a note in brackets (签章（公章）,
# 申请人（签字）：), a colon, spaces.
_LABEL_TAIL = re.compile(r"[\s:：]*(?:[（(][^（()）]{0,6}[)）])?[\s:：)）]*")
# The rest of a bracketed note a label stands in (承诺人（签字并按手印）：): print up to its close.
_NOTE_REST = re.compile(r"[^（()）]{0,8}[)）][\s:：]*")


@dataclass(frozen=True)
class SignatureSettings:
    """When ink next to a label is a signature (sizes in text heights of the label)."""

    # A stroke that can start a signature is at least this tall and this wide: underlines,
    # dotted leaders, table and box borders and scanner specks are thinner or smaller, so an
    # empty field adds no region.
    seed_min_height: float = 0.35
    seed_min_width: float = 0.15
    # ... and such strokes together hold at least this much ink (in squared text heights).
    seed_min_ink: float = 0.12
    # A stroke whose pixels lie within this distance (text heights; at least 1.5 px) of a
    # straight line is a rule, even slanted by a phone photo's perspective: not a seed.
    straight_spread: float = 0.08
    # Ruled lines (table borders, underlines) are taken out of the window before strokes are
    # judged, also when a phone photo's perspective slants them: straight segments at least this
    # long (text heights) within rule_max_angle degrees of the page's axes. A slanted table rule
    # left in joined the cell's vertical rule into one bent stroke that started a "signature" in
    # an empty cell (issue 10, item 7); handwriting has no straight stroke that long.
    rule_min_length: float = 2.5
    rule_max_angle: float = 10.0
    # Those segments are looked for in the window grown by this many text heights each way:
    # a cell's border crossing a window about two text heights tall is shorter there than
    # rule_min_length, and on a tilted scan its steps joined the row's rules' into bent
    # strokes taken for a hand in a masked 姓名 cell (main bench 2321 010_ocr_layer).
    rule_context: float = 1.5
    # A rule broken into dots up to this many px apart (a 1-bit page's dithering: 2221
    # 006_bilevel's cell rule beside a masked 姓名 value was taken for a hand) is still a rule.
    rule_gap: int = 2
    # An OCR line is print on another row than the label's when its centre is this many label
    # heights (its box's) from the label's and its text is less than this many label text
    # heights tall: handwriting is written bigger than print, so a taller line may hold it.
    other_row_offset: float = 0.8
    print_max_height: float = 1.6
    # A label that runs on into print is a word of a sentence, not a field: 自签字盖章之日起生效
    # (a contract's clause, a 承诺书's 经本人签字后生效). When at least this many characters
    # right after the label (and its note and colon) are Han characters read at least this
    # surely, the label is none. A probe page of such clauses had the rest of every line masked
    # as a signature; handwriting OCR reads into the label's line scores lower.
    running_text_chars: int = 4
    running_text_score: float = 0.9
    # Ink is this many grey levels darker than the paper, the window's lightest tenth unless a
    # fill lighter than the paper takes that tenth: white-out on a grey scan (bench.verify seed
    # 105 r025: paper 193, the white-out 255 on 20% of the window, so the paper itself was ink
    # and a printed date beside the covered field a "signature"). The paper is then the
    # commonest level at least ``paper_floor`` (binned by ``paper_bin``; black fills are darker),
    # and the lightest tenth of the levels within a bin of it, when that is at least
    # ``light_fill`` levels darker than the window's lightest tenth (a paper's own shading is
    # not so far from it).
    # A bare 签名 (no colon, no note, no 本人/申报人 before it) on a row with at least this
    # many other words of print about its size, none a date or a number, heads a table's column
    # (a sign-in sheet's 序号 | 签名 | 单位 | 职务): the signatures under it are everyone's, and
    # the next header word right of it is print. A probe's sign-in sheet had its 单位 header
    # masked as the applicant's signature. Row and size as for the other-row test above; a
    # word of the row is print when OCR reads it this surely.
    header_row_words: int = 2
    header_height_tolerance: float = 0.3
    header_word_score: float = 0.9
    ink_below_paper: float = 60.0
    paper_floor: int = 100
    paper_bin: int = 8
    light_fill: float = 30.0
    # A solid fill (a mask's box over a value, on the output verify and mask's self-check read)
    # is no stroke: a piece of ink at least ``fill_min_side`` text heights on each side that
    # fills ``fill_hull`` of its convex hull (a box at any angle; a hand's strokes fill far
    # less) is taken out with ``fill_halo`` px round it (JPEG's and dithering's ringing). The
    # rule finder cut a fill apart before (its rows are long runs), and the fill's leftover
    # edge with a 1-bit page's dotted rule beside it was taken for a hand (2221 006_bilevel).
    fill_min_side: float = 0.6
    fill_hull: float = 0.9
    fill_halo: int = 2


SETTINGS = SignatureSettings()


def _label_spans(line: TextLine) -> list[tuple[int, int, bool]]:
    """Signature labels in ``line``: (start, end, said_applicant) as indices into line.chars.

    ``said_applicant`` is true when the label itself names the applicant (本人签字, 申报人签名);
    labels naming someone else (审核人签字) are dropped here.
    """
    raw = line.text
    norm_chars = [(i, c) for i, ch in enumerate(raw) for c in normalise(ch)]
    norm = "".join(c for _, c in norm_chars)
    spans = []
    for m in _LABEL.finditer(norm):
        prefix = norm[max(0, m.start() - 6) : m.start()]
        if any(o in prefix for o in _OTHERS):
            continue
        start, end = norm_chars[m.start()][0], norm_chars[m.end() - 1][0] + 1
        # Take a following note and colon into the label so the search starts after them; a
        # label inside a note takes the rest of the note (probes round 17's pledge: 并按手印）
        # after 签字 was taken for handwriting, and verify failed the masked page).
        inside = _in_open_note(raw, start)
        tail = (_NOTE_REST if inside else _LABEL_TAIL).match(raw, end)
        # A label with a note, a colon or a gap after it is a field's; one running straight
        # on into sure print is a word of a sentence.
        if (not tail or tail.end() == end) and _runs_on_as_print(line, end):
            continue
        end = tail.end() if tail else end
        spans.append((start, end, any(a in prefix for a in _APPLICANT)))
    return spans


def _in_open_note(raw: str, start: int) -> bool:
    """Whether ``raw[start]`` lies inside a bracket opened before it on the line and not closed."""
    before = raw[:start]
    opened = max(before.rfind("（"), before.rfind("("))
    return opened >= 0 and opened > max(before.rfind("）"), before.rfind(")"))


def _runs_on_as_print(line: TextLine, end: int, settings: SignatureSettings = SETTINGS) -> bool:
    """Whether the characters of ``line`` from ``end`` go on as a sentence in sure print (see
    SignatureSettings.running_text_chars): the label before them is a word, not a field. A
    shorter run, ended by punctuation or by the line's end where the sentence wraps
    (经本人签字确认后，), counts when it begins a word of jieba's dictionary (确认, 盖章)."""
    run: list[str] = []
    for c in line.chars[end : end + settings.running_text_chars]:
        if not (is_han(c.text) and c.score >= settings.running_text_score):
            break
        run.append(c.text)
    if len(run) == settings.running_text_chars:
        return True
    stop = end + len(run)
    ended = stop == len(line.chars) or not line.chars[stop].text.strip().isalnum()
    return len(run) >= 2 and ended and begins_word("".join(run))


def _someone_elses_row(lines: list[TextLine], label: BBox) -> bool:
    """Whether a row heading left of a bare 签名 names someone else (主管领导评语 ... 签名：)."""
    h = label.height
    for line in lines:
        b = line.quad.bbox
        if b.x1 <= label.x0 and abs(b.cy - label.cy) < 2.5 * h:
            text = normalise(line.text)
            if any(o in text for o in _OTHERS) and not any(a in text for a in _APPLICANT):
                return True
    return False


def _heads_a_column(
    lines: list[TextLine],
    label_line: TextLine,
    label_end: int,
    label: BBox,
    settings: SignatureSettings = SETTINGS,
) -> bool:
    """Whether a bare label is a table's column header (see SignatureSettings.header_row_words):
    nothing follows it on its line, and its row holds other sure words of print of its size."""
    if label_line.text[label_end:].strip() or label_line.text.rstrip().endswith((":", "：")):
        return False
    h = label.height
    words = 0
    for line in lines:
        if line is label_line:
            continue
        b = line.quad.bbox
        text = line.text.strip()
        if (
            text
            and abs(b.cy - label.cy) <= settings.other_row_offset * h
            and abs(line.quad.height - h) <= settings.header_height_tolerance * h
            and line.score >= settings.header_word_score
            and not _PRINTED.search(text)
            and all(is_han(c) for c in text)
        ):
            words += 1
    return words >= settings.header_row_words


def _paper_grey(gray: np.ndarray, settings: SignatureSettings = SETTINGS) -> float:
    """The paper's grey level in a signature window (see SignatureSettings.ink_below_paper)."""
    lightest = float(np.percentile(gray, 90))
    levels = gray[gray >= settings.paper_floor]
    if levels.size == 0:
        return lightest
    bins = np.bincount(levels.astype(np.int64) // settings.paper_bin)
    mode = (int(bins.argmax()) + 0.5) * settings.paper_bin
    near = levels[np.abs(levels.astype(np.float32) - mode) <= settings.paper_bin]
    paper = float(np.percentile(near, 90))
    return paper if paper <= lightest - settings.light_fill else lightest


def _ink_box(
    gray: np.ndarray,
    exclude: list[BBox],
    origin: tuple[int, int],
    band: tuple[float, float],
    text_height: float,
    settings: SignatureSettings = SETTINGS,
    slanted: np.ndarray | None = None,
) -> BBox | None:
    """Bounding box of handwriting-like ink in ``gray`` (a window at ``origin`` of the page).

    Ruled lines are removed first. Strokes that reach into ``band`` (the page y range of the
    label's row) seed the signature, and strokes touching it are added until none is left: the
    tops and tails of handwriting leave the row, while print on the rows above and below does
    not join. Components mostly inside printed text (``exclude``) are print; whole components
    are judged, not pixels, because handwriting often crosses the label's colon. Only strokes
    of a handwriting's size start a signature (see SignatureSettings): an empty field's rules,
    leaders and specks add nothing. ``slanted``: the slanted rules over the window, found
    around it by ``_window_rules`` (in the window itself when None).
    """
    if gray.size == 0:
        return None
    bg = _paper_grey(gray, settings)
    ink = (gray < bg - settings.ink_below_paper).astype(np.uint8) * 255
    ox, oy = origin
    h, w = ink.shape
    ink = cv2.subtract(ink, solid_fills(ink, text_height, settings))
    # Ruled lines of forms (table borders, underlines for the signature) are long and thin.
    ink = without_rules(ink, text_height, settings, slanted)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    local = [BBox(e.x0 - ox, e.y0 - oy, e.x1 - ox, e.y1 - oy) for e in exclude]
    comps: list[BBox] = []
    straight: set[BBox] = set()
    h = text_height
    for label, (x, y, bw, bh, area) in enumerate(stats[1:], start=1):
        c = BBox(x, y, x + bw, y + bh)
        if (
            area >= 6
            and max(bw, bh) >= 3
            and not any(c.intersection(e).area > 0.6 * c.area for e in local)
        ):
            comps.append(c)
            spread = max(1.5, settings.straight_spread * h)
            if _spread(labels[y : y + bh, x : x + bw] == label) < spread:
                straight.add(c)
    top, bottom = band[0] - oy, band[1] - oy
    seeds = [
        c
        for c in comps
        if c.y0 < bottom
        and c.y1 > top
        and c.height >= settings.seed_min_height * h
        and c.width >= settings.seed_min_width * h
        and c not in straight
    ]
    if not seeds or sum(c.area for c in seeds) < max(40.0, settings.seed_min_ink * h * h):
        return None
    box = seeds[0]
    for c in seeds[1:]:
        box = box.union(c)
    reach = max(3.0, 0.15 * (bottom - top))
    grown = True
    while grown:
        grown = False
        near = box.expand(reach)
        for c in comps:
            inter = near.intersection(c)
            if inter.width > 0 and inter.height > 0 and box.union(c) != box:
                box = box.union(c)
                grown = True
    return BBox(box.x0 + ox, box.y0 + oy, box.x1 + ox, box.y1 + oy)


def solid_fills(
    ink: np.ndarray, text_height: float, settings: SignatureSettings = SETTINGS
) -> np.ndarray:
    """The solid fills among ``ink``'s pieces (see SignatureSettings.fill_min_side), grown by
    ``fill_halo``, as a 0/255 mask of ``ink``'s shape."""
    out = np.zeros_like(ink)
    side = settings.fill_min_side * text_height
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    for k in range(1, count):
        x, y, bw, bh, _ = stats[k]
        if min(bw, bh) < side:
            continue
        piece = labels[y : y + bh, x : x + bw] == k
        if fills_hull(piece, settings.fill_hull):
            out[y : y + bh, x : x + bw][piece] = 255
    if out.any() and settings.fill_halo:
        size = 2 * settings.fill_halo + 1
        out = cv2.dilate(out, np.ones((size, size), np.uint8))
    return out


def fills_hull(piece: np.ndarray, share: float) -> bool:
    """Whether the pixels of ``piece`` fill at least ``share`` of their convex hull."""
    points = cv2.findNonZero(piece.astype(np.uint8))
    hull = cv2.contourArea(cv2.convexHull(points)) if points is not None else 0.0
    return hull > 0 and int(piece.sum()) >= share * hull


def without_rules(
    ink: np.ndarray,
    text_height: float,
    settings: SignatureSettings = SETTINGS,
    slanted: np.ndarray | None = None,
) -> np.ndarray:
    """``ink`` with its ruled lines taken out: long horizontal and vertical runs, and long
    straight segments a little off the axes (a phone photo's perspective slants a table's rules,
    which then break into steps that the openings miss)."""
    h, w = ink.shape
    gap = settings.rule_gap + 1
    for kernel, bridge in (((max(15, w // 3), 1), (gap, 1)), ((1, max(15, h // 2)), (1, gap))):
        # a rule printed as dots (a 1-bit page's dithering) is bridged along itself first
        dots = cv2.morphologyEx(
            ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge)
        )
        lines = cv2.morphologyEx(
            dots, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
        )
        ink = cv2.subtract(ink, cv2.dilate(lines, np.ones((3, 3), np.uint8)))
    if slanted is None:
        slanted = slanted_rules(ink, text_height, settings)
    return cv2.subtract(ink, slanted)


def slanted_rules(
    ink: np.ndarray, text_height: float, settings: SignatureSettings = SETTINGS
) -> np.ndarray:
    """Straight segments of ``ink`` at least ``rule_min_length`` text heights long within
    ``rule_max_angle`` degrees of the axes, drawn 3 px wide and grown by 1 px."""
    length = max(15, int(settings.rule_min_length * text_height))
    segments = cv2.HoughLinesP(
        ink, 1, np.pi / 360, threshold=int(0.8 * length), minLineLength=length, maxLineGap=2
    )
    rules = np.zeros_like(ink)
    for x0, y0, x1, y1 in segments.reshape(-1, 4) if segments is not None else ():
        angle = abs(np.degrees(np.arctan2(y1 - y0, x1 - x0))) % 90
        if min(angle, 90 - angle) <= settings.rule_max_angle:
            cv2.line(rules, (int(x0), int(y0)), (int(x1), int(y1)), 255, 3)
    return cv2.dilate(rules, np.ones((3, 3), np.uint8))


def _window_rules(
    gray: np.ndarray,
    window: tuple[int, int, int, int],
    text_height: float,
    settings: SignatureSettings = SETTINGS,
) -> np.ndarray:
    """The slanted rules over ``window`` (x0, y0, x1, y1 of the page ``gray``), looked for in
    the window grown by ``rule_context`` text heights, with the window's paper level."""
    ph, pw = gray.shape[:2]
    x0, y0, x1, y1 = window
    grow = int(settings.rule_context * text_height)
    cx0, cy0 = max(0, x0 - grow), max(0, y0 - grow)
    cx1, cy1 = min(pw, x1 + grow), min(ph, y1 + grow)
    bg = _paper_grey(gray[y0:y1, x0:x1], settings)
    ink = (gray[cy0:cy1, cx0:cx1] < bg - settings.ink_below_paper).astype(np.uint8) * 255
    rules = slanted_rules(ink, text_height, settings)
    return rules[y0 - cy0 : y1 - cy0, x0 - cx0 : x1 - cx0]


def _spread(pixels: np.ndarray) -> float:
    """How far a component's pixels lie from their best straight line (RMS, in pixels)."""
    ys, xs = np.nonzero(pixels)
    if len(xs) < 3:
        return 0.0
    cov = np.cov(np.stack([xs, ys]).astype(np.float64))
    return float(np.sqrt(max(0.0, np.linalg.eigvalsh(cov)[0])))


def find_signatures(lines: list[TextLine], image: np.ndarray, rotation: int = 0) -> list[Finding]:
    """Ink right of (or below) each applicant signature label, as ``signature`` findings.

    "Right of" is in reading order: a page that lies sideways (``rotation``, from OCR) is
    searched turned upright, and what is found is mapped back to the page as it is.
    """
    return in_reading_order(_find_upright, lines, image, rotation)


def in_reading_order(
    find_upright: Callable[[list[TextLine], np.ndarray], list[Finding]],
    lines: list[TextLine],
    image: np.ndarray,
    rotation: int,
) -> list[Finding]:
    """``find_upright`` run on the page turned to read upright (``rotation``, from OCR), its
    findings mapped back to the page as it is."""
    k = (rotation // 90) % 4
    if k == 0:
        return find_upright(lines, image)
    h, w = image.shape[:2]
    turned = np.ascontiguousarray(np.rot90(image, k))
    found = find_upright(turn_lines(lines, k, w, h), turned)
    return [replace(f, quad=unturn_quad(f.quad, k, w, h)) for f in found]


@dataclass(frozen=True)
class SignatureField:
    """Where an applicant's signature is looked for beside one label (upright page pixels):
    the windows right of and below the label, each with the band of rows a signature's strokes
    reach into, and the print in them that is not a signature."""

    line: TextLine
    label: BBox
    height: float  # the label's text height (at least 8 px)
    windows: tuple[tuple[BBox, tuple[float, float]], ...]  # (window, seed band), right first
    exclude: tuple[BBox, ...]


def signature_fields(lines: list[TextLine], width: int) -> list[SignatureField]:
    """The applicant's signature fields of an upright page ``width`` pixels wide: one per
    applicant signature label (see _label_spans), labels of someone else's row left out."""
    fields = []
    for line in lines:
        for start, end, said_applicant in _label_spans(line):
            # The label's box ends at its last glyph: a gap OCR read as a space may reach into
            # the handwriting that follows.
            last = end - 1
            while last > start and not line.chars[last].text.strip():
                last -= 1
            label_quad = Quad.span(line.chars[start].quad, line.chars[last].quad)
            lb = label_quad.bbox
            if not said_applicant and (
                _someone_elses_row(lines, lb) or _heads_a_column(lines, line, end, lb)
            ):
                continue
            h = max(label_quad.height, 8.0)
            # Signatures are written bigger than print and often sit a little high or low.
            right = BBox(lb.x1 - h, lb.cy - 1.5 * h, min(width, lb.x1 + 9 * h), lb.cy + 1.5 * h)
            below = BBox(lb.x0 - 1 * h, lb.y1, min(width, lb.x1 + 6 * h), lb.y1 + 3 * h)
            bands = ((lb.cy - 0.5 * h, lb.cy + 0.5 * h), (lb.y1 + 0.3 * h, lb.y1 + 2.5 * h))
            exclude = tuple(_printed_boxes(lines, line, last + 1, end, lb, h))
            windows = tuple(zip((right, below), bands, strict=True))
            fields.append(SignatureField(line, lb, h, windows, exclude))
    return _read_once(fields)


def _read_once(fields: list[SignatureField], share: float = 0.5) -> list[SignatureField]:
    """``fields`` less those whose label is another field's read again by OCR (their label
    boxes overlapping by ``share`` of the smaller), the longer line's kept: probes round 17's
    pledge read 承诺人（签字并按手印）： alone and again with the hand's 王伟 after it; the field
    of the label read alone took the other read's box, hand and all, for print, searched on
    below the label and masked a thumbprint over the date as handwriting."""
    kept: list[SignatureField] = []
    for f in sorted(fields, key=lambda f: -len(f.line.chars)):
        if not any(
            f.label.intersection(k.label).area > share * min(f.label.area, k.label.area)
            for k in kept
        ):
            kept.append(f)
    return [f for f in fields if any(f is k for k in kept)]


def _find_upright(lines: list[TextLine], image: np.ndarray) -> list[Finding]:
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    ph, pw = gray.shape[:2]
    findings: list[Finding] = []
    for field in signature_fields(lines, pw):
        for window, band in field.windows:
            w = window.clip(pw, ph)
            x0, y0, x1, y1 = int(w.x0), int(w.y0), int(w.x1), int(w.y1)
            if x1 - x0 < 4 or y1 - y0 < 4:
                continue
            slanted = _window_rules(gray, (x0, y0, x1, y1), field.height)
            crop = gray[y0:y1, x0:x1]
            box = _ink_box(crop, list(field.exclude), (x0, y0), band, field.height, slanted=slanted)
            if box is not None:
                text = _text_inside(lines, box)
                findings.append(
                    Finding(SIGNATURE, Quad.from_bbox(box), 0.8, field.line.source, text)
                )
                break
    return findings


def _printed_boxes(
    lines: list[TextLine],
    label_line: TextLine,
    glyphs_end: int,
    label_end: int,
    label: BBox,
    label_height: float,
    settings: SignatureSettings = SETTINGS,
) -> list[BBox]:
    """Boxes of printed text near a label that is not a signature: the label itself, dates,
    other labels, and text whose line sits on another row (``label_height``: the label's text
    height). Handwriting OCR'd as words on the label's row is not excluded: it is what we are
    after."""
    chars = label_line.chars
    boxes = [Quad.span(chars[0].quad, chars[glyphs_end - 1].quad).bbox]
    # Rules typed on the label's line (______, ……, a bracketed note) are print too; words OCR
    # read there may be the handwriting.
    boxes += [
        c.quad.bbox for c in label_line.chars[label_end:] if c.text.strip() and not c.text.isalnum()
    ]
    for line in lines:
        if line is label_line:
            continue
        # A colon OCR read at the start of a line is the label's own, read with the ink after
        # it (a born-digital page's signature picture is read with the label's colon beside
        # it: "：王伟"); it makes the line no other label.
        text = line.text.lstrip(_LEADING_MARKS)
        b = line.quad.bbox
        # Sizes are text heights (the quads'), not the boxes': a long printed line on a tilted
        # page has a box twice its text's height, and must not pass for big handwriting.
        other_row = (
            abs(b.cy - label.cy) > settings.other_row_offset * label.height
            and line.quad.height < settings.print_max_height * label_height
        )
        if (
            other_row
            or _PRINTED.search(text)
            or "：" in text
            or ":" in text
            or _LABEL.search(normalise(text))
        ):
            boxes.append(b)
    return boxes


def is_printed(text: str) -> bool:
    """Whether OCR text near a signature field is print (a date, a number, 日期), not the
    handwriting: OCR reads a handwritten name as characters, not as a date."""
    return bool(_PRINTED.search(text))


def _text_inside(lines: list[TextLine], box: BBox) -> str:
    parts = []
    for line in lines:
        b = line.quad.bbox
        inter = b.intersection(box)
        if inter.area > 0.5 * max(b.area, 1):
            parts.append(line.text.strip())
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class NameFieldSettings:
    """Where a hand-written name in the applicant's own 姓名 field is looked for.

    On the applicant's own form the value of a bare 姓名 field is the applicant's name by
    definition; OCR reads handwriting poorly, so the matcher may miss it. The value is right of
    the label (姓名 | value) or, where the label heads a column of a header row (姓名 | 性别 |
    出生年月), in the cell below it. Sizes are in text heights of the label.
    """

    # Labels (spaces already dropped by normalise) whose value is the applicant's name: on
    # their own forms, and at the foot of the pledge (诚信承诺书: 承诺人) and the duty report
    # (述职报告: 述职人) every application holds, signed by hand (probes round 16: a hurried
    # hand after 承诺人：, 承 诺 人： or 述职人： was left readable). 报告人 is not: a
    # seminar's notice names its speaker so.
    labels: tuple[str, ...] = ("姓名", "申请人", "申报人", "承诺人", "述职人")
    # Words before a label that make it someone else's (推荐人姓名, 配偶姓名): their value stays
    # visible. The signature finder's list, and family and referees.
    others: tuple[str, ...] = (*_OTHERS, "评议", "联系人", "配偶", "父", "母", "子女", "导师")
    # A label's text height is taken as at least this many pixels.
    min_height_px: float = 8.0
    # How far right of the label the value may reach, when no print on the row stops it first.
    reach: float = 7.0
    # A line is on the label's row when it starts right of this much before the label's end and
    # its centre is within this many heights of the label's.
    row_overlap: float = 0.5
    row_tolerance: float = 0.8
    # Print that starts within this many heights of the label's end is the field's value (left
    # to the matcher); farther print (the next cell's label) ends the field this far before it.
    value_gap: float = 1.5
    stop_margin: float = 0.2
    # Where the value is a fill (mask's output), ink that starts further than this many
    # heights past the fill's end is the next field's print, cut by something OCR could not
    # read past (2431 020_eseal_header: the 工 of 工作单位, its 作单位 under the unit's e-seal,
    # failed verify as a hand); what a fill left of a hand starts at the fill's edge.
    past_fill: float = 0.3
    # The window right of the label starts this far past its end and reaches this far above
    # and below its centre; ink seeds the name within half a height of the label's centre.
    window_start: float = 0.1
    window_half_height: float = 1.2
    seed_half_height: float = 0.5
    # Lines whose centre is farther than this from the label's row are print of other rows.
    other_row: float = 1.0
    # An OCR line is print (not handwriting) when its text is as tall as the label's within
    # this share, its centre within this share of a height of the label's row, and OCR is sure.
    print_height_tolerance: float = 0.2
    print_row_tolerance: float = 0.2
    # ... plus this much per pixel along the row: a scanner's tilt (up to ~4 degrees) or a phone
    # photo's perspective moves print a cell away off the label's row.
    print_row_slope: float = 0.08
    print_min_score: float = 0.95
    # A row right of the label holding at least this many lines read surely is a header row:
    # print there is measured against the row's own print, not the label's box alone.
    header_row_lines: int = 3
    # A line that reads as the next field's label (性别：男: a few characters then a colon) is
    # print when OCR is this sure: no hand-written name holds a colon, and OCR reads a form's
    # print at 0.88-0.93 where one character is unsure (性別：男, right of a fill in the 姓名
    # field of a masked page, was taken for the name's ink: verify failed the page).
    field_label_min_score: float = 0.6
    # The cell below a header: from this far under the label's box down this far (heights of
    # the label's OCR box: a table row of print is about 1.7 of them; handwriting is bigger than
    # print and sits high or low), with seeds from ``below_seed`` to ``below_seed_end`` under
    # it: the row after (its print at 2.3 and more) stays out. Sideways it reaches halfway to
    # the neighbouring headers, or this far past the label's ends when there is none.
    below_start: float = 0.2
    below_depth: float = 2.2
    below_seed: float = 0.5
    below_seed_end: float = 1.8
    below_reach: float = 7.0
    # A column of labels (申请人 / 所在部门, an app's key-value list whose values sit far right):
    # the line under the label starting within this many heights of its start, of its height,
    # with at least this many Han characters, is the next label, print (所在部门 read 所在部内 at
    # 0.88 was masked as the applicant's hand-written name).
    column_align: float = 0.3
    column_label_chars: int = 3
    # The same for a value right of the label: print on at least this many other rows starts
    # where it starts (a column of values).
    column_rows: int = 2
    # ... and the line is of the column's size within this share: a hand written into the
    # field's cell starts where the column's print starts but is bigger (probes round 22's
    # p11 on a copy: the scrawled correction and the struck print read as one line 马, twice
    # the column's height, was taken for its print and the hand left in view).
    column_height_tolerance: float = 0.35
    # A value set in two lines in a narrow cell (欧阳 / 振华): two lines of print, one over the
    # other (overlapping by this share of the narrower, at most this many heights apart), whose
    # pair is centred on the label's row (print_row_tolerance) is print on the row.
    stack_overlap: float = 0.5
    stack_gap: float = 0.5
    # Running text across the cell under a label (a line of at least this many characters,
    # read this surely) is print: the cell holds the next row's text, not a hand. OCR's box of
    # a long line is lower than a two-glyph label's, so such a line is not "print of the
    # label's size", and a form's running text under 姓名 was masked as the applicant's hand.
    running_text_chars: int = 8
    running_text_score: float = 0.9
    # A printed value struck through (a typo crossed out, the right name written by hand over
    # it: probes round 22's p11, 马小燕 struck and 马晓燕 scrawled above, OCR reading neither as
    # the name) is no longer the field's value: the hand is, and the struck print, a misspelling
    # of the applicant's name in their own field, goes under the same fill. A strike is a stroke
    # along the line: in the middle ``strike_band`` of its OCR box's height (an underline runs
    # lower), rows merged over ``strike_rows`` of it (a hand's line slants), a run of ink at
    # least ``strike_min_heights`` of it long. A glyph is about 0.65 of its OCR box wide and
    # its own strokes stop at the gaps between glyphs; a strike over two glyphs is 1.2 long.
    # (The print's own extent is no measure: OCR's box takes in the hand written over it.)
    strike_band: tuple[float, float] = (0.2, 0.8)
    strike_rows: float = 0.12
    strike_min_heights: float = 1.1
    # The finding's score: a field's ink, not a read name.
    score: float = 0.7


NAME_FIELD = NameFieldSettings()
_FIELD_DETAIL = {"field": "hand-written ink in the applicant's 姓名 field"}


def find_handwritten_names(
    lines: list[TextLine], image: np.ndarray, rotation: int = 0
) -> list[Finding]:
    """Ink in the applicant's bare 姓名 field (right of its label, or under it when it heads a
    column) that OCR did not read as print, as ``name`` findings. Print there is left to the
    matcher: the applicant's printed name is already masked by it, someone else's stays
    visible (a member table's names under its 姓名 header)."""
    if not any(label in normalise(line.text) for line in lines for label in NAME_FIELD.labels):
        return []  # the common page: no work
    return in_reading_order(_names_upright, lines, image, rotation)


def _bare_name_label(line: TextLine, settings: NameFieldSettings = NAME_FIELD) -> bool:
    """Whether ``line`` is only an applicant's name label (姓名, 姓 名, 申报人：), no value."""
    text = re.sub(r"[\s:：]", "", normalise(line.text))
    return text in settings.labels


def _is_print(line: TextLine, label: TextLine, settings: NameFieldSettings = NAME_FIELD) -> bool:
    """Whether OCR read ``line`` as clear print of the label's size on the label's row:
    handwriting is bigger or smaller, slanted and off the row's middle."""
    h = max(label.quad.height, 1.0)
    return _print_sized(line, label, settings) and abs(
        line.quad.bbox.cy - label.quad.bbox.cy
    ) <= settings.print_row_tolerance * h + settings.print_row_slope * abs(
        line.quad.bbox.cx - label.quad.bbox.cx
    )


def _print_sized(line: TextLine, label: TextLine, settings: NameFieldSettings) -> bool:
    """Whether OCR read ``line`` surely, as text of the label's height: print, not a hand
    (a field's label, 性别：, needs less sureness: see field_label_min_score)."""
    h = max(label.quad.height, 1.0)
    label_like = _FIELD_LABEL.search(line.text)
    min_score = settings.field_label_min_score if label_like else settings.print_min_score
    sized = abs(line.quad.height / h - 1) <= settings.print_height_tolerance
    return sized and line.score >= min_score


def _sized_as_the_rows_print(
    line: TextLine, row: list[TextLine], settings: NameFieldSettings
) -> bool:
    """Whether ``line`` is read surely at the height of the print on the label's row, where at
    least ``header_row_lines`` lines of it are read surely: a table's header row, whose label's
    own OCR box may have run into the cell under it (probes round 18: a spreadsheet's 姓名
    header, its box grown over 李强 below to 1.3 of 工作单位's, took 工作单位 and the unit
    under it for the applicant's hand)."""
    sure = [other for other in row if other.score >= settings.print_min_score]
    if line not in sure or len(sure) < settings.header_row_lines:
        return False
    h = float(np.median([other.quad.height for other in sure]))
    centre = float(np.median([other.quad.bbox.cy for other in sure]))
    return (
        abs(line.quad.height / h - 1) <= settings.print_height_tolerance
        and abs(line.quad.bbox.cy - centre) <= settings.print_row_tolerance * h
    )


def _names_upright(
    lines: list[TextLine], image: np.ndarray, settings: NameFieldSettings = NAME_FIELD
) -> list[Finding]:
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    findings: list[Finding] = []
    for label in lines:
        lb = label.quad.bbox
        # A label OCR read as a column (taller than wide) is a turned header, a spreadsheet's
        # header row turned 90 degrees: its box's height is its length, not its text's height.
        if not _bare_name_label(label, settings) or lb.height > lb.width:
            continue
        if _someone_elses_label(lines, lb, settings):
            continue
        row = sorted(
            (line for line in lines if line is not label and _on_row(line, label, settings)),
            key=lambda line: line.quad.bbox.x0,
        )
        printed = [
            line
            for line in row
            if _is_print(line, label, settings)
            or _sized_as_the_rows_print(line, row, settings)
            or _in_value_column(line, lines, label, settings)
            or _stacked_value(line, lines, label, settings)
        ]
        fill = _filled_value_right(label, gray, settings)
        # Read surely or not (a strike lowers OCR's score), struck lines are no print.
        struck = [
            line
            for line in row
            if _within_reach(line, label, settings)
            and _struck_through(line, gray, settings)
            and not _the_fill_read(line, fill, label, settings)
        ]
        printed = [line for line in printed if line not in struck]
        box = _value_right(lines, label, printed, gray, settings, struck)
        for line in struck:
            box = line.quad.bbox if box is None else box.union(line.quad.bbox)
        # Ink past the masked value is the next field's, unless it starts at the fill's edge
        # (a hand the fill left half visible).
        past = fill is not None and box is not None
        if past and box.x0 > fill + settings.past_fill * _height(label, settings):
            box = None
        # Nothing right of the label, and no printed value next to it: a header over a column.
        # A fill next to it is the value, masked (mask's output): the label heads no column.
        if box is None and (not printed or _far(printed[0], label, settings)) and fill is None:
            box = _value_below(lines, label, gray, settings)
        if box is not None:
            text = _text_inside(lines, box)
            findings.append(
                Finding(
                    NAME,
                    Quad.from_bbox(box),
                    settings.score,
                    label.source,
                    text,
                    detail=dict(_FIELD_DETAIL),
                )
            )
    return findings


def _the_fill_read(
    line: TextLine, fill: float | None, label: TextLine, settings: NameFieldSettings
) -> bool:
    """Whether ``line`` is the field's fill read as a glyph (■): no letter or Han glyph in it,
    and it ends where the fill next to the label does (``fill``: _filled_value_right). Its fill
    runs through its middle like a strike: read in float32, a masked 李娜's fill came out as ■,
    "struck", and the masked field was taken for a hand over struck print."""
    if fill is None or any(ch.isalnum() for ch in line.text):
        return False
    return line.quad.bbox.x1 <= fill + settings.past_fill * _height(label, settings)


def _within_reach(line: TextLine, label: TextLine, settings: NameFieldSettings) -> bool:
    """Whether ``line`` starts within the field's reach right of the label."""
    return line.quad.bbox.x0 < label.quad.bbox.x1 + settings.reach * _height(label, settings)


def _struck_through(line: TextLine, gray: np.ndarray, settings: NameFieldSettings) -> bool:
    """Whether a stroke runs along ``line``'s print through its middle (see strike_band)."""
    ph, pw = gray.shape[:2]
    b = line.quad.bbox.clip(pw, ph)
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(b.x1), int(b.y1)
    h = y1 - y0
    if h < 4 or x1 - x0 < settings.strike_min_heights * h:
        return False
    part = gray[y0:y1, x0:x1]
    ink = part < _paper_grey(part) - SETTINGS.ink_below_paper
    top, bottom = (int(round(f * h)) for f in settings.strike_band)
    rows = max(1, int(round(settings.strike_rows * h)))
    band = cv2.dilate(ink[top:bottom].astype(np.uint8), np.ones((rows, 1), np.uint8)) > 0
    return _longest_run(band) >= settings.strike_min_heights * h


def _longest_run(mask: np.ndarray) -> int:
    """The longest run of True along any row of ``mask``. (seals.geometry has one per row;
    importing it here would load the seal search on pages that never look for seals.)"""
    best = 0
    for row in mask:
        padded = np.concatenate(([0], row.astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(padded))
        if edges.size:
            best = max(best, int((edges[1::2] - edges[::2]).max()))
    return best


def _height(label: TextLine, settings: NameFieldSettings) -> float:
    return max(label.quad.height, settings.min_height_px)


def _on_row(line: TextLine, label: TextLine, settings: NameFieldSettings) -> bool:
    lb, h = label.quad.bbox, _height(label, settings)
    return (
        line.quad.bbox.x0 > lb.x1 - settings.row_overlap * h
        and abs(line.quad.bbox.cy - lb.cy) < settings.row_tolerance * h
    )


def _far(line: TextLine, label: TextLine, settings: NameFieldSettings) -> bool:
    """Whether print right of the label starts too far from it to be the field's value."""
    return line.quad.bbox.x0 >= label.quad.bbox.x1 + settings.value_gap * _height(label, settings)


def _value_right(
    lines: list[TextLine],
    label: TextLine,
    printed: list[TextLine],
    gray: np.ndarray,
    settings: NameFieldSettings,
    struck: Sequence[TextLine] = (),
) -> BBox | None:
    """Hand-written ink right of the label, up to the next print on its row (性别, the next
    cell's label); none when print right next to the label is the field's value. The ink of
    ``struck`` lines (print crossed out) is no print: a hand written over them joins it."""
    ph, pw = gray.shape[:2]
    lb, h = label.quad.bbox, _height(label, settings)
    x1 = min(pw, lb.x1 + settings.reach * h)
    if printed:
        if not _far(printed[0], label, settings):
            return None
        x1 = min(x1, printed[0].quad.bbox.x0 - settings.stop_margin * h)
    half = settings.window_half_height * h
    window = BBox(lb.x1 + settings.window_start * h, lb.cy - half, x1, lb.cy + half)
    exclude = [
        line.quad.bbox for line in lines if _is_print(line, label, settings) and line not in struck
    ]
    exclude += [
        line.quad.bbox for line in lines if abs(line.quad.bbox.cy - lb.cy) > settings.other_row * h
    ]
    seed = settings.seed_half_height * h
    return _ink_in(gray, window, exclude, (lb.cy - seed, lb.cy + seed), h)


def _filled_value_right(
    label: TextLine, gray: np.ndarray, settings: NameFieldSettings
) -> float | None:
    """Where a solid fill (``solid_fills``) that starts within ``value_gap`` heights right of
    the label, on its row, ends (page x): the field's value, masked; None when there is none.
    On a masked page the value no longer reads as print, and the cell below was searched as
    under a column's header: 本人 of the next line, read unsurely on a photographed monitor,
    was taken for a hand (2211 019_monitor)."""
    ph, pw = gray.shape[:2]
    lb, h = label.quad.bbox, _height(label, settings)
    half = settings.window_half_height * h
    window = BBox(lb.x1, lb.cy - half, lb.x1 + settings.reach * h, lb.cy + half).clip(pw, ph)
    x0, y0, x1, y1 = int(window.x0), int(window.y0), int(window.x1), int(window.y1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    part = gray[y0:y1, x0:x1]
    ink = (part < _paper_grey(part) - SETTINGS.ink_below_paper).astype(np.uint8) * 255
    cols = np.nonzero(solid_fills(ink, h).any(axis=0))[0]
    if not cols.size or x0 + int(cols[0]) >= lb.x1 + settings.value_gap * h:
        return None
    breaks = np.nonzero(np.diff(cols) > 1)[0]  # the first fill's last column
    return float(x0 + int(cols[breaks[0]] if breaks.size else cols[-1]) + 1)


def _value_below(
    lines: list[TextLine], label: TextLine, gray: np.ndarray, settings: NameFieldSettings
) -> BBox | None:
    """Hand-written ink in the cell under a 姓名 header: between the neighbouring headers,
    about one table row deep. Print read there (a member table's names, the applicant's typed
    name) is the value and is left to the matcher: nothing is added."""
    lb, h = label.quad.bbox, _height(label, settings)
    heads = [line for line in lines if line is not label and _is_print(line, label, settings)]
    left = max((b.x1 for b in (x.quad.bbox for x in heads) if b.x1 <= lb.x0), default=None)
    right = min((b.x0 for b in (x.quad.bbox for x in heads) if b.x0 >= lb.x1), default=None)
    x0 = (left + lb.x0) / 2 if left is not None else lb.x0 - settings.below_reach * h
    x1 = (lb.x1 + right) / 2 if right is not None else lb.x1 + settings.below_reach * h
    window = BBox(x0, lb.y1 + settings.below_start * h, x1, lb.y1 + settings.below_depth * h)
    print_below = [
        line
        for line in lines
        if _print_sized(line, label, settings) or _next_label(line, label, settings)
    ]
    band = (lb.y1 + settings.below_seed * h, lb.y1 + settings.below_seed_end * h)
    if any(window.holds_centre_of(line.quad.bbox) for line in print_below) or any(
        _running_text_across(line, window, band, settings) for line in lines
    ):
        return None
    exclude = [label.quad.bbox] + [line.quad.bbox for line in print_below]
    return _ink_in(gray, window, exclude, band, h)


def _running_text_across(
    line: TextLine, window: BBox, band: tuple[float, float], settings: NameFieldSettings
) -> bool:
    """Whether ``line`` is running text (NameFieldSettings.running_text_chars) crossing the
    cell under a label: its middle in the seed band, overlapping the window sideways."""
    b = line.quad.bbox
    return (
        len(line.text.replace(" ", "")) >= settings.running_text_chars
        and line.score >= settings.running_text_score
        and band[0] <= b.cy <= band[1]
        and b.x0 < window.x1
        and b.x1 > window.x0
    )


def _in_value_column(
    line: TextLine, lines: list[TextLine], label: TextLine, settings: NameFieldSettings
) -> bool:
    """Whether ``line`` starts a column of print: other lines of its size on other rows start
    where it starts (an app's values 李强 / 医务科 / 已通过, far right of their labels). OCR read
    李强 there at 0.94, under print's sureness, and it was masked as a hand-written name; a
    hand does not keep to a column of print."""
    h = _height(label, settings)
    if line.score < settings.field_label_min_score:
        return False
    x0 = line.quad.bbox.x0
    column = [
        other
        for other in lines
        if other is not line
        and abs(other.quad.bbox.x0 - x0) <= settings.column_align * h
        and abs(other.quad.bbox.cy - line.quad.bbox.cy) > settings.other_row * h
        and _print_sized(other, label, settings)
    ]
    rows = {round(other.quad.bbox.cy / h) for other in column}
    if len(rows) < settings.column_rows:
        return False
    size = float(np.median([other.quad.height for other in column]))
    return abs(line.quad.height / size - 1) <= settings.column_height_tolerance


def _stacked_value(
    line: TextLine, lines: list[TextLine], label: TextLine, settings: NameFieldSettings
) -> bool:
    """Whether ``line`` is one of two lines of print set one over the other in the value's
    cell, the pair centred on the label's row (a narrow cell wraps 欧阳振华 into 欧阳 / 振华).
    Each line alone sits half a line off the row and was no print there, so the window ran
    past the value into the next cell and masked its label 性别, read at 0.93, as a hand."""
    if not _print_sized(line, label, settings):
        return False
    h, b, row = _height(label, settings), line.quad.bbox, label.quad.bbox.cy
    for other in lines:
        o = other.quad.bbox
        if other is line or not _print_sized(other, label, settings):
            continue
        overlap = min(b.x1, o.x1) - max(b.x0, o.x0)
        if (
            overlap >= settings.stack_overlap * min(b.width, o.width)
            and max(o.y0 - b.y1, b.y0 - o.y1) <= settings.stack_gap * h
            and abs((b.cy + o.cy) / 2 - row) <= settings.print_row_tolerance * h
        ):
            return True
    return False


def _next_label(line: TextLine, label: TextLine, settings: NameFieldSettings) -> bool:
    """Whether ``line`` is the next label of a column of labels the 姓名 label heads (申请人 /
    所在部门 of an app's key-value list, values far right): print of the label's height
    starting where it starts, read at least as surely as a field's label."""
    h = _height(label, settings)
    return (
        abs(line.quad.bbox.x0 - label.quad.bbox.x0) <= settings.column_align * h
        and abs(line.quad.height / h - 1) <= settings.print_height_tolerance
        and line.score >= settings.field_label_min_score
        and sum(is_han(c) for c in line.text) >= settings.column_label_chars
    )


def _ink_in(
    gray: np.ndarray, window: BBox, exclude: list[BBox], band: tuple[float, float], h: float
) -> BBox | None:
    """Handwriting-like ink (see _ink_box) in ``window`` of the page, seeded in ``band``."""
    ph, pw = gray.shape[:2]
    w = window.clip(pw, ph)
    x0, y0, x1, y1 = int(w.x0), int(w.y0), int(w.x1), int(w.y1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    slanted = _window_rules(gray, (x0, y0, x1, y1), h)
    return _ink_box(gray[y0:y1, x0:x1], exclude, (x0, y0), band, h, slanted=slanted)


def _someone_elses_label(
    lines: list[TextLine], label: BBox, settings: NameFieldSettings = NAME_FIELD
) -> bool:
    """Whether print just left of the label names someone else (推荐人 | 姓名 in two cells)."""
    h = label.height
    for line in lines:
        b = line.quad.bbox
        if (
            b.x1 <= label.x0 + 0.2 * h
            and label.x0 - b.x1 < 1.5 * h
            and abs(b.cy - label.cy) < 0.5 * h
        ) and any(o in normalise(line.text) for o in settings.others):
            return True
    return False
