"""What ``redactor review`` saves: a file's plan edited by hand, painted again from the ORIGINAL
input (apply_plan), with its record, its audit rows and the report brought up to date.

Edits arrive as JSON from the review page, per page: the regions to keep (an ``id`` of the plan,
with its polygon, moved or resized, or no id for a box drawn by hand) and the ids removed. A
region drawn by hand gets ``source: manual``; a region removed is kept in the plan's
``removed`` list (shown as an outline, restorable, never painted).
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor import audit, records
from redactor.plan import (
    FilePlan,
    PagePlan,
    PlanError,
    Region,
    _region_id,
    _unique_ids,
    apply_plan,
    page_audits,
)
from redactor.types import PageAudit, RegionAudit

MANUAL = "manual"
# Kinds a box drawn by hand may be given on the page (else "manual").
HAND_KINDS = ("manual", "name", "unit", "signature", "seal", "eyes", "identifier")
MAX_POINTS = 256  # a polygon from the page is a box or a detector's outline, never more


@dataclass(frozen=True)
class ReviewFolder:
    """Where one run's files are: outputs and plans in ``out_dir``, the audit in ``audit_dir``,
    the inputs where the plans say (or under ``input_root``)."""

    out_dir: Path
    audit_dir: Path
    input_root: Path | None = None

    @property
    def plan_dir(self) -> Path:
        return records.state_dir(self.out_dir) / records.PLANS_DIR

    def plan_path(self, file: str) -> Path:
        return records.plan_path(self.plan_dir, Path(file))

    def source(self, plan: FilePlan) -> Path:
        return plan.source(self.input_root)


def edited_plan(plan: FilePlan, edits: dict[str, Any]) -> FilePlan:
    """``plan`` with the page edits of the review page applied; raises PlanError on edits that
    do not fit the plan (an unknown page, a polygon that is not a list of points)."""
    by_number = {p.number: p for p in plan.pages}
    pages = dict(by_number)
    for page_edit in _list(edits.get("pages"), "pages"):
        number = int(page_edit.get("number", 0))
        if number not in by_number:
            raise PlanError(f"the plan has no page {number}")
        pages[number] = _edited_page(by_number[number], page_edit)
    return dataclasses.replace(plan, pages=tuple(pages[p.number] for p in plan.pages))


def _edited_page(page: PagePlan, edit: dict[str, Any]) -> PagePlan:
    known = {r.id: r for r in (*page.regions, *page.removed)}
    kept: list[Region] = []
    for item in _list(edit.get("regions"), "regions"):
        polygon = _polygon(item.get("polygon"), page)
        region = known.get(str(item.get("id") or ""))
        if region is None:
            kept.append(_hand_region(page.number, item, polygon))
        elif _same(region.polygon, polygon):
            kept.append(region)
        else:  # moved or resized by hand: the polygon drawn is what is filled
            evidence = {**region.evidence, "edited_by_hand": True}
            kept.append(
                dataclasses.replace(
                    region, polygon=polygon, quad=(), outlined=True, evidence=evidence
                )
            )
    kept_ids = {r.id for r in kept}
    removed = [r for r in known.values() if r.id not in kept_ids]
    # Two boxes drawn alike would share an id: numbered, as plan_page numbers its own.
    return dataclasses.replace(page, regions=_unique_ids(kept), removed=tuple(removed))


def _hand_region(number: int, item: dict[str, Any], polygon: tuple) -> Region:
    kind = str(item.get("kind") or MANUAL)
    if kind not in HAND_KINDS:
        raise PlanError(f"unknown kind {kind!r}")
    return Region(
        id=_region_id(number, MANUAL, polygon),
        kind=kind,
        source=MANUAL,
        text="",
        score=1.0,
        polygon=polygon,
        outlined=True,
    )


def _polygon(value: object, page: PagePlan) -> tuple[tuple[float, float], ...]:
    points = _list(value, "polygon")
    if not 3 <= len(points) <= MAX_POINTS:
        raise PlanError("a polygon needs 3 to 256 points")
    out = []
    for point in points:
        x, y = (float(v) for v in _list(point, "point"))
        if not (math.isfinite(x) and math.isfinite(y)):
            raise PlanError("a polygon's points must be numbers")
        # Clipped to the page: a box dragged past its edge covers up to the edge.
        out.append((min(max(x, 0.0), page.width), min(max(y, 0.0), page.height)))
    return tuple(out)


def _same(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(
        abs(p[0] - q[0]) < 0.5 and abs(p[1] - q[1]) < 0.5 for p, q in zip(a, b, strict=True)
    )


def _list(value: object, what: str) -> list:
    if not isinstance(value, list):
        raise PlanError(f"{what}: expected a list")
    return value


def save_review(folder: ReviewFolder, file: str, plan: FilePlan, output: str) -> list[PageAudit]:
    """Paint ``plan`` from the original input into ``out_dir/output``, then keep it: the plan
    file, a record (so a later ``redactor mask`` into OUT keeps the reviewed copy) and the
    file's rows of audit.json / audit.csv. The caller holds OUT's run lock."""
    relative = Path(output)
    if relative.is_absolute() or ".." in relative.parts:
        raise PlanError(f"the output path {output!r} leaves the output folder")
    source = folder.source(plan)
    if not source.is_file():
        raise PlanError(f"{source}: the original input is not there (see --input-root)")
    apply_plan(source, plan, folder.out_dir / relative)
    rows = page_audits(plan, output)
    plan.save(folder.plan_path(file))
    _record(folder, file, plan, rows)
    _update_audit(folder.audit_dir, file, rows)
    return rows


def _record(folder: ReviewFolder, file: str, plan: FilePlan, rows: list[PageAudit]) -> None:
    log_path = records.records_path(folder.out_dir)
    earlier = records.latest_by_input(log_path).get(file)
    same_input = earlier and earlier.get("sha256") == plan.sha256
    key = earlier["key"] if same_input else ""
    plan_rel = folder.plan_path(file).relative_to(folder.out_dir).as_posix()
    record = records.new_record(key, Path(file), plan.sha256, rows, 0, None, plan_rel)
    record["audit_text"] = bool(earlier and earlier.get("audit_text"))
    record["reviewed"] = True
    log = records.RecordLog(log_path)
    try:
        log.append(record)
    finally:
        log.close()


def _update_audit(audit_dir: Path, file: str, rows: list[PageAudit]) -> None:
    """Replace ``file``'s rows of audit.json (in place, the others untouched) and audit.csv."""
    path = audit_dir / "audit.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    keep_text = any("text" in r for p in document["pages"] for r in p.get("regions", ()))
    new_rows = audit.audit_document(rows, {}, keep_text)["pages"]
    pages, placed = [], False
    for row in document["pages"]:
        if row.get("file") != file:
            pages.append(row)
        elif not placed:
            pages.extend(new_rows)
            placed = True
    if not placed:
        pages.extend(new_rows)
    good = [p for p in pages if not p.get("error")]
    document["pages"] = pages
    document["summary"]["pages"] = len(good)
    document["summary"]["pages_needing_masking"] = sum(1 for p in good if p["needs_masking"])
    audit.write_json(path, document)
    audit.write_csv(audit_dir / "audit.csv", [_page_audit(p) for p in pages])


def _page_audit(row: dict[str, Any]) -> PageAudit:
    """An audit.json row back as PageAudit (for audit.csv, which counts regions by kind)."""
    d = dict(row)
    regions = []
    for r in d.pop("regions", ()):
        r = dict(r)
        r["text"] = r.pop("text", None) or "*" * int(r.pop("text_length", 0) or 0)
        r.pop("text_length", None)
        regions.append(RegionAudit(**r))
    known = PageAudit.__dataclass_fields__
    return PageAudit(**{k: v for k, v in d.items() if k in known}, regions=regions)
