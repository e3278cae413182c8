"""A unit read in two pieces either side of a fill on one line (博尔塔拉蒙 [fill] 草原局): the
fill hid the middle only, and a reader who sees the start and the end of the unit on one line
knows it. OCR reads the pieces as two lines, neither of which is the unit, so the matcher alone
passes such a page. Likewise a unit whose head or tail alone shows beside a fill (a seal's
round fill over the rest: 单位（盖章）[fill]州人民医院)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from redactor.detect.match import (
    Target,
    build_targets,
    leading_places,
    pinyin_names_cut,
    unit_ends_cut,
)
from redactor.options import Identity
from redactor.types import NAME, UNIT, BBox, TextLine
from redactor.verify.cover import COVER, crop_box, flat_share, grey_levels, pixels_round
from redactor.verify.reasons import Reason


@dataclass(frozen=True)
class PieceSettings:
    """When two OCR lines are the two ends of the unit around a fill."""

    # Both pieces show at least this many characters of the unit (one shared character, 局 or
    # 县, is any organisation's) ...
    min_piece: int = 2
    # ... and together this share of it: half the unit in view names it.
    min_share: float = 0.5
    # The two lines lie on one row: their vertical overlap is this share of the shorter one's
    # height, and the gap between them at most this many line heights (a seal's fill).
    same_row: float = 0.5
    max_gap: float = 12.0
    # The gap is a fill: this share of it one flat colour, darker than paper.
    gap_flat: float = 0.6


PIECES = PieceSettings()


def _head(text: str, unit: str) -> int:
    """Length of the longest end of ``text`` that starts ``unit``."""
    text = text.strip()
    return max(
        (n for n in range(1, min(len(text), len(unit)) + 1) if unit.startswith(text[-n:])),
        default=0,
    )


def _tail(text: str, unit: str) -> int:
    """Length of the longest start of ``text`` that ends ``unit``."""
    text = text.strip()
    return max(
        (n for n in range(1, min(len(text), len(unit)) + 1) if unit.endswith(text[:n])), default=0
    )


def _gap_is_fill(image: np.ndarray, gap: BBox, s: PieceSettings) -> bool:
    pixels = crop_box(image, gap)
    if pixels.size == 0:
        return False
    dark = float(np.median(grey_levels(pixels))) < COVER.paper_grey
    return dark and flat_share(pixels) >= s.gap_flat


def _same_row(a: BBox, b: BBox, s: PieceSettings) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    height = max(1.0, min(a.height, b.height))
    gap = b.x0 - a.x1
    return overlap >= s.same_row * height and 0 < gap <= s.max_gap * height


def split_unit_reasons(
    image: np.ndarray, lines: list[TextLine], identity: Identity, s: PieceSettings = PIECES
) -> list[Reason]:
    """``visible_text`` (kind unit) where one line ends with the unit's start and the next on
    its row, across a fill, begins with the unit's end. ``lines`` and ``image`` upright."""
    units = [u for u in (identity.unit, *identity.unit_aliases) if not u.isascii()]
    reasons = []
    for a in lines:
        for b in lines:
            ab, bb = a.quad.bbox, b.quad.bbox
            if a is b or not _same_row(ab, bb, s):
                continue
            for unit in units:
                head, tail = _head(a.text, unit), _tail(b.text, unit)
                if (
                    min(head, tail) >= s.min_piece
                    and head + tail <= len(unit)
                    and head + tail >= s.min_share * len(unit)
                    and _gap_is_fill(image, BBox(ab.x1, ab.y0, bb.x0, ab.y1), s)
                ):
                    box = ab.union(bb)
                    seen = f"{a.text.strip()[-head:]}…{b.text.strip()[:tail]}"
                    reasons.append(Reason("visible_text", UNIT, _int_box(box), seen))
                    break
    return reasons


@dataclass(frozen=True)
class EndAtFillSettings:
    """When a place beside a line is under a fill, for a unit's head or tail that shows there
    (how much of the unit is the matcher's: ``match.OwnSealCutSettings``, as mask masks a
    unit's end at its own seal). Probes round 19's vector form (m09) as round 19's start code
    masked it: 单位（盖章）：[the seal's round fill]州人民医院, which verify passed."""

    # The place (a glyph's place beyond the line's end, one line height along it) is judged
    # in a square this many line heights wide: at least ``flat`` of it one colour ...
    window: float = 1.0
    flat: float = 0.6
    # ... which is not the line's ground: some channel more than this from the median colour
    # of a band ``band`` line heights wide round the line (a coloured certificate's ground
    # reaches past a line's end as paper does; a fill of any colour differs from it).
    ground_delta: float = 24.0
    band: float = 0.5
    # A head or tail in view holds at least this many glyphs besides the share: a short
    # unit's third (博州医院's 医院) is any hospital's. Lines holding fewer of the unit's glyphs
    # than one less (the glyph at the fill may be misread) are not looked at.
    min_shown: int = 4
    # A head in view reaches at least this many glyphs past the place names the unit starts
    # with (match.leading_places; the glyph at the fill, which may be misread, counted): the
    # prefecture's 博尔塔拉蒙古自治州 starts every unit of the prefecture, and names none of
    # them, as 人民医院 names no hospital (bench.verify 81 r020: the issuer's
    # 博尔塔拉蒙古自治州人力资源和社会保障局 under the seal's pixelate from 治 to 和, read
    # 博尔塔拉蒙古目 before it, failed the page for the applicant's 博尔塔拉蒙古自治州林业和
    # 草原局). 博尔塔拉蒙古自治州人民 before a fill is a leak; ...州人 is any of the prefecture's
    # people's bureaus.
    past_place: int = 2


