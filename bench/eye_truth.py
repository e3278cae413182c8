"""Eye truth for the face photos from a landmark model of another family than CenterFace's.

    pip install -e '.[eyetruth]'   # dlib-bin and face-recognition-models (bench only)
    python -m bench.eye_truth --sheet bench-out/eye_truth.png

CenterFace (what redactor masks with) is a one-stage CNN that regresses five landmarks from its
face heatmap; dlib's 68-point shape predictor is an ensemble of regression trees fitted to the
iBUG 300-W annotations (Kazemi and Sullivan 2014): a model of another family, trained on
other data, so its errors are not CenterFace's. Each eye's centre is the mean of its six
contour points (points 36-41 and 42-47, 0-based).

For each photo of samples/face_photos.json that is here (``../shared/realdata`` and the
packages' two), each face of the stored truth is matched to a face dlib's HOG detector finds
(upsampled once) whose eye midpoint lies within half the stored eye distance; where the
detector finds none (a head tilted far over), the photo is turned so the stored eye line is
level and searched again (``source`` "levelled"). The result is written to ``--out`` (a JSON
of proposed eye pairs in the stored truth's order) and drawn on a contact sheet of enlarged
crops, one per face, stored truth in green and dlib's in magenta, to be checked by eye.
Nothing here is run by the tests: the checked truth is stored as data (face_photos.json's
``eyes_dlib``, written with ``--store``).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps

from samples import synth

ROOT = Path(__file__).resolve().parent.parent
# iBUG 68-point indices (0-based) of the two eyes' contours.
EYE_POINTS = (range(36, 42), range(42, 48))


@dataclass(frozen=True)
class SheetSettings:
    """How each eye is shown on the contact sheet."""

    # Crop round each stored eye centre: a square this many stored eye distances wide.
    crop_gaps: float = 0.7
    # Each crop is drawn this many px wide (a 14 px face's eye enlarged about 30 times).
    cell: int = 200
    # Crops per row of the sheet (a face's two eyes side by side).
    columns: int = 8


@dataclass(frozen=True)
class MatchSettings:
    """How dlib's faces are paired with the stored truth's."""

    # dlib's eye midpoint must lie within this share of the stored eye distance of the stored one.
    within_gap: float = 0.5
    # Times the image is upsampled for dlib's HOG detector (faces of 40 px and up found at 1).
    upsample: int = 1


def _load(path: Path) -> np.ndarray:
    with Image.open(path) as src:
        return np.asarray(ImageOps.exif_transpose(src).convert("RGB"))


def _photo_paths(realdata: Path) -> list[tuple[dict, Path]]:
    """face_photos.json's entries with the file each names here (realdata or a package)."""
    from importlib import resources

    doc = json.loads(synth.FACE_PHOTOS_JSON.read_text(encoding="utf-8"))
    out = []
    for entry in doc["photos"]:
        if entry["where"] == "realdata":
            path = realdata / entry["path"]
        else:
            package, _, rest = entry["path"].partition("/")
            path = Path(str(resources.files(package).joinpath(rest)))
        if path.is_file() and entry["faces"]:
            out.append((entry, path))
    return out


def _eye_centres(shape) -> np.ndarray:
    """The two eyes' centres of a 68-point shape, the one with the smaller x first."""
    pts = np.array([(p.x, p.y) for p in shape.parts()], np.float64)
    eyes = np.array([pts[list(r)].mean(axis=0) for r in EYE_POINTS])
    return eyes[np.argsort(eyes[:, 0])]


def dlib_eyes(
    image: np.ndarray, faces: list[dict], settings: MatchSettings = MatchSettings()
) -> list[dict]:
    """Per stored face: dlib's eye centres and how its box was had (``detector`` or ``box``)."""
    import dlib
    import face_recognition_models

    predictor = dlib.shape_predictor(face_recognition_models.pose_predictor_model_location())
    detected = dlib.get_frontal_face_detector()(image, settings.upsample)
    found = [(r, _eye_centres(predictor(image, r))) for r in detected]
    out = []
    for face in faces:
        stored = np.asarray(face["eyes"], np.float64)
        gap = float(np.linalg.norm(stored[1] - stored[0]))
        mid = stored.mean(axis=0)
        near = [
            e for _, e in found if np.linalg.norm(e.mean(axis=0) - mid) <= settings.within_gap * gap
        ]
        if near:
            eyes, source = min(near, key=lambda e: np.linalg.norm(e.mean(axis=0) - mid)), "detector"
        else:
            eyes, source = _levelled(image, stored, predictor, settings), "levelled"
        if eyes is None:
            out.append({"eyes": None, "source": "none"})
            continue
        out.append({"eyes": np.round(_in_order(eyes, stored), 1).tolist(), "source": source})
    return out


def _in_order(eyes: np.ndarray, stored: np.ndarray) -> np.ndarray:
    """``eyes`` in the stored pair's order (each nearest the stored eye it stands for)."""
    swapped = eyes[::-1]
    keep = (
        np.linalg.norm(eyes - stored, axis=1).sum()
        <= np.linalg.norm(swapped - stored, axis=1).sum()
    )
    return eyes if keep else swapped


