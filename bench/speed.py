"""`python -m bench.speed`: where a page's time goes, against a bare OCR + face pass.

    python -m bench.speed --pages 12 --seed 2026 [--digital 6] [--jobs 1 2] [--json FILE]

On the scanned (and photographed) pages of `python -m bench`'s corpus (born-digital PDFs and
exempt ID cards left out), in one process and one run:

- the bare pass: rapidocr det + rec (the same PP-OCRv6 files and settings redactor uses) over
  each whole page, and one CenterFace pass over it (at most 4 Mpx, as redactor's first pass);
- redactor (`mask_file` with every detector on, --timings) over the same pages.

Both are measured in CPU seconds of this process (threads included), which holds on a machine
shared with other work; wall seconds are printed too. Then: the per-stage table (mean CPU and
wall seconds per page, from each page's --timings), born-digital PDFs of samples/synth_pdf.py
(pages/s; files with seals and pictures, and files of text and rules only; each with its pages'
stages and the files' own: hash, open, write), the start-up of `redactor mask` in a fresh
process (an exempt file, a born-digital page), peak memory, and with --jobs the same pages
at each --jobs, every applicant's files given to the pool at once as `redactor batch` does
(CPU of this process and its workers). ``--pages 0``: the
born-digital and start-up figures only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.__main__ import ROOT, build_or_load_corpus, identity_of
from redactor import timing
from redactor.executor import peak_rss_kib
from redactor.options import Identity, MaskOptions
from redactor.plan import mask_file
from redactor.sources import iter_pages, open_source

SCANNED_FORMATS = ("png", "jpeg", "jpeg_exif", "tiff", "tiff_multi", "bmp", "webp", "pdf_scan")


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Clock:
    """CPU and wall seconds between start and stop."""

    def __enter__(self) -> Clock:
        self.cpu0, self.wall0 = _cpu(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cpu = _cpu() - self.cpu0
        self.wall = time.perf_counter() - self.wall0


def scanned_files(corpus: dict, limit: int) -> list[tuple[Path, Path, Identity]]:
    root = Path(corpus["root"])
    applicants = {a["id"]: a for a in corpus["applicants"]}
    out, pages = [], 0
    for entry in corpus["files"]:
        if entry.get("exempt") or entry.get("variant") not in SCANNED_FORMATS:
            continue
        rel = Path(entry["path"])
        out.append((root / rel, rel, identity_of(applicants[entry["applicant"]])))
        pages += len(entry["pages"])
        if pages >= limit:
            break
    return out


def warm_up() -> None:
    """Load both models before anything is timed (each side would otherwise pay for it)."""
    from redactor.detect.faces import CenterFace
    from redactor.detect.text import OcrEngine

    page = np.full((200, 400, 3), 255, np.uint8)
    OcrEngine.get()(page, use_det=True, use_cls=False, use_rec=True)
    CenterFace.session()


def bare_pass(files: list[tuple[Path, Path, Identity]], dpi: int) -> tuple[int, Clock]:
    """rapidocr det + rec over each whole page and one CenterFace pass: what any OCR + face tool
    does at the least."""
    from redactor.detect.faces import FIRST_PASS_PIXELS, SCORE_THRESHOLD, _detect_once
    from redactor.detect.text import OcrEngine

    engine = OcrEngine.get()
    pages = 0
    with Clock() as clock:
        for path, rel, _ in files:
            for page in iter_pages(open_source(path), rel.as_posix(), dpi, 120_000_000):
                bgr = np.ascontiguousarray(page.image[:, :, ::-1])
                engine(bgr, use_det=True, use_cls=False, use_rec=True, return_word_box=False)
                h, w = page.image.shape[:2]
                scale = min(1.0, (FIRST_PASS_PIXELS / (h * w)) ** 0.5)
                image = page.image
                if scale < 1:
                    import cv2

                    image = cv2.resize(image, (int(w * scale), int(h * scale)))
                _detect_once(image.astype(np.float32), SCORE_THRESHOLD)
                pages += 1
    return pages, clock


def redactor_pass(
    files: list[tuple[Path, Path, Identity]], options: MaskOptions, out: Path
) -> tuple[list[dict], Clock]:
    """mask_file over the same files, --timings on; the per-page timings of every page."""
    timings = []
    with Clock() as clock:
        for path, rel, identity in files:
            plan = mask_file(path, rel, out, identity, options)
            timings += [p.timings for p in plan.pages if p.timings]
    return timings, clock


def stage_table(timings: list[dict]) -> list[tuple[str, float, float]]:
    """(stage, mean CPU s/page, mean wall s/page), in pipeline order, stages never used left out."""
    n = max(1, len(timings))
    rows = []
    for name in (*timing.STAGES, timing.OTHER):
        cpu = sum(t["cpu"].get(name, 0.0) for t in timings) / n
        wall = sum(t["wall"].get(name, 0.0) for t in timings) / n
        if cpu or wall:
            rows.append((name, cpu, wall))
    return rows


# Page kinds of samples.synth with text and table rules only (no picture, no seal): a
# born-digital PDF of these is the "text only" case, which needs no model at all.
TEXT_ONLY_KINDS = ("plain", "paper")
TEXT_ONLY_PAGES = 3  # pages a text-only file


def digital_files(n_files: int, seed: int, out: Path) -> dict[str, list[tuple[Path, Identity]]]:
    """Born-digital Word/WPS-style PDFs (samples/synth_pdf.py): ``n_files`` with seals (placed
    images or vector drawings) and pictures, and ``n_files`` of text and rules only."""
    from samples import synth_pdf
    from samples.synth import IDENTITIES

    folder = out / f"digital-s{seed}-f{n_files}"
    manifest = json.loads(synth_pdf.build_pdf_corpus(folder, n_files, seed).read_text("utf-8"))
    sealed = [
        (folder / e["file"], Identity(e["identity"]["name"], e["identity"]["unit"]))
        for e in manifest["files"]
    ]
    text_only = []
    rng = np.random.default_rng(seed)
    for n in range(n_files):
        who = IDENTITIES[int(rng.integers(len(IDENTITIES)))]
        kinds = tuple(TEXT_ONLY_KINDS[(n + i) % 2] for i in range(TEXT_ONLY_PAGES))
        path = folder / f"text_{seed}_{n:03d}.pdf"
        synth_pdf.make_word_pdf(synth_pdf.WordPdfSpec(who, kinds, seed=seed * 1000 + n), path)
        text_only.append((path, Identity(who.name, who.unit)))
    return {"with seals and pictures": sealed, "text and rules only": text_only}


def digital_pass(files: list[tuple[Path, Identity]], options: MaskOptions, out: Path) -> dict:
    """mask_file over born-digital PDFs: pages per CPU second, the pages' stages and the
    files' own stages (hash, open, write), each summed over the run."""
    pages, timings, file_timings = 0, [], []
    with Clock() as clock:
        for path, identity in files:
            rel = Path(path.name)
            plan = mask_file(path, rel, out / "digital-out", identity, options)
            pages += len(plan.pages)
            timings += [p.timings for p in plan.pages if p.timings]
            file_timings += [plan.timings] if plan.timings else []
    n = max(1, len(timings))
    return {
        "files": len(files),
        "pages": pages,
        "cpu": clock.cpu,
        "wall": clock.wall,
        # stage_table gives means per page: back to totals, so both tables add up to the run
        "stages": [(s, c * n, w * n) for s, c, w in stage_table(timings)],
        "file_stages": [
            (s, sum(t["cpu"].get(s, 0.0) for t in file_timings)) for s in timing.FILE_STAGES
        ],
    }


