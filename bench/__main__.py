"""`python -m bench`: recall, over-masking, page decisions, leaks and speed, against a naive
baseline, on a fixed-seed generated corpus (and on ../shared/realdata when it is there)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

from bench.score import TARGET_KINDS, Tally, score_page
from redactor.api import is_exempt, redact_file
from redactor.detect import text as text_mod
from redactor.mask import region_for
from redactor.options import Identity, MaskOptions
from redactor.sources import iter_pages, open_source
from redactor.types import Finding, PageAudit, Quad, TextLine

ROOT = Path(__file__).resolve().parent.parent


def build_or_load_corpus(out: Path, pages: int, seed: int) -> dict:
    from samples import synth

    # The generator's version is in the name: a changed generator never reuses an old corpus.
    corpus = out / f"corpus-v{synth.CORPUS_VERSION}-s{seed}-p{pages}"
    manifest = corpus / "manifest.json"
    if not manifest.exists():
        faces = ROOT.parent / "shared" / "realdata" / "faces"
        synth.build_corpus(corpus, pages, seed, faces if faces.is_dir() else None)
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["root"] = str(corpus)
    return data


def identity_of(applicant: dict) -> Identity:
    return Identity(
        name=applicant["name"],
        unit=applicant["unit"],
        aliases=tuple(applicant.get("aliases", ())),
        unit_aliases=tuple(applicant.get("unit_aliases", ())),
    )


def masked_quads(regions: list[dict], options: MaskOptions) -> list[list[list[float]]]:
    """The polygons actually filled for audited regions (the audit records them before margin)."""
    out = []
    for r in regions:
        outline = tuple(tuple(p) for p in (r.get("outline") or ()))
        f = Finding(
            r["kind"], Quad.from_seq(r["quad"]), r["score"], r["source"], r["text"], outline
        )
        out.append([list(p) for p in region_for(f, options)])
    return out


class UprightPassRecorder:
    """Records redactor's first, upright OCR pass of each page for the naive baseline.

    The baseline is "OCR each line upright, exact substring, mask the whole line". Its OCR is
    exactly that pass (same engine, same settings, timed as it runs), so the benchmark does not
    OCR every page twice and the two are compared on identical recognition.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[int, ...], list[TextLine], float]] = []
        self._original = text_mod._ocr_upright

    def __enter__(self) -> UprightPassRecorder:
        def recording(image: np.ndarray, *args: object, **kwargs: object) -> list[TextLine]:
            t0 = time.perf_counter()
            lines = self._original(image, *args, **kwargs)
            self.calls.append((image.shape, lines, time.perf_counter() - t0))
            return lines

        text_mod._ocr_upright = recording
        return self

    def __exit__(self, *exc: object) -> None:
        text_mod._ocr_upright = self._original

    def take_page(self, shape: tuple[int, ...]) -> tuple[list[TextLine], float] | None:
        """The upright pass over a whole page of ``shape`` recorded since the last take."""
        found = next(((lines, s) for sh, lines, s in self.calls if sh[:2] == shape[:2]), None)
        self.calls.clear()
        return found


def baseline_masks(lines: list[TextLine], identity: Identity) -> list[list[list[float]]]:
    """The naive matcher: a line whose text contains the name or unit is masked whole."""
    return [
        [list(p) for p in line.quad.points]
        for line in lines
        if identity.name in line.text or identity.unit in line.text
    ]


# TIFF tags that only describe the pixels (size, strips, compression, resolution); anything else
# (description, artist, software, dates, EXIF/GPS/XMP/IPTC blocks) would be a leak.
_STRUCTURAL_TIFF_TAGS = {
    254,
    256,
    257,
    258,
    259,
    262,
    273,
    277,
    278,
    279,
    282,
    283,
    284,
    296,
    317,
    338,
    339,
}


def check_leaks(path: Path, fmt: str) -> list[str]:
    leaks = []
    if fmt == "pdf":
        doc = pymupdf.open(path)
        if any(doc.get_page_text(i).strip() for i in range(doc.page_count)):
            leaks.append("text layer")
        meta = {k: v for k, v in doc.metadata.items() if v and k not in ("format", "encryption")}
        if meta or doc.get_xml_metadata():
            leaks.append("metadata")
        if doc.embfile_count() or any(list(p.annots()) for p in doc):
            leaks.append("attachments/annotations")
        doc.close()
    else:
        with Image.open(path) as im:
            tags = set(im.getexif()) - _STRUCTURAL_TIFF_TAGS
            if tags or any(k in im.info for k in ("exif", "comment", "xmp", "XML:com.adobe.xmp")):
                leaks.append(f"EXIF/metadata {sorted(tags)}")
    return leaks


@dataclass
class FileRun:
    audits: list[PageAudit]
    seconds: float
    naive: dict[int, tuple[list[list[list[float]]], float]]  # page -> (masks, seconds)


