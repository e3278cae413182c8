"""Library entry points. The CLI is a thin layer over ``redact_paths``.

Stages, each a small function over plain data (so a page can be sent to another process or a
cluster worker): ``find_on_page`` (text -> findings; never touches pixels), ``mask_page``
(findings -> masked pixels), then the writer. Errors are raised as ``RedactorError`` subclasses;
only ``redact_paths`` turns a failed file into an audit row and the batch goes on.
"""

from __future__ import annotations

import fnmatch
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from redactor import audit
from redactor.detect.faces import find_eyes, load_engine
from redactor.detect.match import find_identity
from redactor.detect.seals import find_seals, seals_to_mask_for_unit
from redactor.detect.signature import find_signatures
from redactor.detect.text import ocr_page
from redactor.errors import ExitCode, InputError, OutputError, RedactorError, UsageError
from redactor.mask import apply_masks, region_for
from redactor.options import Identity, MaskOptions
from redactor.sinks import PageWriter, atomic_output
from redactor.sources import iter_pages, open_source, walk_inputs  # noqa: F401 (re-export)
from redactor.types import SEAL, BBox, Finding, Page, PageAudit, RegionAudit
from redactor.verify.selfcheck import SelfCheckError

# A page with at least this many characters read has a trustworthy orientation from OCR.
MIN_CHARS_FOR_ORIENTATION = 20


@dataclass
class PageFindings:
    findings: list[Finding]
    rotation: int


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

    @property
    def pages_needing_masking(self) -> int:
        return sum(1 for p in self.pages if p.needs_masking and not p.error)

    def summary(self) -> dict[str, int]:
        return {
            "files": self.files,
            "failed_files": self.failed_files,
            "pages": sum(1 for p in self.pages if not p.error),
            "pages_needing_masking": self.pages_needing_masking,
        }


def find_on_page(page: Page, identity: Identity, options: MaskOptions) -> PageFindings:
    """Everything on the page that must be masked. Pure finding: pixels are not changed."""
    ocr = ocr_page(page)
    lines = [*page.text_lines, *ocr.lines]
    findings = find_identity(lines, identity)
    if options.signatures:
        findings += find_signatures(lines, page.image, ocr.rotation)
    if options.seals != "off":
        seals = find_seals(page)
        if options.seals == "unit":
            # Only seals read clearly as another body's stay visible: an unread or garbled
            # seal may be the unit's, and leaving it would fail the review.
            seals = seals_to_mask_for_unit(seals, identity)
        findings += seals
    if options.eyes != "off":
        # Faces are found in the page's reading orientation. A page with too little text to
        # tell its orientation (a photo) is searched in all four.
        known = sum(len(line.text) for line in lines) >= MIN_CHARS_FOR_ORIENTATION
        eyes = find_eyes(page, options, ocr.rotation if known else None)
        # A "face" inside a seal is its star and arc text; the seal is masked whole anyway.
        seal_boxes = [f.bbox for f in findings if f.kind == SEAL]
        findings += [e for e in eyes if not any(_centre_in(e.bbox, s) for s in seal_boxes)]
    return PageFindings(findings, ocr.rotation)


def _centre_in(inner: BBox, outer: BBox) -> bool:
    return outer.x0 <= inner.cx <= outer.x1 and outer.y0 <= inner.cy <= outer.y1


def mask_page(page: Page, findings: list[Finding], options: MaskOptions) -> np.ndarray:
    return apply_masks(page.image, [region_for(f, options) for f in findings], options.fill)


def page_audit(page: Page, found: PageFindings) -> PageAudit:
    regions = [
        RegionAudit(
            f.kind,
            f.bbox.clip(page.width, page.height).to_list(),
            f.quad.to_list(),
            f.text,
            float(f.score),
            f.source,
            [[round(x, 1), round(y, 1)] for x, y in f.outline] if f.outline else None,
            dict(f.detail),
        )
        for f in found.findings
    ]
    return PageAudit(
        file=page.file,
        page=page.number,
        width=page.width,
        height=page.height,
        dpi=page.dpi,
        needs_masking=bool(regions),
        rotation=found.rotation,
        regions=regions,
    )


def process_page(page: Page, identity: Identity, options: MaskOptions) -> PageResult:
    found = find_on_page(page, identity, options)
    audit, masked = page_audit(page, found), mask_page(page, found.findings, options)
    if options.check != "off":
        from redactor.verify.selfcheck import self_check

        masked, audit.self_check = self_check(
            page, masked, found.findings, identity, options, found.rotation
        )
    return PageResult(audit, masked)


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
    source = open_source(path)
    writer = PageWriter(source.fmt, source.hints, options.jpeg_quality)
    audits: list[PageAudit] = []
    display = relative.as_posix()
    for index, page in enumerate(iter_pages(source, display, options.dpi, options.max_pixels)):
        result = process_page(page, identity, options)
        result.audit.output = display
        writer.add(result.masked, page.dpi or options.dpi, index)
        audits.append(result.audit)
        if on_page:
            on_page(result.audit)
    writer.write(out_dir / relative)
    return audits


