"""Mask many applicants from a manifest: ``redactor batch MANIFEST -o OUT``.

Every applicant's files become tasks of ONE executor (so a pool or a Ray cluster stays busy
across applicants); each applicant's outputs, records and audit go to ``OUT/<id>/`` exactly as
``redactor mask`` writes them, and ``OUT/summary.csv`` / ``OUT/summary.xlsx`` get one row per
applicant. A bad manifest row or an applicant that cannot run becomes a summary row with its
error; the other applicants still run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from redactor import api, records
from redactor.detect.faces import load_engine
from redactor.errors import ExitCode, RedactorError
from redactor.executor import Executor, FileOutcome, FileTask
from redactor.manifest import Applicant, Manifest, RowError
from redactor.options import MaskOptions
from redactor.plan import FilePlan, file_digest
from redactor.sources import open_source
from redactor.summary import ApplicantSummary, write_summary


@dataclass
class BatchProgress:
    """Callbacks for a progress display; every one optional."""

    # (files to do, their pages) once, before the first file starts.
    on_start: Callable[[int, int], None] | None = None
    # (the outcome, its share of the pages counted at the start) after each file.
    on_file: Callable[[FileOutcome, int], None] | None = None
    on_error: Callable[[str], None] | None = None


@dataclass
class BatchResult:
    applicants: list[ApplicantSummary]
    summary_csv: Path
    summary_xlsx: Path
    exit_code: ExitCode = ExitCode.OK
    # Peak resident memory (KiB) of each process that masked files, by process id.
    worker_peak_kib: dict[int, int] = field(default_factory=dict)

    @property
    def worker_pids(self) -> set[int]:
        return set(self.worker_peak_kib)

    @property
    def skipped_files(self) -> int:
        return sum(a.skipped_files for a in self.applicants)


class _ApplicantRun:
    """One applicant in flight: its tasks, the files an earlier run already finished, and the
    records of this run (appended and fsynced as each file comes back)."""

    def __init__(
        self, applicant: Applicant, out_dir: Path, options: MaskOptions, force: bool
    ) -> None:
        self.applicant = applicant
        self.out_dir = out_dir
        # The folder as seen from the summary beside it: no absolute path of this machine.
        self.summary = ApplicantSummary(applicant.id, applicant.row, applicant.id)
        api.check_paths([applicant.folder], out_dir)
        self.files = api.walk_inputs([applicant.folder])
        self.lock = records.RunLock(out_dir)
        self.lock.acquire()
        try:
            done = {} if force else records.load_done(records.records_path(out_dir))
            self.tasks, self.skipped = self._tasks(options, done)
            self.log = records.RecordLog(records.records_path(out_dir))
        except BaseException:
            self.lock.release()
            raise
        self.pages_expected = {task.path: _page_count(task) for task in self.tasks}

    def _tasks(
        self, options: MaskOptions, done: dict[str, dict]
    ) -> tuple[list[FileTask], list[str]]:
        """Tasks still to run, and the inputs (relative, posix) an earlier run finished."""
        plan_dir = records.state_dir(self.out_dir) / records.PLANS_DIR
        tasks, skipped = [], []
        for path, relative in self.files:
            try:
                sha256 = file_digest(path)[0]
            except RedactorError:
                sha256 = ""  # unreadable: the worker reports it as the file's failure
            identity = self.applicant.identity
            key = records.task_key(sha256, relative, identity, options)
            if key in done and (self.out_dir / relative).is_file():
                skipped.append(relative.as_posix())
                continue
            tasks.append(
                FileTask(path, relative, self.out_dir, identity, options, key, plan_dir, sha256)
            )
        return tasks, skipped

    def record(self, outcome: FileOutcome) -> None:
        """Keep the plan and append the file's record: on disk before the next file."""
        task = outcome.task
        plan_name = None
        if outcome.plan is not None and task.plan_dir is not None:
            plan_file_path = records.plan_path(task.plan_dir, task.relative)
            FilePlan.from_dict(outcome.plan).save(plan_file_path)
            plan_name = plan_file_path.relative_to(self.out_dir).as_posix()
        self.log.append(
            records.new_record(
                task.key,
                task.relative,
                task.sha256,
                outcome.audits,
                outcome.exit_code,
                outcome.error_message,
                plan_name,
            )
        )

    def finish(self) -> ApplicantSummary:
        """Rebuild the applicant's audit from the records of its current inputs."""
        try:
            self.log.close()
            latest = records.latest_by_input(records.records_path(self.out_dir))
            result = api.RunResult(files=len(self.files))
            for _, relative in self.files:
                record = latest.get(relative.as_posix())
                if record is None:
                    continue  # not reached (interrupted): neither done nor failed
                result.pages.extend(records.page_audits(record))
                if record["status"] == records.FAILED:
                    result.failed_files += 1
                    result.exit_code = most_severe([result.exit_code, record["exit_code"]])
            api.write_audit(self.out_dir, result)
        finally:
            self.lock.release()
        summary = self.summary
        summary.pages = result.pages
        summary.files = result.files
        summary.failed_files = result.failed_files
        summary.skipped_files = len(self.skipped)
        summary.exit_code = int(result.exit_code)
        return summary


