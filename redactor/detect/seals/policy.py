"""Policy: which seals are masked under ``--seals unit``, and whose name a seal's text carries."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from redactor.detect.match import is_han, normalise
from redactor.detect.seals.geometry import longest_run
from redactor.options import Identity
from redactor.types import SEAL_COLOUR, BBox, Finding

# A seal's reading is trusted (for --seals unit) only at this mean recogniser confidence and
# length: below them a garbled reading of the unit's own seal could pass for another body's.
LEGIBLE_CONFIDENCE = 0.85
LEGIBLE_CHARS = 4
# A reading that begins as the unit's name does and ends as it does, each over at least
# FRAMED_ENDS characters (its region, its kind of body: 博尔塔…学院), with about as many
# characters between (its length within FRAMED_LENGTH of the name's), is the unit's own seal read
# with slips in its middle, not another body's: a faint arc read 博尔塔立识业支夫耻才学院 for
# 博尔塔拉职业技术学院 (bench.seals 581 faint page 7; 立/拉, 识/职, 支/技, 夫/术 each a part or a
# look-alike of the glyph under it). Another body of the unit's region has a kind of its own
# (…人力资源和社会保障局, …人民政府); one of the same region and kind is masked (as a sibling is).
FRAMED_ENDS = 2
FRAMED_LENGTH = (0.75, 1.34)


@dataclass(frozen=True)
class FaceSealSettings:
    """When a "seal" found is a face found there: mask then masks the face's eyes and not the
    "seal", verify judges the face's eyes and not the "seal"."""

    # A "seal" whose box a face found fills at least this share of (and holds its centre) is
    # that face: red lips, a red top and the hair's outline round a face make a red ring
    # (main bench 2481 a02/016_word_photo, a woman looking up in a Word export's photo: a
    # seal_colour "seal" at 0.43, the face 0.47 of its box, masked as a disc over the whole
    # face), and on mask's output a masked face's black band raises the ring test's inner ink
    # (probes round 16: a portrait on an activity photo, taken with a phone: 0.34). A seal's
    # star taken for a face fills about a fifteenth of its seal, and the face of a one-inch
    # photo a seal is stamped over about a seventh.
    face_share: float = 0.25
    # Mask asks more before it leaves a "seal" unmasked (a seal left is a leak, a face's disc
    # an over-mask): the ring a face makes is centred on it, its box's centre within this
    # share of the face box's longer side from the face's (2481's: 0.13). A real seal stamped
    # over a portrait's corner, as on a certificate, is centred on that corner, a face's
    # length and more from the face's centre.
    mask_centre_offset: float = 0.35


FACE_SEAL = FaceSealSettings()


def is_a_face(
    box: BBox, faces: Sequence[BBox], centred: bool = False, s: FaceSealSettings = FACE_SEAL
) -> bool:
    """Whether a seal found at ``box`` is one of the ``faces`` found on the page (see
    FaceSealSettings); with ``centred`` (mask's question), only a "seal" centred on the face."""
    return any(
        box.holds_centre_of(f)
        and f.intersection(box).area >= s.face_share * box.area
        and (
            not centred
            or math.dist((box.cx, box.cy), (f.cx, f.cy))
            <= s.mask_centre_offset * max(f.width, f.height)
        )
        for f in faces
    )


def seal_is_legible(seal: Finding) -> bool:
    """Whether a seal was read well enough to judge whose it is: in colour (on a grey copy the
    print under a seal reads as part of it), whole on the page (a seal cut by the edge shows
    part of its name), with enough Chinese characters read confidently."""
    return (
        seal.source == SEAL_COLOUR
        and sum(map(is_han, normalise(seal.text))) >= LEGIBLE_CHARS
        and float(seal.detail.get("read_confidence", 0.0)) >= LEGIBLE_CONFIDENCE
        and float(seal.detail.get("inside", 1.0)) >= 0.97
    )


def seals_to_mask_for_unit(seals: Sequence[Finding], identity: Identity) -> list[Finding]:
    """``--seals unit``: the seals to mask. Only a seal read clearly as naming neither the unit
    nor the applicant stays visible. A seal overlapping another is masked whatever it reads:
    the unwrapped arc of one picks up the other's text. A personal name seal (``detail
    ["name_seal"]``, NameSealTest) is masked whatever it reads: it carries a person's name, 2-4
    characters that a reading of a small stamp may get wrong, and a body's seal is no such
    stamp."""

    def overlapped(s: Finding) -> bool:
        a = s.bbox
        return any(
            a.intersection(o.bbox).area > 0.05 * min(a.area, o.bbox.area)
            for o in seals
            if o is not s
        )

    return [
        s
        for s in seals
        if not seal_is_legible(s)
        or s.detail.get("name_seal", False)
        or seal_names_identity(s.text, identity)
        or not _names_another_body(s.text, identity)
        or overlapped(s)
    ]


def _names_another_body(text: str, identity: Identity) -> bool:
    """Whether a reading is clearly some other body's name rather than (part of) the unit's: it
    has four characters in a row that the unit's name lacks (人力资源和社会保障局 against
    ...人民医院), or half its characters are ones the unit's name lacks (博乐市人民政府). A
    fragment of the unit's name, in any order, with noise around it (局博尔塔拉时完成, a square
    seal read sideways) is neither."""
    got = normalise(text)
    for name in (identity.unit, *identity.unit_aliases):
        want = normalise(name)
        if not any(map(is_han, want)):
            continue
        if _framed_by(got, want):
            return False
        foreign = np.array([[ch not in want for ch in got]], bool)
        if int(longest_run(foreign)[0]) < 4 and foreign.sum() < 0.5 * len(got):
            return False
    return True


