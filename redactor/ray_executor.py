"""Run file tasks on a Ray cluster: the same ``run_file_task`` as every other executor.

Stateful actors, as Ray's batch-inference guide recommends: each actor loads the OCR and face
models once and then masks file after file. The driver (this process) stays the only writer of
records and audits; actors only write the masked output files, so every node must see the input
and output folders at the same paths (a shared file system).

Ray is an optional extra (``pip install 'redactor[ray]'``) and is imported only here, lazily.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from redactor.errors import ExitCode, MissingDependencyError
from redactor.executor import FileOutcome, FileTask, _error_outcome, run_file_task

INSTALL_HINT = "pip install 'redactor[ray]'"
# Ray binds its servers to the node's address. A Ray that redactor starts for itself (no
# --address) serves only this machine, so it is told to use the loopback address (Ray's own
# switch for single-machine use); see _import_ray.
LOCAL_ONLY_ENV = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}


@dataclass(frozen=True)
class RaySettings:
    """How to reach Ray and how many actors to run."""

    # None: start a Ray on this machine, bound to 127.0.0.1, and stop it afterwards.
    # "auto": join the cluster this machine is part of; "ray://host:10001": Ray Client.
    address: str | None = None
    # Actors (one CPU each); None: one per CPU of the cluster.
    jobs: int | None = None


class _FileWorker:
    """One Ray actor: a long-lived process that masks file after file, so the OCR and face
    models it loads for its first file (module-level, as in a pool worker) serve all the rest."""

    def run(self, task: FileTask) -> FileOutcome:
        return run_file_task(task)


class RayExecutor:
    """Executor on Ray. Outcomes come back as files finish, in any order; an actor that dies
    (killed, out of memory, node lost) fails only the file it held, and a new actor replaces it."""

    def __init__(self, address: str | None = None, jobs: int | None = None) -> None:
        self.settings = RaySettings(address, jobs)
        self._ray = _import_ray(local=address is None)
        self._started_here = False

    def run(self, tasks: Iterable[FileTask]) -> Iterator[FileOutcome]:
        pending = list(tasks)
        if not pending:
            return
        self._connect()
        yield from self._run(pending)

    def _run(self, pending: list[FileTask]) -> Iterator[FileOutcome]:
        ray = self._ray
        worker_class = ray.remote(num_cpus=1, max_restarts=0)(_FileWorker)
        count = min(len(pending), self._actor_count())
        actors = [worker_class.remote() for _ in range(count)]
        queue = list(reversed(pending))
        running: dict[Any, tuple[Any, FileTask]] = {}  # ref -> (actor, task)
        for actor in actors:
            if queue:
                task = queue.pop()
                running[actor.run.remote(task)] = (actor, task)
        while running:
            [done], _ = ray.wait(list(running), num_returns=1)
            actor, task = running.pop(done)
            outcome, actor = self._collect(done, actor, task, worker_class)
            yield outcome
            if queue:
                task = queue.pop()
                running[actor.run.remote(task)] = (actor, task)

    def _collect(
        self, ref: Any, actor: Any, task: FileTask, worker_class: Any
    ) -> tuple[FileOutcome, Any]:
        """The task's outcome, and the actor to use next (a fresh one if this one died)."""
        ray = self._ray
        try:
            return ray.get(ref), actor
        except ray.exceptions.RayActorError as exc:
            message = f"the Ray worker died while masking this file ({type(exc).__name__})"
            replacement = worker_class.remote()
            return _error_outcome(task, ExitCode.INTERNAL, "worker_died", message), replacement
        except ray.exceptions.RayError as exc:
            message = f"Ray failed on this file: {type(exc).__name__}: {exc}"
            return _error_outcome(task, ExitCode.INTERNAL, "internal", message), actor

    def _actor_count(self) -> int:
        if self.settings.jobs:
            return self.settings.jobs
        return max(1, int(self._ray.cluster_resources().get("CPU", 1)))

    def _connect(self) -> None:
        ray = self._ray
        if ray.is_initialized():
            return  # a caller (a test, a notebook) already connected: use it, leave it running
        # ray.init installs its own SIGTERM handler; ours (outputs complete, records flushed)
        # must stay in charge of this process.
        previous = signal.getsignal(signal.SIGTERM)
        try:
            if self.settings.address is None:
                ray.init(
                    address="local",  # a new Ray of our own, never one found running
                    num_cpus=self.settings.jobs or os.cpu_count() or 1,
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                )
            else:
                ray.init(address=self.settings.address, log_to_driver=False)
        except (ConnectionError, ValueError, RuntimeError) as exc:
            where = self.settings.address or "a local Ray"
            raise MissingDependencyError(f"cannot start or reach {where}: {exc}") from exc
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        self._started_here = True

    def close(self) -> None:
        """Stop the Ray this executor started (one it joined is left running)."""
        if self._started_here:
            self._ray.shutdown()
            self._started_here = False

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _import_ray(local: bool) -> Any:
    if local:
        # Read by Ray when it is imported; only for a Ray this process starts itself.
        for name, value in LOCAL_ONLY_ENV.items():
            os.environ.setdefault(name, value)
    try:
        import ray
    except ImportError as exc:
        raise MissingDependencyError(
            f"--engine ray needs Ray, which is not installed: {INSTALL_HINT}"
        ) from exc
    return ray
