"""Speed work (issue 14), tested for behaviour only: never a timing.

--timings records every stage of a page in its plan (and nothing otherwise); a command that
needs no model (--help, an exempt file) imports none of the heavy packages; a pool's workers
pin their model threads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from redactor import timing
from redactor.detect import engines
from redactor.executor import FileTask, ProcessExecutor, _cores
from redactor.options import Identity, MaskOptions
from redactor.plan import FilePlan, PagePlan, mask_file, options_dict
from tests.conftest import NAME, ROOT, UNIT, draw_text_page

IDENTITY = Identity(NAME, UNIT)
# Packages whose import (or whose models) a command that masks nothing must not pay for.
HEAVY = ("onnxruntime", "onnx", "rapidocr", "jieba", "ray", "pymupdf4llm", "openvino")
# The face and seal detectors: imported by the first page searched for faces or seals.
DETECTORS = ("redactor.detect.faces", "redactor.detect.seals")


def _small_page(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "card.png"
    Image.fromarray(draw_text_page([f"申报人：{NAME}", "职称：主治医师"], width=640)).save(path)
    return path


def test_timings_flag_records_every_stage_of_the_page(tmp_path: Path) -> None:
    path = _small_page(tmp_path / "in")
    options = MaskOptions(timings=True)
    plan = mask_file(path, Path(path.name), tmp_path / "out", IDENTITY, options)
    (page,) = plan.pages
    assert page.regions, "the name is on the page"
    assert page.timings is not None
    stages = set(page.timings["cpu"])
    for stage in (
        timing.RASTERISE,
        timing.OCR_DET,
        timing.OCR_REC,
        timing.MATCH,
        timing.SEALS,
        timing.FACES,
        timing.PAINT,
        timing.ENCODE,
        timing.SELF_CHECK,
    ):
        assert stage in stages, stage
    assert set(page.timings["wall"]) == stages
    assert all(v >= 0 for v in page.timings["cpu"].values())
    saved = plan.to_dict()
    assert saved["pages"][0]["timings"] == page.timings
    assert saved["options"]["timings"] is True
    # The file's own stages, outside its pages: hashed, opened, written.
    assert plan.timings is not None
    assert set(plan.timings["cpu"]) == set(timing.FILE_STAGES)
    assert saved["timings"] == plan.timings
    assert FilePlan.from_dict(saved).timings == plan.timings


def test_without_the_flag_plans_say_nothing_of_timings(tmp_path: Path) -> None:
    page = PagePlan(1, 10, 10, 72.0, 0)
    assert "timings" not in page.to_dict()
    assert "timings" not in options_dict(MaskOptions())
    path = _small_page(tmp_path / "in")
    options = MaskOptions(exempt=("*",))  # the file's own stages only: copied, not masked
    plan = mask_file(path, Path(path.name), tmp_path / "out", IDENTITY, options)
    assert plan.timings is None and "timings" not in plan.to_dict()
    options = replace(options, timings=True)
    timed = mask_file(path, Path(path.name), tmp_path / "out2", IDENTITY, options)
    assert timed.timings is not None and set(timed.timings["cpu"]) == set(timing.FILE_STAGES)


def test_stages_are_exclusive_and_only_recorded_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with timing.stage(timing.SEALS):  # no timer: nothing happens
        pass
    ticks = iter(range(1000))  # a clock that advances one second per reading
    monkeypatch.setattr(timing.time, "perf_counter", lambda: float(next(ticks)))
    timer = timing.PageTimer()
    with timing.recording(timer), timing.stage(timing.OCR):
        with timing.stage(timing.OCR_DET, within=timing.OCR):
            pass
        # det inside the orientation probe is the probe's, not the page OCR's
        with timing.stage(timing.ORIENTATION), timing.stage(timing.OCR_DET, within=timing.OCR):
            pass
    recorded = timer.to_dict()["wall"]
    assert recorded[timing.OCR_DET] == 1.0  # charged once, from its entry to its exit
    assert recorded[timing.ORIENTATION] == 1.0
    assert timing.SEALS not in recorded
    # The clock read 0 to 7: every second of it charged to exactly one stage.
    assert sum(recorded.values()) == 7.0


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    listing = "sorted(k for k, v in sys.modules.items() if v is not None)"
    script = f"import sys, json\n{code}\nprint(json.dumps({listing}))"
    env = {"PYTHONPATH": str(ROOT), "REDACTOR_JOBS": "1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _run_cli(args: list[str]) -> str:
    return (
        "from redactor.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
    )


def test_help_imports_no_model_or_heavy_package(tmp_path: Path) -> None:
    loaded = _modules_after(_run_cli(["--help"]), tmp_path)
    assert not {m for m in HEAVY if m in loaded}
    assert not {m for m in ("pymupdf", "numpy", "cv2", "pypinyin") if m in loaded}


def test_masking_an_exempt_file_loads_no_model(tmp_path: Path) -> None:
    path = _small_page(tmp_path / "in")
    out = tmp_path / "out"
    args = ["mask", str(path), "--name", NAME, "--unit", UNIT, "--exempt", "*", "-o", str(out)]
    loaded = _modules_after(_run_cli([*args, "-q"]), tmp_path)
    assert (out / path.name).read_bytes() == path.read_bytes()
    assert not {m for m in HEAVY if m in loaded}
    # Nor the detectors, pymupdf (no PDF read or written) or pypinyin's phrases (the output
    # names' pinyin check reads a name character by character).
    assert not {m for m in (*DETECTORS, "pymupdf", "pypinyin.phrases_dict") if m in loaded}


def test_pool_workers_pin_their_model_threads(tmp_path: Path) -> None:
    path = _small_page(tmp_path / "in")
    options = MaskOptions(exempt=("*",))  # the pool is what is tested, not the masking
    tasks = [
        FileTask(path, Path(f"copy{i}.png"), tmp_path / "out", IDENTITY, options) for i in (1, 2)
    ]
    with ProcessExecutor(2, threads=None) as pool:
        outcomes = list(pool.run(tasks))
        assert pool.threads == engines.threads_per_worker(2, _cores())
    assert len({o.worker_pid for o in outcomes}) == 2
    assert all(o.ok and o.threads == pool.threads for o in outcomes)


@pytest.mark.slow  # loads both models in a fresh process (about a minute under load)
def test_pinned_threads_and_no_arena_reach_the_model_sessions(tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    code = (
        "from redactor.detect import engines\n"
        "engines.configure(engines.EngineSettings('onnxruntime', 1, face_backend='onnxruntime'))\n"
        "from redactor.detect.faces import CenterFace\n"
        "from redactor.detect.text import OcrEngine\n"
        "import numpy as np\n"
        "assert CenterFace.session().get_session_options().intra_op_num_threads == 1\n"
        "assert not CenterFace.session().get_session_options().enable_cpu_mem_arena\n"
        "ocr = OcrEngine.get()\n"
        "ocr(np.full((64, 256, 3), 255, np.uint8), use_det=True, use_cls=False, use_rec=True)\n"
        "assert ocr.text_det.session.session.get_session_options().intra_op_num_threads == 1\n"
    )
    _modules_after(code, tmp_path)


def test_an_absent_openvino_falls_back_to_onnxruntime(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda n, *a: None if n == "openvino" else real(n, *a)
    )
    monkeypatch.setattr(engines, "_settings", engines.EngineSettings(engines.OPENVINO))
    assert engines.ocr_backend() == engines.ONNXRUNTIME
    assert "Det.engine_type" not in engines.rapidocr_params()


def test_a_crop_read_again_is_read_at_its_own_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-reads (under stamps, the self-check, images on born-digital pages) are not blown up
    to the detector's 736 px short side: the name is read, from an input no larger than the
    padded crop, and the detector's own settings are left as they were."""
    from redactor.detect.text import TILES, OcrEngine, _ocr_upright

    strip = draw_text_page([f"申报人：{NAME}"], width=520)[20:110]  # a 520 x 90 window
    engine = OcrEngine.get()
    det = engine._load_det_model()
    seen: list[tuple[int, ...]] = []
    real = det.session

    class Watch:
        def __call__(self, blob):  # noqa: ANN001, ANN204
            seen.append(blob.shape)
            return real(blob)

    monkeypatch.setattr(det, "session", Watch())
    before = det.limit_type, det.limit_side_len
    lines = _ocr_upright(strip, crop=True)
    assert NAME in "".join(line.text for line in lines)
    assert (det.limit_type, det.limit_side_len) == before
    ((_, _, h, w),) = seen
    assert max(h, w) <= max(520, TILES.det_side) + 32  # not 736 px high and 4000 wide


