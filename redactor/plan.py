"""The mask plan: what was found on every page of one input, as data of its own.

Finding and painting are two steps with this artefact between them. ``plan_file`` finds;
``apply_plan`` paints a plan onto the ORIGINAL input (never onto an output), so a plan edited by
hand (a region removed or added) re-applies cleanly and nothing is masked twice. ``mask_file``,
what ``redactor mask`` runs, does both in one pass over the pages and paints with the same
function as ``apply_plan``: applying a saved plan gives the same pixels as masking directly.

A plan holds the text that was found (the applicant's name): it belongs with the audit in
``OUT/.redactor/``, never with the masked copies handed to reviewers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from redactor import __version__, find, timing
from redactor.detect import engines
from redactor.errors import InputError
from redactor.mask import apply_masks, margin_fitted, region_for
from redactor.options import Identity, MaskOptions
from redactor.sinks import PageWriter, atomic_output
from redactor.sources import SourceFile, iter_pages, open_source
from redactor.types import BBox, Finding, Page, PageAudit, Point, Quad, RegionAudit

PLAN_VERSION = 1
TOOL = f"redactor {__version__}"
_HASH_CHUNK = 1 << 20


class PlanError(InputError):
    """A plan that cannot be applied: unreadable, another version, or not this input's."""

    code = "plan"


@dataclass(frozen=True)
class Region:
    """One area to fill on a page.

    ``polygon`` is exactly what is filled (the margin already applied), in page-image pixels.
    ``quad`` is what was found (four corners in reading order; empty for a region added by hand).
    ``outlined``: the polygon is a detector's own outline (a seal's ellipse), or a text fill whose
    margin stops short of a neighbouring line's ink (Finding.margin_room), rather than the quad
    grown by the whole margin. ``evidence``: what else the detector saw (a face's box and eyes...).
    """

    id: str
    kind: str
    source: str
    text: str
    score: float
    polygon: tuple[Point, ...]
    quad: tuple[Point, ...] = ()
    outlined: bool = False
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def bbox(self) -> BBox:
        return BBox.around(self.quad or self.polygon)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["polygon"] = [list(p) for p in self.polygon]
        d["quad"] = [list(p) for p in self.quad]
        d["bbox"] = self.bbox.to_list()  # derived: for people reading the plan
        return d

    @staticmethod
    def from_dict(d: dict[str, Any], page: int = 0) -> Region:
        polygon = tuple((float(x), float(y)) for x, y in d["polygon"])
        if len(polygon) < 3:
            raise PlanError(f"region {d.get('id', '?')}: a polygon needs at least 3 points")
        quad = tuple((float(x), float(y)) for x, y in d.get("quad") or ())
        return Region(
            id=str(d.get("id") or _region_id(page, str(d.get("kind", "manual")), polygon)),
            kind=str(d.get("kind", "manual")),
            source=str(d.get("source", "manual")),
            text=str(d.get("text", "")),
            score=float(d.get("score", 1.0)),
            polygon=polygon,
            quad=quad,
            # A region added by hand with only a polygon is its own outline.
            outlined=bool(d.get("outlined", not quad)),
            evidence=dict(d.get("evidence") or {}),
        )


@dataclass(frozen=True)
class PagePlan:
    number: int  # 1-based
    width: int
    height: int
    dpi: float
    rotation: int  # clockwise degrees the page was turned to read upright (informative)
    regions: tuple[Region, ...] = ()
    # What mask's check of its own output did (verify.selfcheck); None when it did not run.
    self_check: dict[str, Any] | None = field(default=None, compare=False)
    # Regions found but removed by hand (redactor review): kept so the page can show them and
    # restore them; never painted.
    removed: tuple[Region, ...] = ()
    # Seconds per stage (redactor.timing), only with ``--timings``: {"cpu": {...}, "wall": {...}}.
    timings: dict[str, dict[str, float]] | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("number", "width", "height", "dpi", "rotation")}
        d = {**d, "regions": [r.to_dict() for r in self.regions], "self_check": self.self_check}
        if self.removed:
            d["removed"] = [r.to_dict() for r in self.removed]
        if self.timings is not None:
            d["timings"] = self.timings
        return d

    @staticmethod
    def from_dict(d: dict[str, Any]) -> PagePlan:
        number = int(d["number"])
        return PagePlan(
            number=number,
            width=int(d["width"]),
            height=int(d["height"]),
            dpi=float(d["dpi"]),
            rotation=int(d.get("rotation", 0)),
            regions=tuple(Region.from_dict(r, number) for r in d.get("regions", ())),
            self_check=d.get("self_check"),
            removed=tuple(Region.from_dict(r, number) for r in d.get("removed", ())),
            timings=d.get("timings"),
        )