def _levelled(image: np.ndarray, stored: np.ndarray, predictor, settings: MatchSettings):
    """dlib's eyes for a face its detector missed upright (a head tilted far over): the photo
    turned about the stored eye midpoint so the stored eye line is level, searched there, and
    the eyes found nearest carried back; None where it finds none there either."""
    import dlib

    (ax, ay), (bx, by) = stored
    mid = stored.mean(axis=0)
    turn = cv2.getRotationMatrix2D(
        (float(mid[0]), float(mid[1])), float(np.degrees(np.arctan2(by - ay, bx - ax))), 1.0
    )
    h, w = image.shape[:2]
    level = cv2.warpAffine(
        image, turn, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    gap = float(np.hypot(bx - ax, by - ay))
    back = cv2.invertAffineTransform(turn)
    best = None
    for r in dlib.get_frontal_face_detector()(level, settings.upsample):
        eyes = _eye_centres(predictor(level, r))
        eyes = eyes @ back[:, :2].T + back[:, 2]
        d = float(np.linalg.norm(eyes.mean(axis=0) - mid))
        if d <= settings.within_gap * gap and (best is None or d < best[0]):
            best = (d, eyes)
    return None if best is None else best[1]


def _crop(image: np.ndarray, stored: np.ndarray, proposed: np.ndarray, eye: int, s: SheetSettings):
    """An enlarged crop round one eye with the stored (green) and dlib's (magenta) centres."""
    gap = max(float(np.linalg.norm(stored[1] - stored[0])), 4.0)
    cx, cy = stored[eye]
    w = s.crop_gaps * gap
    k = s.cell / w
    move = np.array([[k, 0, -k * (cx - w / 2)], [0, k, -k * (cy - w / 2)]])
    crop = cv2.warpAffine(image, move, (s.cell, s.cell), flags=cv2.INTER_CUBIC)
    crop = np.ascontiguousarray(crop[..., ::-1])
    for pts, colour in ((stored, (0, 200, 0)), (proposed, (255, 0, 255))):
        x, y = pts[eye]
        p = (round(k * (x - cx + w / 2)), round(k * (y - cy + w / 2)))
        cv2.drawMarker(crop, p, colour, cv2.MARKER_CROSS, 16, 1)
    return crop


def contact_sheet(cells: list[tuple[str, np.ndarray]], s: SheetSettings) -> np.ndarray:
    """The crops in rows of ``s.columns``, each labelled."""
    blank = np.full((s.cell + 18, s.cell, 3), 255, np.uint8)
    tiles = []
    for label, crop in cells:
        tile = blank.copy()
        tile[18:] = crop
        cv2.putText(tile, label, (2, 13), cv2.FONT_HERSHEY_SIMPLEX, 0.42, (0, 0, 0), 1)
        tiles.append(tile)
    while len(tiles) % s.columns:
        tiles.append(blank)
    rows = [np.hstack(tiles[i : i + s.columns]) for i in range(0, len(tiles), s.columns)]
    return np.vstack(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realdata", type=Path, default=ROOT.parent / "shared" / "realdata")
    ap.add_argument("--out", type=Path, default=ROOT / "bench-out" / "eye_truth_dlib.json")
    ap.add_argument("--sheet", type=Path, default=ROOT / "bench-out" / "eye_truth.png")
    ap.add_argument(
        "--store",
        action="store_true",
        help="write the proposed pairs into face_photos.json as eyes_dlib (after checking them)",
    )
    args = ap.parse_args()
    settings = SheetSettings()
    proposals, cells = {}, []
    for entry, path in _photo_paths(args.realdata):
        image = _load(path)
        faces = dlib_eyes(image, entry["faces"])
        proposals[entry["sha256"]] = {"path": entry["path"], "faces": faces}
        for i, (face, mine) in enumerate(zip(entry["faces"], faces, strict=True)):
            if mine["eyes"] is None:
                continue  # dlib found no face there: reported on stderr, kept out of the truth
            stored, eyes = np.asarray(face["eyes"]), np.asarray(mine["eyes"])
            shift = np.linalg.norm(eyes - stored, axis=1).max()
            gap = np.linalg.norm(stored[1] - stored[0])
            for eye in (0, 1):
                label = f"{Path(entry['path']).name[:3]}#{i}{'LR'[eye]} {mine['source'][:3]}"
                label += f" d{shift / gap:.2f}"
                cells.append((label, _crop(image, stored, eyes, eye, settings)))
        print(entry["path"], [m["source"] for m in faces], file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(proposals, indent=1), encoding="utf-8")
    cv2.imwrite(str(args.sheet), contact_sheet(cells, settings))
    if args.store:
        store(proposals)
    return 0


def store(proposals: dict) -> None:
    """Each face's proposed pair into face_photos.json as ``eyes_dlib`` (left out where dlib
    found none: the bench then falls back to ``eyes``)."""
    doc = json.loads(synth.FACE_PHOTOS_JSON.read_text(encoding="utf-8"))
    for entry in doc["photos"]:
        mine_all = proposals.get(entry["sha256"], {}).get("faces", [None] * len(entry["faces"]))
        for face, mine in zip(entry["faces"], mine_all, strict=True):
            if mine is not None and mine["eyes"] is not None:
                face["eyes_dlib"] = mine["eyes"]
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    synth.FACE_PHOTOS_JSON.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
