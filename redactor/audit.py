"""The per-page audit: ``audit.json`` (versioned, documented in the README) and ``audit.csv``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from redactor import __version__
from redactor.sinks import atomic_output
from redactor.types import IDENTIFIER, NAME, SIGNATURE, UNIT, PageAudit

AUDIT_VERSION = 1
# Columns of audit.csv, one per kind; later detectors append theirs.
KINDS = (NAME, UNIT, SIGNATURE, "seal", "eyes", IDENTIFIER)


def audit_document(pages: Iterable[PageAudit], summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "audit_version": AUDIT_VERSION,
        "tool": f"redactor {__version__}",
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "summary": summary,
        "pages": [p.to_dict() for p in pages],
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    with atomic_output(path) as tmp:
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


def write_csv(path: Path, pages: Iterable[PageAudit]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["file", "page", "needs_masking", *KINDS, "exempt", "output", "error"])
    for p in pages:
        counts = p.counts()
        writer.writerow(
            [
                p.file,
                p.page,
                "" if p.error else ("是" if p.needs_masking else "否"),
                *(counts.get(k, 0) for k in KINDS),
                "是" if p.exempt else "",
                p.output or "",
                p.error or "",
            ]
        )
    with atomic_output(path) as tmp:
        # UTF-8 with a byte-order mark, so Excel shows the Chinese columns correctly.
        tmp.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
