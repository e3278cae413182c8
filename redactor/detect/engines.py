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

import importlib.util
import os
import sys
from dataclasses import dataclass
from typing import Any

ONNXRUNTIME = "onnxruntime"
OPENVINO = "openvino"
AUTO = "auto"  # OpenVINO when installed, else onnxruntime
BACKENDS = (AUTO, ONNXRUNTIME, OPENVINO)


@dataclass(frozen=True)
class EngineSettings:
    """The backend the OCR models run on and the threads every model session may use."""

    # "auto" (default), "onnxruntime" or "openvino" (OCR only; CenterFace always runs on
    # onnxruntime).
    ocr_backend: str = AUTO
    # Intra-op threads per model session; 0 leaves the runtime's default (one per core).
    threads: int = 0
    # Text lines recognised per call. rapidocr's default, 6, pads every line of a batch to the
    # widest one's width: the padding costs CPU, the runtime keeps buffers for the widest
    # batch it has seen (OpenVINO: 0.5 GB at 6 x 3200 px), and a line could read differently
    # with other neighbours. One at a time, 5 scanned pages (seed 2041, one thread, run in
    # turn twice): 49.2-53.1 against 51.0-55.9 CPU s, peak 1559 against 1714 MiB.
    rec_batch: int = 1

    def __post_init__(self) -> None:
        if self.ocr_backend not in BACKENDS:
            raise ValueError(f"unknown OCR backend {self.ocr_backend!r} (one of {BACKENDS})")
        if self.threads < 0:
            raise ValueError("threads must be 0 (the runtime's default) or more")
        if self.rec_batch < 1:
            raise ValueError("rec_batch must be 1 or more")


# The OCR backend a process starts with: $REDACTOR_OCR_BACKEND (``--ocr-backend`` sets it, so a
# pool's workers inherit it), else auto.
BACKEND_ENV = "REDACTOR_OCR_BACKEND"


def _from_environment() -> EngineSettings:
    wanted = os.environ.get(BACKEND_ENV, "").strip().lower()
    return EngineSettings(ocr_backend=wanted if wanted in BACKENDS else AUTO)


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


def threads_per_worker(jobs: int, cores: int) -> int:
    """Intra-op threads for each of ``jobs`` workers on ``cores`` cores: the cores shared out,
    at least one each."""
    return max(1, cores // max(1, jobs))


def ocr_backend() -> str:
    """The backend the OCR models will run on: OpenVINO when installed, unless onnxruntime is
    asked for."""
    wanted = _settings.ocr_backend
    if wanted == ONNXRUNTIME:
        return ONNXRUNTIME
    if importlib.util.find_spec("openvino") is None:
        if wanted == OPENVINO:
            _warn_once("openvino is not installed; the OCR models run on onnxruntime")
        return ONNXRUNTIME
    return OPENVINO


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
    "EngineSettings",
    "HeapSettings",
    "configure",
    "current",
    "ocr_backend",
    "prepare_heap",
    "rapidocr_params",
    "session_options",
    "threads_per_worker",
]
