"""Running file tasks: one file is one task, run by ``run_file_task`` wherever it runs.

``SerialExecutor`` runs tasks in this process; ``ProcessExecutor`` in a pool of worker processes
that each load the models once and keep them for every task they are given. Workers write the
masked copies (atomically, see sinks.atomic_output); the parent collects the outcomes and is the
only writer of plans, records and the audit. A worker that dies (a crash in a native library, the
kernel's out-of-memory killer) costs only the file it held: that file gets an error outcome, a
new worker takes its place, and the run goes on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Protocol

from redactor.errors import ExitCode, InputError, OutputError, RedactorError, UsageError
from redactor.options import Identity, MaskOptions
from redactor.types import PageAudit

# How long a worker asked to stop may take before it is killed.
STOP_GRACE_SECONDS = 2.0


@dataclass(frozen=True)
class FileTask:
    """One input file to mask into ``out_dir / relative``. Picklable; no model handles.

    ``key`` identifies what was asked (input sha256 + relative path + identity + options + tool
    version, see records.task_key): a record with the same key means this task is done.
    ``plan_dir``: where the parent keeps plans (the worker does not write there).
    """

    path: Path
    relative: Path
    out_dir: Path
    identity: Identity
    options: MaskOptions
    key: str = ""
    plan_dir: Path | None = None
    sha256: str = ""
    # Where the output goes under out_dir when not at ``relative`` (renamed: naming.py).
    output: Path | None = None

    @property
    def label(self) -> str:
        """The file's name in OUT's audit, records and plans: its output's path, so they name
        no one its file name does not (``relative`` itself may hold the applicant's name)."""
        return (self.output or self.relative).as_posix()


@dataclass
class FileOutcome:
    """What became of a task (picklable). ``plan`` is FilePlan.to_dict() on success."""

    task: FileTask
    audits: list[PageAudit]
    plan: dict[str, Any] | None
    error_kind: str | None = None
    error_message: str | None = None
    exit_code: int = int(ExitCode.OK)
    seconds: float = 0.0
    # Peak resident memory of the process that ran the task, in KiB.
    peak_rss_kib: int = 0
    worker_pid: int = field(default_factory=os.getpid)
    # Intra-op threads the models of that process were given (0: the runtime's default).
    threads: int = 0

    @property
    def ok(self) -> bool:
        return self.error_kind is None


def _error_outcome(task: FileTask, code: int, kind: str, message: str) -> FileOutcome:
    return FileOutcome(task, [error_row(task, code, kind, message)], None, kind, message, int(code))


def error_row(
    task: FileTask, code: int, kind: str, message: str, others: tuple[Path, ...] = ()
) -> PageAudit:
    """The audit's row of a file that failed. Its message names the file by its label, not by
    the path it was read from (which may name the applicant, or the user's folders), and
    ``others`` (other inputs it names) as "another input"; the console's message keeps the
    paths, so the user can find the files."""
    paths = {str(task.path): task.label, str(task.path.absolute()): task.label}
    paths[task.relative.as_posix()] = task.label
    with contextlib.suppress(OSError, RuntimeError):  # a link loop has no resolved path
        paths[str(task.path.resolve())] = task.label
    paths.update({str(other): "another input" for other in others})
    for path in sorted(paths, key=len, reverse=True):
        message = message.replace(path, paths[path])
    return PageAudit(file=task.label, page=0, error=f"{kind}: {message}", error_code=int(code))


def run_file_task(task: FileTask) -> FileOutcome:
    """Mask one file; the one function every worker runs. Never raises: every failure becomes
    an error outcome here, in one place."""
    from redactor.plan import mask_file, page_audits

    started = time.monotonic()
    try:
        output = task.output or task.relative
        plan = mask_file(
            task.path, task.relative, task.out_dir, task.identity, task.options, output=output
        )
        outcome = FileOutcome(task, page_audits(plan, task.label), plan.to_dict())
    except (InputError, UsageError, OutputError) as exc:
        code = exc.exit_code if not isinstance(exc, UsageError) else ExitCode.INPUT_FAILED
        outcome = _error_outcome(task, code, exc.code, str(exc))
    except MemoryError:
        message = "not enough memory for this file"
        outcome = _error_outcome(task, ExitCode.INPUT_FAILED, "too_large", message)
    except RedactorError as exc:  # a missing dependency met mid-run
        outcome = _error_outcome(task, exc.exit_code, exc.code, str(exc))
    except Exception as exc:  # a bug in redactor: report it, and go on with the others
        message = f"{type(exc).__name__}: {exc}"
        outcome = _error_outcome(task, ExitCode.INTERNAL, "internal", message)
    outcome.seconds = time.monotonic() - started
    outcome.peak_rss_kib = peak_rss_kib()
    from redactor.detect import engines

    outcome.threads = engines.current().threads
    return outcome


def peak_rss_kib() -> int:
    """This process's peak resident memory in KiB. VmHWM, not ru_maxrss: a spawned worker's
    ru_maxrss starts at its parent's peak (Linux carries it over fork and exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Executor(Protocol):
    def run(self, tasks: Iterable[FileTask]) -> Iterator[FileOutcome]:
        """Outcomes as tasks complete (in any order), one per task."""
        ...

    def close(self) -> None: ...


class SerialExecutor:
    """Every task in this process, in order."""

    def run(self, tasks: Iterable[FileTask]) -> Iterator[FileOutcome]:
        for task in tasks:
            yield run_file_task(task)

    def close(self) -> None:
        pass

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- the process pool --------------------------------------------------------------------------


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when the parent dies (kill -9 included), so no
    orphan goes on writing into the output folder of a run that is over."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def _worker_main(conn: Connection, parent_pid: int, threads: int = 0, forked: bool = False) -> None:
    # Ctrl-C reaches the whole process group: the parent decides, and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if threads:
        # Before any model loads: N workers x ``threads`` threads, not N x every core. A forked
        # worker leaves OpenCV's pool alone: resizing a thread pool copied from a parent that
        # had used it waits forever on the parent's locks (seen: every forked worker hung).
        from redactor.detect import engines

        settings = replace(engines.current(), threads=threads)
        engines.configure(settings, cap_opencv=not forked)
    _die_with_parent()
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        return
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        outcome = run_file_task(task)
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:  # an outcome that does not pickle: a bug, reported as such
            conn.send(_error_outcome(task, ExitCode.INTERNAL, "internal", repr(exc)))


class _Worker:
    def __init__(self, ctx: Any, threads: int = 0) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, os.getpid(), threads, ctx.get_start_method() == "fork"),
            name="redactor-worker",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.task: FileTask | None = None

    def give(self, task: FileTask) -> None:
        self.task = task
        # A worker that died before taking it is noticed by its sentinel (see run).
        with contextlib.suppress(OSError):
            self.conn.send(task)

    def take(self) -> FileOutcome | None:
        """The outcome of the task it held, or None if it died without one."""
        try:
            if self.conn.poll():
                return self.conn.recv()
        except (EOFError, OSError):
            pass
        return None

    def stop(self, grace: float) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(grace)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(grace)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class ProcessExecutor:
    """A pool of ``jobs`` worker processes (spawned: a fresh interpreter that shares no model
    threads with the parent), one task at a time each. Each worker's models get ``threads``
    intra-op threads (default: the cores shared out among the workers, at least one)."""

    def __init__(self, jobs: int, start_method: str = "spawn", threads: int | None = None) -> None:
        from redactor.detect import engines

        self.jobs = max(1, int(jobs))
        cores = _cores()
        self.threads = engines.threads_per_worker(self.jobs, cores) if threads is None else threads
        self._ctx = multiprocessing.get_context(start_method)
        self._workers: list[_Worker] = []

    def run(self, tasks: Iterable[FileTask]) -> Iterator[FileOutcome]:
        pending = deque(tasks)
        # Workers left from an earlier run() (a batch's previous applicant) are idle now.
        idle: list[_Worker] = [w for w in self._workers if w.task is None]
        busy: list[_Worker] = []
        # Workers are started only as tasks need them, up to ``jobs``.
        while pending or busy:
            while pending and (idle or len(self._workers) < self.jobs):
                worker = idle.pop() if idle else self._start()
                worker.give(pending.popleft())
                busy.append(worker)
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for worker in [w for w in busy if w.conn in ready or w.process.sentinel in ready]:
                task = worker.task
                assert task is not None
                outcome = worker.take()
                if outcome is None and worker.process.is_alive():
                    continue  # woken by a half-sent message: wait for the rest
                busy.remove(worker)
                worker.task = None
                if outcome is None:
                    outcome = self._died(worker, task)
                else:
                    idle.append(worker)
                yield outcome

    def _start(self) -> _Worker:
        worker = _Worker(self._ctx, self.threads)
        self._workers.append(worker)
        return worker

    def _died(self, worker: _Worker, task: FileTask) -> FileOutcome:
        worker.process.join(STOP_GRACE_SECONDS)
        code = worker.process.exitcode
        self._workers.remove(worker)
        worker.conn.close()
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit {code}"
        message = f"the worker process died while masking this file ({how})"
        return _error_outcome(task, ExitCode.INTERNAL, "worker_died", message)

    def close(self) -> None:
        """Stop every worker: idle ones finish at once; busy ones are terminated (their
        unfinished outputs stay temporary files, removed by the caller)."""
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop(STOP_GRACE_SECONDS if worker.task is None else 0.0)

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class WorkerMemory:
    """How many workers the machine's memory holds when ``--jobs`` is not given."""

    # A worker's peak with the OCR on OpenVINO (the default): 1593 MiB over 5 scanned pages
    # (BENCHMARKS.md; 874 MiB on onnxruntime), with a margin.
    per_worker_mib: int = 1800
    # Share of the machine's memory the workers may take together.
    usable_share: float = 0.8


WORKER_MEMORY = WorkerMemory()


def default_jobs(memory: WorkerMemory = WORKER_MEMORY) -> int:
    """``$REDACTOR_JOBS`` if set, else the number of cores this process may use, or fewer
    where the machine's memory would not hold that many workers (16 cores, 16 GB: 7)."""
    env = os.environ.get("REDACTOR_JOBS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    total = _memory_mib()
    if total is None:
        return _cores()
    return max(1, min(_cores(), int(total * memory.usable_share) // memory.per_worker_mib))


def _memory_mib() -> int | None:
    """The machine's physical memory in MiB, or None where the system does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1 << 20)
    except (AttributeError, OSError, ValueError):
        return None


def _cores() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def make_executor(engine: str = "local", jobs: int | None = None, address: str | None = None):  # noqa: ANN201
    """The executor for ``--engine`` and ``--jobs``: local runs one worker process per job
    (in this process when jobs is 1); ray runs on a Ray cluster (redactor.ray_executor)."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if engine == "ray":
        from redactor.ray_executor import RayExecutor  # optional extra: imported only when asked

        return RayExecutor(address, jobs)
    if engine != "local":
        raise UsageError(f"unknown engine {engine!r} (local or ray)")
    return SerialExecutor() if jobs == 1 else ProcessExecutor(jobs)