def _framed_by(got: str, want: str) -> bool:
    """Whether ``got`` begins and ends as ``want`` does (FRAMED_ENDS characters each, not
    overlapping) and is about as long (FRAMED_LENGTH)."""
    n = FRAMED_ENDS
    lo, hi = FRAMED_LENGTH
    return (
        len(want) >= 2 * n
        and lo * len(want) <= len(got) <= hi * len(want)
        and len(got) >= 2 * n
        and got[:n] == want[:n]
        and got[-n:] == want[-n:]
    )


def seal_names_identity(text: str, identity: Identity) -> bool:
    """Whether a seal's text names the unit (see seal_names_unit) or the applicant: a personal
    seal (私章, 名章) carries the name itself."""
    got = normalise(text)
    names = (normalise(n) for n in (identity.name, *identity.aliases))
    return seal_names_unit(text, identity) or any(len(n) >= 2 and n in got for n in names)


def seal_names_unit(text: str, identity: Identity) -> bool:
    """Whether a seal's text names the applicant's unit (or one of its aliases).

    Seal text reads noisily: curved glyphs and ink over print give slips and lost characters, the
    arc may be read from the wrong starting point, and a square seal read in the wrong quarter
    turn gives its characters in another order. A missed unit seal fails the review, while a
    masked seal of another body costs little, so the match leans to "yes". The unit's name is
    split into its region (up to the last 省/市/县/区/州/旗/盟 near the start) and its distinctive
    part; the text names the unit when
    - the whole name is in it with at most a quarter of its characters wrong, and the
      distinctive part with at most half; or
    - the distinctive part is in it with at most a quarter wrong; or
    - four fifths of the name's characters and three fifths of the distinctive part's are in it,
      in any order; or
    - it is itself most of the name (the arc's ends lost), with at most one slip in eight.
    So a body of the same region ("...人力资源和社会保障局" for "...人民医院") does not match, but a
    sibling differing in two characters ("...中医医院") does."""
    got = normalise(text)
    if len(got) < 2:
        return False
    hay = got + got  # the arc is a loop: its reading may start anywhere
    for name in (identity.unit, *identity.unit_aliases):
        want = normalise(name)
        if len(want) < 2:
            continue
        core = _distinctive(want)
        if (
            _edits_within(want, hay) <= max(1, len(want) // 4)
            and _edits_within(core, hay) <= len(core) // 2
        ):
            return True
        if _holds_distinctive(core, hay):
            return True
        if _shared(want, got) >= 0.8 * len(want) and _shared(core, got) >= 0.6 * len(core):
            return True
        if (
            len(got) >= max(LEGIBLE_CHARS, 0.6 * len(want))
            and _edits_within(got, want) <= len(got) // 8
        ):
            return True
    return False


_REGION_ENDS = set("省市县区州旗盟")


def _distinctive(name: str) -> str:
    """The name without its leading region (博尔塔拉蒙古自治州, 博乐市): what tells the unit from
    the other bodies of its region. The whole name when it has no region or nothing after it."""
    cut = 0
    for i, ch in enumerate(name[:-2]):
        if ch in _REGION_ENDS:
            cut = i + 1
    return name[cut:] if len(name) - cut >= 2 else name


def _holds_distinctive(core: str, hay: str) -> bool:
    """Whether ``hay`` holds the unit's distinctive part ``core`` (three characters or more)
    with at most one slip in four."""
    return len(core) >= 3 and _edits_within(core, hay) <= len(core) // 4


def _edits_within(needle: str, hay: str) -> int:
    """Fewest single-character edits that turn ``needle`` into some stretch of ``hay``."""
    prev = [0] * (len(hay) + 1)  # a stretch may start anywhere in hay
    for i, a in enumerate(needle, 1):
        cur = [i] + [0] * len(hay)
        for j, b in enumerate(hay, 1):
            cur[j] = min(prev[j - 1] + (a != b), prev[j] + 1, cur[j - 1] + 1)
        prev = cur
    return min(prev)


def _shared(want: str, got: str) -> int:
    """How many of ``want``'s characters (with repeats) ``got`` has, in any order."""
    return sum((Counter(want) & Counter(got)).values())


def seal_reads_as_unit(text: str, identity: Identity) -> bool:
    """Whether a seal's reading is the unit's own name, not a sibling's or a body's of its
    region: the name's distinctive part in it with at most one slip in four (…人医院 for
    …人民医院; …中医医院 and …人民政府 are not), and nothing clearly another body's. Stricter than
    seal_names_unit, which leans to "yes" to mask a seal: what reads so decides whose text runs
    under the seal (match.units_cut_by_seals)."""
    hay = normalise(text) * 2  # the arc is a loop: its reading may start anywhere
    for name in (identity.unit, *identity.unit_aliases):
        core = _distinctive(normalise(name))
        if any(map(is_han, core)) and _holds_distinctive(core, hay):
            return not _names_another_body(text, identity)
    return False
