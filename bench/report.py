"""`python -m bench.report`: what the HTML report costs next to the masking it reports on.

Masks a generated corpus (samples.synth.build_corpus: every page kind and format) in this
process (--jobs 1, so CPU time is this process's), then builds the report twice: cold (every
thumbnail rendered) and warm (thumbnails reused, as after `redactor review` saves a file).
Figures are CPU seconds of this process (time.process_time): wall time is noisy on a shared
machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from redactor.api import redact_paths
from redactor.options import Identity, MaskOptions
from redactor.report import report_dir, write_report


def run(pages: int, seed: int, work: Path) -> dict[str, float]:
    from samples import synth

    corpus = work / f"corpus-s{seed}"
    manifest = json.loads(synth.build_corpus(corpus, pages, seed).read_text(encoding="utf-8"))
    applicant = manifest["applicants"][0]
    identity = Identity(
        applicant["name"], applicant["unit"], unit_aliases=tuple(applicant["unit_aliases"])
    )
    folder = corpus / "files" / applicant["id"]
    out = work / f"out-s{seed}"
    started = time.process_time()
    result = redact_paths([folder], out, identity, MaskOptions(), jobs=1)
    mask_cpu = time.process_time() - started
    n = result.summary()["pages"]
    started = time.process_time()
    write_report(out)
    cold = time.process_time() - started
    started = time.process_time()
    write_report(out)
    warm = time.process_time() - started
    thumbs = list((report_dir(out) / "thumbs").iterdir())
    return {
        "seed": seed,
        "pages": n,
        "mask_cpu_s_per_page": round(mask_cpu / n, 3),
        "report_cold_cpu_s_per_page": round(cold / n, 3),
        "report_warm_cpu_s_per_page": round(warm / n, 3),
        "report_share_of_mask": round(cold / mask_cpu, 4),
        "thumb_kib_per_page": round(sum(p.stat().st_size for p in thumbs) / 1024 / n, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--seed", type=int, action="append")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        for seed in args.seed or [3, 4]:
            print(json.dumps(run(args.pages, seed, work)), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
