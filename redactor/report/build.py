"""Write the HTML report of a run (``redactor mask``, ``redactor batch``, ``redactor report``).

The report shows the ORIGINAL pages (the "before" thumbnails), so it must never sit among the
files that are uploaded: it is written to ``AUDIT/.redactor/report/`` where AUDIT is the audit's
folder (OUT, or ``--audit DIR``). A dot-folder is skipped by every walk of redactor (a later
``redactor verify OUT`` or ``redactor mask OUT`` never reads the thumbnails) and sits beside the
plans and records, which hold the same input names. Everything it needs is in that folder:
``report.html`` and ``thumbs/*.jpg``; no network, no script.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from redactor import records
from redactor.errors import RedactorError
from redactor.report import render
from redactor.report.collect import (
    KIND_STYLES,
    REMOVED_COLOUR,
    FileGroup,
    PageCard,
    ReportError,
    collect,
    read_audit,
)
from redactor.sinks import atomic_output

REPORT_NAME = "report.html"
THUMBS_DIR = "thumbs"


@dataclass(frozen=True)
class ReportSettings:
    """How the thumbnails are made."""

    # Each thumbnail fits in this box (pixels): wide enough to see a mask, small on disk.
    thumb_box: tuple[int, int] = (420, 1400)
    jpeg_quality: int = 80


def report_dir(audit_dir: Path) -> Path:
    """Where the report of the run whose audit is in ``audit_dir`` goes."""
    return records.state_dir(audit_dir) / "report"


def write_report(
    out_dir: Path,
    audit_dir: Path | None = None,
    settings: ReportSettings | None = None,
    input_root: Path | None = None,
) -> Path:
    """The report of the run in ``out_dir`` (its audit in ``audit_dir``, default ``out_dir``),
    rebuilt from the audit and the plans; returns the path of report.html. Thumbnails made by
    an earlier build for the same pixels are kept, the others removed."""
    settings = settings or ReportSettings()
    audit_dir = audit_dir or out_dir
    document = read_audit(audit_dir)
    data, groups = collect(out_dir, document)
    folder = report_dir(audit_dir)
    thumbs = folder / THUMBS_DIR
    thumbs.mkdir(parents=True, exist_ok=True)
    made: set[str] = set()
    cards = _cards_by_file(data.cards)
    for group in groups:
        if group.file in cards and group.plan is not None:
            made |= _file_thumbnails(
                group, cards[group.file], out_dir, thumbs, settings, input_root
            )
    for stale in thumbs.glob("*.jpg"):
        if stale.name not in made:
            stale.unlink(missing_ok=True)
    html = _template("report.html.j2").render(
        data=data, styles=KIND_STYLES, removed_colour=REMOVED_COLOUR
    )
    target = folder / REPORT_NAME
    with atomic_output(target) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return target


def write_batch_report(out_dir: Path, settings: ReportSettings | None = None) -> Path:
    """Each applicant's report (``OUT/<id>/.redactor/report/``) and the batch's own page
    (``OUT/.redactor/report/report.html``: a section per applicant, with its counts, linking
    to its report), from OUT/summary.csv and each applicant's audit."""
    folder = report_dir(out_dir)
    rows = []
    for row in _summary_rows(out_dir):
        entry = {"row": row, "link": "", "data": None, "error": row.get("error", "")}
        output = row.get("output", "")
        if output and not row.get("error") and (out_dir / output / "audit.json").is_file():
            try:
                report = write_report(out_dir / output, settings=settings)
                entry["link"] = os.path.relpath(report, folder)
                entry["data"], _ = collect(out_dir / output, read_audit(out_dir / output))
            except (RedactorError, OSError) as exc:
                entry["error"] = f"report: {exc}"
        rows.append(entry)
    folder.mkdir(parents=True, exist_ok=True)
    html = _template("batch.html.j2").render(applicants=rows, totals=_batch_totals(rows))
    target = folder / REPORT_NAME
    with atomic_output(target) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return target


def _summary_rows(out_dir: Path) -> list[dict[str, str]]:
    path = out_dir / "summary.csv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc}") from exc
    # summary.csv guards cells against spreadsheets with a leading apostrophe; not needed here.
    return [{k: (v[1:] if v.startswith("'") else v) for k, v in r.items() if k} for r in rows]


def _batch_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    def total(column: str) -> int:
        return sum(int(r["row"].get(column) or 0) for r in rows)

    return {
        "applicants": len(rows),
        "not_run": sum(1 for r in rows if r["row"].get("status") == "error"),
        "files": total("files"),
        "pages": total("pages"),
        "pages_needing_masking": total("pages_needing_masking"),
        "failed_files": total("failed_files"),
    }


def _cards_by_file(cards: list[PageCard]) -> dict[str, list[PageCard]]:
    out: dict[str, list[PageCard]] = {}
    for card in cards:
        out.setdefault(card.file, []).append(card)
    return out


def _file_thumbnails(
    group: FileGroup,
    cards: list[PageCard],
    out_dir: Path,
    thumbs: Path,
    settings: ReportSettings,
    input_root: Path | None,
) -> set[str]:
    """Before (the original input) and after (the masked output) thumbnails of one file's
    pages; a card whose image cannot be read says so instead."""
    assert group.plan is not None
    plan = group.plan
    source = plan.source(input_root)
    output = out_dir / group.output
    made: set[str] = set()
    numbers = [c.number for c in cards]
    try:
        stamp = output.stat()
        after_key = f"{output.resolve()}:{stamp.st_size}:{stamp.st_mtime_ns}"
    except OSError:
        after_key = ""
    before_names = {n: _name(f"before:{plan.sha256}:{n}", settings) for n in numbers}
    after_names = {n: _name(f"after:{after_key}:{n}", settings) for n in numbers}
    problems = []
    if source.is_file():
        made |= _make(source, before_names, thumbs, settings, problems, "原文件 input")
    else:
        problems.append(f"原文件不在 input not found: {source}")
    if after_key:
        made |= _make(output, after_names, thumbs, settings, problems, "遮盖后 output")
    else:
        problems.append(f"遮盖后文件不在 output not found: {group.output}")
    for card in cards:
        before, after = before_names[card.number], after_names[card.number]
        card.before = f"{THUMBS_DIR}/{before}" if before in made else None
        card.after = f"{THUMBS_DIR}/{after}" if after in made else None
        card.note = "; ".join(problems)
    return made


def _make(
    path: Path,
    names: dict[int, str],
    thumbs: Path,
    settings: ReportSettings,
    problems: list[str],
    what: str,
) -> set[str]:
    missing = [n for n, name in names.items() if not (thumbs / name).is_file()]
    if missing:
        try:
            images = render.thumbnails(path, missing, settings.thumb_box)
        except (RedactorError, OSError, ValueError, RuntimeError) as exc:
            problems.append(f"{what}: {exc}")
            images = {}
        for number, image in images.items():
            data = render.jpeg_bytes(image, settings.jpeg_quality)
            with atomic_output(thumbs / names[number]) as tmp:
                tmp.write_bytes(data)
    return {name for name in names.values() if (thumbs / name).is_file()}


def _name(key: str, settings: ReportSettings) -> str:
    """A thumbnail's file name: a hash of what it shows, so a rebuild reuses it and the name
    says nothing about the input."""
    blob = f"{key}:{settings.thumb_box}:{settings.jpeg_quality}"
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:24] + ".jpg"


_ENV: jinja2.Environment | None = None


def _template(name: str) -> jinja2.Template:
    global _ENV
    if _ENV is None:
        _ENV = jinja2.Environment(
            loader=jinja2.PackageLoader("redactor.report", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _ENV.get_template(name)
