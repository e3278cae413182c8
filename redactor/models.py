"""The model files redactor loads: where each one is, and whether it is the file we tested.

``models/models.json`` (at the project's top level) is the manifest: per model the package that
ships it, the path inside that package, its sha256, licence, input size and what it is used for.
This module reads it, finds each file with importlib.resources (nothing is downloaded: a missing
or altered file is a ``MissingDependencyError``, exit code 5, naming what to install) and is the
one place where a model file's sha256 is checked.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from redactor.errors import MissingDependencyError

# In a source checkout (make install, pip install -e .) the manifest is the project's own file; a
# plain `pip install .` puts a copy under <prefix>/share/redactor/ (setup.cfg, data_files).
_SOURCE_MANIFEST = Path(__file__).resolve().parent.parent / "models" / "models.json"
_INSTALLED_MANIFEST = Path(sys.prefix) / "share" / "redactor" / "models.json"
MANIFEST = _SOURCE_MANIFEST if _SOURCE_MANIFEST.is_file() else _INSTALLED_MANIFEST


@dataclass(frozen=True)
class ModelFile:
    """One model file of the manifest (see models/README.md for the fields)."""

    id: str
    name: str
    package: str
    version: str  # the package version the file was taken from and tested with
    path: str  # inside the package
    sha256: str
    bytes: int
    licence: str
    input: str
    used_for: str
    install: str


@dataclass(frozen=True)
class ModelStatus:
    """What ``check`` found for one model file."""

    model: ModelFile
    location: Path | None  # None when the package or the file is not there
    installed_version: str | None
    problem: str  # '' when the file is present and its sha256 matches

    @property
    def ok(self) -> bool:
        return not self.problem


def load_manifest(path: Path | None = None) -> dict:
    """The manifest at ``path`` (default: the project's models/models.json)."""
    return _read_manifest(path or MANIFEST)


@lru_cache(maxsize=4)
def _read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MissingDependencyError(
            f"the model manifest {path} is missing or unreadable ({exc}); redactor is installed "
            "from its source folder (make install, or pip install -e .)"
        ) from exc


def manifest_models(path: Path | None = None) -> list[ModelFile]:
    fields = ModelFile.__dataclass_fields__
    return [ModelFile(**{k: m[k] for k in fields}) for m in load_manifest(path)["models"]]


def model(model_id: str, path: Path | None = None) -> ModelFile:
    for m in manifest_models(path):
        if m.id == model_id:
            return m
    raise KeyError(model_id)


def locate(m: ModelFile) -> Path | None:
    """Where the model's file is on disk, or None if its package or the file is missing."""
    try:
        ref = resources.files(m.package).joinpath(m.path)
    except ModuleNotFoundError:
        return None
    location = Path(str(ref))
    return location if location.is_file() else None


def _installed_version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


@lru_cache(maxsize=16)
def _sha256_of(location: Path, size: int, mtime_ns: int) -> str:
    """sha256 of a file, computed once per process for a given size and time of change."""
    digest = hashlib.sha256()
    with location.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_file(location: Path) -> str:
    st = location.stat()
    return _sha256_of(location, st.st_size, st.st_mtime_ns)


def check(m: ModelFile, full: bool = True) -> ModelStatus:
    """Whether the model's file is present and is the file of the manifest: by sha256, or with
    ``full=False`` by its size only (hashing 30 MB at every start costs a few tenths of a
    second; ``redactor models`` does the full check)."""
    location = locate(m)
    version = _installed_version(m.package)
    if location is None:
        what = f"{m.package} is not installed" if version is None else f"{m.path} is missing"
        return ModelStatus(m, None, version, f"{what}; install it with: {m.install}")
    if not full:
        size = location.stat().st_size
        if size == m.bytes:
            return ModelStatus(m, location, version, "")
        return ModelStatus(
            m,
            location,
            version,
            f"{location.name} is not the expected file ({size} bytes, expected {m.bytes}); "
            f"reinstall it with: {m.install}",
        )
    digest = sha256_file(location)
    if digest != m.sha256:
        return ModelStatus(
            m,
            location,
            version,
            f"{location.name} is not the expected file (sha256 {digest[:12]}…, expected "
            f"{m.sha256[:12]}…); reinstall it with: {m.install}",
        )
    return ModelStatus(m, location, version, "")


def verified_path(model_id: str, full: bool = True) -> Path:
    """The checked file of a model (see ``check``); raises MissingDependencyError (exit 5)
    saying what to install when it is missing or not the file of the manifest."""
    status = check(model(model_id), full)
    if status.location is None or not status.ok:
        raise MissingDependencyError(f"the {status.model.name} model: {status.problem}")
    return status.location


def check_all(path: Path | None = None) -> list[ModelStatus]:
    return [check(m) for m in manifest_models(path)]


def optional_backends(path: Path | None = None) -> list[dict]:
    return list(load_manifest(path).get("optional", []))


def optional_status(backend: dict) -> str:
    """Whether an optional backend is usable here: its package, and for insightface a pack."""
    version = _installed_version(backend["package"])
    if version is None:
        return "not installed"
    if backend["id"] == "insightface":
        from redactor.detect.insightface_engine import find_detector_file

        found = find_detector_file()
        return f"{version}, model {found}" if found else f"{version}, no model pack found"
    return version
