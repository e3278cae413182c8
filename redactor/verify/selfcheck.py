"""``mask`` checks its own output: the page it has just painted is read again, and a target
still found is masked in a second pass.

Cheap by default: only the neighbourhood of what was found is re-read (the lines that held a
name or unit, around each seal, around each face), since a miss there (a mask thinner than its
line, a seal's edge outside its fill) is what painting can leave. ``full`` re-reads the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np

from redactor.detect.face_geometry import Face
from redactor.detect.match import find_identity, normalise
from redactor.detect.paper import on_dark_paper
from redactor.detect.signature import find_handwritten_names, find_signatures
from redactor.detect.text import ocr_image, ocr_page
from redactor.errors import RedactorError
from redactor.mask import apply_masks, region_for
from redactor.options import Identity, MaskOptions
from redactor.types import (
    EYES,
    FACE,
    NAME,
    SEAL,
    TEXT_LAYER,
    UNIT,
    BBox,
    Finding,
    Page,
    Quad,
    TextLine,
)
from redactor.verify.cover import COVER, is_fill, polygon_flat_share
from redactor.verify.eyes import judge_eyes, too_small_to_judge


@dataclass(frozen=True)
class SelfCheckSettings:
    """How much is re-read around each finding, and how often painting is retried."""

    # Around text: this many text heights above and below, and this many to each side.
    text_rows: float = 1.2
    text_sides: float = 6.0
    # Around a seal or a face: this share of its size on each side.
    around_shape: float = 0.35
    # Extra masking passes before the page is given up as a failure.
    max_passes: int = 2
    # A text fill is re-read only when ink touches its outline: a ring this many pixels wide
    # just outside it (glyph tops or ends left by a fill thinner or shorter than its text).
    ring: int = 3
    # Darker than this grey level (or this colourful) is ink.
    ink_grey: float = 160.0
    ink_chroma: int = 80
    # The windows re-read are laid on one sheet, this far apart; the sheet is at least the
    # detector's short side (text.detector_short_side: a smaller image is scaled up to it).
    gutter: int = 48
    # On a page where mask found a face, faces are looked for on the whole painted page (the
    # places a picture can be in, on a born-digital page), not only around the faces found: a
    # face mask did not find (bench seed 2061 a02/008 p2, a face of a group photo cut by the
    # photo's edge, found at 0.49 on the painted page only) is found as verify finds it, and
    # its eyes judged. A page where mask found no face is left to mask's own search: painted
    # text does not change a photo. The face search costs about as much as mask's own (0.7-1.5
    # CPU s a page at 150 dpi, one thread; see BENCHMARKS.md). Only in the first pass; the
    # passes after it re-read around what the pass before found.
    whole_page_faces: bool = True


SELF_CHECK = SelfCheckSettings()


@dataclass(frozen=True)
class FirstReadSettings:
    """When a re-read name lies at the place of the first read's text (FirstRead)."""

    # A first-read glyph is at a re-read name's place when its middle lies in the name's box
    # grown by this share of the box's height (the two reads' boxes differ a little).
    slack: float = 0.25
    # A first-read name finding covering this share of a re-read name's box is a name the
    # matcher found there.
    found_share: float = 0.5


FIRST_READ = FirstReadSettings()


@dataclass(frozen=True)
class FirstRead:
    """What mask's finders read on the page before it was painted: its lines and what they
    found. A window's re-read sees a line with less around it and may misread the glyph after
    a name (main bench seed 2331's 013_alpha_png: 王伟红 read whole by the first read and
    judged someone else's, then read 王伟： in the window round the applicant's own 王伟 beside
    it, and masked). Where the first read holds a name's text at the very place a re-read finds
    it and the matcher found no name there, the matcher's judgement on the whole line stands
    (match.is_someone_else); a fill that left its glyphs' ends (what the check is for) lies
    over a name the first read found, and is re-read as before."""

    lines: tuple[TextLine, ...]
    findings: tuple[Finding, ...]

    def judged_someone_else(self, f: Finding, s: FirstReadSettings | None = None) -> bool:
        """Whether re-read name ``f`` lies where the first read read the same text and the
        matcher found no name of the applicant's."""
        s = s or FIRST_READ
        if f.kind != NAME or not normalise(f.text):
            return False
        box = f.bbox
        if any(
            g.kind == NAME and g.bbox.intersection(box).area >= s.found_share * box.area
            for g in self.findings
        ):
            return False
        near = box.expand(s.slack * box.height)
        return any(
            normalise(f.text)
            in normalise("".join(c.text for c in line.chars if near.holds_centre_of(c.quad.bbox)))
            for line in self.lines
            if line.quad.bbox.intersection(near).area > 0
        )