def run_batch(
    manifest: Manifest,
    out_dir: Path,
    options: MaskOptions,
    executor: Executor,
    force: bool = False,
    progress: BatchProgress | None = None,
) -> BatchResult:
    """Mask every good row of ``manifest`` into ``out_dir/<id>/`` and write the summary."""
    progress = progress or BatchProgress()
    if options.eyes != "off":
        # A missing face model stops the batch before any file, not after the first page.
        load_engine(options.face_engine)
    summaries = [_row_error_summary(e) for e in manifest.errors]
    for error in manifest.errors:
        _report(progress, str(error))
    runs = _prepare(manifest.applicants, out_dir, options, force, summaries, progress)
    tasks = [task for run in runs.values() for task in run.tasks]
    if progress.on_start:
        pages = sum(n for run in runs.values() for n in run.pages_expected.values())
        progress.on_start(len(tasks), pages)
    workers: dict[int, int] = {}
    try:
        for outcome in executor.run(tasks):
            workers[outcome.worker_pid] = max(
                workers.get(outcome.worker_pid, 0), outcome.peak_rss_kib
            )
            run = runs[outcome.task.out_dir]
            run.record(outcome)
            if outcome.error_message:
                _report(
                    progress,
                    f"{run.applicant.id}/{outcome.task.relative.as_posix()}: "
                    f"{outcome.error_message}",
                )
            if progress.on_file:
                progress.on_file(outcome, run.pages_expected.get(outcome.task.path, 1))
    finally:
        # Also on Ctrl-C or SIGTERM: each applicant's audit and the summary say what is done.
        summaries += [run.finish() for run in runs.values()]
        csv_path, xlsx_path = write_summary(out_dir, summaries)
    return BatchResult(summaries, csv_path, xlsx_path, _most_severe(summaries), workers)


def _prepare(
    applicants: tuple[Applicant, ...],
    out_dir: Path,
    options: MaskOptions,
    force: bool,
    summaries: list[ApplicantSummary],
    progress: BatchProgress,
) -> dict[Path, _ApplicantRun]:
    """Tasks of every applicant that can run, keyed by its output folder; the others become
    error rows of the summary."""
    runs: dict[Path, _ApplicantRun] = {}
    for applicant in applicants:
        target = out_dir / applicant.id
        own_options = replace(options, exempt=(*options.exempt, *applicant.exempt))
        try:
            runs[target] = _ApplicantRun(applicant, target, own_options, force)
        except RedactorError as exc:
            error = RowError(applicant.row, applicant.id, str(exc))
            summaries.append(_row_error_summary(error))
            _report(progress, str(error))
    return runs


def _row_error_summary(error: RowError) -> ApplicantSummary:
    return ApplicantSummary(
        error.id,
        error.row,
        "",
        error=error.message,
        exit_code=int(ExitCode.INPUT_FAILED),
    )


def _page_count(task: FileTask) -> int:
    """Pages of one input, for the progress bar's estimate; 1 when it cannot be opened (the
    worker then reports the file's error)."""
    try:
        return open_source(task.path).page_count
    except RedactorError:
        return 1


# Which failure a batch's exit code reports when there are several (most severe first).
SEVERITY = (ExitCode.INTERNAL, ExitCode.OUTPUT_FAILED, ExitCode.INPUT_FAILED, ExitCode.OK)


def most_severe(codes: Iterable[int]) -> ExitCode:
    present = {ExitCode(c) for c in codes}
    return next((c for c in SEVERITY if c in present), ExitCode.OK)


def _most_severe(summaries: list[ApplicantSummary]) -> ExitCode:
    return most_severe(s.exit_code for s in summaries)


def _report(progress: BatchProgress, message: str) -> None:
    if progress.on_error:
        progress.on_error(message)
