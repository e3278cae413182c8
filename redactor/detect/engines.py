"""How this process runs its models: the inference backend and its threads.

Set once per process, before the first page loads a model (``configure``): a pool's worker
pins itself to one intra-op thread so N workers use N threads, not N x cores (onnxruntime's
default is one thread per core in every session, and the sessions of N workers then fight
over the same cores). The OCR models run on OpenVINO (the same PP-OCRv6 ONNX files, rapidocr's
own OpenVINO engine) when ``openvino`` is installed, as it is by default: on the benchmark's
scanned pages it needs less than half onnxruntime's CPU for the same findings (BENCHMARKS.md,
"OpenVINO by default"). Without it, or when asked, onnxruntime runs them; asking for OpenVINO
where it is missing prints a warning once.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

ONNXRUNTIME = "onnxruntime"
OPENVINO = "openvino"
AUTO = "auto"  # OpenVINO when installed, else onnxruntime
BACKENDS = (AUTO, ONNXRUNTIME, OPENVINO)


@dataclass(frozen=True)
class EngineSettings:
    """The backend the OCR models run on and the threads every model session may use."""

    # "auto" (default), "onnxruntime" or "openvino": what runs the OCR models.
    ocr_backend: str = AUTO
    # Intra-op threads per model session; 0 leaves the runtime's default (one per core).
    threads: int = 0
    # Text lines recognised per call. rapidocr's default, 6, pads every line of a batch to the
    # widest one's width: the padding costs CPU, the runtime keeps buffers for the widest
    # batch it has seen (OpenVINO: 0.5 GB at 6 x 3200 px), and a line could read differently
    # with other neighbours. One at a time, 5 scanned pages (seed 2041, one thread, run in
    # turn twice): 49.2-53.1 against 51.0-55.9 CPU s, peak 1559 against 1714 MiB.
    rec_batch: int = 1
    # The same choice for the face model (CenterFace). OpenVINO runs it in float32 (see
    # OpenVinoSession) with 2-3.5x less CPU than onnxruntime on this machine's pages and crops
    # (one thread: a 1760 x 1248 page 0.44 against 1.49 s, a 640 x 640 crop 0.08 against
    # 0.26), outputs within 4e-5 of onnxruntime's (BENCHMARKS.md, "speed, round 3").
    face_backend: str = AUTO

    def __post_init__(self) -> None:
        if self.ocr_backend not in BACKENDS:
            raise ValueError(f"unknown OCR backend {self.ocr_backend!r} (one of {BACKENDS})")
        if self.face_backend not in BACKENDS:
            raise ValueError(f"unknown face backend {self.face_backend!r} (one of {BACKENDS})")
        if self.threads < 0:
            raise ValueError("threads must be 0 (the runtime's default) or more")
        if self.rec_batch < 1:
            raise ValueError("rec_batch must be 1 or more")


# The OCR backend a process starts with: $REDACTOR_OCR_BACKEND (``--ocr-backend`` sets it, so a
# pool's workers inherit it), else auto.
BACKEND_ENV = "REDACTOR_OCR_BACKEND"
# ... and the face model's: $REDACTOR_FACE_BACKEND, else auto.
FACE_BACKEND_ENV = "REDACTOR_FACE_BACKEND"


def _from_environment() -> EngineSettings:
    ocr, face = (os.environ.get(k, "").strip().lower() for k in (BACKEND_ENV, FACE_BACKEND_ENV))
    return EngineSettings(
        ocr_backend=ocr if ocr in BACKENDS else AUTO,
        face_backend=face if face in BACKENDS else AUTO,
    )


_settings = _from_environment()


def configure(settings: EngineSettings, cap_opencv: bool = True) -> None:
    """Use ``settings`` for the models this process loads from now on (loaded ones keep theirs).
    Also caps OpenMP's own pool when threads are pinned, and OpenCV's unless ``cap_opencv`` is
    false (a forked process must not touch the pool it copied)."""
    global _settings
    _settings = settings
    if settings.threads:
        os.environ["OMP_NUM_THREADS"] = str(settings.threads)
        if cap_opencv and "cv2" in sys.modules:
            sys.modules["cv2"].setNumThreads(settings.threads)


def current() -> EngineSettings:
    return _settings


@contextlib.contextmanager
def using(settings: EngineSettings) -> Iterator[None]:
    """``settings`` for the models loaded inside the block (a test's, a benchmark's), then the
    settings before it again (OpenCV's and OpenMP's thread caps are left as they are)."""
    global _settings
    before, _settings = _settings, settings
    try:
        yield
    finally:
        _settings = before


def threads_per_worker(jobs: int, cores: int) -> int:
    """Intra-op threads for each of ``jobs`` workers on ``cores`` cores: the cores shared out,
    at least one each."""
    return max(1, cores // max(1, jobs))


def ocr_backend() -> str:
    """The backend the OCR models will run on: OpenVINO when installed, unless onnxruntime is
    asked for."""
    return _resolved(_settings.ocr_backend, "the OCR models")


def face_backend() -> str:
    """The backend the face model (CenterFace) will run on, as ``ocr_backend``."""
    return _resolved(_settings.face_backend, "the face model")


def _resolved(wanted: str, what: str) -> str:
    if wanted == ONNXRUNTIME:
        return ONNXRUNTIME
    if importlib.util.find_spec("openvino") is None:
        if wanted == OPENVINO:
            _warn_once(f"openvino is not installed; {what} run on onnxruntime")
        return ONNXRUNTIME
    return OPENVINO


# The OpenVINO CPU plugin compiles a model's kernels again for each input shape it has not
# seen and keeps them, with buffers for that shape, in a cache of up to 5000 shapes by
# default. The recogniser's input is a line at its own width (48 x W, W free), so every new
# width is a new entry of 2-5 MB that stays for the life of the worker: 395 widths grew a
# process by 1050 MiB (release_memory gave back 45 of it), and a worker's resident memory
# grew file after file. At most this many shapes a model are kept; the least recently used
# goes. Outputs are the same (a cache hit only skips compiling again): 300 recognitions,
# hashed texts and scores, default against 64. Capacity 0 (no cache) read differently.
RUNTIME_CACHE = 64


@dataclass(frozen=True)
class OpenVinoSettings:
    """How a model that redactor loads itself (CenterFace) is compiled for OpenVINO's CPU plugin.

    Float32 inference: on a CPU with bfloat16 instructions (AVX-512 BF16, AMX) the plugin's
    default precision is bfloat16, whose CenterFace heat map differed from onnxruntime's by up
    to 0.6 (a face's score); in float32 by under 4e-6 (box scales and landmarks by under 4e-5).
    Latency hint: one stream, one page's crops one after the other.

    Memory: OpenVINO keeps, for as long as the model lives, the intermediate tensors of the
    largest input it has run (CenterFace: ~0.25 GB a Mpx; 1.1 GB after a 2000 x 2000 input,
    where onnxruntime peaks at 0.66 GB and gives it back), and giving them back after each
    input costs 40-60% more CPU on the next. So inputs over ``max_pixels`` (a whole page
    searched at its size: photo pages, phone pictures) run on onnxruntime, which gives its
    memory back; the half-scale page, photos, their mirrored edges and the pyramid's levels
    run on OpenVINO.
    """

    precision: str = "f32"
    hint: str = "LATENCY"
    max_pixels: int = 1_000_000
    # Entries of the CPU plugin's runtime cache (CPU_RUNTIME_CACHE_CAPACITY; OpenVINO's
    # default 5000), for this model and the OCR models alike (``bound_runtime_cache``).
    runtime_cache: int = RUNTIME_CACHE


OPENVINO_SETTINGS = OpenVinoSettings()


class OpenVinoSession:
    """An ONNX model compiled by OpenVINO, called like an onnxruntime session
    (``run(None, feeds)`` -> the outputs in the graph's order). One infer request per thread
    (a compiled model is shared; a request is not). Inputs of more than
    OpenVinoSettings.max_pixels (an image batch's height x width) run on the session that
    ``large`` makes, made when the first such input comes."""

    def __init__(
        self,
        model: bytes,
        large: Callable[[], Any],
        settings: OpenVinoSettings = OPENVINO_SETTINGS,
    ) -> None:
        import threading

        import openvino as ov

        core = ov.Core()
        config: dict[str, Any] = {
            "PERFORMANCE_HINT": settings.hint,
            "INFERENCE_PRECISION_HINT": settings.precision,
            "CPU_RUNTIME_CACHE_CAPACITY": settings.runtime_cache,
        }
        if _settings.threads:
            config["INFERENCE_NUM_THREADS"] = _settings.threads
        self._compiled = core.compile_model(core.read_model(model, b""), "CPU", config)
        self._outputs = list(self._compiled.outputs)
        self._local = threading.local()
        self._max_pixels = settings.max_pixels
        self._make_large = large
        self._large: Any = None
        self._lock = threading.Lock()

    def run(self, output_names: None, feeds: dict[str, Any]) -> list[Any]:
        if any(v.shape[-2] * v.shape[-1] > self._max_pixels for v in feeds.values()):
            with self._lock:
                if self._large is None:
                    self._large = self._make_large()
            return self._large.run(output_names, feeds)
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self._compiled.create_infer_request()
        results = request.infer(feeds)
        # Copies: the request's output tensors are overwritten by its next call.
        return [results[o].copy() for o in self._outputs]


@dataclass(frozen=True)
class MemorySettings:
    """Whether the models' working memory is given back after each page.

    OpenVINO keeps, for as long as a compiled model lives, the intermediate tensors of the
    largest input it has run: after a page's text detection at 150 dpi that is several hundred
    MB, kept through the rest of the page and every later one, and a worker's peak is that
    plus the next stage's own. ``release_memory`` of the text detector after the page's text
    stages and after the page gives them back; its next call allocates them again. On 34
    bench pages, one thread: a worker's peak 1711 -> 1414 MiB for +3.9% CPU (the same
    findings). Releasing the recogniser's and CenterFace's too: 1288 MiB for +8.4% (their
    inputs change size call after call, each then allocated again), not kept.
    """

    release_after_page: bool = True


MEMORY = MemorySettings()
_releasers: list[Callable[[], None]] = []


def on_release(release: Callable[[], None]) -> None:
    """Register how a loaded model gives its working memory back (see MemorySettings)."""
    _releasers.append(release)


def release_page_memory(settings: MemorySettings = MEMORY) -> None:
    """After a page: every loaded OpenVINO model's intermediate tensors given back."""
    if settings.release_after_page:
        for release in _releasers:
            release()


def bound_runtime_cache(
    session: Any,
    engine_config: Any,
    capacity: int = RUNTIME_CACHE,
    precision: str = OPENVINO_SETTINGS.precision,
) -> None:
    """A rapidocr OpenVINO session's model compiled again with rapidocr's own CPU settings
    (``engine_config``: its EngineConfig.openvino), the runtime cache bounded to ``capacity``
    shapes (see RUNTIME_CACHE) and float32 inference; an onnxruntime session is left as it is.
    rapidocr builds its OpenVINO Core itself and passes no other property, hence the second
    compile (once a model a process: 0.1-0.3 CPU s).

    Float32, as CenterFace (OpenVinoSettings): with no hint the CPU plugin runs in bfloat16 on
    a CPU that has it (AVX-512 BF16, AMX) and in float32 on one that has not (AVX2), so the
    same page read differently by machine. Moved from an AVX-512 machine to an AVX2 one, three
    tests of lines read at the edge (a pinyin comb's lone I, a unit beside its own seal, a
    phone photo's thin fill) failed that had passed; every machine now reads as float32."""
    model = getattr(session, "model", None)
    request = getattr(session, "session", None)
    if model is None or not hasattr(request, "get_compiled_model"):
        return
    import openvino as ov
    from rapidocr.inference_engine.openvino.device_config import CPUConfig

    config = {
        **CPUConfig(engine_config).get_config(),
        "CPU_RUNTIME_CACHE_CAPACITY": capacity,
        "INFERENCE_PRECISION_HINT": precision,
    }
    session.session = ov.Core().compile_model(model, "CPU", config).create_infer_request()


def rapidocr_params() -> dict[str, Any]:
    """rapidocr's engine and thread settings for the det and rec models."""
    backend = ocr_backend()
    params: dict[str, Any] = {"Rec.rec_batch_num": _settings.rec_batch}
    if backend == OPENVINO:
        from rapidocr import EngineType

        params["Det.engine_type"] = EngineType.OPENVINO
        params["Rec.engine_type"] = EngineType.OPENVINO
        if _settings.threads:
            params["EngineConfig.openvino.inference_num_threads"] = _settings.threads
    elif _settings.threads:
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = _settings.threads
        params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
    return params


@dataclass(frozen=True)
class SpinSettings:
    """Whether onnxruntime's intra-op threads spin while they wait for work.

    By default they do, for a few milliseconds after each operator, which burns a core each:
    CenterFace runs on many small crops a page (photo regions, tiles, the pyramid's levels), so
    the spinning is most of what its extra thread costs. Measured over seed 2030's 6 scanned
    pages x 2 (faces stage only, runtime's default 2 threads, load average 20): 17.5 -> 13.1
    CPU s, and the wall time fell too (55-57 s against 69-76 s); one pinned thread: 11.5 CPU s.
    A pinned worker (one thread) has no pool to spin: the setting changes nothing there.
    """

    allow_spinning: bool = False


SPIN = SpinSettings()


def session_options():  # noqa: ANN201 - onnxruntime.SessionOptions
    """onnxruntime session options with this process's thread setting."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    # No per-session memory arena (rapidocr turns it off for the OCR models too): the arena
    # keeps the largest blocks CenterFace ever asked for (a 4 Mpx first pass, then crops at
    # other sizes) for the life of the worker; without it they go back to the allocator.
    # A pinned worker over 5 scanned pages: peak 1338 -> 1198 MiB (and the same results).
    options.enable_cpu_mem_arena = False
    if not SPIN.allow_spinning:
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if _settings.threads:
        options.intra_op_num_threads = _settings.threads
        options.inter_op_num_threads = 1
    return options


@dataclass(frozen=True)
class HeapSettings:
    """How the C allocator (glibc) serves the models' tensors.

    A full page's text detection allocates several hundred MB of tensors and frees them.
    glibc raises its mmap threshold each time a mapped block is freed (up to 32 MB), so later
    tensors come from the heap, are kept there when freed, and the next page's are laid
    beside them: a worker's peak grew page after page (1338 MiB over 5 scanned pages).
    A fixed threshold keeps every large tensor mapped on its own and given back when freed.
    """

    # Blocks at least this large are mapped on their own (glibc's M_MMAP_THRESHOLD).
    mmap_threshold: int = 1 << 20


HEAP = HeapSettings()
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number


def _libc() -> Any:
    """glibc, or None (another C library, another system): the heap is then left alone."""
    global _libc_handle
    if _libc_handle is None:
        try:
            import ctypes

            lib = ctypes.CDLL("libc.so.6")
            _libc_handle = lib if hasattr(lib, "mallopt") else False
        except OSError:
            _libc_handle = False
    return _libc_handle or None


def prepare_heap(settings: HeapSettings = HEAP) -> None:
    """Before a model loads: large blocks mapped on their own (see HeapSettings)."""
    global _heap_prepared
    lib = _libc()
    if lib is not None and not _heap_prepared:
        lib.mallopt(_M_MMAP_THRESHOLD, settings.mmap_threshold)
        _heap_prepared = True


_libc_handle: Any = None
_heap_prepared = False
_warned: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(f"redactor: warning: {message}", file=sys.stderr)


__all__ = [
    "HEAP",
    "MEMORY",
    "RUNTIME_CACHE",
    "EngineSettings",
    "HeapSettings",
    "MemorySettings",
    "configure",
    "current",
    "bound_runtime_cache",
    "on_release",
    "ocr_backend",
    "prepare_heap",
    "release_page_memory",
    "rapidocr_params",
    "session_options",
    "threads_per_worker",
]
