"""verify.json (versioned, documented in the README) and verify.csv (UTF-8 with BOM, one row a
page, formula-safe for Excel)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from redactor import __version__
from redactor.sinks import atomic_output
from redactor.verify.reasons import FAIL, Reason

VERIFY_VERSION = 1
# Cells starting with these are formulas to a spreadsheet: prefixed with ' in the CSV.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class PageVerdict:
    """The verdict on one page; a file that could not be read gets one verdict with page 0 and
    ``error`` set; a file-name warning gets one with page 0 and ``ok`` true."""

    file: str
    page: int
    reasons: list[Reason] = field(default_factory=list)
    exempt: bool = False
    error: str | None = None
    error_code: int | None = None
    applicant: str = ""  # the manifest id, in --manifest runs

    @property
    def ok(self) -> bool:
        if self.exempt:
            return True
        return self.error is None and not any(r.severity == FAIL for r in self.reasons)

    @property
    def result(self) -> str:
        if self.error:
            return "无法读取"
        if self.exempt:
            return "免检"
        if not self.ok:
            return "不通过"
        return "通过（警告）" if self.reasons else "通过"

    def to_dict(self) -> dict[str, Any]:
        return {
            **({"applicant": self.applicant} if self.applicant else {}),
            "file": self.file,
            "page": self.page,
            "ok": self.ok,
            "exempt": self.exempt,
            "reasons": [r.to_dict() for r in self.reasons],
            "error": self.error,
            "error_code": self.error_code,
        }


def summary(verdicts: Iterable[PageVerdict]) -> dict[str, int]:
    vs = list(verdicts)
    pages = [v for v in vs if v.page > 0]
    return {
        "files": len({v.file for v in vs}),
        "pages": len(pages),
        "pages_failed": sum(1 for v in pages if not v.ok),
        "pages_passed": sum(1 for v in pages if v.ok and not v.exempt),
        "pages_exempt": sum(1 for v in pages if v.exempt),
        "unreadable_files": sum(1 for v in vs if v.error),
        "warnings": sum(1 for v in vs for r in v.reasons if r.severity != FAIL),
    }


def verify_document(verdicts: list[PageVerdict]) -> dict[str, Any]:
    return {
        "verify_version": VERIFY_VERSION,
        "tool": f"redactor {__version__}",
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "summary": summary(verdicts),
        "pages": [v.to_dict() for v in verdicts],
    }


def _safe(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def write_report(out_dir: Path, verdicts: list[PageVerdict]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with atomic_output(out_dir / "verify.json") as tmp:
        tmp.write_text(
            json.dumps(verify_document(verdicts), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    buf = io.StringIO()
    writer = csv.writer(buf)
    by_applicant = any(v.applicant for v in verdicts)
    who = ["applicant"] if by_applicant else []
    writer.writerow([*who, "file", "page", "result", "reasons", "说明", "details"])
    for v in verdicts:
        messages = [r.messages() for r in v.reasons]
        writer.writerow(
            [
                *([_safe(v.applicant)] if by_applicant else []),
                _safe(v.file),
                v.page,
                v.result,
                " ".join(dict.fromkeys(r.code for r in v.reasons)),
                _safe("；".join(dict.fromkeys(zh for zh, _ in messages)) or (v.error or "")),
                _safe("; ".join(dict.fromkeys(en for _, en in messages))),
            ]
        )
    with atomic_output(out_dir / "verify.csv") as tmp:
        tmp.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")


SUMMARY_HEADER = [
    "applicant",
    "结果",
    "files",
    "pages",
    "failed",
    "passed",
    "exempt",
    "unreadable",
    "warnings",
    "reasons",
]


def applicant_rows(verdicts: list[PageVerdict]) -> list[list[object]]:
    """One row per applicant of a --manifest run: 通过 when every page passed."""
    rows: list[list[object]] = [list(SUMMARY_HEADER)]
    order = list(dict.fromkeys(v.applicant for v in verdicts))
    for applicant in order:
        mine = [v for v in verdicts if v.applicant == applicant]
        s = summary(mine)
        codes = " ".join(dict.fromkeys(r.code for v in mine if not v.ok for r in v.reasons))
        failed = s["pages_failed"] or s["unreadable_files"]
        rows.append(
            [
                _safe(applicant),
                "不通过" if failed else "通过",
                s["files"],
                s["pages"],
                s["pages_failed"],
                s["pages_passed"],
                s["pages_exempt"],
                s["unreadable_files"],
                s["warnings"],
                codes,
            ]
        )
    return rows


def write_applicant_summary(out_dir: Path, verdicts: list[PageVerdict]) -> None:
    """verify_summary.csv (BOM) and verify_summary.xlsx: one row per applicant."""
    from redactor.summary import write_summary_csv, write_summary_xlsx

    rows = applicant_rows(verdicts)
    write_summary_csv(out_dir / "verify_summary.csv", rows)
    write_summary_xlsx(out_dir / "verify_summary.xlsx", rows)
