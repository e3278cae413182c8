"""Mask many applicants from a manifest: ``redactor batch MANIFEST -o OUT``.

Every applicant's files become tasks of ONE executor (so a pool or a Ray cluster stays busy
across applicants); each applicant's outputs, records and audit go to ``OUT/<id>/`` exactly as
``redactor mask`` writes them, and ``OUT/summary.csv`` / ``OUT/summary.xlsx`` get one row per
applicant. A bad manifest row or an applicant that cannot run becomes a summary row with its
error; the other applicants still run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from redactor import api
from redactor.detect.face_check import check_engine
from redactor.errors import ExitCode, RedactorError, most_severe
from redactor.executor import Executor, FileOutcome, FileTask
from redactor.manifest import Applicant, Manifest, RowError
from redactor.options import MaskOptions, OutputOptions
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

    @property
    def redone_files(self) -> int:
        return sum(a.redone_files for a in self.applicants)


def run_batch(
    manifest: Manifest,
    out_dir: Path,
    options: MaskOptions,
    executor: Executor,
    force: bool = False,
    progress: BatchProgress | None = None,
    output: OutputOptions | None = None,
) -> BatchResult:
    """Mask every good row of ``manifest`` into ``out_dir/<id>/`` and write the summary.
    ``executor`` is closed at the end (its workers stopped before the audits are rebuilt)."""
    progress = progress or BatchProgress()
    if options.eyes != "off":
        # A missing face model stops the batch before any file, not after the first page.
        check_engine(options.face_engine)
    summaries = [_row_error_summary(e) for e in manifest.errors]
    for error in manifest.errors:
        _report(progress, str(error))
    opened = _open_sessions(
        manifest.applicants, out_dir, options, force, summaries, progress, output
    )
    ids = {session.out_dir: applicant.id for applicant, session in opened}
    pages = {t.path: _page_count(t) for _, session in opened for t in session.pending}
    if progress.on_start:
        files = sum(len(session.pending) + len(session.refused) for _, session in opened)
        progress.on_start(files, sum(pages.values()))
    workers: dict[int, int] = {}

    def on_outcome(session: api.Session, outcome: FileOutcome) -> None:
        pid = outcome.worker_pid
        workers[pid] = max(workers.get(pid, 0), outcome.peak_rss_kib)
        if not outcome.ok:
            where = f"{ids[session.out_dir]}/{outcome.task.relative.as_posix()}"
            _report(progress, f"{where}: {outcome.error_message}")
        if progress.on_file:
            progress.on_file(outcome, pages.get(outcome.task.path, 1))

    try:
        api.run_sessions([session for _, session in opened], executor, on_outcome)
    finally:
        # Also on Ctrl-C or SIGTERM: the workers are stopped first (no output appears after
        # this), then each applicant's audit and the summary say what is done.
        executor.close()
        summaries += [_finish(applicant, session) for applicant, session in opened]
        csv_path, xlsx_path = write_summary(out_dir, summaries)
    code = most_severe(*(s.exit_code for s in summaries))
    return BatchResult(summaries, csv_path, xlsx_path, code, workers)


def _open_sessions(
    applicants: tuple[Applicant, ...],
    out_dir: Path,
    options: MaskOptions,
    force: bool,
    summaries: list[ApplicantSummary],
    progress: BatchProgress,
    output: OutputOptions | None = None,
) -> list[tuple[Applicant, api.Session]]:
    """A session (tasks, what an earlier run finished, the records) per applicant that can run,
    writing into ``out_dir/<id>/``; the others become error rows of the summary."""
    opened = []
    for applicant in applicants:
        own_options = replace(options, exempt=(*options.exempt, *applicant.exempt))
        try:
            session = api.Session.open(
                [applicant.folder],
                out_dir / applicant.id,
                applicant.identity,
                own_options,
                force=force,
                output=output,
                on_warning=lambda message: _report(progress, f"warning: {message}"),
            )
        except RedactorError as exc:
            error = RowError(applicant.row, applicant.id, str(exc))
            summaries.append(_row_error_summary(error))
            _report(progress, str(error))
            continue
        opened.append((applicant, session))
    return opened


def _finish(applicant: Applicant, session: api.Session) -> ApplicantSummary:
    """The applicant's audit rebuilt from its records, and its summary row."""
    # The folder as seen from the summary beside it: no absolute path of this machine.
    summary = ApplicantSummary(applicant.id, applicant.row, applicant.id)
    try:
        result = session.finish()
    except RedactorError as exc:  # its audit could not be written (disk full, ...)
        summary.error, summary.exit_code = str(exc), int(exc.exit_code)
        return summary
    summary.pages = result.pages
    summary.files = result.files
    summary.failed_files = result.failed_files
    summary.skipped_files = result.skipped
    summary.redone_files = result.redone
    summary.exit_code = int(result.exit_code)
    return summary


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
        source = open_source(task.path)
    except RedactorError:
        return 1
    source.close()  # a PDF stays open until closed
    return source.page_count


def _report(progress: BatchProgress, message: str) -> None:
    if progress.on_error:
        progress.on_error(message)
