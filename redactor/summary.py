"""OUT/summary.csv and OUT/summary.xlsx of a batch: one row per applicant.

The summary names applicants by their manifest id only (never by name or unit), so it can be
passed on with the masked folders. Every text cell is made formula-safe: a spreadsheet must not
run a cell that came from a manifest or a file name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from redactor.audit import KINDS
from redactor.sinks import atomic_output
from redactor.types import PageAudit

# Cells starting with one of these are formulas (or DDE) to Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass
class ApplicantSummary:
    """What one applicant's run did; ``error`` is set when the applicant did not run at all."""

    applicant_id: str
    row: int  # manifest row
    output: str  # the folder of its outputs and audit, relative to the summary's folder
    pages: list[PageAudit] = field(default_factory=list)
    files: int = 0
    skipped_files: int = 0  # done by an earlier run, kept as they were (resume)
    failed_files: int = 0
    exit_code: int = 0
    error: str = ""

    def counts(self) -> dict[str, int]:
        """Pages read, pages needing masking, exempt pages, and pages with each kind of region."""
        good = [p for p in self.pages if not p.error]
        out = {
            "pages": len(good),
            "pages_needing_masking": sum(1 for p in good if p.needs_masking),
            "exempt_pages": sum(1 for p in good if p.exempt),
        }
        for kind in KINDS:
            out[f"pages_{kind}"] = sum(1 for p in good if kind in p.counts())
        return out


COLUMNS = (
    "id",
    "manifest_row",
    "status",
    "files",
    "pages",
    "pages_needing_masking",
    *(f"pages_{k}" for k in KINDS),
    "exempt_pages",
    "failed_files",
    "skipped_files",
    "output",
    "error",
)


def summary_rows(applicants: Sequence[ApplicantSummary]) -> list[list[object]]:
    """The header and one row per applicant, in manifest order; text cells formula-safe."""
    rows: list[list[object]] = [list(COLUMNS)]
    for a in sorted(applicants, key=lambda a: a.row):
        counts = a.counts()
        status = "error" if a.error else ("failed files" if a.failed_files else "ok")
        rows.append(
            [
                safe_text(a.applicant_id),
                a.row,
                status,
                a.files,
                counts["pages"],
                counts["pages_needing_masking"],
                *(counts[f"pages_{k}"] for k in KINDS),
                counts["exempt_pages"],
                a.failed_files,
                a.skipped_files,
                safe_text(a.output),
                safe_text(a.error),
            ]
        )
    return rows


def safe_text(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_summary(out_dir: Path, applicants: Sequence[ApplicantSummary]) -> tuple[Path, Path]:
    rows = summary_rows(applicants)
    return write_summary_csv(out_dir / "summary.csv", rows), write_summary_xlsx(
        out_dir / "summary.xlsx", rows
    )


def write_summary_csv(path: Path, rows: list[list[object]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    with atomic_output(path) as tmp:
        # A byte-order mark, so Excel opens the UTF-8 file with the right encoding.
        tmp.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
    return path


def write_summary_xlsx(path: Path, rows: list[list[object]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "summary"
    for values in rows:
        sheet.append(values)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    sheet.freeze_panes = "A2"
    with atomic_output(path) as tmp:
        book.save(tmp)
    return path