@dataclass(frozen=True)
class BandedFaceSettings:
    """A face mask banded, found again on the painted page with its "eyes" further down it.

    With the eyes under the band, CenterFace can take the face's lower half for a face: on a
    photocopied slide (probes round 14, p06) a smiling face masked over its eyes was found
    again at 0.74 with its "eyes" on the cheek and upper lip, 0.7 eye distances below the eye
    line, and judged uncovered (the band's edge and the smile give them texture), and a
    second band was painted over the nose. Real eyes just below a band drawn too high look the
    same on the painted page alone (the shared photos masked with their bands moved 0.6 eye
    distances up the face: true eyes found 0.50-0.92 down, 0.80-1.17 as far apart), so verify,
    which has only that page, still fails such a face. Mask has more: its own search saw this
    face with its eyes in view and placed them under the band, landmarks plausible. A face
    found again over that face, its box shifted from that face's, whose pair lies further
    down the face than the fill reaches and lower in that face's box than eyes sit, is taken
    for that face, its eyes covered. The same face found again with its real eyes below a band
    drawn too high (its own box, its eyes where eyes sit in it), a pair inside the fill's reach,
    or above it (a first search that took nostrils for eyes), is judged as before."""

    # The face found again overlaps the face mask found (box IoU) at least ``iou[0]`` and
    # less than ``iou[1]``: a box shifted down the face with its "eyes" (the slide's 0.59,
    # photocopies of f14 and f16 0.41-0.63). The same face found again with its own eyes, as
    # a band drawn too high leaves them showing, mostly keeps its box (the shared photos masked
    # with their bands moved 0.6 eye distances up the face: 0.57-0.97, 12 of 232 under 0.67).
    iou: tuple[float, float] = (0.3, 0.67)
    # The pair's midpoint lies further down the face from the band's centre line than this
    # share of the band's height (the quad's, before mask's margin): past the fill's lower
    # edge (0.5 and the margin, 0.15). Measured: 0.72-1.00 on photocopies of f14 and f16 and
    # on the slide; the same face's eyes found again under its band lie within 0.5.
    past_band: float = 0.65
    # ... and lower in that face's box (along the band's down direction, 0 at the box's top
    # edge, 1 at its bottom) than a face's eyes sit: the eye line of an upright face lies
    # 0.32-0.55 of its box down (BandShape.estimated_across); the false pairs lay 0.56-0.68
    # down. The band's face's own eyes, found again below a band moved up the face (the
    # shared photos as they are, shrunk, photocopied, noisy, JPEG'd and phone-shot, bands
    # moved 0.6 eye distances), lay 0.33-0.47 down (232 faces).
    in_box: float = 0.55


BANDED = BandedFaceSettings()


@dataclass(frozen=True)
class TurnedPairSettings:
    """A face mask banded, found again on the painted page with its "eyes" on a line turned
    far from the band's.

    With both eyes under the band, CenterFace can still find the face from the rest of it and
    guess a pair where none is: on bench seed 2581's a02/004_multi page 2 (a photocopied photo,
    a large face rolled 59 degrees) mask's band lay along the true eyes, and the painted page
    gave the face again (box IoU 0.68) with a "pair" on its forehead and temple, on a line
    leaning -13 degrees against the band's -65, one "eye" on the photo's top edge; judged
    uncovered, it got a second band of 460 x 200 px across the forehead (3.3 points of the
    page's 5.8% over-mask). A face's two eyes lie on one line, and mask's own search saw this
    face with its eyes in view, its landmarks plausible, and laid the band along them: a pair
    found on the same face on a line turned far from that one is not its eyes. (A band laid
    too low, on nostrils, leaves the real eyes above it on a line along the band's: judged as
    before.) Not for a face cut by its photo's edge: its landmarks can be the visible part's,
    their line turned from the eyes' (posed seed 711's cut+turned f03: 56 degrees off dlib's
    eye line)."""

    # The face found again overlaps the banded face (box IoU) at least this much: the same
    # face (BandedFaceSettings' shifted boxes reach down to 0.3; 2581's face 0.68).
    iou: float = 0.3
    # The two lines (eye lines, without their direction) differ by at least this many degrees.
    # Mask's plausible bands on faces not cut lean at most 17.1 degrees from dlib's eye lines
    # on the shared real photos (28 bands) and 18.1 on posed seed 711 (71), so real eyes found
    # again over such a band lie within about that; the false pairs lay 52 (2581's page) and
    # 57 degrees (f19 alone) off, a pair seen lower on the cheek 24 (see BENCHMARKS.md).
    turned: float = 30.0


