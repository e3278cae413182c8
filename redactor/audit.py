"""The per-page audit: ``audit.json`` (versioned, documented in the README) and ``audit.csv``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from redactor import __version__
from redactor.sinks import atomic_output
from redactor.types import IDENTIFIER, NAME, SIGNATURE, UNIT, PageAudit

AUDIT_VERSION = 1
# Columns of audit.csv, one per kind; later detectors append theirs.
KINDS = (NAME, UNIT, SIGNATURE, "seal", "eyes", IDENTIFIER)
# A spreadsheet evaluates a cell that begins with one of these as a formula (=HYPERLINK(...)).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def audit_document(
    pages: Iterable[PageAudit], summary: dict[str, Any], keep_text: bool = False
) -> dict[str, Any]:
    """The audit.json document. Unless ``keep_text``, each region says what kind of thing was
    found, how long its text was and where, but not the text itself (the name, the unit, a
    seal's arc text), so the audit does not repeat what was masked."""
    return {
        "audit_version": AUDIT_VERSION,
        "tool": f"redactor {__version__}",
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "summary": summary,
        "pages": [_page_dict(p, keep_text) for p in pages],
    }


def _page_dict(page: PageAudit, keep_text: bool) -> dict[str, Any]:
    data = page.to_dict()
    if not keep_text:
        for region in data["regions"]:
            region["text_length"] = len(region.pop("text") or "")
    return data


def hidden_text(text: str) -> str:
    """What the plans and records under OUT/.redactor keep of a matched text without
    --audit-text: its length only, so they name no one."""
    return "*" * len(text or "")


def without_text(page: PageAudit) -> PageAudit:
    """The page's audit with each region's matched text hidden (see hidden_text)."""
    regions = [replace(r, text=hidden_text(r.text)) for r in page.regions]
    return replace(page, regions=regions)


def csv_cell(value: object) -> object:
    """A cell as spreadsheets expect it written: text that would start a formula gets a leading
    apostrophe (OWASP's advice for CSV injection), so Excel shows it and does not run it."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_json(path: Path, document: dict[str, Any]) -> None:
    with atomic_output(path) as tmp:
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


def write_csv(path: Path, pages: Iterable[PageAudit]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["file", "page", "needs_masking", *KINDS, "exempt", "output", "error"])
    for p in pages:
        counts = p.counts()
        row = [
            p.file,
            p.page,
            "" if p.error else ("是" if p.needs_masking else "否"),
            *(counts.get(k, 0) for k in KINDS),
            "是" if p.exempt else "",
            p.output or "",
            p.error or "",
        ]
        writer.writerow([csv_cell(v) for v in row])
    with atomic_output(path) as tmp:
        # UTF-8 with a byte-order mark, so Excel shows the Chinese columns correctly.
        tmp.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")


def previous_outputs(audit_dir: Path) -> set[str]:
    """The outputs an earlier run recorded in ``audit_dir/audit.json`` (relative paths): what
    redactor knows it wrote there. Empty when there is no readable audit."""
    try:
        document = json.loads((audit_dir / "audit.json").read_text(encoding="utf-8"))
        return {p["output"] for p in document["pages"] if isinstance(p.get("output"), str)}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
