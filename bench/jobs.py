"""Pages per second of `redactor mask` with --jobs 1, 2, ... on one corpus, and peak memory.

    python -m bench.jobs CORPUS_DIR --jobs 1 2 [--manifest CORPUS_DIR/manifest.json]

CORPUS_DIR is a `python -m samples.synth` corpus (files/<applicant>/...); every applicant's
folder is masked with its own name and unit into a fresh output folder per --jobs value, and the
outputs of every value are checked to be byte-identical. Peak memory: per worker process its
VmHWM after its last file; for --jobs 1 the one process that does everything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from redactor.api import redact_paths
from redactor.executor import make_executor
from redactor.options import Identity, MaskOptions


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".redactor" not in p.parts and not p.name.startswith("audit.")
    }


def run(corpus: Path, jobs: int, out_root: Path) -> dict:
    manifest = json.loads((corpus / "manifest.json").read_text("utf-8"))
    executor = make_executor("local", jobs)
    pages = 0
    peaks: dict[int, int] = {}
    started = time.monotonic()
    try:
        for applicant in manifest["applicants"]:
            identity = Identity(
                applicant["name"],
                applicant["unit"],
                tuple(applicant.get("aliases", ())),
                tuple(applicant.get("unit_aliases", ())),
            )
            folder = corpus / "files" / applicant["id"]
            # Count per-worker peaks from the outcomes, through a wrapper of the executor's run.
            real_run = executor.run

            def counting_run(tasks, real_run=real_run):  # noqa: ANN001, ANN202
                for outcome in real_run(tasks):
                    peaks[outcome.worker_pid] = max(
                        peaks.get(outcome.worker_pid, 0), outcome.peak_rss_kib
                    )
                    yield outcome

            executor.run = counting_run
            result = redact_paths(
                [folder], out_root / applicant["id"], identity, MaskOptions(), executor=executor
            )
            executor.run = real_run
            pages += result.summary()["pages"]
    finally:
        executor.close()
    seconds = time.monotonic() - started
    return {
        "jobs": jobs,
        "pages": pages,
        "seconds": round(seconds, 1),
        "pages_per_second": round(pages / seconds, 3),
        "peak_mib_per_worker": sorted(round(v / 1024) for v in peaks.values()),
        "load_average_after": [round(x, 1) for x in os.getloadavg()],
    }


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.jobs")
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    digests = []
    with tempfile.TemporaryDirectory(prefix="bench-jobs-") as tmp:
        for jobs in args.jobs:
            print("load average before:", [round(x, 1) for x in os.getloadavg()], flush=True)
            out = Path(tmp) / f"jobs{jobs}"
            print(json.dumps(run(args.corpus, jobs, out)), flush=True)
            digests.append(_digest(out))
    print("outputs identical across --jobs:", all(d == digests[0] for d in digests))


if __name__ == "__main__":
    main()
