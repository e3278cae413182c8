"""Mask many applicants from a manifest: ``redactor batch MANIFEST -o OUT``.

Every applicant's files become tasks of ONE executor (so a pool or a Ray cluster stays busy
across applicants); each applicant's outputs, records and audit go to ``OUT/<id>/`` exactly as
``redactor mask`` writes them, and ``OUT/summary.csv`` / ``OUT/summary.xlsx`` get one row per
applicant. A bad manifest row or an applicant that cannot run becomes a summary row with its
error; the other applicants still run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from redactor import api
from redactor.errors import ExitCode, RedactorError
from redactor.executor import Executor, FileOutcome, FileTask
from redactor.manifest import Applicant, Manifest, RowError
from redactor.options import MaskOptions
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

    @property
    def skipped_files(self) -> int:
        return sum(a.skipped_files for a in self.applicants)


class _ApplicantRun:
    """One applicant in flight: its tasks, and the outcomes that came back."""

    def __init__(
        self, applicant: Applicant, out_dir: Path, options: MaskOptions, force: bool
    ) -> None:
        self.applicant = applicant
        self.out_dir = out_dir
        # The folder as seen from the summary beside it: no absolute path of this machine.
        self.summary = ApplicantSummary(applicant.id, applicant.row, applicant.id)
        api.check_paths([applicant.folder], out_dir)
        files = api.walk_inputs([applicant.folder])
        self.tasks = [
            FileTask(path, relative, out_dir, applicant.identity, options)
            for path, relative in files
        ]
        self.result = api.RunResult(files=len(files))
        self.pages_expected = {task.path: _page_count(task) for task in self.tasks}

    def record(self, outcome: FileOutcome) -> None:
        self.result.pages.extend(outcome.audits)
        if outcome.error_kind:
            self.result.failed_files += 1
            self.result.exit_code = most_severe([self.result.exit_code, outcome.exit_code])

    def finish(self) -> ApplicantSummary:
        api.write_audit(self.out_dir, self.result)
        summary = self.summary
        summary.pages = self.result.pages
        summary.files = self.result.files
        summary.failed_files = self.result.failed_files
        summary.exit_code = int(self.result.exit_code)
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
    summaries = [_row_error_summary(e) for e in manifest.errors]
    for error in manifest.errors:
        _report(progress, str(error))
    runs = _prepare(manifest.applicants, out_dir, options, force, summaries, progress)
    tasks = [task for run in runs.values() for task in run.tasks]
    if progress.on_start:
        pages = sum(n for run in runs.values() for n in run.pages_expected.values())
        progress.on_start(len(tasks), pages)
    try:
        for outcome in executor.run(tasks):
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
    return BatchResult(summaries, csv_path, xlsx_path, _most_severe(summaries))


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