TURNED_PAIR = TurnedPairSettings()


class SelfCheckError(RedactorError):
    """mask could not cover a target it still finds on its own output."""

    code = "self_check"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        from redactor.errors import ExitCode

        self.exit_code = ExitCode.VERIFY_FAILED


def _window(image: np.ndarray, box: BBox) -> tuple[np.ndarray, int, int]:
    h, w = image.shape[:2]
    b = box.clip(w, h)
    x0, y0 = int(b.x0), int(b.y0)
    x1, y1 = int(math.ceil(b.x1)), int(math.ceil(b.y1))
    return np.ascontiguousarray(image[y0:y1, x0:x1]), x0, y0


def _shift(f: Finding, dx: float, dy: float) -> Finding:
    quad = Quad(tuple((x + dx, y + dy) for x, y in f.quad.points))  # type: ignore[arg-type]
    outline = tuple((x + dx, y + dy) for x, y in f.outline)
    return Finding(f.kind, quad, f.score, f.source, f.text, outline, dict(f.detail), f.margin_room)


def _merged(boxes: list[BBox]) -> list[BBox]:
    """Overlapping windows joined, so each part of the page is read once."""
    out: list[BBox] = []
    for b in sorted(boxes, key=lambda b: (b.y0, b.x0)):
        for i, o in enumerate(out):
            if o.intersection(b).width > 0 and o.intersection(b).height > 0:
                out[i] = o.union(b)
                break
        else:
            out.append(b)
    return out


def _ink_touches(
    masked: np.ndarray,
    region: Quad,
    s: SelfCheckSettings,
    others: list[BBox] | None = None,
    original: np.ndarray | None = None,
) -> bool:
    """Whether ink lies right outside a painted text region: only then can a glyph have been
    cut by the fill and show (the rest of the page is as it was read). Ink inside ``others``
    (the boxes of other characters the text layer holds) is theirs, and pixels that differ
    from the ``original`` page are paint (another fill laid against this one): neither is
    counted."""
    window, x0, y0 = _window(masked, region.bbox.expand(2 * s.ring + 2))
    if window.size == 0:
        return False
    pts = np.round(np.asarray(region.points) - (x0, y0)).astype(np.int32)
    inside = np.zeros(window.shape[:2], np.uint8)
    cv2.fillPoly(inside, [pts], 1)
    near = cv2.dilate(inside, np.ones((3, 3), np.uint8), iterations=1)
    ring = cv2.dilate(inside, np.ones((3, 3), np.uint8), iterations=1 + s.ring).astype(bool)
    ring &= ~near.astype(bool)
    for box in others or ():
        # Rounded outward: a neighbour's anti-aliased edge is its own ink too.
        bx0, by0 = max(0, int(box.x0) - x0), max(0, int(box.y0) - y0)
        bx1, by1 = int(math.ceil(box.x1)) - x0 + 1, int(math.ceil(box.y1)) - y0 + 1
        if bx1 > 0 and by1 > 0:
            ring[by0:by1, bx0:bx1] = False
    if original is not None:
        before = original[y0 : y0 + window.shape[0], x0 : x0 + window.shape[1]]
        changed = window != before
        ring &= ~(changed.any(axis=2) if changed.ndim == 3 else changed)
    grey = cv2.cvtColor(window, cv2.COLOR_RGB2GRAY) if window.ndim == 3 else window
    ink = grey < s.ink_grey
    if window.ndim == 3:
        ink |= (window.max(axis=2).astype(np.int16) - window.min(axis=2)) > s.ink_chroma
    return bool((ink & ring).any())


def _from_text_layer(page: Page | None, finding: Finding) -> bool:
    """Whether ``finding`` was read from the text layer of a born-digital page, which shows
    its text as the text layer says (a scan with an invisible OCR layer is excluded: its
    layer may sit off the scanned glyphs)."""
    return page is not None and page.ocr_boxes is not None and finding.source == TEXT_LAYER


