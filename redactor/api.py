"""Library entry points. The CLI is a thin layer over ``redact_paths`` and ``apply_plans``.

Stages, each a small function over plain data (so a file can be sent to another process or a
cluster worker): ``find_on_page`` (redactor.find: page -> findings; never touches pixels),
the plan (redactor.plan: findings -> regions -> pixels), the executor (redactor.executor: one file
per task, here or in worker processes) and the records (redactor.records: what is finished, on
disk at once). A run: inputs walked once -> tasks -> tasks already recorded skipped (resume) ->
executor -> each outcome recorded by this process, the only writer -> audit rebuilt from records.
Errors are raised as ``RedactorError`` subclasses; a failed file becomes an audit row and the
run goes on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from redactor import audit, naming, records
from redactor.detect.face_check import check_engine
from redactor.errors import ExitCode, RedactorError, SkippedInputError, UsageError, most_severe
from redactor.executor import (
    Executor,
    FileOutcome,
    FileTask,
    default_jobs,
    error_row,
    make_executor,
    run_file_task,
)
from redactor.find import PageFindings, find_on_page
from redactor.mask import apply_masks, region_for
from redactor.options import Identity, MaskOptions, OutputOptions
from redactor.plan import (  # noqa: F401 (is_exempt: re-export)
    FilePlan,
    PagePlan,
    PlanError,
    apply_plan,
    file_digest,
    is_exempt,
    mask_file,
    page_audits,
    page_plan_audit,
    paint,
    plan_page,
)
from redactor.sinks import check_writable_folder, remove_stale_parts
from redactor.sources import (  # noqa: F401 (re-export)
    InputScan,
    iter_pages,
    open_source,
    scan_inputs,
    walk_inputs,
)
from redactor.types import Finding, Page, PageAudit

# While a run goes, the audit on disk is rebuilt this often (the records are on disk at once).
AUDIT_REFRESH_SECONDS = 10.0


@dataclass
class PageResult:
    audit: PageAudit
    masked: np.ndarray


@dataclass
class RunResult:
    pages: list[PageAudit] = field(default_factory=list)
    files: int = 0
    failed_files: int = 0
    exit_code: ExitCode = ExitCode.OK
    # Files an earlier run had finished with the same input, identity and options: not redone.
    skipped: int = 0
    # Files an earlier run had recorded but that were masked again (input, identity or options
    # changed, an earlier failure, a missing output, or --force).
    redone: int = 0

    @property
    def pages_needing_masking(self) -> int:
        return sum(1 for p in self.pages if p.needs_masking and not p.error)

    def summary(self) -> dict[str, int]:
        return {
            "files": self.files,
            "failed_files": self.failed_files,
            "pages": sum(1 for p in self.pages if not p.error),
            "pages_needing_masking": self.pages_needing_masking,
            "skipped": self.skipped,
            "redone": self.redone,
        }


def mask_page(page: Page, findings: list[Finding], options: MaskOptions) -> np.ndarray:
    return apply_masks(page.image, [region_for(f, options) for f in findings], options.fill)


def process_page(page: Page, identity: Identity, options: MaskOptions) -> PageResult:
    page_plan = plan_page(page, identity, options)
    return PageResult(
        page_plan_audit(page.file, page_plan, None), paint(page.image, page_plan, options.fill)
    )


def redact_file(
    path: Path,
    relative: Path,
    out_dir: Path,
    identity: Identity,
    options: MaskOptions,
    on_page: Callable[[PageAudit], None] | None = None,
) -> list[PageAudit]:
    """Mask one file into ``out_dir / relative``; returns its page audits. Raises on failure,
    in which case no output file exists (outputs appear only when complete)."""
    display = relative.as_posix()

    def page_done(page: PagePlan) -> None:
        if on_page:
            on_page(page_plan_audit(display, page, display))

    plan = mask_file(path, relative, out_dir, identity, options, page_done)
    return page_audits(plan, display)


def check_paths(inputs: list[Path], out_dir: Path) -> None:
    """Refuse runs that would overwrite an input or write inside an input folder."""
    out = out_dir.resolve()
    for item in inputs:
        if not os.path.lexists(item):
            raise UsageError(f"{item}: no such file or folder")
        if not item.exists():
            continue  # a link that loops or points nowhere: scan_inputs makes it an error row
        src = item.resolve()
        if item.is_dir() and (out == src or src in out.parents):
            raise UsageError(f"{out_dir}: the output folder must not be inside an input folder")
        if item.is_file() and out == src.parent:
            raise UsageError(f"{out_dir}: the output folder must not be an input's own folder")


def check_output_folders(inputs: list[Path], out_dir: Path, output: OutputOptions) -> Path:
    """Before any work: refuse outputs that would land in an input folder (exit 2), and an
    OUT_DIR or audit folder that is not a writable folder (exit 4). Returns the audit folder."""
    check_paths(inputs, out_dir)
    check_writable_folder(out_dir)
    audit_dir = output.audit_dir or out_dir
    if audit_dir != out_dir:
        check_paths(inputs, audit_dir)
        check_writable_folder(audit_dir, "audit folder")
    return audit_dir


class Session:
    """One output folder's run: its tasks, what earlier runs finished, and the record of
    every file finished now. Only this process writes plans, records and the audit.

    ``open`` walks the inputs once, hashes each, and splits them into files already done
    (``skipped``), tasks to run (``pending``) and files refused before running (``refused``:
    an output path that collides). ``record`` takes each outcome as it arrives; ``finish``
    rebuilds the audit from the records and lets the folder go.
    """

    def __init__(
        self,
        out_dir: Path,
        identity: Identity,
        options: MaskOptions,
        files: list[tuple[Path, Path]],
        force: bool = False,
        output: OutputOptions | None = None,
        outputs: list[Path] | None = None,
    ) -> None:
        self.out_dir = out_dir
        self.identity = identity
        self.options = options
        self.files = files
        self.force = force
        self.output = output or OutputOptions()
        self.audit_dir = self.output.audit_dir or out_dir
        # Each file's output path under out_dir: its relative path, or that renamed (naming.py).
        self.outputs = outputs or [relative for _, relative in files]
        self.plan_dir = records.state_dir(out_dir) / records.PLANS_DIR
        self.pending: list[FileTask] = []
        self.refused: list[FileOutcome] = []
        self.result = RunResult(files=len(files))
        self._lock = records.RunLock(out_dir)
        self._log: records.RecordLog | None = None
        self._latest: dict[str, dict[str, Any]] = {}
        self._earlier: set[str] = set()
        self._unrecorded: list[FileOutcome] = []

    @classmethod
    def open(
        cls,
        inputs: list[Path],
        out_dir: Path,
        identity: Identity,
        options: MaskOptions,
        force: bool = False,
        files: list[tuple[Path, Path]] | None = None,
        output: OutputOptions | None = None,
        on_warning: Callable[[str], None] | None = None,
    ) -> Session:
        output = output or OutputOptions()
        audit_dir = check_output_folders(inputs, out_dir, output)
        scan = scan_inputs(inputs) if files is None else InputScan(files)
        names = naming.plan_outputs(
            [relative for _, relative in scan.files],
            out_dir,
            identity,
            output,
            audit.previous_outputs(audit_dir),
        )
        for warning in names.warnings:
            if on_warning:
                on_warning(warning)
        session = cls(out_dir, identity, options, scan.files, force, output, names.outputs)
        for entry in scan.skipped:
            # Never opened (a FIFO, a link that loops): a row saying why, and the run goes on.
            error = SkippedInputError(f"{entry.path}: {entry.reason}")
            task = FileTask(entry.path, entry.relative, out_dir, identity, options)
            session.refused.append(_refused(task, error.exit_code, error.code, str(error)))
        session.result.files += len(scan.skipped)
        session._start()
        return session

    @property
    def total(self) -> int:
        return len(self.files)

    def _start(self) -> None:
        self._lock.acquire()
        # Under the lock no other run writes here: temporary files now are a killed run's.
        remove_stale_parts(self.out_dir)
        log_path = records.records_path(self.out_dir)
        self._latest = records.latest_by_input(log_path)
        self._earlier = set(self._latest)
        self._log = records.RecordLog(log_path)
        self._make_tasks()

    def _make_tasks(self) -> None:
        inputs = {p.resolve() for p, _ in self.files}
        claimed: dict[Path, Path] = {}
        for (path, relative), output in zip(self.files, self.outputs, strict=True):
            renamed = output if output != relative else None
            dest = (self.out_dir / output).resolve()
            task = FileTask(
                path, relative, self.out_dir, self.identity, self.options, output=renamed
            )
            if dest in inputs or dest in claimed:
                why = (
                    "output would overwrite an input file"
                    if dest in inputs
                    else (
                        f"{path} skipped: its output {output.as_posix()} is already written "
                        f"from {claimed[dest]} (two inputs with the same relative path)"
                    )
                )
                first = () if dest in inputs else (claimed[dest],)
                self.refused.append(_refused(task, ExitCode.INPUT_FAILED, "usage", why, first))
                continue
            claimed[dest] = path
            try:
                sha256, _size = file_digest(path)
            except RedactorError as exc:
                self.refused.append(_refused(task, exc.exit_code, exc.code, str(exc)))
                continue
            key = records.task_key(sha256, relative, self.identity, self.options)
            task = FileTask(
                path,
                relative,
                self.out_dir,
                self.identity,
                self.options,
                key,
                self.plan_dir,
                sha256,
                renamed,
            )
            if not self.force and self._is_done(task.label, key, output):
                self.result.skipped += 1
            else:
                self.pending.append(task)

    def _is_done(self, label: str, key: str, output: Path) -> bool:
        """Whether the input named ``label`` (FileTask.label) was finished with ``key`` and its
        output (at ``output``, its renamed path where renamed) and plan are still there."""
        record = self._latest.get(label)
        if not record or record.get("key") != key or record.get("status") != records.DONE:
            return False
        if bool(record.get("audit_text")) != self.output.audit_text:
            return False
        plan = record.get("plan")
        plan_there = plan is None or (self.out_dir / plan).is_file()
        return (self.out_dir / output).is_file() and plan_there

    def record(self, outcome: FileOutcome) -> None:
        """Keep a finished file: its plan, then its record (fsynced), in that order, so a
        record never points to a plan that is not there. An entry refused before it ran (a
        FIFO, a link loop, a second input with the same relative path) has no record: it is
        found again by the next run's walk, and its row is kept for this run's audit only."""
        task = outcome.task
        if not task.key:
            self._unrecorded.append(outcome)
            return
        label = task.label
        plan_rel = None
        keep = self.output.audit_text
        if outcome.plan is not None:
            plan_file = records.plan_path(self.plan_dir, Path(label))
            plan = FilePlan.from_dict(outcome.plan)
            (plan if keep else plan.without_text()).save(plan_file)
            plan_rel = plan_file.relative_to(self.out_dir).as_posix()
        record = records.new_record(
            task.key,
            Path(label),
            task.sha256,
            outcome.audits if keep else [audit.without_text(a) for a in outcome.audits],
            outcome.exit_code,
            None if outcome.ok else _recorded_error(outcome),
            plan_rel,
        )
        # A run that asks for the text (--audit-text) redoes files recorded without it.
        record["audit_text"] = keep
        assert self._log is not None
        with records.interruptions_held():
            self._log.append(record)
            if label in self._earlier:
                self.result.redone += 1
                self._earlier.discard(label)
            self._latest[label] = record

    def write_audit(self) -> None:
        """Rebuild the audit from the records of this run's files, in walk order."""
        result = self.result
        result.pages = []
        result.failed_files = 0
        codes = []
        for output in self.outputs:
            record = self._latest.get(output.as_posix())
            if record is None:
                continue  # not finished (an interrupted run)
            result.pages.extend(records.page_audits(record))
            if record.get("status") != records.DONE:
                result.failed_files += 1
                codes.append(int(record.get("exit_code") or ExitCode.INTERNAL))
        for outcome in self._unrecorded:
            result.pages.extend(outcome.audits)
            result.failed_files += 1
            codes.append(outcome.exit_code)
        result.exit_code = most_severe(*codes)
        write_audit(self.audit_dir, result, self.output.audit_text)

    def finish(self) -> RunResult:
        """The audit, rebuilt; temporary files of stopped workers removed; the folder let go."""
        try:
            remove_stale_parts(self.out_dir)
            self.write_audit()
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None
            self._lock.release()
        return self.result


