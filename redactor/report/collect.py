"""What the report shows, gathered from the audit (which pages, their answers, failures) and
the plans (the exact polygons filled, and those removed by hand)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redactor import records
from redactor.errors import InputError, RedactorError
from redactor.plan import FilePlan, Region


@dataclass(frozen=True)
class KindStyle:
    kind: str
    zh: str
    en: str
    colour: str


# One colour per kind, on the "before" thumbnails and in the legend; "manual": added by hand.
KIND_STYLES = (
    KindStyle("name", "姓名", "name", "#e02424"),
    KindStyle("unit", "单位", "unit", "#0e9f6e"),
    KindStyle("signature", "签名", "signature", "#ff8a00"),
    KindStyle("seal", "公章", "seal", "#9061f9"),
    KindStyle("eyes", "眼部", "eyes", "#1c64f2"),
    KindStyle("identifier", "证件号/电话", "ID / phone", "#8b5a2b"),
    KindStyle("manual", "手工添加", "added by hand", "#e74694"),
)
REMOVED_COLOUR = "#6b7280"
_STYLE = {s.kind: s for s in KIND_STYLES}


def kind_style(kind: str) -> KindStyle:
    return _STYLE.get(kind, KindStyle(kind, kind, kind, "#111827"))


@dataclass(frozen=True)
class Shape:
    """A region outlined on the "before" thumbnail, in page pixels (the SVG's viewBox)."""

    kind: str
    points: str  # "x,y x,y ..." for an SVG polygon
    colour: str
    label: str
    removed: bool = False


@dataclass
class PageCard:
    file: str
    output: str
    number: int
    width: int
    height: int
    needs_masking: bool
    counts: list[tuple[KindStyle, int]]
    shapes: list[Shape]
    self_check_passes: int = 0
    # Filled in when the thumbnails are made: paths relative to the report.
    before: str | None = None
    after: str | None = None
    note: str = ""


@dataclass
class FileGroup:
    """One input file's rows of the audit, with its plan when there is one."""

    file: str
    rows: list[dict[str, Any]]
    plan: FilePlan | None = None
    plan_error: str = ""

    @property
    def output(self) -> str:
        return next((r["output"] for r in self.rows if r.get("output")), self.file)


@dataclass
class ReportData:
    summary: dict[str, Any]
    kind_counts: list[tuple[KindStyle, int]]
    cards: list[PageCard] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    exempt: list[tuple[str, int]] = field(default_factory=list)


def read_audit(audit_dir: Path) -> dict[str, Any]:
    path = audit_dir / "audit.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(f"cannot read {path}: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("pages"), list):
        raise ReportError(f"{path}: not a redactor audit")
    return document


class ReportError(InputError):
    """No audit (or batch summary) to build a report from."""

    code = "report"


def file_groups(out_dir: Path, document: dict[str, Any]) -> list[FileGroup]:
    """The audit's rows by input file, in the audit's order, each with its plan."""
    groups: dict[str, FileGroup] = {}
    for row in document["pages"]:
        groups.setdefault(row["file"], FileGroup(row["file"], [])).rows.append(row)
    plan_dir = records.state_dir(out_dir) / records.PLANS_DIR
    for group in groups.values():
        if any(r.get("error") for r in group.rows):
            continue
        path = records.plan_path(plan_dir, Path(group.file))
        try:
            group.plan = FilePlan.load(path)
        except RedactorError as exc:
            group.plan_error = str(exc)
    return list(groups.values())


def collect(out_dir: Path, document: dict[str, Any]) -> tuple[ReportData, list[FileGroup]]:
    groups = file_groups(out_dir, document)
    totals: dict[str, int] = {}
    data = ReportData(summary=_summary(document), kind_counts=[])
    for group in groups:
        errors = [r for r in group.rows if r.get("error")]
        if errors:
            data.failures.append((group.file, str(errors[0]["error"])))
            continue
        if any(r.get("exempt") for r in group.rows):
            data.exempt.append((group.file, len(group.rows)))
            continue
        for row in group.rows:
            card = _card(group, row)
            for style, n in card.counts:
                totals[style.kind] = totals.get(style.kind, 0) + n
            data.cards.append(card)
    data.kind_counts = [(s, totals[s.kind]) for s in KIND_STYLES if totals.get(s.kind)]
    data.kind_counts += [(kind_style(k), n) for k, n in totals.items() if k not in _STYLE]
    return data, groups


def _summary(document: dict[str, Any]) -> dict[str, Any]:
    pages = document["pages"]
    good = [p for p in pages if not p.get("error")]
    return {
        "files": len({p["file"] for p in pages}),
        "pages": len(good),
        "pages_needing_masking": sum(1 for p in good if p.get("needs_masking")),
        "failed_files": len({p["file"] for p in pages if p.get("error")}),
        "exempt_files": len({p["file"] for p in good if p.get("exempt")}),
        "created": document.get("created", ""),
        "tool": document.get("tool", ""),
    }


def _card(group: FileGroup, row: dict[str, Any]) -> PageCard:
    number = int(row["page"])
    page_plan = None
    if group.plan is not None:
        page_plan = next((p for p in group.plan.pages if p.number == number), None)
    counts: dict[str, int] = {}
    for region in row.get("regions", ()):
        counts[region["kind"]] = counts.get(region["kind"], 0) + 1
    if page_plan is not None:
        shapes = [_shape(r) for r in page_plan.regions]
        shapes += [_shape(r, removed=True) for r in page_plan.removed]
        width, height = page_plan.width, page_plan.height
    else:  # no plan (an older run): the audit's boxes
        shapes = [_box_shape(r) for r in row.get("regions", ())]
        width, height = int(row.get("width") or 1), int(row.get("height") or 1)
    check = row.get("self_check") or {}
    return PageCard(
        file=group.file,
        output=str(row.get("output") or group.file),
        number=number,
        width=width,
        height=height,
        needs_masking=bool(row.get("needs_masking")),
        counts=_ordered_counts(counts),
        shapes=shapes,
        self_check_passes=int(check.get("passes") or 0),
        note="" if group.plan else (group.plan_error or "no plan"),
    )


def _ordered_counts(counts: dict[str, int]) -> list[tuple[KindStyle, int]]:
    known = [(s, counts[s.kind]) for s in KIND_STYLES if s.kind in counts]
    return known + [(kind_style(k), n) for k, n in counts.items() if k not in _STYLE]


def _shape(region: Region, removed: bool = False) -> Shape:
    kind = "manual" if region.source == "manual" else region.kind
    style = kind_style(kind)
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in region.polygon)
    label = f"{style.zh} {style.en}" + (" (已手工移除 removed by hand)" if removed else "")
    return Shape(kind, points, REMOVED_COLOUR if removed else style.colour, label, removed)


def _box_shape(region: dict[str, Any]) -> Shape:
    x0, y0, x1, y1 = region["bbox"]
    style = kind_style(region["kind"])
    points = f"{x0},{y0} {x1},{y0} {x1},{y1} {x0},{y1}"
    return Shape(style.kind, points, style.colour, f"{style.zh} {style.en}")