END_AT_FILL = EndAtFillSettings()


def unit_ends_at_fills(
    image: np.ndarray, lines: list[TextLine], identity: Identity, s: EndAtFillSettings = END_AT_FILL
) -> list[Reason]:
    """``visible_text`` (kind unit) where a line ends with the unit's head before a fill or
    begins with its tail after one (see EndAtFillSettings). Chinese units only: a Latin
    alias's share (a quarter: "People's Hospital") is any hospital's, which mask takes only
    where the seal beside it reads as the unit. Each unit's own full form only: a short form's
    share (博州人民医院's 人民医院) is again any hospital's. ``lines`` and ``image`` upright."""
    targets = _full_han_units(identity)
    glyphs = {c for t in targets for c in t.text}
    reasons = []
    for line in lines:
        # The pixels are looked at only round a line that holds some of the unit's glyphs.
        if sum(c in glyphs for c in line.text) < s.min_shown - 1:
            continue
        under = _fill_beside(image, line, s)
        for target in targets:
            place = len(leading_places(target.text))
            for f, _, on in unit_ends_cut([line], [target], under):
                # ``on`` 1: a head running into the fill; -1: a tail coming out of it.
                n = len(f.text.replace(" ", ""))
                if n >= s.min_shown and (on < 0 or n >= place + s.past_place):
                    reasons.append(Reason("visible_text", UNIT, _int_box(f.bbox), f.text))
    return reasons


def names_at_fills(
    image: np.ndarray, lines: list[TextLine], identity: Identity, s: EndAtFillSettings = END_AT_FILL
) -> list[Reason]:
    """``visible_text`` (kind name) where a line holds the applicant's pinyin name less a
    letter or two at a fill (match.NameSealCutSettings): a seal's fill over its first
    letters, the rest in view (main bench seed 2521's 013_eseal_unit as the start code masked
    it: OU Zhiqiang beside the seal's round fill, which verify passed). ``lines`` and ``image``
    upright."""
    names = [t for t in build_targets(identity) if t.person and t.latin]
    reasons = []
    for line in lines if names else ():
        for f, _, _ in pinyin_names_cut([line], names, _fill_beside(image, line, s)):
            reasons.append(Reason("visible_text", NAME, _int_box(f.bbox), f.text))
    return reasons


def _fill_beside(
    image: np.ndarray, line: TextLine, s: EndAtFillSettings
) -> Callable[[np.ndarray], bool]:
    """Whether a place of the page (x, y) beside ``line`` is under a fill (``_fill_at`` on the
    line's ground and height; never where the line has no ground round it). The ground is
    measured when a place is first asked about: most lines hold too little of the name or the
    unit for any place to be."""
    height = line.quad.height
    grounds: list[np.ndarray | None] = []

    def under(point: np.ndarray) -> bool:
        if not grounds:
            grounds.append(_ground(image, line, s))
        ground = grounds[0]
        return ground is not None and _fill_at(image, point, height, ground, s)

    return under


def _full_han_units(identity: Identity) -> list[Target]:
    """The Chinese unit targets that are no shorter form of another: 博尔塔拉蒙古自治州人民医院,
    not 博尔塔拉州人民医院 or 博州人民医院 (their glyphs in order within it)."""
    units = [t for t in build_targets(identity) if t.kind == UNIT and not t.person and not t.latin]
    return [t for t in units if not any(_shorter_form(t.text, o.text) for o in units)]


def _shorter_form(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` with some of its glyphs left out."""
    rest = iter(long)
    return len(short) < len(long) and all(c in rest for c in short)


def _ground(image: np.ndarray, line: TextLine, s: EndAtFillSettings) -> np.ndarray | None:
    """The median colour of a band round ``line``'s box (the ground the line is printed on)."""
    h, w = image.shape[:2]
    b = line.quad.bbox
    pad = max(2, int(round(s.band * b.height)))
    x0, y0 = max(0, int(b.x0)), max(0, int(b.y0))
    x1, y1 = min(w, int(np.ceil(b.x1))), min(h, int(np.ceil(b.y1)))
    around = pixels_round(image, (x0, y0, x1, y1), pad)
    if not len(around):
        return None
    return np.median(around.astype(np.float32), axis=0)


def _fill_at(
    image: np.ndarray, point: np.ndarray, height: float, ground: np.ndarray, s: EndAtFillSettings
) -> bool:
    """Whether a square round ``point`` is mostly one colour that is not ``ground``."""
    half = max(2.0, s.window * height / 2)
    x, y = float(point[0]), float(point[1])
    pixels = crop_box(image, BBox(x - half, y - half, x + half, y + half))
    if pixels.size == 0 or flat_share(pixels) < s.flat:
        return False
    colour = np.median(pixels.reshape(-1, pixels.shape[-1] if pixels.ndim == 3 else 1), axis=0)
    return bool(np.abs(colour.astype(np.float32) - ground).max() > s.ground_delta)


def _int_box(b: BBox) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = b.to_list()
    return (x0, y0, x1, y1)
