"""Per-file records: what a run has finished, kept so a crash loses nothing and a re-run resumes.

``OUT/.redactor/records.jsonl`` gets one JSON line per finished file (masked or failed), appended
and fsynced the moment the file is done, by the parent process only. A line cut short by a kill
is ignored on reading (and closed off before the next append). The latest record of each input
wins; ``audit.json`` and ``audit.csv`` are rebuilt from them. A record names its input as the
audit does, by its output's path (FileTask.label), which names no one unless
--keep-identity-names; the input's own path is only in its plan (``source_path``).

A record's ``key`` hashes what was asked of the file: the input's sha256, its relative path (the
output it makes), the identity, every mask option and the tool version. A later run with the same
key for a file whose record says done, and whose output is still there, skips it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from redactor import __version__
from redactor.errors import UsageError
from redactor.options import Identity, MaskOptions
from redactor.types import PageAudit, RegionAudit

RECORD_VERSION = 1
STATE_DIR = ".redactor"  # inside OUT: records, plans, the run lock
RECORDS_NAME = "records.jsonl"
PLANS_DIR = "plans"
LOCK_NAME = "lock"
DONE = "done"
FAILED = "failed"


@contextlib.contextmanager
def interruptions_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends: a record written to the log and the
    run's own copy of it are one step, so the audit of an interrupted run lists exactly the
    files recorded. The handlers are swapped for one that notes the signal, and the noted
    signal is handled after the block. (Blocking the signal would not do: the kernel hands a
    process's signal to any thread not blocking it, and the model runtimes start threads.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []

    def note(signum: int, _frame: object) -> None:
        noted.append(signum)

    previous = {sig: signal.signal(sig, note) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            # None: a handler set outside Python, which cannot be put back; the default is.
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
        if noted:
            _deliver(noted[0], previous[noted[0]])


def _deliver(signum: int, handler: Any) -> None:
    """Handle ``signum`` as ``handler`` (what signal.signal returned) would have."""
    if callable(handler):
        handler(signum, None)
    elif handler == signal.SIG_DFL:
        os.kill(os.getpid(), signum)


def state_dir(out_dir: Path) -> Path:
    return out_dir / STATE_DIR


def records_path(out_dir: Path) -> Path:
    return state_dir(out_dir) / RECORDS_NAME


def plan_path(plan_dir: Path, relative: Path) -> Path:
    """Where the plan of the file named ``relative`` in OUT (FileTask.label: its output's path)
    is kept: ``plans/<relative>.json``."""
    return plan_dir / (relative.as_posix() + ".json")


def task_key(sha256: str, relative: Path, identity: Identity, options: MaskOptions) -> str:
    blob = json.dumps(
        {
            "sha256": sha256,
            "relative": relative.as_posix(),
            "identity": asdict(identity),
            # --timings changes no output: a run with it does not redo finished files.
            "options": {k: v for k, v in asdict(options).items() if k != "timings"},
            "tool": __version__,
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def new_record(
    key: str,
    relative: Path,
    sha256: str,
    pages: list[PageAudit],
    exit_code: int,
    error: str | None,
    plan: str | None,
) -> dict[str, Any]:
    return {
        "record_version": RECORD_VERSION,
        "key": key,
        "input": relative.as_posix(),
        "sha256": sha256,
        "status": FAILED if error else DONE,
        "exit_code": int(exit_code),
        "error": error,
        "plan": plan,
        "finished": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "pages": [p.to_dict() for p in pages],
    }


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every complete record in the log, oldest first; torn or foreign lines are skipped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    out = []
    for line in raw.split(b"\n"):
        try:
            record = json.loads(line)
        except ValueError:
            continue  # the tail of a write cut short by a kill
        if isinstance(record, dict) and record.get("record_version") == RECORD_VERSION:
            out.append(record)
    return out


def latest_by_input(path: Path) -> dict[str, dict[str, Any]]:
    """The latest record of each input (by relative path)."""
    return {r["input"]: r for r in read_records(path) if "input" in r}


def load_done(path: Path) -> dict[str, dict[str, Any]]:
    """Records of files finished successfully, by key (the latest record of each input)."""
    return {r["key"]: r for r in latest_by_input(path).values() if r.get("status") == DONE}


def page_audits(record: dict[str, Any]) -> list[PageAudit]:
    """A record's audit rows, back as PageAudit."""
    out = []
    for d in record.get("pages", ()):
        d = dict(d)
        d["regions"] = [RegionAudit(**r) for r in d.get("regions", ())]
        out.append(PageAudit(**d))
    return out


class RecordLog:
    """The append-only log, open for one run. Each append is on disk before it returns."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fh: IO[bytes] = path.open("ab")
        # A kill mid-append leaves a torn last line: end it, so the next record starts clean.
        if self._fh.tell() > 0:
            with path.open("rb") as fh:
                fh.seek(-1, os.SEEK_END)
                if fh.read(1) != b"\n":
                    self._fh.write(b"\n")

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        self._fh.write(line.encode("utf-8"))
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()


class RunLock:
    """One run at a time per output folder: a second one would delete the first one's
    temporary files and interleave its records. Released by the kernel if the run is killed."""

    def __init__(self, out_dir: Path) -> None:
        self.path = state_dir(out_dir) / LOCK_NAME
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a")
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # not POSIX: no lock
            pass
        except OSError as exc:
            fh.close()
            raise UsageError(
                f"{self.path.parent.parent}: another redactor run is writing to this folder"
            ) from exc
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
            self._fh = None