@pytest.mark.parametrize("check", ["near", "off"])
def test_a_text_only_born_digital_page_loads_no_model(check: str, tmp_path: Path) -> None:
    """A Word export's page of text and rules: its text comes from the text layer and it holds
    no picture (no face to look for) and no drawing that can be a seal (no seal search), so
    neither OCR nor CenterFace is loaded; also with the default self-check, though the name's
    fill touches the punctuation printed beside it (that ink is the text layer's own)."""
    from samples.synth import IDENTITIES
    from samples.synth_pdf import WordPdfSpec, make_word_pdf

    folder = tmp_path / "in"
    folder.mkdir()
    who = IDENTITIES[0]
    make_word_pdf(WordPdfSpec(who, ("paper",), seed=1), folder / "paper.pdf")
    out = tmp_path / "out"
    args = ["mask", str(folder), "--name", who.name, "--unit", who.unit, "-o", str(out)]
    loaded = _modules_after(_run_cli([*args, "--check", check, "-q"]), tmp_path)
    assert (out / "paper.pdf").is_file()
    assert not {m for m in ("onnxruntime", "onnx", "rapidocr", *DETECTORS) if m in loaded}
    # The name rule reads jieba's dictionary as a file: importing jieba (and pkg_resources
    # with it) cost about 0.5 s of the page.
    assert not {m for m in ("jieba", "pkg_resources") if m in loaded}
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert audit["pages"][0]["needs_masking"]