def bench_file(
    path: Path, rel: Path, out: Path, identity: Identity, options: MaskOptions
) -> FileRun:
    """Mask one file with redactor, and with the naive baseline on the same upright OCR."""
    naive: dict[int, tuple[list[list[list[float]]], float]] = {}
    with UprightPassRecorder() as recorder:

        def on_page(audit: PageAudit) -> None:
            upright = recorder.take_page((audit.height, audit.width))
            if upright is not None:
                naive[audit.page] = (baseline_masks(upright[0], identity), upright[1])

        t0 = time.perf_counter()
        audits = redact_file(path, rel, out, identity, options, on_page)
        seconds = time.perf_counter() - t0
    # Text-layer pages got no whole-page OCR from redactor: the baseline reads them itself.
    missing = {a.page for a in audits} - set(naive)
    if missing:
        for page in iter_pages(open_source(path), str(rel), options.dpi, options.max_pixels):
            if page.number in missing:
                t0 = time.perf_counter()
                lines = text_mod._ocr_upright(page.image)
                naive[page.number] = (baseline_masks(lines, identity), time.perf_counter() - t0)
    return FileRun(audits, seconds, naive)


def run_synthetic(corpus: dict, out: Path, options: MaskOptions) -> dict:
    root = Path(corpus["root"])
    applicants = {a["id"]: a for a in corpus["applicants"]}
    ours, naive = Tally(), Tally()
    ours_seconds = naive_seconds = 0.0
    leaks: list[str] = []
    masked_out = out / "masked"
    for entry in corpus["files"]:
        identity = identity_of(applicants[entry["applicant"]])
        rel = Path(entry["path"])
        truths = {p["page"]: {**p, "exempt": entry.get("exempt", False)} for p in entry["pages"]}
        run = bench_file(root / rel, rel, masked_out, identity, options)
        ours_seconds += run.seconds
        fmt = open_source(root / rel).fmt
        if not entry.get("exempt", False):
            # exempt files (ID card, one-inch photo) are copied unchanged by design, EXIF and all
            leaks += [f"{rel}: {leak}" for leak in check_leaks(masked_out / rel, fmt)]
        # exempt files are copied without being read: their rows carry no page size
        sizes = (
            {
                pg.number: (pg.image.shape[1], pg.image.shape[0])
                for pg in iter_pages(
                    open_source(root / rel), str(rel), options.dpi, options.max_pixels
                )
            }
            if any(not a.width for a in run.audits)
            else {}
        )
        for audit in run.audits:
            truth = truths[audit.page]
            width, height = sizes.get(audit.page, (audit.width, audit.height))
            regions = [r.__dict__ for r in audit.regions]
            where = {
                "file": str(rel),
                "page": audit.page,
                "page_kind": truth.get("kind"),
                "degradation": truth.get("degradation", []),
            }
            masks = masked_quads(regions, options)
            needs = audit.needs_masking
            width, height = audit.width, audit.height
            if is_exempt(rel, options):
                # Copied unmasked, and never opened as pages: the audit has no page size.
                masks, needs = [], False
                width, height = (int(v) for v in truth["size"])
            score_page(ours, truth, width, height, masks, needs, where)
            if audit.page not in run.naive:
                continue  # an exempt page: the baseline never saw it either
            polys, seconds = run.naive[audit.page]
            naive_seconds += seconds
            score_page(naive, truth, width, height, polys, bool(polys))
    return {
        "ours": ours,
        "naive": naive,
        "ours_seconds": ours_seconds,
        "naive_seconds": naive_seconds,
        "leaks": leaks,
    }


def verify_outputs(corpus: dict, out: Path, options: MaskOptions) -> dict:
    """``redactor verify`` over mask's own outputs (OUT/masked), each file with its applicant's
    identity; exempt files (ID cards) are not judged. Every page should pass: a failure is a
    leak of the mask run or a false fail of verify."""
    from redactor.verify.run import verify_file

    applicants = {a["id"]: a for a in corpus["applicants"]}
    masked_out = out / "masked"
    judged = passed = 0
    failed: list[dict] = []
    t0 = time.perf_counter()
    for entry in corpus["files"]:
        rel = Path(entry["path"])
        if entry.get("exempt", False) or is_exempt(rel, options):
            continue
        identity = identity_of(applicants[entry["applicant"]])
        for verdict in verify_file(masked_out / rel, rel, identity, options):
            judged += 1
            passed += verdict.ok
            if not verdict.ok:
                reasons = [
                    {"code": r.code, "kind": r.kind, "box": r.box, "seen": r.seen}
                    for r in verdict.reasons
                    if r.severity == "fail"
                ]
                failed.append({"file": str(rel), "page": verdict.page, "reasons": reasons})
                print(f"verify: {rel} p{verdict.page} fails: {reasons}", flush=True)
    return {
        "pages": judged,
        "passed": passed,
        "failed": failed,
        "seconds": round(time.perf_counter() - t0, 1),
    }