@dataclass(frozen=True)
class FilePlan:
    """Everything needed to mask one input again without finding anything.

    ``options`` are the MaskOptions the plan was made with (dpi and max_pixels fix the page
    rasters the polygons refer to; fill and jpeg_quality are how it is painted).
    ``identity_key`` is a hash of the identity, not the identity.
    """

    version: int
    tool: str
    # The file's name in OUT (audit, records, plans): its output's path, which is the input's
    # path with the identity replaced unless --keep-identity-names (naming.py).
    input: str
    source_path: str  # where the input was read from (absolute)
    sha256: str
    size: int
    options: dict[str, Any]
    identity_key: str
    pages: tuple[PagePlan, ...]
    exempt: bool = False
    # The input's own path relative to its input root (may name the applicant; kept only in
    # OUT/.redactor, to find the input again under --input-root). Empty in older plans, whose
    # ``input`` is that path.
    source_relative: str = ""
    # Seconds of the file's own stages (timing.FILE_STAGES: hash, open, write), only with
    # ``--timings``: {"cpu": {...}, "wall": {...}}.
    timings: dict[str, dict[str, float]] | None = field(default=None, compare=False)

    def mask_options(self) -> MaskOptions:
        o = dict(self.options)
        o["fill"] = tuple(o.get("fill", (0, 0, 0)))
        o["exempt"] = tuple(o.get("exempt", ()))
        known = MaskOptions.__dataclass_fields__
        return MaskOptions(**{k: v for k, v in o.items() if k in known})

    def without_text(self) -> FilePlan:
        """The plan with every region's text hidden (its length kept): what is kept on disk
        unless --audit-text asks for the text."""
        from redactor.audit import hidden_text

        def hide(regions: tuple[Region, ...]) -> tuple[Region, ...]:
            return tuple(dataclasses.replace(r, text=hidden_text(r.text)) for r in regions)

        pages = tuple(
            dataclasses.replace(p, regions=hide(p.regions), removed=hide(p.removed))
            for p in self.pages
        )
        return dataclasses.replace(self, pages=pages)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "pages"}
        d["options"] = json.loads(json.dumps(self.options))
        if self.timings is None:
            del d["timings"]  # said only when asked for
        return {**d, "pages": [p.to_dict() for p in self.pages]}

    @staticmethod
    def from_dict(d: dict[str, Any]) -> FilePlan:
        if d.get("version") != PLAN_VERSION:
            raise PlanError(f"plan version {d.get('version')!r} is not {PLAN_VERSION}")
        try:
            return FilePlan(
                version=PLAN_VERSION,
                tool=str(d.get("tool", "")),
                input=str(d["input"]),
                source_path=str(d.get("source_path", "")),
                sha256=str(d["sha256"]),
                size=int(d["size"]),
                options=dict(d.get("options") or {}),
                identity_key=str(d.get("identity_key", "")),
                pages=tuple(PagePlan.from_dict(p) for p in d["pages"]),
                exempt=bool(d.get("exempt", False)),
                source_relative=str(d.get("source_relative", "")),
                timings=d.get("timings"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise PlanError(f"not a valid plan: {type(exc).__name__}: {exc}") from exc

    def source(self, input_root: Path | None) -> Path:
        """The original input: under ``input_root`` at its own relative path, or (no root)
        where it was read from."""
        if input_root is None:
            return Path(self.source_path)
        return input_root / (self.source_relative or self.input)

    def save(self, path: Path) -> None:
        with atomic_output(path) as tmp:
            tmp.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), "utf-8")

    @staticmethod
    def load(path: Path) -> FilePlan:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PlanError(f"cannot read plan {path}: {exc}") from exc
        if not isinstance(data, dict):
            raise PlanError(f"{path}: not a plan")
        return FilePlan.from_dict(data)