def _recorded_error(outcome: FileOutcome) -> str | None:
    """A failed file's error as its record keeps it: as its audit row says it."""
    kind, message = outcome.error_kind or "internal", outcome.error_message or ""
    return error_row(outcome.task, outcome.exit_code, kind, message).error


def _refused(
    task: FileTask, code: int, kind: str, message: str, others: tuple[Path, ...] = ()
) -> FileOutcome:
    row = error_row(task, code, kind, message, others)
    return FileOutcome(task, [row], None, kind, message, int(code))


def redact_paths(
    inputs: list[Path],
    out_dir: Path,
    identity: Identity,
    options: MaskOptions,
    on_file_done: Callable[[Path], None] | None = None,
    on_page: Callable[[PageAudit], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    *,
    jobs: int | None = None,
    executor: Executor | None = None,
    force: bool = False,
    on_start: Callable[[Session], None] | None = None,
    output: OutputOptions | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> RunResult:
    """Mask every supported file under ``inputs`` into ``out_dir`` and write the audit.

    Files an earlier run into ``out_dir`` finished (same input, identity and options) are
    skipped unless ``force``. ``jobs``: worker processes (default: one per core; 1 runs here);
    or pass an ``executor`` (shared by several runs, e.g. a batch; not closed here).
    """
    check_output_folders(inputs, out_dir, output or OutputOptions())
    if options.eyes != "off":
        # A missing face model stops the run before any file, not after the first page;
        # the model loads when a page needs it (an exempt or born-digital file may not).
        check_engine(options.face_engine)
    session = Session.open(
        inputs, out_dir, identity, options, force=force, output=output, on_warning=on_warning
    )
    own = executor is None
    try:
        if on_start:
            on_start(session)
        if executor is None:
            wanted = default_jobs() if jobs is None else jobs
            executor = make_executor("local", max(1, min(wanted, len(session.pending))))

        def report(_: Session, outcome: FileOutcome) -> None:
            _report(outcome, on_file_done, on_page, on_error)

        run_sessions([session], executor, report)
    finally:
        # Also on Ctrl-C / SIGTERM: workers stopped first, then every output written so far is
        # complete and the audit says which.
        if own and executor is not None:
            executor.close()
        session.finish()
    return session.result


def run_sessions(
    sessions: list[Session],
    executor: Executor,
    on_outcome: Callable[[Session, FileOutcome], None] | None = None,
) -> None:
    """Run the pending tasks of several sessions (a batch's applicants, each its own OUT) on
    one executor, so no worker waits at an applicant's end; each outcome is recorded by its
    own session as it arrives, and each session's audit is rebuilt every
    AUDIT_REFRESH_SECONDS. The caller opens and finishes the sessions."""
    by_out = {s.out_dir: s for s in sessions}
    last_audit = time.monotonic()
    for outcome in _outcomes(sessions, executor):
        session = by_out[outcome.task.out_dir]
        session.record(outcome)
        if on_outcome:
            on_outcome(session, outcome)
        if time.monotonic() - last_audit > AUDIT_REFRESH_SECONDS:
            for s in sessions:
                s.write_audit()
            last_audit = time.monotonic()


def _outcomes(sessions: list[Session], executor: Executor) -> Iterable[FileOutcome]:
    for session in sessions:
        yield from session.refused
    pending = [task for session in sessions for task in session.pending]
    if pending:
        yield from executor.run(pending)


def _report(
    outcome: FileOutcome,
    on_file_done: Callable[[Path], None] | None,
    on_page: Callable[[PageAudit], None] | None,
    on_error: Callable[[str], None] | None,
) -> None:
    if outcome.ok and on_page:
        for page in outcome.audits:
            on_page(page)
    if not outcome.ok and on_error:
        on_error(f"{outcome.task.relative.as_posix()}: {outcome.error_message}")
    if on_file_done:
        on_file_done(outcome.task.relative)


def write_audit(audit_dir: Path, result: RunResult, keep_text: bool = False) -> None:
    """audit.json and audit.csv in ``audit_dir``; the matched text only with ``keep_text``."""
    audit_dir.mkdir(parents=True, exist_ok=True)
    document = audit.audit_document(result.pages, result.summary(), keep_text)
    audit.write_json(audit_dir / "audit.json", document)
    audit.write_csv(audit_dir / "audit.csv", result.pages)


# --- apply -------------------------------------------------------------------------------------


def find_plans(paths: list[Path]) -> list[Path]:
    """Plan files named, and every ``*.json`` under folders named (e.g. OUT/.redactor/plans)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.json") if q.is_file())
        elif p.is_file():
            found.append(p)
        else:
            raise UsageError(f"{p}: no such file or folder")
    return found


def apply_plans(
    plan_paths: list[Path],
    out_dir: Path,
    input_root: Path | None = None,
    on_error: Callable[[str], None] | None = None,
    on_file_done: Callable[[Path], None] | None = None,
) -> RunResult:
    """Re-write outputs from plans, without finding anything: each plan is painted onto its
    original input (under ``input_root`` at its own relative path, or where the plan says it was
    read), into ``out_dir / plan.input`` (its output's path). Each applied plan is recorded in
    ``out_dir`` like a masked file (with the key of the earlier record of the same input, so a
    later ``redactor mask`` into ``out_dir`` keeps it), and the audit is rebuilt from every
    record there."""
    plans = find_plans(plan_paths)
    lock = records.RunLock(out_dir)
    lock.acquire()
    log_path = records.records_path(out_dir)
    latest = records.latest_by_input(log_path)
    log = records.RecordLog(log_path)
    failures: list[int] = []
    try:
        remove_stale_parts(out_dir)
        for plan_path in plans:
            code = _apply_one(plan_path, out_dir, input_root, latest, log, on_error)
            if code:
                failures.append(code)
            if on_file_done:
                on_file_done(plan_path)
    finally:
        log.close()
        result = RunResult(files=len(latest))
        for record in latest.values():
            result.pages.extend(records.page_audits(record))
            result.failed_files += record.get("status") != records.DONE
        write_audit(out_dir, result)
        lock.release()
    result.exit_code = most_severe(*failures)
    return result


def _apply_one(
    plan_path: Path,
    out_dir: Path,
    input_root: Path | None,
    latest: dict[str, dict[str, Any]],
    log: records.RecordLog,
    on_error: Callable[[str], None] | None,
) -> int:
    try:
        plan = FilePlan.load(plan_path)
        source = plan.source(input_root)
        relative = Path(plan.input)
        if relative.is_absolute() or ".." in relative.parts:
            raise PlanError(f"the plan's input path {plan.input!r} leaves the output folder")
        dest = out_dir / relative
        if not source.is_file():
            raise PlanError(f"{source}: the plan's input is not there (see --input-root)")
        if dest.resolve() == source.resolve():
            raise UsageError("output would overwrite the plan's input")
        audits = apply_plan(source, plan, dest)
    except RedactorError as exc:
        if on_error:
            on_error(f"{plan_path}: {exc}")
        return int(exc.exit_code if not isinstance(exc, UsageError) else ExitCode.INPUT_FAILED)
    earlier = latest.get(plan.input)
    key = earlier["key"] if earlier and earlier.get("sha256") == plan.sha256 else ""
    kept = records.plan_path(records.state_dir(out_dir) / records.PLANS_DIR, relative)
    if kept.resolve() != plan_path.resolve():
        plan.save(kept)
    record = records.new_record(
        key, relative, plan.sha256, audits, 0, None, kept.relative_to(out_dir).as_posix()
    )
    with records.interruptions_held():
        log.append(record)
        latest[plan.input] = record
    return 0


__all__ = [
    "RedactorError",
    "Session",
    "apply_plans",
    "find_on_page",
    "mask_page",
    "process_page",
    "redact_file",
    "redact_paths",
    "run_file_task",
    "run_sessions",
    "PageFindings",
]
