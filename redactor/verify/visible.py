"""What a reader can still see on a submitted page: the name or unit read by OCR (or held by
the text layer and not covered), seals whose ink shows, faces whose eyes show, and the
applicant's signature. Detection is the mask pipeline's own; what is judged here is whether
each thing found is covered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from redactor.detect.arc_text import find_arc_text
from redactor.detect.codes import code_boxes, find_codes
from redactor.detect.face_geometry import Face
from redactor.detect.faces import faces_on_page
from redactor.detect.faint_print import faint_print_findings
from redactor.detect.identifiers import find_identifiers
from redactor.detect.lexicon import SETTINGS as LEXICON
from redactor.detect.lexicon import begins_word, is_follower_char, lexicon
from redactor.detect.match import find_identity, is_han, lines_below, read_on
from redactor.detect.paper import as_light_paper
from redactor.detect.seals import find_seals, seals_to_mask_for_unit
from redactor.detect.seals.policy import is_a_face
from redactor.detect.show_through import show_through_findings
from redactor.detect.signature import find_handwritten_names, find_signatures, is_printed
from redactor.detect.text import OcrResult, ocr_page, read_region
from redactor.detect.watermark import watermark_findings
from redactor.find import HANDWRITTEN_READ, MIN_CHARS_FOR_ORIENTATION, reading_rotation
from redactor.options import Identity, MaskOptions
from redactor.types import (
    EYES,
    NAME,
    SEAL,
    SIGNATURE,
    TEXT_LAYER,
    UNIT,
    BBox,
    Finding,
    Page,
    Quad,
    TextLine,
)
from redactor.verify.cover import (
    COVER,
    box_is_flat,
    edge_of_a_fill,
    fill_on_a_chip,
    holds_only_a_fill,
    is_fill,
    only_rules_and_fill_edges,
    partly_covered,
    polygon_flat_share,
    under_light_fill,
    weak_mosaics,
)
from redactor.verify.eyes import judge_eyes, too_small_to_judge
from redactor.verify.pieces import names_at_fills, split_unit_reasons, unit_ends_at_fills
from redactor.verify.readthrough import read_through
from redactor.verify.reasons import FAIL, WARN, Reason
from redactor.verify.sealblur import blurred_seals
from redactor.verify.sealmosaic import fine_seal_mosaics
from redactor.verify.signaturemosaic import fine_signature_mosaics


def _box(b: BBox) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = b.to_list()
    return (x0, y0, x1, y1)


@dataclass(frozen=True)
class LongerNameSettings:
    """When a name read on the page is as much the head of another person's whole name as the
    applicant's (issue 10, bench.verify seed 178 r003: 与吴敏红在博乐检查 on a page where the
    applicant 吴敏 is masked and 吴敏红, someone else, is not). The matcher leans to the
    applicant there, as mask should (an extra mask costs little); verify's fail would tell the
    user to mask a third person, so it warns instead."""

    # A surname and a one-character given name: with one more character it is a whole name
    # (张晓明红 is no name, so a longer match keeps failing).
    name_chars: int = 2


LONGER_NAME = LongerNameSettings()


def _reads_as_longer_name(after: str) -> bool:
    """Whether ``after``, the Han run after a two-character name, makes with it a whole
    three-character name that ends there: its first character is used in given names (jieba's
    person names) and begins no word or sentence role, and what follows it ends the name (the
    run's end, a sentence word: 在, 的, 和) or begins a word. The matcher's
    ``lexicon.name_continues`` answers only where the character ends names more often than it
    starts them; 红 and 梅 do both as often, and there the name may be either person's."""
    if not after or is_follower_char(after[0]) or begins_word(after):
        return False
    if after[0] in LEXICON.form_values or lexicon().given_uses[after[0]] < LEXICON.min_name_uses:
        return False
    rest = after[1:]
    return not rest or is_follower_char(rest[0]) or begins_word(rest)


def _only_in_longer_names(
    f: Finding, lines: list[TextLine], below: dict[int, list[str]], identity: Identity
) -> bool:
    """Whether every place the line under finding ``f`` holds the applicant's name whole is
    the head of a longer name (``_reads_as_longer_name``). A name OCR read otherwise (with a
    gap, a folded glyph) is not looked at and keeps failing; so does a name whose characters
    after it run to its line's end where a next line makes them a word, as the matcher reads
    on (match.read_on: probes round 19's book spread, 王伟主 | 任负责全书统稿 read as 王伟主
    alone warned, and its leaking output passed). ``below``: match.lines_below of ``lines``."""
    name = identity.name
    if f.kind != NAME or len(name) != LONGER_NAME.name_chars:
        return False
    held = [
        i for i, ln in enumerate(lines) if ln.quad.bbox.holds_centre_of(f.bbox) and name in ln.text
    ]
    if not held:
        return False
    for i in held:
        text = lines[i].text
        for at in _places(text, name):
            after = _han_run(text, at + len(name))
            if not _reads_as_longer_name(after):
                return False
            to_the_end = not text[at + len(name) + len(after) :].strip()
            if after and to_the_end and read_on(after, below.get(i, ())):
                return False
    return True


def _places(text: str, word: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(word, i)]


def _han_run(text: str, start: int) -> str:
    end = start
    while end < len(text) and is_han(text[end]):
        end += 1
    return text[start:end]


def text_reasons(page: Page, ocr_lines: list[TextLine], identity: Identity) -> list[Reason]:
    """The name or unit on the page. Read by OCR: visible (a warning where it is only the head
    of another person's whole name, see ``LongerNameSettings``). Held by the text layer:
    visible when its glyphs are drawn, hidden text under a cover when its box is one fill."""
    reasons: list[Reason] = []
    below: dict[int, list[str]] | None = None  # the page's lines_below, once, when a name asks
    for f in find_identity([*page.text_lines, *ocr_lines], identity):
        if f.source != TEXT_LAYER:
            if below is None and f.kind == NAME:
                below = lines_below(ocr_lines)
            longer = _only_in_longer_names(f, ocr_lines, below or {}, identity)
            reasons.append(
                Reason(
                    "visible_text",
                    f.kind,
                    _box(f.bbox),
                    f.text,
                    severity=WARN if longer else FAIL,
                    detail={"longer_name": True} if longer else {},
                )
            )
            continue
        # The text layer holds it: hidden when its box is one fill (or blank), else its glyphs
        # are drawn and a reader sees them.
        code = "hidden_text" if box_is_flat(page.image, f.bbox) else "visible_text"
        reasons.append(Reason(code, f.kind, _box(f.bbox), f.text))
    return reasons


def split_reasons(
    page: Page, ocr_lines: list[TextLine], identity: Identity, rotation: int
) -> list[Reason]:
    """The unit read in two pieces around a fill on one line, or its head or tail alone beside
    a fill, and the pinyin name less a letter or two at one (see ``verify.pieces``), judged in
    the page's reading orientation."""
    from redactor.detect.text import turn_lines, unturn_quad

    k = (rotation // 90) % 4
    h, w = page.image.shape[:2]
    upright = np.ascontiguousarray(np.rot90(page.image, k)) if k else page.image
    turned = turn_lines(ocr_lines, k, w, h)
    found = split_unit_reasons(upright, turned, identity) or unit_ends_at_fills(
        upright, turned, identity
    )
    found += names_at_fills(upright, turned, identity)
    return [
        replace(r, box=_box(unturn_quad(Quad.from_bbox(BBox(*r.box)), k, w, h).bbox))
        if r.box
        else r
        for r in found
    ]


def mosaic_reasons(page: Page, lines: list[TextLine]) -> list[Reason]:
    """Mosaics with cells too small for the page's text (see ``cover.MosaicSettings``): what
    they cover can still be read, whatever OCR makes of it."""
    heights = [line.quad.height for line in lines if len(line.text.strip()) >= 2]
    if not heights:
        return []
    return [
        Reason("weak_mosaic", "", _box(box), detail={"cell": cell})
        for box, cell in weak_mosaics(page.image, float(np.median(heights)))
    ]


def read_through_reasons(
    page: Page, ocr_lines: list[TextLine], identity: Identity, rotation: int, found: list[Reason]
) -> list[Reason]:
    """The name or unit read through a fine mosaic, or out of a near miss OCR read unclearly
    (see ``verify.readthrough``), for the kinds not already seen on the page."""
    # A warning (a longer name's head) is no sign the kind is seen: look on.
    seen = frozenset(
        r.kind for r in found if r.code in ("visible_text", "weak_mosaic") and r.severity == FAIL
    )
    return [
        Reason(
            # A near miss OCR read unclearly is text in view that OCR misread, not a mosaic.
            "visible_text" if unsure else "weak_mosaic",
            kind,
            _box(box),
            got.text,
            detail={"margin": round(got.margin, 1), "shortfall": round(got.shortfall, 1)},
        )
        for box, kind, got, unsure in read_through(page.image, ocr_lines, identity, rotation, seen)
    ]


def struck_reasons(
    page: Page, ocr_lines: list[TextLine], identity: Identity, rotation: int, found: list[Reason]
) -> list[Reason]:
    """The name or unit read again with a pen's strike-through taken out (see
    ``verify.strikes``), for the kinds not already seen on the page, judged in the page's
    reading orientation."""
    from redactor.detect.text import turn_lines, unturn_quad
    from redactor.verify.strikes import struck_findings

    seen = {r.kind for r in found if r.code == "visible_text" and r.severity == FAIL}
    k = (rotation // 90) % 4
    h, w = page.image.shape[:2]
    upright = np.ascontiguousarray(np.rot90(page.image, k)) if k else page.image
    return [
        Reason(
            "visible_text",
            f.kind,
            _box(unturn_quad(f.quad, k, w, h).bbox),
            f.text,
            detail={"struck_through": True},
        )
        for f in struck_findings(upright, turn_lines(ocr_lines, k, w, h), identity)
        if f.kind not in seen
    ]


@dataclass(frozen=True)
class SealSettings:
    """Which seals found are judged."""

    # A "seal" wider than this share of the page's short side lying inside a photo is the
    # photo's own round shapes (a red scarf and the hair around a masked face, whose black eye
    # band inside raised the ring test's inner ink: mask's output 2041 a06/018): a unit's
    # seal is at most about 50 mm, a quarter of an A4 page's width. Mask's grey search
    # stops at 0.22 of the short side for radius; this is the diameter, with room.
    max_in_photo: float = 0.44
    # Share of the seal's box inside one photo region.
    in_photo: float = 0.9
    # Print beside a seal (see cover.LightFillSettings) is a text line at most this share of
    # the seal box's shorter side tall (a line of 10-12 pt print beside a 40 mm seal: 0.1).
    print_height: float = 0.2
    # A grey "seal" no larger than this many heights of a line of print that holds it (this
    # share of its box inside the line's) is a glyph of that line: the 日 of a date beside a
    # black box over a signature (round 9's probe), where the fill above it took away the
    # paper the seal search's title-glyph test asks of a line's last glyph. A seal is a few
    # line heights across (a 40 mm seal beside 4 mm print; a 15 mm name seal).
    glyph_size: float = 1.5
    glyph_inside: float = 0.8
    # ... and the line reads at least this many characters besides the glyph.
    glyph_line_chars: int = 3


SEALS = SealSettings()


def _a_glyph_of_a_line(seal: Finding, lines: Sequence[TextLine], s: SealSettings = SEALS) -> bool:
    """Whether a grey seal found is one glyph of a line of print (see SealSettings.glyph_*)."""
    if seal.detail.get("ink") != "grey":
        return False
    b = seal.bbox
    return any(
        len(line.text.replace(" ", "")) > s.glyph_line_chars
        and b.intersection(line.quad.bbox).area >= s.glyph_inside * b.area
        and max(b.width, b.height) <= s.glyph_size * line.quad.height
        for line in lines
    )


def _photo_shape(page: Page, box: BBox, s: SealSettings = SEALS) -> bool:
    """Whether a seal found at ``box`` is too large for a seal and lies inside a photo."""
    from redactor.detect.faces import paper_level, photo_regions

    h, w = page.image.shape[:2]
    if max(box.width, box.height) <= s.max_in_photo * min(h, w):
        return False
    return any(
        box.intersection(p).area >= s.in_photo * box.area
        for p in photo_regions(paper_level(page.image))
    )


def seal_reasons(
    page: Page,
    identity: Identity,
    options: MaskOptions,
    found: list[Finding] | None = None,
    lines: Sequence[TextLine] = (),
) -> list[Reason]:
    """Seals found on the page (``found``: the seal search's findings, when already made)
    whose ink shows. A seal under a fill is not found at all; one found but mostly one solid
    colour inside its outline is taken as covered, and so is one found at the edge of a fill
    lighter than the paper with no ink beside it but rules and print (``lines``, the page's
    text lines: see ``cover.LightFillSettings``)."""
    seals = find_seals(page) if found is None else found
    if options.seals == "unit":
        seals = seals_to_mask_for_unit(seals, identity)
    reasons = []
    for s in seals:
        if _photo_shape(page, s.bbox) or _a_glyph_of_a_line(s, lines):
            continue
        share = polygon_flat_share(page.image, s.outline) if s.outline else 0.0
        if share >= COVER.seal_flat_share or (s.outline and fill_on_a_chip(page.image, s.outline)):
            continue
        if under_light_fill(page.image, s.bbox, _print_reaching_in(lines, s.bbox)):
            continue
        reasons.append(
            Reason("visible_seal", SEAL, _box(s.bbox), s.text, detail={"flat": round(share, 3)})
        )
    return reasons


def _print_reaching_in(
    lines: Sequence[TextLine], box: BBox, s: SealSettings = SEALS
) -> tuple[BBox, ...]:
    """Boxes of the text lines that reach into ``box`` from outside it: print beside a seal.
    A line wholly inside may be the seal's own text, and a "line" as tall as a good part of
    the seal is not print (OCR of r025 read one over the whole white-out): neither is left
    out."""
    tallest = s.print_height * min(box.width, box.height)
    return tuple(
        b
        for b in (line.quad.bbox for line in lines)
        if 0 < b.intersection(box).area < b.area and b.height <= tallest
    )


def seal_mosaic_reasons(page: Page, seen: list[BBox]) -> list[Reason]:
    """Seals under a pixelate too fine for them (see ``verify.sealmosaic``), which the seal
    search does not find; not again where a visible seal was found. Whose seal it is cannot be
    read, so it is judged whatever ``--seals`` says of other bodies' seals."""
    return [
        Reason(
            "weak_mosaic",
            SEAL,
            _box(box),
            detail={"cell": cell, "of_radius": round(share, 2)},
        )
        for box, cell, share in fine_seal_mosaics(page.image)
        if not any(box.intersection(b).area > 0 for b in seen)
    ]


def seal_blur_reasons(page: Page, found: list[BBox]) -> list[Reason]:
    """Seals under a blur too weak for them (see ``verify.sealblur``), which the seal search
    does not find; not where it found any seal (``found``, covered or another body's too).
    Whose seal it is cannot be read, so it is judged whatever ``--seals`` says of other
    bodies' seals."""
    return [
        Reason("visible_seal", SEAL, _box(box), detail={"blurred_ring": round(share, 2)})
        for box, share in blurred_seals(page.image, found)
    ]


# A printed date or number beside a field is read at least this surely; OCR's read of a fill
# itself (a lone 1 at 0.59 over a mask's box) is no print, and taking it for print hid the fill.
PRINTED_MIN_SCORE = 0.8


def covered_ink(image: np.ndarray, box: BBox, lines: list[TextLine]) -> bool:
    """Whether the ink a handwriting search boxed is a fill: one colour that is not paper,
    paper with one solid fill on it, or the edge of a fill lying mostly outside the box. A
    date printed beside the field, which the box reaches into, is not handwriting, nor are a
    form's rules the box reaches across (judged at the page's median text height)."""
    printed = tuple(
        line.quad.bbox
        for line in lines
        if is_printed(line.text)
        and line.score >= PRINTED_MIN_SCORE
        and line.quad.bbox.intersection(box).area > 0
    )
    heights = [line.quad.height for line in lines if line.text.strip()]
    return (
        is_fill(image, box)
        or holds_only_a_fill(image, box, printed=printed)
        or edge_of_a_fill(image, box, printed=printed)
        or bool(heights)
        and only_rules_and_fill_edges(image, box, float(np.median(heights)), printed)
    )


def signature_reasons(page: Page, lines: list[TextLine], rotation: int) -> list[Reason]:
    """Handwriting right of (or below) the applicant's signature label that is not a fill, or
    that lies under a mosaic too fine for it (see ``verify.signaturemosaic``)."""
    reasons = [
        Reason("visible_signature", SIGNATURE, _box(f.bbox), f.text)
        for f in find_signatures(lines, page.image, rotation)
        if not covered_ink(page.image, f.bbox, lines)
    ]
    seen = [BBox(*r.box) for r in reasons if r.box]
    return reasons + [
        Reason("visible_signature", SIGNATURE, _box(f.bbox), detail=dict(f.detail))
        for f in fine_signature_mosaics(page.image, lines, rotation)
        if not any(f.bbox.intersection(b).area > 0 for b in seen)
    ]


def handwritten_name_reasons(
    page: Page,
    lines: list[TextLine],
    rotation: int,
    seen: Sequence[Reason],
    identity: Identity | None = None,
) -> list[Reason]:
    """A name written by hand in the applicant's 姓名 field (which OCR does not read) that is
    not a fill, as mask finds it (``signature.find_handwritten_names``): ``visible_text`` of
    kind name, unless a name OCR read (``seen``) covers it already."""
    read = [BBox(*r.box) for r in seen if r.kind == NAME and r.box]
    found = [
        f
        for f in find_handwritten_names(lines, page.image, rotation)
        if not covered_ink(page.image, f.bbox, lines)
        and not any(f.bbox.intersection(b).area > HANDWRITTEN_READ * f.bbox.area for b in read)
        and not _holds_sure_print(f.bbox, lines)
    ]
    return [
        Reason("visible_text", NAME, _box(f.bbox), f.text, detail={"handwritten": True})
        for f in found
        if identity is None or not _print_beside_a_fill(page, f.bbox, rotation, identity)
    ]


def _print_beside_a_fill(page: Page, box: BBox, rotation: int, identity: Identity) -> bool:
    """Whether the ink box holds print that OCR of the page missed beside a fill (张丽 right of
    a black box over a watermark's tile, in a 申请人 field): read again with the page's solid
    dark fills whitened, it reads surely (SURE_PRINT_SCORE) and not as the applicant."""
    image = page.image
    gray = image.min(axis=2) if image.ndim == 3 else image
    h = max(8, int(min(box.height, box.width) // 3))
    solid = cv2.morphologyEx(
        (gray < FILL_DARK).astype(np.uint8), cv2.MORPH_OPEN, np.ones((h, h), np.uint8)
    )
    b = box.expand(box.height * FILL_REACH).clip(page.width, page.height)
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(b.x1), int(b.y1)
    if not solid[y0:y1, x0:x1].any():
        return False
    whitened = image.copy()
    whitened[cv2.dilate(solid, np.ones((5, 5), np.uint8)) > 0] = 255
    again = read_region(whitened, b, rotation)
    if find_identity(again, identity):
        return False
    return _holds_sure_print(box, again)


# A mask's fill: darker than this (the darkest channel), solid over a third of a line's height,
# within this many of the ink box's heights round it.
FILL_DARK = 40
FILL_REACH = 1.0

# OCR read a line of at least two characters this surely: print, not a hand. The 姓名 field of
# mask's own output (`make demo`, demo_paper.pdf p2: 姓名：<fill> 工作单位：<fill>) gave an ink
# box over the fill and the next label, read at 0.94, under the finder's 0.95 for print.
SURE_PRINT_SCORE = 0.9
# An ink box with this share of its area inside such a line is a piece of that print.
SURE_PRINT_INSIDE = 0.8


def _holds_sure_print(box: BBox, lines: list[TextLine]) -> bool:
    """Whether ``box`` holds the centre of a line OCR read surely as print (SURE_PRINT_SCORE),
    or lies inside one (a 20 x 30 px piece of the 性别 after a masked name on a page turned
    180 degrees, `make bench` seed 2181): the finder's ink box then took in printed text,
    which the matcher judges on its own."""
    return any(
        line.score >= SURE_PRINT_SCORE
        and len(line.text.strip()) >= 2
        and (
            box.holds_centre_of(line.quad.bbox)
            or box.intersection(line.quad.bbox).area >= SURE_PRINT_INSIDE * box.area
        )
        for line in lines
    )


def eye_reasons(page: Page, faces: Sequence[Face]) -> list[Reason]:
    """The faces found on the page (``faces_on_page``) whose eyes are not covered (see
    ``verify.eyes``)."""
    reasons = []
    for face in faces:
        if too_small_to_judge(face):
            continue
        judged = judge_eyes(page.image, face)
        if not judged.covered:
            reasons.append(Reason("visible_eyes", EYES, _box(face.box), "", detail=judged.detail()))
    return reasons


def visible_reasons(page: Page, identity: Identity, options: MaskOptions) -> list[Reason]:
    """Everything on the page that still shows the applicant (page pixels and text layer).
    Text and seals are judged on light paper (a night-mode page as its negative, as mask finds
    them: detect.paper), eyes on the page as it is."""
    faces_page, page = page, as_light_paper(page)
    ocr = ocr_page(page)
    pieces: list[Finding] = []
    if page.ocr_boxes is None:
        # A watermark's tiles behind the page's text, read from its light ink (as mask does).
        seen = find_identity([*page.text_lines, *ocr.lines], identity)
        mark = watermark_findings(
            page.image, ocr.lines, ocr.rotation, seen, identity, lattice=False
        )
        pieces = mark.pieces
        # The back's print showing through, mirrored (as mask reads it).
        pieces += show_through_findings(page.image, ocr.lines, ocr.rotation, identity)
        # Faint grey print the first read did not see (as mask reads it).
        pieces += faint_print_findings(page.image, ocr.lines, ocr.rotation, identity)
        if mark.lines:
            ocr = OcrResult([*ocr.lines, *mark.lines], ocr.rotation)
    lines = [*page.text_lines, *ocr.lines]
    reasons = text_reasons(page, ocr.lines, identity)
    if options.mask_ids:  # every ID or mobile number, as `mask --mask-ids` hides them
        reasons += findings_as_reasons(find_identifiers(lines), "visible_text")
    reasons += [Reason("visible_text", f.kind, _box(f.bbox), f.text) for f in pieces]
    reasons += [
        Reason("visible_code", f.kind, _box(f.bbox), f.text)
        for f in find_codes(page.image, identity)
    ]
    if page.ocr_boxes != []:  # a badge's or medal's ring of text, as mask reads it
        arcs = find_arc_text(page.image, identity, lines=lines)
        one_an_arc = {(f.kind, f.text): f for f in arcs}.values()
        reasons += [Reason("visible_text", f.kind, _box(f.bbox), f.text) for f in one_an_arc]
    if not any(r.kind == UNIT for r in reasons):
        reasons += split_reasons(page, ocr.lines, identity, ocr.rotation)
    thin = partly_covered(page.image, lines, ocr.rotation)
    if page is not faces_page:  # read as its negative, where a black fill is white as paper
        thin += partly_covered(faces_page.image, lines, ocr.rotation, paper=page.image)
    if thin:  # a QR code's flat modules are no fill cutting a line (bench 2151 014_codes)
        codes = code_boxes(page.image)
        thin = [b for b in thin if not any(b.intersection(c).area > 0.5 * b.area for c in codes)]
    reasons += [Reason("partly_covered", "", _box(b)) for b in thin]
    reasons += mosaic_reasons(page, lines)
    reasons += read_through_reasons(page, ocr.lines, identity, ocr.rotation, reasons)
    reasons += struck_reasons(page, ocr.lines, identity, ocr.rotation, reasons)
    if options.signatures:
        reasons += signature_reasons(page, lines, ocr.rotation)
        reasons += handwritten_name_reasons(page, lines, ocr.rotation, reasons, identity)
    known = sum(len(line.text) for line in lines) >= MIN_CHARS_FOR_ORIENTATION
    faces = (
        faces_on_page(
            faces_page.image, reading_rotation(page, ocr) if known else None, options.face_engine
        )
        if options.eyes != "off"
        else []
    )
    seal_boxes: list[BBox] = []
    if options.seals != "off":
        # A "seal" that is a face found there is judged as that face (as mask masks it).
        face_boxes = [f.box for f in faces]
        found = [s for s in find_seals(page) if not is_a_face(s.bbox, face_boxes)]
        seals = seal_reasons(page, identity, options, found, lines)
        seal_boxes = [BBox(*r.box) for r in seals if r.box]
        reasons += seals
        mosaics = seal_mosaic_reasons(page, seal_boxes)
        reasons += mosaics
        seen = [f.bbox for f in found] + [BBox(*r.box) for r in mosaics if r.box]
        blurred = seal_blur_reasons(page, seen)
        seal_boxes += [BBox(*r.box) for r in blurred if r.box]
        reasons += blurred
    if options.eyes != "off":
        eyes = eye_reasons(faces_page, faces)
        # A "face" inside a seal is its star and arc text (as in mask).
        reasons += [
            e
            for e in eyes
            if e.box and not any(s.holds_centre_of(BBox(*e.box)) for s in seal_boxes)
        ]
    return reasons


def findings_as_reasons(findings: list[Finding], code: str) -> list[Reason]:
    return [Reason(code, f.kind, _box(f.bbox), f.text) for f in findings]
