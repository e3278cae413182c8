"""Eye-masking benchmark: real face photos on generated pages, in every degradation.

    python -m bench.faces --pages 10 --seed 7

Also, on each real photo of ../shared/realdata/faces with eye truth (samples/face_photos.json),
whole and as it is: eye recall, and the area masked beyond the eyes as a share of the photo
(``beyond_eyes``; see ``real_photo_figures``); and each of their faces cut out as a one-inch
photo printed as halftone dots in six screens (``--parts screened``, see SCREENS). And drawn
faces (samples/synth_faces.py): how many get an eye mask by default (none should) and with
``--eyes all-faces``; and each real face cut into a cell among avatars of its size
(``--parts among``): none of them may be judged drawn.

Runs the face stage alone (no OCR), with the page's orientation unknown, so every page is
searched in all four orientations: the setting with the most chances of a false alarm. An eye
counts as found when the masks cover at least 99% of its ground-truth box (see samples/synth.py
``eye_quads``). Negatives: text-only pages, and photos without faces from installed packages.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps

from bench.score import FULL, item_polygon, polygon_mask
from redactor.detect.faces import Face, eye_band, find_eyes
from redactor.mask import region_for
from redactor.options import MaskOptions
from redactor.types import EYES, FACE, BBox, Finding, Page
from samples import synth, synth_faces
from samples.synth_faces import FACE_PER_EYE_GAP

ROOT = Path(__file__).resolve().parent.parent
CONDITIONS: dict[str, list[str]] = {
    "clean": [],
    "tilt": ["tilt"],
    "noise": ["noise"],
    "photocopy": ["photocopy"],
    "phone": ["phone"],
    "sideways": ["sideways"],
    "jpeg": ["jpeg"],
    "lowres": ["lowres"],
    "photocopy+tilt": ["tilt", "photocopy"],
    # Photos printed as dots: a newspaper clipping's halftone, a 1-bit scan's dither.
    "screened": ["screened"],
    "bilevel": ["bilevel"],
}
FACE_KINDS = ("form", "photos")
TEXT_KINDS = ("plain", "paper", "appraisal", "certificate")
# Pictures without faces shipped in installed packages.
NO_FACE_PICTURES = (
    ("skimage", "data/coffee.png"),
    ("skimage", "data/rocket.jpg"),
    ("skimage", "data/chelsea.png"),
    ("skimage", "data/coins.png"),
    ("skimage", "data/page.png"),
)


def _masks(
    page_image: np.ndarray, options: MaskOptions, rotation: int | None = None
) -> tuple[list, int]:
    page = Page("bench", 1, page_image, 150)
    findings = find_eyes(page, options, rotation)
    return [list(region_for(f, options)) for f in findings], len(findings)


def _reference_band(left: tuple[float, float], right: tuple[float, float], options: MaskOptions):
    """What a detector with exact eye centres fills: the eye band through the true centres,
    grown by the mask margin. Masked pixels outside every such band are masked beyond the eyes."""
    band = eye_band(Face(BBox(0, 0, 1, 1), 1.0, left, right))
    return list(region_for(Finding(EYES, band, 1.0, FACE, ""), options))


def _real_photos(realdata: Path) -> Iterator[tuple[dict, np.ndarray]]:
    """Each real photo with eye truth (samples/face_photos.json) that ``realdata`` holds: its
    truth entry and its pixels, upright as its EXIF says."""
    doc = json.loads(synth.FACE_PHOTOS_JSON.read_text(encoding="utf-8"))
    for entry in doc["photos"]:
        path = realdata / entry["path"]
        if entry["where"] != "realdata" or not path.is_file():
            continue
        with Image.open(path) as src:
            yield entry, np.asarray(ImageOps.exif_transpose(src).convert("RGB"))


def real_photo_figures(realdata: Path, options: MaskOptions, truth: str = "eyes") -> list[dict]:
    """Per real photo with eye truth (``truth``, see synth.EYE_TRUTHS): eyes, eyes masked, and
    the area masked beyond the eyes (masked pixels outside the reference bands, as % of the
    photo's area). The photo is searched whole, orientation unknown (as a photo file without
    text is)."""
    rows = []
    for entry, image in _real_photos(realdata):
        pairs = [tuple(map(tuple, synth.face_eyes(f, truth))) for f in entry["faces"]]
        one_eye = [
            ((f["eye"][0], f["eye"][1]), (f["eye"][0] + f["eye_gap"], f["eye"][1]))
            for f in entry.get("one_eye_faces", [])
        ]
        visible = [(True, True)] * len(pairs) + [(True, False)] * len(one_eye)
        rows.append(
            {
                "photo": Path(entry["path"]).name[:3],
                **_score(image, pairs + one_eye, visible, options),
            }
        )
    return rows


def _score(
    image: np.ndarray, pairs: list, visible: list, options: MaskOptions, rotation: int | None = None
) -> dict:
    """Eyes, eyes masked, and % of the image masked beyond the reference bands of ``pairs``
    (eye centres; ``visible`` says which of each pair's two eyes are in the picture); the
    image searched in ``rotation`` (None: every orientation)."""
    h, w = image.shape[:2]
    findings = find_eyes(Page("bench", 1, image, 150), options, rotation)
    masked = polygon_mask((h, w), [list(region_for(f, options)) for f in findings])
    allowed = polygon_mask((h, w), [_reference_band(a, b, options) for a, b in pairs])
    eyes = found = 0
    for pair, shows in zip(pairs, visible, strict=True):
        for quad, seen in zip(synth.eye_quads(np.asarray(pair, np.float64)), shows, strict=True):
            if not seen:
                continue
            region = polygon_mask((h, w), [quad.tolist()])
            eyes += 1
            found += int(float((region & masked).sum()) / max(1, int(region.sum())) >= FULL)
    beyond = float((masked & ~allowed).sum()) / (h * w)
    return {
        "eyes": eyes,
        "found": found,
        "beyond_eyes_pct": round(100 * beyond, 3),
        "gap_ratios": _gap_ratios(findings, pairs),
    }


def _gap_ratios(findings: list[Finding], pairs: list) -> list[float]:
    """Per true pair with a finding's eyes centred within half its eye distance: the finding's
    eye distance over the true one. A band is sized from the eye distance (see BandShape), so
    a ratio over 1 is a band longer and taller than the reference band by as much."""
    out = []
    for a, b in pairs:
        gap = float(np.hypot(b[0] - a[0], b[1] - a[1]))
        centre = np.add(a, b) / 2
        for f in findings:
            left, right = np.asarray(f.detail["eyes"], np.float64)
            if gap > 0 and np.linalg.norm((left + right) / 2 - centre) <= gap / 2:
                out.append(round(float(np.linalg.norm(right - left)) / gap, 3))
                break
    return out


# Screens real photos are printed with in ``screened_photo_figures``: (pitch px, angle degrees),
# a coarse and a fine newspaper screen and one between, each at two angles.
SCREENS = ((3.0, 15.0), (3.0, 45.0), (4.5, 15.0), (4.5, 45.0), (6.0, 15.0), (6.0, 45.0))
# Each face is cut out head and shoulders, this many eye gaps wide and tall (about a one-inch
# photo's framing), and shrunk or enlarged to CLIPPING_WIDTH px wide (a one-inch photo at 150
# dpi), on a margin of paper; faces whose eyes are under MIN_EYE_GAP px apart are left out.
CLIPPING_FRAME = (5.0, 6.5)
CLIPPING_WIDTH = 150
CLIPPING_MARGIN = 40
MIN_EYE_GAP = 15.0


def _clipping(image: np.ndarray, pair: np.ndarray, pitch: float, angle: float):
    """One face of ``image`` printed as a small halftoned photo on paper, with its eyes."""
    gap = float(np.linalg.norm(pair[1] - pair[0]))
    cx, cy = pair.mean(axis=0)
    fw, fh = CLIPPING_FRAME[0] * gap, CLIPPING_FRAME[1] * gap
    x0, y0 = cx - fw / 2, cy - 0.35 * fh
    k = CLIPPING_WIDTH / fw
    move = np.array([[k, 0, -k * x0], [0, k, -k * y0]])
    size = (CLIPPING_WIDTH, round(fh * k))
    crop = cv2.warpAffine(image, move, size, flags=cv2.INTER_AREA, borderValue=(255, 255, 255))
    dots = synth._halftone(cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY), pitch, angle)
    m = CLIPPING_MARGIN
    page = np.pad(dots, m, constant_values=255)
    return np.repeat(page[..., None], 3, axis=2), pair * k - [k * x0 - m, k * y0 - m]


def screened_photo_figures(realdata: Path, options: MaskOptions, truth: str = "eyes") -> dict:
    """Each face of the real photos with eye truth cut out as a one-inch photo, printed as
    halftone dots in each of SCREENS (a newspaper clipping of a small photo): eye recall and
    the area masked beyond the eyes, per screen. Searched upright (a clipping on a page whose
    text gives its turn, as mask runs the face stage there)."""
    out = {}
    for pitch, angle in SCREENS:
        eyes = found = 0
        beyond = []
        for entry, image in _real_photos(realdata):
            for f in entry["faces"]:
                pair = np.asarray(synth.face_eyes(f, truth), np.float64)
                if np.linalg.norm(pair[1] - pair[0]) < MIN_EYE_GAP:
                    continue
                page, eyes_at = _clipping(image, pair, pitch, angle)
                r = _score(page, [tuple(map(tuple, eyes_at))], [(True, True)], options, 0)
                eyes, found = eyes + r["eyes"], found + r["found"]
                beyond.append(r["beyond_eyes_pct"])
        out[f"{pitch:g}px/{angle:g}deg"] = {
            "eyes": eyes,
            "found": found,
            "beyond_eyes_pct_avg": round(float(np.mean(beyond)), 3) if beyond else None,
        }
        print(f"screened {pitch:g}px {angle:g}deg eyes {found}/{eyes}", file=sys.stderr)
    return out


def _inside(p: tuple[float, float], w: int, h: int) -> bool:
    return 0 <= p[0] < w and 0 <= p[1] < h


def posed_shows(posed: synth_faces.PosedPhoto) -> list[tuple[bool, bool]]:
    """For each face of a posed photo, whether each eye is in the picture (a cut leaves one
    beyond an edge; a face with both eyes visible shows both)."""
    h, w = posed.image.shape[:2]
    return [
        (n == 2 or _inside(a, w, h), n == 2 or _inside(b, w, h))
        for (a, b), n in zip(posed.eyes, posed.visible, strict=True)
    ]


def posed_photo_figures(photos: list, per_pose: int, seed: int, options: MaskOptions) -> dict:
    """Real portraits turned (roll), squeezed as if turned in depth (yaw) or looking up or down
    (pitch), and cut by the frame (after a turn, by any edge: CUT_TURNED): eye recall and the
    area masked beyond the eyes."""
    out = {}
    for pose in synth_faces.BENCH_POSES:
        eyes = found = 0
        beyond, names, ratios = [], [], []
        for i in range(per_pose):
            rng = np.random.default_rng([seed, len(pose), i])
            photo = photos[int(rng.integers(len(photos)))]
            posed = synth_faces.posed(photo, pose, rng)
            r = _score(posed.image, list(posed.eyes), posed_shows(posed), options)
            eyes, found = eyes + r["eyes"], found + r["found"]
            beyond.append(r["beyond_eyes_pct"])
            names.append(f"{i}:{photo.path.name[:3]}")
            ratios += r["gap_ratios"]
        out[pose] = {
            "photos": per_pose,
            "eyes": eyes,
            "found": found,
            "beyond_eyes_pct_avg": round(float(np.mean(beyond)), 3),
            "beyond_eyes_pct_max": round(float(np.max(beyond)), 3),
            # Which photo (its index in the pose, and name) is masked most beyond its eyes.
            "worst": names[int(np.argmax(beyond))],
            # The found eye distance over the true one (see _gap_ratios), median and max.
            "gap_ratio_median": round(float(np.median(ratios)), 3) if ratios else None,
            "gap_ratio_max": round(float(np.max(ratios)), 3) if ratios else None,
        }
        print(f"posed {pose:10s} eyes {found}/{eyes}", file=sys.stderr)
    return out


def drawn_face_figures(pictures: int, seed: int) -> dict:
    """Drawn pictures (samples/synth_faces.py): faces given an eye mask by default (should be
    none) and with ``--eyes all-faces``."""
    by_kind: dict = {}
    for kind, image in synth_faces.drawn_faces(pictures, np.random.default_rng([seed, 77])):
        row = by_kind.setdefault(kind, {"pictures": 0, "masked_default": 0, "masked_all_faces": 0})
        row["pictures"] += 1
        row["masked_default"] += _masks(image, MaskOptions())[1]
        row["masked_all_faces"] += _masks(image, MaskOptions(eyes="all-faces"))[1]
    return by_kind


# Face widths (px) the hard drawn faces are counted by: under 24 px a drawn and a photographed
# face are alike to DrawnFaceTest's measures (see BENCHMARKS.md), so the small ones are apart.
DRAWN_WIDTHS = ((0, 24), (24, 40), (40, 100_000))


def _by_width(findings: list[Finding]) -> dict[str, int]:
    out = {f"{lo}-{hi}px" if hi < 100_000 else f"{lo}px+": 0 for lo, hi in DRAWN_WIDTHS}
    for f in findings:
        x0, _, x1, _ = f.detail["face"]
        for (lo, hi), key in zip(DRAWN_WIDTHS, out, strict=True):
            if lo <= x1 - x0 < hi:
                out[key] += 1
    return out


def hard_drawn_figures(pictures: int, pages: int, seed: int) -> dict:
    """The hard drawn faces (samples/synth_faces.py ``drawn_variants``: small avatars, flat or
    shaded, alone or in grids, JPEG 40-90, resized; and such pictures pasted on photo pages
    and forms, in the benchmark's degradations): faces found (``--eyes all-faces``) and faces
    given an eye mask by default, by face width."""
    drawn_opts, default = MaskOptions(eyes="all-faces"), MaskOptions()
    images = synth_faces.drawn_variants(pictures, np.random.default_rng([seed, 78]))
    scratch = tempfile.TemporaryDirectory()
    idt = synth.IDENTITIES[0]
    degs = list(CONDITIONS.values())
    for i, pics in enumerate(synth_faces.drawn_photo_pages(pages, seed, Path(scratch.name))):
        rng = np.random.default_rng([seed, 54, i])
        page = synth.make_page(("photos", "form")[i % 2], idt, rng, photos=pics)
        deg = degs[i % len(degs)]
        images.append((f"page{i}/{'+'.join(deg) or 'clean'}", synth.degrade(page, deg, rng).image))
    found: list[Finding] = []
    masked: list[Finding] = []
    where: list[str] = []
    for label, image in images:
        page = Page("bench", 1, image, 150)
        found += find_eyes(page, drawn_opts, None)
        mine = find_eyes(page, default, None)
        masked += mine
        where += [f"{label}:{f.detail['face'][2] - f.detail['face'][0]:.0f}px" for f in mine]
    print(f"hard drawn faces: found {len(found)}, masked by default {len(masked)}", file=sys.stderr)
    return {
        "pictures": pictures,
        "pages": pages,
        "found": _by_width(found),
        "masked_default": _by_width(masked),
        # Each face masked by default: its picture's label and the face's width.
        "masked_default_at": where,
    }


def among_figures(photos: list, seed: int) -> dict:
    """Each face of the real photos (and the packages' portraits) cut head and shoulders into a
    cell among flat or shaded avatars of its size (samples/synth_faces.py ``real_among_drawn``:
    cells of 45-180 px, as drawn, JPEG and grey): the real faces' eyes masked by default
    (recall), the real faces found (``--eyes all-faces``) but judged drawn (their eyes left
    bare: should be none), and the avatars found and masked by default (should be none).
    One search a board, with ``--eyes all-faces``: a finding's ``drawn`` says whether the
    default would leave it out, as find_eyes does. Also (``small_boards``) each face in a
    small picture of one row of 1-3 cells of 36-56 px (``real_in_small_boards``)."""
    out = _among_scores(synth_faces.real_among_drawn(photos, seed), "real among drawn")
    out["small_boards"] = _among_scores(
        synth_faces.real_in_small_boards(photos, seed), "real in small boards"
    )
    return out


def _among_scores(boards: list[synth_faces.RealAmongDrawn], name: str) -> dict:
    """among_figures' figures over ``boards``; each real eye missed with its board's label."""
    options = MaskOptions(eyes="all-faces")
    eyes = found = avatars_found = avatars_masked = 0
    real_drawn: list[str] = []
    missed: list[str] = []
    for board in boards:
        shape = board.image.shape[:2]
        every = find_eyes(Page("bench", 1, board.image, 150), options, None)
        masked = [f for f in every if not f.detail["drawn"]]
        covered = [
            _eyes_covered(board.eyes, [list(region_for(f, options)) for f in fs], shape)
            for fs in (every, masked)
        ]
        eyes, found = eyes + 2, found + covered[1]
        if covered[0] == 2 and covered[1] < 2:
            real_drawn.append(board.label)
        elif covered[1] < 2:
            missed.append(f"{board.label}:{2 - covered[1]}")
        x0, y0, x1, y1 = board.real_cell
        avatars_found += sum(not _centre_in(f, x0, y0, x1, y1) for f in every)
        avatars_masked += sum(not _centre_in(f, x0, y0, x1, y1) for f in masked)
    print(f"{name}: eyes {found}/{eyes}, judged drawn {len(real_drawn)}", file=sys.stderr)
    return {
        "boards": len(boards),
        "eyes": eyes,
        "found": found,
        "real_faces_judged_drawn": len(real_drawn),
        "real_judged_drawn": real_drawn,
        "eyes_not_found": missed,
        "avatars_found": avatars_found,
        "avatars_masked_default": avatars_masked,
    }


def _eyes_covered(pair: tuple, polys: list, shape: tuple[int, int]) -> int:
    """How many of a pair's two eyes the masks ``polys`` cover (at least FULL of each eye's
    ground-truth box)."""
    masked = polygon_mask(shape, polys)
    out = 0
    for quad in synth.eye_quads(np.asarray(pair, np.float64)):
        region = polygon_mask(shape, [quad.tolist()])
        out += int(float((region & masked).sum()) / max(1, int(region.sum())) >= FULL)
    return out


def _centre_in(f: Finding, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether a finding's face box has its centre inside x0, y0, x1, y1."""
    fx0, fy0, fx1, fy1 = f.detail["face"]
    return x0 <= (fx0 + fx1) / 2 <= x1 and y0 <= (fy0 + fy1) / 2 <= y1


def page_figures(
    pages: int, seed: int, photos: list, options: MaskOptions, timings: list[float]
) -> dict:
    """Per condition: the eyes of the photos pasted on generated pages (every eye inside its
    photo, see samples/synth.py ``visible_eyes``) and how many the masks cover; each miss
    with its page, face and coverage. Appends each page's time to ``timings``."""
    idt = synth.IDENTITIES[0]
    scratch = tempfile.TemporaryDirectory()
    posed = synth_faces.posed_face_photos(photos, 2 * pages, seed, Path(scratch.name))
    conditions = {**CONDITIONS, "posed": [], "posed+photocopy": ["photocopy"]}
    out = {}
    for name, degs in conditions.items():
        eyes = found = 0
        misses = []
        pool = posed if name.startswith("posed") else photos
        for i in range(pages):
            rng = np.random.default_rng([seed, len(name), i])
            kind = FACE_KINDS[i % len(FACE_KINDS)]
            page = synth.degrade(synth.make_page(kind, idt, rng, photos=pool), degs, rng)
            h, w = page.image.shape[:2]
            t = time.perf_counter()
            polys, _ = _masks(page.image, options)
            timings.append(time.perf_counter() - t)
            masked = polygon_mask((h, w), polys)
            for item in page.to_dict()["items"]:
                if item["kind"] != "eyes":
                    continue
                region = polygon_mask((h, w), [item_polygon(item, w, h)])
                if not region.any():
                    continue
                eyes += 1
                covered = float((region & masked).sum()) / float(region.sum())
                found += int(covered >= FULL)
                if covered < FULL:
                    x, y = np.asarray(item_polygon(item, w, h)).mean(axis=0).round()
                    misses.append(
                        {
                            "page": i,
                            "kind": kind,
                            "face": item["text"],
                            "at": [int(x), int(y)],
                            "covered": round(covered, 3),
                        }
                    )
        out[name] = {"eyes": eyes, "found": found, "misses": misses}
        print(f"{name:16s} eyes {found}/{eyes}", file=sys.stderr)
    return out


# Face widths (px, about 2.1 eye distances) the small group faces are counted by: faces under
# 12 px (eyes 5-6 px apart, each a pixel or two tall) are not looked for (README).
SMALL_WIDTHS = ((0, 12), (12, 20), (20, 30), (30, 100_000))


def _eye_gaps(items: list[dict], w: int, h: int) -> dict[str, float]:
    """Per face (an eyes item's ``text``), the distance between its eyes on the page: between
    its two eyes' centres, or (one eye showing) twice its eye box's longer side."""
    centres: dict[str, list[np.ndarray]] = {}
    sides: dict[str, float] = {}
    for item in items:
        if item["kind"] != "eyes":
            continue
        poly = np.asarray(item_polygon(item, w, h), np.float64)
        centres.setdefault(item["text"], []).append(poly.mean(axis=0))
        edges = np.linalg.norm(np.roll(poly, -1, axis=0) - poly, axis=1)
        sides[item["text"]] = max(sides.get(item["text"], 0.0), 2 * float(edges.max()))
    return {
        face: float(np.linalg.norm(c[1] - c[0])) if len(c) == 2 else sides[face]
        for face, c in centres.items()
    }


def small_group_figures(pages: int, seed: int, photos: list) -> dict:
    """Group photos sized so their faces are 12-36 px on photocopied, low-resolution and phone
    pages (samples/synth_faces.py ``small_group_pages``): eyes masked by face width and by
    condition, each miss, the faces masked that hold no eye of the truth (``extra``), and the
    face stage's CPU seconds per page. The pages are upright (their text tells the pipeline
    their turn), so the face stage is run with the turn known, as mask runs it."""
    options = MaskOptions()
    by_width = {f"{lo}-{hi}px" if hi < 100_000 else f"{lo}px+": [0, 0] for lo, hi in SMALL_WIDTHS}
    by_condition: dict[str, list[int]] = {}
    misses, extra, cpu = [], 0, []
    for i, sg in enumerate(synth_faces.small_group_pages(pages, seed, photos)):
        page = sg.page
        h, w = page.image.shape[:2]
        t = time.process_time()
        findings = find_eyes(Page("bench", 1, page.image, float(page.dpi)), options, 0)
        cpu.append(time.process_time() - t)
        polys = [list(region_for(f, options)) for f in findings]
        masked = polygon_mask((h, w), polys)
        items = page.to_dict()["items"]
        gaps = _eye_gaps(items, w, h)
        truth = np.zeros((h, w), bool)
        cond = by_condition.setdefault("+".join(sg.condition), [0, 0])
        for item in items:
            if item["kind"] != "eyes":
                continue
            region = polygon_mask((h, w), [item_polygon(item, w, h)])
            if not region.any():
                continue
            truth |= region
            face_px = FACE_PER_EYE_GAP * gaps[item["text"]]
            key = next(
                k for (lo, hi), k in zip(SMALL_WIDTHS, by_width, strict=True) if lo <= face_px < hi
            )
            covered = float((region & masked).sum()) / float(region.sum())
            hit = int(covered >= FULL)
            by_width[key][0] += hit
            by_width[key][1] += 1
            if face_px >= SMALL_WIDTHS[0][1]:
                cond[0] += hit
                cond[1] += 1
            if not hit:
                x, y = np.asarray(item_polygon(item, w, h)).mean(axis=0).round()
                misses.append(
                    {
                        "page": i,
                        "condition": "+".join(sg.condition),
                        "face": item["text"],
                        "face_px": round(face_px, 1),
                        "at": [int(x), int(y)],
                        "covered": round(covered, 3),
                    }
                )
        extra += sum(not (polygon_mask((h, w), [p]) & truth).any() for p in polys)
        print(f"small groups page {i} {'+'.join(sg.condition)}: {cpu[-1]:.1f} s", file=sys.stderr)
    return {
        "pages": pages,
        "eyes_by_face_width": {k: {"found": v[0], "eyes": v[1]} for k, v in by_width.items()},
        "eyes_by_condition_from_12px": {
            k: {"found": v[0], "eyes": v[1]} for k, v in by_condition.items()
        },
        "faces_masked_without_truth_eye": extra,
        "cpu_s_per_page": round(float(np.mean(cpu)), 2) if cpu else None,
        "misses": misses,
    }


PARTS = ("pages", "negatives", "drawn", "posed", "real", "small", "screened", "among")


def run(
    pages: int,
    seed: int,
    realdata: Path | None,
    parts: Sequence[str] = PARTS,
    truth: str = "eyes_dlib",
) -> dict:
    """The benchmark's ``parts`` (see PARTS; all by default): generated pages with photos in
    every condition, negatives, drawn faces, posed portraits, the shared real photos, small
    group faces on degraded pages (at least 8 pages), the shared real photos' faces printed as
    small halftoned photos, the real photos' faces among avatars of their size (``among``).
    The photos' eyes are read from ``truth`` (synth.EYE_TRUTHS)."""
    options = MaskOptions()
    photos = synth.load_face_photos(realdata, truth=truth)
    if not photos:
        sys.exit("no face photos: install scikit-image/matplotlib or pass --realdata")
    results: dict = {"conditions": {}}
    timings: list[float] = []
    if "pages" in parts:
        results["conditions"] = page_figures(pages, seed, photos, options, timings)
    if "negatives" in parts:
        results["negatives"] = negatives(pages, seed, realdata, options)
    results["ms_per_page"] = round(1000 * float(np.mean(timings)), 1) if timings else None
    if "drawn" in parts:
        results["drawn_faces"] = drawn_face_figures(max(10, 2 * pages), seed)
        results["hard_drawn_faces"] = hard_drawn_figures(max(16, 4 * pages), max(4, pages), seed)
    if "posed" in parts:
        results["posed_photos"] = posed_photo_figures(photos, max(4, pages // 2), seed, options)
    if realdata is not None and "real" in parts:
        results["real_photos"] = real_photo_figures(realdata, options, truth)
    if "small" in parts:
        results["small_groups"] = small_group_figures(max(8, pages), seed, photos)
    if realdata is not None and "screened" in parts:
        results["screened_photos"] = screened_photo_figures(realdata, options, truth)
    if "among" in parts:
        results["real_among_drawn"] = among_figures(photos, seed)
    return results


def negatives(pages: int, seed: int, realdata: Path | None, options: MaskOptions) -> dict:
    """Eye masks on text-only pages and on pictures without faces (should be none)."""
    idt = synth.IDENTITIES[0]
    results: dict = {}
    false_masks = 0
    for i in range(pages):
        rng = np.random.default_rng([seed, 99, i])
        kind = TEXT_KINDS[i % len(TEXT_KINDS)]
        degs = list(CONDITIONS.values())[i % len(CONDITIONS)]
        page = synth.degrade(synth.make_page(kind, idt, rng), degs, rng)
        false_masks += _masks(page.image, options)[1]
    results["text_pages"] = {"pages": pages, "eye_masks": false_masks}
    pictures = 0
    picture_masks = 0
    for package, rel in NO_FACE_PICTURES:
        try:
            path = Path(str(resources.files(package).joinpath(rel)))
        except ModuleNotFoundError:
            continue
        image = np.asarray(Image.open(path).convert("RGB"))
        pictures += 1
        picture_masks += _masks(image, options)[1]
    if realdata is not None and (realdata / "faces/f12_landscape_no_faces_negative.jpg").is_file():
        image = np.asarray(Image.open(realdata / "faces/f12_landscape_no_faces_negative.jpg"))
        pictures += 1
        picture_masks += _masks(image[:, :, :3], options)[1]
    results["no_face_pictures"] = {"pictures": pictures, "eye_masks": picture_masks}
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10, help="pages per condition")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "bench-out" / "faces.json")
    ap.add_argument(
        "--realdata",
        type=Path,
        default=ROOT.parent / "shared" / "realdata",
        help="the shared real images (skipped when absent)",
    )
    ap.add_argument(
        "--parts", nargs="+", choices=PARTS, default=list(PARTS), help="parts to run (all)"
    )
    ap.add_argument(
        "--eye-truth",
        choices=synth.EYE_TRUTHS,
        default="eyes_dlib",
        help="the photos' eye truth: dlib's landmarks checked by eye (another model family than"
        " CenterFace's, default) or the older truth, CenterFace's own points checked by eye",
    )
    args = ap.parse_args()
    realdata = args.realdata
    results = run(
        args.pages, args.seed, realdata if realdata.is_dir() else None, args.parts, args.eye_truth
    )
    results["eye_truth"] = args.eye_truth
    eyes = sum(c["eyes"] for c in results["conditions"].values())
    found = sum(c["found"] for c in results["conditions"].values())
    results["recall"] = round(found / eyes, 4) if eyes else None
    real = results.get("real_photos", [])
    if real:
        over = [r["beyond_eyes_pct"] for r in real]
        results["real_summary"] = {
            "photos": len(real),
            "eyes": sum(r["eyes"] for r in real),
            "found": sum(r["found"] for r in real),
            "beyond_eyes_pct_avg": round(float(np.mean(over)), 3),
            "beyond_eyes_pct_max": round(float(np.max(over)), 3),
        }
    if "drawn_faces" in results:
        results["drawn_summary"] = {
            k: sum(r[k] for r in results["drawn_faces"].values())
            for k in ("pictures", "masked_default", "masked_all_faces")
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    shown = {k: v for k, v in results.items() if k not in ("conditions", "real_photos")}
    if "small_groups" in shown:
        shown["small_groups"] = {k: v for k, v in shown["small_groups"].items() if k != "misses"}
    print(json.dumps(shown, indent=1))
    for row in real:
        print(row)
    for name, c in results["conditions"].items():
        print(f"{name:16s} {c['found']}/{c['eyes']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
