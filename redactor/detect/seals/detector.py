"""The detector's stages in order: ink masks, proposals, fitting, judging, reading."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import replace

import cv2
import numpy as np

from redactor.detect.seals.combs import without_combs
from redactor.detect.seals.fit import (
    box_from_corners,
    box_from_edges,
    ink_extent,
    outer_rim,
    refine,
    refine_box,
    snap_rim,
)
from redactor.detect.seals.geometry import Candidate, Shape, polar, share
from redactor.detect.seals.ground import ground_relative
from redactor.detect.seals.ink import coloured_ink, ink_planes, masks_of
from redactor.detect.seals.judge import (
    accept_ring,
    beside_rules,
    black_share,
    centre_mark,
    clean_grey_frame,
    clean_ring,
    column_glyph,
    core_box_passes,
    drawn_ring,
    empty_frame_on_print,
    faint_oval_stamp,
    faint_rim,
    faint_stamp_rim,
    faint_star_rim,
    faintest_star_rim,
    framed_number,
    has_content,
    has_faint_text,
    ink_at_centre,
    inner_frame,
    is_frame,
    lone_rim,
    patchy_look,
    patchy_stamp,
    pen_ring,
    ring_evidence,
    same_seal,
    select_seals,
    star_rim,
    title_glyph,
    whole_colour_rim,
    whole_rim,
)
from redactor.detect.seals.name_seal import (
    grey_name_seals,
    grey_yang_name,
    name_seals,
    pale_name_seals,
)
from redactor.detect.seals.paper import photographed_paper
from redactor.detect.seals.photos import photo_masks, with_photo_corner_seals
from redactor.detect.seals.propose import (
    component_proposals,
    end_squares,
    hough_proposals,
    promising,
    remove_lines,
    ring_contrast,
    ring_filter_proposals,
    ring_likely,
    rule_length,
    size_limits,
)
from redactor.detect.seals.read import read_arc
from redactor.detect.seals.settings import (
    BOX_FIT,
    COLOUR_RING,
    FAINT_RIM,
    FAINT_STAMP,
    GREY_BOX,
    GREY_SEARCH,
    LIGHT_RIM,
    LONE_RIM,
    NAME_SEAL,
    OUTLINE,
    OVERLAP,
    PAPER_EDGE,
    PATCHY_STAMP,
    SEARCH,
    SMALL_GREY,
    STAR_RIM,
)
from redactor.detect.seals.slices import with_edge_slices
from redactor.detect.seals.tint import lift_tints
from redactor.types import SEAL, SEAL_COLOUR, SEAL_STRUCTURE, BBox, Finding, Page, Quad


def _evaluate(
    mask: np.ndarray,
    props: list[Shape],
    ink: str,
    grey: bool,
    judge: np.ndarray | None = None,
    dark: np.ndarray | None = None,
    core: np.ndarray | None = None,
    faintest: np.ndarray | None = None,
    thin_rims: bool = False,
    unruled: np.ndarray | None = None,
    rims_only: bool = False,
    strict: np.ndarray | None = None,
    faint_rims: bool = False,
    trace: np.ndarray | None = None,
    under: bool = False,
) -> list[Candidate]:
    """Refine each proposal on ``mask`` (and on ``core``, the thick strokes only, when given) and
    keep those whose ring test on ``judge`` (default ``mask``) passes. ``faintest`` (colour ink
    at its faintest) holds the arc text of a faint stamp with a clean rim, ``trace`` (fainter
    still) that of a faint oval stamp (FaintStampTest.oval_*); ``unruled`` is
    ``judge`` without the form's straight rules, for that stamp's rim test; ``strict`` the strict
    colour mask, where a faint stamp's rim is not whole (FaintStampTest). ``thin_rims``: the
    proposals are faint rims of a grey copy, promising at the lighter level. ``rims_only``: the
    proposals are the ring filter's, kept only as a small seal's lone rim or clean frame.
    ``faint_rims`` (with ``rims_only``): the ring filter's peaks at the faint level, whose rims
    are snapped and looked for there (FaintRimTest). ``under``: the proposals lie under seals
    already accepted, whose fills ``mask`` and ``judge`` hide (judge.accept_ring)."""
    judge = mask if judge is None else judge
    # grey pages: a lenient mask for thin arc text that the photocopy has nearly lost
    faint = None if dark is None else (dark > GREY_SEARCH.faint_dark).astype(np.float32)
    # ...and one for a rim whose faint stretch (uneven pad pressure) the copy left below the ink
    # level: about half of it
    light = None if dark is None else (dark > GREY_SEARCH.light_dark).astype(np.float32)

    # colour rings refused for their content alone, and the whole rims seen (a seal whose inside
    # another seal's rim crosses: OverlapSettings.crossing_rim)
    content_only: list[Candidate] = []
    rims: list[Shape] = []

    def cand(s: Shape) -> Candidate:
        c = Candidate(s, ring_evidence(judge, s), src, ink)
        if not grey and whole_colour_rim(c.ring):
            rims.append(s)
        if faint is not None and c.ring.inner < (0.05 if s.kind == "box" else 0.015):
            # photocopies can lose most of the thin arc text but keep the thick ring
            c.extra["faint_inner"] = ring_evidence(faint, s).inner
        if dark is not None and s.kind == "box":
            c.extra["black"] = black_share(dark, s)
        return c

    src = SEAL_STRUCTURE if grey else SEAL_COLOUR
    out: list[Candidate] = []
    rank_on = light if light is not None else judge
    # the level a small seal's thin rim is snapped on: the lighter one, or the faint one for a
    # rim the copy left whole only there (FaintRimTest)
    rim_level = faint if faint_rims else light
    # ...and, for those, the level below it, where a rim fainter still runs round (FaintRimTest)
    faintest_rim = (
        None if dark is None or not faint_rims else (dark > FAINT_RIM.dark).astype(np.float32)
    )
    look_on = rim_level if faint_rims else (light if thin_rims else None)
    for p in _within_budget(_worth_a_look(props, judge, look_on), out, thin_rims, rank_on):
        if p.kind == "box":
            shapes = [s for s in ((None if grey else p), refine_box(mask, p)) if s]
            if core is not None:
                shapes += [s for s in (refine_box(core, p),) if s]
            shapes += [e for s in shapes for e in _unstretched(s)]
        else:
            round_ = abs(p.rx - p.ry) < 0.15 * p.r
            pol = 2 if grey else 0
            fitted = refine(mask, p, polish=pol)
            # an oval's second fit is the same call as its first: fitted once
            circled = refine(mask, p, circle=True, polish=pol) if round_ else fitted
            shapes = [s for s in (fitted, circled) if s]
            if light is not None and p.r <= SMALL_GREY.small_max_r * min(mask.shape):
                # a small seal's thin rim that print crosses pulls the fits above off it: the
                # outline moved onto the one radius where the rim runs round (RimSnapSettings)
                shapes += [s for s in (snap_rim(rim_level, p),) if s]
                if faintest_rim is not None:
                    shapes += [s for s in (snap_rim(faintest_rim, p),) if s]
            if grey:  # a square seal over print: the refined round fits drift off its frame
                box = box_from_edges(mask, p)
                if box is not None:
                    shapes.append(box)
            if core is not None:
                # print next to an oval's ring or a frame pulls the fits above off it; on the
                # thick strokes alone the rim's edge is all there is to fit
                shapes += [s for s in (refine(core, p, polish=pol), box_from_edges(core, p)) if s]
        shapes += _turned_boxes(mask, shapes) if grey else _leaning(mask, shapes)
        snapped: list[Shape] = []
        if rims_only and light is not None and p.r <= SMALL_GREY.small_max_r * min(mask.shape):
            # a small frame that print crosses: its box comes at the angle of the print touching
            # it, or stretched onto a glyph; snapped, it turns onto the frame (RimSnapSettings).
            # The ring filter's peaks only: snapping every small box of the other lists cost
            # 40% more CPU on a grey page and found nothing they did not
            snapped = [f for s in shapes if s.kind == "box" for f in (snap_rim(rim_level, s),) if f]
        for s, rim_only in [(s, rims_only) for s in shapes] + [(s, True) for s in snapped]:
            c = cand(s)
            if core is not None and s.kind == "box" and not accept_ring(c, grey):
                # a square frame over print: the print spoils its edge and the ink outside it;
                # on the thick strokes alone the frame stands clear (issue 10, item 6)
                cc = ring_evidence(core, s)
                if core_box_passes(cc):
                    # its text is thin print too: the opening took it, the faint level has it
                    inner = {} if faint is None else {"faint_inner": ring_evidence(faint, s).inner}
                    c = replace(c, ring=cc, extra={**c.extra, **inner, "core_box": 1.0})
            if s.kind == "ellipse" and c.ring.coverage >= 0.8 and c.ring.row < 0.97:
                # a square seal that a round fit only approximates: try its box too
                box = box_from_edges(mask, s)
                boxes = [] if box is None else [box, *_unstretched(box)]
                if box is not None and not grey:
                    boxes += _leaning(mask, [box])
                elif not grey:
                    # a square seal photographed at a slant into a long parallelogram: no
                    # rectangle fits it, its four corners do (seed 161 perspective page 2)
                    boxes += [b for b in (box_from_corners(mask, s),) if b]
                tried = [cand(b) for b in boxes]
                for cb in tried:
                    if accept_ring(cb, grey) and cb.score > c.score:
                        c = cb
            else:
                tried = []
            c = _on_light(c, light, grey)
            if light is not None and not accept_ring(c, grey):
                # a faint frame on a grey copy, whole at the lighter level only: its box, when
                # nothing else of this fit passes (seed 7 grey_lowres page 8)
                lit = [_on_light(cb, light, grey) for cb in tried]
                c = max([cb for cb in lit if accept_ring(cb, grey)] or [c], key=lambda x: x.score)
            if (
                light is not None
                and faint is not None
                and c.shape.kind == "ellipse"
                and c.shape.r <= SMALL_GREY.small_max_r * min(mask.shape)
                and star_rim((judge, light, faint), c.shape)
            ):
                # a small round seal over print with its star: a lone rim at some level, which
                # a red 〇 round a word is too, and a star where the 〇 holds print (StarRimTest)
                out.append(replace(c, extra={**c.extra, "star_rim": 1.0}))
                continue
            if (
                light is not None
                and c.shape.kind in LONE_RIM.shapes
                and c.shape.r <= SMALL_GREY.small_max_r * min(mask.shape)
                # a rim snapped or proposed by the ring filter is judged only here or as a
                # clean frame below: an oval one that the ring tests accept as well is no less
                # a lone rim than one they refuse, when it is whole with its text inside, as a
                # small oval seal's on a low-resolution copy (seed 581 grey_lowres pages 2 and
                # 3: in white space, its text at the faint level; over a table's print). Not a
                # round one: a ring drawn round a word holds print as a seal holds its star
                # (distractor_grey 41/0; StarRimTest.round_max_elongation); nor the 由 of 聘,
                # its rim joined to the rest of the glyph (vertical_text 581/7)
                and (
                    not accept_ring(c, grey)
                    or (rim_only and _oval_seal_inside(c, judge, faint, grey))
                )
                and lone_rim(light, c.shape)
                and not title_glyph(judge, c.shape)
                and (
                    c.shape.kind != "box"
                    or (
                        is_frame(light, c.shape, text_bands=False, reach=LONE_RIM.frame_reach)
                        and not inner_frame(light, c.shape)
                    )
                )
            ):
                # a small square seal over print: at the lighter level its frame stands out
                # from the print at every other distance (issue 10, item 6)
                out.append(replace(c, extra={**c.extra, "lone_rim": 1.0}))
                continue
            if (
                light is not None
                and c.shape.kind == "box"
                and c.shape.r <= SMALL_GREY.small_max_r * min(mask.shape)
                and not accept_ring(c, grey)
                and c.extra.get("black", 1.0) <= GREY_BOX.max_black
                and empty_frame_on_print(light, judge, c.shape)
            ):
                # a small square seal that lost its text, one side along a line of print
                # (EmptyFrameTest)
                out.append(replace(c, extra={**c.extra, "empty_frame": 1.0}))
                continue
            if (
                faint_rims
                and faint is not None
                and light is not None
                and (
                    faint_rim(faint, c.shape)
                    or faint_star_rim(judge, light, faint, c.shape)
                    or (faintest_rim is not None and faint_rim(faintest_rim, c.shape))
                )
            ):
                # a small seal the copy left whole only at the faint level: standing alone, or
                # over print with its star (FaintRimTest)
                out.append(replace(c, extra={**c.extra, "faint_rim": 1.0}))
                continue
            if (
                faintest_rim is not None
                and light is not None
                and faintest_star_rim(faintest_rim, light, c.shape)
            ):
                # ...or below it, its text lost, with its star at the lighter level (which
                # _starless_small_round, looking at the ink level, does not ask again)
                out.append(replace(c, extra={**c.extra, "faint_rim": 1.0, "light_star": 1.0}))
                continue
            if rim_only:
                # outlines snapped onto a ring, or the ring filter's: fitted that closely, a red
                # title's 〇 and the outer box of its 回 pass the ring tests below (seed 151
                # distractor_grey pages 4, 6, 7); a small seal's rim passes the lone-rim test
                if (
                    grey
                    and clean_grey_frame(c)
                    and accept_ring(c, grey)
                    and is_frame(_frame_level(c, judge, light), c.shape)
                ):
                    out.append(c)
                continue
            # the marks inside a faint stamp (its arc text) are as faint as its rim
            faint_seal = "faint_inner" in c.extra or "light_rim" in c.extra
            content = faint if faint_seal else judge
            # a faint stamp over print: a clean rim, its text only in the faintest mask (so
            # the lenient one may see next to nothing inside it)
            faint_text = (
                faintest is not None
                and faint_stamp_rim(beside_rules(c, unruled))
                and not _strong_empty_ring(c, strict)
                and has_faint_text(faintest, c.shape, bridge=True)
            )
            if (
                not faint_text
                and faintest is not None
                and faint_oval_stamp(c, (strict, faintest), faintest, trace, unruled)
                and not _strong_empty_ring(c, strict)
            ):
                # ...or an oval one whose rim is whole only in the faintest mask, or whose
                # text is fainter still (FaintStampTest.oval_*)
                faint_text = True
                c = replace(c, extra={**c.extra, "faint_oval": 1.0})
            if not grey and not faint_text and _starred_clean_rim(c, judge):
                # a round stamp whose text is lost (a highlighter's stroke lifted off it took
                # its arc text down to the paper's colour): its clean rim and its star
                faint_text = True
                c = replace(c, extra={**c.extra, "starred": 1.0})
            if not accept_ring(c, grey, text_elsewhere=faint_text, under=under):
                continue
            if (
                has_content(content, c.shape, grey)
                # a small grey seal that print crosses: at the ink level the print merges
                # into two marks, the seal's own text shows at the faint level (seed 7
                # grey_lowres page 1, seed 51 page 6)
                or (faint is not None and has_content(faint, c.shape, grey))
                or (not grey and clean_ring(c.ring) and has_faint_text(judge, c.shape))
                or (not grey and clean_ring(c.ring) and has_content(judge, c.shape, merged=True))
                or faint_text
                # a small square seal whose text the copy lost: its clean frame alone
                or (grey and clean_grey_frame(c))
                # a small seal on a low-resolution copy: a whole rim, and its text as faint
                # specks or its star alone (issue 10, item 6)
                or _small_seal_inside(c, judge, faint, grey)
            ):
                if _frame_ok(c, grey, mask, judge, light, core):
                    out.append(c)
            elif not grey and _frame_ok(c, grey, mask, judge, light, core):
                content_only.append(c)
    if content_only and rims:
        out += _crossed(content_only, rims, judge, out)
    return out


def _oval_seal_inside(
    c: Candidate, judge: np.ndarray, faint: np.ndarray | None, grey: bool
) -> bool:
    """An oval (longer than StarRimTest.round_max_elongation) small seal on a low-resolution
    grey copy, whole with its text inside (``_small_seal_inside``)."""
    sh = c.shape
    oval = max(sh.rx, sh.ry) > STAR_RIM.round_max_elongation * min(sh.rx, sh.ry)
    return sh.kind == "ellipse" and oval and _small_seal_inside(c, judge, faint, grey)


def _small_seal_inside(
    c: Candidate, judge: np.ndarray, faint: np.ndarray | None, grey: bool
) -> bool:
    """A small seal on a low-resolution grey copy (SmallGreySealTest): its rim whole at one
    radius, and inside it its text (as specks at the faint level, or at the ink level where
    print beside it merges with them at the faint one) or its star."""
    return (
        faint is not None
        and whole_rim(c.ring)
        and (
            has_content(faint, c.shape, grey)
            or has_content(judge, c.shape, grey)
            or centre_mark(judge, c.shape)
        )
    )


def _starred_clean_rim(c: Candidate, judge: np.ndarray) -> bool:
    """A colour rim drawn whole at one radius that ends cleanly (CleanRingTest), round (a star
    is a round seal's: StarRimTest.round_max_elongation), with a single mark of a star's size at
    its centre (judge.centre_mark) and nothing else inside (under ColourRingTest.min_inner,
    where the ring test would refuse it as empty): a round stamp whose text is gone (seed 471
    highlighter page 5: under a yellow stroke its arc text was lifted with the tint, inside
    0.008). A red 〇 has nothing at its centre; a ring round a word has the word's other glyphs
    beside the one at its centre; a pen loop does not end cleanly all round."""
    sh = c.shape
    if sh.kind != "ellipse" or c.ring.inner >= COLOUR_RING.min_inner:
        return False  # something inside besides a star: the usual tests judge it
    if max(sh.rx, sh.ry) > STAR_RIM.round_max_elongation * min(sh.rx, sh.ry):
        return False
    return clean_ring(c.ring) and centre_mark(judge, sh)


def _frame_ok(
    c: Candidate,
    grey: bool,
    mask: np.ndarray,
    judge: np.ndarray,
    light: np.ndarray | None,
    core: np.ndarray | None,
) -> bool:
    """A box's frame test (judge.is_frame) on the level its ring passed on; round rims pass.
    On grey copies a box with a second frame whole inside it is a 回 (judge.inner_frame)."""
    if grey and c.shape.kind == "box" and inner_frame(judge, c.shape):
        return False
    return (
        c.shape.kind != "box"
        or is_frame(
            core if "core_box" in c.extra and core is not None else _frame_level(c, judge, light),
            c.shape,
            text_bands=not grey,
        )
        # an over-inked square seal's clean frame (nothing beside it, so no table): its text
        # runs together into lines as thin as a rule at the lenient level, and stays apart at
        # the strict one (seed 51 perspective page 9)
        or (not grey and clean_ring(c.ring) and is_frame(mask, c.shape))
    )


def _crossed(
    cands: list[Candidate], rims: list[Shape], judge: np.ndarray, out: list[Candidate]
) -> list[Candidate]:
    """Colour rings that passed every test but their content's, whose inside another seal's
    whole rim (``rims``: OverlapSettings.crossing_rim) crosses: that rim joins their glyphs
    into one or two marks (seed 251 pair page 5, an oval and a square each crossing the other:
    two marks inside each). With the crossing rim's band erased (OverlapSettings.erase_band),
    their glyphs are marks apart again, and the content test is asked once more."""
    distinct: list[Shape] = []
    for r in rims:
        if not any(same_seal(r, d) for d in distinct):
            distinct.append(r)
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: -c.score):
        if any(same_seal(c.shape, o.shape) for o in [*out, *kept]):
            continue
        for r in distinct:
            if same_seal(r, c.shape) or not _crosses(r, c.shape):
                continue
            band = np.zeros(judge.shape, np.uint8)
            lo, hi = OVERLAP.erase_band
            cv2.fillConvexPoly(band, np.round(r.polygon(hi - 1.0)).astype(np.int32), 1)
            cv2.fillConvexPoly(band, np.round(r.polygon(lo - 1.0)).astype(np.int32), 0)
            if has_content(np.where(band > 0, 0.0, judge).astype(np.float32), c.shape):
                kept.append(replace(c, extra={**c.extra, "crossed": 1.0}))
                break
    return kept


def _crosses(rim: Shape, sh: Shape) -> bool:
    """Whether the outline ``rim`` runs through the text band inside ``sh`` (within
    OverlapSettings.crossing_depth of its outline) and also outside it: another seal's rim
    crossing it, not a ring inside it (its star, its text's band) or round it."""
    pts = rim.polygon()
    u, v = sh.to_local(pts[:, 0] - sh.cx, pts[:, 1] - sh.cy)
    u, v = u / sh.rx, v / sh.ry
    rho = np.maximum(np.abs(u), np.abs(v)) if sh.kind == "box" else np.hypot(u, v)
    return bool((rho <= OVERLAP.crossing_depth).any() and (rho > 1.0).any())


def _within_budget(
    order: list[Shape], out: list[Candidate], thin_rims: bool, rank_on: np.ndarray
) -> Iterator[Shape]:
    """The proposals to fit, from ``order`` (biggest first), skipping those inside a seal
    already accepted (``out``, filled as the caller goes): SearchSettings.max_proposals of them;
    for a grey copy's thin rims then GreySearchSettings.ring_budget more of the rest, those that
    stand out most as a ring on ``rank_on`` (the lighter level) first (RingRankSettings)."""

    def inside_one(p: Shape) -> bool:
        # big first: once a seal is accepted, the rings inside it (arc text, star) need no look
        return any(
            math.hypot(p.cx - c.shape.cx, p.cy - c.shape.cy) + p.r < 1.05 * c.shape.r for c in out
        )

    left = iter(order)
    yield from _taken(left, SEARCH.max_proposals, inside_one)
    if thin_rims and GREY_SEARCH.ring_budget:
        by_ring = sorted(left, key=lambda q: -ring_contrast(rank_on, q))
        yield from _taken(iter(by_ring), GREY_SEARCH.ring_budget, inside_one)


def _taken(
    proposals: Iterator[Shape], budget: int, skip: Callable[[Shape], bool]
) -> Iterator[Shape]:
    """Up to ``budget`` of ``proposals`` that ``skip`` lets through, leaving the rest of the
    iterator untaken (``skip`` is asked as each is reached: the seals it looks at grow)."""
    if budget <= 0:
        return
    for p in proposals:
        if skip(p):
            continue
        yield p
        budget -= 1
        if budget == 0:
            return


def _on_light(c: Candidate, light: np.ndarray | None, grey: bool) -> Candidate:
    """A rim or frame on a grey copy broken only where it is faint: at the lighter level
    (``light``) it must run all round at one radius and end cleanly, which print and pen loops
    rarely do (LightRimTest). ``c`` judged there when it passes, else ``c``."""
    if light is None or c.ring.coverage < LIGHT_RIM.min_coverage_to_try or accept_ring(c, grey):
        return c
    cl = replace(c, ring=ring_evidence(light, c.shape))
    r = cl.ring
    if (
        r.coverage >= LIGHT_RIM.min_coverage
        and r.row >= LIGHT_RIM.min_row
        and r.edge >= LIGHT_RIM.min_edge
        and r.outside <= LIGHT_RIM.max_outside
    ):
        return replace(cl, extra={**cl.extra, "light_rim": 1.0})
    return c


def _frame_level(c: Candidate, judge: np.ndarray, light: np.ndarray | None) -> np.ndarray:
    """The mask a box's frame test (judge.is_frame) looks at: the one its ring passed on. A
    frame whole only at the lighter level (``light_rim``: the copy left one side faint, seed 171
    grey_lowres page 0, a quarter of a side missing at the ink level) is a frame there."""
    return light if light is not None and "light_rim" in c.extra else judge


def _leaning(mask: np.ndarray, shapes: list[Shape]) -> list[Shape]:
    """The boxes among ``shapes`` fitted again with their sides free to turn and lean
    (BoxFitSettings): a square seal photographed at a slant (a parallelogram). Colour ink only:
    on a grey copy the frame that leans onto print the best is a red title's 回 (seed 51
    distractor_grey page 7), and a copy is no slanted photograph."""
    return [f for s in shapes if s.kind == "box" for f in (refine_box(mask, s, free=True),) if f]


def _turned_boxes(mask: np.ndarray, shapes: list[Shape]) -> list[Shape]:
    """The boxes among ``shapes`` turned to their sides' direction and refitted as rectangles
    (no lean, BoxFitSettings.min_turn): a small square seal on a grey copy whose proposal came
    at the angle of the print touching it (seed 7 grey_lowres page 9: 6 degrees off)."""
    out = []
    for s in shapes:
        if s.kind != "box":
            continue
        f = refine_box(mask, s, free=True)
        if f is not None and abs(f.ang - s.ang) > BOX_FIT.min_turn:
            g = refine_box(mask, replace(f, skew=0.0))
            if g is not None:
                out.append(g)
    return out


def _unstretched(s: Shape) -> list[Shape]:
    """A square seal's frame that another square seal overlaps: the side facing it is pulled onto
    the other's frame, stretching the box; the square at one end of it is the seal's."""
    if s.kind != "box" or max(s.rx, s.ry) <= OUTLINE.square_stretch * min(s.rx, s.ry):
        return []
    return end_squares((s.cx, s.cy, 2 * s.rx, 2 * s.ry, s.ang))


def _worth_a_look(
    props: list[Shape], judge: np.ndarray, light: np.ndarray | None = None
) -> list[Shape]:
    """The distinct promising proposals, biggest first. On grey copies a proposal is promising
    on the ink level or on the lighter one (``light``: a small seal's faint one-pixel rim)."""
    seen: set[tuple[int, int, int]] = set()
    kept: list[Shape] = []
    for p in sorted(props, key=lambda p: -p.r):
        q = max(2.0, 0.08 * p.r)
        key = (int(p.cx / q), int(p.cy / q), int(math.log(p.r) / 0.08))
        if key in seen:
            continue
        seen.add(key)
        if promising(judge, p) or (light is not None and promising(light, p)):
            kept.append(p)
    return kept


def detect(rgb: np.ndarray, grey: bool | None = None) -> list[Candidate]:
    """Seal candidates in the working image; ``grey``: whether to look for grey rings by
    structure too (None: when the image has no coloured ink to speak of)."""
    h, w = rgb.shape[:2]
    rmin, rmax = size_limits(h, w)
    planes = ink_planes(rgb)
    masks, dark, strong = masks_of(planes)
    cands: list[Candidate] = []
    judges: dict[str, np.ndarray] = {}
    grey_ink = None  # a grey copy's ink level, once searched
    # the masks searched for slices of seals at the image's sides, with their smallest radius
    slice_inks = {ink: (m, rmin) for ink, (m, *_) in masks.items()}
    for ink, (m, lenient, faintest, trace_mask) in masks.items():
        if int(m.sum()) < 4 * rmin * 3:
            continue
        props = component_proposals(m, rmin, rmax)
        blur = cv2.GaussianBlur(m * 255, (0, 0), 1.5)
        props += hough_proposals(blur, rmin, rmax, 30, 12)
        mf, judges[ink] = m.astype(np.float32), lenient.astype(np.float32)
        faint = faintest.astype(np.float32)
        trace = trace_mask.astype(np.float32)
        # the judging mask without straight rules: an invoice's rules crossing a faint stamp
        unruled = remove_lines(lenient, rule_length(h, w)).astype(np.float32)
        found = _evaluate(
            mf,
            props,
            ink,
            False,
            judges[ink],
            faintest=faint,
            unruled=unruled,
            strict=mf,
            trace=trace,
        )
        found += _faint_rims(judges[ink], faint, unruled, mf, ink, found, rmin, rmax, trace)
        found += _patchy_stamps(m, props, mf, judges[ink], ink, found, rmin, rmax)
        cands += found + _seals_under(mf, judges[ink], props, ink, found, rmin, rmax)
    for ink, (m, lenient, *_) in masks.items():
        # personal name seals, below the size floor above and judged apart (NameSealTest)
        judge_on = judges.get(ink, lenient.astype(np.float32))
        personal = name_seals(rgb, m, judge_on, ink, _beyond_personal(cands, h, w), dark)
        cands = _marked_personal(cands, personal)
    if strong < SEARCH.grey_page_colour_share if grey is None else grey:
        # No coloured ink to speak of: a grey copy or scan. Look for rings by structure.
        g_rmin = GREY_SEARCH.min_radius_share * min(h, w)
        g_rmax = GREY_SEARCH.max_radius_share * min(h, w)
        d8 = (np.clip(dark * 2.0, 0, 1) * 255).astype(np.uint8)
        dm = (dark > GREY_SEARCH.ink_dark).astype(np.uint8)
        # a seal's rim and frame are thicker than the strokes of print (and of tilted table lines,
        # which the opening breaks up): what survives an opening is mostly seal
        core = cv2.morphologyEx(dm, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        props = component_proposals(dm, g_rmin, g_rmax, scales=(1,))
        # (the wider closing rejoins a frame that table lines cut: their removal leaves gaps as
        # wide as the lines)
        props += component_proposals(core, g_rmin, g_rmax, scales=(1, 2))
        props += hough_proposals(cv2.GaussianBlur(d8, (0, 0), 1.2), g_rmin, g_rmax, 40, 60)
        dmask = grey_ink = dm.astype(np.float32)
        likely = []
        for q in props:
            if q.kind == "box" or ring_likely(dmask, q):
                likely.append(q)
            elif q.kind == "ellipse":
                # an oval seal: no circle runs along its ring, but a fit from the circle can
                r = refine(dmask, q, iters=2)
                if r is not None and ring_likely(dmask, r):
                    likely.append(r)
        cands += _evaluate(
            dmask, likely, "grey", grey=True, dark=dark, core=core.astype(np.float32)
        )
        # a small seal's faint one-pixel rim is whole only at the lighter level: its rings are
        # looked at apart, with a budget of their own (issue 10, item 6)
        lm = (dark > GREY_SEARCH.light_dark).astype(np.uint8)
        lmask = lm.astype(np.float32)
        light_props = [
            q
            for q in component_proposals(lm, g_rmin, g_rmax, scales=(1,))
            if q.kind == "ellipse" and ring_likely(lmask, q)
        ]
        thin = [q for q in light_props if not ring_likely(dmask, q)]
        cands += _evaluate(dmask, thin, "grey", grey=True, dark=dark, thin_rims=True)
        # a small ring touching print at the ink level (a glyph merged with its rim) is whole
        # only at the lighter level, where it stands apart: judged like the rings above when
        # none of them is the same ring (issue 10, item 6)
        missed = [
            q
            for q in light_props
            if ring_likely(dmask, q) and not any(same_seal(q, p) for p in likely)
        ]
        cands += _evaluate(
            dmask, missed, "grey", grey=True, dark=dark, core=core.astype(np.float32)
        )
        # a small rim that print crosses and the lists above never proposed: the ring filter's
        # peaks, fitted and judged as those rims are (RingFilterSettings)
        small_r = SMALL_GREY.small_max_r * min(h, w)
        peaks = [
            q
            for q in ring_filter_proposals(lmask, g_rmin, small_r)
            if not any(same_seal(q, c.shape) for c in cands)
        ]
        cands += _evaluate(
            dmask, peaks, "grey", grey=True, dark=dark, core=core.astype(np.float32), rims_only=True
        )
        # a small rim the copy left whole only at the faint level (its lighter level broken):
        # the ring filter's peaks there, snapped onto it at that level (FaintRimTest)
        fmask = (dark > GREY_SEARCH.faint_dark).astype(np.float32)
        faint_peaks = [
            q
            for q in ring_filter_proposals(fmask, g_rmin, small_r, every_kernel=True)
            if not any(same_seal(q, c.shape) for c in cands)
        ]
        cands += _evaluate(
            dmask,
            faint_peaks,
            "grey",
            grey=True,
            dark=dark,
            core=core.astype(np.float32),
            rims_only=True,
            faint_rims=True,
        )
        # personal 阴文 seals: filled shapes of mid grey, their characters cut out
        # (GreyNameSealTest)
        colour = np.zeros(dark.shape, np.float32)
        for m, *_ in masks.values():
            colour = np.maximum(colour, m.astype(np.float32))
        cands += grey_name_seals(rgb, dark, cands, colour)
        # pale 阳文 personal seals, under the ink levels above (PaleNameSealTest)
        cands += pale_name_seals(dark, cands)
        slice_inks["grey"] = (dm, g_rmin)
        if any(c.ink == "grey" for c in cands):
            coloured, black = coloured_ink(planes)
            cands = [c for c in cands if not _coloured_ring(c, coloured, black, dark)]
    small_r = SMALL_GREY.small_max_r * min(h, w)
    cands = [
        c
        for c in cands
        if not _page_border(c.shape, h, w, c.ring.valid)
        and not _starless_small_round(c, small_r, grey_ink, dark)
        and not _print_on_grey(c, small_r, grey_ink, dark)
        and not _pen_ring_on_grey(c, grey_ink, dark)
    ]
    chosen = select_seals(_without_hulls(cands), (h, w))
    photos = photo_masks(rgb)
    for ink, (m, least) in slice_inks.items():
        # slices of seals the image's sides cut short of what the ring tests judge (a 骑缝章)
        chosen = with_edge_slices(m, ink, chosen, least)
        # ...and round seals a photo's corner hides the same way (a work card's seal)
        chosen = with_photo_corner_seals(m, ink, chosen, least, photos)
    for c in chosen:
        if c.ink in judges:  # grey copies: print touches the rim in the same grey, so no growing
            c.extra["extent"] = ink_extent(judges[c.ink], c.shape)
    return chosen


def _without_hulls(cands: list[Candidate]) -> list[Candidate]:
    """``cands`` without the outlines fitted round two overlapping seals at once, where those
    two seals are candidates themselves (OverlapSettings.hull_*): the seals, not their hull,
    are masked and read."""
    t = OVERLAP
    parts = [c for c in _distinct(cands) if c.ring.row >= t.hull_part_row]
    hulls: dict[tuple, bool] = {}
    kept = []
    for c in cands:
        key = _shape_key(c)
        if key not in hulls:
            hulls[key] = len(parts) >= 2 and _is_hull(c, parts)
        if not hulls[key]:
            kept.append(c)
    return kept


def _shape_key(c: Candidate) -> tuple:
    s = c.shape
    return (c.ink, s.kind, *(round(v) for v in (s.cx, s.cy, s.rx, s.ry, s.ang, s.skew)))


def _distinct(cands: list[Candidate]) -> list[Candidate]:
    """One candidate of each ink and outline (to the pixel): the passes propose a seal many
    times over."""
    seen: set[tuple] = set()
    out = []
    for c in cands:
        key = _shape_key(c)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _is_hull(c: Candidate, parts: list[Candidate]) -> bool:
    """Whether two of ``parts`` are two seals that ``c``'s outline runs round together
    (OverlapSettings.hull_*): apart, each inside it and running round at one radius better than
    it, and between them filling it."""
    t = OVERLAP
    hull = c.shape.polygon()
    x0, y0 = np.floor(hull.min(axis=0)).astype(int) - 2
    x1, y1 = np.ceil(hull.max(axis=0)).astype(int) + 2
    box = (x0, y0, x1 - x0, y1 - y0)
    area = _filled(hull, box)
    inside = []
    for p in parts:
        if p.ink != c.ink or p.ring.row < c.ring.row + t.hull_row_gain:
            continue
        if math.hypot(p.shape.cx - c.shape.cx, p.shape.cy - c.shape.cy) > max(
            c.shape.rx, c.shape.ry
        ):
            continue  # its centre outside the outline: not inside it
        own = _filled(p.shape.polygon(), box)
        whole = cv2.contourArea(p.shape.polygon().astype(np.float32))
        if whole > 0 and int((own & area).sum()) >= t.hull_part_inside * whole:
            inside.append((p.shape, own))
    n = int(area.sum())
    for i, (a, ma) in enumerate(inside):
        for b, mb in inside[i + 1 :]:
            if math.hypot(a.cx - b.cx, a.cy - b.cy) < t.hull_apart * min(a.r, b.r):
                continue
            if n and int(((ma | mb) & area).sum()) >= t.hull_parts_cover * n:
                return True
    return False


def _filled(poly: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """A 0/1 mask of the convex polygon ``poly`` over the window ``box`` (x, y, width, height)."""
    x, y, w, h = box
    m = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(m, np.round(poly - [x, y]).astype(np.int32), 1)
    return m


def _beyond_personal(cands: list[Candidate], h: int, w: int) -> list[Candidate]:
    """The candidates longer than a personal seal (NameSealTest.max_side), where the personal
    seal test does not look; those of a personal seal's size it judges as well (a small square
    whose name's strokes run frame to frame passes the frame test as a seal's text, judge.
    _width_across, and must still be known to carry a name)."""
    longest = NAME_SEAL.max_side * max(h, w)
    return [c for c in cands if 2 * max(c.shape.rx, c.shape.ry) > longest]


def _marked_personal(cands: list[Candidate], personal: list[Candidate]) -> list[Candidate]:
    """``cands`` with the personal seals ``personal`` added; where one is the same seal as a
    candidate already there, that candidate is marked as a personal seal instead (its outline
    kept: the policy masks a personal seal whatever it reads)."""
    out = list(cands)
    for p in personal:
        twins = [i for i, c in enumerate(out) if same_seal(c.shape, p.shape)]
        for i in twins:
            out[i] = replace(out[i], extra={**out[i].extra, "name_seal": 1.0})
        if not twins:
            out.append(p)
    return out


def _coloured_ring(c: Candidate, coloured: np.ndarray, black: np.ndarray, dark: np.ndarray) -> bool:
    """A ring the grey search took whose ink is in colour (GreySearchSettings.max_coloured_rim):
    a pen's circle or a cup's ring on a colour page with little colour, no seal a copy turned
    grey. Black print crossing the rim is not its ink and is not counted. Personal name seals
    are judged apart (GreyNameSealTest)."""
    if c.ink != "grey" or "name_seal" in c.extra:
        return False
    s = np.linspace(*GREY_SEARCH.rim_band, 9).astype(np.float32)
    ink = (polar(dark, c.shape, s) > GREY_SEARCH.ink_dark) & (polar(black, c.shape, s) < 0.5)
    if not ink.any():
        return False
    return share(polar(coloured, c.shape, s)[ink] > 0.5) >= GREY_SEARCH.max_coloured_rim


def _starless_small_round(
    c: Candidate, small_r: float, ink: np.ndarray | None, dark: np.ndarray
) -> bool:
    """A small round grey rim without a star at its centre (StarRimTest.round_max_elongation,
    centre_ink): a red 〇 round a word, photocopied, not a round seal, unless a name lies inside
    it with nothing round it (``dark``: the grey darkness map; GreyYangNameSealTest)."""
    sh = c.shape
    if ink is None or c.ink != "grey" or sh.kind != "ellipse" or sh.r > small_r:
        return False
    if "light_star" in c.extra:  # its star seen at the lighter level (judge.faintest_star_rim)
        return False
    if "name_seal" in c.extra:  # a personal seal: its name inside, no star (GreyNameSealTest)
        return False
    if max(sh.rx, sh.ry) > STAR_RIM.round_max_elongation * min(sh.rx, sh.ry):
        return False
    return not ink_at_centre(ink, sh) and not grey_yang_name(dark, sh)


def _print_on_grey(c: Candidate, small_r: float, ink: np.ndarray | None, dark: np.ndarray) -> bool:
    """A small grey outline that is print, whatever path took it for a seal: a framed page
    number (FramedNumberTest), a glyph of a column or line of glyphs of its own size
    (ColumnGlyphTest), or a ring drawn by hand round print (DrawnRingTest). Personal name seals
    are judged apart (GreyNameSealTest)."""
    if ink is None or c.ink != "grey" or c.shape.r > small_r or "name_seal" in c.extra:
        return False
    if c.shape.kind == "ellipse" and drawn_ring(dark, c.shape):
        return True  # a ring drawn by hand round a word (DrawnRingTest)
    return framed_number(ink, c.shape) or column_glyph(ink, dark, c.shape)


def _pen_ring_on_grey(c: Candidate, ink: np.ndarray | None, dark: np.ndarray) -> bool:
    """A grey ring a pen drew, whatever its size and whatever path took it for a seal
    (PenRingTest): a reviewer's circle round a name or a paragraph on a copy. Personal name
    seals are judged apart (GreyNameSealTest)."""
    if ink is None or c.ink != "grey" or c.shape.kind != "ellipse" or "name_seal" in c.extra:
        return False
    return pen_ring(dark, c.shape, min(dark.shape))


def _strong_empty_ring(c: Candidate, strict: np.ndarray | None) -> bool:
    """A colour ring whole and clean in the strict mask (CleanRingTest) with next to nothing
    inside it at the lenient level (``c.ring``, FaintStampTest.strong_rim_min_inner): no faint
    stamp, whose text is drawn in the same pad ink as its rim, but a red title's 〇 round black
    print, whose colour fringes on a phone photo fill the faintest mask (seed 201
    distractor_phone page 7)."""
    if strict is None or c.ring.inner >= FAINT_STAMP.strong_rim_min_inner:
        return False
    return clean_ring(ring_evidence(strict, c.shape))


def _page_border(sh: Shape, h: int, w: int, on_image: float = 1.0) -> bool:
    """A box spanning most of the image both ways, long or partly beyond the image (its
    outline's share on the image ``on_image``): the border round a photographed page, not a
    square seal foreshortened nor a close-up of one (OutlineSettings.border_*)."""
    if sh.kind != "box":
        return False
    long = max(sh.rx, sh.ry) > OUTLINE.border_min_elongation * min(sh.rx, sh.ry)
    if not (long or on_image <= OUTLINE.border_max_on_image):
        return False
    poly = sh.polygon()
    span_x, span_y = np.ptp(poly[:, 0]), np.ptp(poly[:, 1])
    return bool(span_x >= OUTLINE.border_span * w and span_y >= OUTLINE.border_span * h)


def _faint_rims(
    lenient: np.ndarray,
    faintest: np.ndarray,
    unruled: np.ndarray,
    strict: np.ndarray,
    ink: str,
    found: list[Candidate],
    rmin: float,
    rmax: float,
    trace: np.ndarray | None = None,
) -> list[Candidate]:
    """A faint stamp's rim (a seller's seal over dot-matrix print, issue 10 item 6) may be broken
    into short arcs in the strict mask, giving no proposal there: its outline is proposed from the
    lenient mask, where it runs all round, and fitted and judged there. Only rings that the
    strict proposals did not find, and that run round at one radius, are looked at, and only
    faint stamps (FaintStampTest; an oval one also by its rim in the faintest mask and its text
    in ``trace``, FaintStampTest.oval_*) are kept."""
    props = [
        q
        for q in component_proposals(lenient.astype(np.uint8), rmin, rmax, scales=(1,))
        if q.kind == "ellipse"
        and not any(same_seal(q, c.shape) for c in found)
        and ring_likely(lenient, q)
    ]
    # only faint stamps: a clean ring with bold marks inside (a logo's letters, CNAB's) is
    # judged on the strict proposals alone, as before
    found = (
        _evaluate(
            lenient,
            props,
            ink,
            False,
            lenient,
            faintest=faintest,
            unruled=unruled,
            strict=strict,
            trace=trace,
        )
        if props
        else []
    )
    return [
        c for c in found if "faint_oval" in c.extra or faint_stamp_rim(beside_rules(c, unruled))
    ]


def _patchy_stamps(
    m: np.ndarray,
    props: list[Shape],
    strict: np.ndarray,
    lenient: np.ndarray,
    ink: str,
    found: list[Candidate],
    rmin: float,
    rmax: float,
) -> list[Candidate]:
    """A stamp pressed unevenly (缺墨), its ink gone in patches, that the ring tests refused:
    its rim has ink on too few rays for most of its proposals to be worth a look
    (propose.promising), and its pieces are too far apart for the usual closings to join them.
    The pieces are joined by a wider closing (PatchyStampTest.close_scale); those outlines and
    ``props`` away from the seals ``found`` are fitted and kept only as such a stamp
    (PatchyStampTest)."""
    t = PATCHY_STAMP
    wide = component_proposals(m, rmin, rmax, scales=(t.close_scale,))
    seen: set[tuple[int, int, int, str]] = set()
    looks: list[Shape] = []
    for p in sorted([*props, *wide], key=lambda p: -p.r):
        q = max(2.0, 0.08 * p.r)
        # a box and an ellipse of one place and size are two proposals (seed 321 page 7: the
        # square's box was dropped as the twin of an ellipse)
        key = (int(p.cx / q), int(p.cy / q), int(math.log(p.r) / 0.08), p.kind)
        if key in seen or any(_on_seal(p, c.shape) for c in found):
            continue
        seen.add(key)
        if patchy_look(lenient, p):
            looks.append(p)
    out: list[Candidate] = []
    for p in _places_within_budget(looks, t.max_proposals):
        if any(_on_seal(p, c.shape) for c in out):
            continue
        # the proposal itself too: the hull of the joined pieces is the stamp's outline, where
        # a fit to the rim's edge can be pulled inside by a side whose rim is gone
        if p.kind == "box":
            shapes = [p, *(s for s in (refine_box(strict, p),) if s)]
        else:
            # and an oval through its outermost ink: a patchy oval is proposed as circles, whose
            # edge fits stop at its text on the long axis (OuterRimFit)
            fits = (refine(strict, p), refine(strict, p, circle=True), outer_rim(lenient, p))
            shapes = [p, *(s for s in fits if s)]
        cands = [Candidate(s, ring_evidence(lenient, s), SEAL_COLOUR, ink) for s in shapes]
        # a bold glyph of a red title set wide (the 证 of 荣 誉 证 书, 150 px) is a patchy square's
        # frame round broken marks too; its neighbours in the line give it away (TitleGlyphTest)
        kept = [c for c in cands if patchy_stamp(c, lenient) and not title_glyph(lenient, c.shape)]
        if kept:
            # the biggest outline that passes: the whole stamp rather than its inked part
            best = max(kept, key=lambda c: c.shape.rx * c.shape.ry)
            out.append(replace(best, extra={**best.extra, "patchy": 1.0}))
    return out


def _places_within_budget(looks: list[Shape], budget: int) -> list[Shape]:
    """Up to ``budget`` of ``looks`` (biggest first), and besides them each outline of a kind
    (box, ellipse) not yet looked at in a place already taken (judge.same_seal): a patchy
    stamp's place is proposed several times over (its pieces closed at several scales, circles
    and ellipses), and a square one's box may come after the budget is spent on its round
    outlines (seed 441 patchy page 5, a square turned 58 degrees: its box the 13th look, after
    six of a red letterhead's and five round ones of its own place)."""
    taken: list[Shape] = []
    out: list[Shape] = []
    for p in looks:
        here = [q for q in taken if same_seal(p, q)]
        if here and all(q.kind != p.kind for q in here):
            out.append(p)  # another kind of outline at a place looked at: not counted
        elif budget > 0:
            out.append(p)
            budget -= 1
        else:
            continue
        taken.append(p)
    return out


def _on_seal(p: Shape, seal: Shape) -> bool:
    """Whether outline ``p`` lies mostly on ``seal``: centres closer than
    PatchyStampTest.apart of their radii's sum (a seal overlapping another by a third is
    apart)."""
    return math.hypot(p.cx - seal.cx, p.cy - seal.cy) < PATCHY_STAMP.apart * (p.r + seal.r)


def _seals_under(
    mask: np.ndarray,
    judge: np.ndarray,
    props: list[Shape],
    ink: str,
    found: list[Candidate],
    rmin: float,
    rmax: float,
) -> list[Candidate]:
    """Seals partly under the accepted ones: the other seal's rim and text crossing a seal spoil
    its ring tests (ink outside it, a rim that does not end cleanly) and pull its fits. With the
    accepted seals' fills hidden (off the page, as far as the tests go), the rings beside them
    are refined and judged on what is left of them, as a seal cut by the page edge is."""
    on_top = select_seals(found, mask.shape)
    if not on_top:
        return []
    hidden = np.zeros(mask.shape, np.uint8)
    for c in on_top:
        poly = np.round(c.shape.polygon(OVERLAP.hide_grow)).astype(np.int32)
        cv2.fillConvexPoly(hidden, poly, 1)
    rest = (mask >= 0.5).astype(np.uint8) & (1 - hidden)
    beside = [
        p
        for p in [*props, *component_proposals(rest, rmin, rmax, cut=hidden)]
        if any(
            math.hypot(p.cx - c.shape.cx, p.cy - c.shape.cy) < p.r + c.shape.r
            and not same_seal(p, c.shape)
            for c in on_top
        )
    ]
    if not beside:
        return []
    unseen = hidden.astype(bool)
    under = _evaluate(
        np.where(unseen, -1.0, mask).astype(np.float32),
        beside,
        ink,
        False,
        np.where(unseen, -1.0, judge).astype(np.float32),
        under=True,
    )
    return [replace(c, extra={**c.extra, "under": 1.0}) for c in under]


def smallest_seal_radius(height: int, width: int) -> float:
    """The smallest seal radius (image pixels) a search of a whole page this size can accept.

    The search's size floor is a share of the image it is given, so a search over a small window
    of a page (the self-check's) admits rings a whole-page search never would: a 〇 of a date line
    beside a painted seal. Such searches drop what is below this floor.
    """
    k = min(1.0, SEARCH.work_side / max(height, width))
    small_h, small_w = round(height * k), round(width * k)
    colour_min = size_limits(small_h, small_w)[0]
    grey_min = GREY_SEARCH.min_radius_share * min(small_h, small_w)
    return min(colour_min, grey_min) / k


def seal_radius(seal: Finding) -> float:
    """A found seal's smaller half-axis (its box's for square seals)."""
    ellipse = seal.detail.get("ellipse")
    if ellipse:
        return float(min(ellipse[2], ellipse[3]))
    return min(seal.bbox.width, seal.bbox.height) / 2


def find_seals(page: Page, grey: bool | None = None) -> list[Finding]:
    """Every seal on the page: kind ``seal``, ``outline`` the polygon to fill (margin included),
    ``text`` what its arc reads (may be empty), ``detail["read_confidence"]`` how sure that
    reading is. Works on the pixels alone: the ring tests tell a seal from printed text.
    ``grey``: whether grey seals are looked for (None: on a page without coloured ink)."""
    rgb = page.image
    if rgb.ndim == 2:
        rgb = np.repeat(rgb[:, :, None], 3, axis=2)
    elif rgb.shape[2] == 4:
        rgb = rgb[:, :, :3]
    return _with_seals_at_the_papers_edge(rgb, grey, _seals_in(rgb, grey))


def _with_seals_at_the_papers_edge(
    rgb: np.ndarray, grey: bool | None, found: list[Finding]
) -> list[Finding]:
    """``found`` and the seals cut by the edge of a page photographed on a desk (see
    ``paper``), searched on the page straightened, where its edge is the image's, and mapped
    back onto the photo. One of them that holds a seal of ``found`` (the photo's search fitted
    the slice it saw) takes its place; one that overlaps a seal of ``found`` otherwise is it."""
    paper = photographed_paper(rgb)
    if paper is None:
        return found
    page_w, page_h = paper.size
    for f in _seals_in(paper.straightened(rgb), grey):
        outline = np.asarray(f.outline, np.float64)
        off = (outline < 0).any(axis=1) | (outline[:, 0] > page_w) | (outline[:, 1] > page_h)
        if off.mean() < PAPER_EDGE.min_off:
            continue  # whole on the page (or cut only by a seal on top): the photo's own search's
        poly = paper.to_image(outline)
        box = BBox.around([(float(x), float(y)) for x, y in poly])
        held = [g for g in found if box.intersection(g.bbox).area >= PAPER_EDGE.held * g.bbox.area]
        if len(held) > 1 or any(
            box.intersection(g.bbox).area > PAPER_EDGE.max_overlap * box.area
            for g in found
            if g not in held
        ):
            continue
        h, w = rgb.shape[:2]
        found = [g for g in found if g not in held]
        found.append(
            replace(
                f,
                quad=Quad.from_bbox(box.clip(w, h)),
                outline=tuple((round(float(x), 1), round(float(y), 1)) for x, y in poly),
                # the fitted ellipse or box lies in the straightened page's pixels: left out
                detail={
                    **{k: v for k, v in f.detail.items() if k not in ("ellipse", "box")},
                    "paper_edge": True,
                },
            )
        )
    return found


def _on_the_ground(small: np.ndarray) -> list[Candidate]:
    """Seals of a page printed on a coloured or dark ground (a red certificate, its copy),
    which the search of the page as it is cannot see: the grey search over the page's
    departure from its ground at each contrast (seals.ground, GroundSettings), a seal found
    at one not looked for again at the next, and only where the page's ground lies under it
    (GroundSettings.min_on_ground); none on a page of paper."""
    view = ground_relative(small)
    if view is None:
        return []
    out: list[Candidate] = []
    for relative in view.copies:
        out += [
            replace(c, extra={**c.extra, "ground": 1.0})
            for c in detect(relative, grey=True)
            if view.holds(c.shape) and not any(same_seal(c.shape, d.shape) for d in out)
        ]
    return out


def _seals_in(rgb: np.ndarray, grey: bool | None) -> list[Finding]:
    """find_seals on an RGB image."""
    h, w = rgb.shape[:2]
    if h < 16 or w < 16:
        return []
    k = min(1.0, SEARCH.work_side / max(h, w))
    small = cv2.resize(rgb, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA)
    small = np.ascontiguousarray(small) if k < 1 else np.ascontiguousarray(rgb)
    out: list[Finding] = []
    # a highlighter's tint over a seal turns its ink's hue: taken off first (TintSettings)
    found = without_combs(detect(lift_tints(small), grey) + _on_the_ground(small), small)
    for c in found:
        sh = c.shape.scaled(1 / k) if k < 1 else c.shape
        # the fill takes in all of the seal's ink (its extent, plus one working pixel) and at
        # least the margin
        extent = c.extra.get("extent", 1.0) + (1.0 / c.shape.r if "extent" in c.extra else 0.0)
        past = extent - 1.0
        if "patchy" in c.extra:
            # fitted to what is left of its rim: off the true rim on the side whose rim is gone
            # by about as much as its ink runs past it on the other (PatchyStampTest.gone_side)
            past *= PATCHY_STAMP.gone_side
        poly = sh.polygon(max(OUTLINE.margin_frac, past), OUTLINE.margin_px)
        text, confidence = read_arc(rgb, sh, c.ink)
        box = BBox.around([(float(x), float(y)) for x, y in poly]).clip(w, h)
        detail: dict = {
            "shape": sh.kind,
            "ink": c.ink,
            "ring": round(c.ring.row, 3),
            "coverage": round(c.ring.coverage, 3),
            "edge": round(c.ring.edge, 3),
            "read_confidence": round(confidence, 3),
            "inside": round(c.ring.valid, 3),  # share of the outline on the page
        }
        if "name_seal" in c.extra:  # a personal seal (NameSealTest): it carries a name
            detail["name_seal"] = True
        if "slice" in c.extra:  # a slice of a seal the image's side cuts (seals.slices)
            detail["slice"] = True
        if "photo_corner" in c.extra:  # a seal over a photo's corner (seals.photos)
            detail["photo_corner"] = True
        if "ground" in c.extra:  # found on a coloured or dark ground (seals.ground)
            detail["ground"] = True
        if sh.kind == "ellipse":
            detail["ellipse"] = [round(v, 1) for v in (sh.cx, sh.cy, sh.rx, sh.ry, sh.ang)]
        else:
            detail["box"] = [round(v, 1) for v in (sh.cx, sh.cy, sh.rx, sh.ry, sh.ang, sh.skew)]
        out.append(
            Finding(
                kind=SEAL,
                quad=Quad.from_bbox(box),
                score=float(np.clip(c.score, 0.0, 1.0)),
                source=c.source,
                text=text,
                outline=tuple((round(float(x), 1), round(float(y), 1)) for x, y in poly),
                detail=detail,
            )
        )
    return out
