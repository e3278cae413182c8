"""``redactor verify``: check submitted files, page by page, for anything that still shows or
holds the applicant. Reading errors become failure rows; the other files go on."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from redactor.api import is_exempt
from redactor.detect.faces import load_engine
from redactor.detect.textmatch import identity_in_text
from redactor.errors import ExitCode, InputError, UsageError
from redactor.options import Identity, MaskOptions
from redactor.sources import iter_pages, open_source, walk_inputs
from redactor.verify.image_meta import image_metadata_reasons
from redactor.verify.pdf_structure import pdf_structure_reasons
from redactor.verify.reasons import FAIL, WARN, Reason
from redactor.verify.report import PageVerdict, write_applicant_summary, write_report
from redactor.verify.visible import visible_reasons

# redactor's own reports, found when a mask output folder is verified: not attachments.
OWN_REPORTS = frozenset({"audit.json", "audit.csv", "verify.json", "verify.csv"})
# Text reasons that make the plain-text safety net's reason for the same kind redundant.
_TEXT_CODES = ("visible_text", "hidden_text")


@dataclass
class VerifyResult:
    verdicts: list[PageVerdict] = field(default_factory=list)

    @property
    def exit_code(self) -> ExitCode:
        codes = {v.error_code for v in self.verdicts if v.error_code}
        if codes:  # an unreadable input wins over failing pages: it was not verified at all
            return ExitCode.INPUT_FAILED if ExitCode.INPUT_FAILED in codes else ExitCode(max(codes))
        if any(not v.ok for v in self.verdicts):
            return ExitCode.VERIFY_FAILED
        return ExitCode.OK


def _merge(page_reasons: list[Reason], structure: list[Reason]) -> list[Reason]:
    """Page reasons plus structure reasons, without safety-net text reasons that repeat one
    the text layer already gave."""
    have = {r.kind for r in page_reasons if r.code in _TEXT_CODES and r.severity == FAIL}
    extra = [
        r
        for r in structure
        if not (r.code == "hidden_text" and r.detail.get("where") == "get_text" and r.kind in have)
    ]
    return [*page_reasons, *extra]


def file_name_reasons(relative: Path, identity: Identity) -> list[Reason]:
    """The name or unit in the file's path: a warning (see the README)."""
    text = "\n".join(relative.with_suffix("").parts)
    hits = dict.fromkeys((f.kind, f.text) for f in identity_in_text(text, identity))
    return [Reason("file_name", kind, None, seen, severity=WARN) for kind, seen in hits]


def verify_file(
    path: Path, relative: Path, identity: Identity, options: MaskOptions
) -> list[PageVerdict]:
    """Verdicts of every page of one file (raises InputError when it cannot be read)."""
    source = open_source(path)
    display = relative.as_posix()
    if source.fmt == "pdf":
        structure = pdf_structure_reasons(path, identity, options, display)
    else:
        structure = {1: image_metadata_reasons(path, identity)}
    verdicts = []
    for page in iter_pages(source, display, options.dpi, options.max_pixels):
        reasons = _merge(visible_reasons(page, identity, options), structure.get(page.number, []))
        verdicts.append(PageVerdict(display, page.number, reasons))
    for number, reasons in structure.items():
        if number > len(verdicts) and verdicts:  # a bookmark to a page that is not there
            verdicts[0].reasons.extend(reasons)
    return verdicts


@dataclass(frozen=True)
class VerifyTask:
    """One file to verify: everything a worker needs (picklable)."""

    path: Path
    relative: Path
    identity: Identity
    options: MaskOptions
    applicant: str = ""


def run_verify_task(task: VerifyTask) -> list[PageVerdict]:
    """Verdicts of one file; never raises (a failure is an error row)."""
    verdicts = _verify_one(task.path, task.relative, task.identity, task.options, None)
    for v in verdicts:
        v.applicant = task.applicant
    return verdicts


