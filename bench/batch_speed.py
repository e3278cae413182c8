"""Pages per second of ``redactor batch`` with --jobs 1, --jobs 2 and --engine ray (local), on one
generated multi-applicant corpus (samples/synth_batch.py), and peak memory per worker.

    python -m bench.batch_speed --applicants 6 --seed 5

Each engine masks the same corpus into its own output folder (nothing is skipped); the outputs
of every engine are checked to be pixel-identical to --jobs 1.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from redactor.batch import BatchResult, run_batch
from redactor.executor import ProcessExecutor, SerialExecutor
from redactor.manifest import load_manifest
from redactor.options import MaskOptions
from samples import synth_batch


def _pixels(path: Path) -> np.ndarray:
    if path.suffix == ".pdf":
        import pymupdf

        with pymupdf.open(path) as doc:
            return np.concatenate([np.frombuffer(p.get_pixmap().samples, np.uint8) for p in doc])
    from PIL import Image

    return np.asarray(Image.open(path))


def _engines(jobs: int) -> dict[str, object]:
    from redactor.ray_executor import RayExecutor

    return {
        "jobs 1": SerialExecutor(),
        f"jobs {jobs}": ProcessExecutor(jobs),
        f"ray local ({jobs} actors)": RayExecutor(None, jobs),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=6)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="redactor-batch-speed-"))
    applicants = synth_batch.build_batch(root, args.applicants, args.seed)
    pages = sum(a.pages for a in applicants)
    rows = synth_batch.manifest_rows(applicants, root)
    manifest = load_manifest(synth_batch.write_csv(rows, root / "m.csv"))
    print(f"{len(applicants)} applicants, {pages} pages, seed {args.seed}, {os.cpu_count()} cores")
    reference: Path | None = None
    for label, executor in _engines(args.jobs).items():
        out = root / label.replace(" ", "_")
        started = time.monotonic()
        with executor:  # type: ignore[attr-defined]
            result: BatchResult = run_batch(manifest, out, MaskOptions(), executor)  # type: ignore[arg-type]
        seconds = time.monotonic() - started
        peaks = sorted(v // 1024 for v in result.worker_peak_kib.values())
        same = "reference"
        if reference is not None:
            same = "identical" if _same(reference, out, applicants) else "DIFFERENT"
        print(
            f"{label:24s} {seconds:7.1f} s  {pages / seconds:5.2f} pages/s  "
            f"peak MiB per worker {peaks}  outputs {same}  exit {int(result.exit_code)}"
        )
        reference = reference or out


def _same(a: Path, b: Path, applicants: list) -> bool:
    return all(
        np.array_equal(_pixels(a / x.id / f), _pixels(b / x.id / f))
        for x in applicants
        for f in x.files
    )


if __name__ == "__main__":
    main()