def digital_report(label: str, d: dict) -> list[str]:
    """One born-digital group: pages/s, then every stage's CPU s per page, the files' own
    stages and what no stage holds (the loop, plan building) so the rows add up."""
    n = max(1, d["pages"])
    lines = [
        "",
        f"Born-digital PDFs, {label}: {d['files']} files, {d['pages']} pages, "
        f"{d['pages'] / d['cpu']:.2f} pages per CPU s ({d['pages'] / d['wall']:.2f} per wall s)",
        "",
        "| stage | CPU s/page | share |",
        "|---|---|---|",
    ]
    rows = [(s, c) for s, c, _ in d["stages"]]
    rows += [(f"file: {s}", c) for s, c in d["file_stages"]]
    rows.append(("outside every stage", d["cpu"] - sum(c for _, c in rows)))
    lines += [f"| {s} | {c / n:.4f} | {100 * c / d['cpu']:.0f}% |" for s, c in rows]
    return lines


def startup(out: Path) -> dict:
    """`redactor mask` in a fresh process: --help, one exempt file, one born-digital page with
    no image on it (wall and CPU seconds of the whole process)."""
    from tests.conftest import pymupdf_document

    inputs = out / "startup-in"
    inputs.mkdir(parents=True, exist_ok=True)
    doc = pymupdf_document(["王伟 博尔塔拉蒙古自治州人民医院"])
    doc.save(inputs / "digital.pdf")
    doc.close()
    (inputs / "id_card.png").write_bytes((ROOT / "samples/demo/demo_身份证.jpg").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "REDACTOR_JOBS": "1"}
    base = [sys.executable, "-m", "redactor.cli"]
    ident = ["--name", "王伟", "--unit", "博尔塔拉蒙古自治州人民医院", "-q", "--force"]
    runs = {
        "--help": [*base, "--help"],
        "mask, one exempt file": [
            *base,
            "mask",
            str(inputs / "id_card.png"),
            *ident,
            "--exempt",
            "*",
            "-o",
            str(out / "startup-out1"),
        ],  # fmt: skip
        "mask, one born-digital page": [
            *base,
            "mask",
            str(inputs / "digital.pdf"),
            *ident,
            "-o",
            str(out / "startup-out2"),
        ],  # fmt: skip
    }
    result = {}
    for label, cmd in runs.items():
        with Clock() as clock:
            subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        result[label] = {"cpu": clock.cpu, "wall": clock.wall}
    return result