# --- keys and hashes ---------------------------------------------------------------------------


def file_digest(path: Path) -> tuple[str, int]:
    """(sha256 hex, size in bytes) of a file, read in chunks."""
    h = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_HASH_CHUNK):
                h.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from exc
    return h.hexdigest(), size


def identity_key(identity: Identity) -> str:
    blob = json.dumps(asdict(identity), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def options_dict(options: MaskOptions) -> dict[str, Any]:
    d = json.loads(json.dumps(asdict(options)))
    if not options.timings:
        del d["timings"]  # said only when asked for
    return d


def _region_id(page: int, kind: str, polygon: tuple[Point, ...]) -> str:
    """Stable across runs that find the same thing; independent of the other regions, so
    removing one region by hand leaves the others' ids alone."""
    blob = json.dumps([page, kind, [[round(x, 1), round(y, 1)] for x, y in polygon]])
    return f"p{page}-{kind}-{hashlib.sha1(blob.encode()).hexdigest()[:8]}"


# --- finding -> plan ---------------------------------------------------------------------------


def region_of(finding: Finding, page_number: int, options: MaskOptions) -> Region:
    polygon = tuple((float(x), float(y)) for x, y in region_for(finding, options))
    return Region(
        id=_region_id(page_number, finding.kind, polygon),
        kind=finding.kind,
        source=finding.source,
        text=finding.text,
        score=float(finding.score),
        polygon=polygon,
        quad=tuple(finding.quad.points),
        outlined=bool(finding.outline) or margin_fitted(finding, options),
        evidence=dict(finding.detail),
    )


def _unique_ids(regions: list[Region]) -> tuple[Region, ...]:
    seen: dict[str, int] = {}
    out = []
    for r in regions:
        n = seen.get(r.id, 0)
        seen[r.id] = n + 1
        out.append(replace(r, id=f"{r.id}-{n}") if n else r)
    return tuple(out)


def plan_page(page: Page, identity: Identity, options: MaskOptions) -> PagePlan:
    found = find.find_on_page(page, identity, options)
    findings, check = found.findings, None
    if options.check != "off":
        from redactor.verify.selfcheck import FirstRead, missed_findings

        first = FirstRead(tuple(found.lines), tuple(findings))
        with timing.stage(timing.SELF_CHECK):
            more, check = missed_findings(page, findings, identity, options, found.rotation, first)
        findings = [*findings, *more]
    regions = [region_of(f, page.number, options) for f in findings]
    return PagePlan(
        page.number, page.width, page.height, page.dpi, found.rotation, _unique_ids(regions), check
    )


# --- plan -> pixels ----------------------------------------------------------------------------


def paint(image: np.ndarray, page: PagePlan, fill: tuple[int, int, int]) -> np.ndarray:
    """A copy of ``image`` with every region of ``page`` filled: the one painter of both
    ``mask_file`` and ``apply_plan``."""
    return apply_masks(image, [r.polygon for r in page.regions], fill)


def page_audits(plan: FilePlan, output: str | None) -> list[PageAudit]:
    """The audit rows of a plan (the same rows whether it was painted directly or applied)."""
    if plan.exempt:
        return [
            PageAudit(file=plan.input, page=p.number, exempt=True, output=output)
            for p in plan.pages
        ]
    return [page_plan_audit(plan.input, p, output) for p in plan.pages]


def page_plan_audit(file: str, page: PagePlan, output: str | None) -> PageAudit:
    regions = []
    for r in page.regions:
        quad = Quad.from_seq(r.quad) if len(r.quad) == 4 else Quad.from_bbox(r.bbox)
        outline = [[round(x, 1), round(y, 1)] for x, y in r.polygon] if r.outlined else None
        regions.append(
            RegionAudit(
                r.kind,
                r.bbox.clip(page.width, page.height).to_list(),
                quad.to_list(),
                r.text,
                r.score,
                r.source,
                outline,
                dict(r.evidence),
            )
        )
    return PageAudit(
        file=file,
        page=page.number,
        width=page.width,
        height=page.height,
        dpi=page.dpi,
        needs_masking=bool(regions),
        rotation=page.rotation,
        regions=regions,
        output=output,
        self_check=page.self_check,
    )


# --- the three entry points --------------------------------------------------------------------


def is_exempt(relative: Path, options: MaskOptions) -> bool:
    """Whether a file matches one of the ``--exempt`` globs (by relative path or by name)."""
    import fnmatch

    posix, name = relative.as_posix(), relative.name
    return any(fnmatch.fnmatch(posix, g) or fnmatch.fnmatch(name, g) for g in options.exempt)


def _new_plan(
    path: Path,
    relative: Path,
    identity: Identity,
    options: MaskOptions,
    pages: list[PagePlan],
    digest: tuple[str, int],
    exempt: bool = False,
) -> FilePlan:
    return FilePlan(
        version=PLAN_VERSION,
        tool=TOOL,
        input=relative.as_posix(),
        source_relative=relative.as_posix(),
        source_path=str(path.resolve()),
        sha256=digest[0],
        size=digest[1],
        options=options_dict(options),
        identity_key=identity_key(identity),
        pages=tuple(pages),
        exempt=exempt,
    )


def _exempt_pages(source: SourceFile) -> list[PagePlan]:
    return [PagePlan(n, 0, 0, 0.0, 0) for n in range(1, source.page_count + 1)]


def mask_file(
    path: Path,
    relative: Path,
    out_dir: Path,
    identity: Identity,
    options: MaskOptions,
    on_page: Callable[[PagePlan], None] | None = None,
    output: Path | None = None,
) -> FilePlan:
    """Find and paint in one pass: the masked copy goes to ``out_dir / output`` (``output``
    defaults to ``relative``; written only when complete); returns the plan of what was
    painted. Raises on failure."""
    timer = timing.FileTimer() if options.timings else None
    with timing.file_stage(timer, timing.HASH):
        digest = file_digest(path)
    dest = out_dir / (output or relative)
    with timing.file_stage(timer, timing.OPEN):
        source = open_source(path)
    with contextlib.closing(source):
        plan = _mask_source(source, path, relative, dest, identity, options, digest, on_page, timer)
    # Named by its output in OUT, so the audit and plans name no one the output name does not.
    plan = replace(plan, input=(output or relative).as_posix())
    return plan if timer is None else replace(plan, timings=timer.to_dict())


def _mask_source(
    source: SourceFile,
    path: Path,
    relative: Path,
    dest: Path,
    identity: Identity,
    options: MaskOptions,
    digest: tuple[str, int],
    on_page: Callable[[PagePlan], None] | None,
    file_timer: timing.FileTimer | None = None,
) -> FilePlan:
    if is_exempt(relative, options):
        # An exempt file (ID card, certificate photo) is copied unchanged; it is still opened
        # first, so a corrupt or encrypted one is reported like any other.
        with timing.file_stage(file_timer, timing.WRITE), atomic_output(dest) as tmp:
            shutil.copyfile(path, tmp)
        return _new_plan(path, relative, identity, options, _exempt_pages(source), digest, True)
    writer = PageWriter(source.fmt, source.hints, options.jpeg_quality)
    pages: list[PagePlan] = []
    for index, (page, timer) in enumerate(_timed_pages(source, relative, options)):
        with timing.recording(timer):
            page_plan = plan_page(page, identity, options)
            with timing.stage(timing.PAINT):
                masked = paint(page.image, page_plan, options.fill)
            with timing.stage(timing.ENCODE):
                writer.add(masked, page.dpi or options.dpi, index)
        del page, masked  # a long file keeps only its encoded pages, never its rasters
        engines.release_page_memory()  # nor the models' tensors sized for the last page
        pages.append(page_plan)
        if on_page:
            on_page(page_plan)
        if timer is not None:
            pages[-1] = _with_timings(page_plan, timer)
    # The file is written after its last page: a stage of the file's own.
    with timing.file_stage(file_timer, timing.WRITE):
        writer.write(dest)
    return _new_plan(path, relative, identity, options, pages, digest)


def _timed_pages(
    source: SourceFile, relative: Path, options: MaskOptions
) -> Iterator[tuple[Page, timing.PageTimer | None]]:
    """The pages, each with its own timer (``--timings``) already charged its rasterising."""
    pages = _pages(source, relative, options)
    while True:
        timer = timing.PageTimer() if options.timings else None
        with timing.recording(timer), timing.stage(timing.RASTERISE):
            page = next(pages, None)
        if page is None:
            return
        yield page, timer
        del page  # the raster goes before the next page is drawn


def _with_timings(page: PagePlan, timer: timing.PageTimer | None) -> PagePlan:
    return page if timer is None else replace(page, timings=timer.to_dict())


def plan_file(
    path: Path, identity: Identity, options: MaskOptions, relative: Path | None = None
) -> FilePlan:
    """Find only: the plan of ``path``, nothing written."""
    relative = relative or Path(path.name)
    digest = file_digest(path)
    with contextlib.closing(open_source(path)) as source:
        if is_exempt(relative, options):
            pages = _exempt_pages(source)
            return _new_plan(path, relative, identity, options, pages, digest, True)
        pages = []
        for page, timer in _timed_pages(source, relative, options):
            with timing.recording(timer):
                pages.append(_with_timings(plan_page(page, identity, options), timer))
    return _new_plan(path, relative, identity, options, pages, digest)


def apply_plan(
    path: Path, plan: FilePlan, out_path: Path, options: MaskOptions | None = None
) -> list[PageAudit]:
    """Paint ``plan`` onto the original input ``path`` and write ``out_path``; no finding.

    Refuses an input that is not the one the plan was made from (sha256), or whose pages do
    not match the plan's. The page rasters are made with the plan's own dpi and max_pixels (its
    polygons are in their pixels); ``options`` may change only fill and jpeg_quality.
    """
    digest = file_digest(path)
    if digest != (plan.sha256, plan.size):
        raise PlanError(
            f"the input has changed since the plan was made (sha256 {digest[0][:12]}…, "
            f"plan {plan.sha256[:12]}…); make a new plan"
        )
    with contextlib.closing(open_source(path)) as source:
        return _apply_to_source(source, path, plan, out_path, options)


def _apply_to_source(
    source: SourceFile, path: Path, plan: FilePlan, out_path: Path, options: MaskOptions | None
) -> list[PageAudit]:
    made_with = plan.mask_options()
    paint_with = options or made_with
    if source.page_count != len(plan.pages):
        raise PlanError(f"the plan has {len(plan.pages)} pages, the input {source.page_count}")
    if plan.exempt:
        with atomic_output(out_path) as tmp:
            shutil.copyfile(path, tmp)
        return page_audits(plan, plan.input)
    writer = PageWriter(source.fmt, source.hints, paint_with.jpeg_quality)
    for index, (page, page_plan) in enumerate(
        zip(_pages(source, Path(plan.input), made_with), plan.pages, strict=True)
    ):
        if (page.width, page.height) != (page_plan.width, page_plan.height):
            raise PlanError(
                f"page {page.number} is {page.width}x{page.height} pixels, the plan's "
                f"{page_plan.width}x{page_plan.height}"
            )
        writer.add(paint(page.image, page_plan, paint_with.fill), page.dpi or made_with.dpi, index)
    writer.write(out_path)
    return page_audits(plan, plan.input)


def _pages(source: SourceFile, relative: Path, options: MaskOptions) -> Iterator[Page]:
    return iter_pages(source, relative.as_posix(), options.dpi, options.max_pixels)
