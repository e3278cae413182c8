"""Settings of the seal detector: the thresholds that decide whether an outline is a seal, in
named settings objects (one per stage), so that where a seal is accepted or refused can be read
in one place.

Ring evidence (``geometry.Ring``) is measured in fractions 0..1 along the outline: ``coverage``
(share of angles with ink near the outline), ``row`` (best continuity of ink along one radius),
``edge`` (share of angles where the ink ends cleanly at the outline), ``inner`` / ``outside`` /
``fill`` (ink density inside, just outside, right inside the rim).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchSettings:
    """How much of the page is searched, and how hard."""

    # Detection works on a copy whose long side is at most this many pixels.
    work_side: int = 1000
    # Seals per page worth considering (a safety net against pathological pages).
    max_seals: int = 12
    # Proposals refined per ink mask at most (bounds the time on pages full of coloured ink).
    max_proposals: int = 60
    # A page is a grey copy (searched by structure) when fewer than this share of its pixels are
    # strongly coloured.
    grey_page_colour_share: float = 0.004


@dataclass(frozen=True)
class InkSettings:
    """What counts as seal ink."""

    # Ink colours that seals come in, as hue windows in degrees (0 = red). Red also takes the
    # orange-red of fresh stamp pads; blue is the other common pad colour. Brown (letterhead
    # titles on invoices, wood desks) starts around 25 degrees and stays out. Green to teal:
    # a hospital's round logo on its letterhead, the unit's name round a ring (probes round 26:
    # in green it was found by nothing; in blue it was a seal); yellow-green (a chat app's
    # bubbles near 100 degrees, a green highlighter's 110-130) stays out.
    hues: tuple[tuple[str, tuple[float, float]], ...] = (
        ("red", (-50.0, 21.0)),
        ("blue", (190.0, 262.0)),
        ("green", (140.0, 189.0)),
    )
    # Minimum colourfulness of ink relative to the local paper brightness (0..1): the strict mask
    # finds outlines, the lenient one judges rings of faint stamps.
    chroma_min: float = 0.13
    chroma_lenient: float = 0.08
    # The arc text of a faint stamp (a seller's seal over dot-matrix print) breaks up even in the
    # lenient mask; inside a clean rim (CleanRingTest) ink this faint counts as its text.
    chroma_faintest: float = 0.05
    # Fainter still: the arc text of a faint oval stamp whose thin strokes the photo blurred
    # below chroma_faintest (seed 361 dotmatrix page 4: the text at 0.03-0.06, the rim at
    # 0.1-0.2), looked for only inside such a stamp's clean rim (FaintStampTest.oval_*).
    chroma_trace: float = 0.03
    # Pixels darker than this share of the paper are black ink, whatever their JPEG fringe colour.
    black_below: float = 0.3
    # Colourfulness of "strongly coloured" pixels (the grey-copy decision).
    strong_chroma: float = 0.25


@dataclass(frozen=True)
class GreySearchSettings:
    """Grey copies: rings are found by structure in the darkness map (0..1 below the paper)."""

    # Seal radius range as shares of the page's short side (a copy has no colour to find small
    # marks by, so the smallest rings are left to print).
    min_radius_share: float = 0.018
    max_radius_share: float = 0.22
    # Darkness of seal ink on a copy; of thin arc text the copy nearly lost; of a rim's faint
    # stretch (uneven pad pressure).
    ink_dark: float = 0.22
    faint_dark: float = 0.07
    light_dark: float = 0.12
    # Proposals fitted past SearchSettings.max_proposals among a grey copy's thin rims (rings at
    # the lighter level that the ink level does not show), those that stand out most as a ring
    # first (RingRankSettings). Not among the rings the ink level shows: there the red title's
    # 〇 marks, solid mid grey, rank as high as seals (distractor_grey 41/0: two false seals,
    # 51/1: one more), and the small seals ranked past the budget were found from the thin list.
    ring_budget: int = 20
    # A ring whose ink is in colour is no seal a copy turned grey: at least this share of its
    # rim's ink (``rim_band``, scales of its outline) coloured past InkSettings.chroma_min. The
    # grey search also runs on colour pages with little colour, where it took a red pen's
    # circle round a name and a coffee cup's brown ring for seals (probes round 21: chroma on
    # 0.90 and 0.76-0.79 of their rims; a grey copy's rims next to none). A red or blue seal is
    # judged by its colour's own search; brown is no seal ink (InkSettings.hues).
    max_coloured_rim: float = 0.3
    rim_band: tuple[float, float] = (0.9, 1.1)


@dataclass(frozen=True)
class RingRankSettings:
    """Which of a grey copy's thin rims the second budget (GreySearchSettings.ring_budget) goes
    to. The first budget (SearchSettings.max_proposals) goes to the biggest proposals, and on a
    copy full of print a small seal's rim ranks past it (seed 23 grey_lowres page 2: the seal's
    thin-rim proposals at 113-154 of 225; seed 51 page 5: 80 of 214). Of the rest, those whose
    ink runs round at one radius while the other radii are nearly empty come first
    (propose.ring_contrast): print is spread over every radius, so ranking by the ring alone
    (propose.ring_strength) put these seals at 98 and 32 past the budget, and this at 5 and 0."""

    # Radii at least this share of the radius from the best one are "away from the rim".
    far: float = 0.12


@dataclass(frozen=True)
class RingFilterSettings:
    """Small rims on a grey copy that neither the ink's components nor the circle Hough propose
    (issue 10, item 6): a 10-15 mm seal's one-pixel rim at 80-100 dpi merges with the print it
    lies on into one component, and the print's strokes outvote it in the Hough accumulator
    (seed 151 grey_lowres page 3: the Hough's nearest circle ranked 422nd). A ring filter
    instead asks at every point and size for ink on one outline against the ink inside and
    outside it (the lone-rim measure, as a correlation): print spread over every radius scores
    near 0.3, the seals' rims 0.32-0.57 (tuning seeds 7/23/41/51/131/151/161, grey_lowres)."""

    # The filter runs on the lighter level (GreySearchSettings.light_dark) shrunk by this factor
    # (a one-pixel rim is still half ink there), over radii from the grey search's smallest to
    # SmallGreySealTest.small_max_r in steps of this ratio.
    scale: float = 0.5
    radius_step: float = 1.1
    # Outlines: a circle, and ovals this long with the long axis at these angles (a square
    # seal's frame answers the circle or an oval near its size, and is fitted as a box from
    # there). Oval seals are stamped at any tilt (the generator turns them up to 40 degrees):
    # across and along the page alone missed one turned 35 degrees over print (seed 211
    # grey_lowres page 6, no peak near it; with the diagonals, the first peak). The diagonals
    # cost about 0.1 s a grey page (two more kernels per radius).
    oval_aspect: float = 1.35
    oval_angles: tuple[float, ...] = (0.0, 45.0, 90.0, 135.0)
    # The outline band (pixels either side at the filter's scale), and the bands inside and
    # outside it that the rim is weighed against (multiples of the outline).
    rim_px: float = 1.0
    inner: tuple[float, float] = (0.6, 0.85)
    outer: tuple[float, float] = (1.15, 1.4)
    # Peaks this strong at least, the strongest `candidates` of them, are ranked again by the
    # rim snap's own measure (fit.rim_contrast, from which RimSnapSettings.min_start is asked
    # too), and the best `budget` fitted: a text line across an oval fills the filter's inner
    # and outer bands on both sides (seed 151 page 3: 23rd of 36 peaks by the filter, first by
    # the rim's contrast; tuning pages: first, or third of 40).
    min_response: float = 0.25
    candidates: int = 40
    budget: int = 8
    # Ovals turned between those angles: a faint oval turned 23 degrees across two lines of
    # print (seed 171 grey_lowres page 3) peaks on the upright ovals only 5-8 px off its
    # centre, and its snap settles along the print. In the one best response (8 angles, the
    # thirteenth round) its 157.5-degree oval peaked on it, but an in-between oval also took a
    # turned square's place (seed 161 page 7, lost). So the in-between ovals have a best
    # response of their own, whose best `between_budget` places (by the rim's contrast, none
    # at a place the first list holds) are fitted after the first list.
    between_angles: tuple[float, ...] = (22.5, 67.5, 112.5, 157.5)
    between_budget: int = 4


@dataclass(frozen=True)
class FaintRingFilterSettings:
    """The ring filter run again on a grey copy's faint level (GreySearchSettings.faint_dark),
    for small rims the copy left whole only there (FaintRimTest). At that level print is denser
    and its bigger ovals outshine a small rim in the best response over all outlines: a round
    seal over print (seed 211 grey_lowres page 7) was no peak of it, and the 480th peak of its
    own outline's response, yet first of all 811 peaks by the rim's contrast (fit.rim_contrast,
    0.78 against print's 0.67 at most; seed 221 page 5 and 211 page 6 first as well). So every
    outline's peaks are ranked by that contrast (about 40 ms for 800 peaks), one per place."""

    # Outlines fitted: the best places by the rim's contrast.
    budget: int = 6


@dataclass(frozen=True)
class PaperEdgeSettings:
    """Seals cut by the edge of a page photographed on a desk, searched on the page straightened
    (see seals.paper)."""

    # A seal found there with at least this share of its fill's outline past the straightened
    # page's edges is cut by the paper's edge; one more whole (also one cut only by a seal on
    # top, which the ring tests judge as cut) was the photo's own search's to judge.
    min_off: float = 0.1
    # One whose box holds this share of the box of a seal the photo's search found is that
    # seal seen whole (the photo's search fitted the slice it saw) and takes its place (one
    # holding two is two seals, not one); one whose box lies more than ``max_overlap`` on
    # another found seal is that seal.
    held: float = 0.8
    max_overlap: float = 0.3


PAPER_EDGE = PaperEdgeSettings()


@dataclass(frozen=True)
class EdgeSliceTest:
    """A slice of a seal the page's edge cuts short of the share of its outline the ring tests
    need (``OutlineSettings.min_on_page``): a perforation seal (骑缝章) stamped across a
    contract's stacked pages leaves each page a slice of a third or less, its arc text partly
    readable (probes round 18: 博尔塔 at a page's right edge). What is left to judge is an arc of
    rim meeting the edge at both ends, with marks inside it (seals.slices)."""

    # A component of seal ink within this many working pixels of the image's side touches it
    # (a photographed page straightened ends a pixel or two off its paper's edge).
    edge_px: int = 4
    # The slice's depth (from the edge to the rim's farthest point) as a share of the radius:
    # shallower, the text band (0.6-0.8 of the radius) is off the page and only a bare arc is
    # left; deeper than ``max_depth``, the whole-outline search judges it.
    min_depth: float = 0.18
    max_depth: float = 1.1
    # The largest radius of a slice, as a share of the image's short side: a 45 mm seal on a
    # 210 mm page is 0.11; a close-up of a seal is not cut by the edge into a slice.
    max_radius_share: float = 0.16
    # The rim's contour points (off the image's side) within ``fit_tolerance`` of the radius
    # from the fitted circle: at least ``min_on_circle`` of them (a round rim, not a letterhead's
    # band or a rule's end).
    fit_tolerance: float = 0.06
    min_on_circle: float = 0.8
    # The arc on the page must carry ink at the rim along ``min_rim`` of its angles, and at most
    # ``max_outside`` just outside it (a seal's rim stands on clean paper or on print, not on
    # more of its own ink).
    min_rim: float = 0.85
    max_outside: float = 0.2
    # Marks inside the rim (arc text, a star's point): at least ``min_marks`` separate
    # components of the ink, each of at least ``mark_area`` of the radius squared.
    min_marks: int = 2
    mark_area: float = 0.004
    # Ink density inside the rim (0.2-0.85 of the radius, where it is on the page) above this is
    # a disc of ink, not a rim round text: a slice's visible text band reads 0.35-0.46.
    max_inner: float = 0.7
    # Where along the radius (shares of it) the rim, the paper just outside it and the inside
    # are sampled, and the disc the marks inside are counted in.
    rim_band: tuple[float, float] = (0.93, 1.05)
    outside_band: tuple[float, float] = (1.12, 1.25)
    inner_band: tuple[float, float] = (0.2, 0.85)
    marks_within: float = 0.88
    # A seal found counts as a piece of a slice when it lies inside the slice's circle grown by
    # this factor (the rim's ink reaches a little past the fitted outer edge).
    piece_grow: float = 1.05
    # A slice whose part on the page lies this much inside a seal found already is that seal
    # (the ring tests fitted an outline to the slice they saw).
    held: float = 0.5
    # A seal found that lies this much inside a slice's circle was fitted to a piece of it.
    piece: float = 0.9


EDGE_SLICE = EdgeSliceTest()


@dataclass(frozen=True)
class PhotoCornerTest:
    """A round seal stamped over a photo's corner (a work card's, an application form's one-inch
    photo): over the photo its ink is lost in the picture's darks, so the ring tests see a disc
    of ink where half the outline runs (probes round 18's b02, a grey copy of a work card). The
    photo is found as a solid region of non-paper (its darks and mid tones; on a copy its lights
    turn to paper and are no part of it: the seal's ink shows there); it then hides the seal as
    the page's edge hides a slice (``EdgeSliceTest``): what is judged is the arc on the paper,
    round, meeting the photo at both ends, with marks (arc text) inside it (seals.photos)."""

    # A pixel is not paper when its grey level is under this share of the page's paper level
    # (the grey level's ``paper_percentile``): a photo's lights are near paper, its mid tones
    # and darks are not, and print is thin.
    not_paper: float = 0.82
    paper_percentile: float = 90.0
    # The share of non-paper pixels in a window (``window_share`` of the image's short side) at
    # which the window is solid: a photo reads 0.8-1 (less in its lights), print 0.1-0.45.
    window_share: float = 0.02
    solid: float = 0.7
    # A photo's solid region is closed over its lights by ``close_share`` of the short side.
    close_share: float = 0.03
    # A photo: the solid region's bounding box at least ``min_side_share`` of the image's short
    # side on its smaller side (a one-inch photo on A4 is 0.12, on a card 0.4; a bold title's
    # glyph 0.05), and clear of the image's sides by ``side_px`` (a letterhead's band or a
    # phone photo's dark desk reaching the sides is the page's edge, seals.slices' to judge).
    # Not asked to be a rectangle: a copy's photo is its darks, and a card's coloured header
    # band hides a seal as a photo does.
    min_side_share: float = 0.06
    side_px: int = 3
    # The photo's region is grown by this many working pixels before the seal's ink is taken
    # off it (the photo's edge blurs into the paper).
    grow_px: int = 2
    # A seal over the photo hides from ``min_hidden`` to ``max_hidden`` of its outline there (at
    # least its rim's ends meet the photo; with more hidden, too little is left to judge).
    min_hidden: float = 0.1
    max_hidden: float = 0.7
    # The largest radius, as a share of the image's short side: a card's seal is up to a third
    # of the card's height across (a page's, EdgeSliceTest.max_radius_share).
    max_radius_share: float = 0.3
    # The rim's circle: of ``consensus_draws`` circles through three of the arc's contour points
    # (off the photo), the one that most points lie within ``consensus_tolerance`` of its radius
    # (print the rim touches, a card's field beside the photo, pulls a least-squares fit off
    # the rim: seed 31 photo_corner page 6, by 9% of the radius).
    # At least ``consensus_share`` of the points on it: the contour runs round the rim's inner
    # edge too, so its outer edge is about half of them.
    consensus_draws: int = 300
    consensus_tolerance: float = 0.03
    consensus_share: float = 0.25
    # The rim's circle is fitted a third time to its outer edge's points within this share of
    # the radius (slices.outer_circle): the arc on the paper is longer than a slice's, and more
    # of its glyphs touch the rim.
    refit: float = 0.12
    # ...and its outer edge's points on that circle (EdgeSliceTest.fit_tolerance) on this share
    # of them: print the rim touches (a card's field beside the photo) adds points off it; the
    # rim's ink along the visible arc is asked by the slice's ring test after.
    min_on_circle: float = 0.6
    # No marks inside the visible arc (the photo hides the arc text, or a copy lost it): a seal
    # still when at most ``bare_max_hidden`` of the outline is hidden and the rim is inked on
    # ``bare_min_rim`` of the visible angles with ``bare_max_outside`` at most just outside it.
    bare_max_hidden: float = 0.4
    bare_min_rim: float = 0.95
    bare_max_outside: float = 0.15


PHOTO_CORNER = PhotoCornerTest()


@dataclass(frozen=True)
class OutlineSettings:
    """The outline filled over a seal."""

    # The fill covers the fitted outline grown by this fraction of the radius plus margin_px.
    margin_frac: float = 0.08
    margin_px: float = 3.0
    # Share of an outline that must lie on the page (a seal cut by the page edge, or partly under
    # another seal).
    min_on_page: float = 0.35
    # Points of a filled ellipse's polygon.
    points: int = 64
    # Longest axis over shortest: oval seals run up to 45 x 30 mm (1.5), a little more for
    # perspective on phone pictures; pen loops drawn round a word are longer.
    max_elongation: float = 1.65
    # A square seal's box refined to longer sides than this ratio has one side pulled off its
    # frame (onto another seal's, issue 10 item 4): the squares at its two ends are tried too.
    square_stretch: float = 1.1
    # A box longer than a square (a square seal foreshortened on a phone photo, CleanRingTest)
    # that spans at least this share of the image's width and of its height is the border round
    # a photographed page (seed 181 distractor_phone page 5: 1.36 long, past every side of the
    # photo; seeds 131/6, 151/1, 161/2 the same), not a seal: a square seal is at most 28 mm of a
    # 210 mm page, and a close-up of one is not foreshortened into a long box.
    border_span: float = 0.8
    border_min_elongation: float = 1.15
    # A square box that spans so much of the image and lies partly beyond it, its outline on
    # the image at most this share, is the photo's own frame round the page (probes round 13's
    # title sweep, seed 7002 page 14: a purple-grey desk's strips round a photographed
    # certificate, taken for a blue square seal twice the photo's width, 0.65 of its outline on
    # the image): a close-up of one seal has the seal inside it.
    border_max_on_image: float = 0.9


@dataclass(frozen=True)
class BoxFitSettings:
    """A square seal's frame fitted side by side (fit.refine_box with ``free``): the box turns to
    the sides' direction and leans into a parallelogram. A proposal's box comes at the angle of
    the ink's minimum-area rectangle, which print touching a small frame on a grey copy turns
    off it (seed 7 grey_lowres page 9: 6 degrees); a square seal on a phone photo taken at a
    slant is a parallelogram (perspective), which no rotated rectangle follows (issue 10)."""

    # No square seal leans further than this (degrees) on a picture of a page. A square stamped
    # turned 45 degrees on a page foreshortened to 0.68 (a camera tilted 47 degrees) leans 21.6
    # degrees, and a keystone of a fifth of the width adds up to 10 or more: over the
    # generator's slants (samples/synth_seals._keystone, every angle of a square) the 99th
    # percentile is 28.8, the 99.9th 34.3 (seed 161 perspective page 2 leans 28.5). At 25 those
    # photos were refused; the colour negatives take no leaning box up to 35 (BENCHMARKS,
    # thirteenth round).
    max_skew: float = 35.0
    # A square seal foreshortened into a long parallelogram (seed 161 perspective page 2: its
    # minimum-area rectangle 2.2 long, so no box proposal and no box from its round fit's edge)
    # is found from its corners: the hull of the round fit's edge points simplified to a
    # polygon (tolerance this share of its perimeter); four corners give the box to fit.
    corner_tolerance: float = 0.04
    # A side's lean is measured from at least this many edge points, spread over this share of
    # its length; points further off the side's line than outlier_px (or 2.5 x the median) are
    # print touching it.
    min_side_points: int = 6
    min_side_span: float = 0.5
    outlier_px: float = 1.0
    # On grey copies boxes do not lean (a red title's 回 leans onto print, seed 51
    # distractor_grey page 7), but a box whose sides turn it by more than this (degrees) is
    # fitted again as a rectangle at their angle (detector._turned_boxes: seed 7 grey_lowres
    # page 9, 6 degrees off; seed 131 page 1).
    min_turn: float = 1.0


@dataclass(frozen=True)
class ColourRingTest:
    """A coloured ring is a seal's rim: ink near the outline nearly all round, continuous along
    one radius, ending cleanly, with some ink inside and little just outside."""

    min_coverage: float = 0.8
    min_row: float = 0.72
    # Ends cleanly on this share of angles; or, a ring drawn all round (coverage, row), at least
    # on the lower share (a rim with print or another seal touching it).
    min_edge: float = 0.6
    min_edge_full_ring: float = 0.3
    full_ring_row: float = 0.75
    full_ring_coverage: float = 0.97
    max_outside: float = 0.25
    min_inner: float = 0.012
    max_inner: float = 0.55
    max_fill: float = 0.55
    # Square frames must end cleanly on more of their turn (tables, rules run on past them).
    min_box_edge: float = 0.8


@dataclass(frozen=True)
class FrameTest:
    """A square seal's frame has no rule crossing its inside (judge.is_frame: a table's cells
    have). An over-inked square seal's text runs together into bands as long as such a rule
    (scans, issue 10: seed 7 scan page 4, seed 23 page 4, bands 6-10 px wide at the working
    scale, about 0.11-0.23 of the radius); a table's rules are 1-3 px. A band at least this wide
    (pixels and share of the radius) that stops at the frame is the seal's text, not a rule
    (colour ink only: on a grey copy a line of print inside a box would pass as one). A band's
    width is the wider of its long runs' and of the ink through its middle (the median along
    it): a column of glyphs may run unbroken only where they happen to join, 2 px wide, inside
    ink a glyph wide (seed 451 scan page 6, a bleeding square turned 28 degrees), where a
    rule's ink is the rule alone along most of its length."""

    min_band_px: float = 4.0
    min_band: float = 0.08
    # The band's runs may be apart by this much (pixels): the glyphs' strokes leave gaps.
    band_gap_px: float = 2.0


@dataclass(frozen=True)
class GreyRingTest:
    """A round or oval ring on a grey copy, where printed text is everywhere."""

    min_coverage: float = 0.85
    # A ring continuous at one radius nearly all round; or a weaker one that ends cleanly and
    # (when broken over more than a seventh of the turn) has ink near it nearly all round: a pen
    # loop drawn round a word leaves a gap where it does not close.
    strong_row: float = 0.9
    weak_row: float = 0.72
    weak_edge: float = 0.6
    weak_row_whole: float = 0.85
    weak_coverage_whole: float = 0.94
    min_row_over_outside: float = 0.35
    max_inner: float = 0.45
    min_inner: float = 0.015
    # Arc text the copy nearly lost (measured at GreySearchSettings.faint_dark) is enough inside
    # a ring that runs all round, or ends cleanly nearly all round.
    min_faint_inner: float = 0.005
    faint_row: float = 0.9
    faint_coverage: float = 0.97
    faint_row_clean: float = 0.85
    faint_edge_clean: float = 0.8
    max_fill: float = 0.5


@dataclass(frozen=True)
class PenLoopTest:
    """A pen loop drawn round a word that nearly closes (seed 181 page 3, distractor_phone and
    distractor_grey) passes the weak-ring limits by a hair (ColourRingTest.min_row and
    GreyRingTest.weak_row 0.72: row 0.74-0.76; edge 0.63-0.67 against 0.6). Its stroke wanders
    off any ellipse (a wobble, a spiral whose two ends pass each other), so near the outline
    there is ink where the one radius has none: coverage above row by 0.22-0.24. A seal's rim
    weak at one radius is broken where the pad left it faint or dry, not moved off it: of the 76
    seals found on seed 191 (pages 0-5 of every seal condition but dotmatrix; grey_lowres 0-3)
    none had coverage above its row by more than 0.09 (pair page 1, a seal under another, row
    0.85), and the two under a row of 0.85 (grey_lowres 2 and 3, 0.83 and 0.78) by 0.03 and
    0.04. Round and oval rings only (a box's sides are straight)."""

    # Rings under this row are weak; of those, ones whose coverage exceeds their row by more
    # than max_displaced are loops.
    weak_below: float = 0.85
    max_displaced: float = 0.15


@dataclass(frozen=True)
class GreyBoxTest:
    """A square seal on a grey copy: a frame all round, ending cleanly, with text inside, drawn
    in the mid grey that seal ink copies to (table cells and boxes are printed black)."""

    min_edge: float = 0.65
    max_elongation: float = 1.15
    min_row: float = 0.95
    min_coverage: float = 0.97
    max_outside: float = 0.2
    max_fill: float = 0.5
    min_inner: float = 0.05
    min_faint_inner: float = 0.02
    max_inner: float = 0.45
    # Share of the frame's inked rays whose darkest point is near black (printed lines).
    max_black: float = 0.35


@dataclass(frozen=True)
class CleanGreyFrameTest:
    """A small square seal on a low-resolution grey copy whose text the copy lost (issue 10,
    item 6): a 10-15 mm seal's frame is drawn thicker than its glyphs, and at 80-100 dpi only
    the frame is left, with a few specks inside at most (seed 161 grey_lowres page 6: 0.006 at
    the faint level against GreyBoxTest.min_faint_inner 0.02). Such a frame stands alone: whole
    at one distance all round (at the lighter level when the ink level breaks it), ending
    cleanly, with nothing just outside or right inside it and in the mid grey of seal ink
    (GreyBoxTest's other limits still hold). An empty square frame that is no seal hides no
    evidence under a mask; a seal left visible costs the applicant the review."""

    min_coverage: float = 0.99
    min_row: float = 0.99
    min_edge: float = 0.9
    max_outside: float = 0.02
    max_fill: float = 0.05
    # Print beside such a frame (a line of text touching its corners) puts ink just outside it at
    # every distance past the frame, not a block of it (seed 201 grey_lowres page 6: 0.07, the
    # frame ending cleanly on 0.91 of its turn). An empty frame may have that much: one with
    # nothing inside at the ink level. The outer square of a red title's 回 holds its inner
    # square (ink inside), and a table's cell holds text and its rules run on (judge.is_frame).
    crowded_max_outside: float = 0.1
    crowded_max_inner: float = 0.01


@dataclass(frozen=True)
class LightRimTest:
    """A grey rim broken only where it is faint: at the lighter darkness level it must run all
    round at one radius and end cleanly, which print and pen loops rarely do."""

    # Tried on outlines whose rim covers this much at the ink level: a 10-15 mm seal on an
    # 80-100 dpi copy keeps a one-pixel rim of which the ink level sees about two thirds.
    min_coverage_to_try: float = 0.5
    min_coverage: float = 0.98
    min_row: float = 0.97
    min_edge: float = 0.65
    max_outside: float = 0.2


@dataclass(frozen=True)
class SmallGreySealTest:
    """Small seals on low-resolution grey copies (issue 10, item 6): a 10-15 mm seal at 80-100
    dpi is 30-60 px across, its arc text a few grey specks (or gone), over print or table
    rules. What is left of it is a rim running all round at one radius, and inside it the star or
    the specks of its text, or a square frame of strokes thicker than print."""

    # A rim this whole (on the ink level, or at the lighter level for a faint rim) may show its
    # content only at the faint level (GreySearchSettings.faint_dark), table rules taken out...
    min_coverage: float = 0.97
    min_row: float = 0.95
    # ...or as a single mark at its centre (a round seal's star): its centre within this share
    # of the radius from the ring's, its size between these shares of the radius.
    centre_offset: float = 0.25
    centre_min_size: float = 0.15
    centre_max_size: float = 0.8
    # A square frame on a copy over print: on the thick strokes alone (an opening removes
    # print) it runs all round, ends cleanly and has little ink just outside.
    core_box_coverage: float = 0.97
    core_box_row: float = 0.95
    core_box_edge: float = 0.8
    core_box_outside: float = 0.1
    # Outlines up to this radius (share of the page's short side; a 15 mm seal at 100 dpi is
    # about 0.04) are small seals for LoneRimTest.
    small_max_r: float = 0.05


@dataclass(frozen=True)
class LoneRimTest:
    """A small seal on a low-resolution grey copy over print (issue 10, item 6): its rim runs all
    round at one radius at the lighter level (GreySearchSettings.light_dark) while the print it
    lies on is spread over every radius, so that one radius stands out from the rest. Rings
    drawn through a block of text have ink at every radius; a seal's rim has it at one. Measured
    on tuning seeds 7/23/41: seals' rims 0.58-0.84 above the mean of the other radii, rings in
    text and table pages at most 0.43."""

    # Looked at on proposals up to SmallGreySealTest.small_max_r; a frame must also be a frame
    # (judge.is_frame) at the lighter level. Round and oval rims too since their outline is
    # snapped onto the rim (fit.snap_rim, RimSnapSettings): the drifted fits never lay on a
    # seal's rim over print, so no round outline could pass (seeds 7/23/41/51 grey_lowres: 5
    # seals found; distractor_grey and plain_grey pages 0-5: no false seal added). A red ring
    # drawn round a word (〇) copies to the same mid grey and may pass as well as a round seal.
    shapes: tuple[str, ...] = ("box", "ellipse")
    min_coverage: float = 0.99
    min_row: float = 0.95
    # The rim's row above the mean ink density at the radii at least `far` of the radius away
    # (between from_scale and to_scale of the outline).
    min_contrast: float = 0.52
    far: float = 0.1
    from_scale: float = 0.5
    to_scale: float = 1.22
    # Just outside the rim the print may be dense, but not a block of ink.
    max_outside: float = 0.4
    # Something inside (the star, the text's specks), not a solid disc.
    min_inner: float = 0.04
    max_inner: float = 0.5
    max_fill: float = 0.5
    # A frame's sides must not run on past its corners (judge.is_frame: a table's rules do) for
    # this multiple of the half side, not the usual 1.3: at the lighter level the strokes of
    # print next to a small frame's corner, blurred by the copy, run on along a side's line for
    # a few pixels by chance (seed 161 grey_lowres page 7: two of eight ends, a frame turned 33
    # degrees across two lines of text), while a table's rule runs on for a whole cell; seed 7
    # grey_lowres page 6 (a frame turned 36 degrees, its corners under 作 and by 圆 and 和) has
    # two sides' lines inked through print out to 2.2. The outer square of a red title's 回 on a
    # grey copy passes at 2.5 too (seed 51 distractor_grey page 7, fourteenth round): a box with
    # a second frame whole inside it is refused (InnerFrameTest).
    frame_reach: float = 2.5


@dataclass(frozen=True)
class FaintRimTest:
    """A small seal on a low-resolution grey copy that the copy left whole only at the faint
    level (GreySearchSettings.faint_dark): its lighter level broken (seed 221 grey_lowres page
    5, an oval in white space: coverage 0.86 at the lighter level, 0.97 at the faint one; seed
    211 page 7, a round seal over print: 0.97 and row 0.92 there), so no list proposes it. The
    ring filter run again on the faint level proposes both first; snapped onto the rim at that
    level, a round one over print is told by its star (StarRimTest), an oval in white space by
    this: a rim whole at one radius, ending cleanly with nothing just outside it (print or a
    loop does not), specks of its text inside and no solid mark (221/5: coverage and row 0.97,
    edge 0.88, outside 0.004, inside 0.019, fill 0.03). Over print, a round rim that is a lone
    rim (LoneRimTest) at the faint level only, with opened ink at its centre (its star, which
    may merge with print there: 211/7, 0.2 of the radius off), is one too (judge.faint_star_rim:
    a red title's 〇, solid, is a lone rim at the lighter level as well)."""

    min_coverage: float = 0.96
    min_row: float = 0.95
    min_edge: float = 0.85
    max_outside: float = 0.02
    # A rim fainter still is whole only below the faint level: seed 241 grey_lowres page 2, an
    # oval in white space with two stretches of its rim 0.04-0.06 dark, covers 0.92 (row 0.90)
    # at the faint level 0.07 and 0.98 (row 0.98, edge 0.88, outside 0.003) snapped at 0.05.
    # The ring filter's faint peaks are also snapped and judged by the limits above at this
    # darkness; a copy's speckle in white space is below it on 95% of the paper there.
    dark: float = 0.05
    # the text's specks, not an empty ring; nor a disc
    min_inner: float = 0.005
    max_inner: float = 0.2
    max_fill: float = 0.1
    # A small round seal whose text the copy lost and whose rim is whole at this darkness only
    # (broken at the lighter level: under min_coverage there), with its star at the centre at the
    # lighter level (judge.star_at_centre) and a glyph of print touching it from outside: its
    # rim may end less cleanly and have more ink just outside (seed 251 grey_lowres page 3, in
    # white space but for 娜 at its rim: coverage and row 1.0, edge 0.82-0.85, outside
    # 0.068-0.084, inside 0.008; at the lighter level coverage 0.72). A red title's 〇 is solid:
    # whole at the lighter level already.
    star_min_edge: float = 0.75
    star_max_outside: float = 0.1
    # The outline snapped at the faint level lies on the middle of a rim that the faint level
    # shows a pixel or so thicker: its ink runs just past it and it does not "end cleanly"
    # (seed 451 grey_lowres page 3, a round seal with its star in white space: snapped at
    # r 16.4, edge 0.44, outside 0.02). The test is tried again on the outline grown by these
    # many working pixels, out to the rim's outer edge (+0.5: edge 0.97, outside 0.002).
    grow_px: tuple[float, ...] = (0.5, 1.0)


@dataclass(frozen=True)
class StarRimTest:
    """A small round seal on a low-resolution grey copy over print, told by its star (issue 10,
    item 6). Its rim may pass the ring tests only on an outline that the ring filter alone
    proposed (a line of print across it merges rim and print into one component: seed 171
    grey_lowres page 4), or run round only at the faint level (GreySearchSettings.faint_dark:
    seed 181 page 7, where the lighter level sees 0.95 of it); either way it is a lone rim
    (LoneRimTest) at one of the three levels. A red 〇 drawn round a word passes as much (seeds
    51, 141, 151 and 181, distractor_grey), but holds print where a round seal holds its star: a
    solid mark at the centre that outlasts an opening of the ink level which removes the strokes
    of print (those 〇 keep no mark of a star's size within a quarter of the radius of their
    centre; the two seals keep their star)."""

    # Side (pixels, working scale) of the square opening that takes print's strokes away at the
    # ink level (GreySearchSettings.ink_dark), as the grey search's core does.
    open_px: int = 3
    # The star's centre lies within this share of the radius from the rim's (a star is stamped
    # at the centre, and a snapped rim is true to a pixel: the seals' stars on tuning seeds 7,
    # 23, 51, 171 and 181 lie at 0.01-0.05; the opened glyphs of the word a 〇 rings, seed 41
    # distractor_grey page 0, at 0.13 and 0.21), its size between SmallGreySealTest's
    # centre_min_size and centre_max_size (judge.centre_mark).
    centre_offset: float = 0.1
    # A small round rim on a grey copy (up to SmallGreySealTest.small_max_r, its axes within
    # this ratio: oval seals are 1.3-1.5 long and have no star) is a seal only with its star,
    # whichever test passed it: the red 〇 of a title, photocopied, passes the ring tests as well
    # as such a seal (seeds 51/1, 141/4, 151/0, 151/7, 181/7 distractor_grey), and holds print
    # where the seal holds its star (the round seals found on grey_lowres tuning pages all
    # show theirs).
    round_max_elongation: float = 1.15
    # ...where a star is asked only as opened ink within this share of the radius from the
    # centre, whatever mark it belongs to: a star stamped over a glyph of print merges with it
    # into one mark off the centre (seed 161 grey_lowres page 0: 0.15 of the radius off, 0.62 of
    # it across), while those 〇 have no opened ink there at all.
    centre_ink: float = 0.12


@dataclass(frozen=True)
class CleanRingTest:
    """A ring drawn all round at one radius that ends cleanly: a stamp's rim, not a loop (lets a
    faint stamp pass on thin arc text)."""

    min_coverage: float = 0.97
    min_row: float = 0.95
    min_edge: float = 0.9
    max_outside: float = 0.02
    # Such a rim may be longer than OutlineSettings.max_elongation: a 41 x 30 mm oval on a
    # phone photo foreshortened to 0.68 across its short axis is 2.0 long (seed 7 perspective
    # page 6: 1.79); and thicker, the band right inside it filled further than
    # ColourRingTest.max_fill: an over-inked stamp's rim bleeding inwards (seed 41 scan page 0:
    # 0.63). Loops are not closed and solid marks have far more ink inside (max_inner). The
    # longer limit is for round and oval rims; a box has its own. A keystoned photo (one edge
    # of the page farther from the camera) foreshortens that side further: seed 481
    # perspective page 1, a 40 x 30 mm oval near the far edge, fitted true to a pixel and clean
    # (1.0, 1.0, 0.99), came out 2.14 long and was refused at 2.05; at 2.25 seed 511
    # perspective page 7 (a 41 x 30 mm oval on a page squashed and keystoned along its short
    # axis, fitted true and clean: 1.0, 1.0, 0.99, outside 0.005) came out 2.47 long. 2.75 is
    # a 41 x 30 mm oval photographed by a camera 60 degrees off the page's normal (1.37 / cos 60
    # = 2.73), where the page's print is foreshortened to half its height.
    max_elongation: float = 2.75
    max_fill: float = 0.7
    # A square seal's clean frame on a phone photo taken at a slant is foreshortened too: seed 51
    # perspective page 7, a 1.7 x 1 parallelogram (BoxFitSettings); red text boxes are longer.
    max_box_elongation: float = 1.85
    # An over-inked square seal's text fills its clean frame densely (seed 51 perspective page 9:
    # 0.6 against ColourRingTest.max_inner 0.55); a solid mark fills it all (max_fill). Boxes
    # only: round and oval rims keep 0.55 (a smear inside a pen loop on a phone photo passed
    # at 0.7, seed 101 distractor_phone page 2).
    max_box_inner: float = 0.7


@dataclass(frozen=True)
class FaintStampTest:
    """A faint stamp over print (a seller's seal over dot-matrix fields): its rim runs nearly all
    round and ends cleanly with almost nothing just outside it, and its arc text shows only in
    the faintest colour mask (InkSettings.chroma_faintest)."""

    min_coverage: float = 0.9
    min_row: float = 0.8
    min_edge: float = 0.8
    max_outside: float = 0.03
    # Its text is fainter than the lenient mask, which sees little ink inside the rim (a logo's
    # bold letters inside a clean oval, CNAB's, are not a faint stamp's: 0.28 and more on t06).
    # Dot-matrix print under a stamp and the stamp's stronger glyphs put 0.07-0.1 there (seed 51
    # dotmatrix page 6: 0.071; seed 141 pages 1 and 4: 0.085, 0.098), whose rims are whole and
    # whose text runs round in the faintest mask (was 0.06).
    max_inner: float = 0.12
    # In the faintest mask one twelfth of the turn without text between two with text is taken
    # for a glyph the stamp left too faint (seed 41 dotmatrix page 1: text on 3 + 2 sectors with
    # one at 0.12 between them); the rim tests above still decide.
    bridge_gap: bool = True
    # An oval seal's arc text may be short (自治区水利厅: six glyphs over three twelfths of the
    # turn) with its other line (a serial number, 财务专用章) across from it inside the rim:
    # text on two stretches of at least `split_run` twelfths each, `split_sectors` in all, is
    # text round the ring too (seed 191 dotmatrix page 7, seed 151 page 2: 3 + 3 twelfths, on
    # rims whole and clean in the lenient mask). The rim tests above still decide.
    split_run: int = 3
    split_sectors: int = 6
    # A faint stamp's text is in the same pad ink as its rim: when the rim is whole and clean in
    # the strict mask, the text shows at the lenient level, at least this much ink inside (the
    # invoice seals pinned in tests/test_seals.py whose strict rim is nearly whole:
    # 0.035-0.092). A red title's 〇 on a phone photo has a strong rim and nothing inside at
    # that level (0.000, seed 201 distractor_phone page 7): the faintest mask's "text" there is
    # the colour fringe of the black print the 〇 rings.
    strong_rim_min_inner: float = 0.012
    # A faint oval stamp (an invoice's 发票专用章 is an oval, 40 x 30 mm), its axes at least
    # `oval_min_elongation` apart (a red title's 〇 is round), may miss the limits above by a
    # little (judge.faint_oval_stamp): its rim short of them in the lenient mask but whole in
    # the faintest one (seed 371 dotmatrix page 3: coverage 0.896 lenient, 0.986 faintest, row
    # 0.98, edge 0.97, outside 0.005), or with a halo just over max_outside there and ending
    # cleanly in the strict one (seed 341 page 1: outside 0.035 lenient, 0.002 strict,
    # coverage 0.97, row 0.97, edge 0.95); so its rim is asked for at each of the three
    # levels. Its text may be fainter than the faintest mask (InkSettings.chroma_trace; seed
    # 361 page 4: 4 marks in the faintest mask, text running round at the trace level): there
    # it must run round (judge.has_faint_text) inside a clean rim (CleanRingTest, at one of
    # the three levels) with at least `trace_contrast` times the ink density just outside the
    # rim inside it (361/4: 0.23 against 0.05), so that a photo's colour cast is no text.
    oval_min_elongation: float = 1.2
    trace_contrast: float = 3.0


@dataclass(frozen=True)
class RimSnapSettings:
    """A small seal's thin rim on a low-resolution grey copy, with print crossing it (issue 10,
    item 6): the edge-point fits (fit.refine) follow the print's strokes off the rim even from a
    proposal that lies on it (seed 7 grey_lowres page 2: a proposal 0.5 px off the rim, every fit
    pulled onto a line of text). ``fit.snap_rim`` instead moves the outline in small steps to the
    single radius where ink runs furthest round at the lighter level, against the ink just
    inside and outside it: print is spread over every radius, a rim is at one."""

    # Samples across the rim (shares of the outline) that count as on it, and the radii it is
    # weighed against inside and outside it (the ring tests' band and beyond), per stage: a
    # wide stage first (an oval proposed as a circle is on its rim at some angles only), then a
    # narrow one that centres the rim.
    stages: tuple[tuple[tuple[float, ...], tuple[float, ...]], ...] = (
        ((0.9, 0.95, 1.0, 1.04), (0.78, 1.16)),
        ((0.96, 1.0), (0.86, 1.1)),
    )
    # Weight of the ink off the rim against the ink on it.
    off_weight: float = 0.5
    # First step in pixels for the centre and the half axes, in degrees for the angle; halved
    # when no step helps, down to the last.
    step_px: float = 2.0
    step_deg: float = 12.0
    last_step_px: float = 0.5
    # Rounds at most (each tries every parameter both ways).
    max_rounds: int = 24
    # Proposals whose rim contrast at the wide stage is below this are not snapped (a snap costs
    # about 13 ms, and a grey page has 100-140 small proposals): on tuning seeds 7/23/41/51 the
    # proposals snapped onto a seal started at 0.51-0.84, half of all proposals below 0.45.
    min_start: float = 0.45
    # The snapped outline may not leave its proposal by more than this share of the radius
    # (centre) or change its half axes by more (a rim of the same seal, not another ring).
    max_move: float = 0.35


@dataclass(frozen=True)
class OverlapSettings:
    """Seals partly under another (issue 10, item 4): once the seals on top are accepted, their
    fills are hidden (treated as off the page) and the rings beside them are judged again on
    what is left, as a seal cut by the page edge is."""

    # The top seal's fill is hidden out to this share of its radius (past its rim's blur).
    hide_grow: float = 0.1
    # A seal found under another may lie this far (share of its area) under the seals on top.
    max_hidden_share: float = 0.9
    # A ring lying more than this share of its area inside the seals already chosen is taken for
    # one's inner band or star (judge.select_seals)...
    max_inside_share: float = 0.6
    # ...unless this share of its outline runs out past their outlines grown by ``rim_past`` of
    # their radius (the rim's blur and a fit's slack): a band or star lies wholly inside, a seal
    # overlapping another runs out of it (bench seed 2281 014_grey16_png: an oval 63% over a
    # round seal, half of its outline outside; a seal's inner band runs out 0%).
    runs_out: float = 0.25
    rim_past: float = 0.1
    # A clean ring judged under another seal (CleanRingTest on what is left of it) may have the
    # band just inside its rim this full (ColourRingTest.max_fill, CleanRingTest.max_fill for
    # a seal on its own): an oval's text runs round its top and the seal on top hid its bottom,
    # so what is left is its text arc alone, the band 0.9 full (seed 471 pair page 4, an oval
    # 60% under another). A solid mark fills it whole and its inside too (max_inner).
    under_max_fill: float = 0.95
    # Two seals each crossing the other's inside: each one's rim joins the other's glyphs into
    # one or two marks (judge.has_content asks for three; seed 251 pair page 5, an oval 70% over
    # a square: two inside each), so neither passed and nothing was on top to hide. A colour
    # ring refused for its content alone is asked again with a crossing rim's band erased (from
    # erase_band[0] to erase_band[1] of that rim's outline: a rim's outline is its outer edge,
    # its stroke 0.05-0.1 of the radius inside it). A crossing rim is a ring fitted whole at one
    # radius (coverage and row at least crossing_rim; its end may be spoiled by the other seal)
    # that runs through the text band (within crossing_depth of the outline) and outside.
    crossing_rim: tuple[float, float] = (0.97, 0.95)
    erase_band: tuple[float, float] = (0.82, 1.06)
    crossing_depth: float = 0.8
    # Two seals overlapping by most of their area (round seals 121 px in radius, centres 80 px
    # apart: seed 531 pair page 0) are also one outline round both, its rim along neither seal's
    # (row 0.92) and nothing outside it, which outscores each seal (row 1.00, the other's ink
    # outside): the hull was masked, read as both arcs joined and left visible under --seals
    # unit. An outline is such a hull when two candidates not the same seal as each other
    # (``hull_apart``: centres at least this share of the smaller radius apart) each lie
    # ``hull_part_inside`` of their area inside it, each runs round at one radius better than it
    # does (row at least ``hull_row_gain`` above its own, and at least ``hull_part_row``), and
    # together they fill ``hull_parts_cover`` of it: those two seals are taken instead.
    hull_apart: float = 0.25
    hull_part_inside: float = 0.9
    hull_row_gain: float = 0.05
    hull_part_row: float = 0.95
    hull_parts_cover: float = 0.9
    # Two outlines whose centres lie within half the smaller radius are one seal fitted twice
    # (judge.same_seal), except where each runs whole round a rim of its own: both at least
    # ``twin_row`` in row and coverage (a ring at one radius all round) and their centres at
    # least ``twin_apart`` of the smaller radius apart (well past a rim's width, 0.05-0.1 of
    # it, and a fit's slack). That is one seal stamped twice a little apart, or a PDF's Stamp
    # annotation beside the same seal placed as an image (main bench 2351 012_pdf_stamp: two
    # round seals 68 working px in radius, centres 30 px apart, row and coverage 1.00 each:
    # the second was dropped as the first fitted again, a crescent of its rim left showing).
    twin_row: float = 0.95
    twin_apart: float = 0.25


@dataclass(frozen=True)
class InkExtentSettings:
    """Growing the fill over all of the seal's ink (issue 10, item 5): on scans and phone photos
    a fitted outline can sit inside the rim's outer edge (perspective, ink spread)."""

    # Ink connected to the rim is followed out to this multiple of the outline; ink that runs on
    # past it (a letterhead, another seal's rim, a rule) belongs to something else.
    reach: float = 1.3
    # Angle bins round the outline: a bin whose ink runs to the reach is left out.
    bins: int = 72
    # The rim band that the ink must be connected to, as multiples of the outline.
    rim_from: float = 0.85


@dataclass(frozen=True)
class PatchyStampTest:
    """A colour stamp pressed unevenly (缺墨, issue 10): a third to a half of its ink gone in
    patches, so its rim runs round in broken stretches (ring coverage 0.55-0.8, row under 0.72:
    ColourRingTest refuses it). What it still has: rim in many stretches spread all round (a
    letterhead's arc, a red 〇's or a pen loop's stroke is one long arc or whole), nearly no ink
    just outside it, and its star or text inside."""

    # the outline lies on the page (a seal cut by the page edge is the usual tests' case)
    min_on_page: float = 0.95
    max_elongation: float = 1.6
    # rim ink near the outline on this share of the angles...
    min_coverage: float = 0.5
    # ...at one radius: what is left of a rim lies on it, where a pen loop's stroke wanders off
    # any outline (PenLoopTest): coverage above row by at most this (the stamps of seeds 301
    # and 302: 0.01-0.06; a loop round a line of print taken for a box, 311 distractor page 4:
    # 0.29)
    max_displaced: float = 0.12
    # ...in at least this many stretches (gaps of up to ``bridge`` angles of N_ANGLES closed)...
    min_stretches: int = 3
    bridge: int = 2
    # ...spread round: at least ``min_sectors`` of ``sectors`` equal sectors of the turn hold rim
    # on ``sector_rim`` of their angles, and no gap longer than ``max_gap`` of the turn
    sectors: int = 8
    min_sectors: int = 7
    sector_rim: float = 0.25
    # ...counted at this many phases of the sectors (a sector's width apart by its share), the
    # most held: where a break falls against the sectors' boundaries is chance (patchy 711/2)
    sector_phases: int = 4
    max_gap: float = 0.2
    # ...or, where the rim's breaks are all short (no gap over ``short_gap`` of the turn), two
    # sectors may lack it: patches that took two short bits of rim apart round the turn (seed 311
    # page 7, an oval: sectors 0.06 and 0.11, gaps at most 0.13 of the turn)
    # (seed 221 page 6, an oval: 0.153; 231 page 6, a square: 0.167; a square's side is 0.25 of
    # the turn, so a frame open on one side, a red box round a title, is still refused)
    short_gap: float = 0.18
    min_sectors_short: int = 6
    # ...or a rim in only two stretches (a letterhead's arc or a pen loop is one), its breaks all
    # short (none over ``two_gap`` of the turn) and held on ``min_sectors`` sectors, where the
    # stamp shows its inside twice over (a round one: its star or an oval's number, and its text;
    # a square one: ``text_marks`` marks) (seed 221 page 7, an oval: 0.85 of its rim in two
    # stretches, gaps 0.05; 321 page 4, a square: gaps 0.10 and 0.10, its text in pieces). A
    # break is short here as for a rim in more stretches (short_gap; 0.12 until round 25, when
    # seed 521 page 3, an oval showing its number, its text in pieces and 合同专用章, had breaks
    # of 0.12 and 0.18 on opposite sides, seven sectors held)
    two_stretches: int = 2
    two_gap: float = 0.18
    # ...or a rim in two stretches whose breaks are short (none over ``short_gap``) and which
    # holds rim on every one of the ``sectors``, round a star (or an oval's number) at its
    # centre: a round stamp whose patches took its text all but a few glyphs (seed 501 page 6:
    # 0.78 of the rim in two stretches, gaps 0.15 and 0.06 of the turn, eight sectors held, its
    # star at the centre, three glyphs of its arc left). A letterhead's arc or a pen loop has no
    # star at the centre of the outline it runs on; a red 〇 round a glyph is one whole stretch.
    star_sectors: int = 8
    # ...or one gap of up to ``whole_gap`` of the turn where the stamp shows all of a round seal
    # inside: its star at the centre and its text running round (seed 331 page 1: a quarter of
    # its rim gone in one patch, 0.3 of the turn; a letterhead's arc or a pen loop has no star)
    whole_gap: float = 0.34
    # an oval seal's number runs through its centre along the long axis in digits smaller than a
    # star (centre_mark misses them): at least ``number_marks`` marks whose centres lie within
    # ``number_width`` of the short half axis from the long one and within ``number_reach`` of
    # the long half axis from the centre count as its centre mark (seed 211 page 0: four marks
    # of its digits, 5-8 px, on an oval of radius 60 whose rim has a gap of 0.23 of the turn)
    number_marks: int = 3
    number_width: float = 0.12
    number_reach: float = 0.6
    number_min_elongation: float = 1.15
    # the ink ends at the rim: cleanly on this share of the angles, and next to none beyond it
    min_edge: float = 0.4
    max_outside: float = 0.03
    # ink inside (arc text), no solid disc
    min_inner: float = 0.012
    max_inner: float = 0.35
    max_fill: float = 0.4
    # a round or oval seal shows a mark at its centre (its star, an invoice seal's number:
    # SmallGreySealTest.centre_*) or its text running round inside the rim (has_content); a
    # square one several marks inside its frame (what is left of its characters)...
    # ...or its text in pieces (patchy_text): at least ``text_marks`` marks inside, and the
    # text band (has_content's, 12 sectors) inked at ``text_density`` on a run of
    # ``text_run`` sectors, gaps of ``text_bridge`` sector closed (seed 321 page 2, an oval whose
    # patches took the text apart: 13 marks, the band inked 0.06-0.24 in 8 of 12 sectors)
    text_marks: int = 6
    text_density: float = 0.05
    text_bridge: int = 1
    text_run: int = 4
    min_box_marks: int = 3
    # ...filling it as a grid of characters does, half of it gone (seed 301 page 2: 0.13; a pen
    # loop's box round black print: 0.015)
    min_box_inner: float = 0.05
    # its patches are joined into one component by a closing this many times the usual one
    # (component_proposals: 0.12 of the smallest seal radius)
    close_scale: int = 6
    # first look (patchy_look): ink near the outline on this share of the rays (propose.promising
    # asks 0.7); of the proposals away from the seals found that pass it, this many (biggest
    # first) are fitted, and besides them each box or ellipse at a place one of them took where
    # no outline of its kind was looked at (detector._places_within_budget)
    min_look: float = 0.45
    max_proposals: int = 12
    # outlines whose centre is closer to a seal already found than this share of their radii's
    # sum are that seal (its rim and text make a broken ring round it), not another stamp
    apart: float = 0.5
    # The outline is fitted to what is left of the rim (the biggest outline that passes): where
    # a side's rim is gone the fit can sit off-centre, the ink on the other side running past it
    # and the true rim on the gone side lying outside it by about as much (seed 431 pages 0 and
    # 2: ink to 1.12 and 1.11 of the outline, the true outline 0.977 and 0.987 covered by the
    # fill). Its fill reaches this multiple of the ink's reach past the outline: nothing more
    # where the fit lies on the rim (tuned patchy pages of 381, 391, 421: the ink to 1.02-1.04,
    # under OutlineSettings.margin_frac even doubled); 431/0 and 431/2 covered whole.
    gone_side: float = 2.0


@dataclass(frozen=True)
class OuterRimFit:
    """A patchy oval proposed as circles (issue 10, round 25): the pieces of a patchy stamp are
    closed into round components, and the edge-point fits (fit.refine) follow the ink nearest a
    circle's outline, which on an oval's long axis is its text, inside the rim, so no fit
    reaches the oval (seeds 521 page 4 and 531 page 7: 72 x 53 px ovals proposed as circles of
    41-70 px, every fit 54-64 px long). A stamp's rim is its outermost ink: ``fit.outer_rim``
    takes on each ray from the proposal's centre the end of the outermost ink and fits an
    ellipse to those points, dropping the points well inside the fit (rays where the rim is gone
    and its text, or nothing, is outermost), then samples again from the fit."""

    # the rays run over these shares of the outline (an oval's long half axis is up to 1.6 of
    # the circle that proposed it, its short one down to 0.6)
    reach: tuple[float, float] = (0.6, 1.6)
    steps: int = 101
    # rounds of sampling from the current fit, and of dropping points whose distance from it
    # (in shares of the outline) is over ``keep_factor`` times the median, or ``min_keep``
    rounds: int = 3
    drops: int = 3
    keep_factor: float = 2.5
    min_keep: float = 0.04
    # at least this many rays with ink, and the fit within these shares of the proposal's size
    min_points: int = 12
    size_range: tuple[float, float] = (0.6, 1.6)


@dataclass(frozen=True)
class InnerFrameTest:
    """The outer box of a title's 回 on a grey copy (seed 271 distractor_grey page 4, by the ring
    tests; seed 51 page 7 by the lone-rim test at LoneRimTest.frame_reach 2.5: a frame with print
    inside and round it, taken for a small square seal): inside it a second frame runs whole
    round the same centre. A square seal's characters leave no such frame: at the best of these
    scales at most 0.63 of the way round at the ink level and 0.78 at the lighter one, on the 25
    squares found on grey_lowres pages 0-7 of 13 seeds from 7 to 261 (the 回 of 271/4: 1.0)."""

    # scales of the half side the inner frame is looked for at
    scales: tuple[float, ...] = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
    # ink on this share of the angles at one distance (ring coverage and row): a frame
    min_rim: float = 0.9


@dataclass(frozen=True)
class TitleGlyphTest:
    """A glyph of a line of big print on a grey copy (a red letterhead's title, photocopied),
    taken for a small square seal by the lone-rim test: its strokes make a box (seed 351
    distractor_grey page 3, the 立 of 拉 in 博尔塔拉蒙古自治州教育局文件: lone rim, frame, no
    inner frame). Its neighbours in the line are glyphs as big as the box, dense on both sides
    along the page's rows, with blank paper above and below; a small seal stamped over body text
    has smaller lines of print across it on every side, and one in white space none. Windows of
    ``window`` of the box's half extent, ``offset`` half extents off its centre: ink level
    density beside it (left and right) at least ``min_beside`` both, above and below at most
    ``max_across`` both (351/3: 0.34 and 0.55 beside, 0.04 and 0.0 across; the grey seals
    found on the grey_lowres pages the tests pin (seeds 7-201) and 31 pages of seeds 211-241:
    at most 0.24 on their thinner side, and none both over 0.2 beside and under 0.1 across)."""

    offset: float = 2.0
    window: float = 0.8
    min_beside: float = 0.3
    max_across: float = 0.1
    # Vertical text (竖排, a 聘书 or 荣誉证书 photocopied): a glyph of a column of normal-weight
    # print whose strokes make a box (the 四 of 二〇二四年 in a 60 px serif column, the glyphs
    # above and below it 0.105 and 0.112 at the ink level, nothing left and right; the sparse
    # 一 or 日 next to one 0.05-0.08 at the window's offset). Seals are stamped beside or over
    # rows of print, almost never into a lone column: ink above and below at least
    # ``column_min_beside`` both (each side the densest window centred ``column_reaches`` half
    # extents off), left and right at most ``column_max_across``. The top or bottom glyph of
    # a column has print on one side only and is not caught.
    # A glyph of a line of thinner print (the O of EMPLOYEE in a line of 26 px capitals on a
    # masked page whose colour is all under fills, so the grey search ran: verify failed it as
    # a seal, round and as a box; L and Y beside it 0.24 and 0.33): neighbours at least
    # ``thin_min_beside`` both (each side's densest at ``column_reaches``) and nothing above or
    # below at all. Of the grey seals the test
    # was measured on, none had both over 0.2 beside and under 0.1 across.
    thin_min_beside: float = 0.2
    thin_max_across: float = 0.02
    column_min_beside: float = 0.05
    column_max_across: float = 0.02
    column_reaches: tuple[float, ...] = (2.0, 2.6)
    # The first or last glyph of a line of big print (seed 381 grey_lowres page 3: the 自 of a
    # title starting 自治..., taken for a small oval seal by the lone-rim test): its neighbour on
    # one side (the densest window at ``column_reaches``) at least ``end_min_beside``, blank
    # paper on the other (at most ``end_max_other``) and nothing above or below (``max_across``
    # both). 381/3: 0.40, 0.0, 0.01. The 120 grey_lowres seals of seeds 211-261 and 311-391
    # (their true outlines, 8 pages each): of those with at most 0.02 on one side and 0.1
    # across, the other side at most 0.14. A seal that lone_rim looks at lies over print, so
    # has print above or below it; one beside a label in white space passes the ring tests.
    end_min_beside: float = 0.3
    end_max_other: float = 0.02


@dataclass(frozen=True)
class EmptyFrameTest:
    """A small square seal on a low-resolution grey copy whose text the copy lost, one side of
    its frame lying along a line of print (seed 371 grey_lowres page 4: the top side under
    未发生任何): at the lighter level (GreySearchSettings.light_dark) the frame is whole and empty,
    three sides end cleanly with nothing beside them, and the print spoils the fourth (edge
    0.39, outside 0.49 there; overall edge 0.83 and outside 0.14, past CleanGreyFrameTest's 0.9
    and 0.1). The print runs on along that side past both corners, so the frame test is asked
    at LoneRimTest.frame_reach. A table's empty cell has rules running on at more corners, a
    title's 回 its inner frame (InnerFrameTest), a glyph its neighbours (TitleGlyphTest)."""

    # the frame whole at one distance, nothing inside it (its text lost), no solid border
    min_coverage: float = 0.99
    min_row: float = 0.99
    max_inner: float = 0.01
    max_fill: float = 0.05
    # at least `clean_sides` of the four sides end cleanly on `side_edge` of their rays with at
    # most `side_outside` ink just outside them, a side's rays those within `side_middle`
    # degrees of its normal (the rays at a corner see the print beside the next side as well:
    # a glyph of the line just past a corner)
    clean_sides: int = 3
    side_edge: float = 0.9
    side_outside: float = 0.03
    side_middle: float = 35.0


@dataclass(frozen=True)
class FramedNumberTest:
    """A page number printed in a frame on a grey copy (samples.synth_seals.
    make_grey_block_page), taken for a small square seal (round 19: 20 false seals on 96 grey
    block pages of seeds 211-261, 311-361, each such a frame): its frame is whole and clean like
    a seal's whose text the copy lost (CleanGreyFrameTest), and its digits, with the frame's inner
    fringe, count as the marks a seal's text makes. What a seal has not: the inside holds one
    line of print centred in the frame, with paper between it and the frame on both sides
    across the line (a square seal's characters fill its frame to the rim, or the copy lost
    them), and nothing runs on past the frame (print a seal lies over does). Measured at the ink
    level (GreySearchSettings.ink_dark) on the box's inside out to ``inside`` of its half sides,
    along each of the box's two axes: the rows between ``margin_from`` and ``inside`` (both
    sides) inked at most ``max_margin`` (the fullest side), the rows within ``middle`` at least
    ``min_middle``; and beside the box (ColumnGlyphTest's windows) at most ``max_beside``.
    Grey block pages 221/6, 231/1-3, 231/7: margins 0.0-0.005, middles 0.13-0.46, beside at
    most 0.049. The 200 grey_lowres seals of seeds 7-57, 211-261, 311-431 (true outlines, 8
    pages each; 56 squares): none refused (those with a blank margin lie over print that runs
    on past them, 0.11-0.35 beside).
    Round 28: "beside" is looked for only along the line (past the frame along the axis whose
    rows are not the blank margins): where a line of print a seal lay over would run on. A
    framed 22 with a line of body print set under it (grey_blocks 601/0: 0.25 in the window
    under the frame, 0.0 along the line) was taken for a seal; print above or below a frame
    does not run through it."""

    inside: float = 0.75
    margin_from: float = 0.5
    middle: float = 0.3
    max_margin: float = 0.03
    min_middle: float = 0.1
    max_beside: float = 0.08


@dataclass(frozen=True)
class ColumnGlyphTest:
    """A glyph of vertical text on a grey copy (a 聘书 in columns, samples.synth_seals.
    make_vertical_text_page: 口 回 田 图 日...) taken for a small seal by any grey path (round 19:
    29 false seals on 96 vertical_text_grey pages of seeds 211-261, 311-361); TitleGlyphTest
    catches a column's glyph only where the lone-rim test looks, and not at a column's ends. A
    glyph of a column of glyphs of its own size: measured at the ink level on the page's axes,
    in units of the outline's half extents, (1) nothing beside it across the column (windows
    ``beside`` off its centre, ``window`` along: at most ``max_beside``), (2) along the column
    a neighbour (the densest window centred at ``reaches``, ``window`` along,
    ``across`` across) of density at least ``min_neighbour``, its ink reaching at least
    ``min_extent`` of the half extent on both sides across (a glyph as wide, not a line's end
    or a smaller label) and nothing beside it (``neighbour_beside`` windows: at most
    ``max_neighbour_beside``; a wider glyph below a narrow 日 reaches 0.06 there), on one side
    at least (a column's first or last glyph has one); and (3) the shape as dark as print
    (judge.rim_darkness at least ``min_rim_dark``: seal ink copies to mid grey). The same along
    the rows (a line of big print). The neighbour is looked for out to 3.2 half extents: a
    squat glyph (四, 回) between taller ones lies that far from them (vertical_text_grey 351/3,
    two of 261/5's three). Round 19's 96 vertical_text_grey pages: 29 false seals before, 6
    after. Left:
    glyphs whose neighbours are sparse (351/0: 0.07, 261/7: 0.09), one in close columns (311/1:
    the neighbours' sides 0.39), three with something beside them (261/5 0.028, 351/5 0.035,
    321/6 0.097). The 200 grey_lowres seals of seeds 7-57, 211-261, 311-431 (true outlines,
    8 pages each): three pass (1) and (2), seals in white space beside a line of print (221/5,
    371/1, 17/6: a neighbour 0.13-0.19, blank beside), their rims 0.28, 0.69 and 0.64 dark; none
    refused. Lowering ``min_neighbour`` to 0.06 refuses one glyph more and lets two more seals
    pass (1) and (2) (311/5, 401/6), kept only by their darkness: not done.
    A parallel column (round 26): in (2) the ink beside the neighbour counts only beyond what
    lies as far beside the glyph itself, on the same side. A column of 60 px glyphs with a
    column of 30 px print set close beside it (vertical_text 541/0: 回 and 图, 551/6: 四) has
    that column beside the glyph and its neighbours alike (0.09-0.28 beside the neighbours, as
    much beside the glyph); a neighbour that is part of a block of print has ink beside it that
    the glyph, with nothing beside it by (1), lacks.
    """

    beside: tuple[float, float] = (1.2, 1.8)
    reaches: tuple[float, ...] = (2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 3.2)
    window: float = 0.8
    across: float = 0.9
    max_beside: float = 0.02
    min_neighbour: float = 0.1
    min_extent: float = 0.5
    extent_min_ink: float = 0.05
    neighbour_beside: tuple[float, float] = (1.6, 2.2)
    max_neighbour_beside: float = 0.08
    min_rim_dark: float = 0.72
    # Round 27: the windows are measured from the fitted outline and again from the glyph's
    # ink (the outline's upright box grown along each axis over the ink joined to what lies
    # inside it, out to ``extent_reach`` of it: judge._ink_box), a glyph of a column either
    # way. A box fitted inside a glyph's outer strokes (vertical_text 581/3: 固, 9.5 px wide, its
    # frame 13 px out; round 26's 541/6: 四) had those strokes in its own ``beside`` windows
    # (0.12); measured from the ink alone, a column of smaller print set close beside a column
    # of big glyphs (541/0) came into them instead.
    extent_reach: float = 1.5


@dataclass(frozen=True)
class DrawnRingTest:
    """A ring drawn by hand round a word or a date on a grey copy (issue 10; samples.
    synth_seals.make_ringed_word_page), taken for a small round or oval seal by the ring, star-rim
    and lone-rim tests alike (round 28: 16 false seals on the 24 ringed_words_grey pages of
    581-601, 9 on 16 of 611 and 621). What it holds and its size are a small seal's over a line
    of print (round 28 measured both); how its ink lies is not. A pen lays one even stroke: the
    darkest point across the ring (``band`` of the radius), angle by angle, varies by at most
    ``max_spread`` of its mean (standard deviation over mean; the rings of 581-621: 0.01-0.09,
    one 0.19 where print crosses it thickly). A rubber stamp prints unevenly (pressure, ink, the
    stamp's wear), so a copied seal's rim varies along its turn (grey_lowres seals of 581-611:
    0.19-0.61). And the pen's stroke is at least as dark as the print it rings: its darkest
    point across the ring, the median over the turn, is at least ``min_over_print`` of the
    print inside (the ``print_share`` quantile of the darkness within ``inside`` of the radius,
    at least ``min_print``: the ring holds print). A copied seal's rim is paler than the print
    (its red copies to mid grey; 0.31-1.03 of it on those seals), and a seal in white space
    holds no print. Small grey ellipses only (SmallGreySealTest.small_max_r), not personal
    name seals (GreyNameSealTest: filled, their name cut out)."""

    band: tuple[float, float] = (0.85, 1.15)
    inside: float = 0.7
    max_spread: float = 0.12
    min_over_print: float = 1.0
    print_share: float = 99.0
    min_print: float = 0.3


@dataclass(frozen=True)
class PenRingTest:
    """A ring of a unit seal's size drawn by a pen on a grey copy (issue 10; probes round 21's
    p09 copy; samples.synth_grey_rings), which the grey ring tests take for a seal: a ring whose
    rim is ink, whole, with print inside. A pen lays one stroke as wide as its nib, 0.3-0.9 mm
    whatever the ring's size; a seal's rim is cut to its size, about 0.055 of its radius (1-1.5
    mm on a 40 mm seal). Across the rim, ray by ray, the width at half the darkness the ray
    rises to over its own floor (the run through its darkest point within ``band`` of the
    radius, the floor its ``floor_share`` quantile along ``span``) is measured in pixels; a
    ring whose median width is under ``max_width`` of its radius is a pen's, when the rays
    inked past GreySearchSettings.ink_dark are at least ``min_inked`` of those on the image.
    Seal-sized rings only, at least ``min_radius_share`` of the image's short side (a unit
    seal on a copy is 0.09-0.1): on smaller rings a pen's stroke and a small seal's rim are
    both a pixel or two at the working scale. Measured on seed 31's grey_rings pages (tuned):
    seals' rims 0.060-0.065 of the radius (grey 31/1-3, grey_rings_seal 31/0, 31/7), pens'
    0.030 (grey_rings 31/6); a cup's soft ring 0.050 (p05's copy: not told by this). Every
    size, too: a ring as even and dark as DrawnRingTest asks (which looked at small rings
    only) is a pen's (grey_rings 31/0, 31/2: a black pen's circle, 55-70 px)."""

    span: tuple[float, float] = (0.8, 1.2)
    steps: int = 81
    band: tuple[float, float] = (0.88, 1.12)
    floor_share: float = 10.0
    max_width: float = 0.042
    min_inked: float = 0.7
    min_radius_share: float = 0.06


SEARCH = SearchSettings()
INK = InkSettings()
GREY_SEARCH = GreySearchSettings()
RING_RANK = RingRankSettings()
RING_FILTER = RingFilterSettings()
FAINT_RING_FILTER = FaintRingFilterSettings()
OUTLINE = OutlineSettings()
BOX_FIT = BoxFitSettings()
COLOUR_RING = ColourRingTest()
FRAME = FrameTest()
GREY_RING = GreyRingTest()
GREY_BOX = GreyBoxTest()
PEN_LOOP = PenLoopTest()
LIGHT_RIM = LightRimTest()
CLEAN_GREY_FRAME = CleanGreyFrameTest()
LONE_RIM = LoneRimTest()
STAR_RIM = StarRimTest()
FAINT_RIM = FaintRimTest()
CLEAN_RING = CleanRingTest()
SMALL_GREY = SmallGreySealTest()
FAINT_STAMP = FaintStampTest()
RIM_SNAP = RimSnapSettings()
OVERLAP = OverlapSettings()
INK_EXTENT = InkExtentSettings()
PATCHY_STAMP = PatchyStampTest()
OUTER_RIM = OuterRimFit()
INNER_FRAME = InnerFrameTest()
TITLE_GLYPH = TitleGlyphTest()
EMPTY_FRAME = EmptyFrameTest()
FRAMED_NUMBER = FramedNumberTest()
COLUMN_GLYPH = ColumnGlyphTest()
DRAWN_RING = DrawnRingTest()
PEN_RING = PenRingTest()


@dataclass(frozen=True)
class NameSealTest:
    """Personal name seals (私章, 名章: issue 10, a leak on a probe page): a small square, round
    or oval seal carrying a person's name (王伟之印, 王伟印, 王伟) stamped beside a 签名/签章/盖章
    label or over a signature, 8-20 mm, 阳文 (red characters and frame) or 阴文 (the characters
    cut out of a filled shape). The unit-seal search misses them: they lie below its size floor
    (propose.size_limits: 0.028 of the short side, a 16 mm square's half side on A4), a 22 mm
    frame's sides are as long as the rules it removes before proposing (propose.remove_lines on
    a short page: the probe's 1240 x 700), a 阴文 seal is a solid fill to the ring tests, and a
    round one's two characters do not run round its rim (judge.has_content). They are looked for
    apart (detector._name_seals, colour ink only): the ink's components without rule removal,
    of a seal's size, each fitted and judged as a frame or rim with a name inside (阳文) or as a
    filled shape with its characters cut out (阴文), and kept only when no other ink of its
    colour lies round it (a red title's glyph, a red table's header cell, a logo block beside
    its red name, a button in a row of them: red that is not a lone stamp)."""

    # Side (box) or long axis (round, oval) of a personal seal, as shares of the working image's
    # long side (SearchSettings.work_side): an A4 page 1000 px tall holds 8 mm in 27 px, 22 mm
    # in 74 px; the probe's 22 mm seal on a 1240 px wide page is 89 of 1000.
    min_side: float = 0.022
    max_side: float = 0.1
    # Components are joined by a closing of this many pixels (a glyph to its frame).
    close_px: int = 3
    # Longest axis over shortest (ovals are 1.3-1.5 long; phone photos foreshorten).
    max_elongation: float = 1.7
    # 阳文: a frame or rim passing the colour ring test (judge.accept_ring), a box's a frame
    # (judge.is_frame), with at least `min_marks` marks inside (its characters' strokes) whose
    # ink spreads over `min_spread` of the inside across and along (a name fills it; the dot of
    # a 〇 or the inner box of 回 sits in its middle), the inside inked `min_inner`-`max_inner`.
    min_marks: int = 2
    min_spread: float = 0.45
    min_inner: float = 0.05
    max_inner: float = 0.6
    # 阴文: a filled shape, its ink `yin_min_fill`-`yin_max_fill` of the inside (scale 0.9 of the
    # outline), a border band (0.86-0.97 of the outline) inked on `yin_border` of the angles,
    # and its characters cut out: paper inside over `yin_spread` of the inside across and along.
    yin_min_fill: float = 0.4
    yin_max_fill: float = 0.93
    yin_border: float = 0.9
    yin_spread: float = 0.5
    # The cut-out characters are told from the fill on the darkest channel (the ink masks fill
    # them in: thin paper strokes inside ink): the fill (its 20th percentile) at least
    # `yin_contrast` below the paper round the seal, a pixel `yin_cut` of the way up from the
    # fill to the paper is paper.
    yin_contrast: float = 40.0
    # A 阴文 seal's fill ends cleanly all round (the ring test's edge on the lenient mask): a red
    # smear on a phone photo, translucent and uneven, passed the rest (distractor_phone seed 211
    # pages 2 and 3: edge 0.31 and 0.07).
    yin_min_edge: float = 0.7
    yin_cut: float = 0.4
    # Just outside the outline (1.1-1.3 of it) at most this ink: a stamp ends where it ends.
    max_outside: float = 0.08
    # No other ink of its colour round it: within `alone_reach` times its half extent (outside
    # `alone_from` of it) at most `alone_max` of the pixels inked.
    alone_from: float = 1.35
    alone_reach: float = 4.0
    # (a logo block's red name beside it is little ink: red_blocks seed 7 page 0, a 林 block,
    # its two halves two columns of "characters", beside 博尔塔拉蒙古自治州人民医院: 0.021 at
    # 0.03 and reach 3.0, and 3 glyphs of it)
    alone_max: float = 0.006
    # ...and at most `alone_marks` marks of `alone_mark_px` pixels or more there
    alone_marks: int = 2
    alone_mark_px: int = 6
    # Components looked at per ink mask at most (biggest first).
    max_proposals: int = 40
    # 阳文 on phone photos and JPEGs: a round seal up to `small_rim_max_side` of the long side
    # (12 mm on A4) whose characters the lenient mask blurs into its inside is judged on the
    # strict mask, its rim whole and clean there (CleanRingTest), the ink right inside it
    # (Ring.fill: its thick rim, glyphs beside it) up to `small_rim_max_fill` (a solid disc:
    # 1.0; seed 17 page 13, 10 mm: 0.77 against CleanRingTest.max_fill 0.7).
    small_rim_max_side: float = 0.04
    small_rim_max_fill: float = 0.85
    # A square one is judged there the same way, its frame a frame on the strict mask, up to
    # `strict_box_max_side` of the long side (21 mm on A4): a frame's glyphs blur into its inside
    # at any size (seed 411 page 1, 9 mm on a phone page: lenient inner 0.70, fill 0.74; strict
    # 0.49, 0.65, clean all round; seed 391 page 1, 15 mm, 0.046 of the long side: lenient
    # inner 0.72; strict 0.40, fill 0.48).
    strict_box_max_side: float = 0.07
    # A 阳文 square's name is drawn in strokes of 1-2 px at the working scale, and a stroke of it
    # (明's 月, 王's 一) runs from frame to frame as a table's rule crosses a cell: judge.is_frame
    # took seed 411 pages 1 and 12 (9 and 14 mm, clean frames all round) for cells. A seal alone
    # in its colour (`alone_*`) has no table round it: a run inside its frame is a rule only when
    # it runs on past the frame, whatever its width (is_frame's text band from
    # `stroke_band_px` pixels and `stroke_band` of the half side: none).
    stroke_band_px: float = 0.0
    stroke_band: float = 0.0
    # Proposing: a mask with fewer than `min_ink_sides` times the smallest side in pixels holds
    # no seal; a component's upright bounding box may be `box_slack` times the largest side (a
    # square turned 45 degrees: 1.41), its fitted rectangle's short side no less than
    # `min_short` of the smallest side; up to `proposals_per_component` outlines from each
    # component (its rectangle and its ellipse).
    min_ink_sides: float = 2.0
    box_slack: float = 1.45
    min_short: float = 0.6
    proposals_per_component: int = 2
    # A proposal lies on a seal already found when its centre is within `near_centre` of that
    # seal's radius and the seal is less than `near_size` times its radius (a page's border round
    # a photographed page, dropped later, holds everything).
    near_centre: float = 0.8
    near_size: float = 3.0
    # The inside is sampled on a grid of `grid_steps` steps per axis out to `grid_reach` of the
    # outline; a test needs at least `min_valid` of the grid on the page.
    grid_reach: float = 0.95
    grid_steps: int = 39
    min_valid: float = 0.2
    # 阳文: the inside looked at for a name, within `yang_inside_box` of a box's half sides
    # (inside its frame) or `yang_inside_round` of a rim's radius; a grid point is ink at
    # `ink_level` of the judging mask; a mark is `min_mark_px` grid points or more.
    yang_inside_box: float = 0.76
    yang_inside_round: float = 0.74
    ink_level: float = 0.5
    min_mark_px: int = 2
    # 阴文: the border band sampled at `yin_band` (from, to, steps) of the outline; the band on
    # the page on `yin_band_valid` of the angles, and inked at an angle on `yin_band_ink` of its
    # steps. Just outside: `yin_outside` of the outline (ink there at most `max_outside`). The
    # paper level: the median of the darkest channel at `yin_paper` of the outline; the fill's
    # level its `yin_fill_percentile`th percentile inside `yin_inside` of it; the cut-out
    # characters must spread over `yin_spread` of `yin_letters` of the inside, in at least
    # `yin_min_marks` marks.
    yin_band: tuple[float, float, int] = (0.86, 0.97, 5)
    yin_band_valid: float = 0.9
    yin_band_ink: float = 0.6
    yin_outside: tuple[float, float, int] = (1.1, 1.3, 5)
    yin_paper: tuple[float, float, int] = (1.3, 1.6, 4)
    yin_inside: float = 0.9
    yin_fill_percentile: float = 20.0
    yin_letters: float = 0.8
    yin_min_marks: int = 2
    # The marks are counted at each of these cuts between the fill's level and the paper's (or
    # the inside's lightest, yin_blur_*) and the most taken: at `yin_cut` alone the fill's
    # lighter specks on a copy join a seal's two glyphs into one mark (seed 31 name_seal page
    # 8, a 19 mm round 阴文 seal of 博文 photocopied: 1 mark at 0.4 and 0.5, 4 at 0.6, 8 at 0.7;
    # page 19, an 8 mm oval of 海涛: 1 at 0.4, 3 at 0.5, 6 at 0.6), where at the higher cuts
    # only the strokes' cores stand out, apart.
    yin_mark_cuts: tuple[float, ...] = (0.4, 0.6, 0.8)
    # 阴文 on a phone photo or JPEG, its cut-out characters blurred shut: lighter than the fill
    # but nowhere near the paper, so under the cut above nearly nothing is cut out (seed 401
    # page 5, 9 mm: fill 0.99 against yin_max_fill; the inside's darkest channel at 86 (20th
    # percentile), 111 (80th), 120 (95th), the paper 184). Colour ink only: the cut is then
    # taken `yin_cut` of the way from the fill to the inside's `yin_blur_percentile`th
    # percentile, when that is at least `yin_blur_contrast` above the fill (a flat red block's
    # noise and JPEG ripple: a few levels); the fill, spread and marks tests as above.
    yin_blur_percentile: float = 95.0
    yin_blur_contrast: float = 25.0
    # A small 阳文 seal's outline fitted on the strict mask lies on its frame's middle; on the
    # lenient mask, where it is judged, a faint or blurred frame runs a pixel further out, so
    # the ring test finds ink just beyond the outline on half its turn (seed 451 page 1, a
    # faint 8 mm square on a phone page: edge 0.44-0.56 against ColourRingTest.min_box_edge
    # 0.8; grown by half a pixel or one, 0.92-0.99). Each fit is also judged grown by these
    # (working pixels), as FaintRimTest.grow_px does for a grey copy's small rims.
    grow_px: tuple[float, ...] = (0.5, 1.0)
    # A signature written across a small seal hides its rim where the black strokes cross it:
    # the colour masks have no ink there (black is no seal colour), so the rim is not whole on
    # the strict mask (seed 481 page 3, a 10 mm round seal under 李娜: coverage 0.88, hidden on
    # a quarter of its turn) and the lenient one sees its name fill the band inside the rim
    # (fill 0.64 against ColourRingTest.max_fill 0.55). Print hides what lies under it, as the
    # page edge does: pixels at least `print_dark` below the paper (ink.ink_masks' darkness)
    # that are no ink of the seal's colour, grown by `print_grow_px` (their anti-aliased edge),
    # are unseen to the strict small-rim test (judge.ring_evidence skips them), which then asks
    # for its whole and clean rim on what is seen, on at least `min_seen` of the turn (there
    # 0.98, 0.98, 0.96 on 0.75 of it).
    print_dark: float = 0.45
    print_grow_px: int = 1
    min_seen: float = 0.6
    # A faint 阳文 stamp's frame or rim is whole only in the lenient mask (the strict one keeps
    # it in pieces, which give no proposal): the lenient mask's components are proposed too,
    # after the strict ones and away from them, up to `faint_max_proposals` outlines (biggest
    # first), judged there as a 阳文 seal (name_seal._faint_yang).
    faint_max_proposals: int = 40


NAME_SEAL = NameSealTest()


@dataclass(frozen=True)
class GreyNameSealTest:
    """Personal name seals on a grey copy (issue 10, round 18): a photocopied 阴文 seal is a
    filled shape of mid grey, its characters cut out, beside a sign-off label or over a
    signature (name_seal.grey_name_seals). The grey path's ring tests take it for a solid fill;
    the colour stage never sees it. Looked for on the grey darkness map's solid ink (print's
    strokes opened away) and judged as a colour 阴文 seal is (NameSealTest.yin_*). Print stands
    round it in the same grey, so the colour's standing alone is no evidence here: its fill's
    grey is (seal ink copies to mid grey, a printed box or logo to black)."""

    # The darkness (GreySearchSettings' map) from which a pixel is ink: a faint 阴文 seal's fill
    # copies to 0.13-0.2 (seed 17 page 6), a strong one's to 0.45-0.6.
    ink_dark: float = 0.1
    # The opening (pixels, working image) that takes print's strokes (1-3 px) away and leaves a
    # filled shape's body.
    open_px: int = 3
    # The fill's darkness at its `fill_percentile`th percentile at most `max_fill_dark`: seal
    # ink copies to mid grey, unevenly (seed 7 page 7: 0.57), printed black to 0.9 and more (a
    # QR code's modules: grey_blocks seed 7 page 4, 0.99); a red logo block, printed flat,
    # copies darker than a stamp's ink (grey_blocks seed 211 page 7: 0.73).
    fill_percentile: float = 90.0
    max_fill_dark: float = 0.7
    # Print's black over a seal (a signature written across it) from this darkness: neither
    # fill nor cut-out, left out of the shape proposed and judged; on at most `max_black` of
    # the inside (a QR code's modules, a printed box: most of it).
    black_dark: float = 0.8
    max_black: float = 0.3
    # ...grown by this many pixels over its anti-aliased edge, whose mid grey is a fill's: a
    # signature touching a seal joined it to the seal's solid ink and pulled its box off the
    # frame (round 35: name_seal seed 7001 page 5, a 15 mm 阴文 square beside 陈静, its box 28-29
    # px against 24.7); the pixels it covers are unseen to the fits and the ring test, as off
    # the page, and neither fill nor cut-out to the 阴文 test
    black_grow_px: int = 1
    # The solid ink (the opening's) on at least this share of the inside not under print: a
    # stamp's fill is solid round its cut-out strokes (0.69-1.0 on seeds 7, 17, 231, 241), a
    # bold title's glyph is strokes round paper (plain_grey seed 17 page 4, 自: 0.4).
    min_solid: float = 0.55
    # A box's sides within this ratio: a copy does not foreshorten a square seal (seeds 7, 17,
    # 231, 241: 1.0-1.02); a grey photo's rectangle is longer (grey_blocks seed 321 page 5:
    # 1.38, its light patches taken for cut-out characters). Ovals are fitted as ellipses.
    max_box_elongation: float = 1.2
    # A fill that is colour ink (any ink mask of the colour search, ink.ink_masks) on more than
    # this share of its solid pixels is a coloured shape, which the colour search's own 阴文
    # test judges (NameSealTest): a photocopy has no colour left (its grey search runs on pages
    # with a little colour too: a red logo block with one white glyph cut out, 水, on seed 581
    # red_blocks page 7, its fill red on all of it, was taken for a grey 阴文 seal).
    max_colour_share: float = 0.5


GREY_NAME_SEAL = GreyNameSealTest()


@dataclass(frozen=True)
class GreyYangNameSealTest:
    """A 阳文 personal seal on a grey copy (round 33: bench.seals name_seal seed 711 page 3, a
    15 mm round seal of 李娜印 photocopied): a small round rim without a star, a name inside.
    The grey ring tests pass it, and the refusal of small starless rounds (a 〇 drawn round a
    word, detector._starless_small_round) took it away. What tells it from a ring drawn round a
    word is what lies round it: a word ringed in a line of print has the line running on past
    the ring on both sides, a seal is stamped clear of print (DrawnRingTest refuses a pen's even
    ring besides). Kept when, at the lighter level, a name lies inside (NameSealTest's marks,
    spread and density) and next to no ink lies round it. A seal stamped over a signature or
    print stays refused there, as before."""

    # The darkness (GreySearchSettings' map) from which the name's strokes are ink: thin strokes
    # copy lighter than the thick rim at the working scale (seed 711 page 3: the name's
    # darkness 0.24-0.31 at its median and 95th percentile, the rim 0.46), and at the ink level
    # (0.22) the name is not whole (NameSealTest refuses it there); GreySearchSettings'
    # light_dark level.
    name_dark: float = 0.12
    # Ink at that level on at most `max_around` of a band round it (`around`, shares of the
    # outline): seed 711 page 3 0.0-0.003 on every fit; the rings round words the ring tests
    # passed (ringed_words_grey 711 pages 1 and 5, 31 page 5) 0.077-0.204.
    around: tuple[float, float] = (1.25, 1.8)
    max_around: float = 0.03


GREY_YANG_NAME_SEAL = GreyYangNameSealTest()


@dataclass(frozen=True)
class PaleNameSealTest:
    """A pale 阳文 personal seal on a grey copy (round 35: bench.seals name_seal seed 711 page 0,
    an 8 mm square of 王伟之印 copied to a darkness of 0.13-0.25, its name to 0.05): the copy's
    contrast curve whitens a faint red stamp, so its frame or rim lies under the grey search's
    ink level (GreySearchSettings.ink_dark) and its name under the lighter level, and no
    stage of the grey path looked for a 阳文 name seal at all (the colour path's NameSealTest
    does, in the seal's colour, where print is no ink). Here the personal seal is looked for on
    the copy's pale ink: pixels at least ``pale_dark`` below the paper, print (``print_dark``
    and darker, grown by ``print_grow_px`` over its anti-aliased edge) unseen as off the page
    (a signature or a line of print crossing the seal hides what lies under it, and is not the
    seal's ink); proposed from that mask's components, fitted there and judged there as the
    colour path's 阳文 seals are (NameSealTest: the colour ring test, a box's frame, a name
    inside), on at least ``min_seen`` of its turn, and standing alone at that level: ink on at
    most ``max_around`` of a band round it (``around``, shares of the outline; a word ringed
    in a line of print has the line running on past the ring). Pens' rings (PenRingTest,
    DrawnRingTest) are refused as on the grey path."""

    # seed 711 page 0: the frame at 0.13-0.25, the name's strokes at 0.04-0.06 (at 0.1 the
    # name is not whole, at 0.07 it is); print on a copy at the working scale 0.2-0.9, its
    # cores past 0.4
    pale_dark: float = 0.07
    print_dark: float = 0.45
    print_grow_px: int = 1
    min_seen: float = 0.6
    around: tuple[float, float] = (1.25, 1.8)
    max_around: float = 0.03
    # Print hiding at least this share of the inside (seed 31 page 4: an 8 mm oval under the
    # written 刘建国, its rim clean all round on what is seen, 0.99, 0.97, 0.97)
    hidden_inside: float = 0.4
    # Components looked at at most (biggest first): print's pieces are proposals too
    max_proposals: int = 60


PALE_NAME_SEAL = PaleNameSealTest()


@dataclass(frozen=True)
class GroundSettings:
    """A page printed on a coloured or dark ground (round 33; probes round 20's n11: gold print
    on a red certificate, its seal a shade darker than the red): the colour search sees red
    everywhere and no ring in it, and a photocopy of it is light print on dark grey, which the
    grey search (dark ink on light paper) cannot read. Such a page is searched again as its
    departure from the ground: each pixel's colour distance (CIELAB, 8-bit units) from the
    ground's local colour, shown as a grey copy (the ground white, the print black, the seal a
    mid grey), with the grey search (seals.ground)."""

    # The ground's local colour: each channel's median over a window of `window` of the working
    # image's long side (wider than any stroke or rim), taken at 1/`shrink` of the working scale.
    window: float = 0.08
    shrink: int = 4
    # A ground: on at least `min_ground` of the image the local ground is within `near` (CIELAB
    # distance, 8-bit units) of the page's median ground colour, and that colour is either
    # coloured (chroma, (max - min) / max of its channels, at least `min_chroma`) or dark (its
    # brightest channel under `max_dark`). A page of white paper (a red letterhead, a banner
    # over a white page) has a white ground; a photo has no one colour over half of it; a red
    # certificate photographed on a desk covers 0.6-0.8 of the image.
    min_ground: float = 0.5
    near: float = 30.0
    min_chroma: float = 0.35
    max_dark: float = 110.0
    # The page is smoothed by `blur_px` (working pixels; a JPEG's and a scan's pixel noise)
    # before its distance is taken, and the distance is taken less `noise_floor` times its
    # median over the page (the ground's own noise: 0-3.2 on red_cert seeds 31 and 711).
    blur_px: float = 0.8
    noise_floor: float = 2.0
    # The distance shown as black, one search for each: print on the ground departs from it by
    # 50-230 (gold on red; on a copy, light grey on dark), a stamp's rim by 4-41 (90th
    # percentile over the rim 9-41 on red_cert seeds 31 and 711, n11's 10: a darker or lighter
    # red, or their greys on a copy). A faint rim (a phone photo's, n11's) shows as the mid grey
    # a copied seal has only at the first; a strong one (a tilted copy's, 23-39) is as black as
    # print there and a mid grey at the second (red_cert 31: pages 0, 2, 4, 5 found at 24, 0,
    # 3, 4, 5 at 32, 0, 3, 4, 5 at 60).
    full_scales: tuple[float, ...] = (24.0, 48.0)
    # ...and on a dark grey ground (a photocopy's: the ground's chroma under `min_chroma`) first
    # at each of these: the copy's curve pressed the red ground and the seal's darker red
    # together, the rim 4-6 off the ground (red_cert seed 31 page 1, photocopied straight: at
    # 24 under the grey search's ink level; found at 12). A coloured ground (a red certificate as
    # drawn or photographed, a banner's cloth) is not searched the third time.
    copy_scales: tuple[float, ...] = (12.0,)
    # A seal is stamped on the ground: a ring found where the local ground is not the page's
    # own (a white picture on a dark screen: the departure image turns the picture black and
    # a head on its white backdrop into a ring, probes round 22's video meeting, 0.14 of the
    # ring on the ground) is no seal of the page. The seals of red_cert seeds 31, 711 and 741
    # and round 20's n11 (copy, phone photo) lie wholly on it (1.0).
    min_on_ground: float = 0.8


GROUND = GroundSettings()


@dataclass(frozen=True)
class ThumbprintTest:
    """A red thumbprint (手印) is no 阴文 seal (issue 10, round 30). Pledges and contracts are
    signed and pressed with a thumb inked on a red pad: an oval 14-22 mm of ridge lines, which
    the working image (about 3.4 px a mm on A4) blurs into a red fill with lighter flecks, so
    the 阴文 test (NameSealTest.yin_*) takes it for a filled shape with its characters cut out
    (bench.seals' thumbprint conditions, seeds 651 and 661: 32 of 32 false seals there were
    such). What a 阴文 seal has and a print lacks is its border: the stamp's uncut margin is
    the fill's own ink all round, as dark as its darkest and darker than the inside, where the
    characters are cut out; a thumb presses hardest in its middle and its ridges thin out
    towards its edge, so a print is lighter at its border than inside. Measured as darkness
    below the paper (the darkest channel; clipped at the fill's level, so that print lying over
    it counts as no more than the fill, and print itself left out where it is known)."""

    # The border band and the inside, as shares of the outline (polar samples: from, to, steps;
    # the inside on NameSealTest's grid within `inside` of it).
    border: tuple[float, float, int] = (0.86, 0.97, 5)
    inside: float = 0.6
    # Asked only of outlines whose smaller half axis is at least this share of the working
    # image's long side: a thumb is 13 mm across or more (22 working px of half width on an A4
    # page 1000 px tall, 18 on a phone photo of one), while a small name seal's border is a
    # pixel or two that blur spreads, so its border reads as faded too (seed 17 page 9, a
    # 阴文 round seal of half axis 10.9 px, scanned: 0.70; seed 7 page 8, 13.2 px: 0.88).
    min_radius: float = 0.017
    # Refused when the border's mean darkness is below this share of the inside's. Measured on
    # the 阴文 candidates of the base code (/tmp/seals30/ratio.py): of 34 true 阴文 seals of the
    # name_seal condition (seeds 7, 17 and 661, as drawn, scanned, photographed and
    # photocopied), the 26 of a half axis of 17 px or more 1.02-1.77; 15 thumbprints of seed
    # 651 (half axes 18-31 px) 0.55-0.96 (a print as drawn, its ridges resolved, 0.96). Set
    # below the seals with a margin: a missed name seal leaks, a print left over-masks.
    min_border_ratio: float = 0.9


THUMBPRINT = ThumbprintTest()


@dataclass(frozen=True)
class TintSettings:
    """Translucent tints over the page (a highlighter stroke, a fill whose opacity was left
    low), taken off before the ink masks (``tint.lift_tints``). Under a green tint a red seal's
    ink is brown-orange (hue 30-40 degrees: not red) and under a pink one the paper round the
    seal is itself of red hue: neither seal search finds the seal, and a reader still sees it.
    Where the paper is tinted, each pixel's darkening from that tinted paper is kept and laid
    on the page's paper: an alpha-blended tint scales the darkening, it does not turn its hue.
    A stroke narrower than ``window`` (about 6 mm) is not seen: the window's brightest is the
    white paper beside it."""

    # The tint is looked for on a copy this many times smaller, its paper as each channel's
    # brightest over ``window`` x ``window`` of that copy's pixels (wider than any seal's stroke
    # or a glyph's: about 6 mm on a 1000 px page). Round 27: at 8 times smaller (about 12 mm)
    # a highlighter's stroke 5-6 mm wide across a blue oval (seed 581 highlighter page 0) was
    # not seen, and the rim under it, turned dark green, fell out of the blue mask.
    scale: int = 4
    window: int = 5
    # Tinted paper: its chroma (max - min over R, G, B, against the page's own paper colour)
    # at least ``min_chroma``, its darkest channel at least ``min_light`` of its brightest (a
    # highlighter at 60% opacity: yellow 0.54, a marker's dye 0.4, green 0.72, pink 0.74; a
    # red stamp's solid body 0.2), and at least ``min_bright`` of the page's paper (a grey
    # tint darkens without a hue: the ink masks' local paper level takes care of it).
    min_chroma: float = 0.08
    min_light: float = 0.35
    min_bright: float = 0.6
    # ...and not of a seal ink's own hue (degrees, as InkSettings.hues): that is a stamp's
    # pale solid body (a faint 阴文 name seal: -8 to 20 degrees) or a phone photo's warm desk,
    # not a highlighter (yellow 50-60, green 110-130, pink -35 to -30). A light blue
    # highlighter is left as it is (a blue seal's pale body is of its hue).
    ink_hues: tuple[tuple[float, float], ...] = ((-25.0, 25.0), (200.0, 250.0))
    # A tinted region counts from this many pixels of the small copy (about 70 mm² of A4).
    min_area: int = 48
    # A pixel is the tinted paper when no channel is farther than this from the region's
    # colour (JPEG and a phone photo's noise); those pixels, closed over this share of the
    # working image's long side (strokes of ink and print inside the tint), and grown by
    # ``edge_px`` (the tint's soft edge), are lifted.
    near: float = 24.0
    close: float = 0.03
    edge_px: int = 3
    # ...and the region is lifted only when at least this share of it (the small copy's region)
    # is tinted paper at full resolution: a highlighter is laid over paper, a photo's light
    # backdrop shades and a photo's colours vary.
    min_paper: float = 0.35
    # A pixel's darkening from the tinted paper, per channel, is multiplied by (page paper /
    # tinted paper) to this power: 0 undoes an editor's alpha blend (the darkening scaled alike
    # in every channel), 1 a marker's dye (each channel multiplied by its transmittance). Half
    # way, red ink under green, yellow or pink comes out at 0-15 degrees either way (at 0, a
    # dark pink dye left it orange, 30 degrees; at 1, a green blend 18).
    dye: float = 0.5
    # An editor's fill blended at opacity a scales the ink's darkening by 1 - a, so a seal
    # under it is paler than on paper: a blue square under a yellow box at 0.6 (seed 601
    # highlighter page 4, photographed) kept chroma 0.08-0.12 after the lift, below the strict
    # mask's InkSettings.chroma_min, and was never proposed. The darkening is also scaled back
    # by 1 / (1 - a) for the least opacity the tint can have (its darkest channel against its
    # brightest, relative to the paper: a highlighter's own colour is at most fully saturated),
    # times this share.
    opacity: float = 1.0


TINT = TintSettings()


@dataclass(frozen=True)
class AvatarTest:
    """An app's round name avatar is no 阴文 seal (issue 10; probes round 18's r05). DingTalk,
    WeChat Work and Feishu show a person without a photo as a coloured disc with one or two
    characters of the name in white: at a seal's size, a filled round shape with its characters
    cut out, which the 阴文 test (NameSealTest.yin_*) takes for a name seal. The avatar is one
    flat colour drawn by a program; a stamp's ink is uneven (the pad's pressure, dry specks).
    Measured on the colour's ink inside the outline, away from the cut-out characters' edges:
    the darkest channel's spread between two percentiles over the fill's darkness below the
    paper round it (name_seal.fill_spread)."""

    # The band sampled (polar: from, to, steps, as shares of the outline) and the percentiles
    # whose spread is measured.
    band: tuple[float, float, int] = (0.76, 0.9, 4)
    spread_percentiles: tuple[float, float] = (10.0, 90.0)
    # A fill whose spread is under this is flat: an avatar. Asked of the grey 阴文 search too
    # (round 32): an app's screenshot printed and photocopied (bench.seals' avatars_grey, seed
    # 31 pages 0-5, every grey 阴文 candidate) 0.019-0.041, where the copy's noise is all the
    # spread there is; stamped 阴文 seals photocopied (name_seal seeds 7, 17, 31, 231, 241,
    # 24 seals) 0.33-1.96, the round ones 0.43-0.97.
    max_flat_spread: float = 0.15
    # Asked only of round outlines (an ellipse at most this long to one: a phone photo's slant
    # foreshortens a disc): apps draw discs, and a square 阴文 seal drawn by a program (tests'
    # probe seal, texture off) is as flat.
    max_elongation: float = 1.35


AVATAR = AvatarTest()


@dataclass(frozen=True)
class CombTest:
    """A row of like boxes printed for one character each (an envelope's 邮政编码 cells, a
    form's comb of digit cells) is no seal: each red box round its digit fits a ring as well as
    a seal's rim (probes round 23: four of an envelope's six postcode cells, on a phone photo,
    were filled as seals; on another photo one cell, found alone). The candidate's ink of its
    colour (its box grown by ``pad``) is looked for along the row and the column through it:
    where it repeats (``min_match``, normalised correlation) at ``steps`` radii from it, at both
    sides or twice on one side, it is a cell of a comb, when it holds little ink of its colour
    at its middle (under ``max_inside`` of the part within ``inner`` of its outline: a cell's
    black digit, tinted on a phone photo, 0-0.07 there; a seal's star or text 0.17-0.22, three
    parties' seals in a row drawn and photographed). A perspective's cells a step apart still
    match (0.7 and up)."""

    steps: tuple[float, float] = (1.3, 3.4)
    pad: float = 1.15
    min_match: float = 0.6
    inner: float = 0.5
    max_inside: float = 0.1


COMB = CombTest()