def jobs_pass(files: list[tuple[Path, Path, Identity]], options: MaskOptions, jobs: int) -> dict:
    """The same scanned files with ``jobs`` workers, every applicant's files handed to the pool
    at once, as ``redactor batch`` does (one output folder an applicant; the pool started once).
    One applicant at a time would leave workers waiting at each applicant's last file."""
    from redactor import api
    from redactor.executor import make_executor

    out = Path(tempfile.mkdtemp(prefix=f"bench-speed-jobs{jobs}-"))
    by_identity: dict[Identity, list[Path]] = {}
    for path, _, identity in files:
        by_identity.setdefault(identity, []).append(path)
    peaks: dict[int, int] = {}

    def on_outcome(_session: api.Session, outcome: api.FileOutcome) -> None:
        peaks[outcome.worker_pid] = max(peaks.get(outcome.worker_pid, 0), outcome.peak_rss_kib)

    executor = make_executor("local", jobs)
    plain = replace(options, timings=False)
    with Clock() as clock:
        sessions = [
            api.Session.open(paths, out / str(i), identity, plain, force=True)
            for i, (identity, paths) in enumerate(by_identity.items())
        ]
        try:
            api.run_sessions(sessions, executor, on_outcome)
        finally:
            executor.close()
        pages = sum(session.finish().summary()["pages"] for session in sessions)
    peak = sorted(round(v / 1024) for v in peaks.values())
    return {"jobs": jobs, "pages": pages, "cpu": clock.cpu, "wall": clock.wall, "peak_mib": peak}


