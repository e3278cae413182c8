"""Per-page stage timings (``redactor mask --timings``): where a page's time goes.

A page's work is split into named stages (``STAGES``). Each stage is charged its *exclusive*
time: while a stage runs inside another (the orientation probe inside the page's OCR), the outer
one is paused, so the stages of a page add up to the page's whole time. Both CPU time (this
process and its threads: onnxruntime's and OpenCV's pools included) and wall time are kept;
CPU time is what to compare on a machine shared with other work.

Nothing is recorded unless a ``PageTimer`` is active (``recording``): ``stage`` is then a no-op
costing one global lookup, so the hooks stay in the code for every run.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

# Every stage a page's time is charged to, in pipeline order.
RASTERISE = "rasterise"  # PDF page drawn / image decoded, text layer read
OCR = "ocr"  # the page's OCR outside det and rec: rapidocr's resizing, our line building
OCR_DET = "ocr_det"  # text detection (and cropping of the lines found) of the page's OCR
OCR_REC = "ocr_rec"  # text recognition of the page's OCR
ORIENTATION = "orientation"  # the turn probe and the page read again turned
LARGE_TEXT = "large_text"  # the page looked at small for text too large to detect (not det/rec)
UNDER_STAMPS = "under_stamps"  # around red ink read again without the red; coloured ink alone
WATERMARK = "watermark"  # a tiled watermark's light ink looked for, and read where there is one
SHOW_THROUGH = "show_through"  # the back's print showing through, looked for and read mirrored
FAINT_PRINT = "faint_print"  # faint grey print OCR did not read, looked for and read stretched
MATCH = "match"  # names, units, identifiers and signatures found in the lines read
SEALS = "seals"
ARC_TEXT = "arc_text"  # text set along arcs looked for and read (detect.arc_text)
FACES = "faces"
PAINT = "paint"
ENCODE = "encode"  # the masked page compressed and the output file written
SELF_CHECK = "self_check"  # the painted page read again around what was found
STAGES = (
    RASTERISE,
    OCR_DET,
    OCR_REC,
    OCR,
    ORIENTATION,
    LARGE_TEXT,
    UNDER_STAMPS,
    WATERMARK,
    SHOW_THROUGH,
    FAINT_PRINT,
    MATCH,
    SEALS,
    ARC_TEXT,
    FACES,
    PAINT,
    ENCODE,
    SELF_CHECK,
)
# Time spent between stages (the page loop itself, plan building).
OTHER = "other"

# A file's own stages, outside its pages (kept in the file's plan, not in a page's).
HASH = "hash"  # the input's sha256 (the plan's and the record's key)
OPEN = "open"  # the file opened and checked (a PDF's structure, an image's header and frames)
WRITE = "write"  # the masked file written after its last page (an exempt file: copied)
FILE_STAGES = (HASH, OPEN, WRITE)


class PageTimer:
    """Exclusive CPU and wall seconds per stage for one page."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}
        self._stack: list[str] = [OTHER]
        self._since = (time.process_time(), time.perf_counter())

    def _charge(self) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        top = self._stack[-1]
        self.cpu[top] = self.cpu.get(top, 0.0) + cpu - self._since[0]
        self.wall[top] = self.wall.get(top, 0.0) + wall - self._since[1]
        self._since = (cpu, wall)

    def enter(self, name: str) -> None:
        self._charge()
        self._stack.append(name)

    def leave(self) -> None:
        self._charge()
        if len(self._stack) > 1:
            self._stack.pop()

    @property
    def current(self) -> str:
        return self._stack[-1]

    def to_dict(self) -> dict[str, dict[str, float]]:
        """``{"cpu": {stage: s}, "wall": {stage: s}}``, rounded to 0.1 ms."""
        self._charge()
        return {
            "cpu": {k: round(v, 4) for k, v in self.cpu.items()},
            "wall": {k: round(v, 4) for k, v in self.wall.items()},
        }


class FileTimer:
    """CPU and wall seconds of a file's own stages (``FILE_STAGES``): only the blocks run
    inside ``stage``, so the pages' time between them is not counted twice."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            yield
        finally:
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall

    def to_dict(self) -> dict[str, dict[str, float]]:
        """``{"cpu": {stage: s}, "wall": {stage: s}}``, rounded to 0.1 ms."""
        return {
            "cpu": {k: round(v, 4) for k, v in self.cpu.items()},
            "wall": {k: round(v, 4) for k, v in self.wall.items()},
        }


def file_stage(timer: FileTimer | None, name: str) -> contextlib.AbstractContextManager[None]:
    """``timer.stage(name)``, or nothing when no timer (``--timings`` off)."""
    return contextlib.nullcontext() if timer is None else timer.stage(name)


_active: PageTimer | None = None


@contextlib.contextmanager
def recording(timer: PageTimer | None) -> Iterator[PageTimer | None]:
    """Charge the stages run inside to ``timer`` (None: record nothing)."""
    global _active
    previous, _active = _active, timer
    try:
        yield timer
    finally:
        _active = previous


@contextlib.contextmanager
def stage(name: str, within: str | None = None) -> Iterator[None]:
    """Charge what runs inside to stage ``name``; with ``within``, only when the current stage
    is ``within`` (the OCR engine's det and rec count as the page's OCR only, not when the
    orientation probe or the self-check call them)."""
    timer = _active
    if timer is None or (within is not None and timer.current != within):
        yield
        return
    timer.enter(name)
    try:
        yield
    finally:
        timer.leave()


F = TypeVar("F", bound=Callable[..., Any])


def timed(fn: F, name: str, within: str | None = None) -> F:
    """``fn`` charged to stage ``name`` (see ``stage``)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with stage(name, within):
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