def _run_tasks(tasks: list[VerifyTask], jobs: int) -> Iterator[list[PageVerdict]]:
    """Each task's verdicts, in task order; with ``jobs`` > 1 in that many worker processes."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(run_verify_task, tasks)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # no forked model sessions
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(run_verify_task, tasks)


def _tasks(
    inputs: list[Path], identity: Identity, options: MaskOptions, applicant: str = ""
) -> list[VerifyTask]:
    return [
        VerifyTask(path, relative, identity, options, applicant)
        for path, relative in walk_inputs(inputs)
        if relative.name not in OWN_REPORTS
    ]


def verify_paths(
    inputs: list[Path],
    out_dir: Path,
    identity: Identity,
    options: MaskOptions,
    on_page: Callable[[PageVerdict], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    jobs: int = 1,
) -> VerifyResult:
    """Verify every supported file under ``inputs``; writes verify.json and verify.csv."""
    for item in inputs:
        if not os.path.lexists(item):  # a looping or dangling link becomes a failure row
            raise UsageError(f"{item}: no such file or folder")
    return _run(_tasks(inputs, identity, options), out_dir, options, on_page, on_error, jobs)


def verify_manifest(
    manifest_path: Path,
    out_dir: Path,
    options: MaskOptions,
    on_page: Callable[[PageVerdict], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    jobs: int = 1,
    pinyin: bool = True,
) -> VerifyResult:
    """Verify every applicant of a batch manifest (the same file ``redactor batch`` reads):
    each applicant's folder with their identity and exempt globs. Rows with per-applicant
    summaries go to verify_summary.csv / .xlsx besides verify.json / verify.csv."""
    from dataclasses import replace

    from redactor.manifest import load_manifest

    manifest = load_manifest(manifest_path, pinyin=pinyin)
    tasks: list[VerifyTask] = []
    for a in manifest.applicants:
        mine = replace(options, exempt=(*options.exempt, *a.exempt))
        tasks += _tasks([a.folder], a.identity, mine, a.id)
    result = _run(tasks, out_dir, options, on_page, on_error, jobs, summary_rows=True)
    rows = [
        PageVerdict(
            "",
            0,
            [Reason("unreadable", "", None, str(e))],
            error=str(e),
            error_code=int(ExitCode.INPUT_FAILED),
            applicant=e.id or f"row {e.row}",
        )
        for e in manifest.errors
    ]
    if rows:
        for message in rows:
            if on_error:
                on_error(str(message.error))
        result.verdicts += rows
        write_report(out_dir, result.verdicts)
        write_applicant_summary(out_dir, result.verdicts)
    return result


def _run(
    tasks: list[VerifyTask],
    out_dir: Path,
    options: MaskOptions,
    on_page: Callable[[PageVerdict], None] | None,
    on_error: Callable[[str], None] | None,
    jobs: int,
    summary_rows: bool = False,
) -> VerifyResult:
    if options.eyes != "off":
        load_engine(options.face_engine)
    result = VerifyResult()
    try:
        for verdicts in _run_tasks(tasks, jobs):
            for verdict in verdicts:
                result.verdicts.append(verdict)
                if verdict.error and on_error:
                    on_error(f"{verdict.file}: {verdict.error}")
                if on_page:
                    on_page(verdict)
    finally:
        write_report(out_dir, result.verdicts)
        if summary_rows:
            write_applicant_summary(out_dir, result.verdicts)
    return result


def _verify_one(
    path: Path,
    relative: Path,
    identity: Identity,
    options: MaskOptions,
    on_error: Callable[[str], None] | None,
) -> list[PageVerdict]:
    display = relative.as_posix()
    warnings = file_name_reasons(relative, identity)
    head = [PageVerdict(display, 0, warnings)] if warnings else []
    try:
        if is_exempt(relative, options):
            count = open_source(path).page_count
            return [PageVerdict(display, n, exempt=True) for n in range(1, count + 1)]
        return head + verify_file(path, relative, identity, options)
    except InputError as exc:
        code, message = exc.exit_code, f"{exc.code}: {exc}"
    except MemoryError:
        code, message = ExitCode.INPUT_FAILED, "too_large: not enough memory for this file"
    except Exception as exc:  # a bug in redactor: report it, and go on with the others
        code, message = ExitCode.INTERNAL, f"internal: {type(exc).__name__}: {exc}"
    if on_error:
        on_error(f"{display}: {message}")
    unreadable = Reason("unreadable", "", None, message)
    return [*head, PageVerdict(display, 0, [unreadable], error=message, error_code=int(code))]
