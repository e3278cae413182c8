"""Finding: one page -> everything on it that must be masked. Never touches pixels.

The rules of what is masked beyond the applicant's name and unit (which seals stay visible under
``--seals unit``, which face boxes are a seal's star) live here, apart from the detectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from redactor import timing
from redactor.detect import engines
from redactor.detect.codes import find_codes
from redactor.detect.faint_print import faint_print_findings
from redactor.detect.identifiers import find_identifiers
from redactor.detect.layer_align import aligned_layer
from redactor.detect.margins import fit_margins
from redactor.detect.match import (
    Target,
    build_targets,
    dedupe,
    find_identity,
    names_cut_by_seals,
    units_cut_by_seals,
)
from redactor.detect.paper import as_light_paper
from redactor.detect.show_through import show_through_findings
from redactor.detect.signature import find_handwritten_names, find_signatures
from redactor.detect.text import OcrResult, layer_rotation, ocr_page
from redactor.detect.watermark import watermark_findings
from redactor.options import Identity, MaskOptions
from redactor.types import NAME, SEAL, BBox, Finding, Page, TextLine

# A page with at least this many characters read has a trustworthy orientation from OCR.
MIN_CHARS_FOR_ORIENTATION = 20
# A hand-written 姓名 field's ink box lying this much under a name the matcher found is that
# name, read: one finding, not two. Less covered, the field holds more than the name read
# (probes round 22's p11: the hand's correction read, the struck typo beside it, half the
# field's box, left in view at 0.5).
HANDWRITTEN_READ = 0.8


@dataclass(frozen=True)
class KnownPlaces:
    """On a born-digital page a seal or a photo can only lie in its pictures and drawings
    (``Page.seal_boxes``, ``Page.ocr_boxes``), so only those are searched: for seals the page
    with everything else whitened (the seal search's size limits are shares of the page, kept
    as they are), for faces each place cropped (faces are found at their own pixel size). On
    synth_pdf pages at 200 dpi: seals 2.2-2.8 -> 0.3-1.2 CPU s, faces 1.2-2.7 -> 0.15-0.27,
    the same findings. Each box is grown by a margin (a ring's fit looks past its rim), and
    boxes that then touch are searched as one."""

    margin_share: float = 0.15  # of the box's longer side
    margin_px: int = 16


KNOWN_PLACES = KnownPlaces()


@dataclass
class PageFindings:
    findings: list[Finding]
    rotation: int
    # The lines the finders read (text layer, OCR, watermark): mask's check of its own output
    # holds its re-reads to what the matcher judged on them (selfcheck.FirstRead).
    lines: list[TextLine] = field(default_factory=list)


@lru_cache(maxsize=64)
def identity_targets(identity: Identity) -> tuple[Target, ...]:
    """The spellings to search for, built once per identity (not once per page): pinyin forms
    and normalisation of every alias are the same on every page of every file."""
    return tuple(build_targets(identity))


def find_names(lines: list[TextLine], identity: Identity) -> list[Finding]:
    """The applicant's name and unit (and aliases, pinyin, surname-comma forms) in ``lines``:
    ``match.find_identity`` with the targets built once."""
    return find_identity(lines, identity, identity_targets(identity))


def find_on_page(page: Page, identity: Identity, options: MaskOptions) -> PageFindings:
    """Everything on the page that must be masked. Pure finding: pixels are not changed. Text
    and seals are found on light paper (a night-mode page as its negative: detect.paper), faces
    on the page as it is."""
    faces_page, page = page, as_light_paper(page)
    with timing.stage(timing.OCR):
        ocr = ocr_page(page)
    layer = page.text_lines
    if page.ocr_boxes is None:
        # A scan with a text layer from another tool: the layer where the picture shows it.
        layer = aligned_layer(layer, ocr.lines)
    lines = [*layer, *ocr.lines]
    with timing.stage(timing.MATCH):
        findings = find_names(lines, identity)
    # A scan or image (a born-digital page's watermark is in its text layer).
    watermark: list[Finding] = []  # and, below, names written by hand
    if page.ocr_boxes is None:
        with timing.stage(timing.WATERMARK):
            mark = watermark_findings(
                page.image, ocr.lines, ocr.rotation, findings, identity, identity_targets(identity)
            )
        if mark.lines:
            watermark = [*mark.read, *mark.pieces]
            findings = dedupe([*findings, *watermark])
            lines += mark.lines
        with timing.stage(timing.SHOW_THROUGH):
            # Print on the page's back showing through thin paper, mirrored: masked as it lies.
            findings += show_through_findings(
                page.image, ocr.lines, ocr.rotation, identity, identity_targets(identity)
            )
        with timing.stage(timing.FAINT_PRINT):
            # Faint grey print the first read did not see (a copy of a card filled in pale
            # ink), read again stretched: masked as it lies.
            faint = faint_print_findings(
                page.image, ocr.lines, ocr.rotation, identity, identity_targets(identity)
            )
            findings = dedupe([*findings, *faint])
    with timing.stage(timing.SEALS):
        seals = seals_on_page(page, options)
    with timing.stage(timing.MATCH):
        findings += units_cut_by_own_seals(lines, seals, identity)
        findings += pinyin_names_cut_by_seals(lines, seals, identity)
        if options.mask_ids:
            # The applicant's own number may also be a --term: one region per number.
            findings = dedupe([*findings, *find_identifiers(lines)])
        if options.signatures:
            findings += find_signatures(lines, page.image, ocr.rotation)
            # A name written by hand in the applicant's 姓名 field, which OCR did not read:
            # where the matcher found the name there already, its finding stands alone.
            read = [f.bbox for f in findings if f.kind == NAME]
            handwritten = [
                f
                for f in find_handwritten_names(lines, page.image, ocr.rotation)
                if not any(
                    f.bbox.intersection(b).area > HANDWRITTEN_READ * f.bbox.area for b in read
                )
            ]
            findings += handwritten
            watermark += handwritten
        # Printed text's fills stop short of a neighbouring line's ink (detect.margins); a
        # watermark's light text and a name written by hand keep their whole margin.
        findings = fit_margins(findings, lines, page.image, options.margin, watermark)
        # A QR code whose payload names the applicant or the unit: one scan away (detect.codes).
        findings += find_codes(page.image, identity)
    findings += seals_to_mask(seals, identity, options)
    if page.ocr_boxes != []:  # a text-layer page with no picture holds no badge or medal
        from redactor.detect.arc_text import find_arc_text  # reads with the seals' reader

        with timing.stage(timing.ARC_TEXT):
            findings += find_arc_text(page.image, identity, [s.bbox for s in seals], lines)
    # Faces are found in the page's reading orientation. A page with too little text to tell
    # its orientation (a photo) is searched in all four.
    known = sum(len(line.text) for line in lines) >= MIN_CHARS_FOR_ORIENTATION
    # The OCR's tensors sized for the whole page go before the face search's own.
    engines.release_page_memory()
    with timing.stage(timing.FACES):
        eyes = eyes_to_mask(faces_page, options, reading_rotation(page, ocr) if known else None)
    return PageFindings(faces_against_seals(findings, eyes), ocr.rotation, lines)


def reading_rotation(page: Page, ocr: OcrResult) -> int:
    """The page's reading orientation: OCR's, or on a born-digital page (whose OCR reads only
    its pictures, each upright) its text layer's (see text.LayerTurnSettings)."""
    return ocr.rotation if page.ocr_boxes is None else layer_rotation(page.text_lines)


def seals_on_page(page: Page, options: MaskOptions) -> list[Finding]:
    """Every seal on the page (none when ``--seals off``), each with what its arc reads."""
    if options.seals == "off" or page.seal_boxes == []:
        # A born-digital page whose only drawings are text and straight rules holds no seal:
        # a seal is a placed picture or a drawing with a ring (see sources._pdf_seal_boxes).
        return []
    # Imported here: the seal and face detectors (and OpenCV's and onnxruntime's setup behind
    # them) are loaded by the first page that is searched for them, not at start-up.
    from redactor.detect.seals import find_seals

    return find_seals(_only_in(page, page.seal_boxes) if page.seal_boxes else page)


def seals_to_mask(seals: list[Finding], identity: Identity, options: MaskOptions) -> list[Finding]:
    """The seals ``--seals`` asks to mask, of those found."""
    if options.seals == "unit":
        from redactor.detect.seals import seals_to_mask_for_unit

        # Only seals read clearly as another body's stay visible: an unread or garbled seal
        # may be the unit's, and leaving it would fail the review.
        return seals_to_mask_for_unit(seals, identity)
    return seals


def units_cut_by_own_seals(
    lines: list[TextLine], seals: list[Finding], identity: Identity
) -> list[Finding]:
    """The unit's head (or tail) on a line the unit's own seal cuts: whose seal it is decides
    whether a line stopping at it is the unit's (see match.OwnSealCutSettings). One finding a
    place: the unit's forms (without its parent division, short forms) end alike."""
    if not seals:
        return []
    from redactor.detect.seals.policy import seal_reads_as_unit

    own = [s.outline or s.quad.points for s in seals if seal_reads_as_unit(s.text, identity)]
    return dedupe(units_cut_by_seals(lines, identity_targets(identity), own))


def pinyin_names_cut_by_seals(
    lines: list[TextLine], seals: list[Finding], identity: Identity
) -> list[Finding]:
    """The applicant's pinyin name on a line a seal cuts, a letter or two of it under the
    seal (see match.NameSealCutSettings): any seal found, the unit's own or another's."""
    if not seals:
        return []
    outlines = [s.outline or s.quad.points for s in seals]
    return dedupe(names_cut_by_seals(lines, identity_targets(identity), outlines))


def eyes_to_mask(page: Page, options: MaskOptions, rotation: int | None) -> list[Finding]:
    """The eyes ``--eyes`` asks to mask (before they are weighed against the seals found:
    ``faces_against_seals``)."""
    if options.eyes == "off" or page.ocr_boxes == []:
        # A text-layer page with no picture on it (ocr_boxes lists its images, annotations
        # and outlined drawings) holds no photo: no face to look for.
        return []
    from redactor.detect.faces import find_eyes

    places = (
        None if page.ocr_boxes is None else known_places(page.ocr_boxes, page.width, page.height)
    )
    return find_eyes(page, options, rotation, places)


def faces_against_seals(found: list[Finding], eyes: list[Finding]) -> list[Finding]:
    """``found`` and the eye findings ``eyes``, each kind weighed against the other. A "seal"
    that a face found there fills a good share of, centred on it, is that face
    (``policy.is_a_face``: red lips and the hair's outline make a ring round it), and is
    dropped: the face's eyes are masked instead of a disc over the whole face. A "face" inside
    a seal that stays is its star and arc text, and is dropped: the seal is masked whole
    anyway."""
    faces = [BBox(*e.detail["face"]) for e in eyes if "face" in e.detail]
    kept = found
    if faces and any(f.kind == SEAL for f in found):
        # Imported here: the seal package loads OpenCV's setup, which a page with no seal
        # found never needs (tests/test_speed.py's text-only page).
        from redactor.detect.seals.policy import is_a_face

        kept = [f for f in found if f.kind != SEAL or not is_a_face(f.bbox, faces, centred=True)]
    seal_boxes = [f.bbox for f in kept if f.kind == SEAL]
    return kept + [e for e in eyes if not any(s.holds_centre_of(e.bbox) for s in seal_boxes)]


def known_places(boxes: list[BBox], width: int, height: int) -> list[BBox]:
    """``boxes`` grown by their margin (see KnownPlaces), clipped to the page, those that
    overlap then joined."""
    grown = [
        b.expand(
            max(KNOWN_PLACES.margin_px, KNOWN_PLACES.margin_share * max(b.width, b.height))
        ).clip(width, height)
        for b in boxes
    ]
    return BBox.joined(grown)


def _only_in(page: Page, boxes: list[BBox]) -> Page:
    """The page with its image white outside ``boxes`` grown to their known places."""
    white = np.full_like(page.image, 255)
    for b in known_places(boxes, page.width, page.height):
        x0, y0, x1, y1 = int(b.x0), int(b.y0), int(np.ceil(b.x1)), int(np.ceil(b.y1))
        white[y0:y1, x0:x1] = page.image[y0:y1, x0:x1]
    return replace(page, image=white)