def run_realdata(realdata: Path, options: MaskOptions) -> list[dict]:
    """Hand-checked expectations for the real images (bench/realdata_truth.json)."""
    from redactor.api import find_on_page
    from redactor.types import Page

    truth = json.loads((Path(__file__).parent / "realdata_truth.json").read_text(encoding="utf-8"))
    rows = []
    for case in truth["cases"]:
        path = realdata / case["file"]
        if not path.exists():
            continue
        with Image.open(path) as im:
            from PIL import ImageOps

            image = np.asarray(ImageOps.exif_transpose(im).convert("RGB")).copy()
        identity = Identity(name=case.get("name", "无此人"), unit=case.get("unit", "无此单位名称"))
        found = find_on_page(Page(path.name, 1, image, 0.0), identity, options).findings
        got = {k: sum(1 for f in found if f.kind == k) for k in TARGET_KINDS}
        rows.append({"file": case["file"], "expected": case["expect"], "got": got})
    return rows


def fmt_pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def report(result: dict, real: list[dict], pages: int, peak_mb: float) -> str:
    ours, naive = result["ours"], result["naive"]
    rows: list[tuple[str, str, str]] = []
    for kind in TARGET_KINDS:
        label = f"recall {kind} (n={ours.targets[kind]})"
        rows.append((label, fmt_pct(ours.recall(kind)), fmt_pct(naive.recall(kind))))
    rows.append(
        (
            "over-masking: mean % of page masked outside targets",
            f"{np.mean(ours.over_mask_pct):.3f}%",
            f"{np.mean(naive.over_mask_pct):.3f}%",
        )
    )
    rows.append(
        (
            f"distractors masked (of {ours.distractors})",
            str(ours.distractors_masked),
            str(naive.distractors_masked),
        )
    )
    rows.append(
        (
            "page decision accuracy (needs_masking)",
            fmt_pct(ours.decisions_right / max(1, ours.pages)),
            fmt_pct(naive.decisions_right / max(1, naive.pages)),
        )
    )
    rows.append(("leaks (text layer, metadata, EXIF)", str(len(result["leaks"])), "n/a"))
    ours_s, naive_s = result["ours_seconds"], max(result["naive_seconds"], 1e-9)
    rows.append(("pages per second", f"{ours.pages / ours_s:.3f}", f"{naive.pages / naive_s:.3f}"))
    rows.append(("time relative to the baseline", f"{ours_s / naive_s:.2f}x", "1.00x"))
    rows.append(("peak memory (whole benchmark process)", f"{peak_mb:.0f} MB", ""))
    lines = [f"Synthetic corpus: {pages} pages", "", "| metric | redactor | naive baseline |"]
    lines.append("|---|---|---|")
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines += ["", "By page kind:", "", "| page kind | targets found | distractors masked |"]
    lines.append("|---|---|---|")
    for kind, (n, found, others, touched) in sorted(ours.by_page_kind.items()):
        lines.append(f"| {kind} | {found}/{n} | {touched} of {others} |")
    if real:
        lines += ["", "Real images (../shared/realdata):", "", "| file | expected | found |"]
        lines.append("|---|---|---|")
        for r in real:
            exp = ", ".join(f"{k} {v}" for k, v in r["expected"].items())
            got = ", ".join(f"{k} {r['got'].get(k, 0)}" for k in r["expected"])
            lines.append(f"| {r['file']} | {exp} | {got} |")
    lines += [f"LEAK: {leak}" for leak in result["leaks"]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--realdata", type=Path, default=ROOT.parent / "shared" / "realdata")
    parser.add_argument(
        "--verify-outputs",
        action="store_true",
        help="then run `redactor verify` over mask's outputs (OUT/masked): pages failed, why",
    )
    parser.add_argument(
        "--verify-only",
        action="store_true",
        help="verify the outputs of an earlier run in OUT/masked, without masking again",
    )
    args = parser.parse_args()
    # The corpus names its ID cards *_idcard.*; users pass --exempt for theirs the same way.
    options = MaskOptions(dpi=args.dpi, exempt=("*_idcard.*",))
    started = time.perf_counter()
    corpus = build_or_load_corpus(args.out, args.pages, args.seed)
    if args.verify_only:
        return _report_verify(verify_outputs(corpus, args.out, options), args.out)
    pages = sum(len(f["pages"]) for f in corpus["files"])
    result = run_synthetic(corpus, args.out, options)
    real = run_realdata(args.realdata, options) if args.realdata.is_dir() else []
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = report(result, real, pages, peak_mb)
    machine = f"{platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    total = time.perf_counter() - started
    text += f"\n\nMachine: {machine}; seed {args.seed}; PDF dpi {args.dpi}; total {total:.0f} s"
    print(text)
    (args.out / "results.md").write_text(text + "\n", encoding="utf-8")
    misses = {"ours": result["ours"].misses, "ours_false_alarms": result["ours"].false_alarms}
    (args.out / "misses.json").write_text(
        json.dumps(misses, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    if args.verify_outputs:
        return _report_verify(verify_outputs(corpus, args.out, options), args.out)
    return 0


def _report_verify(result: dict, out: Path) -> int:
    print(
        f"verify over mask's outputs: {result['passed']}/{result['pages']} pages passed, "
        f"{len(result['failed'])} failed ({result['seconds']} s)"
    )
    (out / "verify_outputs.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