def _neighbour_chars(page: Page, finding: Finding, near: BBox) -> list[BBox]:
    """The boxes (near ``near``) of the text layer's characters other than the finding's own:
    a colon or a bracket printed against a name is the colon's ink."""
    own = finding.bbox
    boxes = []
    for line in page.text_lines:
        if not line.quad.bbox.intersection(near).area:
            continue
        for c in line.chars:
            b = c.quad.bbox
            if not own.holds_centre_of(b):
                boxes.append(b)
    return boxes


def _text_windows(
    findings: list[Finding],
    s: SelfCheckSettings,
    masked: np.ndarray | None = None,
    options: MaskOptions | None = None,
    page: Page | None = None,
) -> list[BBox]:
    """Windows to re-read around the name and unit findings; with ``masked``, only around
    those whose fill has ink against its outline (ink of the text layer's other characters
    and of the other fills on a born-digital ``page`` not counted)."""
    boxes = []
    for f in findings:
        if f.kind in (NAME, UNIT):
            painted = Quad(region_for(f, options)) if options else None
            if masked is not None and painted:
                others, original = [], None
                if page is not None and _from_text_layer(page, f):
                    # A fill needs no re-read by OCR for ink the page's text layer explains
                    # (its other characters) or for the other fills laid against it.
                    others = _neighbour_chars(page, f, painted.bbox.expand(2 * s.ring + 2))
                    original = page.image
                if not _ink_touches(masked, painted, s, others, original):
                    continue
            # The line's height: a finding's quad may be thinner than its line (the very miss
            # this check is for), and a window that high would cut the glyphs it must read.
            # A Han character is about as tall as it is wide, so the span's pitch says it too.
            h = max(f.quad.height, _char_pitch(f), 8.0)
            b = f.bbox
            boxes.append(
                BBox(
                    b.x0 - s.text_sides * h,
                    b.y0 - s.text_rows * h,
                    b.x1 + s.text_sides * h,
                    b.y1 + s.text_rows * h,
                )
            )
    return _merged(boxes)


def _char_pitch(f: Finding) -> float:
    """Length of a text finding per character (0 without its text)."""
    chars = len(f.text.replace(" ", ""))
    return max(f.quad.width, f.quad.height) / chars if chars else 0.0


