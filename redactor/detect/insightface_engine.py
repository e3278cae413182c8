"""Optional face engine: insightface's detector (SCRFD/RetinaFace), where the user has installed
insightface and a model pack. Nothing is downloaded: insightface's own ``FaceAnalysis`` would
fetch a missing pack from the internet, so the detector file is located here and loaded directly.

The model pack is looked for in ``$REDACTOR_INSIGHTFACE_MODELS`` or ``~/.insightface/models``
(insightface's own place), as ``<pack>/det_*.onnx`` for the packs named in ``PACKS``.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np

from redactor.detect.face_geometry import Face, plausible_landmarks
from redactor.errors import MissingDependencyError
from redactor.types import BBox

PACKS = ("buffalo_l", "buffalo_m", "buffalo_s", "buffalo_sc", "antelopev2")
INPUT_SIZE = (640, 640)
HINT = (
    "install it with `pip install insightface` and put a model pack (e.g. buffalo_l, with its "
    "det_*.onnx) under ~/.insightface/models/ or $REDACTOR_INSIGHTFACE_MODELS; or use the "
    "default --face-engine centerface"
)

_lock = threading.Lock()
_model = None


def find_detector_file() -> Path | None:
    roots = [os.environ.get("REDACTOR_INSIGHTFACE_MODELS"), "~/.insightface/models"]
    for root in filter(None, roots):
        base = Path(root).expanduser()
        for pack in PACKS:
            found = sorted((base / pack).glob("det_*.onnx"))
            if found:
                return found[0]
    return None


def load() -> object:
    global _model
    with _lock:
        if _model is None:
            try:
                from insightface.model_zoo import get_model
            except ModuleNotFoundError as exc:
                raise MissingDependencyError(f"insightface is not installed; {HINT}") from exc
            path = find_detector_file()
            if path is None:
                raise MissingDependencyError(f"no insightface model pack found; {HINT}")
            model = get_model(str(path), providers=["CPUExecutionProvider"])
            model.prepare(ctx_id=-1, input_size=INPUT_SIZE)
            _model = model
        return _model


def detect_faces(image: np.ndarray) -> list:
    """Faces in an RGB image, as face_geometry.Face (eyes from the five keypoints)."""
    model = load()
    bboxes, kpss = model.detect(np.ascontiguousarray(image[:, :, ::-1]), input_size=INPUT_SIZE)
    faces = []
    for i, (x0, y0, x1, y1, score) in enumerate(bboxes):
        pts = tuple((float(x), float(y)) for x, y in kpss[i]) if kpss is not None else ()
        if len(pts) < 2:
            continue
        face = Face(
            BBox(float(x0), float(y0), float(x1), float(y1)), float(score), pts[0], pts[1], pts
        )
        faces.append(replace(face, upright=plausible_landmarks(face)))
    return faces
