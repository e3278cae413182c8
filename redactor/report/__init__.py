"""The HTML report of a run: one card per page with before/after thumbnails (see build)."""

from redactor.report.build import (
    REPORT_NAME,
    ReportSettings,
    report_dir,
    write_batch_report,
    write_report,
)
from redactor.report.collect import ReportError

__all__ = [
    "REPORT_NAME",
    "ReportError",
    "ReportSettings",
    "report_dir",
    "write_batch_report",
    "write_report",
]