def _read_all(image: np.ndarray, windows: list[BBox], rotation: int) -> list[TextLine]:
    """OCR of several windows of the page in one pass: each window, turned upright, is laid on
    one sheet of paper beside the others at its own size. (rapidocr scales an image's short
    side up to 736 px before detecting text: a window read alone, a strip 60 px high, would
    be detected at twelve times its size.)"""
    # the OCR module's own maps
    from redactor.detect.text import _offset_line, _unturn_line, detector_short_side

    k = (rotation // 90) % 4
    crops = []
    for window in windows:
        crop, x0, y0 = _window(image, window)
        if min(crop.shape[:2]) >= 16:
            crops.append((np.ascontiguousarray(np.rot90(crop, k)) if k else crop, crop, x0, y0))
    if not crops:
        return []
    s = SELF_CHECK
    side = detector_short_side()
    width = max(side, *(c[0].shape[1] + 2 * s.gutter for c in crops))
    places, x, y, shelf = [], s.gutter, s.gutter, 0
    for turned, *_ in crops:
        h, w = turned.shape[:2]
        if x + w + s.gutter > width:
            x, y, shelf = s.gutter, y + shelf + s.gutter, 0
        places.append((x, y))
        x, shelf = x + w + s.gutter, max(shelf, h)
    sheet = np.full((max(side, y + shelf + s.gutter), width, 3), 255, np.uint8)
    for (turned, *_), (px, py) in zip(crops, places, strict=True):
        sheet[py : py + turned.shape[0], px : px + turned.shape[1]] = turned[..., :3]
    lines = []
    for line in ocr_image(sheet, try_orientations=False).lines:
        b = line.quad.bbox
        for (turned, crop, x0, y0), (px, py) in zip(crops, places, strict=True):
            th, tw = turned.shape[:2]
            if px <= b.cx <= px + tw and py <= b.cy <= py + th:
                line = _offset_line(line, -px, -py)
                if k:
                    line = _unturn_line(line, k, crop.shape[1], crop.shape[0])
                lines.append(_offset_line(line, x0, y0))
                break
    return lines


def _seals_left(
    image: np.ndarray,
    page: Page,
    identity: Identity,
    options: MaskOptions,
    window: BBox | None,
    ink: str | None = None,
) -> list[Finding]:
    """Seals still visible on ``image`` (in ``window``, around a seal of ``ink`` painted over:
    a coloured seal leaves its colour, so a window with its colour painted out is not then
    searched for grey rings among the print, as a page without colour would be)."""
    # The detectors are imported by the first page that has a seal or a face to check again:
    # a page of text only never loads them.
    from redactor.detect.seals import (
        find_seals,
        seal_radius,
        seals_to_mask_for_unit,
        smallest_seal_radius,
    )

    crop, x0, y0 = _window(image, window) if window else (image, 0, 0)
    floor = smallest_seal_radius(page.height, page.width)
    grey = None if ink is None else ink == "grey"
    found = find_seals(Page(page.file, page.number, crop, page.dpi), grey)
    seals = [s for s in found if seal_radius(s) >= floor]
    if options.seals == "unit":
        seals = seals_to_mask_for_unit(seals, identity)
    return [
        _shift(s, x0, y0)
        for s in seals
        if not s.outline or polygon_flat_share(crop, s.outline) < COVER.seal_flat_share
    ]


def _eyes_left(
    image: np.ndarray,
    options: MaskOptions,
    window: BBox | None,
    rotation: int | None,
    seals: list[BBox] | None = None,
    banded: list[Finding] | None = None,
) -> list[Finding]:
    """Eye bands of the faces on ``image`` (in ``window``) whose eyes are not covered, less
    those inside ``seals`` (a seal's star and arc text, as mask leaves them) and those that
    are a face of ``banded`` (mask's eye findings) seen lower (see BandedFaceSettings)."""
    from redactor.detect.faces import eye_band, faces_on_page

    crop, x0, y0 = _window(image, window) if window else (image, 0, 0)
    out = []
    for face in faces_on_page(crop, rotation, options.face_engine):
        if seals and any(b.holds_centre_of(_shift_box(face.box, x0, y0)) for b in seals):
            continue
        moved = _shift_face(face, x0, y0)
        if banded and any(_seen_lower(moved, f) or _turned_pair(moved, f) for f in banded):
            continue
        if too_small_to_judge(face):  # as verify leaves it
            continue
        judged = judge_eyes(crop, face)
        if not judged.covered:
            band = Finding(EYES, eye_band(face), face.score, FACE, "", detail=judged.detail())
            out.append(_shift(band, x0, y0))
    return out


def _shift_box(b: BBox, dx: float, dy: float) -> BBox:
    return BBox(b.x0 + dx, b.y0 + dy, b.x1 + dx, b.y1 + dy)


def _shift_face(face: Face, dx: float, dy: float) -> Face:
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    return replace(
        face,
        box=_shift_box(face.box, dx, dy),
        left_eye=(lx + dx, ly + dy),
        right_eye=(rx + dx, ry + dy),
    )


def _seen_lower(face: Face, banded: Finding, s: BandedFaceSettings = BANDED) -> bool:
    """Whether ``face`` (found on the painted page) is the face of ``banded`` (an eye band
    mask placed from landmarks it found plausible) with its pair further down the face than
    the band reaches (see BandedFaceSettings)."""
    d = banded.detail
    if banded.kind != EYES or "face" not in d or d.get("mask") != "band":
        return False
    if not d.get("landmarks_plausible") or d.get("eyes_estimated"):
        return False
    if not s.iou[0] <= face.box.iou(BBox(*d["face"])) < s.iou[1]:
        return False
    (ax, ay), (bx, by), (cx, cy), (ex, ey) = banded.quad.points
    top, bottom = ((ax + bx) / 2, (ay + by) / 2), ((cx + ex) / 2, (cy + ey) / 2)
    height = math.dist(top, bottom)
    if height < 1e-3:
        return False
    down = ((bottom[0] - top[0]) / height, (bottom[1] - top[1]) / height)
    mid = ((top[0] + bottom[0]) / 2, (top[1] + bottom[1]) / 2)
    px = (face.left_eye[0] + face.right_eye[0]) / 2 - mid[0]
    py = (face.left_eye[1] + face.right_eye[1]) / 2 - mid[1]
    if px * down[0] + py * down[1] <= s.past_band * height:
        return False
    return _down_the_box(face, BBox(*d["face"]), down) > s.in_box


def _turned_pair(face: Face, banded: Finding, s: TurnedPairSettings = TURNED_PAIR) -> bool:
    """Whether ``face`` (found on the painted page) is the face of ``banded`` (an eye band mask
    placed from landmarks it found plausible) with a pair on a line turned far from the band's
    (see TurnedPairSettings)."""
    d = banded.detail
    if banded.kind != EYES or "face" not in d or d.get("mask") != "band":
        return False
    if not d.get("landmarks_plausible") or d.get("eyes_estimated") or d.get("cut", True):
        return False
    if face.box.iou(BBox(*d["face"])) < s.iou:
        return False
    (ax, ay), (bx, by) = d["eyes"]
    band = math.atan2(by - ay, bx - ax)
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    turn = abs(math.degrees(math.atan2(ry - ly, rx - lx) - band)) % 180
    return min(turn, 180 - turn) >= s.turned


def _down_the_box(face: Face, box: BBox, down: tuple[float, float]) -> float:
    """How far down ``box`` (along ``down``: 0 at its top edge, 1 at its bottom) the
    midpoint of ``face``'s eyes lies."""
    mx = (face.left_eye[0] + face.right_eye[0]) / 2 - box.cx
    my = (face.left_eye[1] + face.right_eye[1]) / 2 - (box.y0 + box.y1) / 2
    extent = abs(box.height * down[1]) + abs(box.width * down[0])
    return 0.5 + (mx * down[0] + my * down[1]) / max(extent, 1e-3)


def _faces_everywhere(
    masked: np.ndarray, page: Page, findings: list[Finding], options: MaskOptions, rotation: int
) -> list[Finding]:
    """Faces whose eyes show anywhere on the painted page (see SelfCheckSettings.
    whole_page_faces): the whole page, or a born-digital page's pictures."""
    from redactor.find import known_places

    if page.ocr_boxes == []:
        return []  # a text-layer page with no picture (as mask's own face search)
    seals = [f.bbox for f in findings if f.kind == SEAL]
    banded = [f for f in findings if f.kind == EYES]
    if page.ocr_boxes is None:
        return _eyes_left(masked, options, None, rotation, seals, banded)
    h, w = masked.shape[:2]
    return [
        f
        for box in known_places(page.ocr_boxes, w, h)
        for f in _eyes_left(masked, options, box, rotation, seals, banded)
    ]


def _handwritten(f: Finding) -> bool:
    """Whether ``f`` is a name the 姓名-field search found (``find_handwritten_names``)."""
    return f.kind == NAME and "field" in f.detail


def _handwritten_left(
    masked: np.ndarray, lines: list[TextLine], rotation: int, read: list[Finding]
) -> list[Finding]:
    """Hand-written names in the applicant's 姓名 field still inked on ``masked`` (not a
    fill, as verify judges them), where no name ``read`` by OCR lies already."""
    from redactor.find import HANDWRITTEN_READ
    from redactor.verify.visible import covered_ink

    taken = [f.bbox for f in read if f.kind == NAME]
    return [
        f
        for f in find_handwritten_names(lines, masked, rotation)
        if not covered_ink(masked, f.bbox, lines)
        and not any(f.bbox.intersection(b).area > HANDWRITTEN_READ * f.bbox.area for b in taken)
    ]


def check_masked_page(
    masked: np.ndarray,
    page: Page,
    findings: list[Finding],
    identity: Identity,
    options: MaskOptions,
    full: bool = False,
    rotation: int = 0,
    first: bool = True,
    first_read: FirstRead | None = None,
) -> list[Finding]:
    """Targets still visible on ``masked`` (the painted ``page``): re-read around ``findings``,
    or the whole page with ``full``; faces on the whole page in the ``first`` pass (see
    SelfCheckSettings.whole_page_faces). Names the ``first_read`` judged someone else's where
    they lie are left (FirstRead)."""
    # Text and seals are read on light paper (a night-mode page as its negative, as mask found
    # them: detect.paper); faces on the page as painted.
    light = 255 - masked if on_dark_paper(page.image) else masked
    left = _check_masked_page(
        (light, masked), page, findings, identity, options, full, rotation, first
    )
    if first_read is None:
        return left
    return [f for f in left if not first_read.judged_someone_else(f)]


def _check_masked_page(
    images: tuple[np.ndarray, np.ndarray],
    page: Page,
    findings: list[Finding],
    identity: Identity,
    options: MaskOptions,
    full: bool,
    rotation: int,
    first: bool,
) -> list[Finding]:
    s = SELF_CHECK
    masked, painted = images  # on light paper, and as painted (for faces)
    if full:
        whole = Page(page.file, page.number, masked, page.dpi)
        ocr = ocr_page(whole)
        left = find_identity(ocr.lines, identity)
        if options.signatures:
            left += [
                f
                for f in find_signatures(ocr.lines, masked, ocr.rotation)
                if not is_fill(masked, f.bbox)
            ]
            left += _handwritten_left(masked, ocr.lines, ocr.rotation, left)
        if options.seals != "off":
            left += _seals_left(masked, page, identity, options, None)
        if options.eyes != "off":
            left += _eyes_left(painted, options, None, ocr.rotation)
        return left
    lines = _read_all(masked, _text_windows(findings, s, masked, options, page), rotation)
    left = find_identity(lines, identity)
    if options.signatures and any(_handwritten(f) for f in findings):
        # The windows round a hand-written name whose fill has ink against it hold its label.
        left += _handwritten_left(masked, lines, rotation, left)
    everywhere = (
        first
        and s.whole_page_faces
        and options.eyes != "off"
        and any(f.kind == EYES for f in findings)
    )
    if everywhere:
        left += _faces_everywhere(painted, page, findings, options, rotation)
    for f in findings:
        b = f.bbox
        window = b.expand(s.around_shape * max(b.width, b.height))
        if f.kind == SEAL and options.seals != "off":
            left += _seals_left(masked, page, identity, options, window, f.detail.get("ink"))
        elif f.kind == EYES and options.eyes != "off" and not everywhere:
            left += _eyes_left(painted, options, window, rotation, None, [f])
    return left


def missed_findings(
    page: Page,
    findings: list[Finding],
    identity: Identity,
    options: MaskOptions,
    rotation: int = 0,
    first_read: FirstRead | None = None,
) -> tuple[list[Finding], dict[str, Any]]:
    """For planners that paint later: the findings mask's check adds to ``findings`` (what it
    still found on the page painted with them), and what the audit records. ``first_read``:
    see FirstRead."""
    masked = apply_masks(page.image, [region_for(f, options) for f in findings], options.fill)
    extra: list[Finding] = []
    record: dict[str, Any] = {"mode": options.check, "passes": 0, "found": []}
    full = options.check == "full"
    recheck = findings
    for n in range(SELF_CHECK.max_passes):
        left = check_masked_page(
            masked, page, recheck, identity, options, full, rotation, n == 0, first_read
        )
        if not left:
            return extra, record
        record["passes"] += 1
        record["found"] += [{"kind": f.kind, "bbox": f.bbox.to_list()} for f in left]
        masked = apply_masks(masked, [region_for(f, options) for f in left], options.fill)
        extra += left
        recheck, full = left, False
    if check_masked_page(
        masked, page, recheck, identity, options, False, rotation, False, first_read
    ):
        raise _unfixed(page, recheck)
    return extra, record


def _unfixed(page: Page, left: list[Finding]) -> SelfCheckError:
    kinds = ", ".join(sorted({f.kind for f in left}))
    return SelfCheckError(
        f"page {page.number}: {kinds} still found after masking it "
        f"{SELF_CHECK.max_passes} more times; check this page by hand"
    )


def self_check(
    page: Page,
    masked: np.ndarray,
    findings: list[Finding],
    identity: Identity,
    options: MaskOptions,
    rotation: int = 0,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Check the painted page and mask what is still found; returns the page and what the
    audit records. Raises SelfCheckError when a target survives every extra pass."""
    full = options.check == "full"
    record: dict[str, Any] = {"mode": options.check, "passes": 0, "found": []}
    recheck = findings
    for n in range(SELF_CHECK.max_passes):
        left = check_masked_page(
            masked, page, recheck, identity, options, full, rotation, first=n == 0
        )
        if not left:
            return masked, record
        record["passes"] += 1
        record["found"] += [{"kind": f.kind, "bbox": f.bbox.to_list()} for f in left]
        masked = apply_masks(masked, [region_for(f, options) for f in left], options.fill)
        recheck, full = left, False
    if check_masked_page(masked, page, recheck, identity, options, False, rotation, first=False):
        raise _unfixed(page, recheck)
    return masked, record