def test_auto_runs_ocr_on_openvino_when_installed_unless_onnxruntime_is_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    if importlib.util.find_spec("openvino") is None:
        pytest.skip("openvino is not installed here")
    monkeypatch.setattr(engines, "_settings", engines.EngineSettings())
    assert engines.ocr_backend() == engines.OPENVINO
    assert "Det.engine_type" in engines.rapidocr_params()
    monkeypatch.setattr(engines, "_settings", engines.EngineSettings(engines.ONNXRUNTIME))
    assert engines.ocr_backend() == engines.ONNXRUNTIME
    assert "Det.engine_type" not in engines.rapidocr_params()
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda n, *a: None if n == "openvino" else real(n, *a)
    )
    monkeypatch.setattr(engines, "_settings", engines.EngineSettings())
    assert engines.ocr_backend() == engines.ONNXRUNTIME  # auto: no warning, onnxruntime


def test_default_jobs_fit_the_machines_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    from redactor import executor

    monkeypatch.delenv("REDACTOR_JOBS", raising=False)
    monkeypatch.setattr(executor, "_cores", lambda: 16)
    monkeypatch.setattr(executor, "_memory_mib", lambda: 16 * 1024)
    assert executor.default_jobs() == 7  # 0.8 x 16 GiB / 1800 MiB, not 16 workers
    monkeypatch.setattr(executor, "_memory_mib", lambda: 256 * 1024)
    assert executor.default_jobs() == 16  # the cores bound it
    monkeypatch.setattr(executor, "_memory_mib", lambda: 1024)
    assert executor.default_jobs() == 1
    monkeypatch.setattr(executor, "_memory_mib", lambda: None)
    assert executor.default_jobs() == 16
    monkeypatch.setenv("REDACTOR_JOBS", "3")
    assert executor.default_jobs() == 3  # asked for: as asked