def scanned_report(r: dict) -> list[str]:
    """The scanned pages: against the bare pass, and the per-stage table."""
    bare, ours = r["bare"], r["redactor"]
    n = r["pages"]
    lines = [
        f"Scanned pages: {n} (seed {r['seed']}, {r['dpi']} dpi); load average "
        f"{r['load_before']} before, {r['load_after']} after",
        "",
        "| pass | CPU s/page | wall s/page | pages per CPU s | speed vs bare (CPU) |",
        "|---|---|---|---|---|",
        f"| bare rapidocr det+rec + CenterFace | {bare['cpu'] / n:.2f} | {bare['wall'] / n:.2f} "
        f"| {n / bare['cpu']:.3f} | 1.00x |",
        f"| redactor, every detector on | {ours['cpu'] / n:.2f} | {ours['wall'] / n:.2f} "
        f"| {n / ours['cpu']:.3f} | {bare['cpu'] / ours['cpu']:.2f}x |",
        "",
        "Per stage (mean per page; exclusive: a stage's time excludes the stages it calls):",
        "",
        "| stage | CPU s | share | wall s |",
        "|---|---|---|---|",
    ]
    total = sum(c for _, c, _ in r["stages"]) or 1.0
    lines += [f"| {s} | {c:.3f} | {100 * c / total:.0f}% | {w:.3f} |" for s, c, w in r["stages"]]
    return lines


def report(r: dict) -> str:
    lines = scanned_report(r) if r["pages"] else []
    for label, d in r.get("digital", {}).items():
        lines += digital_report(label, d)
    if "startup" in r:
        lines += ["", "Start-up, fresh process (whole command):"]
        lines += [
            f"  {k}: {v['wall']:.2f} s wall, {v['cpu']:.2f} s CPU" for k, v in r["startup"].items()
        ]
    lines += ["", f"Peak memory of this process (models, pages, corpora): {r['peak_mib']} MiB"]
    for j in r.get("jobs", []):
        lines.append(
            f"--jobs {j['jobs']}: {j['pages']} pages, {j['pages'] / j['wall']:.3f} pages/s wall, "
            f"{j['cpu'] / j['pages']:.2f} CPU s/page, peak MiB per worker {j['peak_mib']}"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__)
    ap.add_argument("--pages", type=int, default=12)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument(
        "--digital", type=int, default=6,
        help="born-digital PDF files of each kind, with seals and text-only (0: none)",
    )  # fmt: skip
    ap.add_argument("--jobs", type=int, nargs="*", default=[], help="also run at these --jobs")
    ap.add_argument("--no-startup", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "bench-out")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    options = MaskOptions(dpi=args.dpi, timings=True)
    files = []
    if args.pages:  # --pages 0: the born-digital and start-up figures only
        corpus = build_or_load_corpus(args.out, max(args.pages * 2, 20), args.seed)
        files = scanned_files(corpus, args.pages)
    work = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    load_before = [round(x, 1) for x in os.getloadavg()]
    warm_up()
    r: dict = {"seed": args.seed, "dpi": args.dpi, "pages": 0, "load_before": load_before}
    if files:
        pages, bare = bare_pass(files, args.dpi)
        timings, ours = redactor_pass(files, options, work / "masked")
        r |= {
            "pages": pages,
            "bare": {"cpu": bare.cpu, "wall": bare.wall},
            "redactor": {"cpu": ours.cpu, "wall": ours.wall},
            "stages": stage_table(timings),
        }
    if args.digital:
        groups = digital_files(args.digital, args.seed, work)
        r["digital"] = {k: digital_pass(v, options, work) for k, v in groups.items()}
    if not args.no_startup:
        r["startup"] = startup(work)
    r["jobs"] = [jobs_pass(files, options, j) for j in args.jobs]
    r["peak_mib"] = round(peak_rss_kib() / 1024)
    r["load_after"] = [round(x, 1) for x in os.getloadavg()]
    print(report(r))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(r, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