def is_exempt(relative: Path, options: MaskOptions) -> bool:
    """Whether a file matches one of the ``--exempt`` globs (by relative path or by name)."""
    posix, name = relative.as_posix(), relative.name
    return any(fnmatch.fnmatch(posix, g) or fnmatch.fnmatch(name, g) for g in options.exempt)


def copy_exempt(path: Path, relative: Path, out_dir: Path) -> list[PageAudit]:
    """Copy an exempt file (ID card, certificate photo) unchanged; one audit row per page.
    The file is still opened first, so a corrupt or encrypted one is reported like any other."""
    source = open_source(path)
    display = relative.as_posix()
    with atomic_output(out_dir / relative) as tmp:
        shutil.copyfile(path, tmp)
    return [
        PageAudit(file=display, page=n, exempt=True, output=display)
        for n in range(1, source.page_count + 1)
    ]


def check_paths(inputs: list[Path], out_dir: Path) -> None:
    """Refuse runs that would overwrite an input or write inside an input folder."""
    out = out_dir.resolve()
    for item in inputs:
        if not item.exists():
            raise UsageError(f"{item}: no such file or folder")
        src = item.resolve()
        if item.is_dir() and (out == src or src in out.parents):
            raise UsageError(f"{out_dir}: the output folder must not be inside an input folder")
        if item.is_file() and out == src.parent:
            raise UsageError(f"{out_dir}: the output folder must not be an input's own folder")


def redact_paths(
    inputs: list[Path],
    out_dir: Path,
    identity: Identity,
    options: MaskOptions,
    on_file_done: Callable[[Path], None] | None = None,
    on_page: Callable[[PageAudit], None] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> RunResult:
    """Mask every supported file under ``inputs`` into ``out_dir`` and write the audit."""
    check_paths(inputs, out_dir)
    if options.eyes != "off":
        # A missing face model stops the run before any file, not after the first page.
        load_engine(options.face_engine)
    files = walk_inputs(inputs)
    input_set = {p.resolve() for p, _ in files}
    result = RunResult(files=len(files))
    claimed: set[Path] = set()
    last_audit = time.monotonic()
    try:
        for path, relative in files:
            _redact_one(
                path,
                relative,
                out_dir,
                identity,
                options,
                input_set,
                claimed,
                result,
                on_page,
                on_error,
            )
            if on_file_done:
                on_file_done(relative)
            # Keep the audit on disk as the run goes: a crash still leaves a record of it.
            if time.monotonic() - last_audit > 10:
                write_audit(out_dir, result)
                last_audit = time.monotonic()
    finally:
        # Also on Ctrl-C: every output written so far is complete, and the audit says which.
        write_audit(out_dir, result)
    return result


def _redact_one(
    path: Path,
    relative: Path,
    out_dir: Path,
    identity: Identity,
    options: MaskOptions,
    input_set: set[Path],
    claimed: set[Path],
    result: RunResult,
    on_page: Callable[[PageAudit], None] | None,
    on_error: Callable[[str], None] | None,
) -> None:
    """Mask one file of a batch; a failure becomes an audit row, never the end of the batch."""
    display = relative.as_posix()
    dest = (out_dir / relative).resolve()
    try:
        if dest in input_set:
            raise UsageError("output would overwrite an input file")
        if dest in claimed:
            raise UsageError("another input has the same relative path")
        claimed.add(dest)
        if is_exempt(relative, options):
            audits = copy_exempt(path, relative, out_dir)
            if on_page:
                for a in audits:
                    on_page(a)
        else:
            audits = redact_file(path, relative, out_dir, identity, options, on_page)
        result.pages.extend(audits)
        return
    except (InputError, UsageError, OutputError, SelfCheckError) as exc:
        code = exc.exit_code if not isinstance(exc, UsageError) else ExitCode.INPUT_FAILED
        kind, message = exc.code, str(exc)
    except MemoryError:
        code, kind, message = ExitCode.INPUT_FAILED, "too_large", "not enough memory for this file"
    except Exception as exc:  # a bug in redactor: report it, and go on with the others
        code, kind, message = ExitCode.INTERNAL, "internal", f"{type(exc).__name__}: {exc}"
    result.failed_files += 1
    result.pages.append(
        PageAudit(file=display, page=0, error=f"{kind}: {message}", error_code=int(code))
    )
    if result.exit_code == ExitCode.OK or code > result.exit_code:
        result.exit_code = ExitCode(code)
    if on_error:
        on_error(f"{display}: {message}")


def write_audit(out_dir: Path, result: RunResult) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    audit.write_json(out_dir / "audit.json", audit.audit_document(result.pages, result.summary()))
    audit.write_csv(out_dir / "audit.csv", result.pages)


__all__ = [
    "RedactorError",
    "find_on_page",
    "mask_page",
    "process_page",
    "redact_file",
    "redact_paths",
]