def test_model_sessions_do_not_spin_between_operators() -> None:
    """onnxruntime's intra-op threads wait without spinning (engines.SpinSettings): CenterFace
    runs on many small crops a page, and spinning threads burn a core each between them."""
    pytest.importorskip("onnxruntime")
    from redactor.detect import faces

    with engines.using(engines.EngineSettings(face_backend=engines.ONNXRUNTIME)):
        options = faces._load_centerface().get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def _photo_page() -> np.ndarray:
    """A form with a real face photo on it (samples.synth, a photo shipped in a package)."""
    from samples import synth

    photos = synth.load_face_photos(None)
    if not photos:
        pytest.skip("no face photo installed")
    rng = np.random.default_rng(5)
    return synth.make_page("form", synth.IDENTITIES[0], rng, photos=photos).image


def test_centerface_on_openvino_finds_what_onnxruntime_finds() -> None:
    """The face model on OpenVINO (the default where it is installed): float32, not the
    bfloat16 its CPU plugin picks on CPUs that have it, so the same faces with the same eyes
    (scores and points within 1e-3 of onnxruntime's) on a page and on a crop of its photo."""
    pytest.importorskip("openvino")
    from redactor.detect import faces

    page = _photo_page()
    h, w = page.shape[:2]
    half = np.ascontiguousarray(page[: h // 2, w // 2 :])
    found = {}
    for backend in (engines.ONNXRUNTIME, engines.OPENVINO):
        with engines.using(engines.EngineSettings(threads=1, face_backend=backend)):
            session = faces._load_centerface()
        assert isinstance(session, engines.OpenVinoSession) == (backend == engines.OPENVINO)
        old, faces.CenterFace._session = faces.CenterFace._session, session
        try:
            found[backend] = [faces._detect_once(im, 0.3) for im in (page, half)]
        finally:
            faces.CenterFace._session = old
    assert any(found[engines.ONNXRUNTIME])
    for ort_faces, ov_faces in zip(*found.values(), strict=True):
        assert len(ort_faces) == len(ov_faces)
        for a, b in zip(ort_faces, ov_faces, strict=True):
            assert abs(a.score - b.score) < 1e-3
            pts = np.subtract(
                [*a.landmarks, (a.box.x0, a.box.y0), (a.box.x1, a.box.y1)],
                [*b.landmarks, (b.box.x0, b.box.y0), (b.box.x1, b.box.y1)],
            )
            assert np.abs(pts).max() < 1e-2


def test_large_face_inputs_run_on_onnxruntime_which_gives_memory_back() -> None:
    """OpenVINO keeps the tensors of the largest input it ran: inputs over
    OpenVinoSettings.max_pixels go to an onnxruntime session, made when the first comes."""
    pytest.importorskip("openvino")
    from redactor.detect import faces

    with engines.using(engines.EngineSettings(threads=1, face_backend=engines.OPENVINO)):
        session = faces._load_centerface()
    assert str(session._compiled.get_property("INFERENCE_PRECISION_HINT")) == "<Type: 'float32'>"
    cap = engines.OPENVINO_SETTINGS.max_pixels
    small = np.zeros((1, 3, 320, 320), np.float32)
    session.run(None, {"input.1": small})
    assert session._large is None
    side = int(cap**0.5) // 32 * 32 + 64
    outputs = session.run(None, {"input.1": np.zeros((1, 3, side, side), np.float32)})
    assert session._large is not None and not isinstance(session._large, engines.OpenVinoSession)
    assert outputs[0].shape[-2:] == (side // 4, side // 4)


def test_png_outputs_are_compressed_as_png_settings_say_and_keep_every_pixel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A masked PNG is written at PngSettings' zlib level and strategy (not Pillow's
    optimize=True, 3.7x the CPU for files of the same mean size): lossless at any level."""
    from redactor import sinks

    path = _small_page(tmp_path / "in")
    written = {}
    for name, setting in (("default", sinks.PNG), ("stored", sinks.PngSettings(0, 0))):
        monkeypatch.setattr(sinks, "PNG", setting)
        mask_file(path, Path(path.name), tmp_path / name, IDENTITY, MaskOptions())
        out = tmp_path / name / path.name
        with Image.open(out) as im:
            written[name] = (out.stat().st_size, np.asarray(im.convert("RGB")))
    assert np.array_equal(written["default"][1], written["stored"][1])
    assert written["stored"][0] > 3 * written["default"][0]


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def test_the_ocr_models_give_their_tensors_back_after_each_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OpenVINO keeps the tensors of the largest input a model has run (a whole page's text
    detection: several hundred MB); they are given back after each page and before the face
    search (MemorySettings), and the page reads the same after."""
    from redactor.detect.text import OcrEngine

    engine = OcrEngine.get()
    if engines.ocr_backend() != engines.OPENVINO or not Path("/proc/self/statm").exists():
        pytest.skip("the OCR models run on onnxruntime here (no arena to give back)")
    page = draw_text_page([f"第{i}行：{NAME}，{UNIT}" for i in range(26)], width=1240)
    # Every switch passed, as redactor does: rapidocr keeps the last call's switches, and the
    # page's own OCR makes detection-only and recognition-only calls too.
    switches = {"use_det": True, "use_cls": False, "use_rec": True}
    first = engine(page, **switches).txts
    held = _rss_mib()
    engines.release_page_memory()
    assert held - _rss_mib() > 100
    assert engine(page, **switches).txts == first
    # mask_file gives them back once the page is searched for seals and once it is written.
    calls = []
    monkeypatch.setattr(engines, "_releasers", [lambda: calls.append(1)])
    path = _small_page(tmp_path / "in")
    mask_file(path, Path(path.name), tmp_path / "out", IDENTITY, MaskOptions())
    assert len(calls) == 2


def test_the_ocr_models_run_in_float32_on_every_cpu() -> None:
    """With no precision hint OpenVINO's CPU plugin runs in bfloat16 where the CPU has it
    (AVX-512 BF16, AMX) and in float32 where it has not, so the same page read differently
    from machine to machine (three tests tuned on one failed on the other). The det and rec
    models are compiled with float32 asked for, as CenterFace is."""
    from redactor.detect.text import OcrEngine

    engine = OcrEngine.get()
    if engines.ocr_backend() != engines.OPENVINO:
        pytest.skip("the OCR models run on onnxruntime here (float32 only)")
    for model in (engine._load_det_model(), engine._load_rec_model()):
        compiled = model.session.session.get_compiled_model()
        assert str(compiled.get_property("INFERENCE_PRECISION_HINT")) == "<Type: 'float32'>"


@pytest.mark.slow
def test_the_recogniser_keeps_no_memory_for_every_line_width_it_has_read() -> None:
    """OpenVINO compiles a model again for each input shape and keeps every shape's kernels and
    buffers (a cache of 5000 shapes by default): the recogniser sees a new width at almost every
    line, and a worker grew by 2-5 MB a width, file after file (150 widths: +470 MiB). The
    cache is bounded (engines.RUNTIME_CACHE): the growth stops at that many shapes."""
    from redactor.detect.text import OcrEngine

    engine = OcrEngine.get()
    engine._load_rec_model()
    if engines.ocr_backend() != engines.OPENVINO or not Path("/proc/self/statm").exists():
        pytest.skip("the OCR models run on onnxruntime here (no shape cache)")
    line = draw_text_page([f"{NAME}，{UNIT}，{NAME}，{UNIT}，{NAME}，{UNIT}"], width=1300)
    rows = np.flatnonzero((line < 128).any(axis=(1, 2)))
    strip = np.ascontiguousarray(line[max(0, rows[0] - 8) : rows[-1] + 8])
    before = _rss_mib()
    for width in range(61, 1241, 8):  # 148 widths
        engine(np.ascontiguousarray(strip[:, :width]), use_det=False, use_cls=False, use_rec=True)
    assert _rss_mib() - before < 320
